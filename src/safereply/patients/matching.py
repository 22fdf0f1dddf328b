"""Who might have posted this? Rank patients from the poster's display name and the post's clues.

A pipeline, like the screening engine: fold the display name to tokens, block candidates by
blind keys (exact token, nickname's canonical name, three-letter prefix, Soundex: so typos
after the third letter and sound-alike spellings still meet), decrypt only the few hundred
candidates, score each name against the tokens in both orders, then add the post's clues
(the clinician named, the location, dates mentioned, the kind of visit). Every score comes
with the reasons for it. Pure functions here; the database work is in services.py.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from safereply.patients.nicknames import canonical

NAME_WEIGHT = 70
CLINICIAN_POINTS, LOCATION_POINTS, DATE_POINTS, NEAR_DATE_POINTS, VISIT_POINTS = 12, 6, 10, 4, 4
MIN_SCORE = 20


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=4096)
def _name_tokens(text: str) -> tuple[str, ...]:
    folded = fold(text).replace("'", "").replace("\u2019", "")
    return tuple(re.findall(r"[a-z]+", folded))


def name_tokens(text: str) -> list[str]:
    """'María-José O'Neil_82' -> ['maria', 'jose', 'oneil']; digits and emoji dropped."""
    return list(_name_tokens(text or ""))


_SOUNDEX = str.maketrans("bfpvcgjkqsxzdtlmnr", "111122222222334556")


def soundex(token: str) -> str:
    if not token:
        return ""
    digits = token.translate(_SOUNDEX)
    out, last = token[0], digits[0] if digits[0].isdigit() else ""
    for ch, d in zip(token[1:], digits[1:]):
        if d.isdigit():
            if d != last:
                out += d
            last = d
        elif ch not in "hw":
            last = ""
    return (out + "000")[:4]


def token_keys(token: str) -> set[str]:
    if len(token) < 2:
        return set()
    keys = {f"t:{token}", f"t:{canonical(token)}", f"s:{soundex(token)}"}
    if len(token) >= 3:
        keys.add(f"p:{token[:3]}")
    return keys


def pair_keys(first: str, last: str) -> set[str]:
    """Given name with the surname's initial, and initial with surname: 'Nina P.', 'N. Petrovic'."""
    return {f"fl:{canonical(first)}|{last[0]}", f"il:{first[0]}|{last}"}


PAIR_WEIGHT = 4  # a pair key says more than one token does: it counts as four hits


def blocking_keys(first_name: str, last_name: str) -> set[str]:
    """The plain keys of a patient; services hash them before they reach the database."""
    firsts, lasts = name_tokens(first_name), name_tokens(last_name)
    keys: set[str] = set()
    for token in firsts + lasts:
        keys |= token_keys(token)
    for first in firsts[:1]:
        for last in lasts:
            keys |= pair_keys(first, last)
    return keys


def query_keys(display_name: str) -> set[str]:
    tokens = name_tokens(display_name)
    keys: set[str] = set()
    for token in tokens:
        keys |= token_keys(token)
    if len(tokens) >= 2:
        a, b = tokens[0], tokens[-1]
        keys |= pair_keys(a, b) | pair_keys(b, a)
    if len(tokens) == 1 and len(tokens[0]) >= 4:
        # A handle: 'jsmith', 'smithj', 'ninapatel'. Try it as initial + surname too.
        token = tokens[0]
        keys |= token_keys(token[1:]) | token_keys(token[:-1])
        keys |= {f"il:{token[0]}|{token[1:]}", f"il:{token[-1]}|{token[:-1]}"}
    return keys


@dataclass(frozen=True)
class Clues:
    clinician_ids: frozenset[int] = frozenset()
    location_id: int | None = None
    dates: tuple[dt.date, ...] = ()
    visit_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Scored:
    patient_id: int
    score: int
    reasons: tuple[str, ...] = field(default=())


def _token_vs_name(token: str, name: str) -> tuple[float, str]:
    if not token or not name:
        return 0.0, ""
    if token == name:
        return 1.0, "exact"
    if canonical(token) == canonical(name):
        return 0.9, "nickname"
    if len(token) == 1:
        return (0.5, "initial") if name.startswith(token) else (0.0, "")
    if len(token) >= 4 and Levenshtein.distance(token, name) <= (1 if len(name) < 7 else 2):
        return 0.8, "spelling close"
    return 0.0, ""


