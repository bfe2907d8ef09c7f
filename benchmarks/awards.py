"""The quarter's award selection on a province's candidates (core.awards.select).

    python benchmarks/awards.py [--candidates 50000] [--scores 300]

Candidates share a few hundred scores, as real quarter scores with one decimal do, so most of
them are tied with many others; every explanation names the tie and how the tie-break
ordered it. Prints the seconds of one selection (median of 3).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from fractions import Fraction

from kaohe_excel.core.awards import Candidate, select


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=50_000)
    parser.add_argument("--scores", type=int, default=300)
    args = parser.parse_args()
    rnd = random.Random(1)
    scores = [Decimal(800 + s) / 10 for s in range(args.scores)]
    candidates = [Candidate(f"E{i:06d}", rnd.choice(scores), Decimal(rnd.randrange(400)),
                            Decimal(rnd.randrange(20)), "" if rnd.random() > 0.1 else "取消资格")
                  for i in range(args.candidates)]
    times = []
    for _ in range(3):
        t = time.perf_counter()
        select(candidates, args.candidates, Fraction(1, 10), ("办件数", "扣分"), "先进个人")
        times.append(time.perf_counter() - t)
    print(f"select: {args.candidates:,} candidates on {args.scores} scores: "
          f"{statistics.median(times):.2f} s (median of 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
