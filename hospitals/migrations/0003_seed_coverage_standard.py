import datetime
from decimal import Decimal

from django.db import migrations


def seed(apps, schema_editor):
    apps.get_model("hospitals", "CoverageStandard").objects.get_or_create(
        effective_from=datetime.date(2000, 1, 1),
        defaults={
            "home_city_minimum": 4,
            "premium_threshold": Decimal("15000000"),
            "minimum_at_or_above": 2,
            "minimum_below": 1,
            "minimum_per_metro_city": 1,
            "source": "理赔协作医院及急救医疗担保管理办法 (seed 000), 设立数量",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("hospitals", "0002_coverage_standard")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
