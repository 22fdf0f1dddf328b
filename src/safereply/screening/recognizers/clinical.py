"""Clinical: a condition, symptom, test, procedure, medication or outcome tied to a person.

A clinical word is only a finding when the sentence is about someone identifiable and
asserts it: "your root canal" is, "we offer root canal therapy" is not.
"""

from __future__ import annotations

import re
from typing import Final

from safereply.screening.findings import Category, Finding
from safereply.screening.recognizers.base import Doc, Recognizer, Sentence, make_finding
from safereply.screening.recognizers.prefilter import doc_tokens, fast_boundaries, text_words
from safereply.screening.recognizers.vocabulary import (
    CLINICAL_SUFFIX_EXCEPTIONS,
    CLINICAL_SUFFIXES,
    CLINICAL_WORDS,
    WISH_OPENERS,
    is_label_or_topic,
)

EXPLANATION = "This ties a health detail (a condition, test, treatment or medicine) to a specific person."
FIX = "Remove the health detail; speak only about services in general terms, never about this person's care."

_WISH = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in WISH_OPENERS) + r")", re.IGNORECASE)
_FEEL_BETTER = re.compile(
    r"\b(?:feel(?:ing)?\s+(?:better|stronger)|get\s+well|speedy\s+recovery|on\s+the\s+mend|se\s+sienta\s+mejor|te\s+sientas\s+mejor|se\s+mejore|te\s+mejores|pronta\s+recuperaci[oó]n)\b",
    re.IGNORECASE,
)
# "Devon is doing well", "Andrés va avanzando": how a named or related person's care is
# going, an outcome even without a clinical word.
_PROGRESS = re.compile(
    r"\b(?:(?:is|are|was|were)\s+doing\s+(?:so\s+|really\s+|very\s+)?(?:well|great|better|fine|amazing)"
    r"|(?:is|are|was|were)\s+(?:recovering|healing|progressing|improving)"
    r"|making\s+(?:great\s+|good\s+|real\s+)?progress"
    r"|(?:va|van|sigue|siguen|est[aá]|est[aá]n)\s+(?:avanzando|mejorando|progresando|recuper[aá]ndose|sanando))\b",
    re.IGNORECASE,
)
_THIRD_PARTY_KINDS = frozenset({"third_name", "kin", "titled", "pronoun"})
# "Dr. Lee says", "Linda dice": a clinician reporting on someone.
_REPORTED = re.compile(r"\b(?:says|said|dice|dijo|tells|told\s+us|reports|mentioned|asked\s+us)\b", re.IGNORECASE)
# "the mask Dr. Okonkwo prescribed", "la Dra. Ruiz le recetó": a clinician's act of care
# done to someone in particular.
_CLINICIAN_DID = re.compile(
    r"\b(?:prescribed|ordered|diagnosed|referred|removed|placed|fitted|adjusted|stitched|splinted|"
    r"rec(?:e|i)t[oó]|orden[oó]|diagnostic[oó]|refiri[oó]|quit[oó]|coloc[oó]|ajust[oó])\b",
    re.IGNORECASE,
)
# The same three, case-sensitive with the boundary moved (prefilter.fast_boundaries), for
# an ASCII lowercased sentence, where they match exactly what the IGNORECASE ones match.
# (IGNORECASE also lets "s" match the long s and "k" the Kelvin sign, so a sentence with
# other characters keeps the originals.)
# (module Final constants passed along with the originals, not a dict keyed by pattern:
# hashing a re.Pattern walks its whole compiled code on every lookup)
_WISH_FAST: Final = re.compile(fast_boundaries(_WISH.pattern))
_FEEL_BETTER_FAST: Final = re.compile(fast_boundaries(_FEEL_BETTER.pattern))
_REPORTED_FAST: Final = re.compile(fast_boundaries(_REPORTED.pattern))
_CLINICIAN_DID_FAST: Final = re.compile(fast_boundaries(_CLINICIAN_DID.pattern))
_PROGRESS_FAST: Final = re.compile(fast_boundaries(_PROGRESS.pattern))


