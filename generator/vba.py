"""Write a `vbaProject.bin` on any platform (MS-OVBA 2.x, MS-CFB 2.x).

The project is written in the form MS-OVBA requires of a writer that has no VBA compiler:
`_VBA_PROJECT` version 0xFFFF and source-only module streams (no performance cache), so Excel
compiles the modules when the workbook is opened. The compound file (CFB version 3, 512-byte
sectors, mini stream for streams under 4096 bytes) and the MS-OVBA 2.4.1 compression are
implemented here; the result is checked in the tests by reading it back with oletools' olevba.

Only the standard library is used, so building a workbook with macros needs no extra package.
"""
from __future__ import annotations

import struct
import uuid
from dataclasses import dataclass

CODE_PAGE = 1252
ENCODING = "cp1252"

STANDARD, CLASS, DOCUMENT = "module", "class", "document"

# Attribute blocks of document modules (what Excel writes for ThisWorkbook and a worksheet).
_WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
_SHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"

# References every Excel project carries; the Office library defines IRibbonControl.
REFERENCES = (
    ("stdole", "*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\\Windows\\System32\\stdole2.tlb#OLE Automation"),
    ("Office", "*\\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\\Program Files\\Common Files\\Microsoft Shared"
               "\\OFFICE16\\MSO.DLL#Microsoft Office 16.0 Object Library"),
)


class VbaError(ValueError):
    pass


@dataclass(frozen=True)
class Module:
    name: str
    kind: str                  # STANDARD, CLASS or DOCUMENT
    source: str                # full stored source, "Attribute VB_Name ..." lines first, CRLF line ends

    def data(self) -> bytes:
        try:
            return self.source.encode(ENCODING)
        except UnicodeEncodeError as e:
            raise VbaError(f"VBA module {self.name} must be ASCII/cp1252: {e}") from None


def normalise(source: str) -> str:
    """CRLF line ends (what the VBA editor stores), ending with one; the text is otherwise kept."""
    text = source.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    return text if text.endswith("\r\n") else text + "\r\n"


def standard_module(name: str, source: str) -> Module:
    """A standard module from .bas text (with or without its Attribute VB_Name line)."""
    src = normalise(source)
    if not src.startswith("Attribute VB_Name"):
        src = f'Attribute VB_Name = "{name}"\r\n' + src
    return Module(name, STANDARD, src)


def class_module(name: str, source: str) -> Module:
    """A class module from exported .cls text (the VERSION/BEGIN...END header is dropped)."""
    src = normalise(source)
    if src.startswith("VERSION "):
        end = src.find("\r\nEND\r\n")
        src = src[end + len("\r\nEND\r\n"):]
    return Module(name, CLASS, src)


def document_module(name: str, workbook: bool = False, code: str = "") -> Module:
    base = _WORKBOOK_BASE if workbook else _SHEET_BASE
    head = (f'Attribute VB_Name = "{name}"\r\nAttribute VB_Base = "{base}"\r\n'
            "Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n"
            "Attribute VB_PredeclaredId = True\r\nAttribute VB_Exposed = True\r\n"
            "Attribute VB_TemplateDerived = False\r\nAttribute VB_Customizable = True\r\n")
    return Module(name, DOCUMENT, head + (normalise(code) if code else ""))


# ---------------------------------------------------------------------------------------------
# MS-OVBA 2.4.1 compression

