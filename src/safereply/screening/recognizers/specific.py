"""Specific care statements: a clause that asserts something particular about care.

A reply answers one identifiable person, so a clause that states a *specific* care event,
clinical fact or payment fact discloses even without "your" or "you": "the balance from
the March visit is still open", "the results were sent to the portal on Tuesday",
"Luis says he is his hardest-working patient", "los resultados se mandaron el martes".
The same nouns in a *generic* clause are safe: "most plans cover the scan", "results
usually take two days", "we offer same-day visits", "si usted fue atendido ...".

Each clause is graded from cues rather than matched against phrases:

- a care object (a care noun, a clinical term, a payment word), the more so when definite
  ("the scan", "el saldo") or owned by someone;
- an event or state cue: past or perfect tense, passives, "is ready", "came back",
  scheduled futures ("will call"), Spanish preterite, clitic objects ("le mandamos");
- a time anchor: weekdays, months, dates, "yesterday", "this morning", "el martes";
- a person: the reader, the poster by name, a relative, a named clinician or staff member
  doing something;
- against it: generic subjects, habitual adverbs, modals and conditionals, invitations.

Denials about a person ("no record of anyone by that name") assert a relationship too.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import compress, islice
from operator import methodcaller, or_
from typing import Final, Iterable, Sequence

from safereply.screening.findings import Category, Finding
from safereply.screening.recognizers.base import (
    CLINICIAN_TITLES,
    KIN_WORDS,
    MAX_SENTENCE,
    Doc,
    PersonRef,
    Recognizer,
    Sentence,
    make_finding,
)
from safereply.screening.recognizers import identifiers as _ident
from safereply.screening.recognizers.prefilter import fast_boundaries, for_lowercase_ascii, text_words
from safereply.screening.recognizers.vocabulary import (
    CARE_NOUNS,
    CLINICAL_WORDS,
    MONTHS,
    PAYMENT_WORDS,
    LABEL_HEADS,
    TOPIC_FEELINGS,
    WEEKDAYS,
    is_label_or_topic,
)

# (module-level Final aliases: compiled, these are read natively instead of from the
# module's dict on every use)
_KIN_WORDS: Final = KIN_WORDS
_CLINICIAN_TITLES: Final = CLINICIAN_TITLES
_MONTHS: Final = MONTHS
_WEEKDAYS: Final = WEEKDAYS
_PAYMENT_WORDS: Final = PAYMENT_WORDS
_CLINICAL_WORDS: Final = CLINICAL_WORDS

EXPLANATION: Final = "This states a specific care, health or billing fact, which tells the public this person was cared for here."
FIX: Final = "Remove the specific detail; speak only about general policies and invite the person to contact you privately."
CLINICAL_EXPLANATION: Final = "This ties a specific health detail (a test, treatment or condition) to the person the reply answers."
PAYMENT_EXPLANATION: Final = "This states a specific billing or insurance fact about the person the reply answers."
ECHO_EXPLANATION: Final = "This repeats the poster's own account of their care as a fact, which confirms it."

BLOCK: Final = 0.6

_CLINICAL_SOURCES: Final = frozenset({"conditions", "procedures", "tests", "medications", "dental", "care_events"})

# Care objects beyond the shared anchors: things a center hands over, mails or schedules.
_EXTRA_OBJECTS: Final = frozenset(
    """cancellation cancellations reschedule study studies sample samples specimen culture
    tray trays aligners aligner hearing dentures denture frames prosthesis device monitor
    pump cpap boot brace crutches walker wheelchair oxygen nebulizer supplies kit
    bed room bedside unit ward icu nicu er floor upstairs discharge orders order
    images imaging films excuse muestra muestras aparato placa placas plantillas ferula cuarto habitacion cama
    estancia internamiento alta piso""".split()
)
_OBJECT_WORDS: Final = CARE_NOUNS | CLINICAL_WORDS | PAYMENT_WORDS | _EXTRA_OBJECTS
# Words in those lists too weak to carry a clause alone.
_WEAK_OBJECTS: Final = frozenset(
    """lab pharmacy clinic program department medicine medicina orthodontist dermatologist pharmacist counselor psychiatrist
    midwife audiologist optometrist surgeon pediatrician hygienist therapist dentists
    doctors surgeons nurses therapists dentista terapeuta psiquiatra
    care doctor dentist provider nurse physician plan cover covers covered account
    pay paid fee fees office forms paperwork slot progress order orders file record
    records unit floor cuenta plan pago pagos doctor doctora medico""".split()
)

# Nouns that turn a care word before them into a mere modifier.
_HEAD_NOUNS: Final = frozenset(
    """office offices department team staff line desk portal program programs policy
    policies hours clinic center suite wing room building window counter coordinator
    coordinators manager managers specialist specialists services schedule rates
    options questions frustration frustrations experience experiences confusion""".split()
)
# "the results are posted now", "is already scheduled": a present passive pinned to now.
_NOW_WORDS: Final = frozenset("now already today tonight".split())
_DEFINITE_EN: Final = frozenset("the this that these those his her their your its".split())
_DEFINITE_ES: Final = frozenset("el la los las este esta estos estas ese esa su sus tu tus del al".split())
_INDEFINITE: Final = frozenset("a an any some every each no un una unos unas cualquier algun alguna ningun".split())

# English verbs in past/perfect/passive form that do not end in -ed.
_IRREGULAR_PAST: Final = frozenset(
    """came went sent got took gave left made said told found saw brought kept ran began
    paid read wrote rang arrived done gone sent given taken seen known shown put set
    spoke spoken met felt held heard led lost meant sat stood thought understood woke
    chose chosen drew drawn fell grew hung rode sold struck swore threw won wore
    came back looked looks sounded seemed loved did""".split()
)
_NOT_PAST: Final = frozenset(
    """need needed based red bed shed feed speed seed weed hundred kindred sacred
    med shared limited licensed dedicated experienced qualified skilled trained certified
    advanced specialized committed concerned interested pleased sorry detailed used
    supposed related united allowed required expected located focused devoted""".split()
)
_STATE_EN: Final = frozenset(
    """ready open due finalized final waiting back done underway approved denied
    covered""".split()
)
# States that are always a particular thing's status: "pending", "past due".
_ALWAYS_STATE: Final = frozenset(
    """pending overdue outstanding resubmitted rescheduled reprocessed pendiente
    pendientes vencido vencida atrasado""".split()
)
_FUTURE_EN: Final = frozenset("will 'll won't".split())

_HABITUAL: Final = frozenset(
    """usually typically generally often normally sometimes always rarely commonly
    routinely ordinarily general most many whenever every each certain typical
    mayoria algunos algunas ciertos ciertas tipicamente
    suele suelen normalmente generalmente habitualmente siempre aveces frecuentemente""".split()
)
_MODAL: Final = frozenset(
    """can could may might should would must can't cannot
    puede pueden podemos podria podrian deberia debe deben podra""".split()
)
_GENERIC_SUBJECTS: Final = frozenset(
    """anyone anybody everyone everybody whoever people patients families clients someone
    somebody others customers individuals adults members parents kids children visitors
    women men teens adultos ninos mujeres hombres
    cualquier cualquiera quien quienes todos todas personas pacientes familias otros
    nadie""".split()
)
_INVITE: Final = frozenset("""please call contact reach email message feel welcome invite
    favor llame llamenos comuniquese escribanos contactenos
    bring ask visit come stop traiga pregunte visite venga""".split())

_TIME_PHRASE: Final = re.compile(
    r"\b(?:last\s+(?:week|night|month|visit|time)|this\s+(?:morning|afternoon|week|past)|"
    r"earlier\s+today|the\s+other\s+day|\d{1,2}/\d{1,2}|\d{1,2}(?:st|nd|rd|th)\b|"
    r"(?:at|by)\s+\d{1,2}(?::\d\d)?\s*(?:a\.?m|p\.?m)|after\s+\d+\s+days|for\s+cycle|"
    r"la\s+semana\s+pasada|el\s+mes\s+pasado|hace\s+\w+\s+(?:dias|días|semanas)|"
    r"esta\s+(?:mañana|semana|tarde)|\d+\s+(?:semanas|weeks)\s+(?:de|of|pregnant))",
    re.IGNORECASE,
)

_TIME_PHRASE_ASCII: Final = for_lowercase_ascii(_TIME_PHRASE)
# Every match of _TIME_PHRASE on lowercased ASCII text holds a digit, one of these, or
# "last" / "this" and one of the words that may follow it.
_TIME_PHRASE_KEYS: Final = (("earlier", "other", "cycle", "pasad", "hace", "esta"),)
_AFTER_LAST: Final = (("week", "night", "month", "visit", "time"),)
_AFTER_THIS: Final = (("morning", "afternoon", "week", "past"),)
_DIGIT: Final = re.compile(r"[0-9]")  # (\d on ASCII text)
# Every match of an alternative of _TIME_PHRASE with a digit holds a match of this (one
# search with a fast first character, instead of the pattern's boundary at every position).
_TIME_DIGIT: Final = re.compile(r"[0-9](?:/|st|nd|rd|th|\s*[ap]\.?m|\s+(?:days|weeks|semanas))")
# On ASCII text whose only whitespace is single spaces (printable, no "  "), every match
# of the other alternatives holds one of these.
_TIME_PHRASE_LITERALS: Final = [
    "last week", "last night", "last month", "last visit", "last time", "this morning", "this afternoon",
    "this week", "this past", "earlier today", "the other day", "for cycle", "la semana pasada",
    "el mes pasado", "hace ", "esta semana", "esta tarde"]

# Spanish: preterite and perfect forms, participles after ser/estar/haber, clitics.
_ES_PRETERITE: Final = re.compile(
    r"(?:ó|aron|ieron|yeron|aste|iste|é|í)$|^(?:fue|fueron|vino|vinieron|hizo|hicieron|dio|dieron|puso|pusieron|tuvo|tuvieron|quiso|pudo|dijo|trajo|estuvo)$"
)
_ES_PARTICIPLE: Final = re.compile(r"(?:ad|id)[oa]s?$")
_ES_FUTURE: Final = re.compile(r"(?:ará|erá|irá|arán|erán|irán|ara|era|ira)$")
_ES_NOT_VERBS: Final = frozenset(
    """cita citas vida comida medida salida llegada entrada partida herida heridas
    cuidado cuidados estado lado todo todos todas toda nada cada privado privada
    puntos dolor embarazada dia""".split()
)

# A named actor: "Luis says", "Bethany arrived", "Kevin has asked".
_ACTOR_VERBS: Final = frozenset(
    """says said asked told called arrived came went has had is was will wants wanted
    loved loves mentioned noticed remembers remembered checked brought sent set kept
    took gave made dice dijo pidio llamo llego quiso mando reviso vio tomo le lo la
    showed stopped visited knocked drove dropped vino paso visito""".split()
)
_NAME_STOP: Final = frozenset(
    """i i'm i've i'll we we're we've our thanks thank hi hello hey dear yes no ok okay so
    the a an and but if please sorry congrats congratulations happy good great wow
    hola gracias buenas buenos feliz que muy nos si la el los las un una y de del al por
    para con lamentamos sentimos le les lo entendemos ya este esta estos estas hoy ayer
    there that it here what let who nobody everyone everybody someone today tomorrow he
    she where how one this everything nothing something you your mr mrs ms sr sra dr
    dra don dona it's that's there's our""".split()
)

