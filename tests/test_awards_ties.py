"""How the award selection words a tie (core.awards): "与 3 人并列第 20 名；按办件数排在其中第 2".

The selection finds each candidate's place among those sharing its score from the sorted
order (a province quarter has 50,000 candidates on a few hundred scores, benchmarks/awards.py).
Here that is checked against the plain definition, written out below: the place is one more
than the eligible with the same score whose sort key is higher, and the criteria named are
the fewest after which no other eligible candidate with that score has the same key.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from kaohe_excel.core.awards import Candidate, select

TIE_BREAK = ("办件数", "扣分")
WORDING = re.compile(r"；按(\S+?)排在其中第 (\d+)")


def expected_wording(c: Candidate, candidates: list[Candidate]) -> str | None:
    def order(o: Candidate) -> tuple[Decimal | None, ...]:  # more cases, fewer deductions
        return (o.score, o.cases, -o.deductions)

    group = [o for o in candidates if not o.ineligible and o.score == c.score]
    if len(group) < 2 or len([o for o in candidates if o.score == c.score]) < 2:
        return None
    mine = order(c)
    position = 1 + sum(1 for o in group if order(o) > mine)
    others = [order(o) for o in group if o is not c]
    used = next((k for k in range(1, len(TIE_BREAK) + 1)
                 if all(o[:k + 1] != mine[:k + 1] for o in others)), None)
    return None if used is None else f"{'、'.join(TIE_BREAK[:used])} {position}"


candidate_lists = st.lists(
    st.tuples(st.sampled_from([Decimal("90.5"), Decimal("91"), Decimal("92.5")]),
              st.integers(0, 3), st.integers(0, 2), st.booleans()),
    min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(candidate_lists)
def test_tie_wording_follows_the_definition(rows):
    candidates = [Candidate(f"E{i:03d}", score, Decimal(cases), Decimal(deductions),
                            "取消资格" if out else "")
                  for i, (score, cases, deductions, out) in enumerate(rows)]
    selection = select(candidates, len(candidates) + 3, Fraction(1, 2), TIE_BREAK, "先进个人")
    for c in candidates:
        if c.ineligible:
            continue
        found = WORDING.search(selection.why[c.key])
        shown = f"{found[1]} {found[2]}" if found else None
        assert shown == expected_wording(c, candidates), selection.why[c.key]


def test_a_big_tie_is_worded_for_everyone_in_it():
    # 201 eligible on one score: cases 0..9 and deductions 0..19 make every key distinct,
    # and E999 alone has 50 cases
    candidates = [Candidate(f"E{i:03d}", Decimal("95"), Decimal(i % 10), Decimal(i // 10), "")
                  for i in range(200)]
    candidates.append(Candidate("E999", Decimal("95"), Decimal(50), Decimal(5), ""))
    why = select(candidates, 201, Fraction(1, 10), TIE_BREAK, "先进个人").why
    assert "与 200 人并列第 1 名；按办件数排在其中第 1，入选" in why["E999"]
    assert "按办件数、扣分排在其中第 2，入选" in why["E009"]  # first of the twenty with 9
    assert "按办件数、扣分排在其中第 22，在名额之外" in why["E008"]  # after them, E999 first
    assert "按办件数、扣分排在其中第 201" in why["E190"]  # 0 cases, 19 deducted: the last
