"""The screening pipeline: analyse the reply, run the recognizers, weigh, decide.

1. Check the input, detect the language, cut the reply into sentences and tokens.
2. Work out, sentence by sentence, who each one is about (the reader, the poster by
   name, a relative, someone else tied to them) and which clauses are hypothetical.
3. Run every recognizer family over that analysis.
4. Weigh: secondary identifiers and echoes count only in a reply that discloses; a
   clinical or payment fact about someone also confirms the relationship.
5. Remove overlaps, apply the thresholds, write the safe alternative.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Any, Final

from safereply.screening import language as language_detection
from safereply.screening.findings import (
    DISCLOSURE_CATEGORIES,
    Category,
    Context,
    Deferred,
    Finding,
    Screening,
    Verdict,
)
from safereply.screening.lexicon import fold, load
from safereply.screening.recognizers import RECOGNIZERS, identifiers, relationship
from safereply.screening.recognizers.base import (
    _new_tuple,
    CLINICIAN_TITLES,
    GENERIC_WORDS,
    KIN_WORDS,
    MAX_SENTENCE,
    POSSESSIVES_EN,
    POSSESSIVES_ES,
    SECOND_PERSON_EN,
    SECOND_PERSON_ES,
    TITLES,
    Doc,
    PersonRef,
    Sentence,
    fuzzy_in,
    hypothetical_spans,
    is_yes_si,
    make_finding,
    name_parts,
    split_sentences,
    token_columns,
    tokenize,
)
from safereply.screening.recognizers.echo import EXPLANATION as echo_explanation
from safereply.screening.recognizers.echo import FIX as echo_fix
from safereply.screening.recognizers.echo import post_tells_own_story
from safereply.screening.recognizers.identifiers import SECONDARY_KINDS
from safereply.screening.recognizers.prefilter import fast_boundaries
from safereply.screening.recognizers.tone import is_heated
from safereply.screening.recognizers.vocabulary import (
    CARE_NOUNS,
    CLINICAL_WORDS,
    MONTHS,
    PAYMENT_WORDS,
    WEEKDAYS,
)
# (imported here, not in screen(): a function-level import costs about 14,000 instructions
# per call; rewrite imports this module only inside its functions, so there is no cycle)
from safereply.screening.rewrite import safe_alternative

# Replies longer than this are analysed in full up to here and scanned quickly after it.
FULL_ANALYSIS_CHARS: Final = 20_000
# The strongest relationship patterns, the only ones run past FULL_ANALYSIS_CHARS.
_TAIL_PATTERNS: Final = frozenset(
    {"our_records", "you_patient", "care_verb_you", "you_care_verb", "your_care_noun",
     "es_your_care_noun", "es_clitic_care", "es_never_patient", "result_statement", "came_back"}
)
_TAIL_MAX_PER_PATTERN: Final = 5
# A disclosure finding at or above this confidence blocks; below it asks for review.
BLOCK_AT: Final = 0.6
REVIEW_AT: Final = 0.3

_EMPTY_CONTEXT: Final = Context()
# Enum members read through the class cost a descriptor call each (about 0.15 us on
# Python 3.11); weigh() and decide() test every finding, so they read these instead.
_RELATIONSHIP: Final = Category.RELATIONSHIP
_CLINICAL: Final = Category.CLINICAL
_PAYMENT: Final = Category.PAYMENT
_IDENTIFIER: Final = Category.IDENTIFIER
_ECHO: Final = Category.ECHO
_TONE: Final = Category.TONE
_PASS: Final = Verdict.PASS
_REVIEW: Final = Verdict.REVIEW
_BLOCK: Final = Verdict.BLOCK
# Finding.is_disclosure, as a set test without the property call (Category is a str enum:
# a member hashes and compares as its value, so the set test is the tuple's).
_DISCLOSURE: Final = frozenset(DISCLOSURE_CATEGORIES)
_FACTS: Final = frozenset({_RELATIONSHIP, _CLINICAL, _PAYMENT})  # the care, health and billing facts
_CATEGORY_VALUE: Final = {c: c.value for c in Category}  # (an enum's .value is a slow property)

_MODALS: Final = frozenset("can could may might should will would need must".split())
_CONDITIONAL_OPENING: Final = re.compile(r"^\W*(?:\w+\W+){0,2}?(if|unless|whether|si|en\s+caso)\b", re.IGNORECASE)
# A word of every marker of _CONDITIONAL_OPENING and of base's hypothetical_spans() that
# is a whole run of letters and digits wherever the marker matches ("if", "case" of "in
# case", "should" of "should you", "menos" of "a menos que", ...). On ASCII text such runs
# are the tokens, or their parts between ' and -: where no token has one of these words,
# neither regex can find anything (see _conditional_word()).
_CONDITIONAL_WORDS: Final = frozenset("if unless whether case should si caso menos".split())
_STAFF_ROLE_BEFORE: Final = re.compile(
    r"\b(?:manager|supervisor|supervisora|coordinator|coordinadora?|director|directora|gerente|"
    r"encargad[oa]|administrador[a]?|administrator|liaison|lead|advocate|jefe|jefa|responsable|"
    r"founder|owner|pharmacist|counselor|consultant|hygienist|nurse|therapist|technologist|"
    r"trabajadora|especialista|fundadora?)\b[^.!?]{0,35},\s*$",
    re.IGNORECASE,
)
_CREDENTIAL_AFTER: Final = re.compile(
    r"^\s*(?:[A-Z][\w'\-]+\s+)?,?\s*(?:np|pa-c|pa|md|do|dds|dmd|rn|lpc|lcsw|rph|pharmd|dpt|ibclc|lmft|psyd|phd|cnm|od|aud)\b",
    re.IGNORECASE,
)
# Words after which a capitalized name is someone cared for: "seeing Mateo", "you and Ruth".
_TIE_BEFORE_NAME: Final = frozenset(
    """seeing meeting met saw see treated treating caring remembers remember remembered
    watching says dice loved delivered baby pequeña pequeño little bebé bebe""".split()
)
# "There's", "Nobody's": contractions, not possessives of a name.
_NOT_NAMES: Final = frozenset(
    """there that it here what let who nobody everyone everybody someone somebody anyone
    today tomorrow he she where how one no this everything nothing something""".split()
)
_PLACE_BEFORE: Final = frozenset("in at from to the our of on into near by en a al del desde el la los las".split())
# Capitalized words after these name a place or an institution, not a person:
# "Hospital San Marcos", "Mercy Clinic", "Escuela Benito Juárez", "Saint Jude".
_PLACE_WORDS: Final = frozenset(
    """hospital hospitals clinic clinica clínica centro center centre unidad unit escuela school
    university universidad college colegio iglesia church parque park calle street avenida avenue
    county condado farmacia pharmacy san santa santo saint st. st""".split()
)
_MODALS_ES: Final = frozenset("puede pueden podemos podra podria debe deben".split())
_QUOTED: Final = re.compile(r"[\"“«][^\"”»\n]{1,80}[\"”»]")
_COMMON_CAPITALIZED: Final = frozenset(
    """i i'm i've i'll thanks thank hi hello hey dear yes no ok okay so we our the a an and
    but if please sorry congrats congratulations happy good great amazing wow aww haha ha
    google yelp facebook instagram er icu ed urgent care team everyone anyone hola gracias
    buenas buenos feliz que muy nos sí si la el los las un una y de del al por para con
    mr mrs ms sr sra dr dra don doña portal medicare medicaid""".split()
)
_PERSON_PRONOUNS: Final = frozenset("his her him hers él ella".split())
# Capitalized words that are no one's name: one set instead of six tests per word.
_ORDINARY_CAPITALIZED: Final = _COMMON_CAPITALIZED | MONTHS | WEEKDAYS | CARE_NOUNS | CLINICAL_WORDS | PAYMENT_WORDS
# A sentence opening with one of these is an instruction to anyone who reads it ("Bring
# your insurance card", "Traiga su identificación"): its "you/your" is anyone's.
_INSTRUCTION_OPENERS: Final = frozenset(
    """bring schedule book traiga traigan agende agenda programe reserve""".split()
)
_INTERESTING_EN: Final = SECOND_PERSON_EN | POSSESSIVES_EN | KIN_WORDS | _PERSON_PRONOUNS
_INTERESTING_ES: Final = (
    SECOND_PERSON_ES | {"you", "su", "sus"} | POSSESSIVES_ES | KIN_WORDS | _PERSON_PRONOUNS
)


_SERVICE_OPENERS_ES: Final = frozenset(
    """tratamos ofrecemos hacemos atendemos aceptamos contamos realizamos damos manejamos
    ponemos aplicamos vendemos surtimos""".split()
)
_SERVICE_VERBS_EN: Final = frozenset("treat offer do see accept provide perform carry fill give".split())
# Advice or an offer before "your" when answering a question: "depends on your plan",
# "check your coverage", "revisamos tu cobertura".
_ADVICE_BEFORE: Final = frozenset(
    """depends depend check verify confirm review revisamos revisar verificamos verificar
    checamos checar depende consultar""".split()
)


def _advice(words: list[str], i: int, possible_at: set[int]) -> bool:
    """Whether the "your" at ``i`` is in advice: after "depends on", "check", "revisamos",
    or before "may be needed" within five words."""
    return any(w in _ADVICE_BEFORE for w in words[max(0, i - 3):i]) or any(i < k <= i + 5 for k in possible_at)


def _conditional_word(words: list[str], text: str) -> bool:
    """Whether one of ``words`` (the tokens of ``text``, ASCII), or a part of one between
    ' and -, is in _CONDITIONAL_WORDS: a set test instead of two regex searches per sentence."""
    if not _CONDITIONAL_WORDS.isdisjoint(words):
        return True
    if "'" not in text and "-" not in text:  # (no token is joined)
        return False
    for word in words:
        if "'" in word or "-" in word:
            for part in word.replace("'", "-").split("-"):
                if part in _CONDITIONAL_WORDS:
                    return True
    return False


