"""Start-up and the typical center's month, as paired ratios (issue: every command imports
only what it runs).

    python benchmarks/startup.py            # 15 pairs each; prints markdown, saves JSON
    python benchmarks/startup.py --pairs 31

Each pair runs the two commands back to back in fresh processes, in alternating order, and
the ratio of the pair is kept; the medians of the ratios are reported (a paired median is
steady on a shared machine where single timings move ±30 %):

- `python -c "import kaohe_excel.cli.main"` and `python -m kaohe_excel.cli --help` against
  `python -c "import python_calamine, xlsxwriter"` (the libraries any month must load);
- `kaohe month` on the typical center (200 staff, 2,000 台账 rows, made by make_book.py and
  cached under benchmarks/books/) against benchmarks/floor.py, a bare process that reads the
  same book with calamine and writes a same-sized result with xlsxwriter.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from run import BOOKS, ENV, HERE, PY, ROOT, SIZES, ensure_book

MONTH = "2026-11"


def _wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - t


def paired(a: list[str], b: list[str], pairs: int) -> dict[str, float]:
    """Median wall times of `a` and `b`, and the median of the per-pair ratios a/b."""
    _wall(a), _wall(b)  # byte-code caches written, files in the page cache
    ta, tb, ratios = [], [], []
    for i in range(pairs):
        if i % 2:
            y, x = _wall(b), _wall(a)
        else:
            x, y = _wall(a), _wall(b)
        ta.append(x), tb.append(y), ratios.append(x / y)
    return {"a_s": statistics.median(ta), "b_s": statistics.median(tb),
            "ratio": statistics.median(ratios), "ratio_q1": statistics.quantiles(ratios, n=4)[0],
            "ratio_q3": statistics.quantiles(ratios, n=4)[2]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=15)
    args = parser.parse_args()
    bare = [PY, "-c", "import python_calamine, xlsxwriter"]
    book, _ = ensure_book(SIZES["center"], MONTH, 1, regen=False)
    out = BOOKS / "out_startup_kaohe.xlsx"
    results = {
        "import kaohe_excel.cli.main": paired([PY, "-c", "import kaohe_excel.cli.main"], bare,
                                              args.pairs),
        "kaohe --help": paired([PY, "-m", "kaohe_excel.cli", "--help"], bare, args.pairs),
        "kaohe month (center) / floor": paired(
            [PY, "-m", "kaohe_excel.cli", "month", str(book), "--month", MONTH, "--out", str(out)],
            [PY, str(HERE / "floor.py"), str(book), "--month", MONTH,
             "--out", str(BOOKS / "out_startup_floor.xlsx")], args.pairs),
    }
    (BOOKS / "startup.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"| measured ({args.pairs} pairs) | median a | median b | paired ratio (IQR) |")
    print("|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['a_s']:.3f} s | {r['b_s']:.3f} s | **{r['ratio']:.2f}×** "
              f"({r['ratio_q1']:.2f}–{r['ratio_q3']:.2f}) |")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
