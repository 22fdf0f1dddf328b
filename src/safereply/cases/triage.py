"""Suggest a triage for a post: category, severity, clinicians named (safereply.providers.matching), self-disclosures, language.

Plain Python, no Django: the case service passes the roster in and stores the result as
a suggestion that a responder confirms or changes. Keyword tables are deliberately short
and readable; a miss costs a responder one click, a false "egregious" costs counsel's time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from safereply.providers.matching import ClinicianMatch, RosterEntry, find_clinicians  # noqa: F401 (re-exported)

# Category: the first category (in this order) with the most keyword hits wins.
CATEGORY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "privacy": (
        "privacy", "hipaa", "confidential", "overheard", "my records", "my information",
        "told everyone", "in front of everyone", "shared my", "privacidad",
    ),
    "billing": (
        "bill", "billed", "billing", "charge", "charged", "invoice", "insurance", "copay",
        "co-pay", "refund", "collections", "payment", "overcharged", "factura", "cobro", "seguro",
    ),
    "access": (
        "wait", "waited", "waiting", "appointment", "hold", "on hold", "call back", "callback",
        "nobody answers", "reschedul", "cancel", "late", "hours", "espera", "esperé", "cita",
    ),
    "conduct": (
        "rude", "rudely", "yelled", "attitude", "disrespect", "unprofessional", "dismissive",
        "receptionist", "front desk", "laughed", "ignored", "grosero", "grosera", "mal trato",
    ),
    "clinical": (
        "misdiagnos", "diagnos", "prescri", "medication", "treatment", "surgery", "procedure",
        "malpractice", "wrong dose", "infection", "test results", "symptom", "pain", "exam",
        "tratamiento", "medicamento", "diagnóstico", "dolor",
    ),
    "facilities": (
        "parking", "dirty", "clean", "bathroom", "restroom", "waiting room", "building",
        "elevator", "smell", "wheelchair", "sucio", "estacionamiento",
    ),
}

# Severity: egregious first, then high; otherwise medium, or low for mild posts.
EGREGIOUS_PATTERNS: tuple[tuple[str, str], ...] = (
    ("legal threat", r"\b(sue|suing|lawsuit|lawyer|attorney|legal action|abogado|demanda(r)?)\b"),
    ("malpractice", r"\b(malpractice|negligen\w*|negligencia)\b"),
    ("discrimination", r"\b(discriminat\w*|racis\w*|racial\w*|sexis\w*|homophob\w*|discrimina\w*)\b"),
    ("media threat", r"\b(news|reporter|journalist|the media|tv station|go viral|periódico|noticias)\b"),
    ("threat", r"\b(kill|hurt (you|them|someone)|burn (it|this place) down|shoot|make (you|them) pay|amenaza)\b"),
    ("regulator", r"\b(medical board|state board|licensing board|report (you|them) to)\b"),
)
HIGH_PATTERNS: tuple[tuple[str, str], ...] = (
    ("harm", r"\b(almost died|could have died|er\b|emergency room|hospitali[sz]ed|wrong (dose|medication))"),
    ("strong language", r"\b(worst|horrible|disgusting|dangerous|incompetent|never again|peor|horrible)\b"),
    ("privacy breach", r"\b(hipaa|shared my (records|information)|overheard)\b"),
)
LOW_PATTERNS: tuple[str, ...] = (r"\b(minor|a bit|slightly|otherwise (great|good|fine)|but overall)\b",)

# Self-disclosure: the poster talking about their own health. Each hit is returned as the
# matched phrase, so the responder sees what must never be echoed in a reply.
HEALTH_TERMS = (
    r"diabet\w*", r"cancer", r"chemo\w*", r"pregnan\w*", r"miscarriage", r"depress\w*",
    r"anxiety", r"hiv", r"std", r"sti", r"colonoscopy", r"mammogram", r"biopsy",
    r"surgery", r"blood pressure", r"asthma", r"adhd", r"bipolar", r"therapy", r"rehab",
    r"addiction", r"abortion", r"knee", r"back pain", r"infection", r"migraine\w*",
    r"prescription", r"insulin", r"antidepressant\w*", r"methadone", r"suboxone",
    r"embarazo", r"embarazada", r"diabetes", r"depresión", r"cirugía",
)
SELF_DISCLOSURE = re.compile(
    r"\b(?:my|i have|i had|i've had|i'm|i am|i was diagnosed with|diagnosed with|for my|"
    r"mi|tengo|estoy)\s+(?:\w+\s+){0,2}?(?:" + "|".join(HEALTH_TERMS) + r")\b",
    re.IGNORECASE,
)

SPANISH_WORDS = frozenset(
    "el la los las de del que y en un una por para con no muy mi me es fue pero su sus "
    "doctor doctora cita espera horas nunca nadie atención servicio".split()
)
ENGLISH_WORDS = frozenset(
    "the a an of and to in is was for with not very my me it but they this that their "
    "doctor appointment wait hours never nobody service".split()
)
@dataclass(frozen=True)
class Suggestion:
    category: str
    severity: str
    language: str
    clinicians: tuple[ClinicianMatch, ...] = ()
    self_disclosures: tuple[str, ...] = ()
    reasons: tuple[str, ...] = field(default=())

    @property
    def clinician_ids(self) -> list[int]:
        return [m.id for m in self.clinicians]

    def as_dict(self) -> dict:
        return {
            "category": self.category,
            "severity": self.severity,
            "language": self.language,
            "clinicians": self.clinician_ids,
            "self_disclosures": list(self.self_disclosures),
            "reasons": list(self.reasons),
        }


def suggest_category(text: str) -> str:
    lowered = text.lower()
    best, best_hits = "other", 0
    for category, words in CATEGORY_KEYWORDS.items():
        hits = sum(1 for word in words if word in lowered)
        if hits > best_hits:
            best, best_hits = category, hits
    return best


def suggest_severity(text: str, *, names_clinician: bool = False) -> tuple[str, tuple[str, ...]]:
    lowered = text.lower()
    reasons = tuple(label for label, pattern in EGREGIOUS_PATTERNS if re.search(pattern, lowered))
    if reasons:
        return "egregious", reasons
    reasons = tuple(label for label, pattern in HIGH_PATTERNS if re.search(pattern, lowered))
    if reasons:
        return "high", reasons
    if any(re.search(p, lowered) for p in LOW_PATTERNS) and not names_clinician:
        return "low", ("mild wording",)
    return "medium", ()


def suggest_language(text: str) -> str:
    words = re.findall(r"[a-záéíóúñü]+", text.lower())
    spanish = sum(1 for w in words if w in SPANISH_WORDS)
    english = sum(1 for w in words if w in ENGLISH_WORDS)
    return "es" if spanish > english else "en"


def find_self_disclosures(text: str) -> tuple[str, ...]:
    seen: list[str] = []
    for match in SELF_DISCLOSURE.finditer(text):
        phrase = match.group(0).strip()
        if phrase.lower() not in (s.lower() for s in seen):
            seen.append(phrase)
    return tuple(seen)


def suggest(text: str, *, roster: list[RosterEntry] | tuple[RosterEntry, ...] = ()) -> Suggestion:
    clinicians = find_clinicians(text, roster)
    severity, reasons = suggest_severity(text, names_clinician=bool(clinicians))
    # A post that both names a clinician and accuses is the egregious case the issue names.
    return Suggestion(
        category=suggest_category(text),
        severity=severity,
        language=suggest_language(text),
        clinicians=clinicians,
        self_disclosures=find_self_disclosures(text),
        reasons=reasons,
    )
