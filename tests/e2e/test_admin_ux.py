"""The admin in a real browser (Debian's chromium through Playwright) at 1400 px, on the demo
data, as a superuser and as a member of each staff group: every changelist fits the screen,
shows labels rather than raw codes, and its first row's link opens that row.

The server is the journeys' (tests/e2e/conftest.py: gunicorn over a fresh demo database).
Screenshots in artifacts/e2e/admin_ux/.
"""

import re
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

import pyotp
import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.core.exceptions import FieldDoesNotExist
from playwright.sync_api import Page

from devdata.demo.staff import DEMO_TOTP_SECRET
from staff.roles import ROLES
from tests.e2e.backoffice import ROOT
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

SCREENSHOTS = ARTIFACTS / "admin_ux"
WIDTH = 1400
SUPERUSER = "ux-admin"
PASSWORD = "senha-admin-ux-2026"
CHANGE_URL = re.compile(r"^/admin/(?P<app>\w+)/(?P<model>\w+)/(?P<pk>[^/]+)/change/$")


ACCOUNTS = f"""
from django.contrib.auth.models import Group, User
from devdata.demo.staff import DEMO_TOTP_SECRET, demo_totp_device
from staff.roles import ROLES

def account(username, **flags):
    flags["is_staff"] = True
    user, _ = User.objects.update_or_create(username=username, defaults=flags)
    user.set_password({PASSWORD!r})
    user.save()
    demo_totp_device(user, DEMO_TOTP_SECRET)
    return user

account({SUPERUSER!r}, is_superuser=True)
for index, role in enumerate(ROLES):
    account(f"ux-{{index}}").groups.set([Group.objects.get(name=role)])
"""