def name_score(display_name: str, first_name: str, last_name: str) -> tuple[float, list[str]]:
    """0..1 and the reasons: how well the display name carries this patient's name."""
    tokens = name_tokens(display_name)
    firsts, lasts = name_tokens(first_name), name_tokens(last_name)
    if not tokens or not firsts or not lasts:
        return 0.0, []
    first, last = firsts[0], lasts[-1]
    if len(tokens) >= 2:
        a, b = tokens[0], tokens[-1]
        fa, fa_why = _token_vs_name(a, first)
        lb, lb_why = _token_vs_name(b, last)
        la, la_why = _token_vs_name(a, last)
        fb, fb_why = _token_vs_name(b, first)
        forward, reverse = (fa + lb) / 2, (la + fb) / 2
        if forward == 0 and reverse == 0:
            return 0.0, []
        if forward >= reverse:
            reasons = [f"given name {fa_why}" if fa else "given name differs",
                       f"surname {lb_why}" if lb else "surname differs"]
            return forward, reasons
        return reverse * 0.95, ["reversed order", f"surname {la_why}" if la else "surname differs",
                                f"given name {fb_why}" if fb else "given name differs"]
    token = tokens[0]
    f, f_why = _token_vs_name(token, first)
    s, s_why = _token_vs_name(token, last)
    best = max(f, s) * 0.5
    reasons = [f"handle is the given name ({f_why})"] if f >= s and f else (
        [f"handle is the surname ({s_why})"] if s else [])
    for joined, why in ((first + last, "given name and surname"), (first[0] + last, "initial and surname"),
                        (last + first, "surname and given name"), (last + first[0], "surname and initial")):
        similarity = ratio(token, joined) / 100
        if similarity >= 0.85 and similarity > best:
            best, reasons = similarity * (1.0 if similarity == 1 else 0.9), [f"handle joins {why}"]
    return best, reasons


def clue_score(identity, clues: Clues, clinician_names: dict[int, str]) -> tuple[int, list[str]]:
    points, reasons = 0, []
    if identity.clinician_id and identity.clinician_id in clues.clinician_ids:
        points += CLINICIAN_POINTS
        reasons.append(f"usual clinician {clinician_names.get(identity.clinician_id, '')} is named in the post".replace("  ", " "))
    if clues.location_id and identity.location_id == clues.location_id:
        points += LOCATION_POINTS
        reasons.append("usual location matches the post")
    visit = identity.last_visit_date()
    if visit and clues.dates:
        gap = min(abs((visit - d).days) for d in clues.dates)
        if gap <= 3:
            points += DATE_POINTS
            reasons.append("last visit is within 3 days of a date in the post")
        elif gap <= 14:
            points += NEAR_DATE_POINTS
            reasons.append("last visit is within two weeks of a date in the post")
    if identity.visit_type and clues.visit_words & set(name_tokens(identity.visit_type)):
        points += VISIT_POINTS
        reasons.append("kind of visit matches the post")
    return points, reasons


def score(display_name: str, identity, clues: Clues, patient_id: int,
          clinician_names: dict[int, str] | None = None) -> Scored:
    name, reasons = name_score(display_name, identity.first_name, identity.last_name)
    points, clue_reasons = clue_score(identity, clues, clinician_names or {})
    if name == 0:
        points //= 2  # clues alone make a weak candidate
    total = min(100, round(name * NAME_WEIGHT) + points)
    return Scored(patient_id, total, tuple(reasons + clue_reasons))


# Clues from the post text.
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MONTH_DAY = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b")
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?\b")
_RELATIVE = {"today": 0, "this morning": 0, "tonight": 0, "yesterday": 1, "last night": 1, "last week": 7}
VISIT_WORDS = frozenset({
    "urgent", "pediatric", "pediatrics", "physical", "checkup", "dental", "xray", "lab", "labs", "vaccine",
    "flu", "prenatal", "surgery", "telehealth", "video", "followup", "emergency", "therapy", "blood", "mri",
})


def _dated(month: int, day: int, year: int | None, before: dt.date) -> dt.date | None:
    try:
        if year:
            return dt.date(year if year > 99 else 2000 + year, month, day)
        candidate = dt.date(before.year, month, day)
        return candidate if candidate <= before else dt.date(before.year - 1, month, day)
    except ValueError:
        return None


def post_clues(text: str, *, reported: dt.date, clinician_ids=(), location_id=None) -> Clues:
    folded = fold(text)
    dates = []
    for month, day in _MONTH_DAY.findall(folded):
        dates.append(_dated(_MONTHS[month[:3]], int(day), None, reported))
    for month, day, year in _NUMERIC.findall(folded):
        dates.append(_dated(int(month), int(day), int(year) if year else None, reported))
    for phrase, days in _RELATIVE.items():
        if phrase in folded:
            dates.append(reported - dt.timedelta(days=days))
    words = set(re.findall(r"[a-z]+", folded.replace("x-ray", "xray").replace("follow-up", "followup")))
    return Clues(
        clinician_ids=frozenset(clinician_ids), location_id=location_id,
        dates=tuple(d for d in dates if d), visit_words=frozenset(words & VISIT_WORDS),
    )
