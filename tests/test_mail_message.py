"""The bytes of a message: Chinese attachment names as RFC 2047 encoded words in both
`name=` and `filename=` (never RFC 2231), the From name encoded alone, no header injection,
bodies and attachments that parse back. Checked on the raw text and with the `email` package."""

from __future__ import annotations

import email
import email.policy
import re
from email.header import decode_header, make_header

from kaohe_excel.mail.addresses import split_addresses
from kaohe_excel.mail.message import Attachment, Message
from kaohe_excel.mail.templates import environment, render

NAME = "投资项目审批窗口（发改）_2026Q4_季度考评结果.xlsx"
DATA = bytes(range(256)) * 40


def _message(**kw: object) -> Message:
    fields: dict[str, object] = {
        "sender": "dc@zwfw.example.gov.cn", "sender_name": "XX市行政服务中心督查管理处",
        "to": ("w12@zwfw.example.gov.cn",), "cc": ("a@zwfw.example.gov.cn",),
        "subject": "2026年第四季度考评结果（投资项目审批窗口）", "text": "正文\n第二行",
        "html": "<p>正文</p>", "attachments": (Attachment(NAME, DATA),)}
    fields.update(kw)
    return Message(**fields)  # type: ignore[arg-type]


def _unfolded_headers(raw: str) -> list[str]:
    return re.sub(r"\r\n[ \t]", " ", raw).split("\r\n")


def test_attachment_name_is_an_encoded_word_in_both_headers_never_rfc2231():
    raw = _message().as_bytes().decode("ascii")
    lines = _unfolded_headers(raw)
    ctype = next(h for h in lines if h.startswith("Content-Type: application/vnd.openxml"))
    disp = next(h for h in lines if h.startswith("Content-Disposition: attachment"))
    for header, param in ((ctype, "name"), (disp, "filename")):
        value = re.search(rf'\b{param}="([^"]*)"', header)
        assert value, header
        assert value[1].startswith("=?utf-8?b?")
        assert all(len(w) <= 75 for w in value[1].split())
        assert str(make_header(decode_header(value[1]))) == NAME
    assert "*=" not in raw and "filename*" not in raw and "name*" not in raw
    assert max(len(line) for line in raw.split("\r\n")) <= 998  # RFC 5322's hard limit


def test_from_display_name_is_encoded_alone_and_the_address_stays_plain():
    raw = _message().as_bytes().decode("ascii")
    sender = next(h for h in _unfolded_headers(raw) if h.startswith("From: "))
    assert re.fullmatch(r"From: =\?utf-8\?b\?[A-Za-z0-9+/=]+\?= <dc@zwfw\.example\.gov\.cn>", sender)
    parsed = email.message_from_bytes(raw.encode(), policy=email.policy.default)
    assert str(parsed["From"]) == "XX市行政服务中心督查管理处 <dc@zwfw.example.gov.cn>"


def test_the_message_parses_back_to_the_same_subject_bodies_and_bytes():
    m = email.message_from_bytes(_message().as_bytes(), policy=email.policy.default)
    assert m["Subject"] == "2026年第四季度考评结果（投资项目审批窗口）"
    assert m["To"] == "w12@zwfw.example.gov.cn" and m["Cc"] == "a@zwfw.example.gov.cn"
    assert m.get_body(("plain",)).get_content().splitlines() == ["正文", "第二行"]
    assert m.get_body(("html",)).get_content() == "<p>正文</p>"
    (part,) = list(m.iter_attachments())
    assert part.get_filename() == NAME
    assert part.get_payload(decode=True) == DATA
    assert part.get_content_type() == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_line_break_in_a_subject_or_name_never_starts_a_header():
    raw = _message(subject="结果\r\nBcc: x@evil.example", sender_name="中心\nBcc: y@evil.example",
                   attachments=(Attachment('a"\r\nX-Evil: 1.xlsx', b"x"),)).as_bytes()
    text = raw.decode("ascii")
    assert "\r\nBcc:" not in text and "\r\nX-Evil" not in text
    m = email.message_from_bytes(raw, policy=email.policy.default)
    assert m["Bcc"] is None and m["X-Evil"] is None
    assert m["Subject"] == "结果 Bcc: x@evil.example"


def test_addresses_as_clerks_type_them():
    assert split_addresses(" a@x.cn；b@x.cn, a@X.cn ") == (["a@x.cn", "b@x.cn"], [])
    assert split_addresses("张三@x.cn;a@@x.cn;b@x") == ([], ["张三@x.cn", "a@@x.cn", "b@x"])
    assert split_addresses("") == ([], [])


def test_html_body_escapes_what_a_cell_holds_and_the_text_body_keeps_it():
    context = {"center": "中心", "period_label": "2026年第四季度", "sender_name": "督查<管理>处",
               "today": "2026年12月31日", "period": "2026Q4", "window": '<b>税务&"窗口"</b>',
               "window_id": "W02", "head": "", "attachments": ["<script>.xlsx"]}
    out = render(environment(), "quarter", context)
    assert '<b>税务&"窗口"</b>' in out.text and "<script>.xlsx" in out.text
    assert "&lt;b&gt;税务&amp;&#34;窗口&#34;&lt;/b&gt;" in out.html
    assert "<script>" not in out.html and "督查&lt;管理&gt;处" in out.html
    assert out.subject == '中心2026年第四季度窗口及工作人员绩效考评结果（<b>税务&"窗口"</b>）'
