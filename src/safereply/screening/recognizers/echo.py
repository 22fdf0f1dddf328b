"""Echo: the reply repeats the poster's own claims about their care back to them.

Saying a claim back confirms it: "regarding the crown you mention from March". The post
is compared with the reply: care, clinical and payment words the poster used that come
back in a sentence about them. An echo is only reported in a reply that already speaks
about the person (the engine drops it otherwise): repeating "long wait" in a general
apology is not a confirmation of care.
"""

from __future__ import annotations

import re
from functools import lru_cache

from safereply.screening.findings import Category, Finding
from safereply.screening.recognizers.base import Doc, Recognizer, make_finding
from safereply.screening.recognizers.clinical import CLINICAL_LISTS, clinical_terms, sentence_weight
from safereply.screening.recognizers.vocabulary import CARE_NOUNS, CLINICAL_WORDS, PAYMENT_WORDS

EXPLANATION = "This repeats what the poster said about their own care, which confirms it publicly."
FIX = "Do not restate the poster's health or billing details; thank them and move the conversation offline."

_QUOTED = re.compile(r"[\"“«]([^\"”»\n]{2,60})[\"”»]")
_ANCHORS = CARE_NOUNS | CLINICAL_WORDS | PAYMENT_WORDS
# Everyday words that say nothing about care when shared by post and reply.
_PLAIN = frozenset(
    """about after again also always amazing another anyone anything around away back
    because been before being best better both came can't come could didn't does doesn't
    doing done don't down even ever every everyone everything feel felt find first from
    full funny getting give going good great guys happy have having here hour hours into
    just keep kind know last later like little long look love made make many month months
    more most much need never next nice nobody nothing once only other over people place
    really right said same say says should since some someone something staff still such
    sure take taking team than thank thanks that that's their them then there these they
    thing things think this those though three through time times today told took truly
    very wait waiting want wanted wasn't week weeks well went were what when where which
    while will wish with without wonderful work would year years your you're yours
    office clinic service services thing front desk
    para pero como este esta estos estas todo todos muy bien gracias hace hacer tiene
    tienen nada nunca siempre cuando donde porque sobre desde hasta mucho mucha muchos
    otra otro pues usted ustedes nuestro nuestra equipo aqui alla""".split()
)


