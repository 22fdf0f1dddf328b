"""Tone: argumentative, accusatory, sarcastic or threatening replies.

Tone never decides whether a reply discloses; it is scored separately because policy
forbids heated replies too. Each cue is a graded pattern; a reply is heated when the
scores of its cues add up to ``HEATED_AT``.
"""

from __future__ import annotations

import re

from safereply.screening.findings import Category, Finding
from safereply.screening.recognizers.base import Doc, Pattern, Recognizer, combine, make_finding
from safereply.screening.recognizers.prefilter import PatternGroup, fast_boundaries

HEATED_AT = 0.6

EXPLANATION = "This sounds argumentative or sarcastic; public replies must stay calm even when the review is unfair."
FIX = "Drop this sentence; thank the person, acknowledge the concern and offer a private conversation."

PATTERNS = (
    # Throwing the poster's words back in quotes: "Butchers" is an insult to ...
    Pattern("scare_quotes", r"[\"“«][^\"”»\n]{1,40}[\"”»]", 0.6),
    # A short rhetorical question opening the reply: "Pretending?", "¿Ladrones?"
    Pattern("rhetorical_opening", r"^\s*(?:@\w{1,30}\s+)?¿?[\w' ]{1,25}\?", 1.0),
    Pattern("calling_it", r"(?:^|[.!?]\s+|@\w{1,30}\s+)(?:calling|labeling|labelling|decir(?:le)?|llamar(?:nos|le|les)?|acusar(?:nos)?(?:\s+de)?)\s", 0.8),
    Pattern("calling_us", r"\bcalling\s+(?:us|it|them|our|an?|the|staff|people|licensed)\b", 0.7),
    Pattern("accusation_words", r"\b(?:insult\w*|defamatory|defamation|slander\w*|libel\w*|lazy|cheap\s+shot|cruel\s+thing|bold\s+claim|misinformation|accus\w+|threaten\w*|lying|liar|nonsense|ridiculous|absurd|uncalled\s+for|ugly\s+word|loaded\s+word|strong\s+word|harsh\s+thing|blanket\s+(?:statement|insult)s?|fake\s+review\w*|(?:one-line|personal|an?)\s+attack)\b", 0.7),
    Pattern("not_true", r"\b(?:(?:isn't|is\s+not|simply\s+not|just\s+isn't|not)\s+(?:true|accurate|fair|how\s+\w+\s+works)|unfair\s+and\s+inaccurate|inaccurate|just\s+wrong|simply\s+wrong|is\s+wrong|the\s+opposite\s+of)\b", 0.6),
    Pattern("sarcasm", r"\b(?:but\s+sure|guilty\s+as\s+charged|funny\s+how|as\s+you\s+well\s+know|whether\s+you\s+like\s+it\s+or\s+not|says\s+more\s+about|hardly\s+fits|if\s+that's\s+a\s+joke|we'll\s+keep\s+telling\s+it|that's\s+called|thanks\s+a\s+lot|let's\s+be\s+fair|plain\s+and\s+simple|frankly|period\.|actually,|nobody's\s+forcing|is\s+a\s+stretch|works\s+both\s+ways|doesn't\s+make\s+it\s+so|won't\s+change\s+the|doesn't\s+change\s+that|isn't\s+the\s+way|isn't\s+helpful|not\s+a\s+reason\s+to)\b", 0.9),
    Pattern("lecture", r"\b(?:maybe\s+(?:read|direct|check|try|look)|if\s+you'd\s+read|read\s+(?:it|your\s+\w+)\s+before|check\s+the\s+facts|before\s+(?:making|calling|accusing|posting|writing)\s+(?:claims|it|us|people|a\s+review|something)|instead\s+of\s+(?:complaining|airing|posting)|tell\s+yelp|stop\s+(?:lying|inventing|posting)|we\s+won't\s+(?:let|apologize|erase|pretend|tolerate)|aren't\s+going\s+to\s+pretend|we're\s+tired\s+of|no\s+business|we\s+don't\s+do\s+free|like\s+anyone\s+else|nobody\s+\"?(?:missed|hid)|nobody\s+is\s+(?:required|forcing)|won't\s+let\s+\w+\s+\w+\s+stand|not\s+a\s+joke|is\s+not\s+paying)\b", 0.9),
    Pattern("contrast_retort", r"\b(?:it's|that's|this\s+is|that\s+is)\s+not\s+(?:a|an|about|what|how)\b|\bnot\s+(?:a|an)\s+[\w\-]{2,20}(?:\s+[\w\-]{2,20})?,\s+(?:it's|that's)\b|\bisn't\s+(?:a|an)\s+[\w\-]{2,20}(?:\s+[\w\-]{2,20})?,\s+it's\b|\bon\s+them,\s+not\s+us\b", 0.6),
    Pattern("judgement_words", r"\b(?:pathetic|dishonest|irresponsible|shameful|disgraceful|stop\s+spreading|by\s+the\s+way|nothing\s+more|we're\s+not\s+going\s+to|we\s+aren't\s+going\s+to|we\s+are\s+not\s+going\s+to|come\s+in\s+instead|we\s+checked\.|as\s+our\s+policy\s+states|sorry\s+you\s+see\s+it|rest\s+is\s+the|assuming\s+the\s+worst|if\s+you\s+read\s+the|suggesting\s+(?:that|otherwise))\b", 0.6),
    # Blunt rebuttals, blame and parting shots: "That's on you", "Maybe next time show up
    # on time", "For the record", "Nobody scammed you", "You're welcome."
    Pattern(
        "rebuttal",
        r"\b(?:(?:that's|it's)\s+on\s+(?:you|them)|blame\s+(?:the|your)\s+\w+|take\s+it\s+up\s+with|"
        r"maybe\s+(?:next\s+time|start|learn|ask|you\s+weren't)|some\s+gratitude|for\s+the\s+record|"
        r"set\s+the\s+record\s+straight|let's\s+be\s+honest|your\s+own\s+facts|is\s+not\s+the\s+word|"
        r"isn't\s+the\s+word|doesn't\s+describe|we'll\s+take\s+the\s+compliment|a\s+bit\s+much|pretty\s+cynical|"
        r"please\s+(?:don't\s+(?:rewrite|scare)|stop\s+saying)|we\s+have\s+your\s+signature|not\s+a\s+charity|"
        r"can't\s+read\s+minds|what\s+you\s+paid\s+for|no\s+refund\.|we're\s+not\s+changing\s+it|"
        r"isn't\s+up\s+for\s+negotiation|not\s+ours\.|not\s+yelp|respectfully\s+disagree|aren't\s+fair|"
        r"instead\s+of\s+(?:writing|trashing|blaming)|before\s+(?:you\s+complain|blaming|assuming|rating|calling\s+anyone)|"
        r"reading\s+what\s+you\s+sign|we\s+don't\s+commit|(?:this|that)\s+is\s+(?:simply\s+)?(?:false|untrue)|"
        r"that's\s+simply\s+untrue|you're\s+welcome\.|(?:didn't|did\s+not)\s+\w+\s+anything\.|"
        r"(?:^|(?<=[.!?]\s))nobody\s+(?:\w+ed|gave|told|looked|is\s+being|scammed|judged)\b|"
        r"(?:^|(?<=[.!?]\s))no\s+one\s+(?:\w+ed|gave|told)\s+(?:you|anything)\b|"
        r"we\s+did\s+our\s+job|that's\s+not\s+what\s+happened|our\s+(?:lawyers|attorneys|legal\s+team)|legal\s+action|report\s+you|"
        r"you\s+(?:chose|decided)\s+not\s+to|you\s+(?:skipped|declined|refused)\b)",
        0.6,
    ),
    Pattern(
        "es_rebuttal",
        r"\b(?:para\s+que\s+conste|aclaremos|seamos\s+honestos|no\s+invente|no\s+diga\s+mentiras|no\s+exagere|"
        r"no\s+culpe|no\s+nos\s+eche|qu[eé]\s+poca|el\s+problema\s+no\s+es|eso\s+se\s+llama|no\s+somos\s+ladrones|"
        r"ya\s+se\s+lo\s+(?:explicamos|dijimos)|a\s+lo\s+mejor\s+la\s+pr[oó]xima|quiz[aá]\s+valga\s+la\s+pena|"
        r"antes\s+de\s+(?:acusar|escribir|calificar|culpar)|inf[oó]rmese|deje\s+de\s+decir|tenemos\s+su\s+firma|"
        r"no\s+es\s+culpa\s+de|haga\s+lo\s+que\s+considere|as[ií]\s+funciona|as[ií]\s+no\s+hay|"
        r"no\s+le\s+cobramos\s+de\s+m[aá]s|eso\s+no\s+es\s+cierto|se\s+queda\.|es\s+su\s+trabajo|lo\s+firm[oó]\.|"
        r"(?:^|(?<=[.!?]\s))nadie\s+(?:lo|la|le|les|estafa|anunci[oó]|trat[oó])\b|no\s+adivinamos|en\s+vez\s+de\s+hablar\s+mal|"
        r"nuestros\s+abogados|acci[oó]n\s+legal|la\s+pr[oó]xima\s+vez\s+llegue)",
        0.6,
    ),
    Pattern("es_not_fair", r"\b(?:no\s+es\s+justo|ni\s+cierto|injusto|falso|sin\s+fundamento|no\s+lo\s+vuelve\s+cierto|es\s+una\s+ofensa|ofensa|francamente|muy\s+bajo|está\s+de\s+más|deja\s+de\s+inventar|no\s+venga|adelante\.|por\s+lo\s+menos|antes\s+de\s+(?:quejarse|publicar)|revise\s+bien|no\s+vamos\s+a\s+(?:permitir|dejar|apurar)|chisme|acusaci\w+|insult\w+|no\s+tiene\s+sentido|si\s+bastara|si\s+quieres\s+rapidez|de\s+cualquier\s+forma|ya\s+lo\s+checamos|si\s+vas\s+a\s+inventar|inventar|incompetente\s+ser[ií]a|reseñas\s+falsas|que\s+compare|por\s+algo|no\s+es\s+justo\s+que)\b", 0.9),
)


