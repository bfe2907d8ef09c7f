"""Latency of a button click (process start -> result written) for the demo center, beside
`python -c "import xlwings"` and today's `kaohe month`. The click runs the real entry path
(import xlwings, the adapter, api.run_month) on the fake of the xlwings surface in
tests/xlwings_fake.py, whose set-up reads the 控制台 with calamine (Excel hands those cells
over through COM instead; that round trip is not measured here). Usage: .venv/bin/python benchmarks/excel_button.py"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7


def timed(args: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "demo.xlsm"
        subprocess.run([py, "-m", "kaohe_excel.cli", "init", str(book), "--demo"], check=True,
                       capture_output=True)
        click = ("import xlwings, sys; sys.path.insert(0, 'tests'); "
                 "from xlwings_fake import FakeBook; "
                 "from kaohe_excel.excel.adapter import run; "
                 "from kaohe_excel.excel.buttons import BUTTONS; "
                 f"assert run(FakeBook({str(book)!r}), BUTTONS[2]) is not None")
        xw = timed([py, "-c", "import xlwings"])
        month = timed([py, "-m", "kaohe_excel.cli", "month", str(book), "--month", "2026-11"])
        button = timed([py, "-c", click])
    print(f"python -c 'import xlwings'   {xw:.3f} s")
    print(f"kaohe month (demo)           {month:.3f} s")
    print(f"button 计算月度考评 (fake)    {button:.3f} s")
    print(f"goal 1.5 x (import + month)  {1.5 * (xw + month):.3f} s  ratio {button / (xw + month):.2f}x")


if __name__ == "__main__":
    main()
