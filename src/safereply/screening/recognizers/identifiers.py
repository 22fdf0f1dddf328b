"""Identifiers: Safe Harbor identifiers of a patient or their relatives.

Two kinds of rules:

* primary: a record, claim, account or plan number, or the person's own phone, email or
  address. These disclose on their own.
* secondary: names, dates tied to the person and ages over 89. "Thank you, Maria" or
  "see you Tuesday" are harmless alone, so these are reported only when the reply
  discloses something else (the engine drops them otherwise).

The organization's own contact details are never findings: they come from the context,
and contact details in general-service sentences not tied to the reader are treated as
the organization's too.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from safereply.screening.findings import Category, Finding
from safereply.screening.lexicon import fold
from safereply.screening.recognizers.base import Doc, Pattern, Recognizer, Sentence, make_finding
from safereply.screening.recognizers.prefilter import (
    _split_alternatives,
    doc_tokens,
    fast_boundaries,
    text_words,
    without_digit_alternatives,
)
from safereply.screening.recognizers.vocabulary import MONTHS, WEEKDAYS

SECONDARY_KINDS = frozenset({"name", "date"})

EXPLAIN = {
    "record_number": "This is a record, account, claim or plan number that identifies a patient.",
    "phone": "This is the person's own phone number, which identifies them.",
    "email": "This is the person's own email address, which identifies them.",
    "address": "This is the person's own street address, which identifies them.",
    "url": "This web address points at the person, which identifies them.",
    "name": "In a reply that discloses care, naming the person (or their relative) ties the health details to them.",
    "date": "This date is tied to the person's care (a visit, procedure or call), which identifies them.",
    "age": "Ages over 89 identify a person and must not be published.",
}
FIX = {
    "record_number": "Delete the number; never quote record, account or claim numbers in public.",
    "phone": "Delete the person's number and give only the organization's own phone number.",
    "email": "Delete the person's email address and give only the organization's own contact details.",
    "address": "Delete the person's address; share only the organization's address if needed.",
    "url": "Delete the link to the person.",
    "name": "Do not name the person or their relatives when the reply mentions care; use a general greeting.",
    "date": "Remove the date; do not mention when this person had contact with you.",
    "age": "Remove the age.",
}

RECORD_NUMBER = Pattern(
    "record_number",
    r"\b(?:claim|account|acct|plan|member|policy|record|chart|mrn|case|invoice|patient|subscriber|group|"
    r"cuenta|expediente|reclamo|póliza|poliza|miembro|folio|afiliado)"
    r"(?:\s+(?:id|number|no\.?|num\.?|#|de\s+miembro))?\s*(?:[:#]|number|no\.?)?\s*#?\s*([A-Z0-9][A-Z0-9\-]{3,20})\b",
    0.9,
)
HASH_NUMBER = Pattern("hash_number", r"(?<![\w&])#\s?([A-Z]{0,4}-?\d[\d\-]{3,18})\b", 0.85)
CARD_ENDING = Pattern("card_ending", r"\b(?:card|tarjeta)\s+(?:ending|que\s+termina)\s+(?:in|en)\s+\d{4}\b", 0.9)
PHONE = Pattern(
    "phone",
    r"(?<![\w+])(?:\+?1[\s.\-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.\-])\d{3}[\s.\-]\d{4}(?!\d)|(?<![\d\-(])\b\d{3}-\d{4}\b(?!-\d)",
    0.9,
)
EMAIL = Pattern("email", r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,4}", 0.9)
STREET = Pattern(
    "street_address",
    r"\b\d{1,6}\s+(?:[A-Z][\w'.]{0,20}\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Lane|Ln|Court|Ct|Boulevard|Blvd|Way|Place|Pl|Parkway|Pkwy|Terrace|Circle|Highway|Hwy)\b\.?(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|#)\.?\s*\w{1,6})?"
    r"|\b(?:calle|avenida|av\.|privada|callejón|camino)\s+(?:[\w.'áéíóúñÁÉÍÓÚÑ]{1,20}\s+){0,3}\d{1,6}\b"
    r"|\b\d{1,6}\s+(?:calle|avenida)\s+(?:[\w.'áéíóúñÁÉÍÓÚÑ]{1,20}\s*){1,3}",
    0.85,
    flags=re.UNICODE,
)
NAMED_ADDRESS = Pattern(
    "named_address",
    r"\b(?:your|su|tu)\s+(?:[A-Z][\w']{1,20}\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Drive|Lane|Court|Boulevard|Way|Place)\s+(?:address|home|house)"
    r"|\baddress\s+on\s+(?:[A-Z][\w']{1,20}\s+){0,2}(?:Street|St|Avenue|Ave|Road|Rd|Drive|Lane|Court|Ct|Boulevard|Way|Place)\b"
    r"|\b(?:su|tu)\s+domicilio\b(?:\s+en\s+(?:la\s+)?(?:calle|avenida)\s+\w{1,20})?",
    0.85,
    flags=0,
)
AGE = Pattern(
    "age_over_89",
    r"\b(?:9\d|1[01]\d)(?:\s*-?\s*(?:years?|yrs?)(?:\s*-?\s*(?:old|young))?|(?:st|nd|rd|th)\s+birthday|\s+años|\s+cumpleaños)\b"
    r"|\b(?:turning|turned|turns|cumpleaños|cumple|cumplió|cumplio)\s+(?:n[uú]mero\s+)?(?:9\d|1[01]\d)\b"
    r"|\b(?:at|a\s+los|con)\s+(?:9\d|1[01]\d)\b(?!\s*(?:%|percent|minutes|mins|days|dollars|\$|a\.m|p\.m))",
    0.85,
)
_PERSONAL_AGE = re.compile(r"birthday|cumple|turn|young|old", re.IGNORECASE)
# "93 years young": a description of a person even in a reply that names nobody else.
_DESCRIBED_AGE = re.compile(r"young|old", re.IGNORECASE)
_DATE_WORDS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
DATE = Pattern(
    "date",
    r"\b" + _DATE_WORDS + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+of\s+" + _DATE_WORDS + r"\b"
    r"|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"
    r"|\bthe\s+\d{1,2}(?:st|nd|rd|th)\b(?:\s+of\s+(?:last|this|next)\s+month)?"
    r"|\b(?:on|last|this\s+past|since|from)\s+" + _DAYS + r"\b(?!s)"
    r"|\b" + _DAYS + r"\s+(?:morning|afternoon|evening|night)\b"
    r"|\b(?:yesterday|last\s+night|last\s+week|this\s+morning|earlier\s+today|tonight)\b"
    r"|\bin\s+(?:january|february|march|april|june|july|august|september|october|november|december)\b"
    r"|\b\d{1,2}\s+de\s+(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)\b"
    r"|\b(?:el|del|este|pasado)\s+(?:lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo)(?!s)\b(?:\s+\d{1,2})?"
    r"|\b(?:ayer|anoche|esta\s+mañana|el\s+\d{1,2}\b)",
    0.75,
)

# For an ASCII sentence: the same patterns, case-sensitive, run on the lowercased sentence
# (their literals are all lowercase, so the matches are the same) and, where possible,
# with the leading boundary moved (prefilter.fast_boundaries) for a faster scan.
_AGE_LOWER = re.compile(fast_boundaries(AGE.regex))


def _digits_spelled(regex: str) -> str:
    """``regex`` with each top-level alternative ``\\b\\d{1,2}REST`` written as ten,
    ``\\b0\\d?REST`` to ``\\b9\\d?REST``, in its place: on ASCII text the same matches
    (\\d is [0-9] there, and \\d\\d? backtracks as \\d{1,2} does), and every alternative
    then starts with a literal, so fast_boundaries can move the boundaries (with a \\d
    first it leaves the whole pattern as it is, tried alternative by alternative at
    every position)."""
    lead = r"\b\d{1,2}"
    alternatives = _split_alternatives(regex)
    if alternatives is None:
        return regex
    parts: list[str] = []
    for alternative in alternatives:
        if alternative.startswith(lead):
            parts.extend(r"\b" + digit + r"\d?" + alternative[len(lead):] for digit in "0123456789")
        else:
            parts.append(alternative)
    return "|".join(parts)


_DATE_LOWER = re.compile(fast_boundaries(_digits_spelled(DATE.regex)))
# The same for a sentence without a digit: only the alternatives that can match there,
# all led by words, so the boundaries move and the scan skips ahead.
_DATE_LOWER_NO_DIGIT = re.compile(fast_boundaries(without_digit_alternatives(DATE.regex)))

# Local parts of addresses that belong to an organization, not a person.
_ROLE_LOCAL = frozenset(
    """info contact contacto hello hola office billing records care quality feedback
    intake support help appointments appointment scheduling citas pacientes gerencia
    facturacion calidad registros admin frontdesk front-desk reception recepcion nurse
    nurses manager privacy compliance hr jobs careers newfamilies new-patients team
    clinic pharmacy rx refills payments accounts""".split()
)
_FREE_MAIL = re.compile(
    r"@(?:gmail|yahoo|hotmail|outlook|live|aol|icloud|me|msn|proton|protonmail|gmx|inbox|"
    r"mailbox|homemail|fastmail|correo|mail|email|comcast|verizon|att)\.", re.IGNORECASE
)
# Before a person's phone or address: "we called you at", "tried 555-...", "le llamamos al".
_PERSONAL_BEFORE = re.compile(
    r"(?:(?<!from\s)\byou\s+(?:back\s+)?(?:at|on)|\byour\b|\btried\b|\bcalled\b|\bdialed\b|\btexted\b|\bmailed\b|\bsent\b|"
    r"\bllamamos\b|\bmarcamos\b|\bsu\s+(?:número|numero|celular|teléfono|telefono)|"
    r"\btu\s+(?:número|numero|celular|teléfono|telefono)|\bcell\b|\bnumber\s+on\s+file)",
    re.IGNORECASE,
)
# The same, for the lowercased window of an ASCII sentence: case-sensitive (its literals
# that can match ASCII text are lowercase, so the matches are the same) and with the
# leading boundary taken out of the alternatives (the lookbehind and \b both test the
# same position): several times faster than the IGNORECASE form.
_PERSONAL_BEFORE_LOWER = re.compile(
    r"\b(?:(?<!from\s)you\s+(?:back\s+)?(?:at|on)|your\b|tried\b|called\b|dialed\b|texted\b|mailed\b|sent\b|"
    r"llamamos\b|marcamos\b|su\s+(?:número|numero|celular|teléfono|telefono)|"
    r"tu\s+(?:número|numero|celular|teléfono|telefono)|cell\b|number\s+on\s+file)"
)


def _personal_before(text: str, lower: str, ascii_text: bool, at: int) -> bool:
    """Whether _PERSONAL_BEFORE matches in the 40 characters of the sentence before ``at``
    (``lower``: the sentence lowercased, used when ``ascii_text``)."""
    if ascii_text:
        return _PERSONAL_BEFORE_LOWER.search(lower[max(0, at - 40) : at]) is not None
    return _PERSONAL_BEFORE.search(text[max(0, at - 40) : at]) is not None


_ORG_BEFORE = re.compile(
    r"(?:\bwe(?:'re|\s+are)\s+(?:located\s+)?at|\blocated\b|\bmoved\s+to|\bnos\s+mudamos|\bestamos\s+en|\bour\s+(?:new\s+)?(?:office|address|clinic)|\bvisit\s+us)",
    re.IGNORECASE,
)
_GENERIC_DATE_CONTEXT = re.compile(
    r"\b(?:every|each|cada|todos\s+los|todas\s+las|through|until|hasta|a\s+partir|open|abrimos|hours|horario|"
    r"starting|since\s+\d{4}|in\s+\d{4})\b",
    re.IGNORECASE,
)


_DIGIT = re.compile(r"\d")
# The shape of an ASCII text, byte for byte: every digit becomes "0" and every whitespace
# character (what \s matches there) a space; the rest stays. bytes.translate makes it in
# one C loop, far cheaper than a \d search, and it tells how many digits there are and
# where a phone number's digits may be.
_SHAPE = bytes(
    ord("0") if chr(i) in "0123456789" else ord(" ") if chr(i).isspace() else i for i in range(256)
)
# Every PHONE match holds \d{3}[\s.\-]\d{4}, at most 9 characters after its start
# ("+1 (555) " before it).
_PHONE_CORES = (b"000 0000", b"000.0000", b"000-0000")
_PHONE_LEAD = 9
_GENERIC_DATE_LOWER = re.compile(fast_boundaries(_GENERIC_DATE_CONTEXT.pattern))
# Without one of these (in a lowercased ASCII sentence) DATE cannot match: each of its
# alternatives needs a digit, a month, a weekday or one of the relative-day words.
# Without one of these words RECORD_NUMBER cannot match (its literal start, lowercased).
RECORD_TRIGGER = re.compile(
    r"claim|account|acct|plan|member|policy|record|chart|mrn|case|invoice|patient|subscriber|"
    r"group|cuenta|expediente|reclamo|poliza|miembro|folio|afiliado"
)
# In an ASCII sentence without a digit, DATE can only match where one of these words is
# a whole word (each stands between boundaries or spaces in the pattern), or where a word
# starts with "ayer" or "anoche" (no boundary after those in the pattern).
_DATE_WORDS_ONLY = frozenset(
    """january february march april june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday lunes martes miercoles jueves
    viernes sabado domingo yesterday night tonight week morning today""".split()
)
_JOINERS = re.compile(r"['’\-]")


def _has_word(wanted: frozenset[str], words: list[str], lower: str) -> bool:
    """Whether a word of ``wanted`` is a token of the sentence or a part of a token joined
    by an apostrophe or hyphen (a word between boundaries always is one of these)."""
    if not wanted.isdisjoint(words):
        return True
    if "-" in lower or "'" in lower or "’" in lower:
        return not wanted.isdisjoint(_joined_parts(words))
    return False


def _joined_parts(words: list[str]) -> list[str]:
    """The parts of the tokens split at their joiners (as _JOINERS.split of each token;
    tokens never hold whitespace, so they are joined by spaces and split once, in C)."""
    return " ".join(words).replace("'", " ").replace("-", " ").replace("’", " ").split(" ")


# A street word of STREET or NAMED_ADDRESS, folded.
_STREET_WORDS = frozenset(
    """street st avenue ave road rd drive dr lane ln court ct boulevard blvd way place pl
    parkway pkwy terrace circle highway hwy calle avenida av privada camino""".split()
)


def _date_possible(words: list[str], lower: str) -> bool:
    """Whether DATE may match an ASCII sentence with no digit, from its folded tokens.

    A word of the pattern starts at a boundary; a token starts there too unless a joiner
    (apostrophe, hyphen) ties it to the word before, so joined tokens are also split."""
    if not _DATE_WORDS_ONLY.isdisjoint(words):
        return True
    if "-" in lower or "'" in lower or "’" in lower:
        if not _DATE_WORDS_ONLY.isdisjoint(_joined_parts(words)):
            return True
    return "ayer" in lower or "anoche" in lower


# In an ASCII sentence with a digit, DATE can only match where one of these words (or one
# of _DATE_WORDS_ONLY) is a whole word, where "/" occurs, where a word starts with "ayer"
# or "anoche", or where "the" or "el" stands right before a token that starts with a digit
# ("the 3rd", "el 5"): each alternative of the pattern needs one of these.
# RECORD_NUMBER for an ASCII sentence, run case-sensitively on the lowercased sentence:
# its literals are lowercase and its [A-Z0-9] classes, under IGNORECASE, match there what
# [a-z0-9] does, so the matches (and their digits) are the same; the leading boundary moves
# so the engine skips ahead to the key words.
_RECORD_LOWER = re.compile(
    fast_boundaries(RECORD_NUMBER.regex.replace("[A-Z0-9]", "[a-z0-9]").replace("[A-Z0-9\\-]", "[a-z0-9\\-]"))
)
_DIGIT_DATE_WORDS = _DATE_WORDS_ONLY | frozenset(
    """jan feb mar apr may jun jul aug sep sept oct nov dec enero febrero marzo abril mayo
    junio julio agosto septiembre setiembre octubre noviembre diciembre""".split()
)


def _has_hit(hits: list[str], words: list[str], lower: str) -> bool:
    """``_has_word(wanted, words, lower)`` for a sentence of a reply whose words (from
    ``doc_tokens``) meet ``wanted`` only in ``hits``: a word of the sentence is a word of
    the reply, and a substring of the sentence, so a few substring tests settle most
    sentences."""
    for hit in hits:
        if hit in lower:
            return _has_word(frozenset(hits), words, lower)
    return False


def _digit_date_possible(words: list[str], lower: str, hits: list[str] | None) -> bool:
    """Whether DATE may match an ASCII sentence with a digit, from its folded tokens
    (``hits``: as for ``_has_hit``, None when not known).

    "the" or "el" before the digits is followed by whitespace only, so it ends a token
    (whole, or the last part of one joined by an apostrophe or hyphen) and the digits
    start the next token."""
    if "/" in lower or "ayer" in lower or "anoche" in lower:
        return True
    if _has_word(_DIGIT_DATE_WORDS, words, lower) if hits is None else _has_hit(hits, words, lower):
        return True
    previous = ""
    word: str
    for word in words:
        if word[:1].isdigit() and (
            previous == "the" or previous == "el" or previous.endswith(("-the", "'the", "-el", "'el"))
        ):
            return True
        previous = word
    return False


_NON_DIGIT = re.compile(r"\D")


def _digits(text: str) -> str:
    # (a compiled pattern: re.sub with a string looks the pattern up in re's cache each call)
    return _NON_DIGIT.sub("", text)


# "Escríbanos a", "email us at", "contact us at": the organization's own mailbox.
_WRITE_US_BEFORE = re.compile(
    r"\b(?:escr[ií]b[ae]nos|cont[aá]ct[ae]nos|env[ií]enos|m[aá]nd[ae]nos|(?:e-?mail|write(?: to)?|contact|reach|message) us)"
    r"\s+(?:a|al|at|to|en|via)?\s*:?\s*$",
    re.IGNORECASE,
)


def _org_domain(domain: str, org_words: frozenset[str]) -> bool:
    """A domain spelling at least two of the organization's name words ("dialisissantafe")."""
    name = fold(domain.rsplit(".", 1)[0]).replace("-", "")
    return sum(1 for w in org_words if len(w) >= 3 and w in name) >= 2


