"""Which form of the engine runs: its modules compiled by mypyc, or their plain source.

``pip install`` compiles the engine's modules with mypyc where it can (see setup.py); a
compiled module sits beside its source file and Python would load it first. It is the
same code, needing 2.4 times fewer machine instructions per reply. The plain source runs instead when

- ``SAFEREPLY_PURE_PYTHON=1`` is set (to debug or profile the engine line by line),
- a source file differs from the one that was compiled (an edit or a checkout since the
  last install: the compiled code would not be the code in the file; ``make install``
  compiles again). setup.py records a SHA-256 of every compiled source in
  ``_compiled.json``; file times are not used, since builds and checkouts move them, or
- the compiled modules fail to import.

Compiled and plain modules are never mixed: a compiled module calls the others of its
build directly, and two copies of one class would not be the same class. So either every
engine module is loaded compiled, or an import hook loads every one from its source.

This module and the package's ``__init__`` are never compiled: they make the choice.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Sequence

PACKAGE = __name__.rpartition(".")[0]  # "safereply.screening"
PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST = PACKAGE_DIR / "_compiled.json"  # {"engine.py": "<sha256>", "recognizers/base.py": ...}
_PREFIX = PACKAGE + "."
_CHOOSERS = {__name__}

form = "not chosen yet"  # "compiled (mypyc)" or "plain Python (<why>)"; set by choose()


def compiled_modules() -> list[tuple[Path, Path]]:
    """(source, compiled module) for every engine module that has a compiled form."""
    pairs = []
    for source in sorted(PACKAGE_DIR.rglob("*.py")):
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            compiled = source.with_name(source.stem + suffix)
            if compiled.exists():
                pairs.append((source, compiled))
                break
    return pairs


def reason_for_source() -> str | None:
    """Why the plain source must run, or None when the compiled modules can."""
    if os.environ.get("SAFEREPLY_PURE_PYTHON") == "1":
        return "SAFEREPLY_PURE_PYTHON=1"
    pairs = compiled_modules()
    if not pairs:
        return "not compiled"
    try:
        recorded = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "the compiled modules have no record of their sources; run `make install` to compile again"
    stale = [
        name for name in sorted(recorded)
        if not (PACKAGE_DIR / name).is_file() or source_digest(PACKAGE_DIR / name) != recorded[name]
    ]
    stale += sorted(str(source.relative_to(PACKAGE_DIR)) for source, _ in pairs
                    if str(source.relative_to(PACKAGE_DIR)) not in recorded)
    if stale:
        return f"{', '.join(stale)} changed since it was compiled; run `make install` to compile again"
    return None


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the engine's modules as source files, ahead of their compiled forms."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None):
        if not fullname.startswith(_PREFIX) or fullname in _CHOOSERS:
            return None
        name = fullname.rpartition(".")[2]
        for entry in path or ():
            folder = Path(entry)
            if (folder / name / "__init__.py").is_file():
                return importlib.util.spec_from_file_location(
                    fullname, folder / name / "__init__.py", submodule_search_locations=[str(folder / name)]
                )
            if (folder / f"{name}.py").is_file():
                return importlib.util.spec_from_file_location(fullname, folder / f"{name}.py")
        return None


_FINDER = _SourceFinder()


def _use_source(why: str) -> None:
    global form
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    form = f"plain Python ({why})"


def choose() -> str:
    """Decide once, before the first engine module is imported; returns ``form``."""
    global form
    if form != "not chosen yet":
        return form
    why = reason_for_source()
    if why is not None:
        if why not in ("not compiled", "SAFEREPLY_PURE_PYTHON=1"):
            warnings.warn(f"safereply.screening runs as plain Python, slower: {why}", RuntimeWarning, stacklevel=3)
        _use_source(why)
        return form
    try:
        importlib.import_module(PACKAGE + ".engine")
    except ImportError as error:
        # Forget what was half loaded, then load all of it from source.
        for name in [n for n in sys.modules if n.startswith(_PREFIX) and n not in _CHOOSERS]:
            del sys.modules[name]
        warnings.warn(f"safereply.screening: the compiled modules failed to import ({error}); "
                      "running as plain Python, slower", RuntimeWarning, stacklevel=3)
        _use_source(f"compiled modules failed to import: {error}")
        return form
    form = "compiled (mypyc)"
    return form
