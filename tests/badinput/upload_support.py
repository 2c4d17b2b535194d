"""Support of the bad-input corpus over every import and upload (issue 14, point 2): the files, good and bad, built
in memory; the integrity snapshot (row count and checksum of every table, the files under MEDIA_ROOT); and the one
assertion every refused upload must pass — answered 200/400 (never 500), a specific message in Chinese (the
default language), nothing written to the database, no file left behind."""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext

from tests.green_channel.xls_writer import xls_bytes

CJK = re.compile(r"[\u4e00-\u9fff]")
# The session row is written by the test's own login, not by the upload.
UNWATCHED_TABLES = {"django_session"}

# --- files -------------------------------------------------------------------------------------------------------
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17 + b"IEND\xaeB`\x82"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32 + b"\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HOSTILE_TEXT = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","点击")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\u202eexe.fdp",  # right-to-left override
    "\u200f\u061c医院",  # RTL mark, Arabic letter mark
    "a\x00b",
    "a\x07\x1b[31mb",
    "'; DROP TABLE hospitals_hospital; --",
    '" OR 1=1 --',
    "<script>alert(1)</script>",
    "&lt;b&gt;&amp;",
    "{{ 7*7 }}{% debug %}",
    "\ufeff医院",
    "𠀀𪚥😀",
]
IMPOSSIBLE_DATES = ["2026-02-30", "2026-13-01", "0000-00-00", "9999-99-99", "2026-02-29", "昨天", "1e10"]
IMPOSSIBLE_NUMBERS = ["NaN", "Infinity", "-1", "1e999", "1,2,3", "１２３", "0x10", "99999999999999999999"]


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def xlsx(rows: list[list], sheets: dict[str, list[list]] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    for title, extra in (sheets or {}).items():
        sheet = workbook.create_sheet(title)
        for row in extra:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_text(rows: list[list]) -> str:
    def cell(value) -> str:
        text = "" if value is None else str(value)
        if any(ch in text for ch in ',"\r\n'):
            text = '"' + text.replace('"', '""') + '"'
        return text

    return "\r\n".join(",".join(cell(v) for v in row) for row in rows) + "\r\n"


def csv_bytes(rows: list[list], encoding: str = "utf-8", bom: bool = False) -> bytes:
    return ("\ufeff" if bom else "").encode(encoding) + csv_text(rows).encode(encoding)


def xls(rows: list[list]) -> bytes:
    return xls_bytes([[("" if v is None else str(v)) for v in row] for row in rows])


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def oversize(limit: int, head: bytes = b"") -> bytes:
    """One byte over ``limit``, starting with ``head`` (so only the size is wrong)."""
    return head + b" " * (limit + 1 - len(head))


def _segment(data: bytes) -> bytes:
    """``data`` as raw deflate blocks ending in a full flush: such segments can be concatenated (no copy refers
    back across a full flush), and the final empty block closes the stream."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


END_OF_STREAM = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)


def _zip_member(
    name: str, head: bytes, block: bytes = b"", times: int = 0, tail: bytes = b""
) -> tuple[bytes, bytes]:
    """A local header + data and the central directory entry of a deflated member holding
    head + block * times + tail, deflated without inflating it in memory."""
    data = _segment(head) + _segment(block) * times + _segment(tail) + END_OF_STREAM
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(block) * times + len(tail)
    encoded = name.encode()
    local = struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0)
    central = struct.pack(
        "<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, 0
    )
    return local + encoded + data, central + encoded


@functools.cache
def zip_bomb_xlsx(member: str = "xl/worksheets/sheet1.xml", gib: int = 1) -> bytes:
    """A real workbook whose ``member`` (the first sheet, or the shared strings) inflates to ``gib`` GiB of XML
    (a few MB on the wire): every other member is the genuine one of a small workbook."""
    genuine = zipfile.ZipFile(io.BytesIO(xlsx([["城市", "医院"], ["长春", "吉林大学第一医院"]])))
    if member == "xl/sharedStrings.xml" and member not in genuine.namelist():
        raise AssertionError("the workbook has no shared strings")
    out = io.BytesIO()
    central = b""
    count = 0
    namespace = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    if "sheet" in member:
        head, unit, tail = (
            b"<worksheet " + namespace + b"><sheetData>",
            b"<row><c><v>1</v></c></row>",
            b"</sheetData></worksheet>",
        )
    else:
        head, unit, tail = b"<sst " + namespace + b">", b"<si><t>x</t></si>", b"</sst>"
    block = unit * ((1 << 20) // len(unit))  # about 1 MiB, deflated to about 1 KiB
    times = (gib << 30) // len(block)
    for info in genuine.infolist():
        offset = out.tell()
        if info.filename == member:
            local, entry = _zip_member(member, head, block, times, tail)
        else:
            raw = genuine.read(info.filename)
            local, entry = _zip_member(info.filename, raw)
        out.write(local)
        central += entry[:42] + struct.pack("<I", offset) + entry[46:]
        count += 1
    start = out.tell()
    out.write(central)
    out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count, count, len(central), start, 0))
    return out.getvalue()


def entity_bomb_xlsx(member: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A workbook whose sheet (or shared strings) is a billion-laughs XML: ten levels of ten entity references."""
    genuine = zipfile.ZipFile(io.BytesIO(xlsx([["城市", "医院"], ["长春", "吉林大学第一医院"]])))
    entities = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    root = "worksheet" if "sheet" in member else "sst"
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE {root} [{entities}]>'
        f'<{root} xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (
            "<sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>&l9;</t></is></c></row></sheetData>"
            if root == "worksheet"
            else "<si><t>&l9;</t></si>"
        )
        + f"</{root}>"
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in genuine.infolist():
            target.writestr(info.filename, bomb if info.filename == member else genuine.read(info.filename))
    return out.getvalue()