def screen(reply: object, context: object = None) -> Screening:
    """Screen ``reply`` (a draft public answer, a ``str``) for disclosures and tone;
    ``context`` is a ``Context`` or None.

    (Typed ``object`` so that the checks below, not the compiled module's own argument
    check, say what was expected.)"""
    if not isinstance(reply, str):
        raise TypeError(f"screen() expects the reply as a str, got {type(reply).__name__}")
    if context is None:
        context = _EMPTY_CONTEXT
    elif not isinstance(context, Context):
        raise TypeError(f"screen() expects context as a safereply.screening.Context, got {type(context).__name__}")

    if not reply.strip():
        language = language_detection.detect(context.post) if context.post else "en"
        return Screening(
            text=reply,
            verdict=_PASS,
            findings=(),
            safe_alternative=_deferred_text(Deferred(safe_alternative, reply, (), context, language)),
            language=language,
            tone="calm",
        )
    findings, language, heated = analyze(reply, context)
    verdict = decide(findings, heated)
    alternative = reply if verdict is _PASS else _deferred_text(
        Deferred(safe_alternative, reply, findings, context, language)
    )
    return Screening(
        text=reply,
        verdict=verdict,
        findings=findings,
        safe_alternative=alternative,
        language=language,
        tone="heated" if heated else "calm",
    )


