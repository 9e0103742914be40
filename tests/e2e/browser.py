"""A staff member in Chromium: logging in, and the screenshots of each step of a journey."""

import shutil
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.e2e.backoffice import DEMO_STAFF_PASSWORD

VIEWPORT = {"width": 1440, "height": 900}


def log_in(page: Page, base_url: str, username: str) -> None:
    """Log `username` (a demo staff account) into the admin as a person does."""
    page.goto(f"{base_url}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_STAFF_PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text("Bem-vindo(a)")


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
        log_in(page, self.base_url, username)
        self.shot(page, f"login-{username}")
        return page

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
