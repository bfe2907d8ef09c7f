"""`kaohe mail` against a real SMTP server (aiosmtpd on 127.0.0.1), on the demo year.

Every expectation comes from the office book (窗口.邮箱, the 工作区长's 人员.邮箱, 设置) and the
files `kaohe quarter` / `kaohe year` wrote, never from the mail code itself.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from book_helpers import run
from mail_helpers import (
    ARCHIVE,
    PASSWORD,
    QUARTER,
    SENDER,
    SENDER_NAME,
    YEAR,
    Recorder,
    attachments,
    body_text,
    demo_center,
    mail_settings,
    self_signed,
    set_settings,
    smtp_server,
)

from kaohe_excel import api
from kaohe_excel.core import words as W
from kaohe_excel.core.periods import parse_quarter
from kaohe_excel.mail.plan import quarter_plan
from kaohe_excel.mail.run import Batch

pytestmark = [
    # aiosmtpd's own: its AUTH hook still reads a deprecated attribute, and implicit TLS is
    # not the STARTTLS it checks for
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning"),
]


def _roster(book: Path) -> tuple[dict[str, tuple[str, str]], dict[str, object]]:
    """{工号: (姓名, 窗口编号)} and {窗口编号: Window} as the book holds them."""
    loaded = api.load_month(book, f"{YEAR}-12")
    people = {p.id: (p.name, p.window_id) for p in loaded.inputs.people}
    return people, {w.id: w for w in loaded.inputs.windows}


def _heads(book: Path) -> dict[str, str]:
    """{窗口编号: the 工作区长's 邮箱}, read with openpyxl from 人员."""
    ws = openpyxl.load_workbook(book, read_only=True)["人员"]
    rows = list(ws.iter_rows(values_only=True))
    h = list(rows[0])
    return {r[h.index("窗口编号")]: r[h.index("邮箱")] for r in rows[1:]
            if r[0] and r[h.index("岗位")] == W.Post.HEAD and not r[h.index("离开日期")]}


def _window_files(book: Path) -> dict[str, Path]:
    """{窗口名称: its workbook} from the folder kaohe quarter wrote."""
    folder = book.with_name(f"季度考评结果_{QUARTER}_各窗口")
    return {p.name.split(f"_{QUARTER}_")[0]: p for p in folder.glob("*.xlsx")}


def _log(book: Path, period: str = QUARTER) -> dict[str, dict[str, object]]:
    data = json.loads((book.with_name("发件箱") / f"发送记录_{period}.json").read_text("utf-8"))
    return data["messages"]


def _send_quarter(tmp_path: Path, capsys) -> tuple[Path, Recorder, list[str], list[str]]:
    """`kaohe mail --quarter` for the demo center through a real SMTP server; it must succeed.
    Returns the book, what the server received, and the command's stdout and stderr lines."""
    book = demo_center(tmp_path)
    handler = Recorder()
    with smtp_server(handler) as port:
        set_settings(book, mail_settings(port))
        code, out, err = run(capsys, "mail", book, "--quarter", QUARTER)
    assert code == 0, err
    return book, handler, out, err


def test_each_window_gets_its_workbook_with_the_right_recipients(tmp_path, capsys):
    book, handler, out, err = _send_quarter(tmp_path, capsys)
    _, windows = _roster(book)
    heads = _heads(book)
    files = _window_files(book)
    assert len(handler.received) == len(windows) == 12
    assert len(handler.connections) == 1  # one connection for all twelve
    by_to = {r.message["To"]: r for r in handler.received}
    for wid, w in windows.items():
        got = by_to[w.email]  # type: ignore[attr-defined]
        msg = got.message
        assert sorted(got.rcpt_tos) == sorted([w.email, heads[wid], ARCHIVE])  # type: ignore[attr-defined]
        assert got.mail_from == SENDER
        assert msg["Cc"] == f"{heads[wid]}, {ARCHIVE}"
        assert msg["Subject"] == f"XX市行政服务中心2026年第四季度窗口及工作人员绩效考评结果（{w.name}）"  # type: ignore[attr-defined]
        assert str(msg["From"]) == f"{SENDER_NAME} <{SENDER}>"
        plain, html = body_text(msg)
        assert plain.splitlines()[0] == f"{w.name}："  # type: ignore[attr-defined]
        assert "2026年第四季度" in plain and "2026年第四季度" in html
        sent = attachments(msg)
        name = files[w.name].name  # type: ignore[attr-defined]
        assert list(sent) == [name]
        assert sent[name] == files[w.name].read_bytes()  # type: ignore[attr-defined]
        wb = openpyxl.load_workbook(io.BytesIO(sent[name]), read_only=True)
        assert "个人季度" in wb.sheetnames
    assert any("已发送 12 封" in line for line in out)
    assert any(line.startswith("[12/12]") for line in err)
    assert all(e["status"] == "sent" for e in _log(book).values())


def test_no_window_message_holds_another_windows_staff(tmp_path, capsys):
    book, handler, _, _ = _send_quarter(tmp_path, capsys)
    people, windows = _roster(book)
    name_of = {w.email: wid for wid, w in windows.items()}  # type: ignore[attr-defined]
    seen_staff = 0
    for got in handler.received:
        wid = name_of[got.message["To"]]
        others = {pid: n for pid, (n, w) in people.items() if w != wid}
        own_names = {n for n, w in people.values() if w == wid}
        plain, html = body_text(got.message)
        for data in attachments(got.message).values():
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            for ws in wb.worksheets:
                for row in ws.iter_rows(values_only=True):
                    for cell in row:
                        text = str(cell) if cell is not None else ""
                        assert text not in others, f"{wid}: {text}"
                        assert text in own_names or text not in others.values(), f"{wid}: {text}"
            rows = list(wb["个人季度"].iter_rows(values_only=True))
            at = next(r for r in rows if r[0] == "排名").index("工号")
            staff = [r for r in rows if r[at] in people]
            assert staff and all(people[str(r[at])][1] == wid for r in staff)
            seen_staff += len(staff)
        for n in set(others.values()) - own_names:
            assert n not in plain and n not in html
    assert seen_staff >= 50  # every window's staff was read back, not an empty check


def test_a_server_failing_from_the_third_message_then_a_rerun_sends_the_rest(tmp_path, capsys):
    book = demo_center(tmp_path)
    handler = Recorder(fail_from=3)
    with smtp_server(handler) as port:
        set_settings(book, mail_settings(port))
        code, out, _ = run(capsys, "mail", book, "--quarter", QUARTER)
        assert code == 3
        assert len(handler.received) == 2
        first = {r.message["To"] for r in handler.received}
        log = _log(book)
        assert sorted(e["status"] for e in log.values()) == ["failed"] * 10 + ["sent"] * 2
        assert any("失败 10 封" in line for line in out)
        assert any("421" in line for line in out)

        handler.fail_from = None  # the next day: the quota is back
        code, out, _ = run(capsys, "mail", book, "--quarter", QUARTER)
    assert code == 0
    assert len(handler.received) == 12
    again = [r.message["To"] for r in handler.received[2:]]
    assert len(again) == len(set(again)) == 10 and not first & set(again)
    assert any("此前已发送 2 封" in line for line in out)
    assert all(e["status"] == "sent" for e in _log(book).values())


def test_a_connection_dropped_after_data_is_uncertain_and_not_sent_again(tmp_path, capsys):
    book = demo_center(tmp_path)
    handler = Recorder(drop_at=3)
    with smtp_server(handler) as port:
        set_settings(book, mail_settings(port))
        code, out, _ = run(capsys, "mail", book, "--quarter", QUARTER)
        assert code == 3
        assert len(handler.received) == 12  # the server did take the third one
        third = handler.received[2].message["To"]
        uncertain = [e for e in _log(book).values() if e["status"] == "uncertain"]
        assert [e["to"] for e in uncertain] == [[third]]
        assert any("待确认 1 封" in line for line in out)
        assert len(handler.connections) == 2  # reconnected once after the drop

        handler.drop_at = None
        code, out, _ = run(capsys, "mail", book, "--quarter", QUARTER)
        assert code == 3  # still 待确认: listed, not re-sent
        assert len(handler.received) == 12
        assert any("待确认" in line and "上次发送中断" in line for line in out)
        assert any("本次发送 0 封" in line for line in out)

        code, out, _ = run(capsys, "mail", book, "--quarter", QUARTER, "--retry-uncertain")
    assert code == 0
    assert [r.message["To"] for r in handler.received[12:]] == [third]


def test_refused_recipients_come_from_the_servers_answer(tmp_path, capsys):
    book = demo_center(tmp_path)
    handler = Recorder(refuse={ARCHIVE})
    with smtp_server(handler) as port:
        set_settings(book, mail_settings(port))
        code, out, _ = run(capsys, "mail", book, "--quarter", QUARTER)
    assert code == 3  # delivered, but the archive copy was refused: worth a look
    assert len(handler.received) == 12
    assert all(ARCHIVE not in r.rcpt_tos for r in handler.received)
    log = _log(book)
    assert all(e["status"] == "sent" and list(e["refused"]) == [ARCHIVE] for e in log.values())
    assert sum(1 for line in out if line.startswith("  拒收") and "550" in line) == 12


@pytest.mark.parametrize("tls", ["STARTTLS", "SSL"])
def test_auth_over_tls_with_a_self_signed_certificate(tmp_path, capsys, monkeypatch, tls):
    book = demo_center(tmp_path)
    cert = self_signed(tmp_path / "tls")
    handler = Recorder()
    monkeypatch.setenv("KAOHE_SMTP_PASSWORD", PASSWORD)
    server = ({"starttls": cert.server_context()} if tls == "STARTTLS"
              else {"implicit_tls": cert.server_context()})
    with smtp_server(handler, **server) as port:
        # without trusting the certificate nothing is sent, and one line says why
        set_settings(book, mail_settings(port, tls))
        code, out, err = run(capsys, "mail", book, "--quarter", QUARTER)
        assert code == 3
        assert [line for line in out if "停止原因" in line and "证书未通过验证" in line]
        assert handler.received == []

        # through the API, trusting the certificate by an SSL context the test passes
        plan = quarter_plan(book, parse_quarter(QUARTER))
        summary = Batch(plan).send(context=cert.client_context())
        assert len(summary.sent) == 12 and summary.ok
        assert len(handler.received) == 12
        assert {r.mail_from for r in handler.received} == {SENDER}

        # the certificate file named in 设置 (the clerk's way to trust it), after the send
        # log is moved away: all twelve go again
        set_settings(book, {"邮件服务器证书": str(cert.cert)})
        (book.with_name("发件箱") / f"发送记录_{QUARTER}.json").unlink()
        code, out, err = run(capsys, "mail", book, "--quarter", QUARTER)
    assert code == 0, out
    assert len(handler.received) == 24
    assert "Traceback" not in "\n".join(out + err)


def test_a_wrong_password_is_one_chinese_line_and_nothing_is_marked_sent(tmp_path, capsys,
                                                                          monkeypatch):
    book = demo_center(tmp_path)
    cert = self_signed(tmp_path / "tls")
    handler = Recorder()
    wrong = "wrong-" + PASSWORD
    monkeypatch.setenv("KAOHE_SMTP_PASSWORD", wrong)
    with smtp_server(handler, implicit_tls=cert.server_context()) as port:
        set_settings(book, mail_settings(port, "SSL", 邮件服务器证书=str(cert.cert)))
        code, out, err = run(capsys, "mail", book, "--quarter", QUARTER)
    assert code == 3
    assert handler.received == []
    stop = [line for line in out if "停止原因" in line]
    assert len(stop) == 1 and "邮箱登录失败" in stop[0] and "535" in stop[0]
    assert err == []  # no progress line: nothing was tried
    everything = "\n".join(out + err)
    assert "Traceback" not in everything and wrong not in everything and PASSWORD not in everything
    log = book.with_name("发件箱") / f"发送记录_{QUARTER}.json"
    assert not log.exists() or all(e["status"] != "sent" for e in _log(book).values())


def test_the_password_never_reaches_a_file_a_message_or_the_terminal(tmp_path, capsys,
                                                                    monkeypatch):
    book = demo_center(tmp_path)
    cert = self_signed(tmp_path / "tls")
    handler = Recorder(drop_at=2, refuse={ARCHIVE})  # the paths that write errors too
    monkeypatch.setenv("KAOHE_SMTP_PASSWORD", PASSWORD)
    with smtp_server(handler, starttls=cert.server_context()) as port:
        set_settings(book, mail_settings(port, "STARTTLS", 邮件服务器证书=str(cert.cert)))
        _, out1, err1 = run(capsys, "mail", book, "--quarter", QUARTER)
        _, out2, err2 = run(capsys, "mail", book, "--quarter", QUARTER, "--dry-run",
                            "--retry-uncertain")
        _, out3, err3 = run(capsys, "-v", "mail", book, "--quarter", QUARTER, "--retry-uncertain")
    assert len(handler.received) == 13
    needle = PASSWORD.encode("utf-8")
    files = [p for p in book.parent.rglob("*") if p.is_file()]
    assert any(p.suffix == ".eml" for p in files) and any(p.suffix == ".json" for p in files)
    for path in files:
        assert needle not in path.read_bytes(), path
    for r in handler.received:
        assert needle not in r.data
    terminal = "\n".join(out1 + err1 + out2 + err2 + out3 + err3)
    assert PASSWORD not in terminal


def test_dry_run_eml_files_hold_what_is_then_sent(tmp_path, capsys):
    book = demo_center(tmp_path)
    handler = Recorder()
    with smtp_server(handler) as port:
        set_settings(book, mail_settings(port))
        code, out, _ = run(capsys, "mail", book, "--quarter", QUARTER, "--dry-run")
        assert code == 0 and handler.received == []
        assert not (book.with_name("发件箱") / f"发送记录_{QUARTER}.json").exists()
        emls = sorted((book.with_name("发件箱") / QUARTER).glob("*.eml"))
        assert len(emls) == 12
        code, _, _ = run(capsys, "mail", book, "--quarter", QUARTER)
    assert code == 0
    import email
    import email.policy

    def content(raw: bytes) -> tuple[object, ...]:
        m = email.message_from_bytes(raw, policy=email.policy.default)
        plain, html = body_text(m)  # type: ignore[arg-type]
        return (m["From"], m["To"], m["Cc"], m["Subject"], plain, html,
                attachments(m))  # type: ignore[arg-type]

    dry = sorted((content(p.read_bytes()) for p in emls), key=lambda c: str(c[1]))
    sent = sorted((content(r.data) for r in handler.received), key=lambda c: str(c[1]))
    assert dry == sent