@pytest.fixture(scope="module")
def site(backoffice) -> str:
    """The journeys' server, with accounts of this module's own (a superuser and one member
    of each group, the demo staff's TOTP secret): a TOTP code is taken once per 30-second
    step, so the journeys' demo staff stay free for the journeys."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", ACCOUNTS],
        cwd=ROOT,
        env=backoffice.env,
        check=True,
        capture_output=True,
    )
    return backoffice.url


@pytest.fixture(scope="module")
def superuser_page(site, browser) -> Page:
    """One login for the module: a TOTP code is taken once per 30-second step."""
    return log_in(browser, site, SUPERUSER)


def log_in(browser, site: str, username: str) -> Page:
    # A browser in UTC and in English, as the staff who saw "Você está 3 horas à frente do
    # horário do servidor": the pages stay in Portuguese and São Paulo time.
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 900}, timezone_id="UTC", locale="en-US"
    )
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#content")
    if page.query_selector("#two-factor-form"):
        page.fill("input[name=token]", pyotp.TOTP(DEMO_TOTP_SECRET).now())
        page.click("#two-factor-form input[type=submit]")
        page.wait_for_selector("#content")
    assert page.query_selector("#user-tools"), f"{username} could not log in"
    return page


def changelist_paths(page: Page, site: str) -> list[str]:
    page.goto(f"{site}/admin/")
    hrefs = page.eval_on_selector_all(
        "#content-main .module th[scope=row] a", "links => links.map(a => a.getAttribute('href'))"
    )
    return [href for href in hrefs if href.startswith("/admin/") and href.count("/") == 4]


def horizontal_overflow(page: Page) -> list[str]:
    """What scrolls sideways: the page, or the table inside its results box."""
    return page.evaluate(
        """() => {
            const found = [];
            const doc = document.scrollingElement;
            if (doc.scrollWidth > doc.clientWidth) found.push(`page ${doc.scrollWidth}px`);
            for (const box of document.querySelectorAll('#changelist .results')) {
                if (box.scrollWidth > box.clientWidth) found.push(`results ${box.scrollWidth}px`);
            }
            return found;
        }"""
    )


def raw_codes(path: str) -> dict[str, set[str]]:
    """For each column of the changelist at `path` holding a field with choices, the codes
    whose label differs from the code (none of them may show as such)."""
    _, _, app_label, model_name, _ = path.split("/")
    model_admin = next(
        m
        for model, m in admin.site._registry.items()
        if (model._meta.app_label, model._meta.model_name) == (app_label, model_name)
    )
    columns = {}
    for column in model_admin.list_display:
        if not isinstance(column, str):
            continue
        try:
            field = model_admin.model._meta.get_field(column)
        except FieldDoesNotExist:
            continue
        codes = {str(value) for value, label in field.flatchoices if str(value) != str(label)}
        if codes:
            columns[column] = codes
    return columns


def check_changelist(
    page: Page, site: str, path: str, *, follow: bool, shot: str | None = None
) -> list[str]:
    problems = []
    response = page.goto(f"{site}{path}")
    if response is None or response.status != 200:
        return [f"{path}: {response.status if response else 'no answer'}"]
    if shot:
        screenshot(page, shot)
    problems += [f"{path}: scrolls sideways ({what})" for what in horizontal_overflow(page)]
    for column, codes in raw_codes(path).items():
        shown = page.eval_on_selector_all(
            f"#result_list .field-{column}", "cells => cells.map(c => c.innerText.trim())"
        )
        problems += [f"{path}: raw code {text!r} in {column}" for text in shown if text in codes]

    first_row = page.query_selector("#result_list tbody tr")
    if first_row is None:
        return problems
    cell = first_row.query_selector("th")
    links = cell.query_selector_all("a") if cell else []
    if len(links) != 1:
        return [*problems, f"{path}: the row link cell holds {len(links)} links"]
    href = urlsplit(links[0].get_attribute("href") or "").path
    found = CHANGE_URL.match(href)
    if not found or f"/admin/{found['app']}/{found['model']}/" != path:
        return [*problems, f"{path}: the first row links to {href}"]
    checkbox = first_row.query_selector("input.action-select")
    pk = checkbox.get_attribute("value") if checkbox is not None else None
    if pk is not None and found["pk"] != quote(pk):
        problems.append(f"{path}: the first row ({pk}) links to {href}")
    if follow:
        links[0].click()
        page.wait_for_load_state()
        if urlsplit(page.url).path != href:
            problems.append(f"{path}: the row link landed on {page.url}")
        problems += [f"{href}: scrolls sideways ({what})" for what in horizontal_overflow(page)]
    return problems


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_every_changelist_as_a_superuser(site, superuser_page):
    page = superuser_page
    paths = changelist_paths(page, site)
    assert len(paths) > 30
    problems = []
    for path in paths:
        shot = f"superuser{path.rstrip('/').replace('/admin', '').replace('/', '_')}"
        problems += check_changelist(page, site, path, follow=True, shot=shot)
    assert problems == []


@pytest.mark.parametrize("role", list(ROLES))
def test_every_changelist_as_a_group_member(site, browser, role):
    page = log_in(browser, site, f"ux-{list(ROLES).index(role)}")
    paths = changelist_paths(page, site)
    assert paths, f"{role} sees no changelist"
    screenshot(page, f"group-{list(ROLES).index(role)}_index")
    problems = []
    for path in paths:
        problems += check_changelist(page, site, path, follow=False)
    assert problems == []


def test_the_tenant_page_fits_and_dates_carry_no_zone_warning(site, superuser_page):
    page = superuser_page
    page.goto(f"{site}/admin/platform_app/tenant/")
    page.click("#result_list tbody tr th a")
    page.wait_for_load_state()
    screenshot(page, "superuser_tenant_change")
    assert horizontal_overflow(page) == []

    page.goto(f"{site}/admin/nigredo/agendamento/")
    page.click("#result_list tbody tr th a")
    page.wait_for_load_state("load")
    screenshot(page, "superuser_agendamento_change")
    warnings = page.eval_on_selector_all(
        ".timezonewarning", "spans => spans.filter(s => s.offsetParent !== null).length"
    )
    assert warnings == 0
    assert "Ver o site" not in page.inner_text("#header")
