"""The safe alternative: the draft's harmless sentences plus the approved holding reply.

Sentences with any finding (a disclosure or a heated tone) are dropped; what is left
(thanks, concern, general policy) is kept in order, and the organization's holding reply
follows, inviting the poster to get in touch privately. The result is screened again and
trimmed until it passes; the holding reply alone is the last resort, and the shipped
default is the fallback if an organization's own holding reply does not pass.
"""

from __future__ import annotations

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

    holding = holding_reply(context, language)
    if not passes(holding)[0]:
        holding = holding_reply(context, language, default=True)
    kept = [
        reply[start:end].strip()
        for start, end in split_sentences(reply)
        if not any(f.start < end and start < f.end for f in findings)
    ]
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
        survivors = [
            sentence
            for sentence, (start, end) in zip(kept, offsets)
            if not any(f.start < end and start < f.end for f in found)
        ]
        if len(survivors) == len(kept):
            break
        kept = survivors
    return holding