def _deferred_text(value: Deferred) -> Any:
    """``value`` for Screening's ``safe_alternative``, declared a ``str``: Screening stores
    the Deferred and its field descriptor computes the text on first read, so to callers
    the field is a str; only the builder hands it a Deferred. The result is typed Any, not
    cast to str: mypyc checks a cast to str (and a str return) at run time, and would
    refuse the Deferred."""
    return value


def analyze(reply: str, context: Context) -> tuple[tuple[Finding, ...], str, bool]:
    """(findings, language, heated) for a non-empty reply."""
    language = language_detection.detect(reply)
    head = reply
    if len(reply) > FULL_ANALYSIS_CHARS:
        cut = reply.rfind(" ", FULL_ANALYSIS_CHARS // 2, FULL_ANALYSIS_CHARS)
        head = reply[: cut if cut > 0 else FULL_ANALYSIS_CHARS]
    doc = build_doc(head, context, language)
    raw: list[Finding] = []
    for recognizer in RECOGNIZERS:
        raw.extend(recognizer.analyze(doc))
    if len(head) < len(reply):
        raw.extend(_scan_tail(reply, len(head), language))
    _echo_of_story(context, raw)
    heated = is_heated(raw)
    return weigh(raw), language, heated


def _echo_of_story(context: Context, raw: list[Finding]) -> None:
    """A reply that discloses something about the person of a first-person post ("my
    dad", "I waited") confirms that story: add an echo at its strongest care, health or
    billing fact. weigh() keeps it only when the reply discloses."""
    if not context.post:
        return
    categories = [f.category for f in raw]
    if _ECHO in categories:
        return
    facts = [f for f in raw if f.category in _FACTS and f.confidence >= BLOCK_AT]
    if not facts or not post_tells_own_story(context.post):
        return
    strongest = max(facts, key=lambda f: (f.category is not _RELATIONSHIP, f.confidence))
    raw.append(make_finding(strongest.start, strongest.end, _ECHO, BLOCK_AT, "echo.story_confirmed",
                            echo_explanation, echo_fix))


def _scan_tail(reply: str, offset: int, language: str) -> list[Finding]:
    """Past FULL_ANALYSIS_CHARS no real reply goes; scan the rest with the relationship
    patterns and record numbers only, whole-text and without the sentence analysis, so
    that a huge input still takes linear time and cannot hide a disclosure at its end."""
    tail = reply[offset:]
    tail_lower = tail.lower()
    if len(tail_lower) != len(tail):
        tail_lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in tail)
    findings = []
    recognizer = relationship.RECOGNIZER
    for pattern, compiled in recognizer.by_language["es" if language == "es" else "en"]:
        if pattern.name not in _TAIL_PATTERNS:
            continue
        for match in itertools.islice(compiled.finditer(tail_lower), _TAIL_MAX_PER_PATTERN):
            findings.append(
                make_finding(match.start() + offset, match.end() + offset, Category.RELATIONSHIP, pattern.score * 0.9,
                             f"relationship.{pattern.name}.long_text", relationship.EXPLANATION, relationship.FIX)
            )
    # A record number starts with one of its keywords: on ASCII text, scan from the first
    # place one could start (searching from there still sees the text before it).
    record_from = 0
    if tail.isascii():
        trigger = identifiers.RECORD_TRIGGER.search(tail_lower)
        record_from = trigger.start() if trigger is not None else len(tail)
    for match in itertools.islice(identifiers.RECORD_NUMBER.compiled.finditer(tail, record_from), _TAIL_MAX_PER_PATTERN):
        if sum(ch.isdigit() for ch in match.group(1)) >= 3:
            findings.append(
                make_finding(match.start() + offset, match.end() + offset, Category.IDENTIFIER, 0.8,
                             "identifier.record_number.long_text", identifiers.EXPLAIN["record_number"],
                             identifiers.FIX["record_number"], kind="record_number")
            )
    return findings


