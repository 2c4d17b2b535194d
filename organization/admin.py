from collections import defaultdict
from decimal import Decimal

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AuthorityCeiling, OrgUnit, ReviewKind, User
from .services import validate_ceilings


class AuthorityCeilingFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        by_kind: dict[str, dict[int, Decimal]] = defaultdict(dict)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            level = data["level"]
            if level in by_kind[data["kind"]]:
                raise ValidationError(
                    _("Level %(level)s appears twice for %(kind)s.")
                    % {"level": level, "kind": ReviewKind(data["kind"]).label}
                )
            by_kind[data["kind"]][level] = data["ceiling"]
        if self.instance.level != OrgUnit.Level.SECONDARY and by_kind:
            raise ValidationError(_("Authority matrices belong to secondary orgs."))
        errors = []
        for kind, ceilings in by_kind.items():
            try:
                validate_ceilings(ceilings)
            except ValidationError as exc:
                errors.extend(f"{ReviewKind(kind).label}: {message}" for message in exc.messages)
        if errors:
            raise ValidationError(errors)


class AuthorityCeilingInline(admin.TabularInline):
    model = AuthorityCeiling
    formset = AuthorityCeilingFormSet
    extra = 0


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = (
        "code",
        "name",
        "level",
        "parent",
        "secondary_type",
        "province",
        "city",
        "annual_motor_premium",
    )
    list_filter = ("level", "secondary_type", "province")
    search_fields = ("code", "name", "city", "claims_city")
    inlines = [AuthorityCeilingInline]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ("username", "last_name", "first_name", "org", "phone", "is_active")
    list_filter = ("org", "groups", "is_active", "is_staff")
    list_select_related = ("org",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Organisation"), {"fields": ("org", "phone")}),
        (
            _("Authority levels"),
            {
                "fields": (
                    "follow_up_review_level",
                    "cost_review_level",
                    "mediation_review_level",
                    "settlement_approval_level",
                )
            },
        ),
        (
            _("Mediator authorisation"),
            {"fields": ("mediator_trained_on", "mediator_authorised_by", "mediator_valid_until")},
        ),
    )
