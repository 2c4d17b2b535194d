"""A tiny Excel 97-2003 (.xls, BIFF8 in an OLE2 compound file) writer for tests: xlrd 2 only reads .xls and no
writer (xlwt) is installed. One sheet, text cells only (LABEL records) — what a vendor's network list holds."""

from __future__ import annotations

import struct

SECTOR = 512
END, FREE, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _record(code: int, data: bytes) -> bytes:
    return struct.pack("<HH", code, len(data)) + data


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))


def _label(row: int, col: int, text: str) -> bytes:
    encoded = text.encode("utf-16-le")
    return _record(0x0204, struct.pack("<HHHHB", row, col, 0, len(text), 1) + encoded)


def _workbook_stream(rows: list[list[str]], sheet_name: str) -> bytes:
    name = sheet_name.encode("utf-16-le")
    boundsheet_len = 4 + 8 + len(name)  # record header, offset, flags, length, name
    globals_ = _bof(0x0005) + _record(0x0042, struct.pack("<H", 0x04B0))
    sheet_offset = len(globals_) + boundsheet_len + 4  # + EOF
    globals_ += _record(0x0085, struct.pack("<IBBBB", sheet_offset, 0, 0, len(sheet_name), 1) + name)
    globals_ += _record(0x000A, b"")
    assert len(globals_) == sheet_offset
    width = max((len(r) for r in rows), default=0)
    sheet = _bof(0x0010) + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is not None and value != "":
                sheet += _label(r, c, str(value))
    sheet += _record(0x000A, b"")
    stream = globals_ + sheet
    return stream + b"\x00" * max(0, 4096 - len(stream))  # at least the mini-stream cutoff: a regular stream


def _dir_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", NO_STREAM, NO_STREAM, child)
        + b"\x00" * 16
        + struct.pack("<I", 0)
        + b"\x00" * 16
        + struct.pack("<IQ", start, size)
    )


def xls_bytes(rows: list[list[str]], sheet_name: str = "Sheet1") -> bytes:
    stream = _workbook_stream(rows, sheet_name)
    size = len(stream)
    n = -(-size // SECTOR)
    assert n + 2 <= SECTOR // 4, "one FAT sector: keep test files under 63 KB"
    stream = stream.ljust(n * SECTOR, b"\x00")
    fat = [FAT_SECTOR, END] + [3 + i for i in range(n - 1)] + [END]
    fat += [FREE] * (SECTOR // 4 - len(fat))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
        + struct.pack("<109I", 0, *([FREE] * 108))
    )
    assert len(header) == SECTOR
    directory = (
        _dir_entry("Root Entry", 5, 1, END, 0)
        + _dir_entry("Workbook", 2, NO_STREAM, 2, size)
        + _dir_entry("", 0, NO_STREAM, 0, 0) * 2
    )
    return header + struct.pack(f"<{SECTOR // 4}I", *fat) + directory + stream
