"""Registry import and export: reading `.xlsx`/`.csv` files, validating every row, all-or-nothing creation.

The worker runs `process_import` (through `hospitals.tasks.run_import`); the upload form uses `check_upload`.
Rows are numbered as the spreadsheet shows them: the header is row 1, the first hospital row 2.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.spreadsheets import restore, safe_row
from organization.models import Province
from workflow.services import record_event

from .models import Cooperation, Hospital, HospitalImport

logger = logging.getLogger(__name__)

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 20_000
PROGRESS_EVERY = 50
XLSX_MAGIC = b"PK\x03\x04"


class ImportFileError(Exception):
    """The file as a whole cannot be used; the message is translated and meant for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- columns ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    field: str
    zh: str  # the canonical header, used by the template and the export
    en: str
    required: bool = False
    also: tuple[str, ...] = ()
    values: object = ""  # what the column accepts, shown on the import page


COLUMNS: tuple[Column, ...] = (
    Column("name", "医院名称", "name", True, ("医院全称", "名称", "全称", "full name", "hospital name")),
    Column("aliases", "别名", "aliases", False, ("其他名称", "other names"), gettext_lazy("One per line.")),
    Column(
        "province",
        "省份",
        "province",
        True,
        ("省", "省份/直辖市", "省/自治区/直辖市"),
        gettext_lazy("吉林省, 吉林, Jilin or the code 22"),
    ),
    Column("city", "城市", "city", True, ("市", "地市", "所在城市")),
    Column("district", "区县", "district", False, ("区/县", "区", "县", "district or county", "county")),
    Column("address", "地址", "address", True, ("详细地址",)),
    Column("nature", "性质", "nature", True, ("医院性质",), "公立 / 民营 (public / private)"),
    Column(
        "grade",
        "等级",
        "grade",
        True,
        ("医院等级",),
        "三级甲等 (3a), 三级乙等 (3b), 三级丙等 (3c), 二级甲等 (2a), 二级乙等 (2b), 二级丙等 (2c), 一级 (1), 未定级 (unrated)",
    ),
    Column(
        "kind",
        "类型",
        "type",
        False,
        ("医院类型", "kind"),
        gettext_lazy("综合医院 / 创伤专科医院 / 其他专科医院 (general / trauma / specialty); empty: general"),
    ),
    Column("beds", "床位数", "beds", False, ("床位",), gettext_lazy("A whole number")),
    Column("specialties", "重点专科", "specialties", False, ("专科", "key specialties")),
    Column(
        "licence_number",
        "执业许可证号",
        "licence number",
        False,
        ("许可证号", "license number", "practising licence number"),
    ),
    Column(
        "licence_valid_until",
        "许可证有效期至",
        "licence valid until",
        False,
        ("许可证有效期", "license valid until"),
        gettext_lazy("YYYY-MM-DD or a date cell"),
    ),
    Column(
        "emergency_phone",
        "急救直线电话",
        "emergency phone",
        False,
        ("急诊直线电话", "急诊电话", "emergency direct line"),
        gettext_lazy("With area code, e.g. 0431-88782222, or a mobile; never 120"),
    ),
    Column(
        "emergency_contact",
        "急救联系人或科室",
        "emergency contact",
        False,
        ("急诊联系人或科室", "急诊联系人", "急诊联系科室", "emergency contact person or department"),
    ),
    Column(
        "itemised_billing",
        "电子费用明细清单",
        "itemised billing",
        False,
        ("电脑化明细清单", "明细清单", "itemized billing", "computerised itemised billing"),
        gettext_lazy("是 / 否 (yes / no); empty: no"),
    ),
    Column(
        "road_accident_patients",
        "年交通事故患者数",
        "road accident patients",
        False,
        ("交通事故患者数", "road-accident patients a year"),
        gettext_lazy("A whole number"),
    ),
)
# Columns the export adds; an exported file imports again, these are then ignored.
EXPORT_ONLY = {"维护机构": "maintained by", "合作状态": "pipeline state", "协议到期日": "agreement end"}
IGNORED_HEADERS = {"序号", "no.", "no", "#", *EXPORT_ONLY, *EXPORT_ONLY.values()}


def _norm(text) -> str:
    text = re.sub(r"[（(](必填|required)[)）]", "", str(text or ""))
    return re.sub(r"[\s_\-*]+", "", text).casefold()


