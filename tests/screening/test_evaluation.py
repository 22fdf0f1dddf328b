"""evaluate() and the labeled-file reader, on small rows whose scores are worked out by hand.

The screener is replaced by a table of answers so that the numbers test the scoring, not
the engine; one test at the end runs the real engine to check that the two fit together.
"""

from __future__ import annotations

import json

import pytest

from safereply.screening.evaluation import (
    LabeledFileError,
    check_labeled_row,
    context_for,
    evaluate,
    read_labeled_jsonl,
)
from safereply.screening.findings import Category, Finding, Screening, Verdict


def _finding(category: str) -> Finding:
    return Finding(0, 1, Category(category), 0.9, "because", "do this", f"test.{category}")


def scripted(answers: dict[str, tuple[str, tuple[str, ...], str]]):
    """A screener that answers from a table: reply -> (verdict, categories, tone)."""

    def screen(text, context=None):
        verdict, categories, tone = answers[text]
        return Screening(text=text, verdict=Verdict(verdict),
                         findings=tuple(_finding(c) for c in categories),
                         safe_alternative="Thank you.", language="en", tone=tone)

    return screen


def row(ident, reply, label, categories=(), tone="calm", **extra):
    return {"id": ident, "org": "Birchwood Clinic", "providers": ["Dr. Ana Ruiz"],
            "poster": "Lee", "post": "It was fine.", "reply": reply, "label": label,
            "categories": list(categories), "tone": tone, **extra}


ROWS = [
    # four violations: three blocked (true positives), one passed (false negative)
    row("v1", "violation one", "violation", ["relationship", "clinical"]),
    row("v2", "violation two", "violation", ["relationship", "payment"], tone="heated"),
    row("v3", "violation three", "violation", ["relationship"]),
    row("v4", "violation four", "violation", ["clinical", "echo"]),
    # four safe replies: one blocked (false positive), one sent to review, two passed
    row("s1", "safe one", "safe"),
    row("s2", "safe two", "safe", tone="heated"),
    row("s3", "safe three", "safe"),
    row("s4", "safe four", "safe", tone="heated"),
]
ANSWERS = {
    "violation one": ("block", ("relationship",), "calm"),  # misses clinical
    "violation two": ("block", ("relationship", "payment"), "heated"),
    "violation three": ("block", ("relationship",), "calm"),
    "violation four": ("review", ("clinical",), "calm"),  # not blocked: a false negative
    "safe one": ("block", ("identifier",), "calm"),  # a false positive
    "safe two": ("review", ("tone",), "heated"),
    "safe three": ("pass", (), "calm"),
    "safe four": ("pass", (), "calm"),  # tone missed
}


@pytest.fixture
def report():
    return evaluate(ROWS, screen=scripted(ANSWERS))


def test_it_scores_blocking_as_predicting_a_violation(report):
    # tp = 3 (v1, v2, v3), fp = 1 (s1), fn = 1 (v4); review is not a block.
    assert report["precision"] == pytest.approx(3 / 4)
    assert report["recall"] == pytest.approx(3 / 4)
    assert report["f1"] == pytest.approx(3 / 4)
    assert report["n"] == 8
    assert report["confusion"] == {"true_positives": 3, "false_positives": 1,
                                   "false_negatives": 1, "true_negatives": 3}


def test_it_scores_each_category_over_the_cases_labeled_with_it(report):
    assert report["per_category_recall"] == {
        "relationship": pytest.approx(3 / 3),
        "clinical": pytest.approx(1 / 2),  # v1 missed it, v4 found it (though not blocked)
        "payment": pytest.approx(1 / 1),
        "echo": pytest.approx(0 / 1),
    }
    assert "identifier" not in report["per_category_recall"]  # no case is labeled with it
    assert report["per_category_support"]["clinical"] == 2


def test_it_scores_tone_over_the_rows_that_have_one(report):
    # wrong only on s4 (heated, seen as calm)
    assert report["tone_accuracy"] == pytest.approx(7 / 8)
    assert [e["id"] for e in report["tone_errors"]] == ["s4"]


def test_it_lists_the_cases_it_got_wrong_with_what_was_found_and_expected(report):
    assert report["false_positives"] == [{
        "id": "s1", "reply": "safe one", "verdict": "block",
        "categories_found": ["identifier"], "categories_expected": [],
    }]
    assert report["false_negatives"] == [{
        "id": "v4", "reply": "violation four", "verdict": "review",
        "categories_found": ["clinical"], "categories_expected": ["clinical", "echo"],
    }]


def test_tone_accuracy_ignores_rows_without_a_tone():
    rows = [row("a", "safe one", "safe"), {**row("b", "safe three", "safe"), "tone": None}]
    del rows[1]["tone"]
    report = evaluate(rows, screen=scripted(ANSWERS))
    assert report["tone_accuracy"] == 1.0


