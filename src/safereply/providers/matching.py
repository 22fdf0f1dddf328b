"""Find the clinicians a post names, each with a confidence and the rule that found it.

Plain Python, no Django: cases.triage calls it with the roster. A recognizer in the
Presidio sense: graded patterns (title + surname, full name, surname alone, first name
alone), small tables (titles in English and Spanish, nicknames, surnames that are also
ordinary words), and fuzzy comparison for misspellings.

Decisions, with the trade-off accepted:

- Names of four letters or fewer match exactly or not at all. "Dr. Lee" does not match
  "Dr. Leeds" (nor the reverse): with short names one letter is another person, and a
  responder adding a missed clinician costs one click, while a wrong provider concern
  sends a post to a clinician it does not name.
- A surname that is also an ordinary word ("Young", "White", "Rose", "Cruz") and any
  first name or nickname that is one ("Will", "Bill", "Grace", "Sue") count only after a
  title or beside the other half of the name: "Bill was too high" names nobody.
- A first name alone is weaker evidence than a surname; it must be capitalized and spelled
  right (or be a known nickname), and it scores lower.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

NICKNAMES_FILE = Path(__file__).parent / "data" / "nicknames.tsv"

# Words written before a clinician's name, English and Spanish ("la doctora Álvarez").
TITLES = frozenset({
    "dr", "doctor", "doc", "doctora", "dra", "nurse", "np", "pa", "rn", "md", "enfermera", "enfermero",
    "prof", "professor",
})
# Ordinary words that are also surnames or given names: they count only with a title or the
# other half of the name. Kept short and readable; add words when a false match is reported.
COMMON_WORDS = frozenset("""
    young white black brown green long short rose hope grace joy faith may june april will bill
    sue pat mark frank rich art dean hall wood cook bell price love king rich best little small
    hill page lane bush fox hunter baker walker carpenter mason park lee day gay nice
    cruz rosa luz paz sol leon santos blanco rubio moreno delgado leal
""".split())

# Scores (0..100). Thresholds for fuzzy comparison: ratio of the folded words.
FUZZY_THRESHOLD = 80
FIRST_NAME_THRESHOLD = 90
SHORT_NAME = 4
MIN_CONFIDENCE = 60

FULL_NAME = "full name"
TITLE_SURNAME = "title and surname"
TITLE_FIRST = "title and first name"
SURNAME_ALONE = "surname alone"
FIRST_ALONE = "first name alone"
WEIGHT = {FULL_NAME: 1.0, TITLE_SURNAME: 0.98, TITLE_FIRST: 0.9, SURNAME_ALONE: 0.85, FIRST_ALONE: 0.65}


@dataclass(frozen=True)
class RosterEntry:
    id: int
    first_name: str
    last_name: str
    title: str = ""


@dataclass(frozen=True)
class ClinicianMatch:
    id: int
    matched: str  # the words in the post
    score: int  # confidence, 0..100
    rule: str = ""  # which pattern found it: FULL_NAME, TITLE_SURNAME, ...


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def sound_key(word: str) -> str:
    """A rough phonetic key for English and Spanish spellings: Jonson/Johnson, Alvares/Alvarez."""
    key = fold(word)
    for a, b in (("ph", "f"), ("ck", "k"), ("qu", "k"), ("z", "s"), ("v", "b"), ("y", "i"), ("ll", "i")):
        key = key.replace(a, b)
    key = key[:1] + key[1:].replace("h", "")
    return re.sub(r"(.)\1+", r"\1", key)


@lru_cache(maxsize=1)
def nickname_groups() -> dict[str, frozenset[str]]:
    """Each folded name to every name of its group (itself included)."""
    groups: dict[str, set[str]] = {}
    for line in NICKNAMES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        names = {fold(n) for n in line.split("\t") if n.strip()}
        for name in names:
            groups.setdefault(name, set()).update(names)
    return {name: frozenset(group) for name, group in groups.items()}


def first_name_forms(first_name: str) -> frozenset[str]:
    name = fold(first_name)
    return nickname_groups().get(name, frozenset()) | {name}


def close(word: str, name: str) -> int:
    """How alike a word of the post and a name are, 0..100 (short names: exact or nothing)."""
    if word == name:
        return 100
    if len(word) <= SHORT_NAME or len(name) <= SHORT_NAME:
        return 0
    score = int(fuzz.ratio(word, name))
    if sound_key(word) == sound_key(name):
        score = max(score, 92)
    return score if score >= FUZZY_THRESHOLD else 0


def _words(text: str) -> list[tuple[str, str]]:
    """(original, folded) for each word; a possessive 's is not part of the name.

    A title keeps its period ("Dr."), so that the words shown to a responder are the post's own.
    """
    words = []
    for m in re.finditer(r"[A-Za-zÀ-ÿ'’-]+\.?", text):
        original = re.sub(r"['’]s\.?$", "", m.group(0)).strip("'’-")
        if original.endswith(".") and fold(original[:-1]) not in TITLES:
            original = original[:-1]
        if original:
            words.append((original, fold(original).rstrip(".")))
    return words


def _first_score(word: str, forms: frozenset[str]) -> int:
    best = max((close(word, form) for form in forms), default=0)
    return best if best >= FIRST_NAME_THRESHOLD else 0


def _entry_candidates(words, entry: RosterEntry):
    last = fold(entry.last_name)
    forms = first_name_forms(entry.first_name)
    for i, (original, folded) in enumerate(words):
        previous = words[i - 1][1].rstrip(".") if i else ""
        after_title = previous in TITLES
        capitalized = original[:1].isupper()
        if i + 1 < len(words):
            following_original, following = words[i + 1]
            score = min(_first_score(folded, forms), close(following, last))
            if score:
                yield score, FULL_NAME, f"{original} {following_original}"
        surname = close(folded, last)
        if surname and after_title:
            yield surname, TITLE_SURNAME, f"{words[i - 1][0]} {original}"
        elif surname and capitalized and folded not in COMMON_WORDS:
            yield surname, SURNAME_ALONE, original
        first = _first_score(folded, forms)
        if first and after_title:
            yield first, TITLE_FIRST, f"{words[i - 1][0]} {original}"
        elif first and capitalized and folded not in COMMON_WORDS:
            yield first, FIRST_ALONE, original


def find_clinicians(text: str, roster) -> tuple[ClinicianMatch, ...]:
    """The roster entries the text names, most confident first."""
    words = _words(text)
    matches: list[ClinicianMatch] = []
    for entry in roster:
        best: ClinicianMatch | None = None
        for score, rule, matched in _entry_candidates(words, entry):
            confidence = round(score * WEIGHT[rule])
            if confidence >= MIN_CONFIDENCE and (best is None or confidence > best.score):
                best = ClinicianMatch(entry.id, matched, confidence, rule)
        if best is not None:
            matches.append(best)
    return tuple(sorted(matches, key=lambda m: (-m.score, m.id)))
