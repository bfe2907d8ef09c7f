"""年度工作评语: a factual draft per person from the year's data, written as a sheet of the
year's result workbook for the leaders to edit, and the edited text read back for the
feedback letters. The draft column stays beside the text, so a later `kaohe year` knows
which texts a person changed (kept) and which are still the program's (rewritten)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..core.failures import MONTHLY_CRITICISM
from ..core.month_record import PersonMonth
from ..core.quarter import Standing
from ..core.words import Grade
from ..core.year import YearResult
from ..errors import FileProblem
from ..files.cells import normalize_text
from ..files.sheets import open_workbook
from ..files.xlsx import Styles, table_sheet, write_row

SHEET = "年度评语"
HEADERS = ("工号", "姓名", "窗口", "派出单位", "年度得分", "等级", "年度工作评语", "程序草稿")
TEXT, DRAFT = "年度工作评语", "程序草稿"


def draft_comment(s: Standing, result: YearResult) -> str:
    """Months rated, annual score and grade, monthly grade counts, awards, failures."""
    rated = [e for e in s.monthly if isinstance(e, PersonMonth) and e.rated]
    out = []
    if s.score is None:
        out.append(f"{result.year}年度未参加考评")
    else:
        out.append(f"{result.year}年度参加考评{len(rated)}个月，年度得分{s.score}分，等级为{s.grade}")
        grades = [e.grade for e in rated]
        counts = [f"{g}{grades.count(g)}个月" for g in (Grade.ABOVE, Grade.MET,
                                                        Grade.BELOW) if grades.count(g)]
        out.append("月度考评" + "、".join(counts))
    months = [i + 1 for i, e in enumerate(s.monthly)
              if isinstance(e, PersonMonth) and not e.rated]
    if months:
        out.append("、".join(f"{m}月" for m in months) + "取消考评资格")
    awards = result.person_awards.get(s.id, 0)
    if awards:
        out.append(f"{awards}次被评为季度先进个人")
        if s in result.person_pool:
            out.append("列为年度先进个人人选")
    for f in result.failures:
        if f.person_id == s.id:
            out.append("受到通报批评" if f.action == MONTHLY_CRITICISM else f.action)
    return "，".join(out) + "。"


def draft_comments(result: YearResult) -> dict[str, str]:
    return {s.id: draft_comment(s, result) for s in result.people}


def write_comments_sheet(wb: object, st: Styles, title: str, subtitle: str,
                         result: YearResult, kept: Mapping[str, str]) -> None:
    """One row per person; `kept`: texts edited in an earlier result, by 工号."""
    ws, head = table_sheet(wb, st, SHEET, HEADERS, (10, 10, 18, 22, 9, 8, 70, 10),  # type: ignore[arg-type]
                           title, subtitle + "；“年度工作评语”可修改，反馈函使用修改后的文字")
    for i, s in enumerate(result.people, start=head + 1):
        draft = draft_comment(s, result)
        write_row(ws, i, [(s.id, st.text), (s.name, st.text), (s.window_name, st.text),
                          (s.unit, st.text), (s.score, st.person), (s.grade, st.grade(s.grade)),
                          (kept.get(s.id, draft), st.wrap), (draft, st.text)])
    ws.set_column(len(HEADERS) - 1, len(HEADERS) - 1, 10, None, {"hidden": True})


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        book = open_workbook(path)  # the shared reader: bombs and far cells refused first
    except FileProblem:
        raise
    except Exception as exc:  # calamine raises its own types for broken files
        raise FileProblem(f"{path.name} 无法读取（{exc}）") from None
    try:
        if SHEET not in book.sheet_names:
            return []
        rows = book.get_sheet_by_name(SHEET).to_python()
    finally:
        book.close()
    for at, row in enumerate(rows):
        cells = [normalize_text(v) for v in row]
        if "工号" in cells and TEXT in cells:
            return [dict(zip(cells, (str(v) if v is not None else "" for v in r), strict=False))
                    for r in rows[at + 1:]]
    return []


def read_comments(path: Path) -> dict[str, str]:
    """{工号: 年度工作评语} from a year result workbook; {} when it has none."""
    if not path.exists():
        return {}
    return {normalize_text(r.get("工号")): r.get(TEXT, "").strip() for r in _rows(path)
            if normalize_text(r.get("工号")) and r.get(TEXT, "").strip()}


def edited_comments(path: Path) -> dict[str, str]:
    """Only the texts someone changed (they differ from the program's draft)."""
    if not path.exists():
        return {}
    return {normalize_text(r.get("工号")): r[TEXT] for r in _rows(path)
            if r.get(TEXT, "").strip() and r.get(TEXT) != r.get(DRAFT)}
