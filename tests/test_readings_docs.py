"""Every 【解读】 is named with the 办法's own words: each quote is found in the 办法
(docs/办法原文.txt, the seed's first document), and docs/rules.md shows it with the default
and the alternative, for the settings and for the rule cells alike."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from kaohe_excel.officebook import names as N
from kaohe_excel.officebook.default_rules import RULE_READINGS, RULE_ROWS
from kaohe_excel.officebook.settings_sheet import SETTING_SPECS

DOCS = Path(__file__).resolve().parent.parent / "docs"
BANFA = re.sub(r"\s+", "", (DOCS / "办法原文.txt").read_text(encoding="utf-8"))


def _punct(text: str) -> str:
    """The 办法's text mixes half- and full-width marks; our quotes print them full-width."""
    return unicodedata.normalize("NFKC", text)
RULES_MD = (DOCS / "rules.md").read_text(encoding="utf-8")
READINGS = [(s.label, s.seed, s.alternative) for s in SETTING_SPECS if s.reading] + [
    (f"{r.code} {r.title}", r.seed, r.alternative) for r in RULE_READINGS]


@pytest.mark.parametrize(("name", "seed", "alternative"), READINGS, ids=[r[0] for r in READINGS])
def test_each_reading_quotes_the_banfa_and_is_in_the_rules_doc(name, seed, alternative):
    for part in seed.split("……"):  # …… marks words left out between two quoted parts
        assert part and _punct(part) in _punct(BANFA), part
    section = RULES_MD.split(f"#### {name}\n", 1)[1].split("####", 1)[0]
    assert f"- 《办法》原文：“{seed}”" in section
    assert "- 默认：" in section
    assert f"- 另一种：{alternative}" in section


def test_the_banfa_text_is_the_whole_first_document():
    assert BANFA.count("窗口及工作人员绩效考评实施办法") == 2  # the note above it, and its title
    assert BANFA.endswith("4.年终评定结果向市政府上报,并向入驻窗口单位通报。")
    assert "生产计划管理考核办法" not in BANFA  # the seed's next document is not part of it


def test_the_rule_readings_are_cells_of_the_default_rulebook():
    rows = {row[0]: dict(zip(N.RULES_HEADERS, row, strict=True)) for row in RULE_ROWS}
    assert [r.code for r in RULE_READINGS] == ["P5-01", "P2-07", "P3-01"]
    assert rows["P5-01"]["取消资格范围"] == "全年"
    assert rows["P2-07"]["取消资格范围"] == "当月"
    assert rows["P2-07"]["取消资格数量"] == 2
    assert rows["P3-01"]["阶梯"] == "1:-2, 2:-5, 3:-10, 4：取消资格"
    for code in ("P5-01", "P2-07", "P3-01"):
        row = RULES_MD.split(f"\n| {code} | ", 1)[1].split("\n", 1)[0]
        assert "（见【解读】）" in row
