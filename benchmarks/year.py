"""The year of the demo center, end to end, as the office runs it: twelve months finalized,
four quarters, the year.

    python benchmarks/year.py [--year 2026] [--seed 2026]

Each step is its own `kaohe` process (what a user or a scheduled task starts), timed by wall
clock. Prints a markdown table for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def kaohe(*args: str) -> float:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # time a user's second run, not a first compile
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kaohe_excel.cli", *args], check=True, env=env,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        book = str(Path(tmp) / "考核工作簿.xlsx")
        rows = [("init --demo --year (12 months)",
                 kaohe("init", book, "--demo", "--year", str(args.year), "--seed", str(args.seed)))]
        months = [kaohe("finalize", book, "--month", f"{args.year}-{m:02d}") for m in range(1, 13)]
        rows.append(("12 × finalize", sum(months)))
        quarters = [kaohe("quarter", book, "--quarter", f"{args.year}Q{q}") for q in range(1, 5)]
        rows.append(("4 × quarter (with the per-window workbooks)", sum(quarters)))
        rows.append(("year", kaohe("year", book, "--year", str(args.year))))
    flow = sum(seconds for name, seconds in rows[1:])
    print("| step | wall s |\n|---|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} |")
    print(f"| **year flow (finalize, quarters, year)** | **{flow:.2f}** |")
    print(f"\nper finalize: {min(months):.2f}–{max(months):.2f} s; "
          f"per quarter: {min(quarters):.2f}–{max(quarters):.2f} s")


if __name__ == "__main__":
    main()
