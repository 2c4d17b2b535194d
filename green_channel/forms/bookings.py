"""Forms of the green channel's booking pages: every error translated and specific."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import MAINLAND_MOBILE
from workflow.forms import HiddenErrorsMixin

from ..models import Channel, ProductService


class LookupForm(forms.Form):
    q = forms.CharField(
        label=_("ID number or policy number"),
        max_length=40,
        error_messages={"required": _("Enter the customer's ID number or a policy number.")},
    )

    def clean_q(self) -> str:
        value = "".join(self.cleaned_data["q"].split()).upper()
        if len(value) < 6:
            raise forms.ValidationError(
                _("Enter a whole ID number (18 characters) or a whole policy number.")
            )
        return value


class RequestForm(forms.Form):
    """A new request on one screen: the service, how it came in, what the customer asks for."""

    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=ProductService.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the policy's services.")},
    )
    channel = forms.ChoiceField(label=_("Requested by"), choices=Channel.choices, initial=Channel.PHONE)
    need = forms.CharField(
        label=_("What the customer asks for"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write down what the customer asks for.")},
    )
    city = forms.CharField(label=_("City"), max_length=40, required=False)
    hospital = forms.CharField(label=_("Preferred hospital"), max_length=100, required=False)
    department = forms.CharField(label=_("Department"), max_length=60, required=False)
    mobile = forms.CharField(
        label=_("Mobile for SMS (if not the one on file)"),
        max_length=11,
        required=False,
        validators=[MAINLAND_MOBILE],
    )

    def __init__(self, *args, policy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = ProductService.objects.filter(
            product_id=policy.product_id
        ).order_by("order", "pk")


class ExpertForm(forms.Form):
    expert = forms.CharField(label=_("Expert"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=60, required=False)
    hospital = forms.CharField(label=_("Hospital"), max_length=100)
    department = forms.CharField(label=_("Department"), max_length=60)
    available = forms.CharField(label=_("Available"), max_length=100, required=False)


class BaseExpertFormSet(forms.BaseFormSet):
    def experts(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data]


ExpertFormSet = forms.formset_factory(ExpertForm, formset=BaseExpertFormSet, extra=3, max_num=3)


class ChoiceForm(HiddenErrorsMixin, forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    expected_state = forms.CharField(widget=forms.HiddenInput)


class ConfirmForm(HiddenErrorsMixin, forms.Form):
    expected_state = forms.CharField(widget=forms.HiddenInput)
    appointment_at = forms.DateTimeField(
        label=_("Appointment"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": _("Enter the appointment's date and time."),
            "invalid": _("Enter the date and time as 2026-12-01 09:30."),
        },
    )
    hospital = forms.CharField(label=_("Hospital"), max_length=100)
    department = forms.CharField(label=_("Department"), max_length=60, required=False)
    expert = forms.CharField(label=_("Expert"), max_length=60, required=False)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class ServedForm(HiddenErrorsMixin, forms.Form):
    expected_state = forms.CharField(widget=forms.HiddenInput)
    on = forms.DateField(
        label=_("Delivered on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the day as 2026-12-01.")},
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def clean_on(self) -> datetime.date:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The day cannot be in the future."))
        return on


COUNTS = (("", _("— decide —")), ("yes", _("Counts as used")), ("no", _("Does not count")))


class CountsField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=COUNTS,
            coerce=lambda value: value == "yes",
            empty_value=None,
            required=False,
            label=_("Counts as a use?"),
            **kwargs,
        )


class NoShowForm(HiddenErrorsMixin, forms.Form):
    expected_state = forms.CharField(widget=forms.HiddenInput)
    counts = CountsField()
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class CancelForm(HiddenErrorsMixin, forms.Form):
    expected_state = forms.CharField(widget=forms.HiddenInput)
    counts = CountsField()
    note = forms.CharField(
        label=_("Why the customer cancels"),
        max_length=2000,
        error_messages={"required": _("Say why the customer cancels.")},
    )


class SatisfactionForm(HiddenErrorsMixin, forms.Form):
    expected_state = forms.CharField(widget=forms.HiddenInput)
    score = forms.TypedChoiceField(
        label=_("Satisfaction"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        error_messages={"required": _("Give a score from 1 to 5.")},
    )
    note = forms.CharField(label=_("What the customer said"), max_length=2000, required=False)


class BoardFilterForm(forms.Form):
    state = forms.ChoiceField(required=False, label=_("State"))
    product = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        from ..workflows.booking import BookingState

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Open bookings")), ("all", _("All")), *BookingState.choices]


# --- vendor scorecard (issue 12 point 7) -----------------------------------------------------------------------
MONTH_FORMAT = re.compile(r"^(\d{4})-(\d{2})$")
SCORECARD_MAX_MONTHS = 36


def shift_month(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month input), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        found = MONTH_FORMAT.match(value)
        if not found or not 1 <= int(found[2]) <= 12 or int(found[1]) < 2000:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, e.g. 2026-06."), code="invalid")
        return datetime.date(int(found[1]), int(found[2]), 1)


class ScorecardFilterForm(forms.Form):
    """The scorecard's filters: a product, a vendor (not for vendor staff: theirs), the months from and to."""

    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=None,
        required=False,
        empty_label=_("Every product"),
        error_messages={"invalid_choice": _("Choose one of the products listed.")},
    )
    vendor = forms.ModelChoiceField(
        label=_("Vendor"),
        queryset=None,
        required=False,
        empty_label=_("Every vendor"),
        error_messages={"invalid_choice": _("Choose one of the vendors listed.")},
    )
    from_month = MonthField(label=_("From month"), required=False)
    to_month = MonthField(label=_("To month"), required=False)

    def __init__(self, *args, own_vendor: int | None = None, **kwargs):
        from ..models import ServiceProduct, Vendor

        super().__init__(*args, **kwargs)
        products = ServiceProduct.objects.order_by("name", "pk")
        if own_vendor is not None:
            products = products.filter(vendor_id=own_vendor)
            del self.fields["vendor"]
        else:
            self.fields["vendor"].queryset = Vendor.objects.order_by("name")
        self.fields["product"].queryset = products

    @staticmethod
    def default_months() -> tuple[datetime.date, datetime.date]:
        """The last twelve months, this one included."""
        last = timezone.localdate().replace(day=1)
        return shift_month(last, -11), last

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        first, last = self.default_months()
        data["from_month"] = data.get("from_month") or (
            shift_month(data["to_month"], -11) if data.get("to_month") else first
        )
        data["to_month"] = data.get("to_month") or max(
            data["from_month"], min(last, shift_month(data["from_month"], 11))
        )
        if data["from_month"] > data["to_month"]:
            self.add_error("to_month", _("The last month comes before the first: swap them."))
        elif (data["to_month"].year - data["from_month"].year) * 12 + (
            data["to_month"].month - data["from_month"].month
        ) >= SCORECARD_MAX_MONTHS:
            self.add_error(
                "to_month",
                _("Choose at most %(count)d months at a time.") % {"count": SCORECARD_MAX_MONTHS},
            )
        return data
