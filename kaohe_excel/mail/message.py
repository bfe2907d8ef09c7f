"""One mail message and its bytes on the wire, written by hand.

Why by hand: `EmailMessage.add_attachment` names a Chinese attachment the RFC 2231 way
(`filename*=utf-8''%E5%B8%82…`), which Outlook and QQ Mail show as a garbled or generic name.
What every client in a Chinese office reads (Outlook, Foxmail, QQ Mail, 163, Tencent Exmail)
is the RFC 2047 encoded-word inside the quotes of both `Content-Type; name=` and
`Content-Disposition; filename=`, so that is what is written here. The From display name is
encoded alone with `email.utils.formataddr`; the address itself stays plain.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import uuid
from dataclasses import dataclass, field, replace
from email.utils import formataddr, formatdate, make_msgid

from .addresses import unique

CRLF = "\r\n"
_WORD_BYTES = 45  # 45 bytes -> 60 base64 characters: an encoded word stays within 75 (RFC 2047)
_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


@dataclass(frozen=True)
class Attachment:
    name: str  # the file name the recipient sees
    data: bytes = field(repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def content_type(self) -> str:
        suffix = "." + self.name.rsplit(".", 1)[-1].lower() if "." in self.name else ""
        return _TYPES.get(suffix) or mimetypes.guess_type(self.name)[0] or "application/octet-stream"


@dataclass(frozen=True)
class Message:
    sender: str
    sender_name: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    text: str
    html: str
    attachments: tuple[Attachment, ...] = ()
    message_id: str = ""
    date: str = ""
    label: str = ""  # what the office calls the recipient (file names of the outbox); not sent

    @property
    def recipients(self) -> list[str]:
        """Every envelope recipient once (To and Cc; case does not count)."""
        return unique([*self.to, *self.cc])

    def stamped(self) -> Message:
        """The message with a Date and a Message-ID (kept if it has them)."""
        domain = self.sender.rsplit("@", 1)[-1] if "@" in self.sender else None
        return replace(self, message_id=self.message_id or make_msgid(domain=domain),
                       date=self.date or formatdate(localtime=True))

    def as_bytes(self) -> bytes:
        return render(self.stamped()).encode("ascii")


def encoded_words(text: str) -> list[str]:
    """`text` as RFC 2047 B encoded words, each at most 75 characters, never splitting a
    character between two words (some clients decode each word on its own)."""
    words: list[str] = []
    chunk = b""
    for ch in text:
        piece = ch.encode("utf-8")
        if len(chunk) + len(piece) > _WORD_BYTES:
            words.append(_word(chunk))
            chunk = b""
        chunk += piece
    if chunk or not words:
        words.append(_word(chunk))
    return words


def _word(data: bytes) -> str:
    return "=?utf-8?b?" + base64.b64encode(data).decode("ascii") + "?="


def header_text(text: str) -> str:
    """An unstructured header value (Subject): plain ASCII as is, anything else encoded.
    Line breaks a template or a cell might hold never reach the header."""
    text = " ".join(text.split())
    if text.isascii() and "=?" not in text:
        return text
    return (CRLF + " ").join(encoded_words(text))


def quoted_name(name: str) -> str:
    """A file name for `name="…"` / `filename="…"`: encoded words inside the quotes."""
    name = " ".join(name.split()).replace('"', "'").replace("\\", "_")
    if name.isascii() and "=?" not in name:
        return f'"{name}"'
    return '"' + (CRLF + " ").join(encoded_words(name)) + '"'


def _base64_lines(data: bytes) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return CRLF.join(encoded[i:i + 76] for i in range(0, len(encoded), 76))


def _text_part(body: str, subtype: str) -> list[str]:
    return [f'Content-Type: text/{subtype}; charset="utf-8"',
            "Content-Transfer-Encoding: base64", "",
            _base64_lines(body.replace("\r\n", "\n").replace("\n", CRLF).encode("utf-8"))]


def _attachment_part(a: Attachment) -> list[str]:
    name = quoted_name(a.name)
    return [f"Content-Type: {a.content_type};{CRLF} name={name}",
            f"Content-Disposition: attachment;{CRLF} filename={name}",
            "Content-Transfer-Encoding: base64", "",
            _base64_lines(a.data)]


def render(m: Message) -> str:
    """The whole message: multipart/mixed of (text + HTML alternative) and the attachments."""
    outer = "=_kaohe_" + uuid.uuid4().hex  # "=_" never occurs in base64, so never in a body
    inner = "=_kaohe_alt_" + uuid.uuid4().hex
    lines = [
        "From: " + formataddr((" ".join(m.sender_name.split()), m.sender), charset="utf-8"),
        "To: " + ", ".join(m.to),
        *(["Cc: " + ", ".join(m.cc)] if m.cc else []),
        "Subject: " + header_text(m.subject),
        "Date: " + m.date,
        "Message-ID: " + m.message_id,
        "MIME-Version: 1.0",
        f'Content-Type: multipart/mixed; boundary="{outer}"',
        "",
        "This is a multi-part message in MIME format.",
        f"--{outer}",
        f'Content-Type: multipart/alternative; boundary="{inner}"',
        "",
        f"--{inner}",
        *_text_part(m.text, "plain"),
        f"--{inner}",
        *_text_part(m.html, "html"),
        f"--{inner}--",
    ]
    for a in m.attachments:
        lines += [f"--{outer}", *_attachment_part(a)]
    lines += [f"--{outer}--", ""]
    return CRLF.join(lines)
