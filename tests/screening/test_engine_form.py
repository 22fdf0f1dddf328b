"""The engine runs compiled by mypyc when installed, as plain Python otherwise, with the same answers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import safereply.screening
from safereply.screening import Context, Organization, _form, screen

REPLIES = (
    "Thank you for the kind words; we are glad the team made you feel welcome.",
    "We reviewed your chart and your crown was placed on March 3 by Dr. Patel.",
    "Your balance of $240 went to collections after the claim was denied.",
    "Lo sentimos. Revisamos su expediente y su cita del martes fue cancelada.",
    "This is ridiculous, you clearly never read our policy!!!",
    "",
)
CONTEXT = Context(post="I waited two hours for my cleaning.", poster="Dana Whitfield",
                  clinicians=("Dr. Anil Patel",), organization=Organization(name="Lakeside Dental"))

ANSWERS_SCRIPT = """
import json, sys
from safereply.screening import Context, Organization, _form, screen
replies = json.loads(sys.argv[1])
context = Context(post="I waited two hours for my cleaning.", poster="Dana Whitfield",
                  clinicians=("Dr. Anil Patel",), organization=Organization(name="Lakeside Dental"))
modules = sorted({m.__file__ for n, m in sys.modules.items() if n.startswith("safereply.screening")})
print(json.dumps({"form": _form.form, "modules": modules,
                  "answers": [screen(r, context).as_dict() for r in replies]}))
"""


def run_engine(env_extra: dict[str, str], pythonpath: Path | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "SAFEREPLY_PURE_PYTHON"}
    env.update(env_extra)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    result = subprocess.run([sys.executable, "-c", ANSWERS_SCRIPT, json.dumps(REPLIES)], env=env,
                            capture_output=True, text=True, check=True, cwd=pythonpath or None)
    return json.loads(result.stdout)


def test_plain_python_gives_the_same_answers_as_the_installed_form():
    plain = run_engine({"SAFEREPLY_PURE_PYTHON": "1"})
    assert plain["form"] == "plain Python (SAFEREPLY_PURE_PYTHON=1)"
    assert all(path.endswith(".py") for path in plain["modules"]), plain["modules"]
    installed = [screen(reply, CONTEXT).as_dict() for reply in REPLIES]
    assert plain["answers"] == installed
    assert [a["verdict"] for a in installed] == ["pass", "block", "block", "block", "review", "pass"]


@pytest.mark.skipif(not _form.compiled_modules(), reason="this install has no compiled modules (no C compiler?)")
def test_the_installed_engine_runs_compiled_unless_told_not_to():
    if os.environ.get("SAFEREPLY_PURE_PYTHON") == "1":
        pytest.skip("SAFEREPLY_PURE_PYTHON=1 is set")
    assert _form.form == "compiled (mypyc)", _form.form
    engine = sys.modules["safereply.screening.engine"]
    assert not engine.__file__.endswith(".py")


def test_ci_installs_the_compiled_engine():
    # CI machines have gcc: a type error that stops mypyc must fail the build, not slow it.
    if not os.environ.get("CI"):
        pytest.skip("checked in CI only (CI=true)")
    assert _form.compiled_modules(), "setup.py did not compile the engine: see the pip install output"


@pytest.mark.skipif(not _form.compiled_modules(), reason="this install has no compiled modules (no C compiler?)")
def test_an_edited_source_file_runs_from_source_with_a_warning(tmp_path):
    # A copy of the installed package in which one source file is not the one compiled.
    package_root = Path(safereply.__file__).resolve().parent.parent
    copy = tmp_path / "src"
    shutil.copytree(package_root / "safereply", copy / "safereply",
                    ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "migrations"))
    for shared in package_root.glob("safereply_screening__mypyc*"):
        shutil.copy2(shared, copy / shared.name)
    edited = copy / "safereply" / "screening" / "language.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# an edit since the install\n", encoding="utf-8")

    result = run_engine({}, pythonpath=copy)

    assert result["form"].startswith("plain Python (language.py changed since it was compiled")
    assert all(path.endswith(".py") for path in result["modules"])
    assert result["answers"] == [screen(reply, CONTEXT).as_dict() for reply in REPLIES]
