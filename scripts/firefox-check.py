"""Open dutygraph pages in headless Firefox and report what they did (a manual check, not a test).

    apt-get install firefox-esr && pip install marionette_driver
    python scripts/firefox-check.py out/graph.html out/report.html

Drives Firefox through its own Marionette protocol (no geckodriver), waits until the page's
layout has settled, runs a search for 财务, and prints per page: nodes drawn, the milliseconds to a
settled layout, search results, and whether any script from document text ran (window.__xss).
Saves PAGE.firefox.png beside each page. Exits 1 when a page does not settle or a script ran.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from marionette_driver.marionette import Marionette

PORT = 2829


def main(pages: list[str]) -> int:
    profile = tempfile.mkdtemp(prefix="dutygraph-firefox-")
    Path(profile, "user.js").write_text(f'user_pref("marionette.port", {PORT});\n', encoding="utf-8")
    firefox = subprocess.Popen(["firefox-esr", "--headless", "--marionette", "--no-remote", "--profile", profile],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failed = 0
    try:
        client = Marionette(host="127.0.0.1", port=PORT)
        client.start_session()
        for page in pages:
            client.navigate(Path(page).resolve().as_uri())
            ready = False
            for _ in range(120):
                ready = client.execute_script("return !!(window.dutygraph && window.dutygraph.ready)", sandbox=None)
                if ready:
                    break
                time.sleep(0.5)
            if not ready:
                print(f"{page}: the layout did not settle within 60 s")
                failed = 1
                continue
            nodes, settled, xss = client.execute_script(
                "return [network.body.data.nodes.length, window.dutygraph.readyAt, window.__xss || 0]", sandbox=None)
            found = client.execute_script(
                "const box = document.getElementById('dg-search'); box.value = '财务';"
                "box.dispatchEvent(new Event('input')); return document.querySelectorAll('.dg-result').length",
                sandbox=None)
            Path(f"{page}.firefox.png").write_bytes(client.screenshot(format="binary"))
            print(f"{page}: {nodes} nodes, settled {settled:.0f} ms after navigation, "
                  f"search 财务 lists {found}, scripts from document text run: {xss}")
            failed |= bool(xss)
        client.delete_session()
    finally:
        firefox.terminate()
        firefox.wait(30)
    return failed


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    os.environ.setdefault("MOZ_HEADLESS", "1")
    sys.exit(main(sys.argv[1:]))
