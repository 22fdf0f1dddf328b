"""Measure the engine against labeled replies (the format of shared/eval/dev.jsonl).

Each row is one reply with its label (see shared/eval/LABELING.md). A reply counts as
predicted ``violation`` when the engine blocks it; "review" is not a prediction of a
disclosure. Ratios whose denominator is zero (precision when nothing was blocked, recall
when nothing was labeled a violation, F1 when neither, tone accuracy when no row carries
a tone) are ``None`` rather than a made-up 0 or 1: an empty subset has no score.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from safereply.screening.findings import DISCLOSURE_CATEGORIES, Context, Organization, Screening

LABELS = ("violation", "safe")
TONES = ("calm", "heated")
CATEGORY_NAMES = tuple(c.value for c in DISCLOSURE_CATEGORIES)
UNSPECIFIED_LANGUAGE = "unspecified"


class LabeledFileError(ValueError):
    """The labeled file as a whole cannot be read (missing, unreadable, binary)."""


@dataclass(frozen=True, slots=True)
class LineProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def read_labeled_jsonl(path: str | Path) -> tuple[list[dict], list[LineProblem]]:
    """Read labeled rows; malformed lines are returned as problems, not raised.

    Blank lines are ignored. Raises LabeledFileError when the file cannot be read at all.
    """
    rows: list[dict] = []
    problems: list[LineProblem] = []
    for line_number, row, problem in iter_labeled_jsonl(path):
        if problem is not None:
            problems.append(LineProblem(line_number, problem))
        elif row is not None:
            rows.append(row)
    return rows, problems


def iter_labeled_jsonl(path: str | Path) -> Iterator[tuple[int, dict | None, str | None]]:
    """Yield (line number, row, None) for good lines and (line number, None, problem) for bad."""
    path = Path(path)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise LabeledFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise LabeledFileError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise LabeledFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    with handle:
        head = handle.read(8192)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise LabeledFileError(f"{path}: is UTF-16 encoded; save it as UTF-8")
        if b"\x00" in head:
            raise LabeledFileError(f"{path}: looks like a binary file (it contains NUL bytes)")
        handle.seek(0)
        for line_number, raw in enumerate(handle, start=1):
            if line_number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield line_number, None, (
                    f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
                )
                continue
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield line_number, None, f"not valid JSON ({exc.msg}, column {exc.colno})"
                continue
            problem = check_labeled_row(data)
            if problem:
                yield line_number, None, problem
            else:
                yield line_number, data, None


def check_labeled_row(row: object) -> str | None:
    """Why this row cannot be evaluated, or None when it can."""
    if not isinstance(row, dict):
        return "expected a JSON object"
    reply = row.get("reply")
    if not isinstance(reply, str):
        return "missing 'reply'" if reply is None else "'reply' must be a string"
    if row.get("label") not in LABELS:
        return f"'label' must be one of {', '.join(LABELS)}, not {row.get('label')!r}"
    categories = row.get("categories", [])
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        return "'categories' must be a list of strings"
    unknown = sorted(set(categories) - set(CATEGORY_NAMES))
    if unknown:
        return f"unknown categor{'ies' if len(unknown) > 1 else 'y'} {', '.join(unknown)}"
    tone = row.get("tone")
    if tone is not None and tone not in TONES:
        return f"'tone' must be one of {', '.join(TONES)}, not {tone!r}"
    for key in ("post", "poster", "org", "lang", "id"):
        value = row.get(key)
        if value is not None and not isinstance(value, str):
            return f"{key!r} must be a string"
    providers = row.get("providers", [])
    if not isinstance(providers, list) or not all(isinstance(p, str) for p in providers):
        return "'providers' must be a list of strings"
    return None


def context_for(row: dict) -> Context:
    return Context(
        post=row.get("post") or "",
        poster=row.get("poster") or "",
        clinicians=tuple(row.get("providers") or ()),
        organization=Organization(name=row.get("org") or ""),
    )


def evaluate(
    rows: Iterable[dict],
    *,
    screen: Callable[[str, Context], Screening] | None = None,
) -> dict:
    """Screen every labeled row and score the verdicts, categories and tone.

    ``screen`` defaults to the engine's; tests and experiments may pass their own.
    """
    if screen is None:
        from safereply.screening import screen as engine_screen

        screen = engine_screen
    outcomes = []
    for index, row in enumerate(rows):
        problem = check_labeled_row(row)
        if problem:
            ident = row.get("id") if isinstance(row, dict) else None
            raise ValueError(f"row {ident or index + 1}: {problem}")
        outcomes.append((row, screen(row["reply"], context_for(row))))

    report = _score(outcomes)
    languages = {row.get("lang") for row, _ in outcomes}
    if languages - {None}:
        report["per_language"] = {
            lang: _score([(r, s) for r, s in outcomes if (r.get("lang") or UNSPECIFIED_LANGUAGE) == lang],
                         with_cases=False)
            for lang in sorted({lang or UNSPECIFIED_LANGUAGE for lang in languages})
        }
    return report


def _score(outcomes: list[tuple[dict, Screening]], *, with_cases: bool = True) -> dict:
    tp = fp = fn = tn = 0
    false_positives: list[dict] = []
    false_negatives: list[dict] = []
    category_support: Counter[str] = Counter()
    category_found: Counter[str] = Counter()
    tone_total = tone_right = 0
    tone_errors: list[dict] = []
    verdicts: Counter[str] = Counter()

    for row, screening in outcomes:
        expected = row["label"] == "violation"
        predicted = screening.discloses
        verdicts[screening.verdict.value] += 1
        if expected and predicted:
            tp += 1
        elif predicted:
            fp += 1
            false_positives.append(_case(row, screening))
        elif expected:
            fn += 1
            false_negatives.append(_case(row, screening))
        else:
            tn += 1
        found = screening.categories
        for category in set(row.get("categories") or ()):
            category_support[category] += 1
            if category in found:
                category_found[category] += 1
        if row.get("tone"):
            tone_total += 1
            if screening.tone == row["tone"]:
                tone_right += 1
            else:
                tone_errors.append(
                    {"id": row.get("id"), "reply": row["reply"],
                     "tone_expected": row["tone"], "tone_found": screening.tone}
                )

    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    # 2PR/(P+R) written over counts: defined whenever anything was labeled or blocked.
    f1 = _ratio(2 * tp, 2 * tp + fp + fn)
    report: dict[str, object] = {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "per_category_recall": {
            c: _ratio(category_found[c], category_support[c])
            for c in CATEGORY_NAMES
            if category_support[c]
        },
        "per_category_support": {c: category_support[c] for c in CATEGORY_NAMES if category_support[c]},
        "tone_accuracy": _ratio(tone_right, tone_total),
        "n": len(outcomes),
        "confusion": {"true_positives": tp, "false_positives": fp,
                      "false_negatives": fn, "true_negatives": tn},
        "verdicts": dict(sorted(verdicts.items())),
    }
    if with_cases:
        report["false_positives"] = false_positives
        report["false_negatives"] = false_negatives
        report["tone_errors"] = tone_errors
    return report


def _case(row: dict, screening: Screening) -> dict:
    return {
        "id": row.get("id"),
        "reply": row["reply"],
        "verdict": screening.verdict.value,
        "categories_found": sorted(screening.categories),
        "categories_expected": sorted(row.get("categories") or ()),
    }


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None
