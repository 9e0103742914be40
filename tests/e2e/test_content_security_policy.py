"""The Content-Security-Policy (no inline scripts) breaks nothing a staff member sees:
Chromium reports no violation on the login, the second factor, the dashboard's charts,
lists, a change page, the API docs and the browsable API. Adding an inline <script> to a
template, or dropping 'self' from script-src, makes it fail."""

import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

from devdata.demo.staff import DEMO_TOTP_SECRET
from tests.e2e.backoffice import DEMO_STAFF_PASSWORD

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
    context = journey.browser.new_context(locale="pt-BR")
    journey.contexts.append(context)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))

    page.goto(f"{backoffice.url}/admin/login/")
    assert violations(page) == []
    page.locator("#id_username").fill("gestor")
    page.locator("#id_password").fill(DEMO_STAFF_PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#two-factor-form")).to_be_visible()
    assert violations(page) == []
    journey.shot(page, "segundo-fator")
    # The next step's code: another journey may have just used this step's for `gestor`.
    page.locator("#id_token").fill(pyotp.TOTP(DEMO_TOTP_SECRET).at(time.time() + 30))
    page.locator("input[type=submit]").click()
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