def compress(data: bytes) -> bytes:
    """CompressedContainer of `data` (MS-OVBA 2.4.1.3.1)."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), 4096):
        out += _compress_chunk(data[start:start + 4096])
    return bytes(out)


def _compress_chunk(chunk: bytes) -> bytes:
    n = len(chunk)
    body = bytearray()
    heads: dict[bytes, list[int]] = {}   # 3-byte prefix -> earlier positions in the chunk
    pos = 0
    while pos < n:
        flag_at = len(body)
        body.append(0)
        flags = 0
        for bit in range(8):
            if pos >= n:
                break
            # bit count of a copy token at this position (2.4.1.3.19.1)
            diff = pos
            bits = max((diff - 1).bit_length(), 4) if diff > 1 else 4
            max_len = (0xFFFF >> bits) + 3
            best_len, best_off = 0, 0
            if pos + 3 <= n:
                key = chunk[pos:pos + 3]
                limit = min(max_len, n - pos)
                for cand in reversed(heads.get(key, ())):
                    length = 3
                    while length < limit and chunk[cand + length] == chunk[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_off = length, pos - cand
                        if length == limit:
                            break
            if best_len >= 3:
                token = ((best_off - 1) << (16 - bits)) | (best_len - 3)
                body += struct.pack("<H", token)
                flags |= 1 << bit
                step = best_len
            else:
                body.append(chunk[pos])
                step = 1
            for p in range(pos, pos + step):
                if p + 3 <= n:
                    heads.setdefault(chunk[p:p + 3], []).append(p)
            pos += step
        body[flag_at] = flags
    if len(body) > 4096:     # incompressible: a raw chunk of exactly 4096 bytes (2.4.1.3.10)
        return struct.pack("<H", 0x3FFF) + chunk.ljust(4096, b"\x00")
    return struct.pack("<H", 0xB000 | (len(body) - 1)) + bytes(body)


def decompress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1.3.2, used by the tests and as a self-check of `compress`."""
    if not data or data[0] != 1:
        raise VbaError("not a CompressedContainer")
    out = bytearray()
    i = 1
    while i < len(data):
        header = struct.unpack_from("<H", data, i)[0]
        size = (header & 0x0FFF) + 3
        chunk_end = i + size
        i += 2
        start = len(out)
        if not header & 0x8000:
            out += data[i:i + 4096]
            i += 4096
            continue
        while i < chunk_end:
            flags = data[i]
            i += 1
            for bit in range(8):
                if i >= chunk_end:
                    break
                if flags >> bit & 1:
                    token = struct.unpack_from("<H", data, i)[0]
                    i += 2
                    diff = len(out) - start
                    bits = max((diff - 1).bit_length(), 4) if diff > 1 else 4
                    length = (token & (0xFFFF >> bits)) + 3
                    offset = (token >> (16 - bits)) + 1
                    for _ in range(length):
                        out.append(out[-offset])
                else:
                    out.append(data[i])
                    i += 1
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# MS-OVBA 2.4.3 data encryption (the CMG, DPB and GC lines of the PROJECT stream)

def encrypt(data: bytes, project_id: str, seed: int = 0x8D) -> str:
    version = 2
    proj_key = sum(project_id.encode("ascii")) & 0xFF
    out = bytearray([seed, seed ^ version, seed ^ proj_key])
    unencrypted1, encrypted1, encrypted2 = proj_key, seed ^ proj_key, seed ^ version
    ignored = (seed & 6) // 2
    plain = bytes(ignored) + struct.pack("<I", len(data)) + data
    for byte in plain:
        enc = byte ^ ((encrypted2 + unencrypted1) & 0xFF)
        out.append(enc)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte
    return out.hex().upper()


def decrypt(text: str) -> bytes:
    raw = bytes.fromhex(text)
    seed, version_enc, key_enc = raw[0], raw[1], raw[2]
    proj_key = seed ^ key_enc
    unencrypted1, encrypted1, encrypted2 = proj_key, key_enc, version_enc
    plain = bytearray()
    for enc in raw[3:]:
        byte = enc ^ ((encrypted2 + unencrypted1) & 0xFF)
        plain.append(byte)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte
    ignored = (seed & 6) // 2
    length = struct.unpack_from("<I", plain, ignored)[0]
    return bytes(plain[ignored + 4:ignored + 4 + length])


# ---------------------------------------------------------------------------------------------
# The streams of a VBA project

def _rec(rid: int, payload: bytes) -> bytes:
    return struct.pack("<HI", rid, len(payload)) + payload


def _mbcs(text: str) -> bytes:
    return text.encode(ENCODING)


def _u16(text: str) -> bytes:
    return text.encode("utf-16-le")


