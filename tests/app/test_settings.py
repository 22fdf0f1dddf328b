"""Settings come from the environment and fail loudly on bad values."""

from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

from safereply import env


@pytest.mark.parametrize("raw,value", [("1", True), ("true", True), ("Yes", True), ("0", False), ("off", False)])
def test_envbool_reads_booleans(monkeypatch, raw, value):
    monkeypatch.setenv("X_FLAG", raw)
    assert env.envbool("X_FLAG", not value) is value


@pytest.mark.parametrize("raw", ["flase", "2", "enabled"])
def test_envbool_fails_loudly(monkeypatch, raw):
    monkeypatch.setenv("X_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env.envbool("X_FLAG", False)


def test_envint_fails_loudly_on_words_and_small_numbers(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env.envint("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ImproperlyConfigured, match="minimum"):
        env.envint("X_NUM", 1, minimum=1)
    monkeypatch.setenv("X_NUM", " 12 ")
    assert env.envint("X_NUM", 1) == 12


def test_envlist_and_defaults(monkeypatch):
    monkeypatch.delenv("X_LIST", raising=False)
    assert env.envlist("X_LIST", ["a"]) == ["a"]
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env.envlist("X_LIST", []) == ["a", "b", "c"]


def test_the_real_settings_hash_passwords_with_argon2_and_keep_debug_off():
    module = importlib.import_module("safereply.settings")
    assert module.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    if "DEBUG" not in __import__("os").environ:
        assert module.DEBUG is False  # debug pages would show post text


def test_the_data_folder_is_created_and_overridable(tmp_path, monkeypatch):
    import subprocess
    import sys

    target = tmp_path / "elsewhere"
    code = "import safereply.settings as s; print(s.DATA_DIR); print(s.DATABASES['default']['NAME'])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"SAFEREPLY_DATA_DIR": str(target), "PATH": "/usr/bin"}).stdout.split()
    assert out == [str(target), str(target / "safereply.sqlite3")] and target.is_dir()
    assert (target / "secret_key").exists()


def test_a_bad_environment_value_stops_start_up(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", "import safereply.settings"], capture_output=True, text=True,
                            env={"SAFEREPLY_DATA_DIR": str(tmp_path), "DEBUG": "flase", "PATH": "/usr/bin"})
    assert result.returncode != 0 and "DEBUG='flase' is not a boolean" in result.stderr
