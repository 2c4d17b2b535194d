from django.db import migrations


def load(apps, schema_editor):
    from sla.calendar_data import load_package_years

    load_package_years(apps.get_model("sla", "CalendarYear"), apps.get_model("sla", "CalendarDay"))


def unload(apps, schema_editor):
    apps.get_model("sla", "CalendarDay").objects.all().delete()
    apps.get_model("sla", "CalendarYear").objects.filter(source="package").delete()


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
