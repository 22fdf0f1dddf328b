"""Headless Chromium (Debian's, never a downloaded one) driven by Playwright's sync API."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright runs an event loop in this thread; Django's ORM calls from the test are safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = "install Debian's chromium: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def screenshot_dir(tmp_path):
    """Where browser tests save their screenshots.

    `make screenshots` sets SAFEREPLY_SCREENSHOTS=docs to refresh the pictures in docs/;
    ordinary runs write to a temporary folder so a test run leaves the tree clean.
    """
    if os.environ.get("SAFEREPLY_SCREENSHOTS") == "docs":
        return Path(__file__).resolve().parents[2] / "docs"
    return tmp_path
