"""The roles of the claims organisation, as Django groups named by their code (organization.roles.Role)."""

from django.db import migrations

ROLE_CODES = [
    "claims_adjuster",
    "injury_follow_up",
    "medical_reviewer",
    "mediator",
    "litigation_officer",
    "calculator_approver",
    "branch_claims_head",
    "medical_review_head",
    "branch_manager",
    "hq_network_approver",
    "green_channel_agent",
    "administrator",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for code in ROLE_CODES:
        Group.objects.get_or_create(name=code)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_CODES).delete()


class Migration(migrations.Migration):
    dependencies = [("organization", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_roles, remove_roles)]
