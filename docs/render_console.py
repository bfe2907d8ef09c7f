"""Render the 控制台 sheet of a demo .xlsm to docs/excel-console.png with LibreOffice.

Buttons are not printed by default (PrintObject False), so this copy turns printing on for the
picture only. Usage: .venv/bin/python docs/render_console.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from kaohe_excel import api
from kaohe_excel.excel.create import create_book


def main() -> int:
    out = Path(__file__).with_name("excel-console.png")
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book.xlsm"
        from kaohe_excel.officebook.demo import demo_book_data

        month = api.as_month("2026-11")
        create_book(book, demo_book_data(month), month=month)
        printable = Path(tmp) / "console.xlsm"
        with zipfile.ZipFile(book) as zin, zipfile.ZipFile(printable, "w") as zout:
            for item in zin.infolist():
                data = zin.read(item)
                if item.filename.endswith(".vml"):
                    data = data.replace(b"<x:PrintObject>False</x:PrintObject>", b"")
                zout.writestr(item, data)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/lo", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, str(printable)],
                       check=True, capture_output=True, timeout=180)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(Path(tmp) / "console.pdf"), str(out.with_suffix(""))], check=True)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
