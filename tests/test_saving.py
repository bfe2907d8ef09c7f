"""Writing files safely: a result appears complete or not at all, a failed write leaves the
target and the folder as they were, and a workbook that Excel holds open is never written over."""

from __future__ import annotations

import stat
from pathlib import Path

import openpyxl
import pytest
from book_helpers import MONTH, RESULT_NAME, files_in, new_book, run, sha256, small_book

from kaohe_excel.errors import FileProblem
from kaohe_excel.files import saving
from kaohe_excel.files.saving import write_atomically

PAYLOAD = b"PK" + bytes(range(256)) * 4096  # 1 MiB, not all written at once below


def _write_payload(seen: list[Path], target: Path):
    def write(tmp: Path) -> None:
        seen.append(tmp)
        # while the file is being written, the target is not there yet (or still the old one)
        assert tmp != target
        assert tmp.parent == target.parent  # same folder, so the final move is one step
        with open(tmp, "wb") as f:
            for i in range(0, len(PAYLOAD), 65536):
                f.write(PAYLOAD[i:i + 65536])
                assert not target.exists() or target.read_bytes() != PAYLOAD
    return write


def test_the_result_appears_complete(tmp_path):
    target = tmp_path / "结果.xlsx"
    seen: list[Path] = []
    saved = write_atomically(target, _write_payload(seen, target))
    assert saved.path == target
    assert saved.diverted_from is None
    assert "正在被 Excel 打开" not in saved.message
    assert target.read_bytes() == PAYLOAD
    assert files_in(tmp_path) == {"结果.xlsx"}
    assert len(seen) == 1 and not seen[0].exists()


def test_an_existing_target_is_replaced_whole(tmp_path):
    target = tmp_path / "结果.xlsx"
    target.write_bytes(b"old result " * 500_000)  # longer than the new one
    write_atomically(target, _write_payload([], target))
    assert target.read_bytes() == PAYLOAD
    assert files_in(tmp_path) == {"结果.xlsx"}


class Boom(Exception):
    pass


def _half_then(error: BaseException):
    def write(tmp: Path) -> None:
        tmp.write_bytes(PAYLOAD[: len(PAYLOAD) // 2])
        raise error
    return write


@pytest.mark.parametrize("error", [Boom("disk full"), KeyboardInterrupt()])
def test_a_failed_write_leaves_the_target_untouched(tmp_path, error):
    target = tmp_path / "结果.xlsx"
    target.write_bytes(b"last month's result")
    before = sha256(target)
    with pytest.raises(type(error)):
        write_atomically(target, _half_then(error))
    assert sha256(target) == before
    assert files_in(tmp_path) == {"结果.xlsx"}  # no temp file left behind


def test_a_failed_first_write_leaves_nothing(tmp_path):
    target = tmp_path / "结果.xlsx"
    with pytest.raises(Boom):
        write_atomically(target, _half_then(Boom("no")))
    assert files_in(tmp_path) == set()


def test_a_missing_folder_is_a_file_problem(tmp_path):
    target = tmp_path / "没有的目录" / "结果.xlsx"
    with pytest.raises(FileProblem):
        write_atomically(target, _write_payload([], target))
    assert files_in(tmp_path) == set()


def test_a_workbook_open_in_excel_is_not_written_over(tmp_path):
    target = tmp_path / "结果.xlsx"
    target.write_bytes(b"the result the user is looking at in Excel")
    owner = tmp_path / "~$结果.xlsx"
    owner.write_bytes(b"Excel owner file")
    before = sha256(target)

    saved = write_atomically(target, _write_payload([], target))

    assert sha256(target) == before
    assert saved.diverted_from == target
    assert saved.path != target
    assert saved.path.parent == tmp_path
    assert saved.path.suffix == ".xlsx"
    assert saved.path.read_bytes() == PAYLOAD
    assert "正在被 Excel 打开" in saved.message
    assert saved.path.name in saved.message
    assert owner.read_bytes() == b"Excel owner file"
    assert files_in(tmp_path) == {"结果.xlsx", "~$结果.xlsx", saved.path.name}


def test_month_beside_a_result_open_in_excel(tmp_path, capsys):
    book = new_book(tmp_path / "考核工作簿.xlsx", small_book())
    code, out, err = run(capsys, "month", book, "--month", MONTH)
    assert (code, err) == (0, [])
    result = tmp_path / RESULT_NAME
    before = sha256(result)
    (tmp_path / ("~$" + RESULT_NAME)).write_bytes(b"owner")

    code, out, err = run(capsys, "month", book, "--month", MONTH)

    assert code == 0
    assert len(err) == 1, err
    assert "正在被 Excel 打开" in err[0]
    assert sha256(result) == before
    new = set(files_in(tmp_path)) - {"考核工作簿.xlsx", RESULT_NAME, "~$" + RESULT_NAME,
                                     "考核工作簿_自查表签名密钥.key"}
    assert len(new) == 1, new
    (name,) = new
    assert name.endswith(".xlsx") and name in err[0]
    assert out[-1] == f"结果（公示稿）：{tmp_path / name}"
    ws = openpyxl.load_workbook(tmp_path / name)["个人排名"]
    assert ws["A1"].value == "XX市行政服务中心2026年11月窗口及工作人员绩效考评结果（公示稿）"


def test_a_new_file_gets_the_umask_permissions_not_0600(tmp_path, monkeypatch):
    """A result on a shared folder opens for colleagues: mkstemp's 0600 is not kept (the
    umask is set to 022 here, as the one read at import could itself give 0600)."""
    monkeypatch.setattr(saving, "_UMASK", 0o022)
    saved = write_atomically(tmp_path / "结果.xlsx", lambda p: p.write_bytes(b"x"))
    assert stat.S_IMODE(saved.path.stat().st_mode) == 0o644


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "结果.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomically(target, lambda p: p.write_bytes(b"new"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_bytes() == b"new"