_STEM_SUFFIXES = ("ies", "ing", "ed", "es", "s")


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A crude shared stem: 'crowns'/'crown', 'billed'/'bill', 'healing'/'heal'."""
    for suffix in _STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def post_topic(doc: Doc) -> bool:
    """Whether the post makes a claim about care, health or billing at all."""
    return _per_lexicon(_post_topic, doc.lexicon, doc.context.post)


@lru_cache(maxsize=1024)
def _post_words(post: str) -> tuple[str, ...]:
    from safereply.screening.recognizers.base import tokenize

    return tuple(t.word for t in tokenize(post))


_CACHE: dict = {}
_CACHE_SIZE = 2048


def _per_lexicon(function, lexicon, *args):
    """``function(*args, lexicon)``, remembered (a Lexicon is not hashable: keyed by identity,
    and the lexicon is kept in the entry so that its id cannot be reused)."""
    key = (function, id(lexicon), *args)
    entry = _CACHE.get(key)
    if entry is not None and entry[0] is lexicon:
        return entry[1]
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    value = function(*args, lexicon)
    _CACHE[key] = (lexicon, value)
    return value


def _post_topic(post: str, lexicon) -> bool:
    words = list(_post_words(post))
    for i, word in enumerate(words):
        if word in _ANCHORS or stem(word) in _ANCHORS:
            return True
        hit = lexicon.lookup(words, i)
        if hit is not None and (hit[1] in CLINICAL_LISTS or hit[1] == "payment"):
            return True
    return False


def post_terms(doc: Doc) -> frozenset[str]:
    """Stems of the care, clinical and payment words of the post."""
    if not doc.context.post:
        return frozenset()
    # The same post is answered by many drafts: computed once per post, poster and language.
    return _per_lexicon(_post_terms, doc.lexicon, doc.context.post, doc.poster_names)


def _post_terms(post: str, poster_names: tuple[str, ...], lexicon) -> frozenset[str]:
    words = list(_post_words(post))
    poster = set(poster_names)
    terms = set()
    i = 0
    while i < len(words):
        hit = lexicon.lookup(words, i)
        if hit is not None and (hit[1] in CLINICAL_LISTS or hit[1] == "payment"):
            terms.add(" ".join(stem(w) for w in words[i : i + hit[0]]))
        word = words[i]
        if word in _ANCHORS or stem(word) in _ANCHORS or (len(word) >= 4 and word not in _PLAIN and word not in poster):
            terms.add(stem(word))
        i += 1
    return frozenset(terms)


# The post tells the poster's own story: "my son", "I waited", "me cobraron".
_FIRST_PERSON = frozenset(
    """i i'm i've i'd i'll me my mine myself we we're we've our ours us
    yo mi mis me nos nuestro nuestra nuestros nuestras conmigo""".split()
)


@lru_cache(maxsize=4096)  # more posts than a dev set cycles through
def post_tells_own_story(post: str) -> bool:
    """Whether the post speaks in the first person about the poster or their family."""
    from safereply.screening.recognizers.base import tokenize

    return any(t.word in _FIRST_PERSON for t in tokenize(post))


@lru_cache(maxsize=1024)
def _bigram_heads(terms: frozenset[str]) -> frozenset[str]:
    """The first stems of the two-word terms."""
    return frozenset(t.split(" ", 1)[0] for t in terms if " " in t)


@lru_cache(maxsize=1024)
def _term_forms(terms: frozenset[str]) -> frozenset[str]:
    """Every word whose stem is a term or the first stem of a two-word term. A word whose
    stem is t is t itself or t plus one of the suffixes stem() removes, so those are all
    the candidates; each is kept when its stem really is one of them."""
    wanted = terms | _bigram_heads(terms)
    candidates = {t + suffix for t in wanted for suffix in ("", *_STEM_SUFFIXES)}
    return frozenset(w for w in candidates if stem(w) in wanted)


class EchoRecognizer(Recognizer):
    name = "echo"
    category = Category.ECHO

    def analyze(self, doc: Doc) -> list[Finding]:
        terms = post_terms(doc)
        if not doc.context.post:
            return []
        post_lower = doc.context.post.lower()
        topic = post_topic(doc)
        findings = []
        # (once per reply rather than an lru_cache call per sentence)
        forms = _term_forms(terms)
        for sentence in doc.sentences:
            if topic:
                # The post claims something about care; a health or billing detail about
                # the person in the reply answers (and so confirms) that claim.
                weight, _ = sentence_weight(doc, sentence)
                if weight:
                    terms_here = clinical_terms(doc, sentence)
                    if not terms_here:
                        terms_here = [(sentence.starts[i], sentence.ends[i], "payment") for i, w in enumerate(sentence.words) if w in PAYMENT_WORDS]
                    for start, end, _source in terms_here[:1]:
                        if sentence.asserted(start, end):
                            findings.append(
                                make_finding(start, end, self.category, 0.6 * weight, "echo.same_topic", EXPLANATION, FIX)
                            )
            weight = sentence.strength()
            if not weight and not sentence.clinician_spans:
                continue
            weight = max(weight, 0.7)
            words, starts, ends = sentence.words, sentence.starts, sentence.ends
            poster_names = doc.poster_names
            # Only a word whose stem is a term, or starts a two-word term, can match: the
            # words with such a stem are listed once per post (_term_forms), so most
            # sentences are passed over with one set test.
            if forms.isdisjoint(words):
                candidates: list[int] = []
            else:
                candidates = [i for i, word in enumerate(words) if word in forms]
            for i in candidates:
                word = words[i]
                if word in _PLAIN or word in poster_names:
                    continue
                if not sentence.asserted(starts[i], ends[i]):
                    continue
                matched = stem(word) in terms
                if not matched and i + 1 < len(words):
                    matched = f"{stem(word)} {stem(words[i + 1])}" in terms
                if matched:
                    findings.append(
                        make_finding(starts[i], ends[i], self.category, 0.8 * weight, "echo.post_term", EXPLANATION, FIX)
                    )
            text: str = sentence.text
            # (every quotation starts with one of these marks)
            quoted = '"' in text or "“" in text or "«" in text
            for match in _QUOTED.finditer(text) if quoted else ():
                if match.group(1).lower().strip(" .,!?") in post_lower:
                    start = match.start() + sentence.start
                    findings.append(
                        make_finding(start, match.end() + sentence.start, self.category, 0.7 * weight, "echo.quoted_post", EXPLANATION, FIX)
                    )
        return findings


RECOGNIZER: EchoRecognizer = EchoRecognizer()
