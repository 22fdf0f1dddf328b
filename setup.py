"""Compiles the screening engine with mypyc when it can; everything else is in pyproject.toml.

The engine is plain Python and runs as it is. Compiled by mypyc (the same source, turned
into C extension modules) it needs 2.4 times fewer machine instructions per reply, which
the throughput goal of benchmarks/screening_bench.py needs (measured with valgrind:
1.95 M against 4.63 M instructions per 80-word reply, 2026-11-28). If the compiler or
mypyc is missing, or SAFEREPLY_PURE_PYTHON=1 is set, the package installs without the
compiled modules.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from setuptools import setup

ROOT = Path(__file__).resolve().parent
ENGINE = Path("src/safereply/screening")
# Not compiled: the packages' __init__ modules and _form.py (they choose between the
# compiled and the plain modules), findings.py (the public result classes stay ordinary
# Python classes), and modules off the hot path (configuration, evaluation, the safe
# alternative, which is built only when read).
INTERPRETED = {"_form.py", "config.py", "evaluation.py", "findings.py", "notice.py", "rewrite.py"}


def engine_modules() -> list[str]:
    return sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / ENGINE).rglob("*.py")
        if path.name != "__init__.py" and path.name not in INTERPRETED
    )


def remove_old_builds() -> None:
    """An editable install compiles into the source tree: drop what an earlier build left,
    so that a module no longer compiled (or compiled from an older source) is not loaded."""
    for path in [*(ROOT / ENGINE).rglob("*.so"), *(ROOT / ENGINE).rglob("*.pyd"),
                 *(ROOT / "src").glob("safereply_screening__mypyc.*"), ROOT / ENGINE / "_compiled.json"]:
        if path.exists():
            path.unlink()


def record_sources(modules: list[str]) -> None:
    """_compiled.json: the SHA-256 of each compiled source, which the package compares at
    import (safereply/screening/_form.py) to run an edited module from its source."""
    record = {
        str((ROOT / module).relative_to(ROOT / ENGINE)): hashlib.sha256((ROOT / module).read_bytes()).hexdigest()
        for module in modules
    }
    (ROOT / ENGINE / "_compiled.json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def compiled_extensions() -> list:
    remove_old_builds()
    if os.environ.get("SAFEREPLY_PURE_PYTHON") == "1":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # only when installed without the build requirements
        print("safereply: mypyc is not available; installing the plain-Python engine", file=sys.stderr)
        return []
    modules = engine_modules()
    try:
        extensions = mypycify(modules, opt_level="3", debug_level="0", group_name="safereply_screening")
    except (Exception, SystemExit) as error:  # mypy found a type error: it printed it above
        print(f"safereply: mypyc could not compile the engine ({error!r}); installing the plain-Python "
              "engine, which is slower (tests/screening/test_engine_form.py fails in CI)", file=sys.stderr)
        return []
    record_sources(modules)
    for extension in extensions:
        extension.optional = True  # a failed C compile leaves the plain-Python engine
    return extensions


setup(ext_modules=compiled_extensions())
