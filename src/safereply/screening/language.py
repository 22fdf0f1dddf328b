"""English or Spanish, detected from the reply itself (never configured).

A stopword vote is enough here: replies are short, the two languages share few function
words, and a vote costs one pass over the tokens. Ties and texts with no stopwords go to
English, the language of most replies.
"""

from __future__ import annotations

import re

ENGLISH = "en"
SPANISH = "es"

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Function words frequent in one language and rare or absent in the other. Words that
# exist in both ("a", "me", "no", "he") are left out on purpose.
_STOPWORDS_EN = frozenset(
    """the and you your of to is are was were for with this that have has had we our it
    be been at on will would can could please thank thanks us they them their from an as
    by not but what when which who all any there here if so just about very sorry hope
    glad into after before out up more than its it's we're we've you're you've don't""".split()
)
_STOPWORDS_ES = frozenset(
    """el la los las del que y en un una por para con su sus es son fue está están muy
    gracias usted ustedes nos nuestro nuestra nuestros nuestras le les lo se al como pero
    más ya sí también cuando donde puede hola este esta estos estas hay sin sobre todo
    todos cualquier lamentamos mucho tu tus te ti quien""".split()
)
# Characters that only Spanish uses.
_SPANISH_MARKS = frozenset("ñ¿¡")


_ONLY_ES = _STOPWORDS_ES - _STOPWORDS_EN  # a word of both lists counts as English
_ASCII_WORD = re.compile(r"[A-Za-z]+")  # _WORD on ASCII text


def detect(text: str) -> str:
    """'en' or 'es' for ``text``."""
    sample = text[:1500].lower()
    words = (_ASCII_WORD if sample.isascii() else _WORD).findall(sample)
    english = sum(map(_STOPWORDS_EN.__contains__, words))
    spanish = sum(map(_ONLY_ES.__contains__, words))
    if "ñ" in sample or "¿" in sample or "¡" in sample:
        spanish += 2
    return SPANISH if spanish > english else ENGLISH
