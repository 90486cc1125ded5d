"""The dashboard in a real browser: headless Chromium (Debian's) driven by Playwright over a live server.

Never ``playwright install``: the browser is /usr/bin/chromium, launched with the flags a closed network
needs. The test skips only when that binary is missing and ``SITREP_REQUIRE_BROWSER`` is unset (``make test``
installs Chromium through scripts/system-deps.sh).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn

from sitrep.api import Settings, create_app
from sitrep.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
SCREENSHOT = Path("/tmp/dashboard.png")
TIMEOUT_MS = 30_000

pytestmark = pytest.mark.browser


def _require_browser() -> None:
    if not CHROMIUM.exists() and not os.environ.get("SITREP_REQUIRE_BROWSER"):
        pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium, or run make test)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture
def base_url(filled_store: Store, free_port: int) -> Iterator[str]:
    """A uvicorn server on a free loopback port, in a thread, for the test's duration."""
    _require_browser()
    port = free_port
    config = uvicorn.Config(
        create_app(Settings(api_token=None), filled_store), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    for _ in range(600):  # wait for the socket to listen; not a timing assertion, just readiness
        if server.started:
            started.set()
            break
        started.wait(0.05)
    if not started.is_set():
        server.should_exit = True
        pytest.fail("uvicorn did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _row_count(page: object) -> int:
    return int(page.locator("#events tbody tr.event-row").count())  # type: ignore[attr-defined]


def test_dashboard_renders_filters_and_stays_on_loopback(base_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    requested: list[str] = []
    console_errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1700})
            page.set_default_timeout(TIMEOUT_MS)
            expect.set_options(timeout=TIMEOUT_MS)
            page.on("request", lambda request: requested.append(request.url))
            page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: console_errors.append(str(exc)))
            page.goto(base_url + "/")
            rows = page.locator("#events tbody tr.event-row")

            # Every panel renders from the API.
            page.wait_for_selector("#events tbody tr.event-row")
            page.wait_for_selector("#timeline svg rect.bar")
            page.wait_for_selector("#map svg circle.point")
            page.wait_for_selector("#network svg g.node")
            page.wait_for_selector("#alerts li.alert")
            assert _row_count(page) == 26
            assert page.locator("#events-total").inner_text() == "26 fused events"
            assert page.locator("#map svg circle.point").count() == 12  # distinct places
            assert page.locator("#network svg g.node").count() == 5
            assert "2024-03-15" in page.locator("#alerts").inner_text()
            assert page.locator("#filters select[name=type] option").count() == 17  # "any" + 16 types
            evidence = page.locator("#events tbody tr.event-row td.evidence").first.inner_text()
            assert evidence.startswith("The Northern Brigade")
            page.screenshot(path=str(SCREENSHOT), full_page=True)

            # A filter narrows the table, the map and the URL.
            page.select_option("#filters select[name=type]", "PROTEST")
            page.click("#apply")
            expect(rows).to_have_count(1)
            assert "student groups" in page.locator("#events tbody tr.event-row").inner_text()
            expect(page.locator("#map svg circle.point")).to_have_count(1)
            assert "type=PROTEST" in page.url

            page.fill("#filters input[name=country]", "LBY")
            page.select_option("#filters select[name=type]", "")
            page.fill("#filters input[name=since]", "2024-03-15")
            page.click("#apply")
            expect(rows).to_have_count(7)
            expect(page.locator("#events-total")).to_have_text("7 fused events")

            # Details of an event come from GET /api/events/{id}.
            page.locator("#events tbody tr.event-row").first.click()
            page.wait_for_selector("#events tbody tr.detail .sources li")
            assert "Wire One" in page.locator("#events tbody tr.detail").inner_text()

            # A bad filter shows the API's one-line error instead of failing silently.
            page.fill("#filters input[name=since]", "last week")
            page.click("#apply")
            page.wait_for_selector("#status.error")
            assert "query.since" in page.locator("#status").inner_text()

            page.click("#reset")
            expect(rows).to_have_count(26)
        finally:
            browser.close()

    outside = sorted(
        {u for u in requested if urlsplit(u).hostname not in LOOPBACK and not u.startswith("data:")}
    )
    assert requested and not outside, f"requests left the machine: {outside}"
    unexpected = [e for e in console_errors if "422" not in e]
    assert not unexpected, f"console errors: {unexpected}"
