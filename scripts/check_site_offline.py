"""Check the built documentation site reads offline: served from ``site/`` on 127.0.0.1,
the home page, a model page, a gallery page and an API page make no request to another
host (no CDN for fonts, maths or search), the model page's equations render with the
site's own MathJax and search finds a page. Run by ``.ci/run`` after ``mkdocs build``;
needs Debian's chromium and Playwright (the test dependencies).

``python scripts/check_site_offline.py [SITE_FOLDER]``: exit status 1 with the reasons
when a check fails; a failed search prints what the browser reported (errors, whether the
search index and its worker loaded) to tell a broken site from a slow browser.
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


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):  # the browser left mid-file
            return
        super().handle_error(request, client_address)


PAGES = ("", "model/", "generated/gallery/plot_02_geneva_truce/", "api/models/", "validation/")
# Headless chromium on a machine with no outside network: no background connections (they
# are refused, many at a time), no GPU, shared memory in /tmp rather than a small /dev/shm.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SEARCH_INDEX = "search/search_index.json"


def _search_ready(page, timeout_ms: int = 120_000) -> bool:
    """Wait until the search worker has built its index: Material's result line leaves
    "Initializing search" (a slow machine can take a while over lunr's index)."""
    try:
        page.wait_for_function(
            "(() => { const m = document.querySelector('.md-search-result__meta');"
            " return m !== null && m.textContent.trim() !== ''"
            " && !m.textContent.includes('Initializing'); })()",
            timeout=timeout_ms,
        )
        return True
    except PlaywrightTimeout:
        return False


def _search_finds(page, term: str, retries: int = 2) -> bool:
    """Type ``term`` into the search box key by key and wait for results (30 s); if none
    show, clear the box and type it again."""
    box = page.locator("input.md-search__input")
    for _ in range(1 + retries):
        box.fill("")
        box.click()
        box.press_sequentially(term, delay=50)
        try:
            page.wait_for_selector(".md-search-result__item", timeout=30_000)
            return True
        except PlaywrightTimeout:
            continue
    return False


def _search_report(page, seen: list[str]) -> str:
    """What the browser saw while search failed: the result line, the page's errors."""
    meta = page.locator(".md-search-result__meta")
    shown = meta.first.inner_text() if meta.count() else "(no result line)"
    events = "; ".join(seen[-12:]) or "none"
    return f"result line {shown!r}; browser events: {events}"


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    handler = functools.partial(_Quiet, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    elsewhere: list[str] = []
    problems: list[str] = []
    seen: list[str] = []
    with sync_playwright() as p:
        chromium = shutil.which("chromium")
        if chromium is None:
            print("site check: no chromium (apt-get install chromium)", file=sys.stderr)
            return 1
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context()  # its request listener sees every page's requests
        context.on(
            "request",
            lambda r: (
                elsewhere.append(r.url)
                if r.url.startswith(("http://", "https://")) and not r.url.startswith(root)
                else None
            ),
        )
        page = context.new_page()
        for path in PAGES:
            response = page.goto(root + path)
            if response is None or response.status != 200:
                problems.append(f"{path or 'home'}: HTTP {response and response.status}")
            page.wait_for_timeout(1500)
        page.goto(root + "model/")
        page.wait_for_function(
            "document.querySelectorAll('.MathJax_Display').length > 0", timeout=30_000
        )
        # Search on a fresh page, once its index has come back and the worker has built it,
        # with the browser's reports kept for a failure message.
        page.close()
        search_page = context.new_page()
        search_page.on("console", lambda m: seen.append(f"console {m.type}: {m.text[:160]}"))
        search_page.on("pageerror", lambda e: seen.append(f"page error: {str(e)[:160]}"))
        search_page.on("crash", lambda _: seen.append("page crashed"))
        search_page.on(
            "worker", lambda w: seen.append(f"worker started: {w.url.rsplit('/', 1)[-1]}")
        )
        search_page.on(
            "requestfailed", lambda r: seen.append(f"request failed: {r.url} {r.failure}")
        )
        try:
            with search_page.expect_response(
                lambda r: r.url.endswith(SEARCH_INDEX), timeout=30_000
            ) as index:
                search_page.goto(root)
            seen.append(f"{SEARCH_INDEX}: HTTP {index.value.status}")
        except PlaywrightTimeout:
            seen.append(f"{SEARCH_INDEX} not requested within 30 s")
        if not _search_ready(search_page):
            problems.append(
                "the search index did not load within 120 s: " + _search_report(search_page, seen)
            )
        elif not _search_finds(search_page, "Caliendo"):
            problems.append(
                "search found nothing for 'Caliendo' (typed three times, 30 s each): "
                + _search_report(search_page, seen)
            )
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