def decide(findings: tuple[Finding, ...], heated: bool) -> Verdict:
    disclosures = [f for f in findings if f.category in _DISCLOSURE]
    if any(f.confidence >= BLOCK_AT for f in disclosures):
        return _BLOCK
    if heated or disclosures:
        return _REVIEW
    return _PASS


def weigh(raw: list[Finding]) -> tuple[Finding, ...]:
    """Apply the cross-family rules, drop weak and overlapping findings, sort by position."""
    # Primary findings are the relationship, clinical and payment ones and the identifiers
    # other than SECONDARY_KINDS; the reply discloses when one is at least BLOCK_AT.
    # One pass finds that, the first most confident of those, and whether one of them
    # is a relationship (every relationship finding at BLOCK_AT is also kept below).
    # The same pass reads each finding's fields once (a Finding's attributes are read
    # generically, even compiled) and builds the sort keys of _remove_keyed_overlaps():
    # tone always stays; echoes and secondary identifiers stay only when the reply
    # discloses (their keys wait in ``secondary``); the rest from REVIEW_AT on. A key's
    # index is the finding's place in ``raw``: the kept ones keep their order in it.
    discloses = False
    strong_relationship = False
    strongest: Finding | None = None
    strongest_confidence = 0.0
    keyed: list[tuple[str, int, int, float, int, str | None]] = []
    secondary: list[tuple[str, int, int, float, int, str | None]] = []
    i = 0
    for f in raw:
        category = f.category
        confidence = f.confidence
        kind = f.kind
        if category is _TONE:
            start = f.start
            keyed.append((_CATEGORY_VALUE[category], start, start - f.end, -confidence, i, kind))
        elif category is _ECHO or (category is _IDENTIFIER and kind in SECONDARY_KINDS):
            start = f.start
            secondary.append((_CATEGORY_VALUE[category], start, start - f.end, -confidence, i, kind))
        else:
            if confidence >= BLOCK_AT:
                discloses = True
                if category is _RELATIONSHIP:
                    strong_relationship = True
                if strongest is None or confidence > strongest_confidence:
                    strongest = f
                    strongest_confidence = confidence
            if confidence >= REVIEW_AT:
                start = f.start
                keyed.append((_CATEGORY_VALUE[category], start, start - f.end, -confidence, i, kind))
        i += 1
    if discloses:
        keyed.extend(secondary)
    findings = raw
    if strongest is not None and not strong_relationship:
        # A health, billing or identifying detail about someone also says they are a patient.
        implied = make_finding(
            strongest.start,
            strongest.end,
            _RELATIONSHIP,
            strongest_confidence,
            f"relationship.implied_by_{_CATEGORY_VALUE[strongest.category]}",
            "A health, billing or identifying detail about this person also confirms they are a patient here.",
            "Remove the detail; reply only in general terms and offer a private conversation.",
        )
        findings = raw + [implied]  # (a copy: the caller's list stays as it was)
        start = implied.start
        keyed.append((_CATEGORY_VALUE[_RELATIONSHIP], start, start - implied.end, -implied.confidence, i, None))
    return _remove_keyed_overlaps(findings, keyed)


