"""The engine must keep meeting its targets on the shared development sets.

The labeled sets live outside the repository (shared/eval next to it) and are never
copied in; without them these tests are skipped and say why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safereply.screening.evaluation import evaluate, read_labeled_jsonl

EVAL_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "eval"

ENGLISH = {"recall": 0.97, "precision": 0.93, "tone_accuracy": 0.85}
ENGLISH_CATEGORY_RECALL = 0.90
SPANISH = {"recall": 0.95, "precision": 0.90}


def _report(name: str) -> dict:
    path = EVAL_DIR / name
    if not path.is_file():
        pytest.skip(f"no labeled set at {path}: these thresholds need shared/eval/{name} "
                    "next to the repository")
    rows, problems = read_labeled_jsonl(path)
    assert not problems, f"{path} has malformed lines: {[str(p) for p in problems]}"
    return evaluate(rows)


@pytest.fixture(scope="module")
def english() -> dict:
    return _report("dev.jsonl")


@pytest.fixture(scope="module")
def spanish() -> dict:
    return _report("dev-es.jsonl")


def _misses(report: dict, key: str) -> str:
    cases = report["false_negatives" if key == "recall" else "false_positives"]
    return "; ".join(f"{c['id']} ({c['verdict']})" for c in cases[:15])


@pytest.mark.parametrize(("metric", "target"), sorted(ENGLISH.items()))
def test_english_meets_its_target(english, metric, target):
    value = english[metric]
    detail = _misses(english, metric) if metric in ("recall", "precision") else ""
    assert value is not None and value >= target, (
        f"English {metric} {value} < {target}. {detail}")


@pytest.mark.parametrize("category", ["relationship", "clinical", "payment", "identifier", "echo"])
def test_english_finds_each_category(english, category):
    value = english["per_category_recall"].get(category)
    assert value is not None, f"no case in dev.jsonl is labeled {category}"
    assert value >= ENGLISH_CATEGORY_RECALL, (
        f"{category} recall {value:.3f} < {ENGLISH_CATEGORY_RECALL}")


@pytest.mark.parametrize(("metric", "target"), sorted(SPANISH.items()))
def test_spanish_meets_its_target(spanish, metric, target):
    value = spanish[metric]
    assert value is not None and value >= target, (
        f"Spanish {metric} {value} < {target}. {_misses(spanish, metric)}")
