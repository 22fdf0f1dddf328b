"""Relationship: the reply confirms (or denies) that someone is or was a patient.

"your visit", "we treated you", "our records show", "it was great seeing you",
"you were never our patient", "fue un gusto atenderle", "le llamamos el lunes".
"""

from __future__ import annotations

import re

from safereply.screening.findings import Category, Finding
from safereply.screening.recognizers.base import Doc, Pattern, Recognizer, combine, make_finding, words_pattern
from safereply.screening.recognizers.prefilter import PatternGroup, fast_boundaries
from safereply.screening.recognizers.vocabulary import CARE_NOUNS

EXPLANATION = "This tells the public that the person was seen or cared for here, which confirms a patient relationship."
FIX = "Remove it and speak only about your general policies, or invite the person to contact you privately."

_CARE_NOUN = words_pattern(CARE_NOUNS | {"sesión", "cirugía", "análisis", "revisión", "graduación", "médico", "evaluación"})

# Verbs of care done to the reader: "we saw you", "Dr. Lee remembers you".
_CARE_VERB_BEFORE_YOU = words_pattern(
    """see seeing saw seen treat treated treating examined examine triaged admitted
    discharged remember remembers remembered meet meeting met having squeeze squeezed
    called call calling reached texted emailed mailed reminded offered quoted billed
    charged gave prescribed asked warned contacted expecting""".split()
    + ["caring for", "cared for", "care for", "working with", "worked with", "getting to know",
       "spent time with", "explained to", "talked to", "spoke with", "spoke to"]
)
# What the reader did here: "you came in", "you were seen", "you missed".
_YOU_VERB = words_pattern(
    """seen treated triaged admitted discharged came come arrived walked visited missed
    no-showed received declined refused signed reached cancelled canceled started
    finished completed underwent requested chose paid owe lost used picked filled took
    tested scheduled booked delivered left graduated switched""".split()
)

