"""The form of a workflow step: the state the person saw, a note, and whatever parameters the step declares."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _


class StepForm(forms.Form):
    """A step with only a note. Subclasses add the step's parameters and return them from :meth:`params`."""

    expected_state = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": _("Reload the page and try again.")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)

    def full_clean(self):
        """The state the page was drawn in is a hidden field: its error would not be shown next to it, so it is
        the form's (a page posted without it, or with a forged one, is told to reload)."""
        super().full_clean()
        hidden = self._errors.pop("expected_state", None) if self._errors else None
        if hidden:
            self._errors.setdefault(NON_FIELD_ERRORS, self.error_class(error_class="nonfield")).extend(hidden)

    def params(self) -> dict:
        """Keyword arguments for the transition method, beyond ``by``."""
        return {}


class ReasonsForm(StepForm):
    """A step that refuses or ends something: the reasons are required, the other side needs them to act."""

    note = forms.CharField(
        label=_("Reasons"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reasons: the other side needs them to act.")},
    )
