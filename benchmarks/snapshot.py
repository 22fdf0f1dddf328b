"""Record what the engine answers on every labeled reply, to prove an optimization changed nothing.

    PYTHONPATH=src .venv/bin/python benchmarks/snapshot.py OUT.json            # record
    PYTHONPATH=src .venv/bin/python benchmarks/snapshot.py OUT.json --compare BASE.json

Screens every reply of the dev sets (../shared/eval/dev*.jsonl) and of the holdout and
final sets (tests/screening/data/), each with its context, plus a few hundred synthetic
variants (sentences of the labeled replies shuffled and concatenated, a few hostile
snippets), and records verdict, tone, language, the sorted findings and the safe
alternative. With --compare, prints every difference and exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = REPO_ROOT.parent / "shared" / "eval"
SOURCES = (
    sorted(EVAL_DIR.glob("dev*.jsonl"))
    + sorted((REPO_ROOT / "tests" / "screening" / "data").glob("holdout*.jsonl"))
    + sorted((REPO_ROOT / "tests" / "screening" / "data").glob("final*.jsonl"))
)
VARIANTS = 400
HOSTILE = (
    "12-345-6789-" * 40,
    "@." * 300,
    "a.b@c" * 200,
    "(" * 300 + ")" * 300,
    "!?.,;:-" * 100,
    "your visit " * 100,
    "Supercalifragilistic" * 50,
    "7" * 800,
    "Your claim #A-12345 was denied; we called you at 555-201-3344 on March 3. " * 5,
)

LONG_TAILS = (
    "Your claim #A-123456 was denied.",
    "Account number 8812-3391 is past due.",
    "Our records show you were seen here.",
    "Claim 12345 for policy 99887766.",
)


def rows() -> list[dict]:
    out = []
    for path in SOURCES:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    data = json.loads(line)
                    data["_source"] = path.name
                    out.append(data)
    return out


def context_for(row: dict):
    from safereply.screening import Context, Organization

    return Context(post=row.get("post") or "", poster=row.get("poster") or "",
                   clinicians=tuple(row.get("providers") or ()),
                   organization=Organization(name=row.get("org") or ""))


def cases() -> list[tuple[str, str, dict]]:
    from safereply.screening.recognizers.base import split_sentences

    labeled = rows()
    out = [(f"{r['_source']}:{r.get('id', k)}", r["reply"], r) for k, r in enumerate(labeled)]
    rng = random.Random(20261128)
    by_language: dict[bool, list[str]] = {True: [], False: []}
    for r in labeled:
        spanish = "-es" in r["_source"]
        by_language[spanish].extend(r["reply"][s:e].strip() for s, e in split_sentences(r["reply"]))
    for k in range(VARIANTS):
        row = rng.choice(labeled)
        pool = by_language["-es" in row["_source"]]
        own = [row["reply"][s:e].strip() for s, e in split_sentences(row["reply"])]
        if k % 2:
            rng.shuffle(own)  # the reply's own sentences, shuffled
            text = " ".join(own)
        else:  # the reply's sentences with others of the same language mixed in
            text = " ".join(own + rng.sample(pool, rng.randint(1, 6)))
            if k % 10 == 0:  # and now and then the words themselves shuffled
                words = text.split(" ")
                rng.shuffle(words)
                text = " ".join(words)
        out.append((f"variant:{k}", text, row))
    for k, text in enumerate(HOSTILE):
        out.append((f"hostile:{k}", text, labeled[k]))
    # Past the engine's full-analysis length: the long-text path.
    long_text = " ".join(r["reply"] for r in labeled if "-es" not in r["_source"])[:30_000]
    for k, extra in enumerate(LONG_TAILS):
        out.append((f"long:{k}", long_text + " " + extra + " " + long_text[:5_000], labeled[k]))
    for k, text in enumerate(HOSTILE):
        out.append((f"long-hostile:{k}", (text + " ") * (60_000 // len(text) + 1), labeled[k]))
    return out


def record() -> dict:
    from safereply.screening import screen

    result = {}
    for key, text, row in cases():
        s = screen(text, context_for(row))
        result[key] = {
            "verdict": s.verdict.value,
            "tone": s.tone,
            "language": s.language,
            "findings": sorted(
                [f.start, f.end, f.category.value, f.kind or "", f.rule, round(f.confidence, 4)]
                for f in s.findings
            ),
            "safe_alternative": s.safe_alternative,
        }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()
    current = record()
    args.out.write_text(json.dumps(current, ensure_ascii=False, indent=0, sort_keys=True))
    print(f"{len(current)} screenings written to {args.out}")
    if not args.compare:
        return 0
    base = json.loads(args.compare.read_text())
    differences = 0
    for key in sorted(set(base) | set(current)):
        a, b = base.get(key), current.get(key)
        if a == b:
            continue
        differences += 1
        print(f"--- {key}")
        if a is None or b is None:
            print(f"  only in {'current' if a is None else 'baseline'}")
            continue
        for field in a:
            if a[field] != b[field]:
                if field == "findings":
                    print(f"  findings only in baseline: {[f for f in a[field] if f not in b[field]]}")
                    print(f"  findings only in current:  {[f for f in b[field] if f not in a[field]]}")
                else:
                    print(f"  {field}: {a[field]!r}\n  {' ' * len(field)}  -> {b[field]!r}")
    print(f"{differences} of {len(current)} screenings differ from {args.compare}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
