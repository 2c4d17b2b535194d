"""Forms of the bank's payment batches (issue 10 point 5): the batch's file format, sending a payment again, the
bank's return file. The selected payments themselves are checked by the service (injury_claims.services.
payment_batch.make_batch), which says what is wrong with each."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

FORMAT_ERROR = _("Choose CSV or Excel (.xlsx).")


class BatchFileForm(forms.Form):
    format = forms.ChoiceField(
        label=_("File for the bank"),
        choices=[("xlsx", _("Excel (.xlsx)")), ("csv", "CSV")],
        initial="xlsx",
        widget=forms.RadioSelect,
        error_messages={"required": FORMAT_ERROR, "invalid_choice": FORMAT_ERROR},
    )


class BatchForm(BatchFileForm):
    again = forms.BooleanField(
        label=_("Send again"),
        required=False,
        help_text=_("Only for payments already sent in an earlier batch that the bank did not pay."),
    )


class BankReturnForm(forms.Form):
    file = forms.FileField(
        label=_("The bank's return file"),
        help_text=_("CSV or Excel with the columns 序号, 账号, 金额, 流水号 and 日期."),
        error_messages={"required": _("Choose the bank's return file.")},
    )
