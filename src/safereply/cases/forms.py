from __future__ import annotations

from django import forms
from django.conf import settings

from safereply.cases.models import Category, Decision, Language, Platform, Severity
from safereply.cases.workflow import STATE_LABELS


class ReportForm(forms.Form):
    platform = forms.ChoiceField(choices=Platform.choices)
    url = forms.CharField(label="Link to the post", max_length=2000)
    poster_name = forms.CharField(label="Poster's display name", max_length=200)
    post_text = forms.CharField(
        label="The post's text (paste it)",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=settings.SAFEREPLY_MAX_POST_CHARS,
    )
    screenshot = forms.FileField(
        label="Screenshot (optional)", required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    note = forms.CharField(label="Note for the response team (optional)", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, locations=None, with_name=False, **kwargs):
        super().__init__(*args, **kwargs)
        if locations is not None:
            self.fields["location"] = forms.ModelChoiceField(
                queryset=locations, required=False, label="Which location is it about? (if known)"
            )
        if with_name:
            self.fields["reporter_name"] = forms.CharField(
                label="Your name (optional)", required=False, max_length=200
            )


class TriageForm(forms.Form):
    category = forms.ChoiceField(choices=Category.choices)
    severity = forms.ChoiceField(choices=Severity.choices)
    language = forms.ChoiceField(choices=Language.choices)
    location = forms.ModelChoiceField(queryset=None, required=False)
    clinicians = forms.ModelMultipleChoiceField(queryset=None, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    self_disclosed = forms.CharField(
        label="Health information the poster disclosed about themselves (one per line; never echo it)",
        required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = organization.locations.all()
        self.fields["clinicians"].queryset = organization.clinicians.filter(active=True)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             label="Reason (required)")


class DraftForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea, max_length=5000, required=False)


class PublishForm(forms.Form):
    published_url = forms.CharField(label="Link to the published reply", max_length=2000)


AGE_CHOICES = [("", "Any age"), ("1", "Under a day"), ("7", "Under a week"), ("30", "Under 30 days"), ("old", "30 days or more")]
SORT_CHOICES = [("newest", "Newest first"), ("oldest", "Oldest first"), ("severity", "Most severe first"), ("due", "Due soonest")]


class InboxFilterForm(forms.Form):
    state = forms.ChoiceField(choices=[("", "Open cases"), ("all", "All states"), *STATE_LABELS.items()], required=False)
    platform = forms.ChoiceField(choices=[("", "Any platform"), *Platform.choices], required=False)
    severity = forms.ChoiceField(choices=[("", "Any severity"), *Severity.choices], required=False)
    location = forms.ModelChoiceField(queryset=None, required=False, empty_label="Any location")
    age = forms.ChoiceField(choices=AGE_CHOICES, required=False)
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = organization.locations.all()
