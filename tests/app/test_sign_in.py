"""Sign-in: failed attempts are limited per address and username."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def attempt(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_it_signs_in_with_the_right_password(client, people):
    response = attempt(client, "responder", "correct horse battery")
    assert response.status_code == 302


def test_it_locks_out_a_username_after_too_many_failures(client, people, settings):
    settings.SAFEREPLY_LOGIN_FAILURES = 3
    for _ in range(3):
        assert attempt(client, "responder", "wrong").status_code == 200
    response = attempt(client, "responder", "correct horse battery")
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username(client, people, settings):
    settings.SAFEREPLY_LOGIN_FAILURES = 2
    for _ in range(2):
        attempt(client, "responder", "wrong")
    assert attempt(client, "staff", "correct horse battery").status_code == 302


def test_successful_sign_ins_do_not_count(client, people, settings):
    settings.SAFEREPLY_LOGIN_FAILURES = 2
    for _ in range(4):
        assert attempt(client, "responder", "correct horse battery").status_code == 302
        client.post("/logout/")
