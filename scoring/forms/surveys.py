"""Forms of the satisfaction samples: the questionnaire built from the Question rows (questions are data), and the
reason a drawn customer or hospital could not be reached. Every error translated and specific."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Question, SurveyResponse
from ..models.surveys import CHANNEL_LABELS
from ..services.surveys import FREE_TEXT_MAX


class QuestionnaireForm(forms.Form):
    """One field ``q<id>`` per asked question: scale questions 1…scale (radio buttons), free text optional. The
    staff's form also asks how the answers were given (by phone or on site); the customer's link form does not."""

    def __init__(self, *args, questions: list[Question], staff: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        if staff:
            self.fields["channel"] = forms.ChoiceField(
                label=_("Asked"),
                choices=[
                    (c, CHANNEL_LABELS[c])
                    for c in (SurveyResponse.Channel.PHONE, SurveyResponse.Channel.ON_SITE)
                ],
                initial=SurveyResponse.Channel.PHONE,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose by phone or on site."),
                    "invalid_choice": _("Choose by phone or on site."),
                },
            )
        for question in questions:
            name = f"q{question.pk}"
            if question.scale:
                message = _("Choose an answer from 1 to %(max)s.") % {"max": question.scale}
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    choices=[(n, str(n)) for n in range(1, question.scale + 1)],
                    coerce=int,
                    widget=forms.RadioSelect(attrs={"class": "scale"}),
                    help_text=_("1: very dissatisfied … %(max)s: very satisfied") % {"max": question.scale},
                    error_messages={"required": message, "invalid_choice": message},
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=FREE_TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    error_messages={"max_length": _("At most %(limit_value)d characters.")},
                )

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]


class UnreachableForm(forms.Form):
    reason = forms.CharField(
        label=_("Why they could not be reached"),
        max_length=300,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. three calls on two days, no answer; number out of service")}
        ),
        error_messages={
            "required": _("Say why they could not be reached."),
            "max_length": _("At most %(limit_value)d characters."),
        },
    )
