"""Check the built documentation site reads offline: served from ``site/`` on 127.0.0.1,
the home page, a model page, a gallery page and an API page make no request to another
host (no CDN for fonts, maths or search), the model page's equations render with the
site's own MathJax and search finds a page. Run by ``.ci/run`` after ``mkdocs build``;
needs Debian's chromium and Playwright (the test dependencies).

``python scripts/check_site_offline.py [SITE_FOLDER]``: exit status 1 with the reasons
when a check fails.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # one line at the end, not one per file
        pass


PAGES = ("", "model/", "generated/gallery/plot_02_geneva_truce/", "api/models/", "validation/")


def _search_finds(page, term: str, retries: int = 3) -> bool:
    """Type ``term`` into the search box and wait for results (30 s); if none show, type
    it again (``term`` with a trailing space, 10 s each), since a query typed while the
    search index (lunr, in a web worker) is still loading can be dropped."""
    for attempt in range(1 + retries):
        page.fill("input.md-search__input", term if attempt == 0 else f"{term} ")
        try:
            page.wait_for_selector(
                ".md-search-result__item", timeout=30_000 if attempt == 0 else 10_000
            )
            return True
        except PlaywrightTimeout:
            continue
    return False


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    elsewhere: list[str] = []
    problems: list[str] = []
    with sync_playwright() as p:
        chromium = shutil.which("chromium")
        if chromium is None:
            print("site check: no chromium (apt-get install chromium)", file=sys.stderr)
            return 1
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        page.on(
            "request",
            lambda r: (
                elsewhere.append(r.url)
                if r.url.startswith(("http://", "https://")) and not r.url.startswith(root)
                else None
            ),
        )
        for path in PAGES:
            response = page.goto(root + path)
            if response is None or response.status != 200:
                problems.append(f"{path or 'home'}: HTTP {response and response.status}")
            page.wait_for_timeout(1500)
        page.goto(root + "model/")
        page.wait_for_function(
            "document.querySelectorAll('.MathJax_Display').length > 0", timeout=30_000
        )
        if not _search_finds(page, "Caliendo"):
            problems.append("search found nothing for 'Caliendo' within 60 s (typed four times)")
        browser.close()
    server.shutdown()
    if elsewhere:
        problems.append(f"requests to other hosts: {sorted(set(elsewhere))}")
    for problem in problems:
        print(f"site check: {problem}", file=sys.stderr)
    if not problems:
        print(f"site check: {len(PAGES)} pages read offline, maths rendered, search works")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
