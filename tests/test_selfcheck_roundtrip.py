"""make → fill → collect → `kaohe month`: the scores are what the filled items imply.

The expected scores are worked out by hand from docs/rules.md.
"""

from __future__ import annotations

from book_helpers import run, table
from selfcheck_helpers import MONTH, NAMES, D, fill, make_book, returned_dir

RESULT = "月度考评结果_2026-11_公示稿.xlsx"


def test_round_trip_gives_the_scores_the_items_imply(tmp_path, capsys):
    book = make_book(tmp_path)
    assert run(capsys, "selfcheck", "make", book, "--month", MONTH)[0] == 0
    back = returned_dir(tmp_path)

    w01 = fill(book, "W01")
    w01.item(1, "1002 李四", D(2026, 11, 3), "P1-03")  # the office has it: counted once
    w01.item(2, "1002", "2026/11/5", "p3-01", "２")  # late twice: ladder 2 → −5
    w01.item(3, "1001 张三", D(2026, 11, 12), "B-07", " 3 ", review="修改", new_qty=1)  # +0.1
    w01.item(4, "1001 张三", D(2026, 11, 13), "B-05", review="不同意")  # not counted
    for n, d in enumerate((12, 13, 16, 17), start=5):  # four letters, capped at 0.3
        w01.item(n, "1005 周八", D(2026, 11, d), "B-06", event=f"感谢信{d}")
    w01.item(1, day=D(2026, 11, 18), code="WB-10", event="信息：延时服务", window=True)  # +0.5
    w01.sign()
    w01.save(back / NAMES["W01"])

    w02 = fill(book, "W02")
    w02.item(1, "1003 王五", D(2026, 11, 4), "B-07", 2)  # the office has these two
    w02.item(2, "赵六", D(2026, 11, 20), "P1-18", "3.0")  # −2 × 3
    w02.sign("赵六", "王五")
    w02.save(back / NAMES["W02"])

    code, out, err = run(capsys, "selfcheck", "collect", book, "--month", MONTH, back)
    assert (code, err) == (0, [])
    code, out, err = run(capsys, "month", book, "--month", MONTH)
    assert (code, err) == (0, [])

    people = table(tmp_path / RESULT, "个人排名", "排名").by("工号")
    scores = {pid: (people[pid]["得分"], people[pid]["等级"]) for pid in people}
    assert scores == {
        "1001": (100.1, "超标"),  # B-07 +0.1 (the head changed 3 to 1); B-05 rejected
        "1002": (93, "达标"),  # P1-03 −2 (office and self-check: once), P3-01 ×2 → −5
        "1005": (100.3, "超标"),  # B-06 four times +0.4, monthly cap 0.3
        "1003": (100.2, "超标"),  # B-07 ×2 +0.2 (office; the self-check adds nothing)
        "1004": (94, "达标"),  # P1-18 ×3 −6
        "1006": (100, "达标"),  # 税务窗口 returned nothing: nothing to score
    }
    windows = table(tmp_path / RESULT, "窗口排名", "排名").by("窗口编号")
    assert {w: windows[w]["得分"] for w in windows} == {
        # the staff's mean, then window rows; WB-06 +0.5 for 200–399 cases (120 a person)
        "W01": 98.8,  # (100.1 + 93 + 100.3) / 3 = 97.8, WB-10 +0.5 (self-check), WB-06 +0.5
        "W02": 96.6,  # (100.2 + 94) / 2 = 97.1, WD-01 −1 (office), WB-06 +0.5
        "W03": 100,  # 120 cases: no WB-06
    }
