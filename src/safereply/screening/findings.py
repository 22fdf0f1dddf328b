"""The results of a screening, as frozen dataclasses.

This module is the contract between the engine, the web application, the API and the
command line: change a field here and every caller changes with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class Verdict(str, Enum):
    """What may happen to the reply."""

    PASS = "pass"  # nothing found: may go to approval
    REVIEW = "review"  # no disclosure, but a heated tone or a low-confidence finding
    BLOCK = "block"  # discloses: must not be published

    def __str__(self) -> str:
        return self.value


class Category(str, Enum):
    RELATIONSHIP = "relationship"
    CLINICAL = "clinical"
    PAYMENT = "payment"
    IDENTIFIER = "identifier"
    ECHO = "echo"
    TONE = "tone"

    def __str__(self) -> str:
        return self.value


# The kinds an identifier finding may carry (the Safe Harbor identifiers that a reply
# can realistically contain).
IDENTIFIER_KINDS = (
    "name",
    "date",
    "phone",
    "fax",
    "email",
    "address",
    "record_number",
    "url",
    "ip",
    "age",
    "device",
)

DISCLOSURE_CATEGORIES = (
    Category.RELATIONSHIP,
    Category.CLINICAL,
    Category.PAYMENT,
    Category.IDENTIFIER,
    Category.ECHO,
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing in the reply a person must know about before it is published."""

    start: int  # character offset in the reply, inclusive
    end: int  # character offset in the reply, exclusive
    category: Category
    confidence: float  # 0.0 to 1.0
    explanation: str  # one sentence a front-desk employee understands
    fix: str  # one concrete thing to do instead
    rule: str  # the name of the rule that fired, for explaining and tuning
    kind: str | None = None  # for identifiers: one of IDENTIFIER_KINDS

    @property
    def is_disclosure(self) -> bool:
        return self.category in DISCLOSURE_CATEGORIES

    def as_dict(self, text: str | None = None) -> dict:
        data = {
            "start": self.start,
            "end": self.end,
            "category": self.category.value,
            "kind": self.kind,
            "confidence": round(self.confidence, 3),
            "explanation": self.explanation,
            "fix": self.fix,
            "rule": self.rule,
        }
        if text is not None:
            data["text"] = text[self.start : self.end]
        return data


@dataclass(frozen=True, slots=True)
class Screening:
    """The engine's answer for one reply."""

    text: str
    verdict: Verdict
    findings: tuple[Finding, ...]
    safe_alternative: str
    language: str  # "en" or "es"
    tone: str  # "calm" or "heated"

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(f.category.value for f in self.findings)

    @property
    def discloses(self) -> bool:
        return self.verdict is Verdict.BLOCK

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict.value,
            "language": self.language,
            "tone": self.tone,
            "categories": sorted(self.categories),
            "findings": [f.as_dict(self.text) for f in self.findings],
            "safe_alternative": self.safe_alternative,
        }


@dataclass(frozen=True, slots=True)
class Organization:
    """The organization that replies: its own details are never a disclosure."""

    name: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    # The approved public holding reply; None means the shipped default.
    holding_reply: str | None = None


@dataclass(frozen=True, slots=True)
class PatientRecord:
    """Fields of the patient record matched to the poster, when one was identified."""

    name: str = ""
    birth_date: dt.date | None = None
    visit_dates: tuple[dt.date, ...] = ()
    record_number: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class Context:
    """Everything optional the engine may use besides the reply itself."""

    post: str = ""
    poster: str = ""
    organization: Organization = field(default_factory=Organization)
    clinicians: tuple[str, ...] = ()
    patient: PatientRecord | None = None