PATTERNS = (
    Pattern("our_records", r"\b(?:our|the)\s+(?:records|chart|system|files)\s+(?:show|shows|indicate|say|says)\b", 0.95),
    Pattern("no_record_of_person", r"\bno\s+record\s+of\s+(?:you|your|him|her|them)\b", 0.95),
    Pattern("you_patient", r"\byou(?:'re|'ve|\s+are|\s+were|\s+was|\s+have|\s+had)?\s+(?:been\s+)?(?:(?:never|not|no\s+longer|still|already|always)\s+)?(?:been\s+)?(?:(?:our|a)\s+(?:\w+\s+)?patient\b(?!s)|patient\s+of\s+ours)", 0.95),
    Pattern("as_our_patient", r"\b(?:as|lose\s+you\s+as)\s+(?:our|a)\s+patient\b(?!s)", 0.9),
    Pattern("care_verb_you", r"\b" + _CARE_VERB_BEFORE_YOU + r"\s+(?:you|u|ya)\b(?!\s+(?:can|may|might|could|will|would)\b)", 0.85),
    Pattern("you_care_verb", r"\byou(?:'ve|'re|'d)?(?:\s+(?:were|was|have|had|just|already|also|still|both|never|really|first|only|then))?(?:\s+(?:been|were|never|not|just|already|first))?\s+" + _YOU_VERB + r"\b(?!\s+(?:the\s+)?time\b)", 0.85),
    Pattern("you_were_in", r"\byou\s+(?:were|was)\s+(?:in|here|in\s+and\s+out)\b", 0.85),
    Pattern("your_care_noun", r"\b(?:your|ur)\s+(?:[\w'\-]+\s+){0,3}?" + _CARE_NOUN + r"\b", 0.9),
    Pattern("pleasure_caring", r"\b(?:pleasure|great|good|nice|wonderful|lovely|honou?r|joy|privilege|thrilled|loved|love|always\s+happy|happy|glad)\s+(?:to\s+|of\s+)?(?:see|seeing|meet|meeting|have|having|care\s+for|caring\s+for|work\s+with|working\s+with|treat|treating)\s+(?:you|your|him|her|them)\b", 0.9),
    Pattern("see_you_again", r"\bsee\s+you\s+(?:again|at|on|in|for|next|soon|both|then|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", 0.85),
    Pattern("squeeze_in", r"\b(?:squeeze|fit|got|get)\s+(?:you|him|her|them)\s+(?:in|seen|back\s+in)\b", 0.85),
    Pattern("came_back", r"\bcame\s+back\s+(?:\w+\s+){0,2}?(?:normal|abnormal|positive|negative|benign|malignant|clear|elevated|high|low|fine)\b", 0.85),
    # Spanish
    Pattern("es_pleasure", r"\b(?:fue|es|ha\s+sido)\s+un\s+(?:gusto|placer|honor)\s+(?:\w+\s+){0,2}?(?:atender|ver|conocer|acompañar|cuidar|recibir)\w*", 0.9),
    Pattern("es_see_you", r"\b(?:nos\s+vemos|te\s+esperamos|lo\s+esperamos|la\s+esperamos|le\s+esperamos|la\s+espera(?=\s+(?:el|este|esta|mañana|hoy|a\s+las|con\s+gusto|para\s+su))|lo\s+espera|te\s+espera)\b", 0.85),
    Pattern("es_clitic_care", r"\b(?:le|te|lo|la|les|los|se\s+la|se\s+lo|se\s+le)\s+(?:llamamos|llamó|dejamos|atendimos|atendió|vimos|vio|revisamos|revisó|tomó|tomamos|ajustó|ajustamos|recetó|recetamos|recetaran|apartamos|tenemos\s+apartad\w+|mandamos|enviamos|sacamos|hicimos|aplicamos|cobramos|reprogramó|reprogramamos|anotamos|explicó|explicamos|advirtió|dio|dimos|conectamos|volvimos|subimos|ofrecimos|operamos|pusimos|colocamos|toca|cementamos|medimos|confirmamos|extrañan|extrañamos)\b", 0.85),
    Pattern("stayed_with_us", r"\b(?:was|were|stayed|has\s+been|have\s+been)\s+(?:here\s+)?with\s+us\b", 0.8),
    Pattern("spent_time", r"\bspent\s+(?:\w+\s+){0,4}?(?:with|explaining|talking|examining|reviewing|going\s+over)\b", 0.8),
    Pattern("result_statement", r"\b(?:the|your|his|her)\s+(?:[\w\-]+\s+){0,2}?(?:test|scan|x-ray|xray|mri|results?|biopsy|exam|labs?|ultrasound|bloodwork|panel|report|films|culture|screening)\s+(?:showed|revealed|confirmed|came\s+back|was\s+(?:normal|negative|positive|clear|benign|abnormal|fine))\b", 0.8),
    Pattern("your_dated_thing", r"\byour\s+(?:[\w'\-]+\s+){0,2}?(?:on|from)\s+(?:the\s+\d|\d{1,2}/|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december|jan\.?\s|feb\.?\s|oct\.?\s|nov\.?\s|dec\.?\s|aug\.?\s|sept?\.?\s)", 0.85),
    Pattern("your_timed_thing", r"\byour\s+\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?|o'clock)\s+[a-z]", 0.85),
    Pattern("feel_better", r"\b(?:feel(?:ing)?\s+(?:better|stronger)|get\s+well|speedy\s+recovery|on\s+the\s+mend|se\s+sienta\s+mejor|te\s+sientas\s+mejor|se\s+mejore|te\s+mejores|pronta\s+recuperaci[oó]n|est[eé]\s+mejor)\b", 0.8),
    Pattern("es_usted_did", r"\b(?:usted|tú)\s+(?:mism[oa]\s+)?(?:no\s+|nunca\s+)?(?:(?:nos|me|le|lo|la|se|te)\s+)?\w+(?:ó|ió|aste|iste)\b", 0.85),
    Pattern("es_never_patient", r"\b(?:nunca\s+(?:ha|han|has|había|habían)\s+sido\s+pacientes?|(?:no\s+)?aparece\s+como\s+paciente|ningún\s+expediente|nunca\s+has\s+sido\s+paciente|has\s+sido\s+paciente)\b", 0.95),
    Pattern("es_your_care_noun", r"\b(?:su|sus|tu|tus)\s+(?:[\w'\-]+\s+){0,2}?" + _CARE_NOUN + r"\b", 0.8),
    Pattern("es_came", r"\b(?:llegó|llegaste|viniste|faltó|faltaste)\b", 0.75),
)

