"""What every recognizer shares: graded patterns, the analysed reply, the ABC.

A reply is analysed once (sentences, tokens, who each sentence is about, which parts are
conditional) and every recognizer reads that analysis. Recognizers are mostly data: named
patterns with a score, plus small checks for what a regex cannot know.

Linear time: the text is cut into sentences of bounded length before any pattern runs,
patterns use bounded repetitions only, and nothing backtracks across sentences.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from bisect import bisect_right
from dataclasses import dataclass, field, fields
from itertools import accumulate, repeat
from types import MemberDescriptorType
from typing import Callable, Final, Iterable, Iterator, NamedTuple

from rapidfuzz import fuzz

from safereply.screening.findings import Category, Context, Finding
from safereply.screening.lexicon import Lexicon, fold
from safereply.screening.recognizers.prefilter import fast_boundaries

# A nested quantifier such as (a+)+ or (\w+\s*)* can take exponential time on a hostile
# input; refuse it at import rather than find it in production.
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)[+*]")


@dataclass(frozen=True, slots=True)
class Pattern:
    """A named, graded regular expression; it compiles (and is checked) when created."""

    name: str
    regex: str
    score: float
    flags: int = re.IGNORECASE
    compiled: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.name):
            raise ValueError(f"pattern name {self.name!r} must be snake_case")
        if not 0.0 < self.score <= 1.0:
            raise ValueError(f"pattern {self.name}: score {self.score} outside (0, 1]")
        if _NESTED_QUANTIFIER.search(self.regex):
            raise ValueError(f"pattern {self.name}: nested quantifier, may backtrack")
        object.__setattr__(self, "compiled", re.compile(self.regex, self.flags))

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        return self.compiled.finditer(text, pos, len(text) if endpos is None else endpos)


def combine(patterns: Iterable[Pattern]) -> re.Pattern:
    """One alternation of named groups, so a family scans the text once.

    Each pattern was already compiled and checked on its own; where two patterns match
    at the same place the earlier one in the list wins, which is enough to report it.
    """
    return re.compile(
        "|".join(f"(?P<{p.name}>{p.regex})" for p in patterns), re.IGNORECASE
    )


def words_pattern(words: Iterable[str]) -> str:
    """An alternation of literal words or phrases, longest first, for use inside \\b...\\b."""
    unique = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique) + ")"


# ---------------------------------------------------------------------------------------
# The analysed reply


_TOKEN: Final = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
# On ASCII text _TOKEN is [A-Za-z0-9]+(?:['\-][A-Za-z0-9]+)*, which _ascii_token_columns()
# finds without a regex.
# _TOKEN, captured, for split(): see token_columns(). Possessive quantifiers (3.11)
# match the same tokens (nothing after a run can fail and make it give characters back)
# and spare the regex engine its backtracking bookkeeping: ~10% faster.
_TOKEN_SPLIT: Final = re.compile(r"([^\W_]++(?:['’\-][^\W_]++)*+)", re.UNICODE)
# Where a sentence ends; _sentence_ends() finds its matches without running it (it is
# kept as the definition of what it finds).
_SENTENCE_END = re.compile(r"(?=[.!?…;:\n])(?:[.!?…]+[\"'”’)\]]*(?=\s)|\n+|[;:](?=\s))")
MAX_SENTENCE: Final = 1500  # characters; longer runs are cut at whitespace
_ABBREVIATIONS: Final = frozenset(
    """dr dra drs mr mrs ms sr sra srta st jr no nos vs etc ext apt ave blvd dept approx
    a.m p.m am pm e.g i.e jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed
    thu thur thurs fri sat sun lic inc co ltd mt ft""".split()
)

# Personal pronouns of the reader.
SECOND_PERSON_EN: Final = frozenset(
    "you your yours yourself yourselves you're you've you'll you'd ya ur u".split()
)
SECOND_PERSON_ES: Final = frozenset("usted ustedes tu tus te ti contigo tú tuyo tuya".split())
TITLES: Final = frozenset("mr mrs ms miss mx sr sra srta señor señora señorita don doña".split())
CLINICIAN_TITLES: Final = frozenset("dr dra doctor doctora dr. dra.".split())
KIN_WORDS: Final = frozenset(
    """son sons daughter daughters child children kid kids baby babies newborn infant toddler
    husband wife spouse partner boyfriend girlfriend fiance fiancé fiancee mother mom mum
    mommy mama father dad daddy papa parents grandmother grandma granny grandfather grandpa
    grandson granddaughter grandchild grandkids sister brother sibling twins aunt uncle
    niece nephew stepson stepdaughter teen teenager
    hijo hija hijos hijas bebé bebe niño niña niños esposo esposa marido pareja mamá mama
    madre papá papa padre abuela abuelo abuelita abuelito hermano hermana nieto nieta
    gemelos tía tío sobrino sobrina suegra suegro""".split()
)
# Determiners that tie a noun to the reader or to someone already named.
POSSESSIVES_EN: Final = frozenset("your his her their ur".split())
POSSESSIVES_ES: Final = frozenset("su sus tu tus".split())

# Subjects that make a sentence about nobody in particular.
GENERIC_WORDS: Final = frozenset(
    """anyone anybody everyone everybody whoever people patients families clients someone
    somebody each every all any most many others customers individuals adults children
    cualquier cualquiera quien quienes nadie todos todas cada personas pacientes familias
    otros muchos muchas""".split()
)
# Clause openers that make what follows hypothetical.
_CONDITIONAL: Final = re.compile(
    r"\b(?:if|unless|whether|in\s+case|should\s+you|si|en\s+caso\s+de|a\s+menos\s+que)\b",
    re.IGNORECASE,
)
# IGNORECASE also matches a few non-ASCII letters (the long s), hence ASCII text only.
_CONDITIONAL_FAST: Final = re.compile(fast_boundaries(_CONDITIONAL.pattern))
_CLAUSE_END: Final = re.compile(r"[,;:—–]|\s-\s|\bthen\b|\bplease\b|\bfavor\b")


class Token(NamedTuple):
    """A token; a named tuple so that a sentence's tokens are built in one C-level pass."""

    text: str  # as written
    word: str  # folded: lowercase, no accents
    start: int  # absolute offsets in the reply
    end: int


