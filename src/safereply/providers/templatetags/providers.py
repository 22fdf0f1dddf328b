"""The mentions panel on the case page: suggested clinicians to confirm or reject."""

from django import template

from safereply.providers.models import Mention

register = template.Library()


@register.inclusion_tag("providers/_mentions.html", takes_context=True)
def case_mentions(context, case):
    roles = context.get("roles") or frozenset()
    return {
        "case": case,
        "mentions": Mention.objects.filter(case=case).select_related("clinician", "concern"),
        "can_decide": bool(roles & {"responder", "risk_manager"}),
        "csrf_token": context.get("csrf_token"),
    }
