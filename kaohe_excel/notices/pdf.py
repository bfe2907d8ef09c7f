"""PDF copies through LibreOffice: one headless run for a batch of documents, with its own
profile (a user's open LibreOffice, or a second run, does not block it), a timeout, and each
PDF checked to exist afterwards."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ..errors import KaoheError

WINDOWS_PATHS = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                 r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
NO_SOFFICE = "未找到 LibreOffice（soffice），未生成 PDF；可安装 LibreOffice，或在 Word 中另存为 PDF"


# Linux has none of the Windows faces the templates name; without these aliases fontconfig
# falls back to a sans face for all of them. Unknown families are simply skipped.
FONT_ALIASES = (("仿宋_GB2312", ("FangSong", "仿宋", "Noto Serif CJK SC")),
                ("方正小标宋简体", ("SimSun", "宋体", "Noto Serif CJK SC")),
                ("宋体", ("SimSun", "Noto Serif CJK SC")),
                ("黑体", ("SimHei", "Noto Sans CJK SC")))


def _fontconfig(profile: Path) -> dict[str, str]:
    """An environment whose fontconfig maps the templates' faces to ones Linux has."""
    if os.name != "posix" or not Path("/etc/fonts/fonts.conf").exists():
        return {}
    aliases = "".join(
        f"<alias binding=\"same\"><family>{name}</family><prefer>"
        + "".join(f"<family>{f}</family>" for f in prefer) + "</prefer></alias>"
        for name, prefer in FONT_ALIASES)
    conf = profile / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    + aliases + "</fontconfig>", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


class PdfProblem(KaoheError):
    """LibreOffice ran but did not produce every PDF."""


def find_soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("soffice.exe")
    if found:
        return found
    return next((p for p in WINDOWS_PATHS if os.path.exists(p)), None)


def to_pdf(documents: Sequence[Path], soffice: str, timeout: float | None = None) -> list[Path]:
    """Convert `documents` (all in one folder) to PDFs beside them."""
    if not documents:
        return []
    folder = documents[0].parent
    timeout = timeout or 60 + 10 * len(documents)
    profile = tempfile.mkdtemp(prefix="kaohe-lo-")
    command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(folder),
               *(str(d) for d in documents)]
    started = time.time() - 2  # an older PDF of the same name does not count as made
    posix = os.name == "posix"
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=posix, env=_fontconfig(Path(profile)) or None)
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:  # soffice starts soffice.bin: end the whole group we started
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.communicate()
        raise PdfProblem(f"LibreOffice 转换 PDF 超时（{timeout:.0f} 秒），未生成 PDF") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdfs = [d.with_suffix(".pdf") for d in documents]
    missing = [p.name for p in pdfs if not p.is_file() or p.stat().st_size == 0
               or p.stat().st_mtime < started]
    if missing:
        detail = err.decode(errors="replace").strip().splitlines()[-1:] if err else []
        raise PdfProblem("LibreOffice 未能生成 " + "、".join(missing)
                         + (f"（{detail[0]}）" if detail else ""))
    return pdfs
