"""The safe alternative: the draft's harmless sentences plus the approved holding reply.

Sentences with any finding (a disclosure or a heated tone) are dropped; what is left
(thanks, concern, general policy) is kept in order, and the organization's holding reply
follows, inviting the poster to get in touch privately. The result is screened again and
trimmed until it passes; the holding reply alone is the last resort, and the shipped
default is the fallback if an organization's own holding reply does not pass.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from safereply.screening.findings import Context, Finding, Verdict
from safereply.screening.recognizers.base import split_sentences

DEFAULT_HOLDING = {
    "en": (
        "Thank you for reaching out. We take every concern seriously, and privacy rules keep "
        "us from discussing anyone's care in a public forum. Please contact us directly{contact} "
        "so we can talk privately."
    ),
    "es": (
        "Gracias por escribirnos. Tomamos en serio cada comentario, y las normas de privacidad "
        "nos impiden hablar de la atención de cualquier persona en un espacio público. Le "
        "pedimos que se comunique directamente con nosotros{contact} para conversar en privado."
    ),
}
_CONTACT_JOIN = {"en": (" at ", " or "), "es": (" al ", " o ")}
_MAX_ROUNDS = 4
_MAX_KEPT = 6
_SPLIT_CHARS = 5000
_MAX_KEPT_CHARS = 1200


def holding_reply(context: Context, language: str, *, default: bool = False) -> str:
    """The organization's holding reply, or the shipped default, with its contact details."""
    language = language if language in DEFAULT_HOLDING else "en"
    org = context.organization
    template = DEFAULT_HOLDING[language] if default or not org.holding_reply else org.holding_reply
    contacts = [c for c in (org.phones[:1] + org.emails[:1]) if c]
    contact = ""
    if contacts:
        at, joiner = _CONTACT_JOIN[language]
        if language == "es" and not org.phones:
            at = " en "
        contact = at + joiner.join(contacts)
    return template.replace("{contact}", contact).strip()


def safe_alternative(reply: str, findings: tuple[Finding, ...], context: Context, language: str) -> str:
    """A version of ``reply`` that screens as pass (see the module docstring)."""
    from safereply.screening.engine import analyze, decide

    def passes(text: str) -> tuple[bool, tuple[Finding, ...]]:
        found, _, heated = analyze(text, context)
        return decide(found, heated) is Verdict.PASS, found

    holding = _approved_holding(context, language)
    spans = split_sentences(reply[:_SPLIT_CHARS])
    # Greeting the poster by their display name is harmless on its own; the re-screening
    # below removes it again if anything left would make it part of a disclosure.
    flagged = _flagged(spans, tuple(f for f in findings if f.rule != "identifier.name.poster"))
    kept = [reply[start:end].strip() for k, (start, end) in enumerate(spans) if k not in flagged]
    # A holding reply is short: keep the first few harmless sentences only.
    kept = kept[:_MAX_KEPT]
    while sum(len(k) for k in kept) > _MAX_KEPT_CHARS:
        kept.pop()
    for _ in range(_MAX_ROUNDS):
        if not kept:
            break
        candidate = " ".join(kept + [holding])
        ok, found = passes(candidate)
        if ok:
            return candidate
        # Drop the kept sentences that now carry a finding, then try again.
        offsets, position = [], 0
        for sentence in kept:
            offsets.append((position, position + len(sentence)))
            position += len(sentence) + 1
        flagged = _flagged(offsets, found)
        survivors = [sentence for k, sentence in enumerate(kept) if k not in flagged]
        if len(survivors) == len(kept):
            break
        kept = survivors
    return holding


@lru_cache(maxsize=256)
def _approved_holding(context: Context, language: str) -> str:
    """The organization's holding reply if it passes screening, else the shipped default."""
    from safereply.screening.engine import analyze, decide

    holding = holding_reply(context, language)
    found, _, heated = analyze(holding, context)
    if decide(found, heated) is Verdict.PASS:
        return holding
    return holding_reply(context, language, default=True)


def _flagged(spans: list[tuple[int, int]], findings: tuple[Finding, ...]) -> set[int]:
    """Indexes of the spans (sorted, disjoint) that overlap a finding; linear after sorting."""
    starts = [start for start, _ in spans]
    flagged: set[int] = set()
    for f in findings:
        k = max(0, bisect_right(starts, f.start) - 1)
        while k < len(spans) and spans[k][0] < f.end:
            if spans[k][1] > f.start:
                flagged.add(k)
            k += 1
    return flagged