def _remove_keyed_overlaps(
    findings: list[Finding], keyed: list[tuple[str, int, int, float, int, str | None]]
) -> tuple[Finding, ...]:
    """Within a category, keep the most confident of overlapping findings; the findings
    are ``findings[key[4]]`` of the keys ``keyed``, each ``(category value, start,
    start - end, -confidence, index, kind)`` of its finding."""
    if len(keyed) < 2:
        return tuple([findings[key[4]] for key in keyed])
    # Sorted by category, then start, longest first, most confident first (the index
    # keeps the sort stable and never lets it compare two findings)
    keyed.sort()
    # The fields of the kept findings, read from the keys (a Finding's attributes are
    # read generically, even compiled); a category is known by its value here.
    kept: list[Finding] = []
    kept_start: list[int] = []
    kept_end: list[int] = []
    kept_kind: list[str | None] = []
    kept_confidence: list[float] = []
    kept_category: list[str] = []
    last_at: dict[str, int] = {}  # where in ``kept`` the last kept of each category is
    for key in keyed:
        category, start, end, kind = key[0], key[1], key[1] - key[2], key[5]
        k = last_at.get(category, -1)
        if k >= 0 and start < kept_end[k] and kind == kept_kind[k]:
            if end <= kept_end[k]:
                if -key[3] > kept_confidence[k]:
                    # A more confident finding inside a weaker, wider one: keep its
                    # confidence on the wider span, which still covers both.
                    strong = findings[key[4]]
                    kept[k] = _with_confidence(kept[k], strong)
                    kept_confidence[k] = strong.confidence
                continue
        last_at[category] = len(kept)
        kept.append(findings[key[4]])
        kept_start.append(start)
        kept_end.append(end)
        kept_kind.append(kind)
        kept_confidence.append(-key[3])
        kept_category.append(category)
    # By position (start, end, category), in the same way
    placed: list[tuple[int, int, str, int]] = [
        (kept_start[j], kept_end[j], kept_category[j], j) for j in range(len(kept))
    ]
    placed.sort()
    return tuple([kept[key[3]] for key in placed])


def _with_confidence(wide: Finding, strong: Finding) -> Finding:
    return make_finding(wide.start, wide.end, wide.category, strong.confidence, strong.rule,
                        strong.explanation, strong.fix, kind=wide.kind)


# ---------------------------------------------------------------------------------------
# Analysis of the reply


# "my mom Gloria", "mi hijo Andrés", "our daughter, Ivy": a relative the post names.
_POST_KIN_NAME: Final = re.compile(
    r"\b(?i:my|our|mi|mis|nuestr[oa]s?)\s+(?i:little\s+|older\s+|younger\s+|peque[ñn][oa]\s+)?(\w+),?\s+([A-ZÁÉÍÓÚÑ][\w'-]+)"
)


@lru_cache(maxsize=512)
def _post_kin_names(post: str) -> frozenset[str]:
    """Names the post gives to the poster's relatives: in the reply they are that relative."""
    if not post:
        return frozenset()
    return frozenset(
        name for m in _POST_KIN_NAME.finditer(post) for name in (m.group(2).lower(), fold(m.group(2))) if m.group(1).lower() in KIN_WORDS
    )


@lru_cache(maxsize=512)
def _context_names(poster: str, clinicians: tuple[str, ...], org_name: str) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    poster_parts = tuple(name_parts(poster))
    clinician_parts = tuple(p for c in clinicians for p in name_parts(c))
    org_words = frozenset(fold(w) for w in re.findall(r"[^\W\d_]+", org_name))
    return poster_parts, clinician_parts, org_words


