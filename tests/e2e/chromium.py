"""Headless Debian Chromium for the browser tests, driven by Playwright for Python.

Playwright is pointed at ``/usr/bin/chromium`` (``executable_path``), so nothing is
downloaded. Where Chromium or Playwright is missing, the browser tests are skipped with a
one-line reason, unless ``LRLIB_E2E_REQUIRED=1`` (set by ``.ci/run``): then they fail.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("LRLIB_CHROMIUM", "/usr/bin/chromium"))
# Running as root needs --no-sandbox; the rest keep Chromium from phoning home
# (the machines this runs on have no internet, and it must not wait for it).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REQUIRED = os.environ.get("LRLIB_E2E_REQUIRED") == "1"
UI_TIMEOUT = 30_000  # ms, for a page to show something


def missing_browser_reason() -> str | None:
    """Why the browser tests cannot run here, or None if they can."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (make setup)"
    return None


MISSING = missing_browser_reason()


def skip_module_without_browser() -> None:
    """Skip the calling test module where the browser tests cannot run (unless required)."""
    if MISSING and not REQUIRED:
        pytest.skip(f"browser test: {MISSING} (LRLIB_E2E_REQUIRED=1 fails instead)", allow_module_level=True)


def fail_if_missing() -> None:
    """Only reached with LRLIB_E2E_REQUIRED=1 where a browser test cannot run."""
    if MISSING:
        pytest.fail(f"LRLIB_E2E_REQUIRED=1 but the browser test cannot run: {MISSING}", pytrace=False)


@contextmanager
def chromium_context() -> Iterator[object]:
    """A Playwright browser context with a fresh profile, closed at the end whatever happens."""
    from playwright.sync_api import sync_playwright

    fail_if_missing()
    profile = Path(tempfile.mkdtemp(prefix="lrlib-e2e-chromium-"))
    playwright = sync_playwright().start()
    try:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            context.set_default_timeout(UI_TIMEOUT)
            yield context
        finally:
            context.close()
    finally:
        playwright.stop()
        shutil.rmtree(profile, ignore_errors=True)
