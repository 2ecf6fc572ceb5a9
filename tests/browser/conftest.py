"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test here is marked ``browser``, runs on a fresh database holding the starter catalog,
and fails if the page logged a console error or threw an uncaught exception. The browser is
started once per session; each test gets its own context (cookies, storage, viewport).

Playwright never downloads a browser here: it runs /usr/bin/chromium, which ``make test``
installs when it is missing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# database access from it (the live server thread and the test share the test database).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives a real browser (Chromium) against the live server"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def catalog(transactional_db, live_server):
    """Each test: the live server and a fresh database holding the starter catalog."""
    from carriers.catalog.loader import load_catalog

    load_catalog()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests run Debian's Chromium. "
            "Run `make test`, which installs it (apt-get install chromium).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class PageProblems:
    """Console errors and uncaught exceptions seen by every page of one test."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", self._pageerror)

    def _console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.problems.append(f"console error: {message.text} ({where})")

    def _pageerror(self, error) -> None:
        self.problems.append(f"page error: {error}")


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable]:
    """Open a page in a new browser context, e.g.
    ``new_page(viewport=PHONE, javascript=False, locale="zh-CN")``.

    After the test, no page opened this way may have logged a console error or thrown.
    """
    contexts = []
    problems = PageProblems()

    def open_page(viewport: dict | None = None, javascript: bool = True, locale: str = "en-US"):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport or DESKTOP,
            java_script_enabled=javascript,
            locale=locale,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems.problems, "The browser reported errors:\n" + "\n".join(problems.problems)


@pytest.fixture
def page(new_page):
    """A desktop-sized page (1280×900) with JavaScript."""
    return new_page()


@pytest.fixture
def phone_page(new_page):
    """A phone-sized page (360×740) with JavaScript."""
    return new_page(viewport=PHONE)
