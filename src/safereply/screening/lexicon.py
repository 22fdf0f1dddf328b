"""Term lists for the recognizers, loaded once from ``lexicons/<language>/<name>.txt``.

File format: UTF-8, header lines starting with ``#`` (the source and how the list was
built), then one lowercase term per line; a term may have several words.

Lookups run over token n-grams (up to ``MAX_WORDS`` words) against a dict, never a giant
regex, so the cost is linear in the length of the reply and independent of the size of
the lists.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Final, Iterable, Mapping

LEXICON_DIR = Path(__file__).parent / "lexicons"
LANGUAGES = ("en", "es")
MAX_WORDS = 5

# Which screening family each file feeds. Clinical files differ only in the kind reported.
FILES: Mapping[str, str] = MappingProxyType(
    {
        "conditions": "clinical",
        "procedures": "clinical",
        "tests": "clinical",
        "medications": "clinical",
        "body_parts": "clinical",
        "dental": "clinical",
        "care_events": "clinical",
        "payment": "payment",
    }
)


def fold(text: str) -> str:
    """Lowercase and strip accents, so 'Cesárea' and 'cesarea' meet in one key."""
    text = text.lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def parse_terms(lines: Iterable[str]) -> list[str]:
    """The terms of one lexicon file: header and blank lines skipped, whitespace squeezed."""
    terms = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        terms.append(" ".join(fold(line).split()))
    return terms


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Terms of one language: maps a folded term (words joined by one space) to its list.

    Plural forms are added when the lexicon is built, and ``first`` maps each first word to
    the most words of a term starting with it, so a lookup is a handful of dict gets.
    """

    language: str
    terms: Mapping[str, str]  # term (and its plural forms) -> list name, e.g. "medications"
    first: Mapping[str, int]  # first word -> the most words of a term starting with it
    longest: int  # the most words in any term, at most MAX_WORDS
    # Every start of two or more words of a term, the whole term included ("knee",
    # "knee braces" -> "knee braces"): a lookup stops extending at the first miss, where
    # no longer term can start.
    prefixes: frozenset[str]
    # (1, list name) of each one-word term, made once: most hits are one word.
    singles: Mapping[str, tuple[int, str]]
    # The dicts behind ``terms``, ``first`` and ``singles``, for the lookups: typed dicts
    # are read natively when compiled, a Mapping (the read-only proxy) generically.
    _terms: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _first: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    _singles: dict[str, tuple[int, str]] = field(default_factory=dict, repr=False, compare=False)

    def lookup(self, words: list[str], start: int) -> tuple[int, str] | None:
        """The longest term starting at ``words[start]``: (number of words, list name)."""
        word = words[start]
        most = self._first.get(word)
        if most is None:
            if len(word) < _MIN_LENGTH:
                return None
            name = clinical_by_suffix(word)
            return (1, name) if name else None
        return self._longest(words, start, word, most)

    def _longest(self, words: list[str], start: int, word: str, most: int) -> tuple[int, str] | None:
        """lookup() for a first word, ``most`` = ``first[word]``: extend the term word by
        word while it is still the start of some term, keeping the last whole term."""
        best = self._singles.get(word)
        stop = min(start + most, len(words))
        if stop - start < 2:
            return best
        terms, prefixes = self._terms, self.prefixes
        key = word
        for k in range(start + 1, stop):
            key = key + " " + words[k]
            if key not in prefixes:
                break
            name = terms.get(key)
            if name is not None:
                best = (k - start + 1, name)
        return best

    def lookup_all(self, words: list[str]) -> list[tuple[int, str] | None]:
        """``lookup(words, i)`` for every i (a word neither a first word nor long enough
        for a medical ending is None without a call)."""
        # (a loop rather than a comprehension of conditional expressions: compiled, the
        # dict reads and the call of _longest are then native)
        first, singles = self._first, self._singles
        found: list[tuple[int, str] | None] = []
        for i, word in enumerate(words):
            most = first.get(word)
            if most is None:
                # (every one of _SUFFIXES ends in one of "ysam": a test of the last letter
                # spares most long words the call)
                found.append(_by_suffix(word) if len(word) >= _MIN_LENGTH and word[-1] in "ysam" else None)
            elif most == 1:
                # A first word of only one-word terms is a term itself: one dict get.
                found.append(singles[word])
            else:
                found.append(self._longest(words, i, word, most))
        return found

    def __contains__(self, term: str) -> bool:
        return fold(term) in self.terms


