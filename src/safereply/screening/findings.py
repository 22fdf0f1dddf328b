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


class _LazyText:
    """A field whose value may be given as a ``Deferred`` and is computed on first access.

    Used as the dataclass field's default (a descriptor, see the dataclasses docs): the
    generated ``__init__`` stores through ``__set__`` and every read goes through ``__get__``,
    so callers see a plain ``str`` either way.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, obj: object, owner: type | None = None) -> str:
        if obj is None:
            raise AttributeError(self.slot[1:])  # no default: the field stays required
        value = obj.__dict__[self.slot]
        if isinstance(value, Deferred):
            value = value.compute()
            obj.__dict__[self.slot] = value
        return value

    def __set__(self, obj: object, value: object) -> None:
        obj.__dict__[self.slot] = value


class Deferred:
    """A value computed only when first read: ``Deferred(function, *args)``."""

    __slots__ = ("function", "args")

    def __init__(self, function, *args) -> None:
        self.function = function
        self.args = args

    def compute(self):
        return self.function(*self.args)


@dataclass(frozen=True)
class Screening:
    """The engine's answer for one reply.

    ``safe_alternative`` costs a few more screenings of the reply's sentences, so the
    engine passes it as a ``Deferred`` and it is written on first access (reading it, or
    ``as_dict()``); to callers it is an ordinary ``str`` field.
    """

    text: str
    verdict: Verdict
    findings: tuple[Finding, ...]
    safe_alternative: str = _LazyText()  # type: ignore[assignment]
    # (mypy takes _LazyText() for a default; dataclasses do not, since its __get__ on
    # the class raises AttributeError, so the fields below need no default)
    language: str  # type: ignore[misc]  # "en" or "es"
    tone: str  # type: ignore[misc]  # "calm" or "heated"

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
