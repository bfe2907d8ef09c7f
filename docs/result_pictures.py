"""Regenerate the pictures of the result workbooks in docs/ (one page per kind) and the README's
docs/result-people.png: the demo year made by the commands a clerk runs, each workbook printed
by LibreOffice (soffice → PDF → pdftoppm → PNG), the page that shows the kind best.

    .venv/bin/python docs/result_pictures.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))

from demo_results import make_demo_year, result_files  # noqa: E402

# kind -> (picture, the page to show)
PICTURES = {
    "月度考评结果（公示稿）": ("result-people.png", 1),
    "季度考评结果": ("result-quarter.png", 1),
    "各窗口季度考评结果": ("result-window-quarter.png", 1),
    "年度考评结果": ("result-year.png", 1),
    "各派出单位年度考评结果": ("result-unit-year.png", 1),
    "自查核对表": ("result-reconcile.png", 1),
}


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("需要 LibreOffice（soffice）")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        make_demo_year(work)
        files = result_files(work)
        for n, (kind, (picture, page)) in enumerate(PICTURES.items()):
            book = work / f"{n}.xlsx"
            shutil.copy(files[kind], book)
            subprocess.run([soffice, f"-env:UserInstallation={(work / 'lo').as_uri()}",
                            "--headless", "--convert-to", "pdf", "--outdir", str(work), str(book)],
                           check=True, capture_output=True, timeout=300)
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page),
                            "-singlefile", str(book.with_suffix(".pdf")), str(work / "page")],
                           check=True, timeout=120)
            shutil.copy(work / "page.png", HERE / picture)
            print(HERE / picture)


if __name__ == "__main__":
    main()
