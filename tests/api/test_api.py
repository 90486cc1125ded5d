"""The REST API over a hand-filled store: every endpoint, its filters, pagination and the error contract."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_scenario import Loader, fill, scenario, stored_result
from click.testing import CliRunner
from fastapi.testclient import TestClient

from sitrep.api import Settings, create_app, web_dir
from sitrep.cli import cli
from sitrep.errors import StoreError
from sitrep.store import Store, open_store

ROUTES = {
    "/healthz",
    "/api/events",
    "/api/events/{event_id}",
    "/api/actors",
    "/api/network",
    "/api/alerts",
    "/api/report",
    "/api/articles",
    "/api/meta",
    "/api/map/countries",
}


def assert_error(response: Any, status: int) -> str:
    """The one error shape of CONTRACT.md; returns the message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"ok", "error", "status"}, body
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"].strip()
    assert "\n" not in body["error"]
    return str(body["error"])


def events(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["ok"] is True
    return body


# -- health, OpenAPI, dashboard -------------------------------------------------------------------------


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True}


def test_openapi_lists_every_route_and_the_error_shape(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert set(doc["paths"]) == ROUTES
    assert "post" in doc["paths"]["/api/articles"]
    assert "401" in doc["paths"]["/api/articles"]["post"]["responses"]
    assert set(doc["components"]["schemas"]["ErrorOut"]["properties"]) == {"ok", "error", "status"}
    params = {p["name"] for p in doc["paths"]["/api/events"]["get"]["parameters"]}
    assert {"country", "type", "actor", "since", "until", "q", "limit", "offset", "raw"} <= params


def test_no_docs_pages_that_would_need_a_cdn(client: TestClient) -> None:
    for path in ("/docs", "/redoc"):
        assert_error(client.get(path), 404)


def test_dashboard_is_served_with_a_self_only_policy(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert '<script src="/static/app.js"' in response.text
    for asset, kind in (("/static/app.js", "javascript"), ("/static/app.css", "css")):
        got = client.get(asset)
        assert got.status_code == 200 and kind in got.headers["content-type"]


def test_dashboard_files_reference_no_outside_resource() -> None:
    for name in ("index.html", "app.js", "app.css"):
        text = (web_dir() / name).read_text(encoding="utf-8")
        urls = set(re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"'`)]*", text))
        urls.discard("http://www.w3.org/2000/svg")  # the SVG namespace name, never fetched
        assert not urls, f"{name} references {urls}"
        assert "@import" not in text and "@font-face" not in text


def test_map_outlines_are_served_as_json(client: TestClient) -> None:
    response = client.get("/api/map/countries")
    assert response.status_code == 200
    countries = response.json()["countries"]
    libya = next(c for c in countries if c["iso3"] == "LBY")
    assert libya["polygons"] and len(libya["bbox"]) == 4


def test_meta_gives_counts_types_and_colours(client: TestClient) -> None:
    meta = client.get("/api/meta").json()
    assert meta["counts"] == {"articles": 27, "events": 27, "fused_events": 26}
    assert meta["fused"] is True and meta["write_token_required"] is False
    types = {t["name"]: t for t in meta["event_types"]}
    assert len(types) == 16 and types["ASSAULT"]["quad_class"] == 4
    assert re.fullmatch(r"#[0-9a-f]{6}", types["ASSAULT"]["color"])


# -- events ---------------------------------------------------------------------------------------------


def test_events_are_fused_by_default_with_sources(client: TestClient) -> None:
    page = events(client, limit=1000)
    assert page["fused"] is True and page["total"] == 26 == len(page["events"])
    assert all("source_count" in e and "sources" in e for e in page["events"])
    pair = [e for e in page["events"] if e["source_count"] == 2]
    assert len(pair) == 1 and pair[0]["date"] == "2024-03-11"
    assert {s["source"] for s in pair[0]["sources"]} == {"Wire One", "Wire Two"}
    dates = [e["date"] for e in page["events"]]
    assert dates == sorted(dates, reverse=True), "newest first"


def test_raw_events_are_one_record_per_mention(client: TestClient) -> None:
    page = events(client, raw="true", limit=1000)
    assert page["fused"] is False and page["total"] == 27
    assert not any("source_count" in e or "sources" in e for e in page["events"])
    first = page["events"][0]
    for key in (
        "id",
        "article_id",
        "event_type",
        "actors",
        "recipients",
        "location",
        "evidence",
        "confidence",
    ):
        assert key in first


def test_events_are_raw_when_fusion_has_not_run(empty_store: Store) -> None:
    empty_store.save([stored_result(spec, i) for i, spec in enumerate(scenario()[:3])])
    page = events(TestClient(create_app(Settings(), empty_store)))
    assert page["fused"] is False and page["total"] == 3


@pytest.mark.parametrize(
    ("params", "total"),
    [
        ({"country": "EGY"}, 1),
        ({"country": "egy"}, 1),
        ({"type": "PROTEST"}, 1),
        ({"type": "AGREE", "country": "LBY"}, 1),
        ({"actor": "desert"}, 3),
        ({"actor": "STUDENT"}, 1),
        ({"since": "2024-03-15"}, 7),
        ({"until": "2024-03-01"}, 1),
        ({"since": "2024-03-14", "until": "2024-03-14"}, 1),
        ({"since": "2024-03"}, 26),
        ({"until": "2023"}, 0),
        ({"q": "cairo"}, 1),
        ({"q": "leaving 8 dead"}, 1),
        ({"country": "", "q": "", "since": "", "until": ""}, 26),
    ],
)
def test_event_filters(client: TestClient, params: dict[str, str], total: int) -> None:
    page = events(client, **params)
    assert page["total"] == total
    assert len(page["events"]) == total


def test_filters_select_the_right_events(client: TestClient) -> None:
    page = events(client, type="ASSAULT", since="2024-03-15")
    assert {e["location"]["name"] for e in page["events"]} == {
        "Derna",
        "Tobruk",
        "Sabha",
        "Ajdabiya",
        "Gharyan",
        "Zliten",
        "Ghadames",
    }
    (protest,) = events(client, country="EGY")["events"]
    assert protest["event_type"] == "PROTEST" and protest["actors"][0]["name"] == "student groups"


def test_pagination_pages_are_disjoint_and_cover_everything(client: TestClient) -> None:
    seen: list[str] = []
    for offset in range(0, 30, 10):
        page = events(client, limit=10, offset=offset)
        assert page["total"] == 26 and page["limit"] == 10 and page["offset"] == offset
        seen += [e["id"] for e in page["events"]]
    assert len(seen) == len(set(seen)) == 26
    assert seen == [e["id"] for e in events(client, limit=1000)["events"]]
    beyond = events(client, offset=500)
    assert beyond["total"] == 26 and beyond["events"] == []


def test_event_detail_for_a_fused_event_names_its_article(client: TestClient) -> None:
    pair = next(e for e in events(client, limit=1000)["events"] if e["source_count"] == 2)
    detail = client.get(f"/api/events/{pair['id']}").json()
    assert detail["ok"] is True and detail["fused"] is True
    assert detail["event"]["id"] == pair["id"] and len(detail["event"]["sources"]) == 2
    article = detail["article"]
    assert article["id"] == detail["event"]["article_id"]
    assert article["title"].endswith(article["id"].removeprefix("art-").lstrip("0") or "0")
    assert article["source"] in {"Wire One", "Wire Two"}
    assert article["url"].startswith("https://news.example/")


def test_event_detail_for_a_raw_event(client: TestClient) -> None:
    raw = events(client, raw="true", country="EGY")["events"][0]
    detail = client.get(f"/api/events/{raw['id']}").json()
    assert detail["fused"] is False and detail["event"] == raw
    assert detail["article"]["title"] == "Cairo report 24"
    assert detail["article"]["source"] == "Wire One"


# -- actors, network, alerts, report --------------------------------------------------------------------


def test_actors(client: TestClient) -> None:
    body = client.get("/api/actors").json()
    names = [a["name"] for a in body["actors"]]
    assert body["total"] == 5 and names[-1] == "student groups", "most active first"
    assert set(names) == {
        "Northern Brigade",
        "Coastal Guard",
        "Desert Shield",
        "Unity Government",
        "student groups",
    }
    assert [a["name"] for a in client.get("/api/actors", params={"name": "coast"}).json()["actors"]] == [
        "Coastal Guard"
    ]
    assert client.get("/api/actors", params={"country": "EGY"}).json()["total"] == 1
    late = client.get("/api/actors", params={"since": "2024-03-15"}).json()
    assert {a["name"] for a in late["actors"]} == {"Northern Brigade", "Coastal Guard"}
    assert len(client.get("/api/actors", params={"limit": 2}).json()["actors"]) == 2


def test_network_has_hostile_blocs(client: TestClient) -> None:
    net = client.get("/api/network").json()
    assert net["ok"] is True and set(net) >= {"nodes", "edges", "blocs"}
    bloc = {n["name"]: n["bloc"] for n in net["nodes"]}
    assert bloc["Northern Brigade"] == bloc["Desert Shield"]
    assert bloc["Coastal Guard"] == bloc["Unity Government"]
    assert bloc["Northern Brigade"] != bloc["Coastal Guard"]
    ids = {n["name"]: n["id"] for n in net["nodes"]}
    pair = sorted((ids["Northern Brigade"], ids["Coastal Guard"]))
    hostile = [e for e in net["edges"] if sorted((e["source"], e["target"])) == pair]
    assert [e["relation"] for e in hostile] == ["hostile"]


def test_network_window(client: TestClient) -> None:
    net = client.get("/api/network", params={"since": "2024-03-15", "until": "2024-03"}).json()
    assert net["since"] == "2024-03-15" and net["until"] == "2024-03-31"
    assert {n["name"] for n in net["nodes"]} == {"Northern Brigade", "Coastal Guard"}
    early = client.get("/api/network", params={"until": "2024-03-04"}).json()
    assert all(e["last"] <= "2024-03-04" for e in early["edges"])


def test_alerts_flag_the_burst(client: TestClient) -> None:
    alerts = client.get("/api/alerts").json()["alerts"]
    assert alerts, "the seven attacks of 2024-03-15 must alert"
    assert {(a["key"], a["date"]) for a in alerts} == {("LBY", "2024-03-15")}
    top = alerts[0]
    assert top["severity"] in {"high", "medium", "low"} and top["message"]
    assert top["driving"] and top["event_ids"] == [d["id"] for d in top["driving"]]
    assert client.get("/api/alerts", params={"country": "EGY"}).json()["alerts"] == []
    assert client.get("/api/alerts", params={"as_of": "2024-03-14"}).json()["alerts"] == []


def test_report_markdown_and_html(client: TestClient) -> None:
    md = client.get("/api/report")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# Situation report")
    html = client.get("/api/report", params={"format": "html", "country": "LBY", "title": "Libya <test>"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<svg" in html.text and "Libya &lt;test&gt;" in html.text
    egypt = client.get("/api/report", params={"country": "EGY"}).text
    assert "Egypt" in egypt and "Derna" not in egypt


@pytest.mark.parametrize(
    "path",
    [
        "/api/events",
        "/api/actors",
        "/api/network",
        "/api/alerts",
        "/api/report",
        "/api/report?format=html",
        "/api/meta",
    ],
)
def test_every_read_works_on_an_empty_database(empty_store: Store, path: str) -> None:
    response = TestClient(create_app(Settings(), empty_store)).get(path)
    assert response.status_code == 200, response.text
    if response.headers["content-type"].startswith("application/json"):
        assert response.json()["ok"] is True


# -- errors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/nowhere", 404),
        ("get", "/api/events/no-such-event", 404),
        ("get", "/static/missing.js", 404),
        ("delete", "/api/events", 405),
        ("get", "/api/events?limit=0", 422),
        ("get", "/api/events?limit=5000", 422),
        ("get", "/api/events?offset=-1", 422),
        ("get", "/api/events?limit=many", 422),
        ("get", "/api/events?since=last%20week", 422),
        ("get", "/api/events?until=2024-13", 422),
        ("get", "/api/events?country=Libya", 422),
        ("get", "/api/events?raw=perhaps", 422),
        ("get", "/api/alerts?as_of=2024-03", 422),
        ("get", "/api/alerts?by=city", 422),
        ("get", "/api/report?format=pdf", 422),
        ("get", "/api/network?since=yesterday", 422),
    ],
)
def test_error_shape(client: TestClient, method: str, path: str, status: int) -> None:
    assert_error(client.request(method.upper(), path), status)


def test_validation_errors_say_where_and_what(client: TestClient) -> None:
    message = assert_error(client.get("/api/events", params={"since": "2024-13"}), 422)
    assert message.startswith("query.since:") and "YYYY-MM-DD" in message
    message = assert_error(client.get("/api/events", params={"limit": "0"}), 422)
    assert message.startswith("query.limit:")
    assert "no event with id 'nope'" in assert_error(client.get("/api/events/nope"), 404)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"title": "no text"}, "neither 'text' nor 'html'"),
        ({"text": 5}, "body.text"),
        ([{"text": "fine"}, {"text": ["x"]}], "body.1.text"),
        (7, "article object or a list"),
        ([], "no articles"),
        ({"text": "a\x00b"}, "binary"),
    ],
)
def test_bad_article_bodies_are_422(client: TestClient, loader: Loader, body: Any, fragment: str) -> None:
    before = client.get("/api/meta").json()["counts"]
    message = assert_error(client.post("/api/articles", json=body), 422)
    assert fragment in message
    assert client.get("/api/meta").json()["counts"] == before
    assert loader.calls == 0, "a bad request must not load the pipeline"


