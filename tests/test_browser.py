"""The dashboard in a real headless Chromium (Debian's chromium, driven by Playwright):
each step saves a screenshot under test-screenshots/."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from gwrkit.serve.app import create_app

from .conftest import ROOT
from .web_fixtures import HOSTILE_NAME, build_web_db, serve_in_thread

SHOTS = Path(os.environ.get("GWRKIT_SCREENSHOTS", ROOT / "test-screenshots"))


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve_in_thread(create_app(str(build_web_db(tmp_path_factory.mktemp("browser")))))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    path = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


def _shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)  # type: ignore[attr-defined]


def _page(browser: object, width: int = 1280) -> object:
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs  # type: ignore[attr-defined]
    return page


def test_the_analyst_path(server: str, browser: object) -> None:
    page = _page(browser)
    page.goto(f"{server}/reports")  # type: ignore[attr-defined]
    assert page.locator("#reports tbody tr").count() >= 8  # type: ignore[attr-defined]
    _shot(page, "01-reports")
    page.get_by_role("link", name="qinghai_2025.txt").click()  # type: ignore[attr-defined]
    page.wait_for_selector("mark.fact")  # type: ignore[attr-defined]
    _shot(page, "02-reader")
    target = page.locator('mark.st-target[title^="gdp"]').first  # type: ignore[attr-defined]
    target.scroll_into_view_if_needed()
    target.click()
    panel = page.locator("#evidence")  # type: ignore[attr-defined]
    panel.wait_for(state="visible")
    text = panel.inner_text()
    assert "gdp" in text and "target" in text and "around" in text and "2025" in text
    assert "rules_version" in text and "quote" in text
    _shot(page, "03-evidence")
    page.goto(f"{server}/targets?indicator=gdp")  # type: ignore[attr-defined]
    assert page.locator(".badge.v-missed").count() >= 1  # type: ignore[attr-defined]
    _shot(page, "04-targets")
    page.goto(f"{server}/indicator?indicator=gdp&region=青海省&year=2025")  # type: ignore[attr-defined]
    assert page.locator("svg.chart").count() == 2  # type: ignore[attr-defined]
    _shot(page, "05-indicator")
    page.goto(f"{server}/search")  # type: ignore[attr-defined]
    page.fill("main input[name=q]", "地区生产总值")  # type: ignore[attr-defined]
    page.press("main input[name=q]", "Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("a.result")  # type: ignore[attr-defined]
    _shot(page, "06-search")
    first = page.locator("a.result").first  # type: ignore[attr-defined]
    href = first.get_attribute("href")
    first.click()
    page.wait_for_selector("article.text")  # type: ignore[attr-defined]
    anchor = href.split("#", 1)[1]
    assert page.url.endswith("#" + anchor)  # type: ignore[attr-defined]
    assert page.locator(f"#{anchor}").count() == 1  # type: ignore[attr-defined]
    _shot(page, "07-search-result")
    assert page.dialogs == []  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]


def test_hostile_report_runs_no_script(server: str, browser: object) -> None:
    page = _page(browser)
    page.goto(f"{server}/reports")  # type: ignore[attr-defined]
    page.get_by_role("link", name=HOSTILE_NAME).click()  # type: ignore[attr-defined]
    page.wait_for_selector("article.text")  # type: ignore[attr-defined]
    for mark in page.locator("mark.fact").all():  # type: ignore[attr-defined]
        mark.click()
    page.goto(f"{server}/search?q=xss")  # type: ignore[attr-defined]
    _shot(page, "08-hostile")
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert page.locator("article img, main img").count() == 0  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 390])
def test_pages_fit_the_screen(server: str, browser: object, width: int) -> None:
    page = _page(browser, width)
    for name, url in (("reports", "/reports"), ("reader", "/reports/1"),
                      ("targets", "/targets?indicator=gdp")):  # fmt: skip
        page.goto(server + url)  # type: ignore[attr-defined]
        overflow = page.evaluate(  # type: ignore[attr-defined]
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{url} is {overflow}px wider than a {width}px screen"
        _shot(page, f"09-{name}-{width}px")
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 390])
def test_formulations_from_the_timeline_to_the_text(
    server: str, browser: object, width: int
) -> None:
    """Issue 15: from the formulations page to a term, its timeline, a region's first
    use in the reader, and a tap on it that shows its gloss; every page fits the screen."""
    page = _page(browser, width)
    page.goto(f"{server}/phrases?min_reports=1")  # type: ignore[attr-defined]
    page.get_by_role("link", name="一带一路", exact=True).click()  # type: ignore[attr-defined]
    page.wait_for_selector("svg.timeline")  # type: ignore[attr-defined]
    assert page.locator("svg.timeline circle.first").count() >= 2  # type: ignore[attr-defined]
    assert page.locator("svg.timeline line.national").count() == 1  # type: ignore[attr-defined]
    _shot(page, f"10-phrase-{width}px")
    for url in ("/phrases", "/phrases/一带一路"):
        page.goto(server + url)  # type: ignore[attr-defined]
        overflow = page.evaluate(  # type: ignore[attr-defined]
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{url} is {overflow}px wider than a {width}px screen"
    link = page.locator("a.use").first  # type: ignore[attr-defined]
    anchor = str(link.get_attribute("href")).split("#", 1)[1]
    link.click()
    page.wait_for_selector("article.text")  # type: ignore[attr-defined]
    mark = page.locator(f"abbr.phrase#{anchor}")  # type: ignore[attr-defined]
    assert mark.count() == 1 and mark.inner_text() == "一带一路"
    panel = page.locator("#evidence")  # type: ignore[attr-defined]
    panel.wait_for(state="visible")  # the first use from the link is shown at once
    mark.scroll_into_view_if_needed()
    mark.click()
    assert "Belt and Road" in panel.inner_text() and "numbered" in panel.inner_text()
    _shot(page, f"11-phrase-in-reader-{width}px")
    assert page.dialogs == []  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]


def test_on_a_phone_the_evidence_opens_where_the_number_is(server: str, browser: object) -> None:
    """Issue 13: at 390 px the evidence panel opened some 15,000 px below the tapped
    number.  It now opens as a sheet in view, and closes."""
    page = _page(browser, 390)
    page.goto(f"{server}/reports")  # type: ignore[attr-defined]
    page.get_by_role("link", name="qinghai_2025.txt").click()  # type: ignore[attr-defined]
    mark = page.locator('mark.st-target[title^="gdp"]').first  # type: ignore[attr-defined]
    mark.scroll_into_view_if_needed()
    mark.click()
    panel = page.locator("#evidence")  # type: ignore[attr-defined]
    panel.wait_for(state="visible")
    box = panel.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 900 + 1
    assert "gdp" in panel.inner_text()
    _shot(page, "12-evidence-sheet-390px")
    page.click("#evidence-close")  # type: ignore[attr-defined]
    panel.wait_for(state="hidden")
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_dot_of_the_hierarchy_lands_on_its_sentence(
    server: str, browser: object, width: int
) -> None:
    """Issue 16: a child's dot on the parent-and-children page opens its target's
    sentence in the reader, marked."""
    page = _page(browser, width)
    page.goto(f"{server}/hierarchy?indicator=gdp&year=2025")  # type: ignore[attr-defined]
    page.wait_for_selector("svg.dots")  # type: ignore[attr-defined]
    overflow = page.evaluate(  # type: ignore[attr-defined]
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    _shot(page, f"13-hierarchy-{width}px")
    dot = page.locator("svg.dots a.dot").first  # type: ignore[attr-defined]
    fact = str(dot.get_attribute("href")).split("#", 1)[1]
    dot.scroll_into_view_if_needed()
    dot.click()
    page.wait_for_selector("article.text")  # type: ignore[attr-defined]
    assert page.locator(f"#{fact}").count() == 1  # type: ignore[attr-defined]
    assert page.url.endswith("#" + fact)  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server that accepts writes from whoever gives its token."""
    folder = tmp_path_factory.mktemp("writable")
    yield from serve_in_thread(
        create_app(str(build_web_db(folder)), WRITE_TOKEN, folder / "uploads")
    )


