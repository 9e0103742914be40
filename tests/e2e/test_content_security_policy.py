"""The Content-Security-Policy (no inline scripts) breaks nothing a staff member sees:
Chromium reports no violation on the login, the second factor's enrolment (QR code,
recovery codes), the dashboard's charts,
lists, a change page, the API docs and the browsable API. Adding an inline <script> to a
template, or dropping 'self' from script-src, makes it fail."""

import subprocess
import sys

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.backoffice import ROOT

# An account of this check's own (the journeys' demo accounts each take a TOTP code once
# per 30-second step): the superuser `make run` creates, enrolling in the browser.
USERNAME, PASSWORD = "admin-csp", "senha-da-verificacao-csp-2026"

pytestmark = pytest.mark.e2e

# Every violation the page reports, recorded before any of its own scripts runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def test_no_page_violates_the_content_security_policy(journey, backoffice):
    subprocess.run(
        [sys.executable, "manage.py", "ensure_superuser"],
        cwd=ROOT,
        env={
            **backoffice.env,
            "DJANGO_SUPERUSER_USERNAME": USERNAME,
            "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        },
        check=True,
        capture_output=True,
    )
    context = journey.browser.new_context(locale="pt-BR")
    journey.contexts.append(context)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))

    page.goto(f"{backoffice.url}/admin/login/")
    assert violations(page) == []
    page.locator("#id_username").fill(USERNAME)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    assert violations(page) == []
    journey.shot(page, "cadastro-do-segundo-fator")
    secret = page.locator("#totp-secret").inner_text()
    page.locator("#id_token").fill(pyotp.TOTP(secret).now())
    page.locator("input[type=submit]").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert violations(page) == []
    journey.shot(page, "codigos-de-recuperacao")
    page.locator("#two-factor-continue").click()
    expect(page.locator("#user-tools")).to_contain_text("Bem-vindo(a)")
    page.wait_for_load_state("networkidle")
    assert violations(page) == []
    journey.shot(page, "painel")

    for path in (
        "/admin/platform_app/tenant/",
        "/admin/nigredo/lead/",
        "/admin/billing/subscriptionplan/",
        "/api/docs/",
        "/api/tenants",
    ):
        page.goto(f"{backoffice.url}{path}")
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path
        journey.shot(page, path.strip("/").replace("/", "-"))

    page.goto(f"{backoffice.url}/admin/platform_app/tenant/")
    page.locator("#result_list tbody tr th a").first.click()
    page.wait_for_load_state("networkidle")
    assert violations(page) == []
    assert not [text for text in console if "Content Security Policy" in text]