_new_tuple: Final = tuple.__new__


class PersonRef(NamedTuple):
    """A mention of an identifiable person in a sentence.

    A named tuple rather than a frozen dataclass: as immutable, read by the same
    attribute names, and built several times faster (the engine makes one per "you")."""

    start: int
    end: int
    kind: str  # second_person, poster, titled, kin, third_name, pronoun
    strength: float  # how sure we are this points at the poster or someone tied to them


class Sentence:
    """One sentence; its tokens are kept as parallel lists (``words``, ``texts``,
    ``starts``, ``ends``), and ``tokens`` builds Token objects from them on demand.

    A plain class with a written ``__init__`` rather than a dataclass: compiled by mypyc,
    a dataclass's generated ``__init__`` stays interpreted (about 6,000 instructions per
    sentence), while this one is native, and its typed fields are read natively."""

    __slots__ = (
        "start", "end", "text", "lower", "words", "texts", "starts", "ends", "hypothetical",
        "generic", "person_refs", "clinician_spans", "cache", "_tokens", "_lookups", "_lookups_of",
    )

    def __init__(
        self,
        start: int,
        end: int,
        text: str,
        lower: str,
        words: list[str],  # folded
        texts: list[str],  # as written
        starts: list[int],  # absolute offsets in the reply
        ends: list[int],
        hypothetical: list[tuple[int, int]] | None = None,  # absolute spans
        generic: bool = False,
        person_refs: list[PersonRef] | None = None,
        clinician_spans: list[tuple[int, int]] | None = None,
        cache: dict | None = None,  # per-sentence results shared by recognizers
    ) -> None:
        self.start: int = start
        self.end: int = end
        self.text: str = text
        self.lower: str = lower
        self.words: list[str] = words
        self.texts: list[str] = texts
        self.starts: list[int] = starts
        self.ends: list[int] = ends
        self.hypothetical: list[tuple[int, int]] = [] if hypothetical is None else hypothetical
        self.generic: bool = generic
        self.person_refs: list[PersonRef] = [] if person_refs is None else person_refs
        self.clinician_spans: list[tuple[int, int]] = [] if clinician_spans is None else clinician_spans
        self.cache: dict = {} if cache is None else cache
        # The Token objects, built on the first read of ``tokens`` (most sentences never need them).
        self._tokens: list[Token] | None = None
        # lookups() of ``_lookups_of``, kept in typed fields (read natively when compiled).
        self._lookups: list[tuple[int, str] | None] | None = None
        self._lookups_of: Lexicon | None = None

    def __repr__(self) -> str:
        return f"Sentence({self.start}, {self.end}, {self.text!r})"

    @property
    def tokens(self) -> list[Token]:
        tokens = self._tokens
        if tokens is None:
            tokens = self._tokens = list(
                map(_new_tuple, repeat(Token), zip(self.texts, self.words, self.starts, self.ends))
            )
        return tokens

    def lookups(self, lexicon: Lexicon) -> list[tuple[int, str] | None]:
        """``lexicon.lookup(self.words, i)`` for every token i, computed once per sentence
        (clinical, payment and specific all read it)."""
        found = self._lookups
        if found is None or self._lookups_of is not lexicon:
            found = self._lookups = lexicon.lookup_all(self.words)
            self._lookups_of = lexicon
        return found

    def asserted(self, start: int, end: int) -> bool:
        """False when the span lies inside an if/unless clause."""
        if not self.hypothetical:
            return True
        return not any(s <= start and end <= e for s, e in self.hypothetical)

    @property
    def personal(self) -> bool:
        return bool(self.asserted_refs())

    def asserted_refs(self) -> list[PersonRef]:
        if not self.hypothetical:
            return list(self.person_refs)
        return [r for r in self.person_refs if self.asserted(r.start, r.end)]

    def strength(self) -> float:
        refs = self.person_refs
        if not refs:
            return 0.0
        if self.hypothetical:
            refs = self.asserted_refs()
            if not refs:
                return 0.0
        # max([r.strength for r in refs]) as a loop: compiled, no list and no generic call
        # of max() (with the keyword default); the same value, the first of equals kept.
        best = refs[0].strength
        for k in range(1, len(refs)):
            strength = refs[k].strength
            if strength > best:
                best = strength
        return best