NEEDS_PERSON = _NEEDS_PERSON = frozenset({"es_your_care_noun", "es_came", "stayed_with_us", "spent_time"})
_SKIP_GENERIC = frozenset({"es_clitic_care"})
_POSSESSIVE_PATTERNS = frozenset({"your_care_noun", "es_your_care_noun"})
_BOTH_LANGUAGES = frozenset({"came_back", "feel_better"})


_OFFER_BEFORE = re.compile(r"(?:\bto|'ll|\bwill|\bcan|\bcould|\bwould)\s+$")


class RelationshipRecognizer(Recognizer):
    name = "relationship"
    category = Category.RELATIONSHIP

    def __init__(self, patterns: tuple[Pattern, ...] = PATTERNS) -> None:
        self.patterns = {p.name: p for p in patterns}
        # Each pattern scans the whole reply once: separate patterns keep the regex
        # engine's literal-prefix search, which one big alternation would lose.
        # The reply is lowercased once, so the patterns run case-sensitively: the regex
        # engine only uses its fast literal search without IGNORECASE.
        # Each leading \b is moved after the first letter (same matches), so the engine
        # can skip ahead to the possible first letters instead of trying every position.
        self.by_language = {
            "en": tuple((p, re.compile(fast_boundaries(p.regex))) for p in patterns if not p.name.startswith("es_") or p.name in _BOTH_LANGUAGES),
            "es": tuple((p, re.compile(fast_boundaries(p.regex))) for p in patterns if p.name.startswith("es_") or p.name in _BOTH_LANGUAGES),
        }
        # The same, behind one joined scan that skips what cannot match (prefilter.py).
        self.groups = {
            language: (tuple(p.name for p, _ in pairs), PatternGroup([p.regex for p, _ in pairs]))
            for language, pairs in self.by_language.items()
        }

    def analyze(self, doc: Doc) -> list[Finding]:
        findings = []
        names, group = self.groups["es" if doc.is_spanish else "en"]
        matches = [(names[index], match) for index, match in group.finditer_all(doc.lower, doc)]
        for name, match in matches:
            start, end = match.start(), match.end()
            sentence = doc.sentence_at(start)
            if sentence is None or not sentence.asserted(start, end):
                continue
            if name in _SKIP_GENERIC and sentence.generic:
                continue
            score = self.patterns[name].score
            if name in _POSSESSIVE_PATTERNS:
                # "Schedule your consultation", "It depends on your plan" (answering a
                # question): the "your" of an instruction or advice is anyone's.
                ref = next((r for r in sentence.person_refs if r.start == start), None)
                if ref is not None and ref.strength <= 0.4:
                    score = min(score, 0.45)
            if name == "squeeze_in" and doc.question_post and not doc.lower.startswith("got", start):
                # Answering a question, "we will try to fit you in" offers care to
                # come: an invitation, not a confirmation of care had.
                if _OFFER_BEFORE.search(doc.lower, max(sentence.start, start - 30), start):
                    score = min(score, 0.45)
            if name in _NEEDS_PERSON:
                if sentence.generic:
                    continue
                strength = max(sentence.strength(), 0.8 if sentence.clinician_spans else 0.0)
                score = min(score, 0.4 + strength * 0.5)
            findings.append(make_finding(start, end, self.category, score, f"relationship.{name}", EXPLANATION, FIX))
        return findings


RECOGNIZER: RelationshipRecognizer = RelationshipRecognizer()