_DENIAL: Final = re.compile(
    r"\bno\s+(?:record|records|file|chart|history)\s+of\b|"
    r"\b(?:never|not|no\s+one|nobody|anyone)\b[^.!?]{0,60}\b(?:by|under|with)\s+(?:this|that|the|your|his|her|such\s+a)\s+name\b|"
    r"\b(?:never|not)\s+(?:been\s+)?(?:seen|treated|registered|admitted)\s+(?:here|by\s+us|at\s+our|in\s+our)\b|"
    r"\bno\s+(?:encontramos|aparece|aparecen|tenemos|hay|existe|consta|figura)\b[^.!?]{0,60}\b(?:registr\w+|expediente\w*|a\s+su\s+nombre|con\s+ese\s+nombre|a\s+nombre)|"
    r"\bningun[oa]?\s+(?:paciente|niñ[oa]|registro|expediente|persona)\b[^.!?]{0,40}\b(?:registrad\w+|a\s+su\s+nombre|con\s+ese\s+nombre)",
    re.IGNORECASE,
)
_CLAUSE_SPLIT: Final = re.compile(r"[,;:—–()]|\s-\s|\b(?:and|but|so|because|although|while|y|pero|porque|aunque|mientras)\b", re.IGNORECASE)
_CONDITIONAL_WORDS: Final = frozenset("if unless whether when whenever once si cuando mientras".split())


_STAGES: Final = frozenset("cycle round session dose infusion phase week day ciclo sesion dosis semana fase".split())
_ORG_OWNED: Final = frozenset("our nuestro nuestra nuestros nuestras".split())
_MARK_WORDS: Final = _ORG_OWNED | _STAGES | _OBJECT_WORDS | frozenset(("note",))
_OBJECT_PLURALS: Final = frozenset(w + "s" for w in _OBJECT_WORDS)


