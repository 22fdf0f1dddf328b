"""Relationship: the reply confirms (or denies) that someone is or was a patient.

"your visit", "we treated you", "our records show", "it was great seeing you",
"you were never our patient", "fue un gusto atenderle", "le llamamos el lunes".
"""

from __future__ import annotations

from safereply.screening.findings import Category, Finding
from safereply.screening.recognizers.base import Doc, Pattern, Recognizer, make_finding, words_pattern
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
    tested scheduled booked delivered left graduated""".split()
)

PATTERNS = (
    Pattern("our_records", r"\b(?:our|the)\s+(?:records|chart|system|files)\s+(?:show|shows|indicate|say|says)\b", 0.95),
    Pattern("no_record_of_person", r"\bno\s+record\s+of\s+(?:you|your|him|her|them)\b", 0.95),
    Pattern("you_patient", r"\byou(?:'re|'ve|\s+are|\s+were|\s+was|\s+have|\s+had)?\s+(?:been\s+)?(?:(?:never|not|no\s+longer|still|already|always)\s+)?(?:been\s+)?(?:(?:our|a)\s+(?:\w+\s+)?patient\b(?!s)|patient\s+of\s+ours)", 0.95),
    Pattern("as_our_patient", r"\b(?:as|lose\s+you\s+as)\s+(?:our|a)\s+patient\b(?!s)", 0.9),
    Pattern("care_verb_you", r"\b" + _CARE_VERB_BEFORE_YOU + r"\s+(?:you|u|ya)\b(?!\s+(?:can|may|might|could|will|would)\b)", 0.85),
    Pattern("you_care_verb", r"\byou(?:'ve|'re|'d)?(?:\s+(?:were|was|have|had|just|already|also|still|both|never|really|first|only|then))?(?:\s+(?:been|were|never|not|just|already|first))?\s+" + _YOU_VERB + r"\b", 0.85),
    Pattern("you_were_in", r"\byou\s+(?:were|was)\s+(?:in|here|in\s+and\s+out)\b", 0.85),
    Pattern("your_care_noun", r"\b(?:your|ur)\s+(?:[\w'\-]+\s+){0,3}?" + _CARE_NOUN + r"\b", 0.9),
    Pattern("pleasure_caring", r"\b(?:pleasure|great|good|nice|wonderful|lovely|honou?r|joy|privilege|thrilled|loved|love|always\s+happy|happy|glad)\s+(?:to\s+|of\s+)?(?:see|seeing|meet|meeting|have|having|care\s+for|caring\s+for|work\s+with|working\s+with|treat|treating)\s+(?:you|your|him|her|them)\b", 0.9),
    Pattern("see_you_again", r"\bsee\s+you\s+(?:again|at|on|in|for|next|soon|both|then|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", 0.85),
    Pattern("squeeze_in", r"\b(?:squeeze|fit|got|get)\s+(?:you|him|her|them)\s+(?:in|seen|back\s+in)\b", 0.85),
    Pattern("came_back", r"\bcame\s+back\s+(?:\w+\s+){0,2}?(?:normal|abnormal|positive|negative|benign|malignant|clear|elevated|high|low)\b", 0.85),
    # Spanish
    Pattern("es_pleasure", r"\b(?:fue|es|ha\s+sido)\s+un\s+(?:gusto|placer|honor)\s+(?:\w+\s+){0,2}?(?:atender|ver|conocer|acompañar|cuidar|recibir)\w*", 0.9),
    Pattern("es_see_you", r"\b(?:nos\s+vemos|te\s+esperamos|lo\s+esperamos|la\s+esperamos|le\s+esperamos|la\s+espera|lo\s+espera|te\s+espera)\b", 0.85),
    Pattern("es_clitic_care", r"\b(?:le|te|lo|la|les|los|se\s+la|se\s+lo|se\s+le)\s+(?:llamamos|llame|llamó|llamo|dejamos|atendimos|atendió|vimos|vio|revisamos|revisó|tomó|tomamos|ajustó|ajustamos|recetó|recetamos|recetaran|apartamos|tenemos\s+apartad\w+|mandamos|enviamos|sacamos|hicimos|aplicamos|cobramos|reprogramó|reprogramamos|anotamos|explicó|explicamos|advirtió|dio|dimos|conectamos|volvimos|subimos|ofrecimos|operamos|pusimos|colocamos|toca|cementamos|medimos|confirmamos|extrañan|extrañamos)\b", 0.85),
    Pattern("es_infinitive_clitic", r"\b(?:atender|ver|llamar|conocer|recibir|cuidar|acompañar|revisar|operar|confirmar|atendiendo|viendo)(?:te|le|la|lo)\b", 0.85),
    Pattern("es_usted_did", r"\b(?:usted|tú)\s+(?:mism[oa]\s+)?(?:no\s+|nunca\s+)?\w+(?:ó|ió|aste|iste)\b", 0.85),
    Pattern("es_never_patient", r"\b(?:nunca\s+(?:ha|han|has|había|habían)\s+sido\s+pacientes?|(?:no\s+)?aparece\s+como\s+paciente|ningún\s+expediente|nunca\s+has\s+sido\s+paciente|has\s+sido\s+paciente)\b", 0.95),
    Pattern("es_your_care_noun", r"\b(?:su|sus|tu|tus)\s+(?:[\w'\-]+\s+){0,2}?" + _CARE_NOUN + r"\b", 0.8),
    Pattern("es_came", r"\b(?:llegó|llegaste|viniste|faltó|faltaste)\b", 0.75),
)

_NEEDS_PERSON = frozenset({"es_your_care_noun", "es_came"})


class RelationshipRecognizer(Recognizer):
    name = "relationship"
    category = Category.RELATIONSHIP

    def __init__(self, patterns: tuple[Pattern, ...] = PATTERNS) -> None:
        self.patterns = patterns

    def analyze(self, doc: Doc) -> list[Finding]:
        findings = []
        for sentence in doc.sentences:
            for pattern in self.patterns:
                if pattern.name.startswith("es_") != doc.is_spanish and pattern.name not in ("came_back",):
                    continue
                for match in pattern.finditer(sentence.lower):
                    start, end = match.start() + sentence.start, match.end() + sentence.start
                    if not sentence.asserted(start, end):
                        continue
                    score = pattern.score
                    if pattern.name in _NEEDS_PERSON:
                        if sentence.generic:
                            continue
                        score = min(score, 0.4 + sentence.strength() * 0.5)
                    findings.append(
                        make_finding(start, end, self.category, score, f"relationship.{pattern.name}", EXPLANATION, FIX)
                    )
        return findings


RECOGNIZER = RelationshipRecognizer()
