"""A mail run: messages built once from the plan, a preview, then delivery through a backend
with the send log written after every message, and a summary.

What a re-run does with each message is decided by the send log alone: sent -> skipped,
待确认 -> listed and left alone (unless asked to retry), failed or never tried -> sent.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.settings import MAIL_PLAIN, Settings
from ..errors import KaoheError
from . import templates
from .addresses import split_addresses
from .backends import (
    FAILED,
    SENT,
    UNCERTAIN,
    Backend,
    FileBackend,
    MailStop,
    Outcome,
    SmtpBackend,
    SmtpConfig,
)
from .message import Attachment, Message
from .password import smtp_password
from .plan import MailPlan, Outgoing, size_text
from .sendlog import SendLog, log_path, message_key

NEW, DONE, PENDING, CHANGED = "new", "done", "pending", "changed"
Progress = Callable[[int, int, str, str], None]  # (number, of, label, what happened)


class NeedsConfirmation(KaoheError):
    """Something will be skipped and --yes was not given: nothing was sent."""


@dataclass(frozen=True)
class Prepared:
    item: Outgoing
    message: Message
    key: str
    state: str  # NEW, DONE (sent before), PENDING (待确认 before), CHANGED (sent before, other files)


@dataclass
class Summary:
    sent: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "label：why"
    uncertain: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    not_tried: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    stopped: str = ""
    written: list[Path] = field(default_factory=list)  # the .eml of a dry run

    @property
    def ok(self) -> bool:
        return not (self.uncertain or self.failed or self.not_tried or self.refused or self.stopped)

    def lines(self, dry_run: bool) -> list[str]:
        verb = "写入发件箱" if dry_run else "已发送"
        head = (f"{verb} {len(self.sent)} 封，此前已发送 {len(self.already)} 封，跳过 {len(self.skipped)} 封，"
                f"待确认 {len(self.uncertain)} 封，失败 {len(self.failed)} 封"
                + (f"，未发送 {len(self.not_tried)} 封" if self.not_tried else ""))
        out = [head + ("（跳过的原因见上方“问题”）" if self.skipped else "")]
        out += [f"  待确认 {s}" for s in self.uncertain]
        out += [f"  失败 {s}" for s in self.failed]
        out += [f"  拒收 {s}" for s in self.refused]
        if self.not_tried:
            out.append("  未发送 " + "、".join(self.not_tried) + "（再次运行同一命令即发送这些）")
        if self.stopped:
            out.append(f"  停止原因：{self.stopped}")
        if self.uncertain:
            out.append("  待确认的邮件服务器可能已收下，程序不会自动重发：请向收件人或邮件管理员确认；"
                       "确实没有收到的，加 --retry-uncertain 重发")
        return out


def sender_of(settings: Settings) -> str:
    good, bad = split_addresses(settings.mail_sender)
    if bad or len(good) != 1:
        raise KaoheError("设置中的发件人邮箱" + ("格式不对" if good or bad else "未填写")
                         + "：请填写一个邮箱地址，如 dc@example.gov.cn")
    return good[0]


class Batch:
    """The messages of a plan, built once; `preview()` before `send()`."""

    def __init__(self, plan: MailPlan):
        self.plan = plan
        self.sender = sender_of(plan.settings)
        self.log = SendLog(log_path(plan.outbox, plan.period), plan.period)
        env = templates.environment(plan.settings.mail_templates)
        self.prepared = [self._prepare(env, item) for item in plan.items if item.ready]

    def _prepare(self, env: templates.jinja2.Environment, item: Outgoing) -> Prepared:
        rendered = templates.render(env, self.plan.kind, item.context)
        attachments = tuple(Attachment(p.name, p.read_bytes()) for p in item.files)
        s = self.plan.settings
        message = Message(self.sender, s.mail_sender_name or s.center_name, item.to, item.cc,
                          rendered.subject, rendered.text, rendered.html, attachments,
                          label=item.label).stamped()
        key = message_key(self.plan.period, item.to, [a.sha256 for a in attachments])
        before = self.log.status(key)
        state = {SENT: DONE, UNCERTAIN: PENDING}.get(before, NEW)
        if state == NEW and self.log.sent_before_to(item.to, key):
            state = CHANGED
        return Prepared(item, message, key, state)

    @property
    def skipped(self) -> list[Outgoing]:
        return [i for i in self.plan.items if not i.ready]

    def preview(self, retry_uncertain: bool = False) -> list[str]:
        p = self.plan
        to_send = [x for x in self.prepared if self._will_send(x, retry_uncertain)]
        out = [f"{p.period_label}考评结果邮件：发件人 {p.settings.mail_sender_name or p.settings.center_name}"
               f" <{self.sender}>，共 {len(p.items)} 个收件单位，本次发送 {len(to_send)} 封"]
        for n, x in enumerate(self.prepared, start=1):
            mark = {DONE: "（已发送过，跳过）", PENDING: "（待确认，不重发）" if not retry_uncertain
                    else "（待确认，重发）", CHANGED: "（附件与上次发送的不同，将再次发送）"}.get(x.state, "")
            out.append(f"{n:>3}. {x.item.label}{mark}")
            out.append(f"     收件人 {'、'.join(x.message.to)}"
                       + (f"；抄送 {'、'.join(x.message.cc)}" if x.message.cc else ""))
            for a in x.message.attachments:
                out.append(f"     附件 {a.name}（{size_text(len(a.data))}）")
            out += [f"     注意：{note}" for note in x.item.notes]
        problems = [(i.label, why) for i in self.skipped for why in i.problems]
        if problems or p.notes:
            out.append(f"问题（{len(self.skipped)} 个收件单位不会收到邮件）：")
            out += [f"  {label}：{why}" for label, why in problems]
            out += [f"  {note}" for note in p.notes]
        return out

    @staticmethod
    def _will_send(x: Prepared, retry_uncertain: bool) -> bool:
        return x.state in (NEW, CHANGED) or (x.state == PENDING and retry_uncertain)

    def send(self, backend: Backend | None = None, *, dry_run: bool = False, yes: bool = False,
             retry_uncertain: bool = False, context: ssl.SSLContext | None = None,
             progress: Progress | None = None) -> Summary:
        """Deliver every message still to send. The real backend is made from 设置 unless one
        is given; `context` is the TLS context to trust the server with (default: the CA file
        of 设置, else the system's certificates)."""
        if self.skipped and not yes and not dry_run:
            raise NeedsConfirmation(f"有 {len(self.skipped)} 个收件单位因上述问题不会收到邮件，未发送任何邮件；"
                                    "改正后重新运行，或确认无误后加 --yes 发送其余邮件")
        summary = Summary(skipped=[f"{i.label}：{'；'.join(i.problems)}" for i in self.skipped])
        todo = []
        for x in self.prepared:
            if self._will_send(x, retry_uncertain):
                todo.append(x)
            elif x.state == DONE:
                summary.already.append(x.item.label)
            else:
                summary.uncertain.append(f"{x.item.label}（上次发送中断）")
        if dry_run:
            folder = self.plan.outbox / self.plan.period
            for old in folder.glob("*.eml"):  # only this dry run's messages are left to look at
                old.unlink()
            backend = FileBackend(folder)
        elif backend is None:
            backend = smtp_backend(self.plan.settings, context) if todo else None
        try:
            self._deliver(todo, backend, dry_run, progress, summary)
        finally:
            if backend is not None:
                backend.close()
        if isinstance(backend, FileBackend):
            summary.written = backend.written
        return summary

    def _deliver(self, todo: list[Prepared], backend: Backend | None, dry_run: bool,
                 progress: Progress | None, summary: Summary) -> None:
        pause = float(self.plan.settings.mail_interval_seconds)
        for n, x in enumerate(todo, start=1):
            assert backend is not None
            if n > 1 and not dry_run and pause > 0:
                time.sleep(pause)  # servers that rate-limit
            try:
                outcome = backend.send(x.message)
            except MailStop as stop:
                summary.stopped = str(stop)
                summary.not_tried += [y.item.label for y in todo[n - 1:]]
                return
            if not dry_run:
                self.log.record(x.key, x.item.label, x.message, outcome)
            self._count(x, outcome, summary)
            if progress:
                progress(n, len(todo), x.item.label, "已写入发件箱" if dry_run else _said(outcome))

    @staticmethod
    def _count(x: Prepared, outcome: Outcome, summary: Summary) -> None:
        label = x.item.label
        if outcome.status == SENT:
            summary.sent.append(label)
        elif outcome.status == UNCERTAIN:
            summary.uncertain.append(f"{label}：{outcome.error}")
        else:
            summary.failed.append(f"{label}：{outcome.error}")
        summary.refused += [f"{label}：{address}（{reply}）" for address, reply in outcome.refused.items()]


def _said(outcome: Outcome) -> str:
    return {SENT: "已发送", UNCERTAIN: "待确认", FAILED: "失败"}[outcome.status] + (
        f"，{len(outcome.refused)} 个收件人被拒收" if outcome.refused else "")


def smtp_backend(settings: Settings, context: ssl.SSLContext | None = None) -> SmtpBackend:
    if not settings.mail_host:
        raise KaoheError("设置中的邮件服务器未填写：请填写邮件服务器、邮件端口和邮件加密方式"
                         "（先用 --dry-run 可以不填）")
    user = settings.mail_user or settings.mail_sender
    password = "" if settings.mail_security == MAIL_PLAIN else smtp_password(user)
    if context is None and settings.mail_ca_file:
        ca = Path(settings.mail_ca_file)
        if not ca.is_file():
            raise KaoheError(f"设置中的邮件服务器证书文件不存在：{ca}")
        try:
            context = ssl.create_default_context(cafile=str(ca))
        except (ssl.SSLError, OSError):
            raise KaoheError(f"邮件服务器证书文件无法读取（应为 PEM 格式的证书）：{ca}") from None
    return SmtpBackend(SmtpConfig(settings.mail_host, settings.mail_port, settings.mail_security,
                                  user, password, context))
