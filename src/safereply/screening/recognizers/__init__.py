"""The recognizer families, in the order the engine runs them."""

from safereply.screening.recognizers import clinical, echo, identifiers, payment, relationship, specific, tone
from safereply.screening.recognizers.base import Recognizer

RECOGNIZERS: tuple[Recognizer, ...] = (
    relationship.RECOGNIZER,
    clinical.RECOGNIZER,
    payment.RECOGNIZER,
    specific.RECOGNIZER,
    identifiers.RECOGNIZER,
    echo.RECOGNIZER,
    tone.RECOGNIZER,
)

__all__ = ["RECOGNIZERS", "Recognizer"]