class Doc:
    """The reply, analysed once for all recognizers.

    A plain class with a written ``__init__`` for the reason given at Sentence."""

    __slots__ = (
        "text", "language", "context", "lexicon", "sentences", "poster_names", "clinician_names",
        "org_words", "post_words", "tied_third_party", "question_post", "lower", "starts",
    )

    def __init__(
        self,
        text: str,
        language: str,
        context: Context,
        lexicon: Lexicon,
        sentences: list[Sentence],
        poster_names: tuple[str, ...],  # folded name parts of the poster (>= 3 letters)
        clinician_names: tuple[str, ...],  # folded name parts of the roster
        org_words: frozenset[str],
        post_words: frozenset[str],  # folded words of the post being answered
        tied_third_party: bool = False,  # someone other than the poster is tied to them
        question_post: bool = False,  # the post asks something: "your" in the answer may be anyone's
        lower: str = "",  # the whole reply lowercased, same length as ``text``
        starts: list[int] | None = None,  # sentence starts, for bisect
    ) -> None:
        self.text: str = text
        self.language: str = language
        self.context: Context = context
        self.lexicon: Lexicon = lexicon
        self.sentences: list[Sentence] = sentences
        self.poster_names: tuple[str, ...] = poster_names
        self.clinician_names: tuple[str, ...] = clinician_names
        self.org_words: frozenset[str] = org_words
        self.post_words: frozenset[str] = post_words
        self.tied_third_party: bool = tied_third_party
        self.question_post: bool = question_post
        self.lower: str = lower
        self.starts: list[int] = [] if starts is None else starts

    def __repr__(self) -> str:
        return f"Doc({self.text!r}, language={self.language!r})"

    def sentence_at(self, position: int) -> Sentence | None:
        k = bisect_right(self.starts, position) - 1
        if k < 0:
            return None
        sentence = self.sentences[k]
        return sentence if position < sentence.end else None

    @property
    def is_spanish(self) -> bool:
        return self.language == "es"