_ENGLISH_ONLY = frozenset({"rebuttal"})
_SPANISH_ONLY = frozenset({"es_rebuttal", "es_not_fair"})


class ToneRecognizer(Recognizer):
    name = "tone"
    category = Category.TONE

    def __init__(self, patterns: tuple[Pattern, ...] = PATTERNS) -> None:
        self.patterns = {p.name: p for p in patterns}
        # Run case-sensitively over the lowercased reply (see relationship.py).
        # Leading \b moved after the first letter: same matches, faster scan (prefilter.py).
        self.ordered = tuple((p, re.compile(fast_boundaries(p.regex))) for p in patterns)
        english = tuple(p for p in patterns if p.name not in _SPANISH_ONLY)
        spanish = tuple(p for p in patterns if p.name not in _ENGLISH_ONLY)
        self.english = (english, PatternGroup([p.regex for p in english]))
        self.spanish = (spanish, PatternGroup([p.regex for p in spanish]))

    def analyze(self, doc: Doc) -> list[Finding]:
        findings = []
        # Each list of phrases is for its own language: one group per language.
        ordered, group = self.spanish if doc.is_spanish else self.english
        for index, match in group.finditer_all(doc.lower, doc):
            pattern = ordered[index]
            findings.append(
                make_finding(match.start(), match.end(), self.category, pattern.score, f"tone.{pattern.name}", EXPLANATION, FIX)
            )
        return findings


def is_heated(findings: list[Finding]) -> bool:
    return sum(f.confidence for f in findings if f.category is Category.TONE) >= HEATED_AT


RECOGNIZER: ToneRecognizer = ToneRecognizer()
