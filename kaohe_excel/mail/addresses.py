"""Mail addresses as a clerk types them into a cell: one or several, separated by ; ， or ；."""

from __future__ import annotations

import re

# A plain ASCII address: what every Chinese government mailbox and the SMTP servers they use
# accept. No display names, no quotes, nothing that could carry a line break into a header.
_ADDRESS = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
_SEPARATORS = re.compile(r"[;；,，、\s]+")


def split_addresses(cell: str) -> tuple[list[str], list[str]]:
    """(good addresses, malformed pieces) of a cell; duplicates kept once, case kept."""
    good: list[str] = []
    bad: list[str] = []
    for piece in _SEPARATORS.split(cell.strip()):
        if not piece:
            continue
        if not _ADDRESS.match(piece) or ".." in piece:
            bad.append(piece)
        else:
            good.append(piece)
    return unique(good), bad


def unique(addresses: list[str], leave_out: list[str] | tuple[str, ...] = ()) -> list[str]:
    """`addresses` without repeats and without those in `leave_out` (case does not count)."""
    seen = {a.lower() for a in leave_out}
    out = []
    for a in addresses:
        if a.lower() not in seen:
            seen.add(a.lower())
            out.append(a)
    return out
