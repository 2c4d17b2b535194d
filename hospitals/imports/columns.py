"""The columns of the registry spreadsheet: canonical Chinese headers, accepted synonyms, accepted values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy

from organization.models import Province


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
