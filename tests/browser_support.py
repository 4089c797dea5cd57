"""A real headless Chromium (Debian's ``chromium``) for the page tests, with the network cut off.

``browser`` is a session fixture; ``open_page(browser, path)`` opens a file, blocks and records
every request that is not ``file:``/``data:``/``blob:``, records console errors, page errors and
dialogs, and waits until the network's layout has settled (``window.dutygraph.ready``). Without
Chromium or Playwright the tests skip with the reason, except under ``CI=true`` where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

__all__ = ["CHROMIUM", "OUTPUT", "Opened", "browser", "open_page"]

CHROMIUM = os.environ.get("DUTYGRAPH_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync"]
OUTPUT = Path(__file__).resolve().parent / "output"
"""Screenshots land here (git-ignored)."""


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run; scripts/setup-test-env installs it)",
                    pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium, launched once per session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


@dataclass
class Opened:
    """A page and what it did: requests that tried to leave the file, errors, dialogs."""

    page: Any
    left: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def clean(self) -> bool:
        return not (self.left or self.errors or self.dialogs or self.page.evaluate("() => window.__xss || 0"))

    def shot(self, name: str, *, full_page: bool = False) -> Path:
        OUTPUT.mkdir(exist_ok=True)
        path = OUTPUT / name
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


def open_page(browser: Any, path: Path, *, width: int = 1400, height: int = 900, settle: bool = True) -> Opened:
    """Open ``path`` with every request outside the file blocked and counted."""
    page = browser.new_page(viewport={"width": width, "height": height})
    opened = Opened(page)

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            request_route.continue_()
        else:
            opened.left.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    page.goto(path.resolve().as_uri(), wait_until="load")
    if settle:
        page.wait_for_function("() => window.dutygraph && window.dutygraph.ready", timeout=60_000)
    return opened