def build_doc(reply: str, context: Context, language: str) -> Doc:
    poster_parts, clinician_parts, org_words = _context_names(
        context.poster, tuple(context.clinicians), context.organization.name
    )
    lexicon = load(language)
    doc = Doc(
        text=reply,
        language=language,
        context=context,
        lexicon=lexicon,
        sentences=[],
        poster_names=poster_parts,
        clinician_names=clinician_parts,
        org_words=org_words,
        post_words=frozenset(),
    )
    doc.question_post = "?" in context.post
    handle = context.poster.strip() if context.poster.strip().startswith("@") else ""
    ascii_reply = reply.isascii()
    if ascii_reply:
        # One pass over the whole reply instead of one per sentence: lowercasing ASCII is
        # per character, and tokens never cross a sentence end (checked below).
        reply_lower = reply.lower()
        words_all, texts_all, starts_all, ends_all = token_columns(reply, 0, len(reply), reply_lower)
        n_tokens = len(starts_all)
        walked = 0
    # What _find_people needs that depends on the reply's language and the post only.
    people = _People(doc.is_spanish, _post_kin_names(context.post))
    # Most sentences hold no conditional marker at all: on an ASCII reply, a set test of
    # the sentence's words then stands for the two regex searches. (Sentences are cut
    # where the reply has a word boundary, so a marker's words are whole tokens or parts
    # of one; only a reply longer than MAX_SENTENCE can be cut inside a word.)
    words_tell = ascii_reply and len(reply) <= MAX_SENTENCE
    # The same test once on the whole reply first: where no word of the reply is a
    # marker's (most replies), no sentence's is, and the test per sentence is skipped.
    reply_conditional = not words_tell or _conditional_word(words_all, reply)
    sentences, sentence_starts = doc.sentences, doc.starts
    for start, end in split_sentences(reply):
        text = reply[start:end]
        if ascii_reply:
            lower = reply_lower[start:end]
            # bisect_left(starts_all, start) and (..., end), walking on from the previous
            # sentence's end instead (the spans come in order: linear in all, and native
            # compiled, where bisect_left is a generic call)
            k0 = walked
            while k0 < n_tokens and starts_all[k0] < start:
                k0 += 1
            k1 = k0
            while k1 < n_tokens and starts_all[k1] < end:
                k1 += 1
            walked = k1
            if (k1 > k0 and ends_all[k1 - 1] > end) or (k0 and ends_all[k0 - 1] > start):
                # A sentence cut inside a token (a huge word): tokenize it on its own.
                words, texts, starts, ends = token_columns(reply, start, end, lower)
            else:
                words, texts = words_all[k0:k1], texts_all[k0:k1]
                starts, ends = starts_all[k0:k1], ends_all[k0:k1]
        else:
            lower = text.lower()
            if len(lower) != len(text):  # a few characters change length when lowercased
                lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
            words, texts, starts, ends = token_columns(reply, start, end, lower if text.isascii() else None)
        # (positional: Sentence(start, end, text, lower, words, texts, starts, ends, hypothetical))
        conditional = reply_conditional and (not words_tell or _conditional_word(words, text))
        sentence = Sentence(
            start, end, text, lower, words, texts, starts, ends,
            hypothetical_spans(text, start, lower if (ascii_reply or text.isascii()) else None) if conditional else [],
        )
        sentence.generic = not GENERIC_WORDS.isdisjoint(words)
        opening = _CONDITIONAL_OPENING.match(text) if conditional else None
        if opening and not (opening.group(1).lower() == "si" and is_yes_si(text, opening.end())):
            # "If you are a patient, you can see your results": the consequence is as
            # hypothetical as the condition.
            sentence.hypothetical = [(start, end)]
        _find_people(doc, sentence, handle, people)
        sentences.append(sentence)
        sentence_starts.append(start)
    if ascii_reply:
        doc.lower = reply_lower
        return doc
    lower = reply.lower()
    if len(lower) != len(reply):
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in reply)
    doc.lower = lower
    return doc


# fuzzy_in is pure; the poster's name parts are a tuple, and the same capitalized words
# ("Thank", "We", "Dr") come back in reply after reply.
_fuzzy_poster: Final = lru_cache(maxsize=16384)(fuzzy_in)


class _People:
    """The per-reply constants of _find_people, computed once instead of per sentence."""

    __slots__ = ("spanish", "second", "possessives", "kin_determiners", "interesting", "kin_names")

    def __init__(self, spanish: bool, kin_names: frozenset[str]) -> None:
        self.spanish: bool = spanish
        self.second: frozenset[str] = SECOND_PERSON_ES if spanish else SECOND_PERSON_EN
        self.possessives: frozenset[str] = POSSESSIVES_ES if spanish else POSSESSIVES_EN
        # Before a kin word ("your mom", "su hija"), these tie the relative to the reader.
        self.kin_determiners: frozenset[str] = self.possessives | {"your", "su", "sus", "tu", "tus"}
        self.interesting: frozenset[str] = _INTERESTING_ES if spanish else _INTERESTING_EN
        self.kin_names: frozenset[str] = kin_names