HEADER_TO_FIELD = {
    _norm(header): column.field
    for column in COLUMNS
    for header in (column.zh, column.en, column.field, *column.also)
}
IGNORED = {_norm(h) for h in IGNORED_HEADERS}
COLUMN_OF = {column.field: column for column in COLUMNS}

# --- accepted values ---------------------------------------------------------------------------------------------
PROVINCE_ZH = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省",
    "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省",
    "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
}  # fmt: skip
PROVINCE_SHORT = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁", "22": "吉林",
    "23": "黑龙江", "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西",
    "37": "山东", "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
    "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃",
    "63": "青海", "64": "宁夏", "65": "新疆",
}  # fmt: skip
NATURE_ZH = {"public": "公立", "private": "民营"}
GRADE_ZH = {
    "3a": "三级甲等", "3b": "三级乙等", "3c": "三级丙等", "2a": "二级甲等", "2b": "二级乙等",
    "2c": "二级丙等", "1": "一级", "unrated": "未定级",
}  # fmt: skip
KIND_ZH = {"general": "综合医院", "trauma": "创伤专科医院", "specialty": "其他专科医院"}


def _choice_map(chinese: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
    accepted = {code.casefold(): code for code in chinese}
    accepted.update({name: code for code, name in chinese.items()})
    accepted.update(extra)
    return accepted


def _english_provinces() -> dict[str, str]:
    with translation.override("en"):
        return {str(label).casefold(): code for code, label in Province.choices}


CHOICES = {
    "province": _choice_map(PROVINCE_ZH, {name: code for code, name in PROVINCE_SHORT.items()}),
    "nature": _choice_map(NATURE_ZH, {"公立医院": "public", "民营医院": "private", "私立": "private"}),
    "grade": _choice_map(GRADE_ZH, {}),
    "kind": _choice_map(
        KIND_ZH, {"综合": "general", "创伤专科": "trauma", "专科医院": "specialty", "其他专科": "specialty"}
    ),
}
CHOICES_SHOWN = {
    "nature": lambda: ", ".join(f"{zh} ({code})" for code, zh in NATURE_ZH.items()),
    "grade": lambda: ", ".join(f"{zh} ({code})" for code, zh in GRADE_ZH.items()),
    "kind": lambda: ", ".join(f"{zh} ({code})" for code, zh in KIND_ZH.items()),
}
TRUE_WORDS = {"是", "有", "yes", "y", "true", "1", "✓", "√"}
FALSE_WORDS = {"否", "无", "no", "n", "false", "0", ""}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INTEGER_FIELDS = ("beds", "road_accident_patients")
TEXT_FIELDS = (
    "name",
    "aliases",
    "city",
    "district",
    "address",
    "specialties",
    "licence_number",
    "emergency_phone",
    "emergency_contact",
)


# --- reading files -------------------------------------------------------------------------------------------
def sniff(head: bytes, filename: str) -> str:
    """'xlsx' or 'csv' by the file's name, confirmed by its content; otherwise ImportFileError."""
    suffix = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    if suffix not in ("xlsx", "csv"):
        raise ImportFileError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    if suffix == "xlsx" and not head.startswith(XLSX_MAGIC):
        raise ImportFileError(_("This file is named .xlsx but is not an Excel workbook."))
    if suffix == "csv" and (head.startswith(XLSX_MAGIC) or b"\x00" in head):
        raise ImportFileError(_("This file is named .csv but is not a text file."))
    return suffix


def read_rows(data: bytes, filename: str) -> list[tuple[int, list]]:
    """Every non-empty row of the first sheet with its row number, header first. Too many rows: an error."""
    kind = sniff(data[:4096], filename)
    rows = _read_xlsx(data) if kind == "xlsx" else _read_csv(data)
    table: list[tuple[int, list]] = []
    for number, values in rows:
        cells = list(values)
        if all(value is None or str(value).strip() == "" for value in cells):
            continue
        table.append((number, cells))
        if len(table) > MAX_ROWS + 1:
            raise ImportFileError(
                _("The file has more than %(max)s hospital rows; split it into several files.")
                % {"max": f"{MAX_ROWS:,}"}
            )
    if not table:
        raise ImportFileError(_("The file is empty."))
    if len(table) == 1:
        raise ImportFileError(_("The file has a header row but no hospitals."))
    return table


def _read_xlsx(data: bytes) -> Iterable[tuple[int, tuple]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = _("This file is not an Excel workbook that can be opened.")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportFileError(unreadable) from exc
    try:
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except Exception as exc:  # a damaged sheet inside a valid zip: whatever the XML parser raises
        raise ImportFileError(unreadable) from exc
    finally:
        workbook.close()


def _read_csv(data: bytes) -> Iterable[tuple[int, list]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("The CSV file is not UTF-8 text. In Excel save it as “CSV UTF-8 (comma delimited)”.")
        ) from exc
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc


def check_upload(upload) -> int:
    """Validate an uploaded file (size, type by content, row count); return its number of hospital rows."""
    if upload.size > MAX_FILE_SIZE:
        raise ImportFileError(
            _("The file is %(size)s MB; the limit is 5 MB.") % {"size": f"{upload.size / 1024 / 1024:.1f}"}
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    table = read_rows(data, upload.name)
    map_header(table[0][1])
    return len(table) - 1


def map_header(header: list) -> list[str | None]:
    """The field of each column (None: ignored). Unknown columns and missing required ones are errors."""
    fields: list[str | None] = []
    problems = []
    for value in header:
        key = _norm(value)
        if not key or key in IGNORED:
            fields.append(None)
            continue
        field = HEADER_TO_FIELD.get(key)
        if field is None:
            problems.append(_("Column “%(header)s” is not recognised.") % {"header": str(value).strip()})
        elif field in fields:
            problems.append(_("Column “%(header)s” appears twice.") % {"header": str(value).strip()})
        fields.append(field)
    missing = [COLUMN_OF[c.field].zh for c in COLUMNS if c.required and c.field not in fields]
    if missing:
        problems.append(_("Required columns are missing: %(columns)s.") % {"columns": "、".join(missing)})
    if problems:
        raise ImportFileError(" ".join(problems))
    return fields


# --- validating rows ---------------------------------------------------------------------------------------------
def _label(field: str) -> str:
    return str(Hospital._meta.get_field(field).verbose_name)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return restore(str(value).strip())


def _convert(field: str, value, errors: list[str]):
    """The model value of one cell, or None after appending a specific message to errors."""
    if field in CHOICES:
        text = _text(value)
        if not text:
            return "general" if field == "kind" else ""
        code = CHOICES[field].get(text) or CHOICES[field].get(text.casefold())
        if code is None and field == "province":
            code = _english_provinces().get(text.casefold())
        if code is None and field == "province":
            errors.append(
                _("%(column)s “%(value)s” is not a province; write it as e.g. 吉林省, 吉林, Jilin or 22.")
                % {"column": _label(field), "value": text}
            )
        elif code is None:
            errors.append(
                _("%(column)s “%(value)s” is not one of: %(choices)s.")
                % {"column": _label(field), "value": text, "choices": CHOICES_SHOWN[field]()}
            )
        return code
    if field in INTEGER_FIELDS:
        if isinstance(value, bool):
            value = str(value)
        if isinstance(value, int | float) and float(value).is_integer() and value >= 0:
            return int(value)
        text = _text(value)
        if not text:
            return None
        if text.isdigit():
            return int(text)
        errors.append(
            _("%(column)s “%(value)s” is not a whole number.") % {"column": _label(field), "value": text}
        )
        return None
    if field == "licence_valid_until":
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(value)
        if not text:
            return None
        if ISO_DATE.match(text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                pass
        errors.append(
            _("%(column)s “%(value)s” is not a date in the form YYYY-MM-DD.")
            % {"column": _label(field), "value": text}
        )
        return None
    if field == "itemised_billing":
        if isinstance(value, bool):
            return value
        text = _text(value).casefold()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        errors.append(
            _("%(column)s “%(value)s” is not 是 or 否 (yes or no).")
            % {"column": _label(field), "value": _text(value)}
        )
        return None
    text = _text(value)
    if field == "aliases":
        text = "\n".join(part.strip() for part in re.split(r"[\n;；]", text) if part.strip())
    return text


def validate_row(fields: list[str | None], cells: list, org) -> tuple[Hospital | None, list[str]]:
    """One row as an unsaved Hospital of `org`, or the row's messages. Duplicates are checked elsewhere."""
    errors: list[str] = []
    data: dict = {}
    refused: set[str] = set()
    for index, field in enumerate(fields):
        if field is None:
            continue
        before = len(errors)
        data[field] = _convert(field, cells[index] if index < len(cells) else None, errors)
        if len(errors) > before:
            refused.add(field)
    for column in COLUMNS:
        if column.required and column.field not in refused and not data.get(column.field):
            errors.append(_("%(column)s is required.") % {"column": _label(column.field)})
            refused.add(column.field)
    hospital = Hospital(org=org, **{k: v for k, v in data.items() if v is not None and k not in refused})
    try:
        hospital.full_clean(exclude=refused, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            label = _label(field) if field in COLUMN_OF else ""
            errors.extend(f"{label}: {message}" if label else message for message in messages)
    return (None if errors else hospital), errors


def _duplicate_key(name: str, city: str) -> tuple[str, str]:
    return (name.strip(), city.strip())


def existing_names(keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which (name, city) pairs are already in the registry (every branch), queried in chunks."""
    keys = list(keys)
    found: set[tuple[str, str]] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        names = {name for name, _city in chunk}
        wanted = set(chunk)
        for pair in Hospital.objects.filter(name__in=names).values_list("name", "city"):
            if pair in wanted:
                found.add(pair)
    return found


@dataclass
class Outcome:
    hospitals: list[tuple[int, Hospital]]
    errors: list[dict]
    total: int


def validate_table(table: list[tuple[int, list]], org, progress=None) -> Outcome:
    """Every row checked; every bad row reported with all its messages. `progress(n)` every 50 rows."""
    fields = map_header(table[0][1])
    rows = table[1:]
    by_row: dict[int, list[str]] = {}
    good: list[tuple[int, Hospital]] = []
    first_seen: dict[tuple[str, str], int] = {}
    keys_of_row: dict[int, tuple[str, str]] = {}
    name_index, city_index = fields.index("name"), fields.index("city")
    for done, (number, cells) in enumerate(rows, start=1):
        hospital, messages = validate_row(fields, cells, org)
        name = _text(cells[name_index] if name_index < len(cells) else None)
        city = _text(cells[city_index] if city_index < len(cells) else None)
        if name and city:
            key = _duplicate_key(name, city)
            keys_of_row[number] = key
            if key in first_seen:
                messages.append(
                    _("“%(name)s” in %(city)s appears twice in this file (first on row %(row)s).")
                    % {"name": name, "city": city, "row": first_seen[key]}
                )
            else:
                first_seen[key] = number
        if messages:
            by_row[number] = messages
        elif hospital is not None:
            good.append((number, hospital))
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    existing = existing_names(first_seen)
    for number, key in keys_of_row.items():
        if key in existing:
            by_row.setdefault(number, []).append(
                _("A hospital named “%(name)s” in %(city)s is already in the registry.")
                % {"name": key[0], "city": key[1]}
            )
    errors = [{"row": number, "messages": by_row[number]} for number in sorted(by_row)]
    if errors:
        good = []
    return Outcome(hospitals=good, errors=errors, total=len(rows))


# --- creating ------------------------------------------------------------------------------------------------
def register_hospital(hospital: Hospital, *, by, verb: str = "created", note: str = "") -> Hospital:
    """Save a new hospital with its cooperation (initial state) with its branch, and put it on the record.

    Callers hold the transaction. Shared by the create page and the import.
    """
    hospital.save()
    Cooperation.objects.create(hospital=hospital, org_id=hospital.org_id, created_by=by)
    record_event(hospital, verb, by=by, note=note)
    return hospital


def _create_all(hospitals: list[Hospital], imp: HospitalImport) -> None:
    if connection.features.can_return_rows_from_bulk_insert:
        Hospital.objects.bulk_create(hospitals, batch_size=500)
    else:  # pragma: no cover - every supported database returns the new keys
        for hospital in hospitals:
            hospital.save()
    Cooperation.objects.bulk_create(
        [Cooperation(hospital=h, org_id=imp.org_id, created_by=imp.created_by) for h in hospitals],
        batch_size=500,
    )
    for hospital in hospitals:
        record_event(hospital, "imported", by=imp.created_by, note=imp.original_name)


def _finish(pk: int, status: str, **fields) -> None:
    HospitalImport.objects.filter(pk=pk).update(status=status, finished_at=timezone.now(), **fields)


FINAL = (HospitalImport.Status.DONE, HospitalImport.Status.FAILED)


def process_import(import_id: int, language: str | None = None) -> None:
    """Validate the whole file, then create every hospital in one transaction or none. Idempotent."""
    from django.conf import settings

    imp = HospitalImport.objects.select_related("created_by").filter(pk=import_id).first()
    if imp is None or imp.status in FINAL:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        _process(imp)


def _process(imp: HospitalImport) -> None:
    rows = HospitalImport.objects.filter(pk=imp.pk)
    rows.update(status=HospitalImport.Status.RUNNING, processed_rows=0)
    try:
        with imp.file.open("rb") as handle:
            data = handle.read()
        table = read_rows(data, imp.original_name)
        rows.update(total_rows=len(table) - 1)
        outcome = validate_table(table, imp.org, progress=lambda n: rows.update(processed_rows=n))
    except ImportFileError as exc:
        _finish(imp.pk, HospitalImport.Status.FAILED, errors=[{"row": 0, "messages": [exc.message]}])
        return
    except Exception:
        logger.exception("hospital import %s could not be read", imp.pk)
        _finish(
            imp.pk,
            HospitalImport.Status.FAILED,
            errors=[{"row": 0, "messages": [_("The file could not be read. Nothing was imported.")]}],
        )
        return
    rows.update(processed_rows=outcome.total)
    if outcome.errors:
        _finish(imp.pk, HospitalImport.Status.FAILED, errors=outcome.errors)
        return
    try:
        with transaction.atomic():
            locked = HospitalImport.objects.select_for_update().get(pk=imp.pk)
            if locked.status in FINAL:  # another worker finished it meanwhile
                return
            _create_all([hospital for _number, hospital in outcome.hospitals], imp)
            _finish(imp.pk, HospitalImport.Status.DONE, created_count=len(outcome.hospitals))
    except IntegrityError:
        logger.warning("hospital import %s lost a race on name+city", imp.pk)
        message = _(
            "A hospital with the same name and city as one in the file was added while the import ran. "
            "Nothing was imported; upload the file again to see which."
        )
        _finish(imp.pk, HospitalImport.Status.FAILED, errors=[{"row": 0, "messages": [message]}])


# --- writing workbooks -----------------------------------------------------------------------------------------
def _workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    """An empty import file: the Chinese headers, and a second sheet explaining every column."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("医院")
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.zh)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "English header", "必填 required", "可填写的值 accepted values"])
    for column in COLUMNS:
        notes.append([column.zh, column.en, "是" if column.required else "", str(column.values)])
    return _workbook_bytes(workbook)


def export_workbook(hospitals: Iterable[Hospital]) -> bytes:
    """The given hospitals as an .xlsx with the import's Chinese headers (so it imports again), plus the
    branch, pipeline state and agreement end. Write-only: memory stays flat however many rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("医院")
    sheet.append([column.zh for column in COLUMNS] + list(EXPORT_ONLY))
    with translation.override("zh-hans"):
        states = {code: str(label) for code, label in Cooperation.State.choices}

    def date_cell(value):
        cell = WriteOnlyCell(sheet, value=value)
        if value is not None:
            cell.number_format = "yyyy-mm-dd"
        return cell

    for h in hospitals:
        sheet.append(
            safe_row(
                [
                    h.name,
                    h.aliases,
                    PROVINCE_ZH.get(h.province, h.province),
                    h.city,
                    h.district,
                    h.address,
                    NATURE_ZH.get(h.nature, h.nature),
                    GRADE_ZH.get(h.grade, h.grade),
                    KIND_ZH.get(h.kind, h.kind),
                    h.beds,
                    h.specialties,
                    h.licence_number,
                    date_cell(h.licence_valid_until),
                    h.emergency_phone,
                    h.emergency_contact,
                    "是" if h.itemised_billing else "否",
                    h.road_accident_patients,
                    h.org.name,
                    states.get(getattr(h, "coop_state", None) or "", ""),
                    date_cell(getattr(h, "agreement_end", None)),
                ]
            )
        )
    return _workbook_bytes(workbook)
