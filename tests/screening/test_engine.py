"""The engine's contract: verdicts, bad input, spans, the safe alternative, linear time."""

from __future__ import annotations

import dataclasses
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safereply.screening import Context, Organization, Screening, Verdict, screen
from safereply.screening.language import detect
from safereply.screening.lexicon import build, parse_terms
from safereply.screening.recognizers.base import Pattern
from safereply.screening.rewrite import DEFAULT_HOLDING

ORG = Organization(name="Maplewood Family Clinic", phones=("(555) 010-2000",), emails=("hello@maplewood.example",))
CONTEXT = Context(post="The front desk lost my forms.", poster="Sam Ortega", organization=ORG)


def test_it_rejects_a_non_string_reply() -> None:
    with pytest.raises(TypeError, match="expects the reply as a str"):
        screen(b"bytes")  # type: ignore[arg-type]


def test_it_passes_an_empty_reply() -> None:
    result = screen("   ")
    assert result.verdict is Verdict.PASS
    assert result.findings == ()


def test_results_are_immutable() -> None:
    result = screen("Your visit went well.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.verdict = Verdict.PASS  # type: ignore[misc]


def test_every_finding_names_its_rule_and_explains_itself() -> None:
    result = screen("Sam, your MRI from Tuesday was normal.", CONTEXT)
    assert result.verdict is Verdict.BLOCK
    for finding in result.findings:
        assert finding.rule and finding.explanation and finding.fix
        assert 0.0 <= finding.confidence <= 1.0


def test_heated_but_harmless_reply_goes_to_review() -> None:
    result = screen("Calling our staff lazy is an insult. Check the facts before accusing people.", CONTEXT)
    assert result.tone == "heated"
    assert result.verdict is Verdict.REVIEW


def test_language_is_detected() -> None:
    assert detect("Gracias por su comentario, lo revisaremos con el equipo.") == "es"
    assert detect("Thank you for the comment, we will review it with the team.") == "en"
    assert screen("Lamentamos mucho la espera que describe.").language == "es"


def test_safe_alternative_keeps_thanks_and_uses_the_org_contact() -> None:
    result = screen("Thanks for writing, Sam. Your blood test on Monday showed low iron.", CONTEXT)
    assert result.verdict is Verdict.BLOCK
    assert result.safe_alternative.startswith("Thanks for writing, Sam.")
    assert "(555) 010-2000" in result.safe_alternative
    assert screen(result.safe_alternative, CONTEXT).verdict is Verdict.PASS


def test_safe_alternative_drops_heated_sentences() -> None:
    result = screen("Thanks for the note. Your claim was denied, so maybe read your plan.", CONTEXT)
    assert "read your plan" not in result.safe_alternative
    assert screen(result.safe_alternative, CONTEXT).verdict is Verdict.PASS


def test_organization_holding_reply_overrides_the_default() -> None:
    org = dataclasses.replace(ORG, holding_reply="Please call our patient relations office at {contact}.")
    result = screen("Your root canal went well.", Context(organization=org))
    assert "patient relations office" in result.safe_alternative


@pytest.mark.parametrize("language", ["en", "es"])
def test_default_holding_replies_pass(language: str) -> None:
    for org in (Organization(), ORG):
        text = DEFAULT_HOLDING[language].replace("{contact}", "")
        assert screen(text, Context(organization=org)).verdict is Verdict.PASS


def test_a_one_megabyte_reply_finishes() -> None:
    reply = "We appreciate the feedback and will share it. " * 23000
    reply += "Your biopsy came back fine."
    started = time.perf_counter()
    result = screen(reply)
    assert time.perf_counter() - started < 30  # a generous guard, not a benchmark
    assert result.verdict is Verdict.BLOCK


def test_regex_tripping_input_finishes() -> None:
    reply = ("a" * 5000 + "@" + "1-" * 3000 + "!") * 20
    started = time.perf_counter()
    screen(reply)
    assert time.perf_counter() - started < 30


def test_a_pattern_with_a_nested_quantifier_fails_at_construction() -> None:
    with pytest.raises(ValueError, match="nested quantifier"):
        Pattern("bad_rule", r"(\w+\s*)+", 0.5)


def test_lexicon_loader_reads_the_file_format() -> None:
    terms = parse_terms(["# source: invented", "", "Knee Brace", "ibuprofeno"])
    lexicon = build("en", {"procedures": terms})
    assert lexicon.lookup(["knee", "braces", "x"], 0) == (2, "procedures")
    assert lexicon.lookup(["x"], 0) is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_screen_never_raises_and_spans_lie_within_the_text(text: str) -> None:
    result = screen(text, CONTEXT)
    assert isinstance(result, Screening)
    for finding in result.findings:
        assert 0 <= finding.start < finding.end <= len(text)


_WORDS = st.sampled_from(
    "your you visit biopsy claim Sam thanks we sorry Dr. Pell Tuesday (555) 303-8841 "
    "if anyone crown $40 insult lazy maybe read the policy. ! , usted su cita".split()
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, max_size=40).map(" ".join))
def test_safe_alternative_always_passes(text: str) -> None:
    result = screen(text, CONTEXT)
    assert screen(result.safe_alternative, CONTEXT).verdict is Verdict.PASS