class _Addressing:
    """What decides how strongly a "you" or "su" in a sentence points at the poster."""

    __slots__ = ("quoted", "instruction", "possible_at")

    def __init__(self, doc: Doc, sentence: Sentence, words: list[str]) -> None:
        text = sentence.text
        self.quoted: list[tuple[int, int]] = (
            [(m.start() + sentence.start, m.end() + sentence.start) for m in _QUOTED.finditer(text)]
            if ('"' in text or "“" in text or "«" in text) else []
        )
        n = len(words)
        first = 1 if n > 1 and words[0] in ("please", "favor") else 0
        self.instruction: bool = n > first and words[first] in _INSTRUCTION_OPENERS
        # Answering a question, "your" in advice or a possibility is anyone's: "It depends on
        # your insurance", "a letter from your doctor may be required",
        # "con gusto revisamos tu cobertura".
        self.possible_at: set[int] = (
            {k for k in range(n - 1) if words[k] in _MODALS and words[k + 1] == "be"} if doc.question_post else set()
        )


def _person_ref(start: int, end: int, kind: str, strength: float) -> PersonRef:
    """``PersonRef(start, end, kind, strength)``: the same tuple, made by tuple.__new__
    directly (a named tuple's own __new__ is interpreted Python, even called compiled)."""
    ref: PersonRef = _new_tuple(PersonRef, (start, end, kind, strength))
    return ref


def _capitalized(token: str) -> bool:
    """``token[0].isupper()``; an ASCII letter is tested by its code (compiled, no method
    call: every token of every sentence is tested)."""
    c = ord(token[0])
    if c < 128:
        return 65 <= c <= 90
    return token[0].isupper()


