"""Builds a vbaProject.bin from VBA source text (MS-OVBA): the `dir` stream, the compressed
module streams, the PROJECT and PROJECTwm streams, in a compound file.

The project carries source only, no compiled p-code: its _VBA_PROJECT stream has version
0xFFFF, which matches no Office build, so Excel ignores the (absent) performance cache and
compiles the modules from their source when the book opens (MS-OVBA 2.3.4.1).
"""

from __future__ import annotations

import random
import struct
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from .cfb import Storage

CODEPAGE = 1252  # the sources are ASCII; Chinese text comes from Python, not from VBA
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
STDOLE = ("*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#"
          "C:\\Windows\\System32\\stdole2.tlb#OLE Automation")


@dataclass(frozen=True)
class Module:
    name: str
    source: str  # the code after the Attribute lines, CRLF or LF line ends
    document: str = ""  # "" for a standard module, else WORKBOOK_BASE / WORKSHEET_BASE

    def text(self) -> bytes:
        lines = [f'Attribute VB_Name = "{self.name}"']
        if self.document:
            lines += [f'Attribute VB_Base = "{self.document}"',
                      "Attribute VB_GlobalNameSpace = False", "Attribute VB_Creatable = False",
                      "Attribute VB_PredeclaredId = True", "Attribute VB_Exposed = True",
                      "Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = True"]
        body = source_lines(self.source)
        return "\r\n".join(lines + body).encode("ascii") + b"\r\n"


def source_lines(text: str) -> list[str]:
    """The lines of a .bas file without its own Attribute VB_Name line."""
    lines = text.replace("\r\n", "\n").split("\n")
    lines = [line for line in lines if not line.startswith("Attribute VB_Name")]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def vba_project(modules: Sequence[Module], seed: int = 0) -> bytes:
    """The bytes of a vbaProject.bin holding `modules` (document modules first by custom)."""
    names = [m.name for m in modules]
    if len(set(n.upper() for n in names)) != len(names):
        raise ValueError(f"duplicate module names: {names}")
    rng = random.Random(seed)
    project_id = "{" + str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper() + "}"
    cfb = Storage()
    cfb.add_stream("PROJECT", _project_stream(modules, project_id, rng))
    cfb.add_stream("PROJECTwm", b"".join(
        m.name.encode("ascii") + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m in modules)
        + b"\0\0")
    cfb.add_stream("VBA/_VBA_PROJECT", b"\xcc\x61\xff\xff\x00\x00\x00")
    cfb.add_stream("VBA/dir", compress(_dir_stream(modules)))
    for m in modules:
        cfb.add_stream(f"VBA/{m.name}", compress(m.text()))
    return cfb.to_bytes()


def _record(rid: int, data: bytes) -> bytes:
    return struct.pack("<HI", rid, len(data)) + data


def _u16(v: int) -> bytes:
    return struct.pack("<H", v)


def _u32(v: int) -> bytes:
    return struct.pack("<I", v)


def _dir_stream(modules: Sequence[Module]) -> bytes:
    def text(rid: int, value: str, unicode_id: int | None = None) -> bytes:
        out = _record(rid, value.encode("cp1252"))
        if unicode_id is not None:
            out += _record(unicode_id, value.encode("utf-16-le"))
        return out

    info = (_record(0x01, _u32(1))  # SysKind: Win32 (Excel of either bitness reads it)
            + _record(0x02, _u32(0x409)) + _record(0x14, _u32(0x409))
            + _record(0x03, _u16(CODEPAGE))
            + text(0x04, "VBAProject")
            + text(0x05, "", 0x40) + text(0x06, "", 0x3D)
            + _record(0x07, _u32(0)) + _record(0x08, _u32(0))
            + _u16(0x09) + _u32(4) + _u32(1) + _u16(0)  # PROJECTVERSION: Reserved=4, 1.0
            + text(0x0C, "", 0x3C))
    libid = STDOLE.encode("ascii")
    references = (text(0x16, "stdole", 0x3E)
                  + _record(0x0D, _u32(len(libid)) + libid + _u32(0) + _u16(0)))
    mods = _record(0x0F, _u16(len(modules))) + _record(0x13, _u16(0xFFFF))
    for m in modules:
        mods += (text(0x19, m.name) + _record(0x47, m.name.encode("utf-16-le"))
                 + text(0x1A, m.name, 0x32) + text(0x1C, "", 0x48)
                 + _record(0x31, _u32(0))  # the source starts the stream: no p-code before it
                 + _record(0x1E, _u32(0)) + _record(0x2C, _u16(0xFFFF))
                 + _record(0x22 if m.document else 0x21, b"")
                 + _record(0x2B, b""))
    return info + references + mods + _record(0x10, b"")


