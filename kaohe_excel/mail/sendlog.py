"""The send log: one JSON file per period beside the outbox (发件箱/发送记录_2026Q4.json),
rewritten atomically after every message, so a run that dies leaves an exact record.

A message is keyed by period, recipients and the hashes of its attachments: a re-run skips
what was sent, lists what is 待确认 (the transfer broke after the server may have taken it)
and sends again only what failed or was never tried. A corrected workbook has a new hash and
is a new message; the preview says it was sent before with other attachments.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from ..errors import FileProblem
from ..files.saving import replace_through_temp
from .backends import SENT, Outcome
from .message import Message

VERSION = 1


def message_key(period: str, to: tuple[str, ...], attachment_hashes: list[str]) -> str:
    text = "\n".join([period, ",".join(sorted(a.lower() for a in to)), *sorted(attachment_hashes)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def log_path(outbox: Path, period: str) -> Path:
    return outbox / f"发送记录_{period}.json"


class SendLog:
    def __init__(self, path: Path, period: str):
        self.path = path
        self.period = period
        self.entries: dict[str, dict[str, Any]] = {}
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.entries = dict(data["messages"])
            except (ValueError, KeyError, TypeError):
                raise FileProblem(f"发送记录 {path} 已损坏，无法判断哪些邮件已发送；"
                                  "请检查或移走该文件后再运行") from None

    def status(self, key: str) -> str:
        return str(self.entries.get(key, {}).get("status", ""))

    def sent_before_to(self, to: tuple[str, ...], key: str) -> bool:
        """Whether these recipients got a message of this period with other attachments."""
        wanted = sorted(a.lower() for a in to)
        return any(k != key and e.get("status") == SENT and sorted(e.get("to", [])) == wanted
                   for k, e in self.entries.items())

    def record(self, key: str, label: str, message: Message, outcome: Outcome) -> None:
        self.entries[key] = {
            "status": outcome.status,
            "label": label,
            "to": sorted(a.lower() for a in message.to),
            "cc": list(message.cc),
            "subject": message.subject,
            "attachments": [{"name": a.name, "sha256": a.sha256, "bytes": len(a.data)}
                            for a in message.attachments],
            "message_id": message.message_id,
            "time": dt.datetime.now().isoformat(timespec="seconds"),
            "refused": outcome.refused,
            "error": outcome.error,
        }
        self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": VERSION, "period": self.period, "messages": self.entries},
                          ensure_ascii=False, indent=1)
        replace_through_temp(self.path, lambda tmp: tmp.write_bytes(text.encode("utf-8")))