def _object_base(word: str) -> str:
    """The word _object_hits tests against the object lists (a plural less its "s")."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and word not in _OBJECT_WORDS else word


# The words _object_hits can act on without a look-up hit: "our", stages, "note", and the
# words whose base is a strong object word. Any other word without a hit (a weak object
# such as "care", "doctor") gives nothing and changes nothing there, so it is no mark.
_MARKS: Final = _ORG_OWNED | _STAGES | frozenset(("note",)) | frozenset(
    w for w in _MARK_WORDS | _OBJECT_PLURALS
    if _object_base(w) in _OBJECT_WORDS and _object_base(w) not in _WEAK_OBJECTS)


# (one set test per word instead of two)
_LABEL_OR_TOPIC: Final = LABEL_HEADS | TOPIC_FEELINGS


def _object_hits(doc: Doc, sentence: Sentence, lo: int, hi: int) -> list[tuple[int, int, str, int]]:
    """(first token, last token, kind, index) of care objects among tokens lo..hi-1."""
    words = sentence.words
    hits: list[tuple[int, int, str, int]] = []
    looked_up = sentence.lookups(doc.lexicon)
    # Only a token in ``marks`` can do anything below but step on; jump from mark to mark.
    # (analyze calls this once per sentence, so the marks are not kept in sentence.cache:
    # its str-keyed reads and writes cost more than they would save)
    # (the positions of look-up hits and of the words in _MARKS; a hit is a non-empty
    # tuple, so "is not None" is its truth)
    marks: list[int] = []
    for k in range(len(words)):
        if looked_up[k] is not None or words[k] in _MARKS:
            marks.append(k)
    if "'s" in (sentence.lower if sentence.text.isascii() else " ".join(words)):
        # The word after a possessive ("mother's room"); words of an ASCII sentence
        # are slices of its lowercased text, so without "'s" there none ends in it.
        after = [k + 1 for k, w in enumerate(words[:-1]) if w.endswith("'s")]
        if after:
            marks = sorted(set(marks).union(after))
    if not marks:
        return hits
    # Labels ("the billing office") and topics ("la frustración con los cobros") need one
    # of these words in the sentence; most sentences have none.
    labels_possible = not _LABEL_OR_TOPIC.isdisjoint(words)
    count = len(marks)
    m = bisect_left(marks, lo)
    i = lo
    while True:
        while m < count and marks[m] < i:
            m += 1
        if m >= count or marks[m] >= hi:
            break
        i = marks[m]
        if words[i] in _ORG_OWNED:
            # "our new urgent care", "nuestro laboratorio": the organization's, not a fact about someone.
            j = i + 1
            while j < hi and j <= i + 3 and not (words[j] in _OBJECT_WORDS or looked_up[j]):
                j += 1
            i = j + 1
            continue
        if (i + 1 < hi and words[i + 1] in _HEAD_NOUNS) or (labels_possible and is_label_or_topic(words, i, 1)):
            i += 1
            continue  # "the billing office", "el equipo de admisión": a place, not a fact
        hit = looked_up[i]
        if hit is not None and hit[1] != "ambiguous" and hit[1] != "body_parts":
            size, source = hit
            kind = "payment" if source == "payment" else ("clinical" if source in _CLINICAL_SOURCES else "care")
            hits.append((i, min(hi, i + size) - 1, kind, i))
            i += size
            continue
        word = words[i]
        if i > lo and words[i - 1].endswith("'s") and words[i - 1][:-2] in _KIN_WORDS and word not in _NAME_STOP:
            hits.append((i, i, "care", i))  # "your mother's room", "his son's cast"
            i += 1
            continue
        if word == "note" and i > lo and words[i - 1] in ("doctor's", "doctors", "work", "school", "medical", "sick"):
            hits.append((i - 1, i, "clinical", i - 1))
            i += 1
            continue
        if word in _STAGES and i + 1 < len(words) and words[i + 1][:1].isdigit():
            hits.append((i, i + 1, "clinical", i))  # "cycle 4", "round 3": this person's course
            i += 2
            continue
        base = _object_base(word)
        if base in _OBJECT_WORDS and base not in _WEAK_OBJECTS:
            if base in _PAYMENT_WORDS:
                kind = "payment"
            elif base in _CLINICAL_WORDS:
                kind = "clinical"
            else:
                kind = "care"
            hits.append((i, i, kind, i))
        i += 1
    return hits


_ADJ_BEFORE: Final = frozenset("a an the very so more most less well fully newly our your their his her its certain".split())
_SUBJECT_FUTURE: Final = frozenset("we i she he they".split())
_REPORTED: Final = frozenset("says said told tells asked mentioned noticed dice dijo conto comento pidio".split())


def _is_event_en(words: list[str], i: int, objects_at: set[int]) -> bool:
    """A past, perfect, scheduled or progressive form: what happened, not what is usual."""
    word = words[i]
    prev = words[i - 1] if i else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if word in _REPORTED:
        return True
    if word in _IRREGULAR_PAST or (word.endswith("ed") and len(word) >= 5 and word not in _NOT_PAST):
        if prev in ("is", "are") and (nxt in _NOW_WORDS or (i > 1 and words[i - 2] in _NOW_WORDS)) and "-" not in word:
            return True  # "the results are posted now", "is now scheduled"
        if prev in _NOW_WORDS and i > 1 and words[i - 2] in ("is", "are") and "-" not in word:
            return True
        if prev in ("is", "are", "be", "being", "get", "gets") or prev in _ADJ_BEFORE or "-" in word:
            return False  # present passive ("is billed"), or an adjective ("a loaded word")
        if (i + 1) in objects_at:
            return False  # "controlled medications"
        return True
    if word in ("was", "were") and nxt and nxt not in ("a", "an"):
        return True
    if word in ("has", "have", "had", "'ve", "'s") and nxt and (nxt in _IRREGULAR_PAST or nxt.endswith("ed") or nxt == "been"):
        return True
    if word in _ALWAYS_STATE:
        return True
    if word in _STATE_EN and prev in ("show", "shows", "is", "are", "was", "were", "been", "it's", "still", "now", "'s", "you're", "he's", "she's", "they're"):
        return True
    if word in _FUTURE_EN and prev in _SUBJECT_FUTURE:
        return True
    if word in ("we'll", "she'll", "he'll", "they'll", "i'll"):
        return True
    if word.endswith("ing") and len(word) >= 5 and prev in ("is", "are", "he's", "she's", "you're", "still", "they're"):
        return True
    return False


# Every word _is_event_en can return True for, besides words ending in "ed" or "ing".
_EVENT_EN_WORDS: Final = (_REPORTED | _IRREGULAR_PAST | _ALWAYS_STATE | _STATE_EN | _FUTURE_EN
                   | frozenset("was were has have had 've 's we'll she'll he'll they'll i'll".split()))
# A clause with none of these words is not generic, habitual or modal.
_SAY_NOTHING: Final = _GENERIC_SUBJECTS | _HABITUAL | _MODAL


_ES_PERFECT: Final = frozenset("ha han hemos has habia habian haya hayan hubiera fue fueron estuvo quedo quedaron ya".split())
# Participles that are care events by themselves: "está internado", "ya fue operada".
_CARE_PARTICIPLES: Final = frozenset(
    """atendido atendida operado operada internado internada hospitalizado hospitalizada
    vacunado vacunada intubado intubada sedado sedada dado dada""".split()
)
_ES_PERSON_CLITIC: Final = frozenset("le les te".split())
_ES_VERB_END: Final = re.compile(r"(?:amos|emos|imos|ó|aron|ieron|é|aste|iste|ará|erá|irá|an|en|a|e)$")


def _is_event_es(texts: Sequence[str], words: list[str], i: int, objects_at: set[int]) -> bool:
    word = words[i]
    raw = texts[i].lower()
    if word in _ES_NOT_VERBS or len(word) < 3 or i in objects_at:
        return False
    prev = words[i - 1] if i else ""
    if word in _REPORTED:
        return True
    if prev in _ES_PERFECT and _ES_PARTICIPLE.search(word):
        return True
    if word in _CARE_PARTICIPLES:
        return True
    if prev in _ES_PERSON_CLITIC and _ES_VERB_END.search(raw):
        return True
    if word in ("lista", "listo", "listas", "listos") or word in _ALWAYS_STATE:
        return True
    if len(word) > 3 and _ES_PRETERITE.search(raw) and word not in _ES_NOT_VERBS:
        return True
    if len(word) > 5 and _ES_FUTURE.search(raw) and not raw.endswith(("ara", "era", "ira")):
        return True
    return False


_TIME_BEFORE: Final = frozenset("on this last next by until till since from the el este esta desde hasta para".split())
_MONTH_BEFORE: Final = _TIME_BEFORE | frozenset("in de en".split())
_RANGE: Final = frozenset("every each through thru to a and or y o los las de".split())
_RANGE_NEXT: Final = frozenset("through thru to a til until hasta".split())
_AND: Final = frozenset("and or y o".split())
_ALWAYS_TIME: Final = frozenset("yesterday today tonight tomorrow overnight ayer hoy anoche".split())
_ORG_VERBS_EN: Final = frozenset(
    """offer offers provide provides accept accepts have take bill ask encourage
    recommend follow use see work list post hold keep require need welcome serve treat
    specialize""".split()
)
_ORG_VERBS_ES: Final = frozenset(
    """ofrecemos aceptamos contamos tenemos atendemos trabajamos hacemos aplicamos seguimos
    publicamos damos manejamos recomendamos pedimos necesitamos cobramos vemos tratamos""".split()
)
_TENURE: Final = re.compile(r"\b(?:for|over|than|since|por|durante|desde|hace)\s+(?:\w+\s+){0,2}?(?:years|decades|anos|decadas|(?:19|20)\d\d)\b")
_CLINICIAN_ACTS: Final = frozenset(
    """says said asked told called was were wants wanted will sent checked reviewed loved
    mentioned noticed remembers remembered looked saw dice dijo pidio llamo quiso mando
    reviso vio le lo la""".split()
)
# A stage of someone's course: "day 3 post-op", "still in the second trimester", "ya va en
# el tercer trimestre".
_COURSE_STAGE: Final = re.compile(
    r"\b(?:day|week|d[ií]a|semana)\s+\d{1,2}\s+(?:post-?op|of\s+recovery|after\s+surgery|de\s+(?:posoperatorio|recuperaci[oó]n))\b|"
    r"\b(?:still\s+in|now\s+in|into)\s+(?:the|your|her)\s+(?:first|second|third)\s+trimester\b|"
    r"\b(?:va|vas|est[aá]s?|sigue|ya)\s+(?:en\s+)?(?:el\s+)?(?:primer|segundo|tercer)\s+trimestre\b",
    re.IGNORECASE,
)
# Substrings every match of _COURSE_STAGE / _CONTINUING contains: a cheap test first.
_COURSE_STAGE_KEYS: Final = ("post", "recovery", "surgery", "recuperaci", "trimest")
_CONTINUING_KEYS: Final = ("keep", "finish", "more", "sig", "falta", "queda")
_YOU_GAVE_US_KEYS: Final = ("gave", "provided", "listed", "left", "signed", "filled", "nos ")
# A hashtag about someone's care: "#chemostrong", "#ACLrecovery", "#acnejourney".
_HASHTAG: Final = re.compile(r"#(\w{3,40})")
_HASHTAG_TAILS: Final = ("strong", "recovery", "journey", "warrior", "survivor", "free", "life", "fighter", "comeback")


def _care_hashtag(doc: Doc, tag: str) -> bool:
    """Whether a hashtag names a clinical term, alone or with a care ending."""
    tag = tag.lower()
    terms = doc.lexicon.terms
    if terms.get(tag, "ambiguous") not in ("ambiguous", "payment"):
        return True
    for tail in _HASHTAG_TAILS:
        if tag.endswith(tail) and len(tag) > len(tail) + 2:
            head = tag[: -len(tail)]
            return terms.get(head, "ambiguous") not in ("ambiguous", "payment") or head in _CLINICAL_WORDS
    return False


_PREGNANCY: Final = re.compile(r"\b(?:at\s+)?\d{1,2}\s+(?:weeks|semanas)\s+(?:pregnant|along|de\s+embarazo|de\s+gestaci[oó]n)\b|\bat\s+\d{1,2}\s+weeks\b", re.IGNORECASE)
# A wish about someone's health: "hope the little one's ear feels better by Friday".
_WISH_HEALTH: Final = re.compile(
    r"\b(?:hope|hoping|wishing|esperamos\s+que|ojal[aá])\b[^.!?]{0,60}?"
    r"\b(?:feels?\s+better|feeling\s+better|heals?|healing|recovers?|recovering|recovery|clears?\s+up|"
    r"settles?\s+down|se\s+sienta\s+mejor|se\s+mejore|se\s+recupere|sane|sana)\b",
    re.IGNORECASE,
)
# An outcome stated of a test: "the biopsy came back benign", "los resultados salieron
# normales" (past tense: "results are usually normal" is generic and skipped).
_TEST_OUTCOME: Final = re.compile(
    r"\b(?:results?|biops(?:y|ies|ia|ias)|tests?|scans?|labs?|x-rays?|mri|ultrasound|mammogram|"
    r"resultados?|pruebas?|an[aá]lisis|estudios?|ecograf[ií]a|mamograf[ií]a)\s+"
    r"(?:came\s+back|were|was|salieron|sali[oó]|fueron|fue|dieron|dio)\s+"
    r"(?:all\s+|todos\s+|todas\s+|completely\s+|totally\s+|completamente\s+)?"
    r"(?:normal(?:es)?|negativ[eoa]s?|positiv[eoa]s?|clear|fine|benign[oa]?s?|limpi[oa]s?|bien)\b",
    re.IGNORECASE,
)
# A count of time in a health state: "six months clear", "two years sober", "un año sin fumar".
_TIME_IN_STATE: Final = re.compile(
    r"\b(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce)\s+"
    r"(?:full\s+)?(?:days?|weeks?|months?|years?|d[ií]as|semanas|meses|mes|años|año)\s+"
    r"(?:clear|cancer[- ]free|tumou?r[- ]free|seizure[- ]free|smoke[- ]free|sober|clean|in\s+remission|"
    r"libre\s+de\s+c[aá]ncer|sin\s+fumar|sobri[oa]s?|en\s+remisi[oó]n|limpi[oa]s?)\b",
    re.IGNORECASE,
)
# A countdown in a course of care, said to the person addressed: "ten more pounds and",
# "two more infusions to go", "tres sesiones más".
_COUNTDOWN: Final = re.compile(
    r"\b(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\s+more\s+"
    r"(?:pounds|lbs|kilos|kg|sessions|treatments|doses|rounds|infusions|shots|injections|cycles|appointments|visits)\b|"
    r"\b(?:\d{1,3}|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|quince|veinte)\s+"
    r"(?:kilos|libras|sesiones|tratamientos|dosis|rondas|infusiones|inyecciones|ciclos|citas|consultas)\s+m[aá]s\b",
    re.IGNORECASE,
)
# Staff reporting on someone: "the night shift said he slept", "the nurses told us your
# mom ate"; a single staff member's "he"/"she" may be their own, so only "your/his/her" there.
_STAFF_REPORT: Final = re.compile(
    r"\b(?:shift|staff|team|nurses|aides|unit|floor|therapists|caregivers)\s+(?:said|says|told\s+us|reported|mentioned|noted)\s+"
    r"(?:that\s+)?(?:he|she|your|his|her)\b|"
    r"\b(?:nurse|aide|therapist|tech|technician|caregiver|doctor|provider)\s+(?:said|says|told\s+us|reported|mentioned|noted)\s+"
    r"(?:that\s+)?(?:your|his|her)\b",
    re.IGNORECASE,
)
_DID_TO_YOU: Final = re.compile(
    r"\b(?:checked|signed|booked|registered|roomed|triaged|drew|put|walked|wheeled|brought|got)\s+(?:you|him|her)\s+(?:in|out|up|back|for|on|to)\b",
    re.IGNORECASE,
)
_STILL_IN: Final = re.compile(r"\b(?:you(?:'re|\s+are)|est[aá]s?|sigues?)\s+(?:still|now|currently|already|todav[ií]a|ya|a[uú]n)\s+(?:in|on|at|en)\b", re.IGNORECASE)
# On an ASCII reply whose only whitespace is single spaces (so every "\s+" in a match is
# one space), every match also holds one of these strings.
_SPACED_KEYS: Final = {
    _STILL_IN: ("re still ", "re now ", "re currently ", "re already ", "re todavia ", "re ya ", "re aun ",
                "esta", "sigue"),  # ("you're" and "you are" both end in "re")
    _DID_TO_YOU: ("ed you ", "ed him ", "ed her ", "drew ", "put you ", "put him ", "put her ", "brought ",
                  "got you ", "got him ", "got her "),
}


# The reader gave the center something in the course of care: "the email you gave us
# at check-in", "el número que usted nos dio".
_YOU_GAVE_US: Final = re.compile(
    r"\byou\s+(?:gave|provided|listed|left|signed|filled\s+out)\s+(?:us|with\s+us|at\s+(?:registration|check-in|intake))\b|"
    r"\b(?:usted|tú|tu)\s+nos\s+(?:dio|diste|dejó|dejo|dejaste|proporcionó|proporciono|firmó|firmo)\b",
    re.IGNORECASE,
)
# Words before a name that make it someone cared for: "little Mia", "Baby Theo", "care for
# Linda", "la pequeña Sofía".
_CARED_FOR_BEFORE: Final = frozenset("little baby bebé bebe pequeña pequeño pequena pequeno treating treated delivered".split())
_CARE_FOR: Final = frozenset("care caring cared cuidar cuidamos atender atendimos".split())


def _tied_name(sentence: Sentence) -> PersonRef | None:
    """The first asserted name of someone cared for in the sentence, or None."""
    words = sentence.words
    for ref in sentence.asserted_refs():
        if ref.kind != "third_name":
            continue
        k = _token_index(sentence, ref.start)
        prev = words[k - 1] if k else ""
        if k > 1 and sentence.texts[k - 1][:1].isupper():
            continue  # "Our Little Talkers group": a name of a program, not a child
        if prev in _CARED_FOR_BEFORE or (prev in ("for", "a") and k > 1 and words[k - 2] in _CARE_FOR):
            return ref
    return None


# On a lowercased ASCII reply every match of the pattern holds, as a whole run of letters
# (a to z), a word of each of these sets: each is a literal word of the pattern with a
# boundary, a space or a non-letter on both sides of it in every match (the IGNORECASE
# patterns match only lowercase letters there, and alternatives with accents not at all).
_ASCII_WORDS: dict[re.Pattern[str], tuple[frozenset[str], ...]] = {
    _DENIAL: (frozenset("""record records file chart history name seen treated registered admitted
        encontramos aparece aparecen tenemos hay existe consta figura ningun ninguno ninguna""".split()),),
    _PREGNANCY: (frozenset(("weeks", "semanas")),),
    _STILL_IN: (frozenset("still now currently already todavia ya aun".split()),),
    _WISH_HEALTH: (frozenset("hope hoping wishing esperamos ojala".split()),
                   frozenset("""better heal heals healing recover recovers recovering recovery clear clears
                       settle settles sienta mejore recupere sane sana""".split())),
    _DID_TO_YOU: (frozenset("checked signed booked registered roomed triaged drew put walked wheeled brought got".split()),),
    _COURSE_STAGE: (frozenset("post postop recovery surgery posoperatorio recuperacion trimester trimestre".split()),),
    _YOU_GAVE_US: (frozenset("gave provided listed left signed filled dio diste dejo dejaste proporciono firmo".split()),
                   frozenset("us registration check intake nos".split())),
    _TEST_OUTCOME: (frozenset("""normal normales negative negatives negativo negativos negativa negativas
                        positive positives positivo positivos positiva positivas clear fine benign benigns
                        benigno benignos benigna benignas limpio limpios limpia limpias bien""".split()),
                    frozenset("""result results biopsy biopsies biopsia biopsias test tests scan scans lab labs
                        ray rays mri ultrasound mammogram resultado resultados prueba pruebas analisis estudio
                        estudios ecografia mamografia""".split())),
    _TIME_IN_STATE: (frozenset("""clear free sober clean remission libre fumar sobrio sobrios sobria sobrias
                         remision limpio limpios limpia limpias""".split()),
                     frozenset("day days week weeks month months year years dias semanas meses mes".split())),
    _STAFF_REPORT: (frozenset("said says told reported mentioned noted".split()),
                    frozenset("""shift staff team nurses aides unit floor therapists caregivers nurse aide therapist
                        tech technician caregiver doctor provider""".split())),
    _COUNTDOWN: (frozenset(("more", "mas")),
                 frozenset("""pounds lbs kilos kg sessions treatments doses rounds infusions shots injections
                     cycles appointments visits libras sesiones tratamientos dosis rondas infusiones
                     inyecciones ciclos citas consultas""".split())),
}
# These patterns also need a number: a digit, or one of these words (a run of letters as
# above).
_NUMBER_WORDS: dict[re.Pattern[str], frozenset[str]] = {
    _PREGNANCY: frozenset(),
    _TIME_IN_STATE: frozenset("""one two three four five six seven eight nine ten eleven twelve un una dos tres
        cuatro cinco seis siete ocho nueve diez once doce""".split()),
    _COUNTDOWN: frozenset("""one two three four five six seven eight nine ten twelve fifteen twenty dos tres
        cuatro cinco seis siete ocho nueve diez doce quince veinte""".split()),
}
# Every ASCII character but a to z, to split a lowercased ASCII reply into runs of letters.
_NOT_LETTERS: Final = str.maketrans({chr(i): " " for i in range(128) if not "a" <= chr(i) <= "z"})


def _letter_runs(ascii_lower: str) -> set[str]:
    """The maximal runs of letters a to z of a lowercased ASCII text."""
    return set(ascii_lower.translate(_NOT_LETTERS).split())


def _reply_runs(doc: Doc, digit: bool) -> set[str]:
    """The runs of letters of an ASCII reply (``digit``: whether it holds a digit), as far
    as the words tested against them can tell (see _RUN_SETS).

    They are read from the reply's runs of \\w, which prefilter.text_words keeps (the
    other families read them too, so they are usually there already): without a digit
    or "_" those are exactly its runs of letters. Otherwise a run of letters is a whole
    run of \\w, or a piece of one with a digit or "_" right before or after it: those
    characters are found with str.find (much faster than a regex pass over the reply),
    and the runs of \\w that are no run of letters hold a digit or "_", as no tested
    word does. The set may be shared: read it only."""
    lower = doc.lower
    words = text_words(lower, doc).words
    if not digit and "_" not in lower:
        return words
    pieces: list[str] = []
    size = len(lower)
    for character in _DIGITS_AND_UNDERSCORE:
        p = lower.find(character)
        while p >= 0:
            if p + 1 < size and lower[p + 1] in _LETTERS:
                after = _LETTER_RUN.match(lower, p + 1)
                if after is not None:
                    pieces.append(after.group())
            if p > 0 and lower[p - 1] in _LETTERS:
                i = p - 1
                while i > 0 and lower[i - 1] in _LETTERS:
                    i -= 1
                pieces.append(lower[i:p])
            p = lower.find(character, p + 1)
    if not pieces:
        return words
    runs = set(words)
    runs.update(pieces)
    return runs


_DIGITS_AND_UNDERSCORE: Final = "0123456789_"
_LETTERS: Final = "abcdefghijklmnopqrstuvwxyz"
_LETTER_RUN: Final = re.compile(r"[a-z]+")


def _has_words(runs: set[str], word_sets: tuple[frozenset[str], ...]) -> bool:
    """Whether ``runs`` holds a word of every set."""
    for words in word_sets:
        if words.isdisjoint(runs):
            return False
    return True


def _holds_all(text: str, key_sets: tuple[tuple[str, ...], ...]) -> bool:
    """Whether ``text`` holds a string of every key set (a cheap test before a regex)."""
    for keys in key_sets:
        for key in keys:
            if key in text:
                break
        else:
            return False
    return True


def _key_sets(*sets: tuple[str, ...] | None) -> tuple[tuple[str, ...], ...]:
    return tuple(keys for keys in sets if keys)


# On a lowercased ASCII reply every match of the pattern also holds a match of this one,
# which the regex engine finds faster (it starts with a literal or a set of them, or it
# has no boundaries and bounded repetitions to try at each position).
_PRECHECK: Final[dict[re.Pattern[str], re.Pattern[str]]] = {
    _PREGNANCY: re.compile(r"[0-9]\s+(?:weeks|semanas)"),
    _TIME_IN_STATE: re.compile(
        r"(?:days?|weeks?|months?|years?|dias|semanas|meses|mes)\s+"
        r"(?:clear|cancer|tumou?r|seizure|smoke|sober|clean|in\s+remission|libre|sin\s+fumar|sobri|en\s+remisi|limpi)"),
    _COURSE_STAGE: re.compile(r"trimest|day\s+[0-9]|week\s+[0-9]|dia\s+[0-9]|semana\s+[0-9]"),
    _STAFF_REPORT: re.compile(r"(?:said|says|told\s+us|reported|mentioned|noted)\s+(?:that\s+)?(?:he|she|your|his|her)\b"),
}

# The patterns run over the whole reply: (pattern, the same for a lowercased ASCII reply,
# score, rule, key sets for a reply that is not ASCII, word sets for an ASCII reply (see
# _ASCII_WORDS), key sets for an ASCII reply with single spaces, number words or None: see
# _NUMBER_WORDS), and a _PRECHECK pattern or None. Every match holds a string of each
# key set, and on an ASCII reply a letter run of each word set.
_WHOLE_TEXT: Final[tuple[tuple[re.Pattern[str], re.Pattern[str], float, str, tuple[tuple[str, ...], ...],
                         tuple[frozenset[str], ...], tuple[tuple[str, ...], ...], frozenset[str] | None,
                         re.Pattern[str] | None], ...]] = tuple(
    (pattern, for_lowercase_ascii(pattern), score, rule,
     _key_sets(_COURSE_STAGE_KEYS if pattern is _COURSE_STAGE else _YOU_GAVE_US_KEYS if pattern is _YOU_GAVE_US else None),
     _ASCII_WORDS[pattern], _key_sets(_SPACED_KEYS.get(pattern)), _NUMBER_WORDS.get(pattern), _PRECHECK.get(pattern))
    for pattern, score, rule in (
        (_DENIAL, 0.85, "denial"), (_PREGNANCY, 0.7, "state"), (_STILL_IN, 0.65, "state"),
        (_WISH_HEALTH, 0.7, "wish"), (_DID_TO_YOU, 0.75, "did_to"), (_COURSE_STAGE, 0.7, "state"),
        (_YOU_GAVE_US, 0.7, "gave_us"), (_TEST_OUTCOME, 0.7, "state"),
        (_TIME_IN_STATE, 0.7, "state"), (_STAFF_REPORT, 0.7, "reported"),
        (_COUNTDOWN, 0.7, "countdown"))
)
# Every match of _REACTION (case-sensitive, run on lowercased text) but a "congrat..." one
# holds one of these as a run of letters (as for _ASCII_WORDS).
_REACTION_WORDS: Final = frozenset("""glad thrilled happy pleased relieved delighted sorry alegra gusto bueno alegria
    felicidades lamentamos""".split())
_CONTINUING_KEY_SETS: Final = (_CONTINUING_KEYS,)
# First words of a clause that may take up the objects of the clause before (see _grade_clauses).
_INHERITING: Final = frozenset(("it", "it'll", "it's", "they", "they're", "they'll", "which", "that"))
_NO_WORDS: Final[frozenset[str]] = frozenset()
_NO_RUNS: Final[set[str]] = set()
_NO_REFS: Final[list[PersonRef]] = []  # (read only)
_NO_INDEXES: Final[list[int]] = []  # (read only)
_NO_KEYS: Final[list[str]] = []  # (read only)
_UNKNOWN_TIME: Final = -2  # (a time anchor not yet looked for; _time_anchor gives -1 or a token)
_HABITUAL_OR_MODAL: Final = _HABITUAL | _MODAL
# Every match of _TENURE holds one of these (it is run on the folded words).
_TENURE_KEYS: Final = (("years", "decades", "anos", "decadas", "19", "20"),)
# Its words are runs of letters there (as for _ASCII_WORDS; a sentence of a reply no longer
# than MAX_SENTENCE is not cut inside a word, so they are runs of the reply too).
_TENURE_WORDS: Final = frozenset(("years", "decades", "anos", "decadas"))


def _addressed(doc: Doc) -> bool:
    """Whether the reply names the poster."""
    for sentence in doc.sentences:
        for ref in sentence.person_refs:
            if ref.kind == "poster":
                return True
    return False


def _reaction_keys(lower: str) -> list[str]:
    """Of a lowercased ASCII reply: the strings one of which every _REACTION match in one
    of its sentences holds (those of _REACTION_WORDS and "congrat" that the reply holds)."""
    keys: list[str] = []
    for word in _REACTION_WORDS:
        if word in lower:
            keys.append(word)
    if "congrat" in lower:
        keys.append("congrat")
    return keys


def _holds_any(text: str, keys: list[str]) -> bool:
    for key in keys:
        if key in text:
            return True
    return False


def _person(refs: list[PersonRef]) -> float:
    """The strongest reference, a weak mention of the poster's name aside."""
    person = 0.0
    found = False
    for r in refs:
        if not (r.kind == "poster" and r.strength < 0.75) and (not found or r.strength > person):
            person = r.strength
            found = True
    return person