def _project_stream(modules: Sequence[Module], project_id: str, rng: random.Random) -> bytes:
    key = sum(project_id.encode("ascii")) & 0xFF
    lines = [f'ID="{project_id}"']
    lines += [f"Document={m.name}/&H00000000" if m.document else f"Module={m.name}"
              for m in modules]
    lines += ['Name="VBAProject"', 'HelpContextID="0"', 'VersionCompatible32="393222000"',
              'CMG="' + _encrypt(_u32(0), key, rng) + '"',  # not protected
              'DPB="' + _encrypt(bytes([0]), key, rng) + '"',  # no password
              'GC="' + _encrypt(bytes([0xFF]), key, rng) + '"',  # visible
              "", "[Host Extender Info]",
              "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
              "", "[Workspace]"]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _encrypt(data: bytes, key: int, rng: random.Random) -> str:
    """MS-OVBA 2.4.3.2 data encryption (obfuscation) of a PROJECT stream value."""
    seed = rng.randrange(256)
    out = bytearray([seed, seed ^ 2, seed ^ key])
    enc1, enc2, plain1 = seed ^ key, seed ^ 2, key
    for byte in bytes(rng.randrange(256) for _ in range((seed & 6) // 2)) \
            + _u32(len(data)) + data:
        enc = byte ^ ((enc2 + plain1) & 0xFF)
        out.append(enc)
        enc2, enc1, plain1 = enc1, enc, byte
    return out.hex().upper()


def compress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1 compression: a signature byte, then chunks of 4096 bytes at most."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), 4096):
        chunk = data[start:start + 4096]
        packed = _compress_chunk(chunk)
        if len(packed) > 4096:  # no gain: a raw chunk, zero-padded as MS-OVBA 2.4.1.3.10 says
            out += _u16(0x3FFF) + chunk.ljust(4096, b"\0")
        else:
            out += _u16(0xB000 | (len(packed) + 2 - 3)) + packed
    return bytes(out)


def _compress_chunk(data: bytes) -> bytes:
    """Literals and copy tokens (greedy longest match among the last 64 places a 3-byte
    prefix was seen; ample for source text)."""
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    indexed = 0  # positions before this one are in `seen`
    pos = 0
    while pos < len(data):
        flag_at = len(out)
        out.append(0)
        for bit in range(8):
            if pos >= len(data):
                break
            for p in range(indexed, min(pos, len(data) - 2)):
                seen.setdefault(data[p:p + 3], []).append(p)
            indexed = max(indexed, pos)
            bits = max((pos - 1).bit_length(), 4) if pos else 4
            longest = min((0xFFFF >> bits) + 3, len(data) - pos)
            best_len, best_off = 0, 0
            for cand in reversed(seen.get(data[pos:pos + 3], [])[-64:]):
                length = 0
                while length < longest and data[cand + length] == data[pos + length]:
                    length += 1
                if length > best_len:
                    best_len, best_off = length, pos - cand
                    if length == longest:
                        break
            if best_len >= 3:
                out += _u16(((best_off - 1) << (16 - bits)) | (best_len - 3))
                out[flag_at] |= 1 << bit
                pos += best_len
            else:
                out.append(data[pos])
                pos += 1
    return bytes(out)
