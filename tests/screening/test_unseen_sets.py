"""Floors on the labeled sets that were not used to build the engine's first version.

holdout*, train-a* and train-b* live in tests/screening/data. The floors sit a few
points below what the engine reaches, so a later change cannot silently lose them.
final* were blind until the generalization pass that tuned on them; their floors sit a
few points below the figures reached then (a new blind set is kept elsewhere).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safereply.screening.evaluation import evaluate, read_labeled_jsonl

DATA = Path(__file__).resolve().parent / "data"

# name: (precision floor, recall floor)
FLOORS = {
    "holdout.jsonl": (0.95, 0.95),
    "holdout-es.jsonl": (0.95, 0.92),
    "train-a.jsonl": (0.93, 0.85),
    "train-a-es.jsonl": (0.93, 0.90),
    "train-b.jsonl": (0.93, 0.93),
    "train-b-es.jsonl": (0.93, 0.90),
    "final.jsonl": (0.95, 0.82),
    "final-es.jsonl": (0.93, 0.85),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_unseen_set_floors(name: str) -> None:
    path = DATA / name
    if not path.is_file():
        pytest.skip(f"no labeled set at {path}")
    rows, problems = read_labeled_jsonl(path)
    assert not problems, [str(p) for p in problems]
    report = evaluate(rows)
    precision_floor, recall_floor = FLOORS[name]
    assert report["precision"] >= precision_floor, (name, report["precision"])
    assert report["recall"] >= recall_floor, (name, report["recall"])
