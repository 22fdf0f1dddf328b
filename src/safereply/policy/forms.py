from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from safereply.accounts.models import Membership
from safereply.cases.models import Platform
from safereply.policy.document import ESCALATIONS, RESPONDER_ROLES, TARGET_UNITS, TARGETS, TEXTS
from safereply.policy.quiz import QUESTIONS

# SafeReplyError.details keys from document_validate that are not form field names.
ERROR_FIELDS = {"counsel": "counsel_name"}


class UserChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class BuilderForm(forms.Form):
    organization = forms.CharField(label="Organization", max_length=200)
    locations = forms.CharField(label="Locations (one per line)", required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    responders = UserChoice(queryset=None, label="Designated responders", required=False,
                            widget=forms.CheckboxSelectMultiple)
    responder_group = forms.BooleanField(
        label="Or a group: everyone holding the designated responder role", required=False)
    backups = UserChoice(queryset=None, label="Backups", required=False, widget=forms.CheckboxSelectMultiple)
    risk_manager = forms.ModelChoiceField(queryset=None, label="Risk manager", required=False)
    counsel_name = forms.CharField(label="Counsel's name", max_length=200, required=False)
    counsel_contact = forms.CharField(label="Counsel's contact (phone, email)", max_length=300, required=False)
    channels = forms.MultipleChoiceField(choices=Platform.choices, label="Channels we watch", required=False,
                                         widget=forms.CheckboxSelectMultiple)
    retention_days = forms.IntegerField(label="Keep evidence for (days)", min_value=1)
    target_unit = forms.ChoiceField(choices=TARGET_UNITS.items(), label="Targets are counted in")

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        members = Membership.objects.active().filter(organization=organization)
        users = get_user_model().objects.order_by("username")
        may_respond = users.filter(pk__in=members.filter(role__in=RESPONDER_ROLES).values("user_id"))
        self.fields["responders"].queryset = may_respond
        self.fields["backups"].queryset = may_respond
        self.fields["risk_manager"].queryset = users.filter(
            pk__in=members.filter(role="risk_manager").values("user_id"))
        for step, label in TARGETS.items():
            self.fields[f"target_{step}"] = forms.IntegerField(label=label, min_value=1)
        for rule, label in ESCALATIONS.items():
            self.fields[rule] = forms.BooleanField(label=label, required=False)
        for key, label in TEXTS.items():
            self.fields[key] = forms.CharField(label=label, required=False, max_length=5000,
                                               widget=forms.Textarea(attrs={"rows": 4}))

    @staticmethod
    def initial_from(document: dict) -> dict:
        initial = {
            "organization": document.get("organization", ""),
            "locations": "\n".join(document.get("locations") or []),
            "responders": document.get("responders") or [],
            "responder_group": bool(document.get("responder_group")),
            "backups": document.get("backups") or [],
            "risk_manager": document.get("risk_manager"),
            "counsel_name": (document.get("counsel") or {}).get("name", ""),
            "counsel_contact": (document.get("counsel") or {}).get("contact", ""),
            "channels": document.get("channels") or [],
            "retention_days": document.get("retention_days"),
        }
        initial.update({f"target_{s}": (document.get("targets") or {}).get(s) for s in TARGETS})
        initial["target_unit"] = (document.get("targets") or {}).get("unit") or "days"
        initial.update({r: (document.get("escalation") or {}).get(r, False) for r in ESCALATIONS})
        initial.update({k: (document.get("texts") or {}).get(k, "") for k in TEXTS})
        return initial

    def document(self) -> dict:
        data = self.cleaned_data
        return {
            "organization": data["organization"],
            "locations": data["locations"].splitlines(),
            "responders": [u.pk for u in data["responders"]],
            "responder_group": data["responder_group"],
            "backups": [u.pk for u in data["backups"]],
            "risk_manager": data["risk_manager"].pk if data["risk_manager"] else None,
            "counsel": {"name": data["counsel_name"], "contact": data["counsel_contact"]},
            "channels": data["channels"],
            "targets": {**{s: data[f"target_{s}"] for s in TARGETS}, "unit": data["target_unit"]},
            "escalation": {r: data[r] for r in ESCALATIONS},
            "texts": {k: data[k] for k in TEXTS},
            "retention_days": data["retention_days"],
        }

    def texts(self):
        return [self[key] for key in TEXTS]

    def targets(self):
        return [self["target_unit"], *(self[f"target_{s}"] for s in TARGETS)]

    def escalations(self):
        return [self[r] for r in ESCALATIONS]


class ApproveForm(forms.Form):
    comment = forms.CharField(label="Counsel's comment (recorded in the audit log)", max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))


ANSWERS = [("true", "True"), ("false", "False")]


class QuizForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n, question in enumerate(QUESTIONS):
            self.fields[f"q{n}"] = forms.ChoiceField(label=question.statement, choices=ANSWERS,
                                                     widget=forms.RadioSelect, required=False)

    def answers(self) -> dict[int, bool | None]:
        values = {"true": True, "false": False}
        return {n: values.get(self.cleaned_data.get(f"q{n}") or "") for n in range(len(QUESTIONS))}
