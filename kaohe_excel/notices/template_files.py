"""Where the templates are: the office's edited folder (设置 row 通知模板文件夹) first, the
ones shipped with the program for anything that folder lacks."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..core.settings import Settings
from ..errors import FileProblem

BUILTIN = Path(__file__).resolve().parent.parent / "templates" / "notices"
PAGE = "公示页面.html.j2"


def builtin_names() -> list[str]:
    return sorted(p.name for p in BUILTIN.iterdir()
                  if p.suffix == ".docx" or p.name.endswith(".j2"))


def custom_folder(book: Path, settings: Settings) -> Path | None:
    if not settings.notice_templates:
        return None
    folder = Path(settings.notice_templates).expanduser()
    if not folder.is_absolute():
        folder = Path(book).resolve().parent / folder
    if not folder.is_dir():
        raise FileProblem(f"设置!通知模板文件夹：文件夹不存在 {folder}"
                          "（可用 kaohe notices 考核工作簿.xlsx --templates 文件夹 复制出模板）")
    return folder


def find(name: str, folder: Path | None) -> Path:
    if folder is not None and (folder / name).is_file():
        return folder / name
    return BUILTIN / name


def copy_out(dest: Path) -> tuple[list[Path], list[Path]]:
    """Copy every shipped template into `dest`; files already there are kept, not replaced.
    Returns (copied, kept)."""
    dest.mkdir(parents=True, exist_ok=True)
    copied, kept = [], []
    for name in builtin_names():
        target = dest / name
        if target.exists():
            kept.append(target)
        else:
            shutil.copyfile(BUILTIN / name, target)
            copied.append(target)
    return copied, kept
