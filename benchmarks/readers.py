"""python-calamine against openpyxl (read-only, values only) reading every cell of a book.

    python benchmarks/readers.py BOOK [BOOK ...]

The claim in kaohe_excel/sheets.py and pyproject.toml ("calamine reads about ten times faster
than openpyxl") points at benchmarks/RESULTS.md; this is the measurement behind it. Each
reader runs in its own process (so neither warms the other's caches of the file), best of 3.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

CALAMINE = """
import sys
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
n = 0
for name in wb.sheet_names:
    for row in wb.get_sheet_by_name(name).iter_rows():
        n += len(row)
print(n)
"""

OPENPYXL = """
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1], read_only=True, data_only=True)
n = 0
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        n += len(row)
wb.close()
print(n)
"""


def best(code: str, book: Path, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(book)], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    print("| book | MB | calamine s | openpyxl s | openpyxl / calamine |")
    print("|---|---:|---:|---:|---:|")
    for arg in sys.argv[1:]:
        book = Path(arg)
        c, o = best(CALAMINE, book), best(OPENPYXL, book)
        print(f"| {book.name} | {book.stat().st_size / 2**20:.1f} | {c:.2f} | {o:.2f} | "
              f"{o / c:.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