def test_undefined_ratios_are_none_not_zero():
    empty = evaluate([], screen=scripted(ANSWERS))
    assert (empty["precision"], empty["recall"], empty["f1"], empty["tone_accuracy"]) == (
        None, None, None, None)
    assert empty["n"] == 0 and empty["per_category_recall"] == {}

    # all safe, nothing blocked: no precision and no recall, and nothing to get wrong
    only_safe = evaluate([row("s3", "safe three", "safe")], screen=scripted(ANSWERS))
    assert only_safe["precision"] is None and only_safe["recall"] is None
    assert only_safe["f1"] is None

    # violations, nothing blocked: recall 0, precision undefined, F1 0
    missed = evaluate([row("v4", "violation four", "violation", ["clinical"])],
                      screen=scripted(ANSWERS))
    assert missed["recall"] == 0.0 and missed["precision"] is None and missed["f1"] == 0.0


def test_it_breaks_scores_down_by_language_when_rows_carry_one():
    rows = [
        row("e1", "violation one", "violation", ["relationship"], lang="en"),
        row("e2", "safe one", "safe", lang="en"),
        row("x1", "violation four", "violation", ["clinical"], lang="es"),
        row("x2", "safe three", "safe"),  # no lang
    ]
    report = evaluate(rows, screen=scripted(ANSWERS))
    by_language = report["per_language"]
    assert set(by_language) == {"en", "es", "unspecified"}
    assert by_language["en"]["n"] == 2
    assert by_language["en"]["precision"] == pytest.approx(1 / 2)
    assert by_language["en"]["recall"] == 1.0
    assert by_language["es"]["recall"] == 0.0
    assert by_language["unspecified"]["n"] == 1


def test_there_is_no_language_breakdown_without_lang_fields(report):
    assert "per_language" not in report


def test_it_builds_the_context_from_the_row():
    context = context_for(row("a", "x", "safe"))
    assert context.post == "It was fine."
    assert context.poster == "Lee"
    assert context.clinicians == ("Dr. Ana Ruiz",)
    assert context.organization.name == "Birchwood Clinic"


def test_it_refuses_a_row_it_cannot_score():
    with pytest.raises(ValueError, match="row bad: 'label' must be one of"):
        evaluate([{"id": "bad", "reply": "x", "label": "maybe"}], screen=scripted(ANSWERS))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"label": "safe"}, "missing 'reply'"),
        ({"reply": 3, "label": "safe"}, "'reply' must be a string"),
        ({"reply": "x"}, "'label' must be one of"),
        ({"reply": "x", "label": "safe", "categories": "clinical"}, "'categories' must be a list"),
        ({"reply": "x", "label": "violation", "categories": ["gossip"]}, "unknown category gossip"),
        ({"reply": "x", "label": "safe", "tone": "angry"}, "'tone' must be one of"),
        ({"reply": "x", "label": "safe", "providers": "Dr. A"}, "'providers' must be a list"),
        ([1, 2], "expected a JSON object"),
    ],
)
def test_it_explains_why_a_row_cannot_be_scored(data, problem):
    assert problem in check_labeled_row(data)


def test_the_reader_reports_malformed_lines_by_number_and_keeps_the_rest(tmp_path):
    path = tmp_path / "labeled.jsonl"
    good = json.dumps(row("g1", "safe one", "safe"))
    path.write_bytes(
        "\ufeff".encode() + good.encode() + b"\n"        # 1: good, after a BOM
        + b"{not json\n"                                  # 2
        + b"\n"                                           # 3: blank, ignored
        + json.dumps({"reply": "x"}).encode() + b"\n"     # 4: no label
        + b'{"reply": "caf\xe9", "label": "safe"}\n'      # 5: Latin-1, not UTF-8
        + json.dumps(row("g2", "safe two", "safe")).encode()  # 6: good, no final newline
    )
    rows, problems = read_labeled_jsonl(path)
    assert [r["id"] for r in rows] == ["g1", "g2"]
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (2, "not valid JSON"),
        (4, "'label' must be one of violation, safe, not None"),
        (5, "not valid UTF-8"),
    ]
    assert str(problems[0]).startswith("line 2: not valid JSON")


def test_the_reader_refuses_missing_and_binary_files(tmp_path):
    with pytest.raises(LabeledFileError, match="no such file"):
        read_labeled_jsonl(tmp_path / "absent.jsonl")
    binary = tmp_path / "image.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(LabeledFileError, match="binary"):
        read_labeled_jsonl(binary)


def test_it_runs_the_real_engine_by_default():
    rows = [
        row("r1", "Thank you for your kind words about our team!", "safe"),
        row("r2", "Lee, we are glad your knee surgery went well and that Dr. Ana Ruiz "
                  "could see you at your appointment on March 3.", "violation",
            ["relationship", "clinical", "identifier"]),
    ]
    report = evaluate(rows)
    assert report["n"] == 2
    assert set(report) >= {"precision", "recall", "f1", "per_category_recall",
                           "tone_accuracy", "false_positives", "false_negatives"}
