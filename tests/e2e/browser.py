"""A staff member in Chromium: logging in, and the screenshots of each step of a journey."""

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pyotp
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Response,
    expect,
)

from tests.e2e.backoffice import DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET

VIEWPORT = {"width": 1440, "height": 900}
TOTP = pyotp.TOTP(DEMO_STAFF_TOTP_SECRET)
# The time step of the last code each account logged in with: django-otp takes a step
# once per device, and one step ahead of the server's clock (its tolerance).
_last_steps: dict[str, int] = {}


def totp_code(username: str) -> str:
    """The code the staff member's authenticator app shows, for a step not used yet."""
    step = max(int(time.time()) // TOTP.interval, _last_steps.get(username, -1) + 1)
    while step > int(time.time()) // TOTP.interval + 1:
        time.sleep(1)
    _last_steps[username] = step
    return TOTP.at(step * TOTP.interval)


def log_in(
    page: Page,
    base_url: str,
    username: str,
    on_second_factor: Callable[[], object] | None = None,
) -> bool:
    """Log `username` (a demo staff account) into the admin as a person does: password,
    then the code of the authenticator app when the page asks for it (after calling
    `on_second_factor`). Whether it asked."""
    page.goto(f"{base_url}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_STAFF_PASSWORD)
    page.locator("input[type=submit]").click()
    second_factor = page.locator("#two-factor-form")
    expect(second_factor.or_(page.locator("#user-tools"))).to_be_visible()
    asked = second_factor.is_visible()
    if asked:
        expect(page.locator("#content-main h1")).to_have_text("Segundo fator")
        if on_second_factor is not None:
            on_second_factor()
        second_factor.get_by_label("Código").fill(totp_code(username))
        second_factor.get_by_role("button", name="Entrar").click()
    expect(page.locator("#user-tools")).to_contain_text("Bem-vindo(a)")
    return asked


class Journey:
    """One person's path through the admin (or several people's, one browser context
    each), its screenshots numbered in `folder` in the order they were taken."""

    def __init__(self, browser: Browser, base_url: str, folder: Path) -> None:
        self.browser = browser
        self.base_url = base_url
        self.folder = folder
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.steps = 0
        self.contexts: list[BrowserContext] = []
        self.errors: list[str] = []

    def as_staff(self, username: str) -> Page:
        """A browser of its own, logged in as `username`, on the admin's index."""
        context = self.browser.new_context(
            viewport=VIEWPORT,  # type: ignore[arg-type]
            locale="pt-BR",
            timezone_id="America/Sao_Paulo",
        )
        context.set_default_timeout(20_000)
        self.contexts.append(context)
        page = context.new_page()
        self.watch(page)
        # The journeys' server asks every staff member for the second factor.
        assert log_in(
            page, self.base_url, username, lambda: self.shot(page, f"segundo-fator-{username}")
        ), "the login did not ask for the TOTP code"
        # The index's dashboard: every chart drawn before the screenshot.
        page.wait_for_function(
            "() => [...document.querySelectorAll('canvas[data-chart]')]"
            ".every(canvas => window.Chart && Chart.getChart(canvas))"
        )
        self.shot(page, f"login-{username}")
        return page

    def watch(self, page: Page) -> None:
        """Note what would break the page for the person without failing an assertion:
        a script error, a resource refused (the Content Security Policy says so in the
        console) or answered with an error."""

        def console(message: ConsoleMessage) -> None:
            if message.type == "error" and not message.text.startswith("Failed to load resource"):
                self.errors.append(f"{page.url}: {message.text}")

        def response(answer: Response) -> None:
            if answer.status >= 400 and not answer.url.endswith("/favicon.ico"):
                self.errors.append(f"{page.url}: {answer.status} {answer.url}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on("response", response)

    def go(self, page: Page, path: str) -> None:
        page.goto(f"{self.base_url}{path}")

    def shot(self, page: Page, step: str, focus: Locator | None = None) -> Path:
        """Screenshot what `page` shows now (scrolled to `focus`) as NN-<step>.png."""
        if focus is not None:
            focus.scroll_into_view_if_needed()
        self.steps += 1
        path = self.folder / f"{self.steps:02d}-{step}.png"
        page.screenshot(path=path)
        return path

    def close(self, failed: bool) -> None:
        for context in self.contexts:
            if failed:
                for page in context.pages:
                    self.shot(page, "falha")
            context.close()
        assert failed or not self.errors, "\n".join(self.errors)
