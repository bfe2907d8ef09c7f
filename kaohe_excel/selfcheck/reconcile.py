"""The reconciliation workbook (自查核对_2026-11.xlsx) that `collect` writes for the office:
报送情况, 自查未报 (possible 瞒报), 复核改动, 弃权, 自查条目 and 问题."""

from __future__ import annotations

from pathlib import Path

from ..core.numbers import format_points
from ..core.words import Subject
from ..files.xlsx import Styles, new_workbook, table_sheet, write_row
from ..officebook.selfcheck_inputs import Office
from ..selfcheck import labels as L
from .outcome import Collected, WindowResult, shown

MERGED = (L.ST_MERGED, L.ST_UNCHANGED)


def _name(office: Office, subject: str, sid: str) -> str:
    if subject == Subject.WINDOW:
        window = office.windows.get(sid)
        return window.name if window else ""
    person = office.people.get(sid)
    return person.name if person else ""


def _rows(ws, st: Styles, first: int, rows: list[tuple], formats: dict[int, object]) -> None:
    for r, values in enumerate(rows, start=first):  # write_row: measured for the print layout
        write_row(ws, r, [(value, formats.get(c, st.text)) for c, value in enumerate(values)])


def _status_rows(c: Collected) -> list[tuple]:
    rows = []
    for w in c.windows:
        items = w.returned.items if w.returned else []
        persons = sum(1 for i in items if i.subject == Subject.PERSON)
        reviews = [i.review for i in items]
        merged = len(w.plan.rows) if w.plan and w.status in MERGED else None
        rows.append((w.window.id, w.window.name, w.window.head, w.standing, w.status,
                     "、".join(shown(p) for p in w.files), persons if w.returned else None,
                     len(items) - persons if w.returned else None,
                     reviews.count(L.AGREE) if w.returned else None,
                     reviews.count(L.DISAGREE) if w.returned else None,
                     reviews.count(L.CHANGE) if w.returned else None,
                     merged, len(w.abstained) if w.standing == L.IN else None, w.note))
    return rows


def _unreported_rows(c: Collected, office: Office) -> list[tuple]:
    rows = []
    for w in c.windows:
        if w.plan is None or w.status not in MERGED:
            continue
        for u in w.plan.unreported:
            subject, sid, code, day = u.key
            rule = office.rulebook.rules.get(code)
            rows.append((u.kind, w.window.id, w.window.name, subject, sid,
                         _name(office, subject, sid), day, code, rule.text if rule else "",
                         u.office_quantity, u.reported,
                         "、".join(str(n) for n in u.rows)))
    order = {L.U_DEDUCTION: 0, L.U_SHORT: 1, L.U_BONUS: 2}
    return sorted(rows, key=lambda r: order.get(r[0], 3))


def _reviewed_rows(c: Collected) -> list[tuple]:
    rows = []
    for w in c.windows:
        if w.returned is None or w.status not in MERGED:
            continue
        for i in w.returned.items:
            if i.review == L.AGREE:
                continue
            what = "未并入台账" if i.reviewed_quantity == 0 else (
                f"按 {format_points(i.reviewed_quantity)} 并入")
            rows.append((w.window.id, w.window.name, f"{shown(w.returned.path)} {i.cell}",
                         i.subject, i.subject_id, i.name, i.day, i.code, i.quantity, i.review,
                         i.new_quantity, i.review_note, what))
    return rows


def _item_rows(w: WindowResult, office: Office) -> list[tuple]:
    assert w.plan is not None and w.returned is not None
    at = {p.item.cell: n for p, n in zip(w.plan.rows, w.ledger_rows, strict=False)}
    rows = []
    for d in w.plan.dispositions:
        i = d.item
        rule = office.rulebook.rules.get(i.code)
        rows.append((w.window.id, f"{shown(w.returned.path)} {i.cell}", i.subject, i.subject_id,
                     i.name, i.day, i.code, rule.text if rule else "", i.quantity, i.review,
                     d.merged, d.action, at.get(i.cell)))
    return rows


def write_reconciliation(path: Path, c: Collected, office: Office) -> None:
    wb = new_workbook(path)
    title = f"{office.settings.center_name}{c.month.label}月度考评自查表收集核对"
    wb.set_properties({"title": title, "author": "kaohe_excel"})
    st = Styles(wb)
    standings = "，".join(f"{s} {len(c.standing(s))} 个" for s in L.STANDINGS)
    subtitle = (f"窗口 {len(c.windows)} 个：{standings}；弃权 {len(c.abstained)} 人"
                f"（只计已交的窗口）；问题 {len(c.problem_lines)} 条。文件夹：{c.folder}")
    num = {"num": st.int, "date": st.date}  # counts of files, items and people

    ws, h = table_sheet(wb, st, L.R_STATUS, L.R_STATUS_HEADERS,
                        (9, 22, 9, 7, 14, 36, 8, 8, 6, 7, 6, 8, 8, 40), title, subtitle)
    _rows(ws, st, h + 1, _status_rows(c), {i: num["num"] for i in range(6, 13)})

    ws, h = table_sheet(wb, st, L.R_UNREPORTED, L.R_UNREPORTED_HEADERS,
                        (16, 8, 16, 6, 9, 9, 11, 8, 30, 7, 7, 9), title,
                        "督查管理处台账中有、而窗口自查未报或少报的事项（同一人、同一规则、同一日期视为同一事项）")
    _rows(ws, st, h + 1, _unreported_rows(c, office), {6: st.date, 8: st.wrap, 9: st.general,
                                                      10: st.general})

    ws, h = table_sheet(wb, st, L.R_REVIEWED, L.R_REVIEWED_HEADERS,
                        (9, 20, 36, 6, 10, 10, 11, 9, 8, 8, 9, 30, 14), title,
                        "工作区长复核为不同意或修改的条目")
    _rows(ws, st, h + 1, _reviewed_rows(c), {6: st.date, 8: st.general, 10: st.general, 11: st.wrap})

    ws, h = table_sheet(wb, st, L.R_ABSTAIN, L.R_ABSTAIN_HEADERS, (9, 22, 10, 10, 36), title,
                        f"既没有填报事项、也没有选“{L.C_NOTHING}”的人员，视为弃权"
                        "（只计已交的窗口；未交、有问题的窗口交回无误后再计）")
    _rows(ws, st, h + 1, [(w.id, w.name, p.id, p.name, why) for w, p, why in c.abstained], {})

    ws, h = table_sheet(wb, st, L.R_ITEMS, L.R_ITEMS_HEADERS,
                        (9, 36, 6, 10, 10, 11, 9, 40, 6, 8, 8, 36, 8), title,
                        "已并入台账的窗口的全部自查条目及其处理")
    rows = [row for w in c.windows if w.status in MERGED and w.plan for row in _item_rows(w, office)]
    _rows(ws, st, h + 1, rows, {5: st.date, 7: st.wrap, 8: st.general, 10: st.general, 12: st.general})

    ws, h = table_sheet(wb, st, L.R_PROBLEMS, L.R_PROBLEMS_HEADERS, (40, 16, 80), title,
                        "有问题的文件未并入台账；改正后重新收集即可")
    problems = []
    for line in c.problem_lines:
        file, _, rest = line.partition(": ")
        where, sep, what = rest.partition(": ")
        problems.append((file, where, what) if sep and "!" in where else (file, "", rest))
    _rows(ws, st, h + 1, problems, {2: st.wrap})
    wb.close()
