"""The web app through its ASGI interface: pages and JSON twins, one error shape,
read-only unless a token is given, and hostile text shown as text."""

from __future__ import annotations

import itertools
import json
import re
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gwrkit import api
from gwrkit.serve.app import create_app

from .conftest import require_corpus
from .web_fixtures import CORPUS_REPORTS, HOSTILE_NAME, build_web_db, serve_in_thread

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_web_db(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    uploads = tmp_path_factory.mktemp("uploads")
    return TestClient(create_app(str(web_db), TOKEN, uploads))


@pytest.fixture(scope="module")
def readonly(web_db: Path) -> TestClient:
    return TestClient(create_app(str(web_db)))


def _report_id(client: TestClient, name: str) -> int:
    rows = client.get("/api/reports").json()["reports"]
    return int(next(r["id"] for r in rows if r["name"] == name))


@pytest.mark.parametrize(
    ("page", "twin"),
    [
        ("/reports", "/api/reports"),
        ("/targets?indicator=gdp", "/api/targets?indicator=gdp"),
        ("/indicator?indicator=gdp&region=青海省", "/api/indicator?indicator=gdp&region=青海省"),
        ("/search?q=地区生产总值", "/api/search?q=地区生产总值"),
    ],
)
def test_every_page_has_a_json_twin(client: TestClient, page: str, twin: str) -> None:
    html, data = client.get(page), client.get(twin)
    assert html.status_code == data.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert isinstance(data.json(), dict)
    assert "Content-Security-Policy" in html.headers


def test_reader_highlights_facts_with_their_evidence(client: TestClient) -> None:
    rid = _report_id(client, "qinghai_2025.txt")
    page = client.get(f"/reports/{rid}").text
    data = client.get(f"/api/reports/{rid}").json()
    gdp = next(f for f in data["facts"] if f["indicator"] == "gdp" and f["status"] == "target")
    assert f'id="fact-{gdp["id"]}"' in page and 'class="fact st-target"' in page
    assert data["text"][gdp["start"] : gdp["end"]] == gdp["quote"]
    one = client.get(f"/api/facts/{gdp['id']}").json()["fact"]
    assert one["rules_version"] and one["rule"] == "chain" and one["report_id"] == rid


def test_the_readers_panel_data_is_each_facts_shown_fields(client: TestClient) -> None:
    # the page carries what the evidence panel shows of each fact, in its order, with
    # the characters as written (a \\uXXXX escape weighs twice as much) and nothing that
    # could end its <script>
    from gwrkit.serve.reader import PANEL_FIELDS

    rid = _report_id(client, "qinghai_2025.txt")
    page = client.get(f"/reports/{rid}").text
    raw = page.split('<script type="application/json" id="facts-data">')[1].split("</script>")[0]
    panel = json.loads(raw)
    stored = {str(f["id"]): f for f in client.get(f"/api/reports/{rid}").json()["facts"]}
    assert panel.keys() == stored.keys()
    for fid, shown in panel.items():
        assert list(shown) == [k for k in PANEL_FIELDS if stored[fid][k] not in (None, "")]
        assert all(stored[fid][k] == v for k, v in shown.items())
    assert "地区生产总值" in raw and "\\u5730" not in raw and "<" not in raw


def test_targets_link_to_their_sentences(client: TestClient) -> None:
    rows = client.get("/api/targets?region=青海省&indicator=gdp&year=2025").json()["targets"]
    growth = next(r for r in rows if r["measure"] == "growth")
    assert (growth["target_value"], growth["outcome_value"], growth["verdict"]) == (
        4.5, 4.1, "missed",
    )  # fmt: skip
    page = client.get("/targets?region=青海省&indicator=gdp&year=2025").text
    assert f"/reports/{growth['target_report_id']}#fact-{growth['target_fact_id']}" in page
    assert 'class="badge v-missed"' in page


def test_search_finds_chinese_text_and_links_to_the_sentence(client: TestClient) -> None:
    results = client.get("/api/search?q=城镇新增就业").json()["results"]
    assert results and all("城镇新增就业" in r["text"] for r in results)
    short = client.get("/api/search?q=就业").json()["results"]  # under 3 characters: LIKE
    assert len(short) >= len(results)
    page = client.get("/search?q=城镇新增就业").text
    first = results[0]
    assert f"/reports/{first['report_id']}#s-{first['sentence']}" in page
    assert "<mark>城镇新增就业</mark>" in page


def test_a_control_character_in_a_search_is_a_clear_400(client: TestClient) -> None:
    """Found by the fuzz test: a NUL reached SQLite and answered 503 with the db path."""
    r = client.get("/api/search?q=00%00")
    assert r.status_code == 400
    body = r.json()
    assert body["error"]["code"] == "bad_request"
    assert "control characters" in body["error"]["message"] and ".db" not in r.text


def _errors(client: TestClient) -> list[tuple[str, int, dict[str, Any]]]:
    return [
        (url, (r := client.get(url)).status_code, r.json())
        for url in ("/api/reports/99999", "/api/facts/99999", "/api/search?q=",
                    "/api/targets?indicator=nonsense", "/api/reports/abc")
    ]  # fmt: skip


def test_one_error_shape(client: TestClient) -> None:
    for url, status, body in _errors(client):
        assert status in (400, 404, 422), url
        assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
        assert body["error"]["status"] == status
    page = client.get("/reports/99999")
    assert page.status_code == 404 and "no report with id 99999" in page.text


def test_writes_need_the_token(client: TestClient, readonly: TestClient, web_db: Path) -> None:
    files = {"file": ("赤县_2026.txt", "政府工作报告\n各位代表:\n地区生产总值增长5%。".encode())}
    before = len(api.reports(web_db))
    assert readonly.post("/api/reports", files=files).status_code == 403
    assert client.post("/api/reports", files=files).status_code == 401
    bad = {"Authorization": "Bearer wrong"}
    assert client.post("/api/reports", files=files, headers=bad).status_code == 401
    assert client.post("/api/reports/1/extract").status_code == 401
    assert readonly.get("/upload").status_code == 403
    form = client.post("/upload", files=files, data={"token": "wrong"})
    assert form.status_code == 401 and len(api.reports(web_db)) == before


def test_upload_and_reextract_with_the_token(client: TestClient, tmp_path: Path) -> None:
    text = (Path(__file__).parent.parent / "samples" / "qinglan_2025.txt").read_bytes()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    files = {"file": ("../../../../etc/evil_2025.txt", text.replace(b"462.8", b"462.9"))}
    made = client.post("/api/reports", files=files, headers=auth)
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    report = client.get(f"/api/reports/{rid}").json()["report"]
    assert report["name"] == "evil_2025.txt"  # the path part is never used
    assert not Path("/etc/evil_2025.txt").exists()
    from gwrkit.serve import page_store

    db = api.open_store(client.app.state.server.stores.url)  # type: ignore[attr-defined]
    assert page_store.stored(db, rid) is not None  # its reader page, made when stored
    db.close()
    again = client.post(f"/api/reports/{rid}/extract", headers=auth)
    assert again.status_code == 200 and again.json() == {"id": rid, "extracted": False}
    junk = client.post("/api/reports", files={"file": ("x.exe", b"MZ")}, headers=auth)
    assert junk.status_code == 400 and "unknown file type" in junk.json()["error"]["message"]


def test_hostile_text_and_names_are_shown_as_text(client: TestClient) -> None:
    rid = _report_id(client, HOSTILE_NAME)
    pages = [client.get(u).text for u in ("/reports", f"/reports/{rid}", "/search?q=xss")]
    for page in pages:
        body = page.split("<main>", 1)[1]
        assert "<script>" not in body and "<img" not in body
        assert not re.search(r'href="javascript:', body)
    reader = pages[1]
    assert "&lt;script&gt;alert" in reader and "onerror=alert" in reader
    assert "evil&#34;&gt;&lt;script&gt;" in pages[0] or "evil&quot;&gt;&lt;script&gt;" in pages[0]


@pytest.mark.parametrize(
    "url",
    [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/reports/..%2f..%2fetc%2fpasswd",
        "/api/reports/%2e%2e",
    ],
)
def test_no_path_reaches_outside_the_package(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code in (404, 422) and "root:" not in r.text


def test_nothing_is_fetched_from_elsewhere(client: TestClient) -> None:
    """Offline: pages refer only to the server's own files, and no CDN-backed docs page."""
    for url in ("/reports", "/reports/1", "/targets", "/indicator", "/search?q=经济"):
        page = client.get(url).text
        assert not re.search(r'(?:src|href)="(?:https?:)?//', page), url
    assert client.get("/docs").status_code == 404
    assert client.get("/static/app.js").status_code == 200


def test_the_indicator_page_defaults_to_a_stored_region(tmp_path: Path) -> None:
    """Issue 12, bug 5: on the samples (one prefecture, no national report) the default
    region 中华人民共和国 answered 400; the default is now a region that is stored."""
    from .conftest import SAMPLES

    db = tmp_path / "samples.db"
    api.ingest([SAMPLES], db, workers=1)
    app = TestClient(create_app(str(db)))
    data = app.get("/api/indicator").json()
    assert (data["region"], data["level"]) == ("青岚州", "prefecture")
    assert [p["year"] for p in data["series"] if p["target_value"] is not None] == [
        2023,
        2024,
        2025,
    ]
    page = app.get("/indicator")
    assert page.status_code == 200 and "青岚州" in page.text


def test_the_indicator_page_on_a_collection_with_the_nation(client: TestClient) -> None:
    data = client.get("/api/indicator").json()
    assert (data["region"], data["level"]) == ("中华人民共和国", "province")


@pytest.mark.parametrize("path", ["/", "/reports", "/targets", "/api/reports", "/api/targets"])
def test_head_answers_like_get_without_a_body(client: TestClient, path: str) -> None:
    """Issue 12, bug 6: HEAD answered 405."""
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers.get("content-length") == got.headers.get("content-length")


def test_the_reader_shows_numbers_as_written_and_each_heading_once(client: TestClient) -> None:
    """Issue 12: the side list showed 58.0万吨 where the text says 58万吨; a heading that
    opens its paragraph was shown twice."""
    rid = _report_id(client, "qinglan_2025.txt")
    page = client.get(f"/reports/{rid}").text
    assert "58万吨" in page and "58.0万吨" not in page
    # china_2025: (一)大力提振消费、提高投资效益,全方位扩大国内需求。促进消费和投资…
    rid = _report_id(client, "china_2025.txt")
    page = client.get(f"/reports/{rid}").text
    assert page.count("全方位扩大国内需求。") == 0  # the heading is not repeated in its paragraph
    assert page.count("大力提振消费、提高投资效益") == 1


@pytest.mark.parametrize(
    "path",
    [
        "/reports?level=&region=&year=",
        "/targets?region=&year=&indicator=&level=",
        "/indicator?indicator=gdp&region=&year=",
        "/api/targets?year=",
    ],
)
def test_an_empty_form_field_means_no_filter(client: TestClient, path: str) -> None:
    """Issue 13: every filter form answered 422 when the year box was empty."""
    assert client.get(path).status_code == 200


def test_search_reads_the_query_as_the_reader_reads_the_text(client: TestClient) -> None:
    """Issue 13: 增长5%左右， (full-width comma) and ７％ found nothing."""
    for q, plain in (
        ("增长5%左右，", "增长5%左右,"),
        ("增长５％左右", "增长5%左右"),
        ("增長5%左右", "增长5%左右"),
    ):
        want = client.get("/api/search", params={"q": plain}).json()["results"]
        assert want and client.get("/api/search", params={"q": q}).json()["results"] == want, q


def test_a_write_is_refused_before_its_body_is_read(web_db: Path, tmp_path: Path) -> None:
    """Issue 13: an upload without a token was spooled whole (3 GB) before the 401."""
    import time

    uploads = tmp_path / "up"
    app = TestClient(create_app(str(web_db), TOKEN, uploads))
    body = b"x" * (api.max_upload() + 1_000_000)
    started = time.perf_counter()
    r = app.post("/api/reports", files={"file": ("big.txt", body)})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert time.perf_counter() - started < 5
    r = app.post(
        "/api/reports",
        files={"file": ("big.txt", body)},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    assert not uploads.exists() or not any(uploads.iterdir())
    readonly = TestClient(create_app(str(web_db)))
    r = readonly.post("/api/reports", files={"file": ("a.txt", b"x")})
    assert r.status_code == 403


def _post_raw(address: str, headers: dict[str, str], body: bytes) -> tuple[int, float]:
    """POST ``body`` to /api/reports over a plain socket, as far as the server reads it;
    the status line's code and the seconds it took to come."""
    host, port = address.removeprefix("http://").split(":")
    lines = [f"{k}: {v}" for k, v in {"Host": "127.0.0.1", **headers}.items()]
    started = time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(("POST /api/reports HTTP/1.1\r\n" + "\r\n".join(lines) + "\r\n\r\n").encode())
        try:
            for i in range(0, len(body), 1 << 16):
                s.sendall(body[i : i + (1 << 16)])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before the body ended
        answer = b""
        while b"\r\n" not in answer and (chunk := s.recv(4096)):
            answer += chunk
    return int(answer.split(b" ", 2)[1]), time.perf_counter() - started


def test_a_3_gb_upload_is_refused_within_a_second_on_a_real_server(
    web_db: Path, tmp_path: Path
) -> None:
    """Issue 13's done-when: an upload declaring 3 GB is refused in under a second with
    nothing written, without a token (401) and with one (413); one sent in chunks, with no
    declared length, is cut off at the limit while it streams."""
    uploads = tmp_path / "up"
    part = b"--b\r\nContent-Disposition: form-data; name=file; filename=big.txt\r\n\r\n"
    three_gb = {"Content-Type": "multipart/form-data; boundary=b", "Content-Length": str(3 << 30)}
    token = {"Authorization": f"Bearer {TOKEN}"}
    for address in serve_in_thread(create_app(str(web_db), TOKEN, uploads)):
        status, seconds = _post_raw(address, three_gb, part + b"x" * (1 << 20))
        assert (status, seconds < 1) == (401, True), seconds
        status, seconds = _post_raw(address, {**three_gb, **token}, part + b"x" * (1 << 20))
        assert (status, seconds < 1) == (413, True), seconds
        chunked = {"Content-Type": "multipart/form-data; boundary=b", **token}
        flood = part + b"x" * (api.max_upload() + (4 << 20))
        body = b"".join(
            b"%x\r\n%s\r\n" % (len(flood[i : i + (1 << 20)]), flood[i : i + (1 << 20)])
            for i in range(0, len(flood), 1 << 20)
        )
        status, _ = _post_raw(address, {**chunked, "Transfer-Encoding": "chunked"}, body)
        assert status == 413
    assert not uploads.exists() or not any(uploads.rglob("*"))


def test_options_says_which_methods(client: TestClient) -> None:
    r = client.options("/api/reports")
    assert r.status_code == 204 and "POST" in r.headers["allow"]
    assert client.options("/reports").headers["allow"] == "GET, HEAD, OPTIONS"


def test_the_targets_table_pages_sorts_filters_and_exports(client: TestClient) -> None:
    """Issue 13: /targets was every row on one page, unsorted, with no verdict filter and
    no CSV or JSON link."""
    whole = client.get("/api/targets?limit=2000").json()
    total = whole["total"]
    assert total == len(whole["targets"]) > 10 and whole["next"] is None
    first = client.get("/api/targets?limit=5").json()
    assert (len(first["targets"]), first["offset"], first["next"], first["total"]) == (
        5,
        0,
        5,
        total,
    )
    second = client.get("/api/targets?limit=5&offset=5").json()["targets"]
    assert second == whole["targets"][5:10]
    missed = client.get("/api/targets?verdict=missed&limit=2000").json()
    assert missed["total"] == sum(1 for r in whole["targets"] if r["verdict"] == "missed") > 0
    years = [r["year"] for r in client.get("/api/targets?sort=-year&limit=2000").json()["targets"]]
    assert years == sorted(years, reverse=True)
    assert client.get("/api/targets?sort=nonsense").status_code == 400
    assert client.get("/api/targets?verdict=maybe").status_code == 422
    csv_text = client.get("/api/targets.csv?verdict=missed").text
    assert csv_text.startswith("region,admin_code,level,year,indicator")
    assert len(csv_text.strip().splitlines()) == missed["total"] + 1
    page = client.get("/targets?limit=5&sort=year").text
    assert f"1–5 of {total} targets" in page and 'offset=5">next' in page
    assert 'href="/api/targets.csv?' in page and "▲" in page
    assert '<datalist id="stored-regions">' in page and '<option value="青海省">' in page


def test_the_reports_table_pages_sorts_and_exports(client: TestClient) -> None:
    """Issue 13: the table features of /targets on /reports too — sorting by any column,
    pages with a total and the next offset, CSV and JSON of the same rows, and the region
    picked from the stored regions."""
    whole = client.get("/api/reports?limit=2000").json()
    total = whole["total"]
    assert total == len(whole["reports"]) >= 5 and whole["next"] is None
    page = client.get("/api/reports?limit=2&offset=2&sort=-facts").json()
    assert (page["offset"], page["limit"], page["next"], page["total"]) == (2, 2, 4, total)
    by_facts = sorted(whole["reports"], key=lambda r: r["facts"], reverse=True)
    assert [r["facts"] for r in page["reports"]] == [r["facts"] for r in by_facts[2:4]]
    years = [r["year"] for r in client.get("/api/reports?sort=year").json()["reports"]]
    known = [y for y in years if y is not None]
    assert known == sorted(known) and years[: len(known)] == known  # no year: last
    assert client.get("/api/reports?sort=nonsense").status_code == 400
    csv_text = client.get("/api/reports.csv?level=national&sort=year").text
    national = client.get("/api/reports?level=national").json()["reports"]
    assert csv_text.startswith("sha256,path,name,format")
    assert len(csv_text.strip().splitlines()) == len(national) + 1
    html = client.get("/reports?limit=2&sort=name").text
    assert f"1–2 of {total} reports" in html and 'offset=2">next' in html
    assert 'href="/api/reports.csv?' in html and 'href="/api/reports?' in html and "▲" in html
    assert '<datalist id="stored-regions">' in html and '<option value="青海省">' in html


def test_the_targets_csv_has_every_row_not_one_page(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CSV export went through the page limit: with more targets than a page holds
    (2,147 in the whole corpus, 2,000 a page) it silently dropped the rest."""
    from gwrkit.serve import params

    total = client.get("/api/targets?limit=2000").json()["total"]
    monkeypatch.setattr(params, "MAX_PAGE", 5)
    assert len(client.get("/api/targets?limit=1000").json()["targets"]) == 5
    csv_text = client.get("/api/targets.csv?sort=year").text
    assert len(csv_text.strip().splitlines()) == total + 1 > 6


def test_a_trailing_slash_never_reflects_the_host(client: TestClient) -> None:
    """Issue 13: the trailing-slash redirect copied the Host header into Location."""
    r = client.get(
        "/reports/?level=national", headers={"host": "evil.example"}, follow_redirects=False
    )
    assert r.status_code == 308 and r.headers["location"] == "/reports?level=national"
    assert client.get("/reports/").status_code == 200  # followed to /reports


def test_formulations_pages_and_their_links_land(client: TestClient) -> None:
    """Issue 15: the formulations page lists terms by use; a term's page draws first use
    by region and links each to its first use, which the reader anchors and marks."""
    data = client.get("/api/phrases", params={"min_reports": 1}).json()
    terms = {p["term"]: p for p in data["phrases"]}
    assert data["total"] == len(terms) > 5
    assert terms["一带一路"]["reports"] >= 3 and terms["一带一路"]["national_year"] == 2024
    page = client.get("/phrases/一带一路")
    assert page.status_code == 200 and "<svg" in page.text and "Belt and Road" in page.text
    links = re.findall(r'class="use" href="(/reports/(\d+)#(ph-\d+))"', page.text)
    assert len(links) >= 2
    for _href, rid, anchor in links:
        reader = client.get(f"/reports/{rid}").text
        mark = re.search(
            rf'<abbr class="phrase" id="{anchor}" data-phrase="(\d+)"[^>]*>([^<]+)<', reader
        )
        assert mark and mark.group(2) == "一带一路"
    spread = client.get("/api/phrases/一带一路").json()
    assert spread["lexicon"]["gloss"] and spread["spread"][0]["first_year"] == 2024
    assert client.get("/api/phrases/无此提法").status_code == 404


def test_the_reader_marks_formulations_with_their_expansion(client: TestClient) -> None:
    rid = _report_id(client, "china_2025.txt")
    data = client.get(f"/api/reports/{rid}").json()
    phrases = {p["term"]: p for p in data["phrases"]}
    assert "两重" in phrases and "两新" in phrases
    text = data["text"]
    for p in data["phrases"]:
        assert text[p["start"] : p["end"]] == p["term"]
    page = client.get(f"/reports/{rid}").text
    assert page.count('<abbr class="phrase"') >= sum(1 for _ in data["phrases"])
    assert 'id="phrases-data"' in page


def test_answers_carry_an_etag_and_a_304_saves_the_body(client: TestClient) -> None:
    """Issue 13: no ETag, Cache-Control or gzip on pages and API."""
    first = client.get("/api/targets", params={"indicator": "gdp"})
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache" and tag.startswith('"')
    again = client.get("/api/targets", params={"indicator": "gdp"},
                       headers={"If-None-Match": tag})  # fmt: skip
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    other = client.get("/api/targets", params={"indicator": "cpi"}, headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["etag"] != tag
    page = client.get("/reports", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip" and "<table" in page.text


def test_the_cache_is_bounded_by_bytes(web_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Junk parameters could grow the response cache to ~2 GB: it now keeps at most a
    byte budget, least recently used out first."""
    from gwrkit.serve import caching

    monkeypatch.setattr(caching, "MAX_CACHE_BYTES", 200_000)
    app = create_app(str(web_db))
    local = TestClient(app)
    for i in range(60):
        assert local.get("/api/reports", params={"junk": str(i)}).status_code == 200
    cache = next(m for m in _middlewares(app) if isinstance(m, caching.ResponseCache))
    assert 0 < cache.size <= 200_000 and len(cache.entries) < 60


def _middlewares(app: Any) -> list[Any]:
    out = []
    layer = app.middleware_stack
    while layer is not None:
        out.append(layer)
        layer = getattr(layer, "app", None)
    return out


def test_openapi_documents_the_real_error_shape_and_the_vocabularies(client: TestClient) -> None:
    """Issue 13: OpenAPI documented FastAPI's default error shape and no enums."""
    spec = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in json.dumps(spec)
    error = spec["components"]["schemas"]["ErrorBody"]
    assert error["properties"]["error"]["$ref"].endswith("/ErrorDetail")
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            refs = [r["content"]["application/json"]["schema"]["$ref"]
                    for code, r in op["responses"].items() if code.startswith("4")]  # fmt: skip
            assert refs and all(r.endswith("/ErrorBody") for r in refs), (method, path)
    params = {p["name"]: p for p in spec["paths"]["/api/targets"]["get"]["parameters"]}
    levels = params["level"]["schema"]["anyOf"][0]["enum"]
    assert levels == ["national", "province", "prefecture", "county"]
    assert "no_outcome" in params["verdict"]["schema"]["anyOf"][0]["enum"]
    bad = client.get("/api/targets", params={"level": "planet"})
    assert bad.status_code == 422 and set(bad.json()) == {"error"}


def test_the_hierarchy_page_links_every_dot_to_its_target(client: TestClient) -> None:
    """Issue 16: the nation's 2025 GDP target beside the provinces' (the collection here
    holds 青海); every dot links to the target's mark in the reader."""
    data = client.get("/api/hierarchy", params={"indicator": "gdp", "year": 2025}).json()
    (nation,) = data["summary"]
    assert nation["parent_region"] == "中华人民共和国" and nation["parent_target"] == 5.0
    row = next(r for r in data["rows"] if r["child_region"] == "青海省")
    assert (row["child_target"], row["markup"], row["higher"]) == (4.5, -0.5, False)
    page = client.get("/hierarchy", params={"indicator": "gdp", "year": 2025}).text
    links = re.findall(r'class="dot" href="/reports/(\d+)#fact-(\d+)"', page)
    assert links
    for rid, fid in links:
        assert f'id="fact-{fid}"' in client.get(f"/reports/{rid}").text


def test_chinese_first_and_english_on_request(readonly: TestClient) -> None:
    """Issue 13: labels were English and ids raw (no_outcome, at_least, surveyed_…).
    Pages are Chinese by default, English with ?lang=en or after the switch; the cache
    keeps each language apart."""
    zh = readonly.get("/targets", params={"indicator": "gdp"}).text
    assert "目标与完成情况" in zh and ">未完成<" in zh and "地区生产总值" in zh
    assert 'lang="zh-CN"' in zh
    en = readonly.get("/targets", params={"indicator": "gdp", "lang": "en"}).text
    assert "Targets and attainment" in en and ">missed<" in en and 'lang="en"' in en
    switched = readonly.get("/lang/en", headers={"referer": "http://testserver/reports"},
                            follow_redirects=False)  # fmt: skip
    assert switched.status_code == 303 and switched.headers["location"] == "/reports"
    assert "gwrkit_lang=en" in switched.headers["set-cookie"]
    readonly.cookies.set("gwrkit_lang", "en")
    try:
        page = readonly.get("/targets", params={"indicator": "gdp"}).text
        assert "Targets and attainment" in page  # not the Chinese page from the cache
    finally:
        readonly.cookies.clear()
    assert "目标与完成情况" in readonly.get("/targets", params={"indicator": "gdp"}).text


def test_a_glossary_is_shown_as_a_glossary(tmp_path: Path) -> None:
    """Issue 13: the entries of a 名词解释 were drawn as headings of the tasks part, their
    text hidden.  The glossary is now the report's appendix and each entry a paragraph
    in the original text (full-width colon and all)."""
    db = str(tmp_path / "g.db")
    api.ingest([require_corpus() / "province" / "sichuan_2025.txt"], db, workers=1)
    rid = api.reports(db)[0].id
    page = TestClient(create_app(db)).get(f"/reports/{rid}").text
    anchors = r"(?:<span class=\"s\" id=\"s-\d+\"></span>)*"  # a heading line's sentences
    assert re.search(rf"<h2[^>]*>{anchors}名词解释", page)
    entry = re.search(
        r'<p class="para role-appendix" id="p-\d+">(?:<[^>]+>)*13\.EFlops：是衡量', page
    )
    assert entry, "the glossary entry is shown whole, as written"
    assert not re.search(rf"<h2[^>]*>{anchors}[^<]*是衡量计算机", page)
    detail = api.report_detail(int(rid or 0), db)
    glossary = [p for p in detail.paragraphs if p.role == "appendix"]
    assert len(glossary) >= 40  # every entry, none counted as a task


def test_each_task_links_to_its_place_in_the_reader(client: TestClient) -> None:
    """Issue 14: a task of the table links to the sentence it starts in (it linked to
    #p-<row number>, another paragraph), and the reader has that anchor."""
    rid = _report_id(client, "china_2025.txt")
    tasks = client.get(f"/api/reports/{rid}/tasks").json()["tasks"]
    page = client.get(f"/reports/{rid}/tasks").text
    reader = client.get(f"/reports/{rid}").text
    detail = client.get(f"/api/reports/{rid}").json()
    sentences = {s["index"]: s for s in detail["sentences"]}
    for t in tasks:
        assert f'href="/reports/{rid}#s-{t["sentence"]}"' in page
        assert f'id="s-{t["sentence"]}"' in reader
        s = sentences[t["sentence"]]
        assert s["start"] <= t["start"] < s["end"], t["task"]
        assert detail["text"][s["start"] : s["end"]].find(t["task"][:4]) >= 0, t["task"]


def test_every_sentence_has_its_anchor_in_the_reader(client: TestClient) -> None:
    """Issue 13: the sentences of a line drawn as a heading had no #s-N anchor, and
    links to them (search results, tasks) landed nowhere."""
    for name in CORPUS_REPORTS:
        rid = _report_id(client, name.rsplit("/", 1)[1] + ".txt")
        reader = client.get(f"/reports/{rid}").text
        detail = client.get(f"/api/reports/{rid}").json()
        missing = [s["index"] for s in detail["sentences"] if f'id="s-{s["index"]}"' not in reader]
        assert not missing, (name, missing[:5])


def test_the_follow_through_of_a_stored_report(client: TestClient) -> None:
    """Issue 14: /reports/{id}/followup — each commitment of qinghai_2025 with the result
    qinghai_2026 states and a verdict; both quotes link to sentences that hold them."""
    rid = _report_id(client, "qinghai_2025.txt")
    nid = _report_id(client, "qinghai_2026.txt")
    got = client.get(f"/api/reports/{rid}/followup").json()["followup"]
    assert got["report"]["id"] == rid and got["next_report"]["id"] == nid
    rows = got["followups"]
    assert len(rows) > 30 and len(got["outcome_sentences"]) == len(rows)
    verdicts = {r["verdict"] for r in rows}
    assert verdicts <= {"met", "exceeded", "short", "no_number", "not_reported"}
    assert {"met", "not_reported"} <= verdicts
    this = {s["index"]: s for s in client.get(f"/api/reports/{rid}").json()["sentences"]}
    that = {s["index"]: s for s in client.get(f"/api/reports/{nid}").json()["sentences"]}
    for r, at in zip(rows, got["outcome_sentences"], strict=True):
        c = r["commitment"]
        assert this[c["sentence"]]["start"] <= c["start"] < this[c["sentence"]]["end"]
        if r["outcome_quote"] is None:
            assert at is None and r["verdict"] == "not_reported"
        else:
            assert that[at]["start"] <= r["outcome_start"] < that[at]["end"]
    page = client.get(f"/reports/{rid}/followup").text
    assert page.count("<tr data-verdict=") == len(rows) and "已完成" in page
    assert f'href="/reports/{nid}#s-' in page
    assert f'href="/reports/{rid}/followup"' in client.get(f"/reports/{rid}/tasks").text
    last = client.get(f"/api/reports/{nid}/followup")  # no report of 2027 is stored
    assert last.status_code == 404 and "2027" in last.json()["error"]["message"]


def test_a_supervision_office_keeps_its_task_table(client: TestClient, tmp_path: Path) -> None:
    """Issue 14: a report's task table with draft units; a change needs the token, is
    kept with its author and time, and shows in the table, its history and the Excel
    file in the conventional layout."""
    import openpyxl

    rid = _report_id(client, "china_2025.txt")
    data = client.get(f"/api/reports/{rid}/tasks").json()
    assert len(data["tasks"]) > 20 and data["history"] == []
    row = next(t for t in data["tasks"] if t["targets"])
    assert row["suggested"] and row["status"] == "未启动"
    url = f"/api/reports/{rid}/tasks/{row['task_id']}"
    change = {"field": "lead_unit", "value": "财政部", "author": "督查室 张三"}
    assert client.post(url, json=change).status_code == 401
    assert (
        client.post(url, json=change, headers={"Authorization": f"Bearer {TOKEN}"}).status_code
        == 200
    )
    bad = client.post(url, json={**change, "field": "status", "value": "done"},
                      headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert bad.status_code == 400 and set(bad.json()) == {"error"}
    form = {"task_id": row["task_id"], "author": "李四", "token": TOKEN, "status": "推进中",
            "progress": "已下达资金"}  # fmt: skip
    assert (
        client.post(f"/reports/{rid}/tasks", data=form, follow_redirects=False).status_code == 303
    )
    after = client.get(f"/api/reports/{rid}/tasks").json()
    mine = next(t for t in after["tasks"] if t["task_id"] == row["task_id"])
    assert (mine["lead_unit"], mine["status"], mine["progress"]) == (
        "财政部",
        "推进中",
        "已下达资金",
    )
    assert not mine["suggested"] and mine["edited_by"] == "李四"
    assert [h["field"] for h in after["history"]] == ["lead_unit", "status", "progress"]
    sheet = tmp_path / "tasks.xlsx"
    sheet.write_bytes(client.get(f"/reports/{rid}/tasks.xlsx").content)
    book = openpyxl.load_workbook(sheet)
    rows = list(book["任务分解表"].iter_rows(values_only=True))
    assert rows[0][:7] == (
        "序号",
        "工作任务",
        "量化指标",
        "完成时限",
        "牵头单位",
        "责任单位",
        "进展情况",
    )
    assert any(r[4] == "财政部" and r[6] == "已下达资金" for r in rows[1:])
    assert len(list(book["修改记录"].iter_rows(values_only=True))) == 4


def test_charts_draw_the_data_in_one_unit_with_gaps_and_sorted_bars(client: TestClient) -> None:
    """Issue 13: axes had only min and max, missing years were joined, bars unsorted and
    growth bars started below zero.  Every dot is a value of the series, lines join only
    consecutive years, bars stand on zero in order, the unit is on the axis."""
    params = {"indicator": "gdp", "region": "青海省", "year": 2025, "level": "province"}
    data = client.get("/api/indicator", params=params).json()
    page = client.get("/indicator", params=params).text
    dot = r'<circle class="outcome"[^>]*data-year="(\d+)" data-value="([-\d.e]+)"'
    dots = {(int(y), float(v)) for y, v in re.findall(dot, page)}
    want = {(p["year"], p["outcome_value"]) for p in data["series"]
            if p["outcome_value"] is not None}  # fmt: skip
    assert dots == want and dots
    years = sorted(y for y, _ in dots)
    lines = re.findall(r'<polyline class="outcome" points="([^"]+)"', page)
    assert all(len(line.split()) >= 2 for line in lines)
    joined = sum(len(line.split()) - 1 for line in lines)
    assert joined == sum(1 for a, b in itertools.pairwise(years) if b == a + 1)
    bars = [float(v) for v in re.findall(r'<rect class="bar"[^>]*data-value="([-\d.e]+)"', page)]
    assert bars == sorted(bars, reverse=True)
    assert '<text class="unit"' in page and 'class="grid"' in page


def test_serve_with_several_workers(web_db: Path, tmp_path: Path) -> None:
    """`gwrkit serve --workers 2`: each process builds its app from the command's settings
    (the database, and the write token: a write without it is still refused)."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = subprocess.Popen(
        [sys.executable, "-m", "gwrkit", "serve", "--db", str(web_db), "--port", str(port),
         "--workers", "2", "--write-token", TOKEN, "--data-dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(base + "/api/reports", timeout=2) as r:
                    listed = json.loads(r.read())
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        assert listed["total"] == len(api.reports(str(web_db))) > 0
        for _ in range(6):  # requests spread over the processes: each answers the same
            with urllib.request.urlopen(base + "/api/reports?limit=1", timeout=5) as r:
                assert json.loads(r.read())["total"] == listed["total"]
        rid = listed["reports"][0]["id"]
        refused = urllib.request.Request(f"{base}/api/reports/{rid}/extract", method="POST")
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(refused, timeout=5)
        assert caught.value.code == 401
        caught.value.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.skipif(not hasattr(__import__("socket"), "SO_REUSEPORT"), reason="no SO_REUSEPORT")
def test_connections_to_the_server_processes_send_without_delay() -> None:
    """`gwrkit serve --workers N` listens on sockets of its own: asyncio must take the
    connections they accept as TCP and turn Nagle's algorithm off, or each response
    written in two parts waits for the client's delayed acknowledgement (requests of a
    kept connection took ~50 ms, not ~5)."""
    import asyncio
    import socket

    from gwrkit.serve.processes import listening_socket

    async def accept_one() -> int:
        listener = listening_socket("127.0.0.1", 0)
        accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        port = listener.getsockname()[1]
        _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            return await asyncio.wait_for(accepted, 10)
        finally:
            writer.close()
            server.close()

    assert asyncio.run(accept_one()) != 0


def test_the_reader_serves_the_page_kept_at_ingest(
    client: TestClient, web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each report's reader page is rendered when it is stored and kept: the page served
    is the one kept, the same as the page rendered for the request."""
    from gwrkit.serve import page_store
    from gwrkit.store import catalog

    db = api.open_store(str(web_db))
    rids = [r.id for r in api.reports(db)]
    kept = {rid: page_store.stored(db, rid) for rid in rids}
    assert all(kept.values()), [rid for rid, page in kept.items() if page is None]
    served = {rid: client.get(f"/reports/{rid}").text for rid in rids}
    for rid in rids:
        title, main = kept[rid] or ("", b"")
        assert (
            main.decode("utf-8") in served[rid]
            and f"<title>{title} · gwrkit</title>" in served[rid]
        )
        assert str(page_store.PLACE) not in served[rid]  # the page kept put in its place
    # rendered for the request: the same pages
    monkeypatch.setattr(page_store, "stored", lambda db, rid: None)
    assert {rid: client.get(f"/reports/{rid}").text for rid in rids} == served
    monkeypatch.undo()
    # a page made by other code (an upgraded template) is not used, nor for English
    monkeypatch.setattr(page_store, "code_version", lambda: "other")
    assert page_store.stored(db, rids[0]) is None
    assert client.get(f"/reports/{rids[0]}").text == served[rids[0]]
    monkeypatch.undo()
    english = client.get(f"/reports/{rids[0]}?lang=en").text
    assert english != served[rids[0]] and "Headline facts" in english
    assert catalog.stored_page(db, 10**9) is None
    db.close()