# _DENIAL on a lowercased ASCII reply, by alternative: "no" and one of the first set,
# "name", "never" or "not" and one of the second set, or "ningun..." (letter runs, as
# for _ASCII_WORDS).
_DENIAL_NO: Final = frozenset(
    "record records file chart history encontramos aparece aparecen tenemos hay existe consta figura".split())
_DENIAL_SEEN: Final = frozenset("seen treated registered admitted".split())
_DENIAL_NINGUN: Final = frozenset("ningun ninguno ninguna".split())
# _COURSE_STAGE likewise: "trimester" or "trimestre", or one of these and a digit.
_COURSE_DAYS: Final = frozenset("day week dia semana".split())
_TRIMESTER: Final = frozenset(("trimester", "trimestre"))


# Every word tested against a reply's runs (_reply_runs relies on it): letters a to z only.
_RUN_SETS: Final = (
    [words for word_sets in _ASCII_WORDS.values() for words in word_sets] + list(_NUMBER_WORDS.values())
    + [_REACTION_WORDS, _DENIAL_NO, _DENIAL_SEEN, _DENIAL_NINGUN, frozenset(("name", "no", "never", "not")),
       _COURSE_DAYS, _TRIMESTER, _TENURE_WORDS])
if not all(word.isascii() and word.isalpha() and word.islower() for words in _RUN_SETS for word in words):
    raise ImportError("a word tested against letter runs is not a run of letters a to z")
