from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from organization import navigation

        from . import checks  # noqa: F401

        navigation.register(navigation.NavEntry("documents:verify", _("Verify a document"), 95))
