"""The columns of the three reference spreadsheets: canonical Chinese headers (the export writes them, so an
exported file imports again), English headers and synonyms, and the words each choice column accepts."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hospitals.imports.columns import PROVINCE_SHORT, PROVINCE_ZH
from organization.models import Province

from ..models import AidCategory, DrugKind, InsuranceCategory


@dataclass(frozen=True)
class Column:
    field: str
    zh: str  # the canonical header, written by the export
    en: str
    required: bool = False
    also: tuple[str, ...] = ()
    values: object = ""  # what the column accepts, shown on the import page


# Choice columns: the word the export writes for each code, and every other word an import accepts.
CHOICE_ZH: dict[str, dict[str, str]] = {
    "kind": {DrugKind.DRUG: "药品", DrugKind.SERVICE: "诊疗项目", DrugKind.MATERIAL: "医用耗材"},
    "category": {
        InsuranceCategory.CLASS_A: "甲类",
        InsuranceCategory.CLASS_B: "乙类",
        InsuranceCategory.CLASS_C: "丙类",
        InsuranceCategory.SELF_PAID: "自费",
    },
    "aid_category": {
        AidCategory.PROSTHESIS: "假肢",
        AidCategory.ORTHOSIS: "矫形器",
        AidCategory.MOBILITY: "轮椅助行",
        AidCategory.HEARING: "助听器",
        AidCategory.VISION: "视力辅助",
        AidCategory.DAILY_LIVING: "生活自理辅助",
        AidCategory.OTHER: "其他",
    },
    "province": dict(PROVINCE_ZH),
}
CHOICE_ALSO: dict[str, dict[str, str]] = {
    "kind": {
        "西药": "drug", "中成药": "drug", "中药饮片": "drug", "药": "drug",
        "诊疗": "service", "医疗服务": "service", "医疗服务项目": "service", "服务项目": "service",
        "检查": "service", "治疗": "service",
        "耗材": "material", "材料": "material", "医用材料": "material", "卫生材料": "material",
    },
    "category": {
        "甲": "a", "乙": "b", "丙": "c", "甲类药": "a", "乙类药": "b", "丙类药": "c", "自费药": "self",
        "全自费": "self", "目录外": "c", "class a": "a", "class b": "b", "class c": "c", "self-paid": "self",
        "self paid": "self",
    },
    "aid_category": {
        "假肢类": "prosthesis", "矫形器类": "orthosis", "轮椅": "mobility", "助行器": "mobility",
        "轮椅、助行器": "mobility", "助听": "hearing", "助听器类": "hearing", "视力": "vision",
        "生活自理": "daily_living", "生活辅助": "daily_living", "其他辅助器具": "other",
    },
    "province": {name: code for code, name in PROVINCE_SHORT.items()},
}  # fmt: skip
TRUE_WORDS = {"是", "有", "yes", "y", "true", "1", "✓", "√"}
FALSE_WORDS = {"否", "无", "no", "n", "false", "0"}


def _english(choices) -> dict[str, str]:
    with translation.override("en"):
        return {str(label).casefold(): code for code, label in choices}


@functools.cache
def choice_words(kind: str) -> dict[str, str]:
    """Every accepted spelling (case-folded) → code: the code, the Chinese word, its synonyms, the English label."""
    source = {
        "kind": DrugKind.choices,
        "category": InsuranceCategory.choices,
        "aid_category": AidCategory.choices,
        "province": Province.choices,
    }[kind]
    words = _english(source)
    words.update({str(code).casefold(): code for code, _label in source})
    words.update({word.casefold(): code for code, word in CHOICE_ZH[kind].items()})
    words.update({word.casefold(): code for word, code in CHOICE_ALSO[kind].items()})
    return words


def shown(kind: str) -> str:
    return ", ".join(CHOICE_ZH[kind].values())


YES_NO = _("是 / 否 (yes / no)")
MONEY = _("Yuan, e.g. 1234.50; empty if unknown")
DATE = _("YYYY-MM-DD or a date cell")
SAMPLE = Column("is_sample", "样例数据", "sample", False, ("示例数据", "sample data", "is sample"), YES_NO)
ACTIVE = Column("is_active", "有效", "active", False, ("启用", "是否有效", "is active"), YES_NO)

DRUG_COLUMNS: tuple[Column, ...] = (
    Column("code", "编码", "code", True, ("药品编码", "医保编码", "项目编码", "国家编码")),
    Column("name", "名称", "name", True, ("药品名称", "项目名称", "通用名", "通用名称")),
    Column("kind", "类别", "kind", False, ("项目类别", "种类", "type")),
    Column(
        "category", "医保类别", "insurance category", True, ("医保分类", "甲乙类", "报销类别", "category")
    ),
    Column("dosage_form", "剂型", "dosage form", False, ("剂 型",)),
    Column("specification", "规格", "specification", False, ("规格型号",)),
    Column("unit", "单位", "unit", True, ("计价单位", "包装单位")),
    Column(
        "reference_price", "参考价格", "reference price", False, ("参考价", "单价", "价格", "price"), MONEY
    ),
    Column(
        "restriction", "限定支付范围", "payment restriction", False, ("限定范围", "支付限定", "restriction")
    ),
    SAMPLE,
    ACTIVE,
)
STANDARD_COLUMNS: tuple[Column, ...] = (
    Column("province", "省份", "province", True, ("省", "省/自治区/直辖市"), _("吉林省, 吉林, Jilin or 22")),
    Column(
        "area",
        "地区",
        "area",
        False,
        ("单列地区", "计划单列市/经济特区", "separately administered area"),
        _("深圳, 宁波 …; empty: the province's general figures (一般地区)"),
    ),
    Column("stat_year", "统计年度", "statistical year", True, ("数据年度", "年度", "year"), _("e.g. 2023")),
    Column(
        "effective_from", "生效日期", "effective from", True, ("执行起始日", "起始日期", "施行日期"), DATE
    ),
    Column("effective_to", "失效日期", "effective to", False, ("执行截止日", "截止日期"), DATE),
    Column(
        "urban_disposable_income",
        "城镇居民人均可支配收入",
        "urban disposable income",
        False,
        ("人均可支配收入", "城镇人均可支配收入"),
        MONEY,
    ),
    Column(
        "urban_consumption",
        "城镇居民人均消费支出",
        "urban consumption expenditure",
        False,
        ("人均消费支出", "城镇人均消费支出"),
        MONEY,
    ),
    Column(
        "average_wage", "职工平均工资", "average wage", False, ("在岗职工平均工资", "职工年平均工资"), MONEY
    ),
    Column("funeral_expenses", "丧葬费", "funeral expenses", False, ("丧葬费标准",), MONEY),
    Column(
        "hospital_meal_allowance",
        "住院伙食补助费",
        "hospital meal allowance",
        False,
        ("住院伙食补助", "住院伙食补助费标准"),
        _("Yuan per day"),
    ),
    Column("nursing_daily_wage", "护理费日标准", "nursing daily wage", False, ("护理费",), _("Yuan per day")),
    Column("source", "来源", "source", True, ("数据来源", "依据")),
    Column("source_url", "来源网址", "source address", False, ("网址", "链接", "source url")),
    SAMPLE,
)
WAGE_SHEET = "行业工资"
WAGE_SHEET_NAMES = {"行业工资", "行业平均工资", "industry wages", "industry wage"}
WAGE_COLUMNS: tuple[Column, ...] = (
    STANDARD_COLUMNS[0],
    STANDARD_COLUMNS[1],
    STANDARD_COLUMNS[2],
    Column("industry", "行业", "industry", True, ("行业名称",)),
    Column("annual_wage", "年平均工资", "average wage per year", False, ("年平均工资(元)", "年工资"), MONEY),
    Column("daily_wage", "日平均工资", "average wage per day", False, ("日平均工资(元)", "日工资"), MONEY),
)
AID_COLUMNS: tuple[Column, ...] = (
    Column("name", "名称", "name", True, ("器具名称", "辅助器具名称")),
    Column("category", "类别", "category", True, ("器具类别", "分类")),
    Column("specification", "规格型号", "specification", False, ("规格", "型号")),
    Column("unit", "单位", "unit", False, ("计价单位",), _("Empty: 件")),
    Column(
        "reference_price", "参考价格", "reference price", True, ("参考价", "单价", "价格", "price"), MONEY
    ),
    Column("price_min", "最低价", "lowest price", False, ("价格下限",), MONEY),
    Column("price_max", "最高价", "highest price", False, ("价格上限",), MONEY),
    Column(
        "service_life_years",
        "使用年限",
        "service life",
        False,
        ("使用年限(年)", "更换周期(年)", "service life (years)"),
        _("Whole years, 1 to 50"),
    ),
    Column("replacement", "更换与维护", "replacement", False, ("更换说明", "维护")),
    Column("source", "来源", "source", False, ("数据来源",)),
    SAMPLE,
    ACTIVE,
)
# Which choice vocabulary a (list, field) uses.
CHOICE_OF = {
    ("drugs", "kind"): "kind",
    ("drugs", "category"): "category",
    ("aids", "category"): "aid_category",
    ("standards", "province"): "province",
    ("wages", "province"): "province",
}


def norm(text) -> str:
    """A header as compared: without spaces, underscores, dashes, stars and a "(必填)" mark, case-folded."""
    text = re.sub(r"[（(](必填|required)[)）]", "", str(text or ""))
    return re.sub(r"[\s_\-*]+", "", text).casefold()


@dataclass(frozen=True)
class Layout:
    """The columns of one sheet and how a header maps to a field."""

    name: str  # drugs, standards, wages, aids
    columns: tuple[Column, ...]
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, name: str, columns: tuple[Column, ...]) -> Layout:
        headers = {
            norm(header): column.field
            for column in columns
            for header in (column.zh, column.en, column.field, *column.also)
        }
        return cls(name, columns, headers)

    def column(self, field_name: str) -> Column:
        return next(c for c in self.columns if c.field == field_name)


LAYOUTS = {
    "drugs": Layout.of("drugs", DRUG_COLUMNS),
    "standards": Layout.of("standards", STANDARD_COLUMNS),
    "wages": Layout.of("wages", WAGE_COLUMNS),
    "aids": Layout.of("aids", AID_COLUMNS),
}
IGNORED_HEADERS = {norm(h) for h in ("序号", "no.", "no", "#", "id", "当前有效", "in force today")}


def accepted_values(layout: str, column: Column) -> str:
    """What the import page says a column accepts."""
    vocabulary = CHOICE_OF.get((layout, column.field))
    if vocabulary == "kind":
        return str(_("%(words)s; empty: 药品") % {"words": shown("kind")})
    if vocabulary in ("category", "aid_category"):
        return shown(vocabulary)
    return str(column.values)
