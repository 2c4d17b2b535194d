"""Demo network lists: a small generated list for three seeded products, imported as their vendors' files would be
(through the same reader and service), some rows naming hospitals of the hospitals demo (吉林大学第一医院 in 长春,
北京大学深圳医院 in 深圳 …), some written differently (brackets, full-width, "第2"), some not in the registry at all.
Idempotent: a product that already has a list is skipped."""

from __future__ import annotations

import csv
import io

from django.db import transaction

from .models import NetworkListVersion, ServiceProduct
from .network_import import read_network_list
from .network_services import import_network_list

# (city, hospital as the vendor writes it, departments)
COMMON = [
    ("长春", "吉林大学第一医院", "肿瘤科、心内科、神经外科"),
    ("长春市", "吉林大学中日联谊医院（吉大三院）", "肿瘤科、骨科"),
    ("长春", "吉林省人民医院", "心内科"),
    ("长春", "吉林省肿瘤医院", "肿瘤内科、放疗科"),
    ("吉林", "吉林市中心医院", "心内科、神经内科"),
    ("吉林市", "北华大学附属医院", "普外科"),
    ("延吉", "延边大学附属医院", "肿瘤科"),
    ("深圳", "北京大学深圳医院", "肿瘤科、心血管内科"),
    ("深圳", "深圳市人民医院", "神经外科、肿瘤科"),
    ("深圳市", "深圳市第2人民医院", "心内科"),
    ("深圳", "香港大学深圳医院", "肿瘤科、心脏外科"),
    ("深圳", "中国医学科学院肿瘤医院深圳医院", "肿瘤内科、胸外科"),
    ("北京", "北京协和医院", "肿瘤科、心内科、神经内科"),
    ("北京", "中国医学科学院肿瘤医院", "胸外科、腹部外科"),
    ("北京", "北京大学第一医院", "泌尿外科"),
    ("上海", "复旦大学附属中山医院", "心内科、肝外科"),
    ("上海", "复旦大学附属肿瘤医院", "乳腺外科、胸外科"),
    ("上海", "上海交通大学医学院附属瑞金医院", "血液科、内分泌科"),
    ("广州", "中山大学肿瘤防治中心", "鼻咽科、肝胆科"),
    ("广州", "广东省人民医院", "心外科"),
    ("杭州", "浙江大学医学院附属第一医院", "肝胆胰外科"),
    ("南京", "江苏省人民医院", "心内科、普外科"),
    ("成都", "四川大学华西医院", "肿瘤科、神经外科"),
    ("武汉", "华中科技大学同济医学院附属同济医院", "肿瘤科"),
]
LISTS = {
    "cancer-31-cities": COMMON,
    "ruitai": COMMON[:18],
    "pingan-29-cities": [*COMMON[::2], ("沈阳", "中国医科大学附属第一医院", "心内科")],
}


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["序号", "城市", "医院名称", "科室"])
    for number, (city, hospital, departments) in enumerate(rows, start=1):
        writer.writerow([number, city, hospital, departments])
    return out.getvalue().encode("utf-8-sig")


@transaction.atomic
def seed_demo_networks() -> dict[str, int]:
    """Import each demo list once; returns how many lists were imported now."""
    imported = 0
    for code, rows in LISTS.items():
        product = ServiceProduct.objects.filter(code=code).first()
        if product is None or NetworkListVersion.objects.filter(product=product).exists():
            continue
        outcome = read_network_list(_csv(rows), f"{code}-网络医院名单.csv")
        import_network_list(
            product,
            outcome.rows,
            errors=outcome.errors,
            file_name=f"{code}-网络医院名单.csv",
            by=None,
            note="演示数据",
        )
        imported += 1
    return {"network_lists": imported}
