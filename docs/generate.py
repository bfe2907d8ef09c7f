"""Writes docs/rules.md and docs/workbooks.md from the code (`make docs`).

rules.md comes from the default rulebook, the rule kinds, the 数据来源 and the 设置 specs;
workbooks.md from real workbooks that `kaohe` writes for a small demo center, read back with
python-calamine, so neither can drift from what the program does. tests/test_docs.py fails
when a committed file differs from what this script makes.

    python docs/generate.py           # rewrite both files
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from python_calamine import CalamineWorkbook

from kaohe_excel import api
from kaohe_excel.core.derived import SOURCES
from kaohe_excel.core.kinds import KINDS, PARAMETERS
from kaohe_excel.core.rulebook import FRACTIONAL_UNITS
from kaohe_excel.core.settings import Settings
from kaohe_excel.officebook import demo
from kaohe_excel.officebook import names as N
from kaohe_excel.officebook.default_rules import RULE_READINGS, RULE_ROWS
from kaohe_excel.officebook.rules_sheet import CATEGORY_KIND, GROUP_KIND
from kaohe_excel.officebook.settings_sheet import SETTING_SPECS

DOCS = Path(__file__).resolve().parent
DEMO_MONTH = "2026-11"
GENERATED = "<!-- 由 docs/generate.py 根据程序生成（make docs），请勿手工修改 -->"


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _table(headers: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    headers = list(headers)
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return out


def rules_markdown() -> str:
    rows = [dict(zip(N.RULES_HEADERS, row, strict=True)) for row in RULE_ROWS]
    categories = [r for r in rows if r["计分方式"] == CATEGORY_KIND]
    groups = [r for r in rows if r["计分方式"] == GROUP_KIND]
    rules = [r for r in rows if r["计分方式"] not in (CATEGORY_KIND, GROUP_KIND)]
    defaults = Settings()
    read_codes = {r.code for r in RULE_READINGS}
    lines = [
        GENERATED, "",
        "# 考评规则（默认规则表）与计分设置",
        "",
        "本文件列出 `kaohe init` 写入新考核工作簿“规则”表和“设置”表的全部内容。计分时程序只读工作簿里的"
        "“规则”表和“设置”表，督查管理处修改工作簿即可，不需要改程序；这里是默认值和每一项的含义。",
        "",
        "## 计分方式",
        "",
        "“规则”表每行的“计分方式”决定这一行怎样把当月数量变成分数；每种方式只使用部分参数列。",
        "",
        *_table(("计分方式", "说明（按《办法》的说法）", "必填参数", "可填参数"), (
            (k.label, _kind_note(k.name), "、".join(p for p in PARAMETERS if p in k.required),
             "、".join(p for p in PARAMETERS if p in k.allowed - k.required))
            for k in KINDS.values())),
        "",
        "“类别”行给出一类扣分的分值（扣完为止），“分组”行给出分组合计取消资格的次数。",
        "阶梯写作 `1:-2, 2:-5, 3:-10, 4:取消资格`：当月数量达到哪一级就按哪一级计分（不是逐次累加）。",
        "",
        "## 取消资格范围",
        "",
        "“规则”表的“取消资格范围”列（当月、当季、全年，空白按当月）说明一条规则的取消资格管到多远：",
        "",
        "- **当月**：取消当月考评资格（《办法》多数条款的写法）。",
        "- **当季**：当月取消资格，并且本季度不参加先进个人、红旗窗口评选（“评选说明”写明原因）；"
        "按次规则的取消资格数量在本季度内累计（如两次可在不同月份）。",
        "- **全年**：当月取消资格，本季度不参加评选，本年度也不列入年度先进（年度结果“说明”写明原因）；"
        "取消资格数量在本年度内累计。",
        "",
        "取消资格的月份照常计算分数并在“明细”中列出；同一季度、同一年度的其他月份照常计分排名。"
        "跨月累计的次数读自考核工作簿“台账”中本季度（本年度）此前月份的记录。",
        "",
        "## 计量单位",
        "",
        "“规则”表的“计量单位”列说明一条规则的数量数的是什么（次、件、项、条、天……）。以"
        f"{'、'.join(FRACTIONAL_UNITS)}计的规则，数量可以是小数（如半天 0.5）；"
        "其他单位数的是次数、件数，数量只能是整数：台账和窗口交回的自查表里填了 0.5 次，"
        "`kaohe month` 和 `kaohe selfcheck collect` 都指明所在单元格，不计分、不并入。"
        "空白时按规则内容中的写法确定（“每天”“3天以上”为天，“每件”为件，“每项”“每条”为项、条，其余为次），"
        "较早建的、没有这一列的考核工作簿也这样读。",
        "",
        "## 数据来源（由考勤和办件数自动计算的规则）",
        "",
        *_table(("数据来源", "对象", "含义"), ((s.name, s.subject, s.note)
                                             for s in SOURCES.values())),
        "",
        "## 类别和分组",
        "",
        *_table(("编码", "对象", "名称", "分值（扣分上限）", "取消资格数量"), (
            (r["规则编码"], r["对象"], r["内容"], r["分值"] if r["分值"] is not None else "不封顶",
             r["取消资格数量"] or "") for r in categories + groups)),
        "",
        "## 规则",
        "",
    ]
    for category in categories:
        mine = [r for r in rules if r["类别"] == category["规则编码"]]
        if not mine:
            continue
        lines += [f"### {category['规则编码']} {category['内容']}", ""]
        lines += _table(("编码", "内容", "计分方式", "分值或阶梯", "取消资格数量", "月上限", "分组",
                         "不重复分组", "数据来源", "附加处理", "取消资格范围", "计量单位"), (
            (r["规则编码"], r["内容"] + ("（见【解读】）" if r["规则编码"] in read_codes else ""),
             r["计分方式"], r["阶梯"] or ("" if r["分值"] is None else r["分值"]),
             r["取消资格数量"] or "", r["月上限"] or "", r["分组"], r["不重复分组"], r["数据来源"],
             r["附加处理"], r["取消资格范围"], r["计量单位"])
            for r in mine))
        lines.append("")
    lines += [
        "## 设置",
        "",
        "标为【解读】的设置是《办法》没有写明、由本工具采取的一种理解；督查管理处可以在“设置”表中改为另一种。",
        "",
        *_table(("项目", "默认值", "说明"), (
            (s.label, s.show(getattr(defaults, s.attr)), ("【解读】" if s.reading else "") + s.note)
            for s in SETTING_SPECS if s.attr != "selfcheck_password")),
        "",
        "（“自查表保护密码”也是一项设置，其值不写入任何文档。）",
        "",
        *_readings(defaults),
    ]
    return "\n".join(lines)


def _readings(defaults: Settings) -> list[str]:
    """Every 【解读】: the 办法's words, the reading taken, the other reading."""
    lines = [
        "## 【解读】一览",
        "",
        "《办法》没有写明、可以有不止一种理解的地方，本工具各取一种理解（默认），并让督查管理处可以改为另一种："
        "规则上的在“规则”表的单元格里改，设置上的在“设置”表里改。原文照录《办法》"
        "（全文见 [办法原文.txt](办法原文.txt)，“……”表示中间有省略）。",
        "",
        "### 规则表中的解读",
        "",
    ]
    for r in RULE_READINGS:
        lines += [f"#### {r.code} {r.title}", "",
                  f"- 《办法》原文：“{r.seed}”",
                  f"- 默认：{r.default}",
                  f"- 另一种：{r.alternative}",
                  f"- 理由：{r.why}", ""]
    lines += ["### 设置表中的解读", ""]
    for s in SETTING_SPECS:
        if s.reading:
            shown = str(s.show(getattr(defaults, s.attr)))
            note = s.note.removeprefix(f"{shown}: ")  # "是: 每一类…" after 默认：是
            lines += [f"#### {s.label}", "",
                      f"- 《办法》原文：“{s.seed}”",
                      f"- 默认：{shown}。{note}",
                      f"- 另一种：{s.alternative}", ""]
    return lines