# Medical word endings, for terms the lists miss: "sclerotherapy", "tonsillectomy",
# "bronchitis", "melanoma", "angiograma". Checked only for words not in the lists.
_SUFFIXES: Final = (
    ("ectomy", "procedures"), ("ectomies", "procedures"), ("otomy", "procedures"),
    ("ostomy", "procedures"), ("plasty", "procedures"), ("scopy", "procedures"),
    ("therapy", "procedures"), ("itis", "conditions"), ("pathy", "conditions"),
    ("emia", "conditions"), ("gram", "tests"), ("grams", "tests"),
    ("ectomia", "procedures"), ("otomia", "procedures"), ("ostomia", "procedures"),
    ("plastia", "procedures"), ("scopia", "procedures"), ("terapia", "procedures"),
    ("patia", "conditions"), ("grama", "tests"), ("gramas", "tests"),
)
_MIN_LENGTH: Final = 9  # "program", "diagram", "therapy" alone stay ordinary words
_NOT_MEDICAL: Final = frozenset(
    """instagram instagrams telegram telegrams kilogram kilograms programa programas
    hologram holograms""".split()
)


@lru_cache(maxsize=16384)
def clinical_by_suffix(word: str) -> str | None:
    """The list a word would belong to by its medical ending, or None."""
    if len(word) < _MIN_LENGTH or word in _NOT_MEDICAL or not word.isalpha():
        return None
    for suffix, name in _SUFFIXES:
        if word.endswith(suffix):
            return name
    return None


def _by_suffix(word: str) -> tuple[int, str] | None:
    """lookup() of a word that starts no term: a one-word hit by its medical ending."""
    name = clinical_by_suffix(word)
    return (1, name) if name else None


def _plurals(term: str) -> tuple[str, ...]:
    if term.endswith(("s", "x", "z", "ch", "sh")):
        return (term + "es",)
    if term.endswith("y") and len(term) > 2 and term[-2] not in "aeiou":
        return (term[:-1] + "ies", term + "s")
    return (term + "s", term + "es") if term.endswith(("o",)) else (term + "s",)


def build(language: str, lists: Mapping[str, Iterable[str]]) -> Lexicon:
    """A lexicon from in-memory lists (used by the loader and by tests)."""
    terms: dict[str, str] = {}
    first: dict[str, int] = {}
    longest = 1
    for name, words in lists.items():
        for term in words:
            term = " ".join(fold(term).split())
            size = term.count(" ") + 1
            if not term or size > MAX_WORDS:
                continue
            for form in (term, *_plurals(term)):
                terms.setdefault(form, name)
                head = form.split(" ", 1)[0]
                first[head] = max(first.get(head, 0), size)
            longest = max(longest, size)
    prefixes = frozenset(
        " ".join(parts[:size]) for parts in (form.split(" ") for form in terms) for size in range(2, len(parts) + 1)
    )
    singles = {form: (1, name) for form, name in terms.items() if " " not in form}
    return Lexicon(
        language=language, terms=MappingProxyType(terms), first=MappingProxyType(first), longest=longest,
        prefixes=prefixes, singles=MappingProxyType(singles), _terms=terms, _first=first, _singles=singles,
    )


@lru_cache(maxsize=None)
def load(language: str) -> Lexicon:
    """The lexicon for ``language`` from the data files; missing files count as empty."""
    if language not in LANGUAGES:
        raise ValueError(f"no lexicon for language {language!r}; expected one of {LANGUAGES}")
    lists: dict[str, list[str]] = {}
    for name in FILES:
        path = LEXICON_DIR / language / f"{name}.txt"
        if path.is_file():
            with path.open(encoding="utf-8") as handle:
                lists[name] = parse_terms(handle)
    return build(language, lists)
