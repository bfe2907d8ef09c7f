"""Backends that deliver a Message, as Django's mail backends do: SMTP for real mail, files
for --dry-run (the .eml outbox), a list for unit tests. A backend knows nothing of the send
log; it reports what happened to each message and the run records it.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from ..core.settings import MAIL_PLAIN, MAIL_SSL, MAIL_STARTTLS
from ..errors import KaoheError
from ..files.filenames import safe_stem
from ..files.saving import replace_through_temp
from .message import Message

SENT, FAILED, UNCERTAIN = "sent", "failed", "uncertain"


class Outcome(NamedTuple):
    status: str  # SENT / FAILED (not delivered) / UNCERTAIN (the server may have it: 待确认)
    refused: dict[str, str]  # recipients the server refused: address -> its reply
    error: str = ""  # why, in Chinese, for FAILED and UNCERTAIN


class MailStop(KaoheError):
    """Nothing more can be sent in this run (no connection, login refused). Its message is
    one Chinese line and never holds the password."""


class Backend(Protocol):
    def send(self, message: Message) -> Outcome: ...

    def close(self) -> None: ...


@dataclass
class FileBackend:
    """Writes each message as an .eml file a mail client opens (--dry-run)."""

    folder: Path
    written: list[Path] = field(default_factory=list)

    def send(self, message: Message) -> Outcome:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = message.label or (message.to[0] if message.to else "mail")
        stem = f"{len(self.written) + 1:03d}_{safe_stem(name, 'mail')}"
        path = self.folder / f"{stem}.eml"
        data = message.as_bytes()
        replace_through_temp(path, lambda tmp: tmp.write_bytes(data))
        self.written.append(path)
        return Outcome(SENT, {})

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str  # settings.MAIL_SSL / MAIL_STARTTLS / MAIL_PLAIN
    user: str
    password: str = field(repr=False)
    context: ssl.SSLContext | None = None  # None: the system's trusted certificates
    timeout: float = 30


class _Watched:
    """Remembers whether the DATA command was reached, so that a connection that breaks
    after it is told apart from one that breaks before (only the latter is surely unsent)."""

    in_data = False

    def data(self, msg: Any) -> tuple[int, bytes]:
        self.in_data = True
        return super().data(msg)  # type: ignore[misc]


class _SMTP(_Watched, smtplib.SMTP):
    pass


class _SMTPSSL(_Watched, smtplib.SMTP_SSL):
    pass


class SmtpBackend:
    """One connection for all messages; reconnects once when a server closed it between
    messages."""

    def __init__(self, config: SmtpConfig):
        self.config = config
        self.conn: _SMTP | _SMTPSSL | None = None

    def _where(self) -> str:
        return f"{self.config.host}:{self.config.port}"

    def open(self) -> None:
        c = self.config
        context = c.context or ssl.create_default_context()
        conn: _SMTP | _SMTPSSL | None = None
        try:
            if c.security == MAIL_SSL:
                conn = _SMTPSSL(c.host, c.port, timeout=c.timeout, context=context)
            else:
                conn = _SMTP(c.host, c.port, timeout=c.timeout)
            conn.ehlo()
            if c.security == MAIL_STARTTLS:
                if not conn.has_extn("starttls"):
                    raise MailStop(f"邮件服务器 {self._where()} 不支持 STARTTLS；"
                                   "请在设置中改用 SSL（一般为465端口）")
                conn.starttls(context=context)
                conn.ehlo()
            if c.security != MAIL_PLAIN and c.user:
                if not (c.user.isascii() and c.password.isascii()):
                    # smtplib sends AUTH as ASCII; mail services issue ASCII passwords and
                    # 授权码 for this, so a Chinese character here is a typing mistake
                    raise MailStop("邮箱用户名或密码含中文等非英文字符，无法登录邮件服务器；"
                                   "请检查（QQ、163、腾讯企业邮箱请用客户端专用密码或授权码）")
                conn.login(c.user, c.password)
        except MailStop:
            _close_quietly(conn)
            raise
        except smtplib.SMTPAuthenticationError as exc:
            _close_quietly(conn)
            raise MailStop(f"邮箱登录失败：服务器拒绝了用户名 {c.user} 和密码（{exc.smtp_code}）；"
                           "请检查设置中的邮件用户名和环境变量 KAOHE_SMTP_PASSWORD 或钥匙串中的密码，"
                           "没有邮件被发送") from None
        except ssl.SSLCertVerificationError as exc:
            _close_quietly(conn)
            raise MailStop(f"邮件服务器 {self._where()} 的证书未通过验证（{exc.verify_message}）；"
                           "服务器使用单位自签证书的，请在设置“邮件服务器证书”中填写证书文件") from None
        except (ssl.SSLError, smtplib.SMTPException, OSError) as exc:
            _close_quietly(conn)
            raise MailStop(f"无法连接邮件服务器 {self._where()}（{_why(exc)}）；"
                           "请检查设置中的邮件服务器、端口和加密方式") from None
        self.conn = conn

    def send(self, message: Message) -> Outcome:
        if self.conn is None:
            self.open()
        conn = self.conn
        assert conn is not None
        conn.in_data = False
        try:
            refused = conn.sendmail(message.sender, message.recipients, message.as_bytes())
        except smtplib.SMTPRecipientsRefused as exc:
            return Outcome(FAILED, _replies(exc.recipients), "服务器拒收全部收件人")
        except smtplib.SMTPResponseException as exc:  # a clear refusal: the message is not there
            if exc.smtp_code == 421:  # the server is closing the connection
                self._drop()
            return Outcome(FAILED, {}, f"服务器拒绝（{exc.smtp_code} {_text(exc.smtp_error)}）")
        except (smtplib.SMTPException, OSError) as exc:
            in_data = conn.in_data
            self._drop()
            if in_data:
                return Outcome(UNCERTAIN, {}, f"传送邮件内容时连接中断（{_why(exc)}），"
                                              "服务器可能已收下")
            return Outcome(FAILED, {}, f"连接中断（{_why(exc)}）")
        return Outcome(SENT, _replies(refused))

    def _drop(self) -> None:
        _close_quietly(self.conn)
        self.conn = None

    def close(self) -> None:
        """quit() after the messages went out: an error here changes nothing that was sent."""
        conn, self.conn = self.conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except (smtplib.SMTPException, OSError):
            conn.close()


def _close_quietly(conn: smtplib.SMTP | None) -> None:
    if conn is not None:
        with contextlib.suppress(OSError):
            conn.close()


def _replies(found: dict[str, tuple[int, bytes]]) -> dict[str, str]:
    return {address: f"{code} {_text(reply)}" for address, (code, reply) in found.items()}


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _why(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "超时"
    if isinstance(exc, ConnectionRefusedError):
        return "连接被拒绝"
    if isinstance(exc, socket.gaierror):
        return "找不到服务器"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "服务器断开连接"
    return type(exc).__name__ + (f"：{exc}" if str(exc) else "")

