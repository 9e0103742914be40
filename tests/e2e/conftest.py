"""Browser journeys (`make e2e`): Debian's Chromium, driven by Playwright, against gunicorn
serving a fresh demo database. Screenshots in artifacts/e2e/<journey>/NN-<step>.png."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tests.e2e.backoffice import ROOT, BackOffice
from tests.e2e.browser import Journey

ARTIFACTS = ROOT / "artifacts" / "e2e"
# Never a browser build downloaded by Playwright: the machine's Chromium.
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")

expect.set_options(timeout=20_000)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.journey_failed = report.failed
    return report


@pytest.fixture(scope="session")
def backoffice() -> Iterator[BackOffice]:
    server = BackOffice(ARTIFACTS)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: apt-get install -y chromium (Debian's package)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()


@pytest.fixture
def journey(request, browser: Browser, backoffice: BackOffice) -> Iterator[Journey]:
    """The journey of a test module test_<name>.py: screenshots in artifacts/e2e/<name>/."""
    name = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    path = Journey(browser, backoffice.url, ARTIFACTS / name)
    yield path
    path.close(failed=getattr(request.node, "journey_failed", True))