def _org_phone_digits(doc: Doc) -> set[str]:
    return {_digits(p)[-10:] for p in doc.context.organization.phones if _digits(p)}


class IdentifierRecognizer(Recognizer):
    name = "identifiers"
    category = Category.IDENTIFIER

    def analyze(self, doc: Doc) -> list[Finding]:
        findings: list[Finding] = []
        org = doc.context.organization
        org_phones = _org_phone_digits(doc)
        org_emails = {e.lower() for e in org.emails}
        org_addresses = [fold(a) for a in org.addresses]
        patient = doc.context.patient
        # (plain loops, not any() over a generator: cheaper compiled)
        addressed = False
        for sentence in doc.sentences:
            for ref in sentence.person_refs:
                if ref.strength >= 0.5:
                    addressed = True
                    break
            if addressed:
                break
        # The last seven digits of the organization's phones, once per reply.
        org_phones7 = {d[-7:] for d in org_phones}
        category = self.category
        # Whole-reply tests first: a reply without a digit has no sentence with one, and
        # one whose words hold no date or street word has no sentence holding one either
        # (when doc_tokens allows it, the reply's words are exactly its sentences' tokens
        # split at their joiners, which _date_possible and _has_word look at; otherwise
        # every sentence is tested as before).
        any_digit = doc.text.isascii() or _DIGIT.search(doc.text) is not None
        reply_lower = doc.lower
        plain_runs = doc_tokens(doc) is not None
        reply_words = text_words(reply_lower, doc).words if plain_runs else set()
        no_date_word = plain_runs and _DATE_WORDS_ONLY.isdisjoint(reply_words) and "ayer" not in reply_lower and "anoche" not in reply_lower
        no_street_word = plain_runs and _STREET_WORDS.isdisjoint(reply_words)
        # The words of those lists the reply holds (each sentence's words are among them).
        date_hits: list[str] | None = sorted(_DATE_WORDS_ONLY.intersection(reply_words)) if plain_runs else None
        digit_date_hits: list[str] | None = sorted(_DIGIT_DATE_WORDS.intersection(reply_words)) if plain_runs else None
        street_hits: list[str] | None = sorted(_STREET_WORDS.intersection(reply_words)) if plain_runs else None
        for sentence in doc.sentences:
            text, base = sentence.text, sentence.start

            ascii_text = text.isascii()
            lower = sentence.lower
            # Counted once: the record numbers need three digits (isdigit() counts the
            # same digits as \d on ASCII text), the phone numbers seven.
            shape = text.encode("ascii").translate(_SHAPE) if ascii_text else b""
            if ascii_text:
                digit_count = shape.count(b"0")
                has_digit = digit_count > 0
            else:
                has_digit = any_digit and _DIGIT.search(text) is not None
                digit_count = len(_DIGIT.findall(text)) if has_digit else 0
            for pattern in (RECORD_NUMBER, HASH_NUMBER) if has_digit and (digit_count >= 3 or not ascii_text) else ():
                if ascii_text and pattern is HASH_NUMBER and "#" not in text:
                    continue  # (ASCII only: see the gates below)
                for match in (_RECORD_LOWER.finditer(lower) if ascii_text and pattern is RECORD_NUMBER else pattern.finditer(text)):
                    # (the value group: in _RECORD_LOWER each alternative has its own copy)
                    value = match.group(match.lastindex or 1)
                    if sum(ch.isdigit() for ch in value) < 3:
                        continue
                    if PHONE.compiled.fullmatch(value):
                        continue
                    _add(findings, category, base, match.start(), match.end(), "record_number", pattern.score, pattern.name)
            # The gates below look for literal words in the lowercased sentence; they are
            # only exact for ASCII text (IGNORECASE also matches a few non-ASCII letters,
            # such as the long s or the Kelvin sign), so other sentences run every pattern.
            if not ascii_text or "card" in lower or "tarjeta" in lower:
                for match in CARD_ENDING.finditer(text):
                    _add(findings, category, base, match.start(), match.end(), "record_number", CARD_ENDING.score, CARD_ENDING.name)

            # Both phone shapes need seven digits or more.
            phone_from = 0 if digit_count >= 7 else -1
            if ascii_text and phone_from == 0:
                # No match starts more than _PHONE_LEAD characters before the first core
                # (and without a core there is none).
                phone_from = -1
                for core in _PHONE_CORES:
                    found = shape.find(core)
                    if found >= 0 and (phone_from < 0 or found < phone_from):
                        phone_from = found
                if phone_from >= 0:
                    phone_from = max(0, phone_from - _PHONE_LEAD)
            for match in PHONE.finditer(text, phone_from) if phone_from >= 0 else ():
                digits = _digits(match.group())
                if digits[-10:] in org_phones or digits[-7:] in org_phones7:
                    continue
                if not _possible_phone(digits):
                    continue
                # (the patient's own number first: then the window need not be searched)
                if (patient is not None and patient.phone and _digits(patient.phone)[-7:] == digits[-7:]) or (
                        _personal_before(text, lower, ascii_text, match.start())):
                    _add(findings, category, base, match.start(), match.end(), "phone", PHONE.score, "phone.personal")

            for match in EMAIL.finditer(text) if "@" in text else ():
                email = match.group().rstrip(".").lower()
                if email in org_emails:
                    continue
                local, _, domain = email.partition("@")
                if org.urls and any(domain in u.lower() for u in org.urls):
                    continue
                window = text[max(0, match.start() - 40) : match.start()]
                personal = False
                if local in _ROLE_LOCAL or local.split(".")[0] in _ROLE_LOCAL:
                    personal = False
                elif _FREE_MAIL.search(email) or any(part in local for part in doc.poster_names):
                    personal = True
                elif _WRITE_US_BEFORE.search(window) or _org_domain(domain, doc.org_words):
                    personal = False  # "write to us at ...", or a mailbox at the organization's own domain
                elif _personal_before(text, lower, ascii_text, match.start()) or re.search(r"\b(?:to|a)\s*$", window):
                    personal = True
                if patient is not None and patient.email and patient.email.lower() == email:
                    personal = True
                if personal:
                    _add(findings, category, base, match.start(), match.start() + len(email), "email", EMAIL.score, "email.personal")

            addresses = has_digit or "domicilio" in text or "ddress" in text
            if addresses and ascii_text and "domicilio" not in lower and (no_street_word or not (
                _has_word(_STREET_WORDS, sentence.words, lower) if street_hits is None else _has_hit(street_hits, sentence.words, lower))):
                addresses = False  # both patterns need a street word or "domicilio"
            for pattern in (STREET, NAMED_ADDRESS) if addresses else ():
                for match in pattern.finditer(text):
                    value = fold(match.group())
                    if any(value[:12] in a or a[:12] in value for a in org_addresses if a):
                        continue
                    window = text[max(0, match.start() - 40) : match.start()]
                    if pattern is NAMED_ADDRESS:
                        personal = True
                    elif _ORG_BEFORE.search(window):
                        personal = False
                    else:
                        personal = _personal_before(text, lower, ascii_text, match.start()) or sentence.strength() >= 0.9
                    if personal:
                        _add(findings, category, base, match.start(), match.end(), "address", pattern.score, pattern.name)

            # (on an ASCII sentence, the same matches from the lowercased sentence; the
            # match's text is then lowercase, which _DESCRIBED_AGE and _PERSONAL_AGE ignore)
            # (every alternative holds a literal 9\d, 10\d or 11\d)
            age_possible = has_digit and ("9" in text or "10" in text or "11" in text)
            age_matches = (_AGE_LOWER.finditer(lower) if ascii_text else AGE.finditer(text)) if age_possible else ()
            for match in age_matches:
                if not addressed and not _DESCRIBED_AGE.search(match.group()):
                    continue
                # An age over 89 in a reply that speaks to or about someone identifies them.
                # A birthday or "turning 94" is always one person's, even "from all of us".
                personal = any(r.strength >= 0.5 for r in sentence.person_refs) or _PERSONAL_AGE.search(match.group()) is not None
                if not sentence.generic or personal:
                    _add(findings, category, base, match.start(), match.end(), "age", AGE.score, AGE.name)

            # The dates are looked for first and the generic context ("every Monday") only
            # where one was found: the same findings, with one search less in most sentences.
            if ascii_text:
                if has_digit:
                    date_matches = list(_DATE_LOWER.finditer(lower)) if _digit_date_possible(sentence.words, lower, digit_date_hits) else []
                elif not no_date_word and (
                    _date_possible(sentence.words, lower) if date_hits is None
                    else _has_hit(date_hits, sentence.words, lower) or "ayer" in lower or "anoche" in lower):
                    date_matches = list(_DATE_LOWER_NO_DIGIT.finditer(lower))
                else:
                    date_matches = []
                if date_matches and _GENERIC_DATE_LOWER.search(lower):
                    date_matches = []
            else:
                date_matches = list(DATE.finditer(text))
                if date_matches and _GENERIC_DATE_CONTEXT.search(text):
                    date_matches = []
            for match in date_matches:
                if sentence.asserted(match.start() + base, match.end() + base):
                    _add(findings, category, base, match.start(), match.end(), "date", DATE.score, DATE.name)

            for ref in sentence.asserted_refs():
                if ref.kind in ("poster", "titled", "third_name", "kin_name"):
                    _add(findings, category, base, ref.start - base, ref.end - base, "name", 0.8, f"name.{ref.kind}")
        return findings


def _add(findings: list[Finding], category: Category, base: int, start: int, end: int, kind: str, score: float, rule: str) -> None:
    """Append the finding of ``kind`` at sentence offsets ``start``-``end`` (``base``: the
    sentence's start in the reply). A module function rather than a closure made anew for
    every sentence."""
    findings.append(
        make_finding(start + base, end + base, category, score, f"identifier.{rule}", EXPLAIN[kind], FIX[kind], kind=kind)
    )


@lru_cache(maxsize=4096)
def _possible_phone(digits: str) -> bool:
    """Cheap plausibility through phonenumbers, run only on regex candidates."""
    if len(digits) == 7:
        return True  # a local number written without an area code
    try:
        number = phonenumbers.parse("+1" + digits[-10:], None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(number)


RECOGNIZER: IdentifierRecognizer = IdentifierRecognizer()