# Each alternative of _FEEL_BETTER holds one of these as a whole word (\b or \s on both
# sides), so on an ASCII reply without any of them as a word it matches no sentence.
_FEEL_WORDS = frozenset("feel feeling well speedy mend sienta sientas mejore mejores pronta".split())


def _search(pattern: re.Pattern, fast: re.Pattern, lower: str) -> re.Match | None:
    """``pattern`` searched in ``lower``, through ``fast`` (its fast form) when ASCII."""
    return (fast if lower.isascii() else pattern).search(lower)


def _wish_hits(doc: Doc) -> list[str] | None:
    """The openers of _WISH found in an ASCII reply (None when not ASCII: not known).

    On ASCII text every _WISH match is one of WISH_OPENERS as it is written (lowercase
    literals), and each sentence's lowercased text is a part of the lowercased reply, so a
    sentence can only match where it holds one of these: a few substring tests settle it,
    most often once for the whole reply."""
    lower: str = doc.lower
    if not doc.text.isascii() or len(lower) != len(doc.text):  # (no lowercased reply kept)
        return None
    hits: list[str] = []
    opener: str
    for opener in WISH_OPENERS:
        if opener in lower:
            hits.append(opener)
    return hits


def _wish_possible(lower: str, hits: list[str] | None) -> bool:
    if hits is None:
        return True
    opener: str
    for opener in hits:
        if opener in lower:
            return True
    return False

# A word of CLINICAL_WORDS, or its plural in "s" of four letters or more: the anchors
# that clinical_terms tests one by one below.
_ANCHOR_FORMS = CLINICAL_WORDS | frozenset(w + "s" for w in CLINICAL_WORDS if len(w) >= 3)

CLINICAL_LISTS = frozenset(
    {"conditions", "procedures", "tests", "medications", "body_parts", "dental", "care_events"}
)


def clinical_terms(doc: Doc, sentence: Sentence) -> list[tuple[int, int, str]]:
    """(start, end, source) of every clinical word or lexicon term in ``sentence``."""
    cached = sentence.cache.get("clinical_terms")
    if cached is not None:
        return cached
    found: list[tuple[int, int, str]] = []
    sentence.cache["clinical_terms"] = found
    words = sentence.words
    looked_up = sentence.lookups(doc.lexicon)
    # Only these tokens can start a term (the tests below); any other one is stepped over.
    # (_ANCHOR_FORMS: an anchor or its plural in one set lookup, tested first: cheapest.)
    marks: list[int] = [k for k, (word, hit) in enumerate(zip(words, looked_up))
                        if word in _ANCHOR_FORMS or (hit is not None and hit[1] in CLINICAL_LISTS)
                        or (len(word) >= 7 and word.endswith(CLINICAL_SUFFIXES))]
    m, count = 0, len(marks)
    i: int = 0
    while True:
        while m < count and marks[m] < i:
            m += 1
        if m >= count:
            break
        i = marks[m]
        hit = looked_up[i]
        at = sentence.starts[i]
        if at and doc.text[at - 1] in "/@._=":
            # A word inside a web address or mailbox ("example.org/citas") names a page.
            i += 1
            continue
        if hit is not None and hit[1] in CLINICAL_LISTS:
            size, source = hit
            if is_label_or_topic(words, i, size, owned=True):
                # "our admissions team" is a team; "the dialysis team" may be this person's.
                i += size
                continue
            found.append((sentence.starts[i], sentence.ends[i + size - 1], source))
            i += size
            continue
        word = words[i]
        if word in CLINICAL_WORDS or (len(word) > 3 and word.endswith("s") and word[:-1] in CLINICAL_WORDS):
            found.append((sentence.starts[i], sentence.ends[i], "anchor"))
        elif len(word) >= 7 and word.endswith(CLINICAL_SUFFIXES) and word not in CLINICAL_SUFFIX_EXCEPTIONS:
            found.append((sentence.starts[i], sentence.ends[i], "suffix"))
        i += 1
    return found


