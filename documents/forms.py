import re

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_VERIFY_UPLOAD = 20 * 1024 * 1024
HEX64 = re.compile(r"^[0-9a-f]{64}$")


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=_("Document number"),
        max_length=30,
        help_text=_("Printed at the foot of every page, e.g. MA-2026-000012."),
    )
    sha256 = forms.CharField(
        label=_("SHA-256 fingerprint"),
        max_length=80,
        required=False,
        help_text=_("The 64-character fingerprint given with the document."),
    )
    file = forms.FileField(
        label=_("…or the PDF file itself"),
        required=False,
        help_text=_("We compute its fingerprint; it is not stored."),
    )

    def clean_number(self) -> str:
        return re.sub(r"\s+", "", self.cleaned_data["number"]).upper()

    def clean_sha256(self) -> str:
        value = re.sub(r"\s+", "", self.cleaned_data.get("sha256") or "").lower()
        if value and not HEX64.match(value):
            raise forms.ValidationError(
                _("A SHA-256 fingerprint is 64 characters, digits 0–9 and letters a–f.")
            )
        return value

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_VERIFY_UPLOAD:
            raise forms.ValidationError(
                _("The file is larger than 20 MB; issued documents are much smaller.")
            )
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF."))
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("sha256") and not data.get("file"):
            raise forms.ValidationError(_("Give the fingerprint or the PDF file."))
        return data