# All of them: a reply's runs are intersected with these once, and the tests then read
# that small set (the same answers: no other run is ever tested).
_RUN_WORDS: Final = frozenset().union(*_RUN_SETS)


def _has_digit(text: str) -> bool:
    """Whether ``text`` holds a digit 0 to 9 (ten str.find calls: faster than a regex pass)."""
    for digit in _DIGITS:
        if digit in text:
            return True
    return False


_DIGITS: Final = "0123456789"


def _denial_possible(runs: set[str]) -> bool:
    """Whether _DENIAL may match a lowercased ASCII reply with these letter runs."""
    if "name" in runs:
        return True
    if "no" in runs and not _DENIAL_NO.isdisjoint(runs):
        return True
    if ("never" in runs or "not" in runs) and not _DENIAL_SEEN.isdisjoint(runs):
        return True
    return not _DENIAL_NINGUN.isdisjoint(runs)


class SpecificRecognizer(Recognizer):
    name = "specific"
    category = Category.RELATIONSHIP

    def analyze(self, doc: Doc) -> list[Finding]:
        findings: list[Finding] = []
        spanish = doc.is_spanish
        addressed = _addressed(doc)
        post_words = _post_words(doc)
        echo_words = _post_echo_words(doc.context.post, doc.language) if post_words else _NO_WORDS
        # "The sclerotherapy paid off" to a named poster asserts their care; the same
        # definite noun answering a question ("the MMR vaccine is important") is general,
        # and Spanish uses the definite article for kinds ("el precio de un implante").
        definite_care = not spanish and "?" not in doc.context.post
        lower = doc.lower
        ascii_reply = lower.isascii()
        # Single spaces only: on ASCII text every other whitespace character is unprintable.
        plain = ascii_reply and "  " not in lower and "\n" not in lower and lower.isprintable()
        digit = ascii_reply and _has_digit(lower)  # (read on an ASCII reply only)
        maybe_digit = digit or not ascii_reply  # (False: no digit in any sentence)
        # (the runs that a test may ask about: see _RUN_WORDS)
        runs = _reply_runs(doc, digit).intersection(_RUN_WORDS) if ascii_reply else _NO_RUNS
        for pattern, fast, score, rule, keys, ascii_words, spaced_keys, numbers, precheck in _WHOLE_TEXT:
            if pattern is _COUNTDOWN and not addressed:
                continue  # a countdown is someone's only when the reply speaks to someone
            # (cannot match without a string of every key set: skip the scan)
            if ascii_reply:
                if not _has_words(runs, ascii_words):
                    continue
                if plain and spaced_keys and not _holds_all(lower, spaced_keys):
                    continue
                if numbers is not None and not digit and numbers.isdisjoint(runs):
                    continue
                if pattern is _DENIAL and not _denial_possible(runs):
                    continue
                if pattern is _COURSE_STAGE and _TRIMESTER.isdisjoint(runs) and (
                        not digit or _COURSE_DAYS.isdisjoint(runs)):
                    continue
                if precheck is not None and precheck.search(lower) is None:
                    continue
            elif keys and not _holds_all(lower, keys):
                continue
            # (on an ASCII reply, the same matches from a faster pattern: prefilter.py)
            for match in (fast if ascii_reply else pattern).finditer(lower):
                sentence = doc.sentence_at(match.start())
                if sentence is None or not sentence.asserted(match.start(), match.end()):
                    continue
                if rule in ("state", "wish", "countdown") and sentence.generic:
                    continue
                findings.append(make_finding(match.start(), match.end(), Category.RELATIONSHIP, score,
                                             f"relationship.specific.{rule}", EXPLANATION, FIX))
                if rule in ("state", "wish", "countdown"):
                    findings.append(make_finding(match.start(), match.end(), Category.CLINICAL, score,
                                                 f"clinical.specific.{rule}", CLINICAL_EXPLANATION, FIX))
        if addressed and "#" in doc.text:  # (no scan without a "#")
            # A care hashtag in a reply to a named poster tags their care.
            for match in _HASHTAG.finditer(doc.text):
                if _care_hashtag(doc, match.group(1)):
                    findings.append(make_finding(match.start(), match.end(), Category.CLINICAL, 0.65,
                                                 "clinical.specific.hashtag", CLINICAL_EXPLANATION, FIX))
        # A sentence's lowercased text is a slice of the reply's on an ASCII reply, so a
        # reaction (every match holds one of these words) is possible only if the reply has one.
        reaction_possible = not ascii_reply or not _REACTION_WORDS.isdisjoint(runs) or "congrat" in lower
        # (and in a sentence only if it holds one of those words: a substring test each)
        reaction_keys = _NO_KEYS
        if ascii_reply and reaction_possible:
            if len(lower) <= MAX_SENTENCE:
                # (no sentence is then cut inside a word: a run of a sentence is one of the reply)
                reaction_keys = [word for word in runs if word in _REACTION_WORDS]
                if "congrat" in lower:
                    reaction_keys.append("congrat")
            else:
                reaction_keys = _reaction_keys(lower)
        # (likewise, a _TENURE key in a sentence's words, each a slice of the lowercased reply)
        tenure_possible = not ascii_reply or (
            (not _TENURE_WORDS.isdisjoint(runs) or (digit and ("19" in lower or "20" in lower)))
            if len(lower) <= MAX_SENTENCE else _holds_all(lower, _TENURE_KEYS))
        for sentence in doc.sentences:
            base = sentence.start
            words = sentence.words
            # (token offsets from the parallel columns: the Token objects are never built)
            starts, ends = sentence.starts, sentence.ends
            if not words:  # (as many as its tokens)
                continue
            if sentence.hypothetical and sentence.hypothetical[0] == (sentence.start, sentence.end):
                continue
            all_hits = _object_hits(doc, sentence, 0, len(words))
            has_object = bool(all_hits)
            actor_at = _named_actor(doc, sentence)
            # (the asserted references do not change while the reply is analysed: built once)
            refs = sentence.asserted_refs() if sentence.person_refs else _NO_REFS
            reaction = reaction_possible and (not ascii_reply or _holds_any(sentence.lower, reaction_keys)) and (
                _REACTION_FAST.search(sentence.lower) is not None)
            if reaction and refs and any(r.kind in ("kin", "third_name") and r.strength >= 0.8 for r in refs):
                # "qué gusto que su hija ya camine": a reaction to news about someone tied to the reader.
                findings.append(make_finding(sentence.start, sentence.end, Category.RELATIONSHIP, 0.6,
                                             "relationship.specific.reaction", EXPLANATION, FIX))
            # (_role_acting is False without one of _ROLES: test that once for both calls)
            roles = not _ROLES.isdisjoint(words)
            role_visit = roles and _role_acting(sentence, _VISIT_VERBS)
            if role_visit:
                findings.append(make_finding(sentence.start, sentence.end, Category.RELATIONSHIP, 0.6,
                                             "relationship.specific.visit", EXPLANATION, FIX))
            if echo_words and not sentence.generic and not echo_words.isdisjoint(words):
                # Saying the poster's own care words back as fact confirms them; the engine
                # keeps this only in a reply that discloses. (echo_words: every word whose
                # stem is the stem of one of the post's care words)
                for k in [k for k, w in enumerate(words) if w in echo_words]:
                    if sentence.asserted(starts[k], ends[k]):
                        findings.append(make_finding(starts[k], ends[k], Category.ECHO, 0.6,
                                                     "echo.specific.post_term", ECHO_EXPLANATION, FIX))
            if refs and not sentence.generic and any(r.kind == "third_name" for r in sentence.person_refs):
                tied = _tied_name(sentence)
                if tied is not None:
                    findings.append(make_finding(tied.start, tied.end, Category.RELATIONSHIP, 0.65,
                                                 "relationship.specific.cared_for_name", EXPLANATION, FIX))
            clauses: list[tuple[int, int]] | None = None
            kin = [r for r in refs if r.kind == "kin" and r.strength >= 0.8] if refs else _NO_REFS
            if kin and not sentence.generic:
                at = _token_index(sentence, kin[0].start)
                clauses = _clauses(sentence)
                lo, hi = next(((a, b) for a, b in clauses if a <= at < b), (0, len(words)))
                if _HABITUAL_OR_MODAL.isdisjoint(words[lo:hi]) and _has_event(
                        sentence, lo, hi, spanish, set(), _NO_INDEXES if spanish else _event_candidates(words)):
                    # "your father brought so much warmth to the unit": the relative did
                    # something here, so they were cared for here.
                    findings.append(make_finding(kin[0].start, kin[0].end, Category.RELATIONSHIP, 0.65,
                                                 "relationship.specific.kin_event", EXPLANATION, FIX))
            if not has_object and actor_at < 0:
                continue
            person = _person(refs) if refs else 0.0
            actor = _clinician_acting(sentence) or actor_at >= 0 or (roles and _role_acting(sentence))
            time_at = _UNKNOWN_TIME  # (_time_anchor is called when first needed)
            visit = actor_at >= 0 and _visit(sentence, actor_at)
            if visit:
                # "Our aide Rosa came by twice": staff visiting someone is care given to them.
                findings.append(make_finding(starts[actor_at], ends[min(actor_at + 2, len(words) - 1)],
                                             Category.RELATIONSHIP, 0.6,
                                             "relationship.specific.visit", EXPLANATION, FIX))
            if actor_at >= 0 and words[actor_at + 1] in _REPORTED and person >= 0.7:
                # "Ellie says your grandmother ...": staff reporting on the person.
                findings.append(make_finding(starts[actor_at], ends[actor_at + 1], Category.RELATIONSHIP, 0.65,
                                             "relationship.specific.reported", EXPLANATION, FIX))
            best = 0.0
            if has_object:
                if clauses is None:
                    clauses = _clauses(sentence)
                best, time_at = self._grade_clauses(doc, sentence, clauses, all_hits, findings, spanish, person, actor,
                                                    addressed, time_at, reaction, definite_care, post_words,
                                                    tenure_possible, plain, maybe_digit)
            if best >= 0.3 or visit or (person >= 0.7 and has_object):
                # In a sentence that states a care fact, its date and the people named
                # in it identify the person (kept only when the reply discloses).
                if time_at == _UNKNOWN_TIME:
                    time_at = _time_anchor(sentence, plain, maybe_digit)
                if 0 <= time_at < len(words):
                    findings.append(make_finding(starts[time_at], ends[time_at], Category.IDENTIFIER, 0.6, "identifier.specific.date",
                                                 _ident.EXPLAIN["date"], _ident.FIX["date"], kind="date"))
                for ref in refs:
                    if ref.kind in ("kin", "third_name") and ref.end - ref.start > 2 and sentence.text[ref.start - base:ref.start - base + 1].isupper():
                        findings.append(make_finding(ref.start, ref.end, Category.IDENTIFIER, 0.6, "identifier.specific.name",
                                                     _ident.EXPLAIN["name"], _ident.FIX["name"], kind="name"))
                for k in _name_tokens(doc, sentence):
                    findings.append(make_finding(starts[k], ends[k], Category.IDENTIFIER, 0.6, "identifier.specific.name",
                                                 _ident.EXPLAIN["name"], _ident.FIX["name"], kind="name"))
        return findings

    def _grade_clauses(self, doc: Doc, sentence: Sentence, clauses: list[tuple[int, int]],
                       all_hits: list[tuple[int, int, str, int]], findings: list[Finding], spanish: bool,
                       person: float, actor: bool, addressed: bool, time_at: int, reaction: bool,
                       definite_care: bool, post_words: frozenset[str], tenure_possible: bool,
                       plain: bool, maybe_digit: bool) -> tuple[float, int]:
        """Grade each clause of a sentence with a care object, add the findings of those
        that state a specific fact, and return the best score and the sentence's time
        anchor (``time_at``: _UNKNOWN_TIME until a clause needs it)."""
        words = sentence.words
        best = 0.0
        count = len(clauses)
        # The objects of each clause: the hits come in token order and the clauses are
        # consecutive ranges from 0 to the sentence's end, so one pass hands them out.
        if count == 1:
            hits = [all_hits]
        else:
            hits = [[] for _ in range(count)]
            c = 0
            for h in all_hits:
                while h[0] >= clauses[c][1]:
                    c += 1
                hits[c].append(h)
        # Generic, habitual or modal clauses say nothing specific (and state no event).
        if _SAY_NOTHING.isdisjoint(words):
            nothing = [False] * count
        else:
            nothing = [_says_nothing(sentence, lo, hi) for lo, hi in clauses]
        # Whether each clause states an event: 1, 0, or -1 while not yet needed. A clause
        # is graded only when it holds an object or may inherit one, and the events of the
        # other clauses matter to it only when it has none of its own.
        events = [-1] * count
        candidates: list[int] | None = None  # (built when the first event is tested)
        continuing = -1  # (whether the sentence speaks of continuing care; -1: not yet known)
        # (whether the sentence's words hold a _TENURE key; -1: not yet known)
        tenure = -1 if tenure_possible else 0
        previous_objects: list[tuple[int, int, str, int]] = []
        for n in range(count):
            lo, hi = clauses[n]
            objects = hits[n]
            if not objects and not (previous_objects and words[lo] in _INHERITING):
                continue  # no objects of its own, none to take up: nothing to grade
            if nothing[n] or _blocked(words, lo, hi, spanish):
                continue
            own = events[n]
            if own < 0:
                if candidates is None:
                    candidates = _NO_INDEXES if spanish else _event_candidates(words)
                own = events[n] = int(_has_event(sentence, lo, hi, spanish, {h[0] for h in objects}, candidates))
            event = own == 1 or reaction
            inherited = False
            if not objects:
                if not event:
                    continue
                objects, inherited = previous_objects, True  # "..., so it'll show pending until Thursday"
            if tenure < 0:
                tenure = int(_holds_all(" ".join(words), _TENURE_KEYS))
            if tenure and _TENURE.search(" ".join(words[lo:hi])):
                continue  # "has practiced here for twenty years", "since 2003"
            elsewhere = False
            if not event:  # (the score reads ``elsewhere`` only then)
                for m in range(count):
                    if m == n:
                        continue
                    other = events[m]
                    if other < 0:
                        a, b = clauses[m]
                        if candidates is None:
                            candidates = _NO_INDEXES if spanish else _event_candidates(words)
                        other = events[m] = int(not nothing[m] and _has_event(sentence, a, b, spanish, {h[0] for h in hits[m]},
                                                                              candidates))
                    if other == 1:
                        elsewhere = True
                        break
            if time_at == _UNKNOWN_TIME:
                time_at = _time_anchor(sentence, plain, maybe_digit)
            score = _score(sentence, lo, hi, spanish, person, actor, addressed, time_at >= 0, event, elsewhere,
                           objects, inherited or reaction)
            if reaction:
                score = min(0.95, score + 0.1)
            if score < BLOCK and addressed and not sentence.generic:
                if continuing < 0:  # (needed only here: scanned for at most once per sentence)
                    continuing = int(_holds_all(sentence.lower, _CONTINUING_KEY_SETS)
                                     and _CONTINUING.search(sentence.lower) is not None)
                score = max(score, _addressed_care(sentence, lo, hi, objects, continuing == 1, definite_care))
            previous_objects = objects
            if score < 0.3:
                continue
            starts, ends = sentence.starts, sentence.ends
            first, last = starts[lo], ends[hi - 1]
            a0 = objects[0][0]
            if not sentence.asserted(starts[a0], ends[a0]):
                continue
            findings.append(make_finding(first, last, Category.RELATIONSHIP, score,
                                         "relationship.specific.clause", EXPLANATION, FIX))
            best = max(best, score)
            for a, b, kind, _ in objects:
                start, end = starts[a], ends[b]
                if kind == "clinical":
                    findings.append(make_finding(start, end, Category.CLINICAL, score,
                                                 "clinical.specific", CLINICAL_EXPLANATION, FIX))
                elif kind == "payment":
                    findings.append(make_finding(start, end, Category.PAYMENT, score,
                                                 "payment.specific", PAYMENT_EXPLANATION, FIX))
                if post_words and words[a] in post_words:
                    findings.append(make_finding(start, end, Category.ECHO, score,
                                                 "echo.specific", ECHO_EXPLANATION, FIX))
        return best, time_at


