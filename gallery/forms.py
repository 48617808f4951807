"""The report form and the moderators' reason field, as typed on the pages."""

from django import forms

from config import field_messages

from .models import Report
from .moderation import MAX_DETAIL_LENGTH, MAX_HIDDEN_REASON_LENGTH


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with it?",
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a reason.", "invalid_choice": "Choose one of the reasons listed."},
    )
    detail = forms.CharField(
        label="Anything a moderator should know",
        required=False,
        max_length=MAX_DETAIL_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Which page, what you saw, a link to the original work for copyright.",
        error_messages=field_messages.text("the note", max_length=MAX_DETAIL_LENGTH),
    )


class ModerationReasonForm(forms.Form):
    """The reason a moderator gives: required to hide or ban (the service says so), optional otherwise."""

    reason = forms.CharField(
        required=False,
        max_length=MAX_HIDDEN_REASON_LENGTH,
        strip=True,
        error_messages=field_messages.text("the reason", max_length=MAX_HIDDEN_REASON_LENGTH),
    )
