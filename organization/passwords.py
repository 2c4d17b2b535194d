"""Password rules (README.md, "Security review"): Django's validators, said in the reader's language."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django 5.2 says "too short" with a new msgid (``%d``) that its zh-Hans catalogue does not translate yet
    (it still has the ``%(min_length)d`` one), so Chinese readers got the refusal in English. Same rule, the
    message with the msgid the catalogues translate."""

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