def _says_nothing(sentence: Sentence, lo: int, hi: int) -> bool:
    """A generic subject, a habitual adverb or a modal among tokens lo..hi-1."""
    words = sentence.words
    for k in range(lo, hi):
        w = words[k]
        if w not in _SAY_NOTHING:
            continue  # (the common case: one set test)
        if w in _GENERIC_SUBJECTS or w in _HABITUAL or (w in _MODAL and not _is_may_month(sentence, k)):
            return True
    return False


def _blocked(words: list[str], lo: int, hi: int, spanish: bool) -> bool:
    """A conditional or inviting clause, or the organization's habits ("we offer ...")."""
    if words[lo] in _CONDITIONAL_WORDS or (hi - lo > 1 and words[lo + 1] in _CONDITIONAL_WORDS):
        return True
    if words[lo] in _INVITE:
        return True
    if spanish:
        return not _ORG_VERBS_ES.isdisjoint(words[lo:hi])
    for k in range(lo, hi - 1):
        if words[k] in ("we", "i") and words[k + 1] in _ORG_VERBS_EN:
            if not (k + 2 < hi and (words[k + 2].endswith("ed") or words[k + 2] in _IRREGULAR_PAST)):
                return True
    return False


def _has_event(sentence: Sentence, lo: int, hi: int, spanish: bool, objects_at: set[int],
               candidates: list[int]) -> bool:
    """An event form among tokens lo..hi-1 (of a clause that does not say nothing);
    ``candidates``: in English, _event_candidates of the sentence."""
    words = sentence.words
    if spanish:
        texts = sentence.texts
        for k in range(lo, hi):
            if _is_event_es(texts, words, k, objects_at):
                return True
        return False
    for n in range(bisect_left(candidates, lo), len(candidates)):
        k = candidates[n]
        if k >= hi:
            break
        if _is_event_en(words, k, objects_at):
            return True
    return False


