"""The mailbox password: from an environment variable or the OS keyring, never from the
workbook. It is handed to smtplib's login and to nothing else (no log, no message, no file)."""

from __future__ import annotations

import os

from ..errors import KaoheError

ENV_VAR = "KAOHE_SMTP_PASSWORD"
KEYRING_SERVICE = "kaohe_excel"


def smtp_password(user: str) -> str:
    password = os.environ.get(ENV_VAR, "")
    if password:
        return password
    password = _from_keyring(user)
    if password:
        return password
    raise KaoheError(f"没有邮箱密码：请设置环境变量 {ENV_VAR}，或运行 keyring set {KEYRING_SERVICE} {user} "
                     "把密码存入系统钥匙串（密码不写在考核工作簿里）")


def _from_keyring(user: str) -> str:
    try:
        import keyring  # optional: pip install keyring (Windows Credential Manager, macOS Keychain)
    except ImportError:
        return ""
    try:
        return keyring.get_password(KEYRING_SERVICE, user) or ""
    except Exception:  # keyring.errors.KeyringError, a missing backend: simply not there
        return ""
