"""The branch legal post 法律岗 (seed 000: a change to the standard agreement text needs "本机构法律岗" and HQ)."""

from django.db import migrations


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="legal_post")


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="legal_post").delete()


class Migration(migrations.Migration):
    dependencies = [("organization", "0004_history_baseline")]

    operations = [migrations.RunPython(create_role, remove_role)]
