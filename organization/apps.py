from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from workflow.history import register_namer

        from .navigation import register_own_entries
        from .roles import Role

        register_own_entries()
        # A role is a group named by its code: history shows the role's label.
        register_namer(
            "auth.Group",
            lambda group: str(Role(group.name).label) if group.name in Role.values else group.name,
        )
