"""English or Spanish, detected from the reply itself (never configured).

A stopword vote is enough here: replies are short, the two languages share few function
words, and a vote costs one pass over the tokens. Ties and texts with no stopwords go to
English, the language of most replies.
"""

from __future__ import annotations

import re
from itertools import repeat
from typing import Final

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


_ONLY_ES = _STOPWORDS_ES - _STOPWORDS_EN  # a word of both lists counts as English
_ASCII_WORD = re.compile(r"[A-Za-z]+")  # _WORD on ASCII text
# One vote per word: +1 English, -1 Spanish (only the words missing from no list are looked up).
_VOTE: dict[str, int] = {**{w: -1 for w in _ONLY_ES}, **{w: 1 for w in _STOPWORDS_EN}}
# On ASCII text the words of _ASCII_WORD are the runs of letters: translating every other
# byte to a space (and capitals to lowercase) and splitting finds them with no regex.
_ASCII_LETTERS_LOWER: Final = bytes(
    (b | 0x20) if (0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A) else 0x20 for b in range(256)
)
_VOTE_BYTES: Final[dict[bytes, int]] = {w.encode(): v for w, v in _VOTE.items() if w.isascii()}


def detect(text: str) -> str:
    """'en' or 'es' for ``text``."""
    sample = text[:1500]
    if sample.isascii():  # no Spanish marks; one vote over the words
        words_b: list[bytes] = sample.encode("ascii").translate(_ASCII_LETTERS_LOWER).split()
        # (a loop rather than sum(map(_VOTE_BYTES.get, ...)): compiled, the dict reads are
        # native and nothing is called per word)
        vote_b = 0
        for word in words_b:
            v = _VOTE_BYTES.get(word)
            if v is not None:
                vote_b += v
        return SPANISH if vote_b < 0 else ENGLISH
    sample = sample.lower()
    words: list[str] = (_ASCII_WORD if sample.isascii() else _WORD).findall(sample)
    # english - spanish, in one pass
    vote: int = sum(map(_VOTE.get, words, repeat(0)))
    if "ñ" in sample or "¿" in sample or "¡" in sample:
        vote -= 2
    return SPANISH if vote < 0 else ENGLISH
