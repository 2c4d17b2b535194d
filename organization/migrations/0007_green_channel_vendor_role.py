"""Staff of a green-channel service vendor 服务商 (seed 003): they see only the bookings handed to their vendor."""

from django.db import migrations


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="green_channel_vendor")


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="green_channel_vendor").delete()


class Migration(migrations.Migration):
    dependencies = [("organization", "0006_settlement_approval")]

    operations = [migrations.RunPython(create_role, remove_role)]
