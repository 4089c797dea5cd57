"""Regenerate the README's screenshots (docs/*.png) from the sample documents in examples/.

    .venv/bin/python scripts/screenshots.py

Writes the pages with the real command line into out/ (in Chinese, the default: `--lang zh`),
opens each in headless Chromium (Debian's chromium, network cut off; `scripts/setup-test-env`
installs it and fonts-noto-cjk, without which Chinese shows as empty boxes) and saves
docs/viz-full.png, docs/viz-deps.png, docs/viz-ego.png, docs/leader.png and docs/report.png.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
DUTYGRAPH = [sys.executable, "-m", "dutygraph"]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync"]
PAGES = {
    "viz-full": (["viz", "examples/"], "人事科"),
    "viz-deps": (["viz", "examples/", "--view", "deps"], "基础教育科"),
    "viz-ego": (["viz", "examples/", "--focus", "财务科", "--depth", "2"], "财务科"),
    "leader": (["leader", "林晓", "examples/", "--html", "--as-of", "2024-09-15"], None),
    "report": (["report", "examples/", "--as-of", "2024-09-15"], None),
}


def main() -> int:
    (ROOT / "out").mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
        for name, (args, pick) in PAGES.items():
            page_file = ROOT / "out" / f"{name}.html"
            subprocess.run([*DUTYGRAPH, *args, "-o", str(page_file), "--lang", "zh"], cwd=ROOT, check=True)
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
            page.goto(page_file.as_uri(), wait_until="load")
            page.wait_for_function("() => window.dutygraph && window.dutygraph.ready", timeout=60_000)
            if pick:  # search for an office, so the shot shows the search and the details panel
                page.fill("#dg-search", pick)
                page.press("#dg-search", "Enter")
                page.wait_for_timeout(300)
            page.screenshot(path=str(ROOT / "docs" / f"{name}.png"), full_page=pick is None)
            page.close()
            print(f"docs/{name}.png")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
