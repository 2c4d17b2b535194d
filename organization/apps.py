from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from workflow.history import register_mask, register_namer

        from .navigation import register_own_entries
        from .roles import Role
        from .templatetags.org_tags import mask_email, mask_phone

        register_own_entries()
        # A role is a group named by its code: history shows the role's label.
        register_namer(
            "auth.Group",
            lambda group: str(Role(group.name).label) if group.name in Role.values else group.name,
        )
        # Staff contact details are personal information: masked in history as in every list.
        register_mask("organization.User", "phone", mask_phone)
        register_mask("organization.User", "email", mask_email)
        # Django saves the whole user at every login (update_last_login): a history row per login would bury the
        # changes people look for (roles, authority levels). The last login is recorded without a history row.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(_record_last_login, dispatch_uid="organization-last-login")


def _record_last_login(sender, user, **kwargs) -> None:
    from django.utils import timezone

    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
