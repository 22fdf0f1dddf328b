"""Echo: the reply repeats the poster's own claims about their care back to them.

Saying a claim back confirms it: "regarding the crown you mention from March". The post
is compared with the reply: care, clinical and payment words the poster used that come
back in a sentence about them. An echo is only reported in a reply that already speaks
about the person (the engine drops it otherwise): repeating "long wait" in a general
apology is not a confirmation of care.
"""

from __future__ import annotations

import re

from safereply.screening.findings import Category, Finding
from safereply.screening.recognizers.base import Doc, Recognizer, make_finding
from safereply.screening.recognizers.clinical import CLINICAL_LISTS
from safereply.screening.recognizers.vocabulary import CARE_NOUNS, CLINICAL_WORDS, PAYMENT_WORDS

EXPLANATION = "This repeats what the poster said about their own care, which confirms it publicly."
FIX = "Do not restate the poster's health or billing details; thank them and move the conversation offline."

_QUOTED = re.compile(r"[\"“«]([^\"”»\n]{2,60})[\"”»]")
_ANCHORS = CARE_NOUNS | CLINICAL_WORDS | PAYMENT_WORDS


def stem(word: str) -> str:
    """A crude shared stem: 'crowns'/'crown', 'billed'/'bill', 'healing'/'heal'."""
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def post_terms(doc: Doc) -> frozenset[str]:
    """Stems of the care, clinical and payment words of the post."""
    if not doc.context.post:
        return frozenset()
    from safereply.screening.recognizers.base import tokenize

    words = [t.word for t in tokenize(doc.context.post)]
    terms = set()
    i = 0
    while i < len(words):
        hit = doc.lexicon.lookup(words, i)
        if hit is not None and (hit[1] in CLINICAL_LISTS or hit[1] == "payment"):
            terms.add(" ".join(stem(w) for w in words[i : i + hit[0]]))
        if words[i] in _ANCHORS or stem(words[i]) in _ANCHORS:
            terms.add(stem(words[i]))
        i += 1
    return frozenset(terms)


class EchoRecognizer(Recognizer):
    name = "echo"
    category = Category.ECHO

    def analyze(self, doc: Doc) -> list[Finding]:
        terms = post_terms(doc)
        if not doc.context.post:
            return []
        post_lower = doc.context.post.lower()
        findings = []
        for sentence in doc.sentences:
            weight = sentence.strength()
            if not weight:
                continue
            words = sentence.words
            for i, token in enumerate(sentence.tokens):
                if not sentence.asserted(token.start, token.end):
                    continue
                matched = stem(words[i]) in terms
                if not matched and i + 1 < len(words):
                    matched = f"{stem(words[i])} {stem(words[i + 1])}" in terms
                if matched:
                    findings.append(
                        make_finding(token.start, token.end, self.category, 0.8 * weight, "echo.post_term", EXPLANATION, FIX)
                    )
            for match in _QUOTED.finditer(sentence.text):
                if match.group(1).lower().strip(" .,!?") in post_lower:
                    start = match.start() + sentence.start
                    findings.append(
                        make_finding(start, match.end() + sentence.start, self.category, 0.7 * weight, "echo.quoted_post", EXPLANATION, FIX)
                    )
        return findings


RECOGNIZER = EchoRecognizer()
