"""Term lists for the recognizers, loaded once from ``lexicons/<language>/<name>.txt``.

File format: UTF-8, header lines starting with ``#`` (the source and how the list was
built), then one lowercase term per line; a term may have several words.

Lookups run over token n-grams (up to ``MAX_WORDS`` words) against a dict, never a giant
regex, so the cost is linear in the length of the reply and independent of the size of
the lists.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

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
    """Terms of one language: maps a folded term (words joined by one space) to its list."""

    language: str
    terms: Mapping[str, str]  # term -> list name, e.g. "medications"
    longest: int  # the most words in any term, at most MAX_WORDS

    def lookup(self, words: list[str], start: int) -> tuple[int, str] | None:
        """The longest term starting at ``words[start]``: (number of words, list name)."""
        terms = self.terms
        best = None
        for size in range(1, min(self.longest, len(words) - start) + 1):
            key = " ".join(words[start : start + size])
            name = terms.get(key)
            if name is None:
                # Plurals: "crowns" finds "crown", "biopsies" finds "biopsy".
                last = words[start + size - 1]
                if len(last) > 3 and last.endswith("s"):
                    stem = key[:-1]
                    name = terms.get(stem)
                    if name is None and last.endswith("ies"):
                        name = terms.get(key[:-3] + "y")
                    if name is None and last.endswith("es"):
                        name = terms.get(key[:-2])
            if name is not None:
                best = (size, name)
        return best

    def __contains__(self, term: str) -> bool:
        return fold(term) in self.terms


def build(language: str, lists: Mapping[str, Iterable[str]]) -> Lexicon:
    """A lexicon from in-memory lists (used by the loader and by tests)."""
    terms: dict[str, str] = {}
    longest = 1
    for name, words in lists.items():
        for term in words:
            term = " ".join(fold(term).split())
            size = term.count(" ") + 1
            if not term or size > MAX_WORDS:
                continue
            terms.setdefault(term, name)
            longest = max(longest, size)
    return Lexicon(language=language, terms=MappingProxyType(terms), longest=longest)


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