def dir_stream(modules: list[Module], project_name: str = "VBAProject") -> bytes:
    """The decompressed `dir` stream (MS-OVBA 2.3.4.2)."""
    d = bytearray()
    d += _rec(0x0001, struct.pack("<I", 1))              # SYSKIND: 32-bit Windows
    d += _rec(0x0002, struct.pack("<I", 0x0409))         # LCID
    d += _rec(0x0014, struct.pack("<I", 0x0409))         # LCIDINVOKE
    d += _rec(0x0003, struct.pack("<H", CODE_PAGE))      # CODEPAGE
    d += _rec(0x0004, _mbcs(project_name))               # NAME
    d += _rec(0x0005, b"") + _rec(0x0040, b"")           # DOCSTRING (MBCS, Unicode)
    d += _rec(0x0006, b"") + _rec(0x003D, b"")           # HELPFILEPATH (1, 2)
    d += _rec(0x0007, struct.pack("<I", 0))              # HELPCONTEXT
    d += _rec(0x0008, struct.pack("<I", 0))              # LIBFLAGS
    d += struct.pack("<HIIH", 0x0009, 4, 1, 0)           # VERSION (Reserved=4, major, minor)
    d += _rec(0x000C, b"") + _rec(0x003C, b"")           # CONSTANTS (MBCS, Unicode)
    for name, libid in REFERENCES:
        d += _rec(0x0016, _mbcs(name)) + _rec(0x003E, _u16(name))
        lib = _mbcs(libid)
        d += _rec(0x000D, struct.pack("<I", len(lib)) + lib + struct.pack("<IH", 0, 0))
    d += _rec(0x000F, struct.pack("<H", len(modules)))   # MODULES count
    d += _rec(0x0013, struct.pack("<H", 0xFFFF))         # PROJECTCOOKIE
    for m in modules:
        d += _rec(0x0019, _mbcs(m.name)) + _rec(0x0047, _u16(m.name))
        d += _rec(0x001A, _mbcs(m.name)) + _rec(0x0032, _u16(m.name))
        d += _rec(0x001C, b"") + _rec(0x0048, b"")       # DOCSTRING
        d += _rec(0x0031, struct.pack("<I", 0))          # OFFSET: source starts the stream
        d += _rec(0x001E, struct.pack("<I", 0))          # HELPCONTEXT
        d += _rec(0x002C, struct.pack("<H", 0xFFFF))     # COOKIE
        d += _rec(0x0021 if m.kind == STANDARD else 0x0022, b"")
        d += _rec(0x002B, b"")                           # module terminator
    d += _rec(0x0010, b"")                               # dir terminator
    return bytes(d)


def project_stream(modules: list[Module], project_id: str, project_name: str = "VBAProject") -> bytes:
    """The PROJECT stream (MS-OVBA 2.3.1): text, MBCS, CRLF."""
    lines = [f'ID="{project_id}"']
    for m in modules:
        if m.kind == DOCUMENT:
            lines.append(f"Document={m.name}/&H00000000")
        elif m.kind == CLASS:
            lines.append(f"Class={m.name}")
        else:
            lines.append(f"Module={m.name}")
    lines += [f'Name="{project_name}"', 'HelpContextID="0"', 'VersionCompatible32="393222000"',
              f'CMG="{encrypt(bytes(4), project_id, 0x8D)}"',      # protection state: none
              f'DPB="{encrypt(bytes(1), project_id, 0x91)}"',      # password: none
              f'GC="{encrypt(bytes([0xFF]), project_id, 0x95)}"',  # visibility: visible
              "", "[Host Extender Info]",
              "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000", "",
              "[Workspace]"]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return ("\r\n".join(lines) + "\r\n").encode(ENCODING)


def projectwm_stream(modules: list[Module]) -> bytes:
    out = bytearray()
    for m in modules:
        out += _mbcs(m.name) + b"\x00" + _u16(m.name) + b"\x00\x00"
    return bytes(out + b"\x00\x00")


def build_project(modules: list[Module], project_id: str | None = None,
                  project_name: str = "VBAProject") -> bytes:
    """The bytes of a vbaProject.bin holding `modules` as source-only modules."""
    names = [m.name.upper() for m in modules]
    if len(set(names)) != len(names):
        raise VbaError("duplicate module names")
    for m in modules:
        if not m.name.isascii() or not m.name.replace("_", "").isalnum():
            raise VbaError(f"bad module name {m.name!r}")
    pid = project_id or "{" + str(uuid.uuid4()).upper() + "}"
    vba = {"_VBA_PROJECT": b"\xcc\x61\xff\xff\x00\x00\x00",
           "dir": compress(dir_stream(modules, project_name))}
    for m in modules:
        vba[m.name] = compress(m.data())
    tree = {"PROJECT": project_stream(modules, pid, project_name),
            "PROJECTwm": projectwm_stream(modules),
            "VBA": vba}
    return write_cfb(tree)


# ---------------------------------------------------------------------------------------------
# MS-CFB: a version 3 compound file

SECTOR, MINI_SECTOR, MINI_CUTOFF = 512, 64, 4096
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


class _Entry:
    def __init__(self, name: str, data: bytes | None, children=None):
        self.name, self.data = name, data
        self.children: list[_Entry] = children or []
        self.sid = 0
        self.left = self.right = self.child = NOSTREAM
        self.black = True
        self.start = 0
        self.size = len(data) if data is not None else 0


def _sort_key(e: _Entry):
    return (len(e.name), e.name.upper())


def _balance(entries: list[_Entry], depth: int, max_depth: list[int], placed: list) -> int:
    """Balanced binary search tree over sorted siblings; returns the root sid."""
    if not entries:
        return NOSTREAM
    mid = len(entries) // 2
    node = entries[mid]
    placed.append((node, depth))
    max_depth[0] = max(max_depth[0], depth)
    node.left = _balance(entries[:mid], depth + 1, max_depth, placed)
    node.right = _balance(entries[mid + 1:], depth + 1, max_depth, placed)
    return node.sid