def _find_people(doc: Doc, sentence: Sentence, handle: str, people: _People) -> None:
    """Fill ``sentence.person_refs`` and ``clinician_spans``."""
    words, texts, starts, ends = sentence.words, sentence.texts, sentence.starts, sentence.ends
    spanish = people.spanish
    second = people.second
    possessives = people.possessives
    refs = sentence.person_refs
    text = doc.text
    if handle and handle.lower() in sentence.lower:
        at = sentence.lower.index(handle.lower()) + sentence.start
        # Addressing the poster by handle is like addressing them by name.
        refs.append(_person_ref(at, at + len(handle), "poster", 0.55))
    n = len(words)
    # Only these tokens can do anything below: a word of one of the sets tested, or a
    # capitalized token; every other token reaches the "not capitalized" continue.
    interesting = people.interesting
    kin_names = people.kin_names
    kin_determiners = people.kin_determiners
    candidates = [i for i, word in enumerate(words) if word in interesting or _capitalized(texts[i])]
    poster_names = doc.poster_names
    # What only a "you"/"su" needs (quotes, an instruction, a possibility) is worked out
    # at the first one: most sentences have none.
    addressing: _Addressing | None = None
    for i in candidates:
        word = words[i]
        token_start, token_end, token_text = starts[i], ends[i], texts[i]
        # Every branch for a word of ``interesting`` (each tests a subset of it); other
        # candidates are capitalized words and go straight to the name checks.
        if word in interesting:
            if word in second or (spanish and word in SECOND_PERSON_EN and word == "you"):
                if i and words[i - 1] in ("thank", "gracias"):
                    continue
                if addressing is None:
                    addressing = _Addressing(doc, sentence, words)
                quoted = addressing.quoted
                if quoted and any(s <= token_start < e for s, e in quoted):
                    continue  # the poster's own words, quoted back
                strength = 1.0
                if i + 1 < n and (words[i + 1] in _MODALS or words[i + 1] in _MODALS_ES):
                    strength = 0.5
                elif i and words[i - 1] in _MODALS_ES:
                    strength = 0.5
                elif sentence.generic and word in ("you", "u", "te", "ti"):
                    strength = 0.5
                if spanish and word in ("tu", "tus") and sentence.generic:
                    strength = 0.5
                if addressing.instruction or (doc.question_post and _advice(words, i, addressing.possible_at)):
                    strength = min(strength, 0.4)
                refs.append(_person_ref(token_start, token_end, "second_person", strength))
                continue
            if spanish and word in ("su", "sus"):
                strength = 0.3 if sentence.generic else 0.7
                if i and (words[i - 1] in _MODALS_ES or (i > 1 and words[i - 2] in _MODALS_ES)):
                    strength = 0.4
                if addressing is None:
                    addressing = _Addressing(doc, sentence, words)
                if addressing.instruction or (doc.question_post and _advice(words, i, addressing.possible_at)):
                    strength = 0.3
                if i + 1 < n and words[i + 1] in KIN_WORDS:
                    strength = 0.9
                    doc.tied_third_party = True
                refs.append(_person_ref(token_start, token_end, "second_person", strength))
                continue
            if word in possessives and word not in second:
                # "his knee" / "her refill": only once someone tied to the poster was mentioned.
                if any(words[j] in KIN_WORDS for j in range(i + 1, min(n, i + 3))):
                    refs.append(_person_ref(token_start, token_end, "kin", 0.9))
                    doc.tied_third_party = True
                    continue
            if word in KIN_WORDS and i and words[i - 1] in kin_determiners:
                refs.append(_person_ref(token_start, token_end, "kin", 0.9))
                doc.tied_third_party = True
                continue
            if word in _PERSON_PRONOUNS and doc.tied_third_party:
                refs.append(_person_ref(token_start, token_end, "pronoun", 0.7))
                continue
            if not token_text[0].isupper():
                continue
        # A capitalized word: a title, a clinician, the poster, or someone else.
        # (a token holds no ".": "dr." of CLINICIAN_TITLES is written "dr" here)
        if word in CLINICIAN_TITLES:
            if i + 1 < n:
                sentence.clinician_spans.append((token_start, ends[i + 1]))
            continue
        if i and words[i - 1] in CLINICIAN_TITLES:
            continue
        base = word[:-2] if word.endswith("'s") else word
        if base in _NOT_NAMES or (token_text.isupper() and len(token_text) > 1):
            continue  # contractions and acronyms (SART, VSP)
        # (fuzzy_in is False with no names or for a word of fewer than 3 letters)
        if poster_names and len(base) >= 3 and _fuzzy_poster(base, poster_names):
            refs.append(_person_ref(token_start, token_end, "poster", 0.55))
            continue
        if base in kin_names and base not in doc.clinician_names:
            # The relative the post named ("my brother Devon"): "Devon is doing well".
            refs.append(_person_ref(token_start, token_end, "third_name", 0.9))
            doc.tied_third_party = True
            continue
        if word in TITLES and i + 1 < n and texts[i + 1][:1].isupper():
            window = text[max(sentence.start, token_start - 60) : token_start]
            if _STAFF_ROLE_BEFORE.search(window):
                continue
            nxt = words[i + 1]
            kind = "poster" if _fuzzy_poster(nxt, doc.poster_names) else "titled"
            if kind == "titled":
                doc.tied_third_party = True
            refs.append(_person_ref(token_start, ends[i + 1], kind, 0.8 if kind == "titled" else 0.7))
            continue
        if base in doc.clinician_names:
            sentence.clinician_spans.append((token_start, token_end))
            continue
        if len(base) < 3 or base in _ORDINARY_CAPITALIZED or base in doc.org_words or base in doc.lexicon.terms:
            continue
        if base in _PLACE_WORDS or (i and words[i - 1] in _PLACE_WORDS):
            continue  # part of a place's name
        # Someone else by name: first the strength the context gives (most capitalized
        # words get none and stop here), then the checks that rule a name out, which
        # only skip the word and cost two regex searches.
        prev = words[i - 1] if i else ""
        possessive = word.endswith("'s")
        if possessive:
            strength = 0.8
        elif prev in _TIE_BEFORE_NAME or (prev == "and" and i > 1 and words[i - 2] == "you") or (
            prev == "for" and i > 1 and words[i - 2] in ("care", "caring", "cared")
        ):
            strength = 0.6 if prev in ("says", "dice", "see") else 0.8
        elif prev in ("de", "del") and i > 1 and (words[i - 2] in CARE_NOUNS or words[i - 2] in CLINICAL_WORDS or doc.lexicon.lookup(words, i - 2)):
            strength = 0.7
        elif i and prev not in _PLACE_BEFORE and sentence.clinician_spans:
            # Someone unnamed in the roster, in a sentence about a clinician: a patient.
            strength = 0.7
        else:
            continue
        after = text[token_end : token_end + 16]
        if _CREDENTIAL_AFTER.match(after):
            continue
        window = text[max(sentence.start, token_start - 60) : token_start]
        if _STAFF_ROLE_BEFORE.search(window):
            continue
        # "Tratamos acné, psoriasis ... y cirugía de Mohs": the organization's services.
        services = n > 0 and (words[0] in _SERVICE_OPENERS_ES or (n > 1 and words[0] == "we" and words[1] in _SERVICE_VERBS_EN))
        if services and not possessive:
            continue
        refs.append(_person_ref(token_start, token_end, "third_name", strength))
        doc.tied_third_party = True
    if sentence.clinician_spans:
        # "Harper, Dr. Adeyemi spent ...": a clinician and the poster in one sentence.
        for k, ref in enumerate(refs):
            if ref.kind == "poster" and ref.strength < 0.75:
                refs[k] = _person_ref(ref.start, ref.end, ref.kind, 0.75)