def _event_candidates(words: list[str]) -> list[int]:
    """The tokens _is_event_en can be True for (it is False for any other word): a word
    of _EVENT_EN_WORDS or one ending in "ed" or "ing"."""
    found: list[int] = []
    for k in range(len(words)):
        w = words[k]
        if w in _EVENT_EN_WORDS or w.endswith("ed") or w.endswith("ing"):
            found.append(k)
    return found


def _score(sentence: Sentence, lo: int, hi: int, spanish: bool, person: float, actor: bool, addressed: bool,
           time_anchor: bool, event: bool, elsewhere: bool, objects: list[tuple[int, int, str, int]],
           definite: bool) -> float:
    """The score of a clause with care objects that is not generic, conditional or
    inviting (``definite``: taken as definite whatever its articles)."""
    words = sentence.words
    if not definite:
        definite_words = _DEFINITE_ES if spanish else _DEFINITE_EN
        for a, b, _, _ in objects:
            prev = words[a - 1] if a > lo else ""
            if prev in _INDEFINITE:
                continue
            window = words[max(lo, a - 3):a]
            if spanish and window and window[-1] in ("los", "las") and words[b].endswith("s"):
                continue  # "los precios", "las vacunas": Spanish generic plural
            if not definite_words.isdisjoint(window) or prev in _KIN_WORDS:
                definite = True
                break
    passive = False
    if definite and event:
        for k in range(lo, hi - 1):  # (a passive: "was" and a participle or state after it)
            if words[k] in ("was", "were", "been"):
                nxt = words[k + 1]
                if nxt.endswith("ed") or nxt in _IRREGULAR_PAST or nxt in _ALWAYS_STATE:
                    passive = True
                    break
    es_person = False
    if spanish:
        for k in range(lo, hi - 1):
            if (words[k] in _ES_PERSON_CLITIC and words[k + 1] not in _OBJECT_WORDS
                    and _ES_VERB_END.search(sentence.texts[k + 1].lower())):
                es_person = True
                break
    p = max(person, 0.8 if es_person else 0.0)
    score = 0.1
    if definite:
        score += 0.15
    if event:
        score += 0.4 if passive else 0.3
    elif elsewhere:
        score += 0.15
    if time_anchor:
        score += 0.2
    if p:
        score += 0.35 * p
    if actor:
        score += 0.2
    if addressed:
        score += 0.05
    if not event and not elsewhere and not time_anchor:
        score = min(score, 0.5)
    if not event and p < 0.5 and not actor:
        score = min(score, 0.5)
    return min(score, 0.95)


# Continuing a course of care: "keep using the cream", "only 2 more cycles", "finish the
# antibiotics", "sigue usando la crema", "ya solo faltan dos sesiones".
_CONTINUING: Final = re.compile(
    r"\b(?:keep|keeps)\s+(?:using|taking|applying|wearing|doing|icing|stretching)\b|"
    r"\bfinish(?:ing)?\s+(?:the|your|that|those|off)\b|"
    r"\bonly\s+(?:\d+|one|two|three|four|five|six|seven|eight|a\s+few)\s+more\b|"
    r"\b(?:\d+|one|two|three|four|five|six)\s+more\s+\w+\s+to\s+go\b|"
    r"\b(?:sigue|siga|sigan)\s+(?:usando|tomando|aplicando|poniendo|haciendo)\b|"
    r"\b(?:solo|sólo|nada\s+m[aá]s)\s+(?:faltan?|quedan?)\b|\b(?:faltan?|quedan?)\s+(?:solo|sólo)\b",
    re.IGNORECASE,
)
_DEFINITE_CARE: Final = frozenset("the that those this these your his her their".split())


def _addressed_care(sentence: Sentence, lo: int, hi: int, objects: list[tuple[int, int, str, int]], continuing: bool,
                    definite_care: bool) -> float:
    """A reply that addresses the poster by name and speaks of a particular clinical
    object ("The sclerotherapy really paid off", "Keep using the cream") or of continuing
    a course of care ("Only 2 more cycles to go") asserts care for them."""
    if continuing:
        return 0.65
    if not definite_care:
        return 0.0
    words = sentence.words
    clause = words[lo:hi]
    # A general sentence anywhere ("Our providers can only ...", "everyone") stays general.
    if any(w in _MODAL or w in _HABITUAL or w in _GENERIC_SUBJECTS or w in _ORG_OWNED for w in words):
        return 0.0
    if clause and (clause[0] in _INVITE or clause[0] in _CONDITIONAL_WORDS):
        return 0.0
    for a, _, kind, _ in objects:
        if kind != "clinical":
            continue
        before = words[max(lo, a - 2):a]
        if before and (before[-1] in _DEFINITE_CARE or (len(before) == 2 and before[0] in _DEFINITE_CARE and before[1] not in _OBJECT_WORDS)):
            return 0.6
    return 0.0


def _is_may_month(sentence: Sentence, k: int) -> bool:
    """"the May visit", "on May 3": the month, not the modal."""
    return k > 0 and sentence.texts[k] == "May"


# Every word _time_anchor's token tests can accept ("may": the month written "May").
_TIME_WORDS: Final = _ALWAYS_TIME | WEEKDAYS | MONTHS | frozenset(("manana", "may"))


def _time_anchor(sentence: Sentence, plain: bool, digit: bool) -> int:
    """The token of a time anchor ("on Tuesday", "ayer", "in March"), len(tokens) for a
    phrase ("last week"), or -1 (``plain``: the reply is ASCII with single spaces only,
    so its sentences are too; ``digit``: False only if the reply holds no digit 0 to 9,
    so none of its sentences does)."""
    words = sentence.words
    for k in range(len(words)):
        w = words[k]
        if w not in _TIME_WORDS:
            continue  # (none of the tests below can pass for it)
        if w in _ALWAYS_TIME:
            return k
        prev = words[k - 1] if k else ""
        nxt = words[k + 1] if k + 1 < len(words) else ""
        after = words[k + 2] if k + 2 < len(words) else ""
        if w in _WEEKDAYS and prev not in _RANGE and nxt not in _RANGE_NEXT and not (nxt in _AND and after in _WEEKDAYS):
            return k  # "came in Tuesday", "el martes"; not "Monday through Friday"
        if (w in _MONTHS or _is_may_month(sentence, k)) and (prev in _MONTH_BEFORE or nxt[:1].isdigit()):
            return k
        if w == "manana" and prev not in ("la", "las", "por", "de", "en", "cada"):
            return k
    lower = sentence.lower  # (ASCII: same matches from a faster pattern, prefilter.py)
    if lower.isascii():
        # (no _TIME_DIGIT match: then no alternative with a digit matches; without a digit
        # in the reply there is none, and the regex scan is skipped)
        if not digit or _TIME_DIGIT.search(lower) is None:
            if not _holds_all(lower, _TIME_PHRASE_KEYS) and not (
                    ("last" in lower and _holds_all(lower, _AFTER_LAST)) or ("this" in lower and _holds_all(lower, _AFTER_THIS))):
                return -1  # (every other match holds one of those words)
            if (plain or (lower.isprintable() and "  " not in lower)) and not _holds_any(lower, _TIME_PHRASE_LITERALS):
                return -1  # (with single spaces only, a match without a digit is one of those)
        found = _TIME_PHRASE_ASCII.search(lower)
    else:
        found = _TIME_PHRASE.search(sentence.text)
    return len(words) if found else -1


_VISIT_VERBS: Final = frozenset(
    """arrived came stopped visited knocked drove showed went dropped
    llego vino paso visito fue""".split()
)


def _visit(sentence: Sentence, k: int) -> bool:
    words = sentence.words
    return k + 1 < len(words) and words[k + 1] in _VISIT_VERBS and _HABITUAL_OR_MODAL.isdisjoint(words)