def _tree(parent: _Entry) -> None:
    kids = sorted(parent.children, key=_sort_key)
    if not kids:
        return
    deepest, placed = [0], []
    parent.child = _balance(kids, 0, deepest, placed)
    full = len(kids) == 2 ** (deepest[0] + 1) - 1
    for node, depth in placed:   # red-black: the incomplete deepest level is red
        node.black = not (depth == deepest[0] and depth > 0 and not full)
    for k in kids:
        _tree(k)


def write_cfb(tree: dict) -> bytes:
    """A compound file from {name: bytes | {name: ...}} (storages are dicts)."""
    def make(name, value):
        if isinstance(value, dict):
            return _Entry(name, None, [make(k, v) for k, v in value.items()])
        return _Entry(name, bytes(value))

    root = _Entry("Root Entry", None, [make(k, v) for k, v in tree.items()])
    entries: list[_Entry] = []

    def number(e):
        e.sid = len(entries)
        entries.append(e)
        for c in e.children:
            number(c)
    number(root)
    for e in entries:
        if len(e.name) > 31:
            raise VbaError(f"name too long: {e.name}")
    _tree(root)

    # mini stream
    mini = bytearray()
    minifat: list[int] = []
    for e in entries:
        if e.data is not None and len(e.data) < MINI_CUTOFF:
            n = max(1, -(-len(e.data) // MINI_SECTOR))
            e.start = len(minifat)
            minifat += [len(minifat) + i + 1 for i in range(n - 1)] + [ENDOFCHAIN]
            mini += e.data.ljust(n * MINI_SECTOR, b"\x00")
    big = [e for e in entries if e.data is not None and len(e.data) >= MINI_CUTOFF]

    def sectors(nbytes):
        return -(-nbytes // SECTOR)

    dir_bytes = len(entries) * 128
    n_dir = sectors(dir_bytes)
    n_minifat = sectors(len(minifat) * 4)
    n_mini = sectors(len(mini))
    n_big = [sectors(len(e.data)) for e in big]
    payload = n_dir + n_minifat + n_mini + sum(n_big)
    n_fat = 1
    while n_fat * (SECTOR // 4) < payload + n_fat:
        n_fat += 1
    if n_fat > 109:
        raise VbaError("project too large")
    fat = [FATSECT] * n_fat
    blobs: list[bytes] = []

    def chain(n_sectors: int, blob: bytes) -> int:
        start = len(fat)
        fat.extend(start + i + 1 for i in range(n_sectors - 1))
        fat.append(ENDOFCHAIN)
        blobs.append(blob.ljust(n_sectors * SECTOR, b"\x00"))
        return start

    dir_start = len(fat)
    fat.extend(dir_start + i + 1 for i in range(n_dir - 1))
    fat.append(ENDOFCHAIN)
    blobs.append(b"")  # placeholder for the directory, written below
    minifat_start = chain(n_minifat, b"".join(struct.pack("<I", x) for x in minifat)) if n_minifat else ENDOFCHAIN
    if n_mini:
        root.start, root.size = chain(n_mini, bytes(mini)), len(minifat) * MINI_SECTOR
    else:
        root.start, root.size = ENDOFCHAIN, 0
    for e, n in zip(big, n_big):
        e.start = chain(n, e.data)
    fat += [FREESECT] * (n_fat * (SECTOR // 4) - len(fat))

    directory = bytearray()
    for e in entries:
        name = _u16(e.name) + b"\x00\x00"
        kind = 5 if e is root else (1 if e.data is None else 2)
        start = e.start if (e is root or e.data is not None) else 0
        directory += struct.pack("<64sHBBIII16sIQQIQ", name, len(name), kind, 1 if e.black else 0,
                                 e.left, e.right, e.child, b"\x00" * 16, 0, 0, 0, start, e.size)
    while len(directory) % SECTOR:
        directory += struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
                                 b"\x00" * 16, 0, 0, 0, 0, 0)
    blobs[0] = bytes(directory)

    difat = list(range(n_fat)) + [FREESECT] * (109 - n_fat)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), b"\x00" * 16,
                         0x003E, 0x0003, 0xFFFE, 9, 6, b"\x00" * 6, 0, n_fat, dir_start, 0, MINI_CUTOFF,
                         minifat_start, n_minifat, ENDOFCHAIN, 0)
    header += struct.pack("<109I", *difat)
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    return header + fat_bytes + b"".join(blobs)