def _kind_note(name: str) -> str:
    return {
        "per": "每次按分值计分，可设月上限、达到一定次数取消资格（次数按取消资格范围累计）",
        "ladder": "按当月数量所达到的阶梯计分，最高一级可为取消资格",
        "dq": "发生即取消当月考评资格；取消资格范围为当季、全年的，并不参加本季度、本年度先进评选",
        "return": "发生即退回派出单位",
        "manual": "由考评领导小组确定分值，台账行填写分值和说明",
    }[name]


def _sheets(path: Path) -> list[tuple[str, list[str]]]:
    """Each sheet of a workbook and its header row (the first row whose cells are all text,
    after the title rows of result sheets)."""
    book = CalamineWorkbook.from_path(str(path))
    out = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        header: list[str] = []
        for row in rows[:6]:
            cells = [c for c in row if c not in ("", None)]
            if len(cells) >= 2 and all(isinstance(c, str) and len(c) <= 16 for c in cells):
                header = [str(c) for c in cells]
                break
        out.append((name, header))
    return out


def workbooks_markdown() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "考核工作簿.xlsx"
        api.init_book(book, demo.demo_book_data(api.as_month(DEMO_MONTH), seed=2026))
        month = api.run_month(book, DEMO_MONTH).saved.path
        quarter = api.run_quarter(book, "2026Q4", allow_draft=True)
        year = api.run_year(book, "2026", allow_draft=True).saved.path
        books = [
            ("考核工作簿（kaohe init）", "督查管理处维护的工作簿。程序只读取它，不修改"
             "（自查表收集时只向“台账”追加行）。", book),
            ("月度考评结果（kaohe month）", "`月度考评结果_2026-11_公示稿.xlsx`；审定后存档的"
             "`_审定.xlsx` 与之相同。", month),
            ("季度考评结果（kaohe quarter）", "`季度考评结果_2026Q4.xlsx`。", quarter.saved.path),
            ("各窗口季度考评结果", "`季度考评结果_2026Q4_各窗口/` 中每个窗口一份，只含本窗口及其人员。",
             quarter.also[0].path),
            ("年度考评结果（kaohe year）", "`年度考评结果_2026.xlsx`。", year),
        ]
        lines = [GENERATED, "", "# 工作簿和表头", "",
                 "以下表名和表头读自程序为示例中心实际写出的工作簿。考核工作簿的表名和必填列不要改动；"
                 "列的顺序可以调整，程序按表头找列。", ""]
        for title, note, path in books:
            lines += [f"## {title}", "", note, ""]
            lines += _table(("工作表", "表头"), ((name, "、".join(header) or "（无表格）")
                                              for name, header in _sheets(path)))
            lines.append("")
    return "\n".join(lines)


def main() -> int:
    (DOCS / "rules.md").write_text(rules_markdown(), encoding="utf-8")
    (DOCS / "workbooks.md").write_text(workbooks_markdown(), encoding="utf-8")
    print("已写出 docs/rules.md、docs/workbooks.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