# A reaction to a particular fact presupposes it: "so glad the implant feels natural",
# "sorry about the mix-up with the prescription", "congrats on finishing therapy".
_REACTION: Final = re.compile(
    r"\b(?:glad|thrilled|happy|pleased|relieved|delighted|sorry)\s+(?:to\s+hear\s+)?(?:that\s+|about\s+|for\s+|with\s+)?"
    r"(?:the|your|his|her|their)\b|\bcongrat\w*\s+on\b|"
    r"\b(?:nos\s+alegra|nos\s+da\s+gusto|qu[eé]\s+(?:bueno|gusto|alegr[ií]a)|felicidades\s+por|lamentamos\s+que)\b"
)
_REACTION_FAST: Final = re.compile(fast_boundaries(_REACTION.pattern))  # the same matches, faster
_ROLES: Final = frozenset(
    """surgeon nurse doctor dentist hygienist pharmacist therapist tech technician
    scheduler aide midwife provider physician radiologist anesthesiologist
    enfermera enfermero doctora medico dentista terapeuta""".split()
)


def _role_acting(sentence: Sentence, verbs: frozenset[str] | None = None) -> bool:
    """"the surgeon reviewed", "la enfermera revisó": a definite staff role doing something
    (with ``verbs``: one of those)."""
    words = sentence.words
    if _ROLES.isdisjoint(words):
        return False
    for k in range(1, len(words) - 1):
        if words[k] in _ROLES and words[k - 1] in ("the", "your", "his", "her", "el", "la", "su"):
            nxt = words[k + 1]
            if verbs is not None:
                if nxt in verbs:
                    return True
                continue
            if nxt in _REPORTED or nxt in _IRREGULAR_PAST or (nxt.endswith("ed") and nxt not in _NOT_PAST) or nxt in ("who", "que"):
                return True
            raw = sentence.texts[k + 1].lower()
            if _ES_PRETERITE.search(raw) and len(raw) > 3:
                return True
    return False


def _clinician_acting(sentence: Sentence) -> bool:
    """A named clinician doing something for someone: "Dr. Lee said", "la Dra. Ruiz le llamó"."""
    for start, end in sentence.clinician_spans:
        for k, token_start in enumerate(sentence.starts):
            if token_start >= end:
                if sentence.words[k] in _CLINICIAN_ACTS:
                    return True
                break
    return False


def _clauses(sentence: Sentence) -> list[tuple[int, int]]:
    """Token ranges of the clauses of a sentence."""
    lower = sentence.lower
    if lower.isascii():
        return _clauses_ascii(sentence, lower)
    count = len(sentence.words)
    starts = sentence.starts
    base = sentence.start
    split = _CLAUSE_SPLIT.finditer(sentence.text)
    # The matches come in order, so their token indexes never decrease: the ranges
    # between successive distinct cuts (0 and ``count`` included) need no sorting.
    clauses: list[tuple[int, int]] = []
    a = 0
    for match in split:
        b = bisect_left(starts, match.end() + base)
        if b > a:
            clauses.append((a, b))
            a = b
    if count > a:
        clauses.append((a, count))
    return clauses


# On ASCII text a match of _CLAUSE_SPLIT is punctuation or " - " between two tokens (no
# token holds any), or one of these words delimited by a non-word character: a whole
# token, or a part of one between its joiners (' and -). A cut falls before the first
# token at or after the match's end: before the next token for punctuation, after the
# token for a word.
_CONJUNCTIONS: Final = frozenset("and but so because although while y pero porque aunque mientras".split())
_CUT_CHARACTERS: Final = ",;:()"  # (each found with str.find)


def _clauses_ascii(sentence: Sentence, lower: str) -> list[tuple[int, int]]:
    """_clauses of an ASCII sentence: the same cuts as _CLAUSE_SPLIT gives, from str.find
    for its punctuation and a walk over the words for its conjunctions (instead of trying
    the word alternatives at every character)."""
    words = sentence.words
    count = len(words)
    if not count:
        return []
    starts = sentence.starts
    base = sentence.start
    size = len(lower)
    cuts: list[int] = []
    # Punctuation lies between tokens: its cut is before the first token after it.
    for character in _CUT_CHARACTERS:
        p = lower.find(character)
        while p >= 0:
            cuts.append(bisect_left(starts, base + p + 1))
            p = lower.find(character, p + 1)
    p = lower.find("-")
    while p >= 0:
        # ("\s-\s"; a hyphen inside a token has a letter or digit beside it)
        if 0 < p < size - 1 and lower[p - 1].isspace() and lower[p + 1].isspace():
            cuts.append(bisect_left(starts, base + p + 2))
        p = lower.find("-", p + 1)
    ends = sentence.ends
    for k in range(count):
        if words[k] in _CONJUNCTIONS:
            start = starts[k] - base
            end = ends[k] - base
            # ("_" is a word character: no boundary next to it)
            if (start == 0 or lower[start - 1] != "_") and (end == size or lower[end] != "_"):
                cuts.append(k + 1)  # (the cut after a conjunction)
    # A joined token ("rock-and-roll", "y'all") holds a joiner: found with str.find too.
    for joiner in ("'", "-"):
        p = lower.find(joiner)
        while p >= 0:
            k = bisect_right(starts, base + p) - 1  # (the token starting at or before it)
            if k >= 0 and ends[k] > base + p and _joined_conjunction(words[k], lower, starts[k] - base, ends[k] - base):
                cuts.append(k + 1)
            p = lower.find(joiner, p + 1)
    if not cuts:
        return [(0, count)]
    cuts.sort()
    clauses: list[tuple[int, int]] = []
    a = 0
    for b in cuts:
        if b > a:
            clauses.append((a, b))
            a = b
    if count > a:
        clauses.append((a, count))
    return clauses


def _joined_conjunction(word: str, lower: str, start: int, end: int) -> bool:
    """Whether a part of a joined token ("rock-and-roll", "y'all") is one of _CONJUNCTIONS
    with word boundaries on both sides."""
    parts = word.replace("'", "-").split("-")
    last = len(parts) - 1
    for n in range(len(parts)):
        if parts[n] not in _CONJUNCTIONS:
            continue
        if n == 0 and start > 0 and lower[start - 1] == "_":
            continue
        if n == last and end < len(lower) and lower[end] == "_":
            continue
        return True
    return False


def _token_index(sentence: Sentence, position: int) -> int:
    return bisect_left(sentence.starts, position)  # (the tokens' starts)


def _named_actor(doc: Doc, sentence: Sentence) -> int:
    """The token of a capitalized first name doing something ("Luis says", "Bethany
    arrived"), or -1."""
    words, texts, starts = sentence.words, sentence.texts, sentence.starts
    # The tests are all required; the cheapest and rarest first: only a token before an
    # actor verb is tested further.
    for j in range(1, len(words)):
        if words[j] not in _ACTOR_VERBS:
            continue
        k = j - 1
        text = texts[k]
        if not text[:1].isupper() or text.isupper():
            continue
        word = words[k]
        if word in _NAME_STOP or word in _MONTHS or word in _WEEKDAYS or word in doc.org_words:
            continue
        if word in _OBJECT_WORDS or word in doc.lexicon.terms or word.rstrip(".") in _CLINICIAN_TITLES:
            continue
        if word in doc.clinician_names or (k and words[k - 1].rstrip(".") in _CLINICIAN_TITLES):
            continue
        if sentence.clinician_spans and _in_spans(sentence.clinician_spans, starts[k]):
            continue
        return k
    return -1


def _in_spans(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` lies in one of ``spans`` (a loop: no generator per call)."""
    for s, e in spans:
        if s <= position < e:
            return True
    return False


@lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _name_tokens(doc: Doc, sentence: Sentence) -> list[int]:
    """Capitalized words that name someone other than a clinician of the roster: "Stanley
    kept everyone laughing", "su hijo Diego"."""
    words, texts, starts = sentence.words, sentence.texts, sentence.starts
    found: list[int] = []
    # An ASCII token's word is its text lowercased, so only a token that differs from its
    # word can be capitalized: a string comparison skips the others first.
    ascii_text = sentence.text.isascii()
    for k in range(len(texts)):
        text = texts[k]
        if ascii_text and text == words[k]:
            continue
        if len(text) < 3 or not text[:1].isupper() or text.isupper():
            continue
        word = words[k]
        if word in _NAME_STOP or word in _MONTHS or word in _WEEKDAYS or word in doc.org_words or word in doc.clinician_names:
            continue
        if word in _OBJECT_WORDS or word in doc.lexicon.terms or word.rstrip(".") in _CLINICIAN_TITLES:
            continue
        prev = words[k - 1] if k else ""
        if prev.rstrip(".") in _CLINICIAN_TITLES or (sentence.clinician_spans and _in_spans(sentence.clinician_spans, starts[k])):
            continue
        if k + 1 < len(texts) and texts[k + 1][:1].isupper():
            continue  # "Main Street", "Saint Mary": places and organizations
        if k == 0 and not (k + 1 < len(words) and (words[k + 1] in _ACTOR_VERBS or text.endswith("'s"))):
            continue
        found.append(k)
    return found


def _post_words(doc: Doc) -> frozenset[str]:
    post = doc.context.post
    if not post:
        return frozenset()
    return _post_words_of(post, doc.language)


@lru_cache(maxsize=4096)
def _post_echo_words(post: str, language: str) -> frozenset[str]:
    """Every word whose _stem is the stem of one of the post's care words (keyed on the
    post only). A word's stem is the word less at most one suffix, so each such word is
    a stem plus one of those suffixes: a set test then replaces stemming every word."""
    stems = frozenset(_stem(w) for w in _post_words_of(post, language))
    candidates = {stem + suffix for stem in stems for suffix in ("", "ies", "ing", "ed", "es", "s")}
    return frozenset(w for w in candidates if _stem(w) in stems)


@lru_cache(maxsize=4096)  # more posts than a dev set cycles through, or it never hits
def _post_words_of(post: str, language: str) -> frozenset[str]:
    from safereply.screening.lexicon import fold, load

    lexicon = load(language).terms
    return frozenset(
        w for w in re.findall(r"[^\W\d_]+", fold(post))
        if (w in _OBJECT_WORDS and w not in _WEAK_OBJECTS) or (len(w) > 3 and lexicon.get(w, "ambiguous") != "ambiguous")
    )


RECOGNIZER: SpecificRecognizer = SpecificRecognizer()
