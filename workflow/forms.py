"""The form of a workflow step: the state the person saw, a note, and whatever parameters the step declares."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _


class HiddenErrorsMixin:
    """A hidden field (the state the page was drawn in, an id the page chose) has no place to show its error: its
    errors become the form's, which every page shows. A missing or malformed one means a forged or broken page:
    unless the field says better, the person is told to reload it."""

    RELOAD = _("Reload the page and try again.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.HiddenInput):
                defaults = {}
                for klass in reversed(type(field).__mro__):
                    defaults.update(getattr(klass, "default_error_messages", {}))
                for code in ("required", "invalid", "invalid_choice"):
                    if code in field.error_messages and field.error_messages[code] == defaults.get(code):
                        field.error_messages[code] = self.RELOAD

    def full_clean(self):
        super().full_clean()
        if not self._errors:
            return
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.HiddenInput) and name in self._errors:
                errors = self._errors.pop(name)
                self._errors.setdefault(NON_FIELD_ERRORS, self.error_class(error_class="nonfield")).extend(
                    errors
                )


class StepForm(HiddenErrorsMixin, forms.Form):
    """A step with only a note. Subclasses add the step's parameters and return them from :meth:`params`."""

    expected_state = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)

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