def test_malformed_json_body_is_422(client: TestClient) -> None:
    response = client.post(
        "/api/articles", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_error(response, 422)


def test_store_failure_is_503_in_the_same_shape(filled_store: Store) -> None:
    class Broken:
        def __getattr__(self, name: str) -> Any:
            return getattr(filled_store, name)

        def counts(self) -> dict[str, int]:
            raise StoreError("cannot query events in test.db: disk I/O error")

    client = TestClient(create_app(Settings(), Broken()))  # type: ignore[arg-type]
    assert "disk I/O error" in assert_error(client.get("/api/events"), 503)


def test_unexpected_failure_is_500_in_the_same_shape(filled_store: Store) -> None:
    class Buggy:
        def __getattr__(self, name: str) -> Any:
            return getattr(filled_store, name)

        def counts(self) -> dict[str, int]:
            raise KeyError("boom")

    client = TestClient(create_app(Settings(), Buggy()), raise_server_exceptions=False)  # type: ignore[arg-type]
    assert assert_error(client.get("/api/events"), 500) == "internal error: KeyError"


# -- writes ---------------------------------------------------------------------------------------------

SUPPLY = {
    "id": "post-1",
    "title": "Convoy reaches the port",
    "text": "Convoy reaches the port\n\nThe Unity Government sent supplies to the Coastal Guard.",
    "published": "2024-03-16",
    "source": "Wire Three",
    "url": "https://news.example/post-1",
}


def test_get_requests_never_load_the_pipeline(client: TestClient, loader: Loader) -> None:
    for path in ("/", "/healthz", "/api/events", "/api/actors", "/api/network", "/api/alerts", "/api/report"):
        assert client.get(path).status_code == 200
    assert loader.calls == 0


def test_post_article_stores_fuses_and_returns_new_events(client: TestClient, loader: Loader) -> None:
    response = client.post("/api/articles", json=SUPPLY)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is True and body["stored"] == 1 and body["unchanged"] == 0
    assert body["articles"] == [{"id": "post-1", "status": "stored", "events": 1}]
    (event,) = body["events"]
    assert (
        event["event_type"] == "SUPPORT" and event["article_id"] == "post-1" and event["date"] == "2024-03-16"
    )
    fused = events(client, since="2024-03-16")
    assert fused["fused"] is True and fused["total"] == 1
    assert fused["events"][0]["sources"][0]["source"] == "Wire Three"
    detail = client.get(f"/api/events/{event['id']}").json()
    assert detail["article"]["title"] == "Convoy reaches the port"
    assert loader.calls == 1


def test_post_is_idempotent_and_loads_the_pipeline_once(client: TestClient, loader: Loader) -> None:
    client.post("/api/articles", json=SUPPLY)
    again = client.post(
        "/api/articles", json=[SUPPLY, {**SUPPLY, "id": "post-2", "text": SUPPLY["text"] + " More."}]
    )
    body = again.json()
    assert body["stored"] == 1 and body["unchanged"] == 1
    assert [a["status"] for a in body["articles"]] == ["unchanged", "stored"]
    assert [e["article_id"] for e in body["events"]] == ["post-2"]
    assert loader.extractor.articles == ["post-1", "post-2"], "a stored article is not extracted again"
    assert loader.calls == 1
    assert client.get("/api/meta").json()["counts"]["articles"] == 29


def test_post_without_events_still_stores_the_article(client: TestClient) -> None:
    body = client.post("/api/articles", json={"text": "Quiet day\n\nNothing happened at the port."}).json()
    assert body["stored"] == 1 and body["events"] == []
    assert client.get("/api/meta").json()["counts"]["articles"] == 28


def test_post_accepts_html(client: TestClient) -> None:
    page = (
        "<html><body><article><h1>Port news</h1><p>The Unity Government sent supplies to the Coastal Guard"
        " at the port of Misrata on Friday.</p></article></body></html>"
    )
    body = client.post("/api/articles", json={"html": page, "published": "2024-03-16"}).json()
    assert body["stored"] == 1 and len(body["events"]) == 1


def test_too_many_articles_is_413(filled_store: Store, loader: Loader) -> None:
    client = TestClient(create_app(Settings(pipeline_factory=loader, max_articles_per_post=2), filled_store))
    records = [{"text": f"Item {i}\n\nBody {i}."} for i in range(3)]
    assert "too many" in assert_error(client.post("/api/articles", json=records), 413)
    assert loader.calls == 0


@pytest.fixture
def guarded(filled_store: Store, loader: Loader) -> TestClient:
    return TestClient(create_app(Settings(api_token="s3cret", pipeline_factory=loader), filled_store))


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic s3cret", "Bearer", "s3cret"])
def test_writes_need_the_token(guarded: TestClient, loader: Loader, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = guarded.post("/api/articles", json=SUPPLY, headers=headers)
    assert_error(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"
    assert loader.calls == 0
    assert events(guarded, since="2024-03-16")["total"] == 0


def test_unauthorized_comes_before_validation(guarded: TestClient) -> None:
    assert_error(guarded.post("/api/articles", json={"title": "no text"}), 401)


def test_the_right_token_writes_and_reads_stay_open(guarded: TestClient) -> None:
    response = guarded.post("/api/articles", json=SUPPLY, headers={"Authorization": "Bearer s3cret"})
    assert response.status_code == 200 and response.json()["stored"] == 1
    assert guarded.get("/api/events").status_code == 200
    assert guarded.get("/api/meta").json()["write_token_required"] is True


def test_token_comes_from_the_environment(
    filled_store: Store, loader: Loader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITREP_API_TOKEN", "from-env")
    assert Settings.from_env().api_token == "from-env"
    client = TestClient(create_app(None, filled_store))
    assert_error(client.post("/api/articles", json=SUPPLY), 401)
    monkeypatch.setenv("SITREP_API_TOKEN", " ")
    assert Settings.from_env().api_token is None


def test_two_apps_do_not_share_state(filled_store: Store, empty_store: Store) -> None:
    a = TestClient(create_app(Settings(), filled_store))
    b = TestClient(create_app(Settings(), empty_store))
    assert events(a)["total"] == 26 and events(b)["total"] == 0


@pytest.mark.model
def test_post_article_with_the_real_pipeline(empty_store: Store) -> None:
    client = TestClient(create_app(Settings(), empty_store))
    record = {
        "id": "real-1",
        "title": "Police station attacked",
        "text": "Police station attacked\n\nGunmen attacked a police station in Benghazi on Sunday, "
        "killing three officers, local officials said.",
        "published": "2014-05-20",
        "source": "Test Desk",
    }
    response = client.post("/api/articles", json=record)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stored"] == 1 and body["events"], body
    attack = next(e for e in body["events"] if e["event_type"] == "ASSAULT")
    assert attack["date"] == "2014-05-18" and attack["dead"] == 3
    assert attack["location"]["name"] == "Benghazi"
    text = record["text"]
    assert text[attack["evidence"]["start"] : attack["evidence"]["end"]] == attack["evidence"]["sentence"]
    listed = events(client, q="police station")
    assert listed["total"] == 1 and listed["events"][0]["source_count"] == 1


# -- the command ----------------------------------------------------------------------------------------


def test_serve_command_is_registered_with_its_options() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port"):
        assert option in result.output
    bad = CliRunner().invoke(cli, ["serve", "--port", "99999"])
    assert bad.exit_code == 2


def test_sitrep_serve_answers_on_its_port(tmp_path: Path, free_port: int) -> None:
    db = tmp_path / "served.db"
    store = open_store(str(db))
    fill(store, scenario()[:5])
    store.close()
    port = free_port
    env = {**os.environ, "SITREP_API_TOKEN": ""}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from sitrep.cli import main; main()",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{base}/healthz", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode() if proc.stderr and proc.poll() is not None else ""
                    pytest.fail(f"sitrep serve did not start: {err[-2000:]}")
                time.sleep(0.2)
        assert health.json() == {"ok": True}
        page = httpx.get(f"{base}/api/events", params={"raw": "true"}).json()
        assert page["total"] == 5
        assert json.loads(httpx.get(f"{base}/openapi.json").text)["info"]["title"] == "sitrep API"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