WRITE_TOKEN = "browser-token"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_supervision_office_assigns_a_task(
    writable: str, browser: object, width: int, tmp_path: Path
) -> None:
    """Issue 14: open a report's task table, assign a lead unit and a status, reload and
    see them and the history entry, export the Excel file and read it back."""
    import openpyxl

    page = _page(browser, width)
    page.goto(f"{writable}/reports")  # type: ignore[attr-defined]
    page.get_by_role("link", name="china_2025.txt").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="任务分解表").click()  # type: ignore[attr-defined]
    page.wait_for_selector("#tasks")  # type: ignore[attr-defined]
    row = page.locator("#tasks tbody tr").nth(2 if width == 1280 else 4)  # type: ignore[attr-defined]
    task_id = row.get_attribute("data-task")
    row.locator("summary").click()
    row.locator("input[name=lead_unit]").fill("国家发展改革委")
    row.locator("select[name=status]").select_option("推进中")
    row.locator("input[name=author]").fill(f"督查室{width}")
    row.locator("input[name=token]").fill(WRITE_TOKEN)
    row.locator("form button").click()
    page.wait_for_selector("#tasks")  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    again = page.locator(f'#tasks tr[data-task="{task_id}"]')  # type: ignore[attr-defined]
    assert "国家发展改革委" in again.locator("td.lead").inner_text()
    assert again.locator("td.status").inner_text() == "推进中"
    assert f"督查室{width}" in page.locator("ol.history").inner_text()  # type: ignore[attr-defined]
    _shot(page, f"14-tasks-{width}px")
    with page.expect_download() as got:  # type: ignore[attr-defined]
        page.get_by_role("link", name="Excel").click()  # type: ignore[attr-defined]
    path = tmp_path / "tasks.xlsx"
    got.value.save_as(path)
    rows = list(openpyxl.load_workbook(path)["任务分解表"].iter_rows(values_only=True))
    assert any(r[4] == "国家发展改革委" and r[7] == "推进中" for r in rows[1:])
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_follow_through_from_a_task_table(server: str, browser: object, width: int) -> None:
    """Issue 14: from a report's task table to its follow-through, each commitment with
    the result the next year's report states; a result links to its sentence there."""
    page = _page(browser, width)
    page.goto(f"{server}/reports")  # type: ignore[attr-defined]
    page.get_by_role("link", name="qinghai_2025.txt").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="任务分解表").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="落实情况").click()  # type: ignore[attr-defined]
    page.wait_for_selector("#followup")  # type: ignore[attr-defined]
    overflow = page.evaluate(  # type: ignore[attr-defined]
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"the follow-through is {overflow}px wider than the screen"
    _shot(page, f"14-followup-{width}px")
    result = page.locator('#followup tr[data-verdict="met"] td:nth-child(4) a').first  # type: ignore[attr-defined]
    quote = result.inner_text()
    result.click()
    page.wait_for_url("**/reports/*#s-*")  # type: ignore[attr-defined]
    target = page.evaluate(  # type: ignore[attr-defined]
        "() => { const s = document.getElementById(location.hash.slice(1));"
        " return s.parentElement.textContent; }"
    )
    assert quote[:6] in target
    page.close()  # type: ignore[attr-defined]


def test_a_change_without_the_token_is_refused(writable: str, browser: object) -> None:
    page = _page(browser)
    answer = page.request.post(  # type: ignore[attr-defined]
        f"{writable}/api/reports/1/tasks/x", data={"field": "status", "value": "已完成",
                                                   "author": "x"})  # fmt: skip
    assert answer.status == 401
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 390])
def test_line_charts_are_lines_not_filled_shapes(server: str, browser: object, width: int) -> None:
    """Issue 13: a CSS rule filled the line charts.  Lines draw with no fill, and the
    indicator page fits the screen."""
    page = _page(browser, width)
    page.goto(f"{server}/indicator?indicator=gdp&region=中华人民共和国&level=province")  # type: ignore[attr-defined]
    page.wait_for_selector("svg.chart")  # type: ignore[attr-defined]
    fills = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "svg.chart polyline", "els => els.map(e => getComputedStyle(e).fill)"
    )
    assert fills and all(f == "none" for f in fills), fills
    overflow = page.evaluate(  # type: ignore[attr-defined]
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    _shot(page, f"15-indicator-{width}px")
    page.close()  # type: ignore[attr-defined]