# --- integrity -----------------------------------------------------------------------------------------------------
def table_snapshot() -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows (order-independent)."""
    snapshot = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in UNWATCHED_TABLES:
                continue
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - names from the introspection
            rows = sorted(repr(row) for row in cursor.fetchall())
            snapshot[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return snapshot


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        str(Path(folder, name).relative_to(root)) for folder, _dirs, names in os.walk(root) for name in names
    }


class Integrity:
    """What the database and the media folder hold before an upload; ``changes()`` what differs after it."""

    def __init__(self):
        self.tables = table_snapshot()
        self.files = media_files()

    def changes(self) -> list[str]:
        after = table_snapshot()
        changed = [
            f"{table}: {self.tables.get(table, (0, ''))[0]} → {after.get(table, (0, ''))[0]} rows"
            for table in sorted(set(after) | set(self.tables))
            if after.get(table) != self.tables.get(table)
        ]
        new_files = media_files() - self.files
        return changed + [f"file left in MEDIA_ROOT: {name}" for name in sorted(new_files)]


# --- messages ------------------------------------------------------------------------------------------------------
def zh(msgid: str, **params) -> str:
    """The Chinese text of a message as the product shows it (checked to be translated)."""
    with translation.override("zh-hans"):
        text = gettext(msgid)
    assert text != msgid or CJK.search(msgid), f"not translated: {msgid!r}"
    return text % params if params else text


def form_errors(response, *names: str) -> list[str]:
    """Every error of the page's forms (the context's ``form`` and the given names)."""
    errors: list[str] = []
    context = response.context
    if context is None:
        return errors
    for name in ("form", *names):
        form = context.get(name)
        if form is not None and hasattr(form, "errors"):
            for messages in form.errors.values():
                errors.extend(str(m) for m in messages)
    return errors


def assert_refused(response, before: Integrity, errors: list[str], expected: str | list[str] | None = None):
    """A refused upload: 200/400, every message shown in Chinese (the expected one among them), nothing changed."""
    assert response.status_code in (200, 400), f"answered {response.status_code}"
    assert errors, "no message tells what is wrong"
    for message in errors:
        assert CJK.search(message), f"untranslated message: {message!r}"
    for wanted in [expected] if isinstance(expected, str) else expected or []:
        assert any(wanted in message for message in errors), f"{wanted!r} not among {errors!r}"
    changes = before.changes()
    assert not changes, f"a refused upload changed: {changes}"
