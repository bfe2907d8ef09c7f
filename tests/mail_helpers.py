"""Shared helpers of the mail tests: a real SMTP server (aiosmtpd) on 127.0.0.1 that records
what it receives and misbehaves on request, self-signed certificates made here, the demo
year's office book with its quarter and year results, and the 设置 edited as a clerk would.

Nothing here decides what a test expects; it only starts servers and makes files.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import email
import email.policy
import functools
import ipaddress
import shutil
import socket
import ssl
import tempfile
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import openpyxl
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kaohe_excel import api
from kaohe_excel.cli.main import main
from kaohe_excel.mail.plan import letter_folder, letter_path
from kaohe_excel.officebook.demo import demo_year_data

# aiosmtpd warns, from its server thread, that AUTH is allowed without STARTTLS; with implicit
# TLS (SMTP_SSL) the whole connection is TLS, so the warning does not apply
warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS",
                        category=UserWarning)

USER = "dc@zwfw.example.gov.cn"
PASSWORD = "S3cret-pw-7f2a9c41"  # grepped for in every output
SENDER = "dc@zwfw.example.gov.cn"
SENDER_NAME = "XX市行政服务中心督查管理处"
ARCHIVE = "archive@zwfw.example.gov.cn"


# --- the server -----------------------------------------------------------------------

@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Recorder:
    """An aiosmtpd handler. `fail_from`: from this message on, answer 421 (the server's
    quota is used up and it closes); `drop_at`: take this message, then cut the connection
    before answering (the 待确认 case); `refuse`: recipients answered 550; `drop_on_quit`:
    QUIT is never answered."""

    fail_from: int | None = None
    drop_at: int | None = None
    refuse: set[str] = field(default_factory=set)
    drop_on_quit: bool = False  # QUIT gets no answer: quit() raises after the mail went out
    received: list[Received] = field(default_factory=list)
    data_commands: int = 0
    connections: set[int] = field(default_factory=set)

    async def handle_EHLO(self, server: Any, session: Any, envelope: Any, hostname: str,
                          responses: list[str]) -> list[str]:
        session.host_name = hostname
        self.connections.add(id(session))
        return responses

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.data_commands += 1
        if self.fail_from is not None and self.data_commands >= self.fail_from:
            return "421 4.7.0 daily sending quota exceeded, closing"
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      envelope.original_content))
        if self.drop_at == self.data_commands:
            server.transport.close()  # the message is taken, the answer never comes
        return "250 OK"


    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop_on_quit:
            server.transport.close()
        return "221 Bye"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str,
                   auth_data: Any) -> AuthResult:
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode()
          and auth_data.password == PASSWORD.encode())
    return AuthResult(success=ok, handled=False)


@contextlib.contextmanager
def smtp_server(handler: Recorder, *, starttls: ssl.SSLContext | None = None,
                implicit_tls: ssl.SSLContext | None = None) -> Iterator[int]:
    """A running server on 127.0.0.1; yields its port. With a TLS context it requires AUTH."""
    port = free_port()
    kwargs: dict[str, Any] = {}
    if starttls is not None:
        kwargs = {"tls_context": starttls, "require_starttls": True, "auth_required": True,
                  "auth_require_tls": True, "authenticator": _authenticator}
    if implicit_tls is not None:
        kwargs = {"ssl_context": implicit_tls, "auth_required": True, "auth_require_tls": False,
                  "authenticator": _authenticator}
    controller = Controller(handler, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


# --- certificates -------------------------------------------------------------------

@dataclass(frozen=True)
class Cert:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(self.cert, self.key)
        return ctx

    def client_context(self) -> ssl.SSLContext:
        """Trusts this certificate only; verification and host name checks stay on."""
        return ssl.create_default_context(cafile=str(self.cert))


def self_signed(folder: Path) -> Cert:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kaohe test SMTP")])
    now = dt.datetime.now(dt.UTC)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, False, False, False),
                       critical=True)
        .add_extension(ski, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    paths = Cert(folder / "smtp-cert.pem", folder / "smtp-key.pem")
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                            serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))
    return paths


# --- the book -----------------------------------------------------------------------

def set_settings(book: Path, values: dict[str, object]) -> None:
    """Type values into the 设置 sheet (the 值 column of each 项目 row) and save."""
    wb = openpyxl.load_workbook(book)
    ws = wb["设置"]
    left = dict(values)
    for row in ws.iter_rows(min_row=2):
        if row[0].value in left:
            row[1].value = left.pop(str(row[0].value))
    assert not left, f"no such settings: {left}"
    wb.save(book)


def mail_settings(port: int, security: str = "无", **more: object) -> dict[str, object]:
    return {"邮件服务器": "127.0.0.1", "邮件端口": port, "邮件加密方式": security,
            "邮件用户名": USER, "发件人邮箱": SENDER, "发件人名称": SENDER_NAME,
            "归档抄送邮箱": ARCHIVE, "发送间隔秒": 0, **more}


def write_letter(path: Path, paragraphs: list[str]) -> None:
    """A minimal .docx (what `kaohe notices --year` writes is a richer one)."""
    body = "".join(f"<w:p><w:r><w:t>{_xml(p)}</w:t></w:r></w:p>" for p in paragraphs)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                   f"<w:body>{body}</w:body></w:document>")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def letters(book: Path, year: int) -> dict[str, Path]:
    """{派出单位: its feedback letter} as `kaohe notices --year` wrote them."""
    units = openpyxl.load_workbook(book, read_only=True)["派出单位"]
    found = {str(r[0]): letter_path(book, year, str(r[0]))
             for r in units.iter_rows(min_row=2, values_only=True) if r[0]}
    assert all(p.is_file() for p in found.values()), letter_folder(book, year)
    return found


def attachments(message: EmailMessage) -> dict[str, bytes]:
    out = {}
    for part in message.iter_attachments():
        name = part.get_filename()
        assert name is not None
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        out[name] = payload
    return out


def body_text(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    return str(plain.get_content()), str(html.get_content())


# --- the demo center, made once per test session ----------------------------------------

BOOK_NAME = "考核工作簿.xlsx"
YEAR = 2026
QUARTER = "2026Q4"


@functools.cache
def _demo_center() -> Path:
    """The demo year with all twelve months 审定, the fourth quarter and the year run."""
    folder = Path(tempfile.mkdtemp(prefix="kaohe-mail-demo-"))
    atexit.register(shutil.rmtree, folder, True)
    book = folder / BOOK_NAME
    api.init_book(book, demo_year_data(YEAR))
    for m in range(1, 13):
        api.finalize_month(book, f"{YEAR}-{m:02d}")
    api.run_quarter(book, QUARTER)
    api.run_year(book, YEAR)
    assert main(["notices", str(book), "--year", str(YEAR)]) == 0  # the year's letters
    return folder


def demo_center(tmp_path: Path) -> Path:
    """A fresh copy of the demo center in `tmp_path`; returns its office book."""
    target = tmp_path / "center"
    shutil.copytree(_demo_center(), target)
    return target / BOOK_NAME