def _sentence_ends(text: str) -> list[tuple[int, int]]:
    """The spans of ``_SENTENCE_END.finditer(text)``, found by one loop over the characters
    (compiled, about ten times fewer instructions than the regex's search).

    At a run of [.!?…] the first branch matches only when the run and the closing quotes
    or brackets after it are followed by whitespace; when that fails it fails at every
    character of the run and of the closers too (the same end is reached), and the other
    branches cannot start on them, so the search goes on after them."""
    found: list[tuple[int, int]] = []
    n = len(text)
    i = 0
    while i < n:
        c = ord(text[i])
        if c == 46 or c == 33 or c == 63 or c == 0x2026:  # . ! ? …
            j = i + 1
            while j < n:
                c = ord(text[j])
                if c == 46 or c == 33 or c == 63 or c == 0x2026:
                    j += 1
                else:
                    break
            while j < n:
                c = ord(text[j])
                if c == 34 or c == 39 or c == 0x201D or c == 0x2019 or c == 41 or c == 93:  # " ' ” ’ ) ]
                    j += 1
                else:
                    break
            if j < n and text[j].isspace():  # (str.isspace is the regex's \s)
                found.append((i, j))
            i = j
        elif c == 10:  # \n+
            j = i + 1
            while j < n and ord(text[j]) == 10:
                j += 1
            found.append((i, j))
            i = j
        elif (c == 59 or c == 58) and i + 1 < n and text[i + 1].isspace():  # [;:](?=\s)
            found.append((i, i + 1))
            i += 1
        else:
            i += 1
    return found


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; abbreviations like 'Dr.' do not end one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for at, end in _sentence_ends(text):
        if text[at] == ".":
            # "Dr. Lee", "9 a.m. to", "Feb. 2": the word before the dot is an abbreviation.
            before = text[max(start, at - 5) : at]
            space = max(before.rfind(" "), before.rfind("("), before.rfind("\n"))
            last = before[space + 1 :].lower()
            if last in _ABBREVIATIONS or len(last) == 1:
                continue
        if end > start:
            spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    if len(text) > MAX_SENTENCE:  # (no span of a shorter text can be too long)
        bounded: list[tuple[int, int]] = []
        for s, e in spans:
            while e - s > MAX_SENTENCE:
                cut = text.rfind(" ", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
                cut = cut if cut > s else s + MAX_SENTENCE
                bounded.append((s, cut))
                s = cut
            bounded.append((s, e))
        spans = bounded
    # (a slice that strip() would empty is empty or all whitespace: isspace() copies nothing)
    return [(s, e) for s, e in spans if e > s and not text[s:e].isspace()]


def tokenize(text: str, offset: int = 0) -> list[Token]:
    if text.isascii():
        lower = text.lower()
        return [
            Token(m.group(), lower[m.start() : m.end()], m.start() + offset, m.end() + offset)
            for m in _TOKEN.finditer(text)
        ]
    return [
        Token(m.group(), fold(m.group()).replace("’", "'"), m.start() + offset, m.end() + offset)
        for m in _TOKEN.finditer(text)
    ]


_YES_AFTER_SI: Final = re.compile(r"\s*(?:[,!.]|$|[A-ZÁÉÍÓÚÑ@])")


def is_yes_si(text: str, end: int) -> bool:
    """"Si, ..." / "Si Lupita" / "Si!": "sí" (yes) written without its accent, not "if"."""
    return _YES_AFTER_SI.match(text, end) is not None


def token_columns(reply: str, start: int, end: int, ascii_lower: str | None) -> tuple[list[str], list[str], list[int], list[int]]:
    """(words, texts, starts, ends) of the tokens of ``reply[start:end]``, offsets absolute.

    The same tokens as ``tokenize(reply[start:end], start)``, without building objects.
    ``ascii_lower`` is ``reply[start:end].lower()`` when that slice is ASCII, else None.
    """
    if ascii_lower is not None:
        return _ascii_token_columns(reply, start, end, ascii_lower)
    # split() on the captured token gives [gap, token, gap, token, ..., gap] in one C pass
    # with no match objects; the running sum of the pieces' lengths gives every offset.
    parts: list[str] = _TOKEN_SPLIT.split(reply[start:end] if start or end != len(reply) else reply)
    if len(parts) == 1:
        return [], [], [], []
    offsets: list[int] = list(accumulate(map(len, parts), initial=start))
    texts: list[str] = parts[1::2]
    words = [fold(t).replace("’", "'") for t in texts]
    return words, texts, offsets[1:-1:2], offsets[2::2]


def _ascii_token_columns(reply: str, start: int, end: int, ascii_lower: str) -> tuple[list[str], list[str], list[int], list[int]]:
    """token_columns() of an ASCII slice: the matches of _ASCII_TOKEN (runs of [A-Za-z0-9]
    joined by one ' or -), found by one loop over the characters. Compiled, that is
    several times fewer instructions than the regex's split() and the offsets' running
    sum; the words are slices of ``ascii_lower`` (no lower() per token)."""
    words: list[str] = []
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = start
    while i < end:
        c = ord(reply[i])
        if not (97 <= c <= 122 or 65 <= c <= 90 or 48 <= c <= 57):
            i += 1
            continue
        first = i
        i += 1
        while True:
            while i < end:
                c = ord(reply[i])
                if 97 <= c <= 122 or 65 <= c <= 90 or 48 <= c <= 57:
                    i += 1
                else:
                    break
            # (i < end here means the loop stopped at reply[i], whose code is c)
            if i + 1 < end and (c == 39 or c == 45):  # ' or - joining two runs
                c = ord(reply[i + 1])
                if 97 <= c <= 122 or 65 <= c <= 90 or 48 <= c <= 57:
                    i += 2
                    continue
            break
        texts.append(reply[first:i])
        words.append(ascii_lower[first - start : i - start])
        starts.append(first)
        ends.append(i)
    return words, texts, starts, ends


def hypothetical_spans(sentence: str, offset: int, ascii_lower: str | None = None) -> list[tuple[int, int]]:
    """Spans of if/unless clauses: from the marker to the end of the clause.

    ``ascii_lower``, when given, is ``sentence.lower()`` of an ASCII sentence: the markers
    are then found case-sensitively in it (the same matches, faster)."""
    spans = []
    found = _CONDITIONAL.finditer(sentence) if ascii_lower is None else _CONDITIONAL_FAST.finditer(ascii_lower)
    for marker in found:
        if marker.group().lower() == "si" and (sentence[marker.start() : marker.end()] == "Sí" or is_yes_si(sentence, marker.end())):
            continue
        close = _CLAUSE_END.search(sentence, marker.end())
        end = close.start() if close else len(sentence)
        spans.append((marker.start() + offset, end + offset))
    return spans


def name_parts(name: str) -> list[str]:
    """Folded parts of a display name or handle that could be written in a reply."""
    name = re.sub(r"\b(?:dr|dra|mr|mrs|ms|sr|sra|np|pa-c|pa|md|do|dds|dmd|rn|lpc|lcsw|rph|pharmd|dpt|ibclc)\b\.?", " ", name, flags=re.I)
    parts = re.split(r"[\s_.@\-&,0-9]+", name)
    return [fold(p) for p in parts if len(p) >= 3 and fold(p) not in {"the", "and", "anonymous", "anon"}]


def fuzzy_in(word: str, names: Iterable[str], threshold: float = 86.0) -> bool:
    """True when ``word`` is one of ``names``, allowing a typo or an accent."""
    if len(word) < 3:
        return False
    for name in names:
        if word == name:
            return True
        if abs(len(word) - len(name)) <= 2 and fuzz.ratio(word, name) >= threshold:
            return True
        # Handles glue parts together: "julesbakes" holds "jules".
        if len(name) >= 5 and len(word) >= 4 and (name.startswith(word) and len(word) >= len(name) - 3):
            return True
    return False


# ---------------------------------------------------------------------------------------
# Recognizers


class Recognizer(ABC):
    """One family of rules; it reads the analysed reply and returns findings."""

    name: str
    category: Category

    @abstractmethod
    def analyze(self, doc: Doc) -> list[Finding]:
        """The findings of this family in ``doc``."""


def _no_setter(finding: Finding, value: object) -> None:
    raise AssertionError("unreachable: Finding's slots are written only when _SLOTS_WRITABLE")


_new_object: Final[Callable[[type[Finding]], Finding]] = object.__new__
# Finding is a frozen dataclass with slots: its generated __init__ goes through
# object.__setattr__ for each field. Writing the slots directly makes the same object
# (same fields, equal, same hash) in half the time; the engine makes many. That works
# only while Finding is an interpreted class whose fields are slot (member) descriptors;
# compiled (mypyc), Finding is a native class and make_finding() calls Finding(...).
_FINDING_FIELDS = ("start", "end", "category", "confidence", "explanation", "fix", "rule", "kind")
if tuple(f.name for f in fields(Finding)) != _FINDING_FIELDS:  # a new field must be set below too
    raise ImportError("make_finding() does not set every field of Finding")
_SLOTS_WRITABLE: Final[bool] = all(type(Finding.__dict__.get(name)) is MemberDescriptorType for name in _FINDING_FIELDS)
_Setter = Callable[[Finding, object], None]
_setters: list[_Setter] = [
    Finding.__dict__[name].__set__ if _SLOTS_WRITABLE else _no_setter for name in _FINDING_FIELDS
]
# (Final: compiled, each is then read natively instead of from the module's dict)
_set_start: Final = _setters[0]
_set_end: Final = _setters[1]
_set_category: Final = _setters[2]
_set_confidence: Final = _setters[3]
_set_explanation: Final = _setters[4]
_set_fix: Final = _setters[5]
_set_rule: Final = _setters[6]
_set_kind: Final = _setters[7]


def make_finding(
    start: int,
    end: int,
    category: Category,
    score: float,
    rule: str,
    explanation: str,
    fix: str,
    kind: str | None = None,
) -> Finding:
    # max(0.0, min(1.0, score)) without the two generic calls (the same value, also for
    # -0.0 and NaN: each comparison keeps the bound when it is False)
    confidence = score if score < 1.0 else 1.0
    confidence = confidence if confidence > 0.0 else 0.0
    if not _SLOTS_WRITABLE:
        return Finding(start, end, category, confidence, explanation, fix, rule, kind)
    finding = _new_object(Finding)
    _set_start(finding, start)
    _set_end(finding, end)
    _set_category(finding, category)
    _set_confidence(finding, confidence)
    _set_explanation(finding, explanation)
    _set_fix(finding, fix)
    _set_rule(finding, rule)
    _set_kind(finding, kind)
    return finding
