"""Where `kaohe month` spends its time and memory, phase by phase, on one book.

    python benchmarks/profile_month.py BOOK --month 2026-11 [--cprofile N]

Prints, for the raw calamine reads (what the floor does) and for kaohe's phases (read_month,
score_month, write_month_workbook): wall seconds and the peak RSS reached in that phase
(Linux: /proc/self/status VmHWM, reset between phases through /proc/self/clear_refs).
With --cprofile N it then profiles one whole `kaohe_excel.cli.main([...])` run and prints the
N functions with the most own time, and the own time summed per module.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path


def _status(key: str) -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


class Phase:
    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        gc.collect()
        _reset_peak()
        self.rss0 = _status("VmRSS")
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        wall = time.perf_counter() - self.t0
        print(f"  {self.name:<44} {wall:8.2f} s   peak {_status('VmHWM'):7.0f} MB "
              f"(start {self.rss0:6.0f} MB, end {_status('VmRSS'):6.0f} MB)")


def raw_reads(book: Path) -> None:
    from python_calamine import CalamineWorkbook

    print("calamine alone (the floor's reads):")
    wb = CalamineWorkbook.from_path(str(book))
    for name in wb.sheet_names:
        with Phase(f"get_sheet_by_name({name})"):
            sheet = wb.get_sheet_by_name(name)
        with Phase(f"  iter_rows over {sheet.height} rows"):
            n = sum(1 for _ in sheet.iter_rows())
        del sheet, n
    wb.close()


def phases(book: Path, month: str) -> None:
    from kaohe_excel.api import as_month
    from kaohe_excel.core.scoring import score_month
    from kaohe_excel.officebook.read import read_month
    from kaohe_excel.reports.month import write_month_workbook

    print("kaohe month, phase by phase:")
    m = as_month(month)
    with Phase("read_month (calamine + checks + records)"):
        loaded = read_month(book, m)
    with Phase("score_month"):
        result = score_month(loaded.inputs, loaded.rulebook, loaded.settings)
    with tempfile.TemporaryDirectory() as tmp, Phase("write_month_workbook"):
        write_month_workbook(Path(tmp) / "out.xlsx", result)
    cells = len(result.people) * 12 + len(result.windows) * 11 + len(result.details) * 10
    print(f"  ({len(loaded.inputs.ledger)} ledger rows this month, {len(result.people)} people, "
          f"{len(result.windows)} windows, {len(result.details)} detail lines, "
          f"{len(result.notices)} notices; ~{cells:,} result cells)")


def profile(book: Path, month: str, top: int) -> None:
    from kaohe_excel.cli.main import main

    with tempfile.TemporaryDirectory() as tmp:
        prof = cProfile.Profile()
        prof.runcall(main, ["month", str(book), "--month", month, "--out", f"{tmp}/out.xlsx"])
    stats = pstats.Stats(prof)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"\ncProfile of kaohe_excel.cli.main (profiled total {total:.1f} s; cProfile inflates "
          "Python-heavy code, so use the shares, and the phase timings above for seconds):")
    by_module: dict[str, float] = defaultdict(float)
    rows = []
    for (file, line, func), (_cc, _nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "site-packages/" in file:
            module = file.split("site-packages/")[1].split("/")[0]
        elif "kaohe_excel/" in file:
            module = "kaohe_excel/" + file.split("kaohe_excel/")[1]
        elif file == "~":
            module = "builtins: " + func.split(" of ")[-1].strip("'>") if " of " in func else "builtins"
        else:
            module = "stdlib/other"
        by_module[module] += tt
        rows.append((tt, ct, _nc, f"{Path(file).name}:{line}({func})"))
    print("own time per module:")
    for module, tt in sorted(by_module.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {tt:7.2f} s  {100 * tt / total:5.1f} %  {module}")
    print(f"top {top} functions by own time:")
    for tt, ct, nc, name in sorted(rows, reverse=True)[:top]:
        print(f"  {tt:7.2f} s  {100 * tt / total:5.1f} %  cum {ct:7.2f} s  {nc:>9} calls  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("--month", default="2026-11")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N",
                        help="also cProfile one whole run and show the top N functions")
    parser.add_argument("--skip-raw", action="store_true", help="skip the calamine-only reads")
    args = parser.parse_args()
    if not args.skip_raw:
        raw_reads(args.book)
    phases(args.book, args.month)
    if args.cprofile:
        profile(args.book, args.month, args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