def sentence_weight(doc: Doc, sentence: Sentence, feel_possible: bool = True,
                    wish_hits: list[str] | None = None) -> tuple[float, str]:
    """How surely this sentence speaks about an identifiable person, and why.

    ``feel_possible`` False: the caller knows _FEEL_BETTER matches nowhere in the reply;
    ``wish_hits``: from _wish_hits (None: not known)."""
    cached = sentence.cache.get("weight")
    if cached is None:
        cached = sentence.cache["weight"] = _sentence_weight(sentence, feel_possible, wish_hits)
    return cached


def _feel_possible(doc: Doc) -> bool:
    """Whether _FEEL_BETTER may match a sentence of ``doc``: on a reply whose words are
    its sentences' words (``doc_tokens``: ASCII, no sentence cut inside a word), only if
    one of _FEEL_WORDS is among them (one set test instead of a search per sentence)."""
    if doc_tokens(doc) is None:
        return True
    return not _FEEL_WORDS.isdisjoint(text_words(doc.lower, doc).words)


def _sentence_weight(sentence: Sentence, feel_possible: bool = True,
                     wish_hits: list[str] | None = None) -> tuple[float, str]:
    strength = sentence.strength()
    if strength:
        return strength, "person"
    lower: str = sentence.lower
    if feel_possible and _search(_FEEL_BETTER, _FEEL_BETTER_FAST, lower):
        return 0.8, "wish"
    if not sentence.generic and _wish_possible(lower, wish_hits) and _search(_WISH, _WISH_FAST, lower):
        return 0.75, "wish"
    if sentence.clinician_spans and _search(_REPORTED, _REPORTED_FAST, lower):
        return 0.75, "reported"
    if sentence.clinician_spans and not sentence.generic and _search(_CLINICIAN_DID, _CLINICIAN_DID_FAST, lower):
        return 0.75, "clinician_did"
    return 0.0, ""


class ClinicalRecognizer(Recognizer):
    name = "clinical"
    category = Category.CLINICAL

    def analyze(self, doc: Doc) -> list[Finding]:
        findings = []
        feel_possible = _feel_possible(doc)
        wish_hits = _wish_hits(doc)
        for sentence in doc.sentences:
            weight, why = sentence_weight(doc, sentence, feel_possible, wish_hits)
            if not weight:
                continue
            if why == "wish":
                feel = _search(_FEEL_BETTER, _FEEL_BETTER_FAST, sentence.lower) if feel_possible else None
                if feel and sentence.asserted(feel.start() + sentence.start, feel.end() + sentence.start):
                    findings.append(
                        make_finding(feel.start() + sentence.start, feel.end() + sentence.start, self.category, 0.75, "clinical.get_well", EXPLANATION, FIX)
                    )
            if why == "person" and any(r.kind in _THIRD_PARTY_KINDS and r.strength >= 0.8 for r in sentence.person_refs):
                # (on an ASCII sentence, the fast form on its lowercased text, same length)
                progress = (_PROGRESS_FAST.search(sentence.lower) if sentence.text.isascii() and len(sentence.lower) == len(sentence.text)
                            else _PROGRESS.search(sentence.text))
                if progress and sentence.asserted(progress.start() + sentence.start, progress.end() + sentence.start):
                    findings.append(
                        make_finding(progress.start() + sentence.start, progress.end() + sentence.start, self.category,
                                     0.85, "clinical.progress.person", EXPLANATION, FIX)
                    )
            for start, end, source in clinical_terms(doc, sentence):
                if not sentence.asserted(start, end):
                    continue
                score = weight * (0.8 if source == "body_parts" else 0.95)
                findings.append(
                    make_finding(start, end, self.category, score, f"clinical.{source}.{why}", EXPLANATION, FIX)
                )
        return findings


RECOGNIZER: ClinicalRecognizer = ClinicalRecognizer()
