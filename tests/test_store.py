"""The store on SQLite and on a real PostgreSQL server: ingest, idempotence, rules
versions, failures, attainment on the samples and on the corpus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from gwrkit import api, pipeline
from gwrkit.core.errors import UsageError
from gwrkit.core.schema import to_json
from gwrkit.store import catalog
from gwrkit.store.database import (
    LEVEL_RANK,
    MIGRATIONS,
    SEARCH_KEY_SQL,
    integrity_ok,
    open_database,
    schema_version,
)

from .conftest import SAMPLES, manifest, require_corpus
from .web_fixtures import NO_METADATA_TEXT


def test_ingest_is_idempotent_and_keeps_rules_versions(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = api.ingest([SAMPLES], store_url, workers=1)
    assert (first.files, first.added, first.failed) == (3, 3, 0)
    db = open_database(store_url)
    assert schema_version(db) == len(MIGRATIONS) and integrity_ok(db)
    stored = catalog.counts(db)
    expected = sum(len(api.extract(api.parse(p), True)) for p in sorted(SAMPLES.glob("*.txt")))
    assert stored["facts"] == expected and stored["reports"] == 3
    again = api.ingest([SAMPLES], store_url)
    assert (again.added, again.unchanged) == (0, 3)
    assert catalog.counts(db) == stored
    # a newer extractor writes beside the old facts; the old ones stay queryable
    old = api.facts(store_url)
    monkeypatch.setattr(pipeline, "rules_version", lambda: "9999.1.1")
    newer = api.ingest([SAMPLES], store_url, workers=1)
    assert (newer.added, newer.reextracted) == (0, 3)
    assert catalog.counts(db)["extractions"] == 6
    assert {f.rules_version for f in api.facts(store_url)} == {"9999.1.1"}
    kept = api.facts(store_url, rules_version=old[0].rules_version)
    assert [f.quote for f in kept] == [f.quote for f in old]
    db.close()


def test_a_bad_file_is_recorded_and_the_batch_goes_on(store_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    summary = api.ingest([bad, SAMPLES / "qinglan_2024.txt"], store_url, workers=1)
    assert (summary.added, summary.failed) == (1, 1)
    db = open_database(store_url)
    (failure,) = catalog.failures(db)
    assert failure.path == str(bad) and "broken.docx" in failure.reason
    db.close()


def test_sample_attainment(store_url: str) -> None:
    api.ingest([SAMPLES], store_url, workers=1)
    rows = {(a.year, a.indicator, a.measure): a for a in api.attainment(store_url)}
    gdp24 = rows[(2024, "gdp", "growth")]
    # 2024 target 5.5%左右 (力争更好结果); the 2025 report states 5.2%: 0.3 short
    assert (gdp24.modifier, gdp24.target_value, gdp24.stretch) == ("around", 5.5, True)
    assert (gdp24.outcome_value, gdp24.verdict, gdp24.gap) == (5.2, "missed", -0.3)
    assert rows[(2024, "cpi", "rate")].verdict == "met"  # 3%左右, outcome 0.4%: a ceiling
    assert rows[(2023, "registered_unemployment", "rate")].verdict == "met"  # 4%以内 → 3.1%
    assert rows[(2024, "fixed_asset_investment", "growth")].verdict == "missed"  # 8%以上 → 7.1%
    assert rows[(2023, "grain_output", "level")].verdict == "exceeded"  # 58万吨以上 → 59.2
    assert rows[(2025, "gdp", "growth")].verdict == "no_outcome"
    # 完成省下达的节能减排目标: one qualitative target per constraint indicator, which no
    # number can meet or miss
    energy = rows[(2023, "energy_intensity", "qualitative")]
    assert (energy.verdict, energy.target_quote) == ("not_comparable", "完成省下达的节能减排目标")
    assert rows[(2023, "pollutant_reduction", "qualitative")].verdict == "not_comparable"
    for a in rows.values():
        settled = a.outcome_quote or a.verdict in ("no_outcome", "not_set")
        assert a.target_quote and (settled or a.measure == "qualitative")


def _sorted(rows: list[Any], sort: str | None) -> list[Any]:
    """What a page must show, written out here (not gwrkit's own sorting): by one field,
    ``-`` for descending, empty cells last either way, ties in their listed order."""
    if not sort:
        return list(rows)
    key = sort.lstrip("-")
    present = sorted(
        (r for r in rows if getattr(r, key) is not None),
        key=lambda r: getattr(r, key),
        reverse=sort.startswith("-"),
    )
    return present + [r for r in rows if getattr(r, key) is None]


def test_a_page_of_targets_is_read_from_the_database_as_all_rows_would_give_it(
    store_url: str,
) -> None:
    """Issue 16: /targets read every link of the collection to show one page (66,070 rows,
    934 ms at 20,000 reports); the database now filters, sorts and cuts the page.  Each
    page equals the same page cut from all rows in Python (empty cells last either way)."""
    corpus = require_corpus()
    api.ingest([corpus / "national", corpus / "province"], store_url, workers=1)
    every = api.attainment(store_url)
    assert len(every) > 100
    sorts = (None, "year", "-year", "gap", "-gap", "indicator", "-target_value", "region",
             "-verdict", "note", "-outcome_value")  # fmt: skip
    for sort in sorts:
        for verdict in (None, "missed"):
            kept = _sorted([a for a in every if verdict is None or a.verdict == verdict], sort)
            for offset in (0, 37):
                page, total = api.attainment_page(
                    store_url, verdict=verdict, sort=sort, limit=25, offset=offset
                )
                assert total == len(kept)
                assert page == kept[offset : offset + 25], (sort, verdict, offset)
                # the JSON API's page: the links' stored JSON joined, the same links
                text, json_total = api.attainment_page_json(
                    store_url, verdict=verdict, sort=sort, limit=25, offset=offset
                )
                assert json_total == total and json.loads(text) == [to_json(a) for a in page]
    rows, total = api.attainment_page(store_url, region="青海省", indicator="gdp", limit=500)
    assert rows == api.attainment(store_url, region="青海省", indicator="gdp") and total == len(
        rows
    )
    with pytest.raises(UsageError):
        api.attainment_page(store_url, sort="nonsense")


def test_a_sorted_page_of_targets_reads_its_keys_from_an_index(tmp_path: Path) -> None:
    """A page sorted by a column of the targets table reads the positions of its links in
    that order from an index of the column (migration 17), not by sorting every link (8-10
    ms a page at 8,000 reports), then those links by position; without a sort, from the
    index of positions."""
    db = str(tmp_path / "c.db")
    api.ingest([SAMPLES], db, workers=1)
    store = api.open_store(db)
    for sort in ("region", "-year", "target_value", "-outcome_value", "verdict", "note", "-gap"):
        page, params, _total = catalog._attainment_page(store, sort, 200, 0, {})
        plan = [
            str(row[3]) for row in store.execute(f"EXPLAIN QUERY PLAN SELECT a.json {page}", params)
        ]
        column = sort.lstrip("-")
        assert f"SCAN k USING COVERING INDEX attainment_sorted_by_{column}" in plan, plan
        assert "SEARCH a USING INDEX attainment_by_position (position=?)" in plan, plan
    page, params, _total = catalog._attainment_page(store, None, 200, 0, {})
    plan = [str(r[3]) for r in store.execute(f"EXPLAIN QUERY PLAN SELECT a.json {page}", params)]
    assert "SCAN k USING COVERING INDEX attainment_by_position" in plan, plan
    store.close()


def test_reports_added_to_a_linked_collection_relink_their_places_alone(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reports added to a collection whose links are up to date link their own places
    again, in their blocks of positions (a place not linked before between the places
    around it): the links are those of linking the whole collection again, in the same
    order, and the collection is not linked again (3.9 s at 8,000 reports for one)."""
    corpus = require_corpus()
    first = [
        corpus / "national" / "china_2025.txt",
        *sorted((corpus / "province").glob("*_2025.*")),
    ]
    api.ingest(first, store_url, workers=1)
    before = api.attainment(store_url)
    assert any(a.region == "河北省" for a in before)

    def whole(*args: Any) -> None:
        raise AssertionError("the whole collection was linked again")

    monkeypatch.setattr(pipeline, "save_attainment", whole)
    added = [
        corpus / "province" / "hebei_2026.txt",  # a place linked before: its 2025 outcomes
        corpus / "prefecture" / "baoding_2021.txt",  # new places, between 河北 and 山西
        corpus / "county" / "gaoyang_2018.txt",
    ]
    assert api.ingest(added, store_url, workers=1).added == 3
    monkeypatch.undo()
    kept = api.attainment(store_url)
    assert kept != before and any(a.region == "保定市" for a in kept)
    store = api.open_store(store_url)
    positions = [int(r["position"]) for r in store.rows("SELECT position FROM attainment")]
    assert sorted(positions) == list(range(len(kept)))  # one block each, no gaps
    pipeline.store_attainment(store)  # the whole collection linked again
    store.close()
    assert api.attainment(store_url) == kept
    text, total = api.attainment_page_json(store_url, sort="-gap", limit=500)
    assert total == len(kept) and len(json.loads(text)) == len(kept)


def test_an_ingest_with_nothing_new_links_a_collection_left_unlinked(tmp_path: Path) -> None:
    """A run killed after storing its reports and before linking them left the links (and
    the counts of formulations) of the collection before it: the next ingest, though every
    file is stored already, links and counts the collection as it is."""
    db = str(tmp_path / "c.db")
    api.ingest([SAMPLES], db, workers=1)
    store = api.open_store(db)
    with store.transaction():  # the stamps of a collection before the last reports
        store.execute("UPDATE kept_stamps SET stamp = 'before the killed run'")
    assert catalog.links_outdated(store, pipeline.attainment_stamp(store))
    again = api.ingest([SAMPLES], db, workers=1)
    assert again.added == 0 and again.unchanged > 0
    assert not catalog.links_outdated(store, pipeline.attainment_stamp(store))
    assert not catalog.phrase_counts_outdated(store, pipeline.phrase_counts_stamp(store))
    store.close()


def test_the_list_of_reports_and_its_regions_are_read_from_an_index(tmp_path: Path) -> None:
    """The default page of reports and the count of regions read the index of the
    listing's order (migration 21; at 100,000 reports 60 → 4 ms and 127 → 10 ms)."""
    db = str(tmp_path / "c.db")
    api.ingest([SAMPLES], db, workers=1)
    store = api.open_store(db)
    for sql in (
        "SELECT r.id FROM reports r WHERE 1 = 1 ORDER BY r.level, r.region, r.year, r.id LIMIT 5",
        "SELECT region, level, COUNT(*) AS n FROM reports WHERE region IS NOT NULL"
        " AND region <> '' GROUP BY region, level",
    ):
        plan = [str(row[3]) for row in store.execute(f"EXPLAIN QUERY PLAN {sql}")]
        assert any("COVERING INDEX reports_listed" in step for step in plan), plan
    store.close()
    assert api.stored_region_counts(db) == [("青岚州", "prefecture", 3)]


def test_a_page_of_targets_as_json_is_the_same_however_its_links_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of /api/targets is the stored JSON of its links; links stored before their
    JSON was (migration 16) are encoded from their columns, and links not stored (out of
    date) are made and encoded: the same text each way."""
    db = str(tmp_path / "c.db")
    api.ingest([SAMPLES], db, workers=1)
    rows, total = api.attainment_page(db, sort="-gap", limit=5, offset=1)
    assert len(rows) == 5 and total > 6
    text, n = api.attainment_page_json(db, sort="-gap", limit=5, offset=1)
    assert n == total and json.loads(text) == [to_json(a) for a in rows]
    assert '"region":"青岚州"' in text  # Chinese as written, not escaped
    store = api.open_store(db)
    with store.transaction():
        store.execute("UPDATE attainment SET json = NULL")
    store.close()
    assert api.attainment_page_json(db, sort="-gap", limit=5, offset=1) == (text, n)
    api.complete(db, workers=1)  # gwrkit index after an upgrade: the links made again
    store = api.open_store(db)
    assert not store.rows("SELECT 1 AS x FROM attainment WHERE json IS NULL")
    assert not catalog.links_outdated(store, pipeline.attainment_stamp(store))
    store.close()
    assert api.attainment_page_json(db, sort="-gap", limit=5, offset=1) == (text, n)
    monkeypatch.setattr(api, "attainment_stamp", lambda store: "0/another linking")
    assert api.attainment_page_json(db, sort="-gap", limit=5, offset=1) == (text, n)


def test_a_page_of_reports_is_read_from_the_database_as_all_reports_would_give_it(
    store_url: str,
) -> None:
    """Issue 16: /reports read and counted every report to show one page (2.3 s at 20,000
    reports); the database now chooses the page and counts only its reports."""
    corpus = require_corpus()
    api.ingest([corpus / "national", corpus / "county"], store_url, workers=1)
    every = api.reports(store_url)
    assert len(every) > 20
    for sort in (None, "year", "-year", "name", "-chars", "facts", "-targets", "date"):
        kept = _sorted(every, sort)
        for offset in (0, 7):
            page, total = api.reports_page(store_url, sort=sort, limit=10, offset=offset)
            assert total == len(kept)
            assert page == kept[offset : offset + 10], (sort, offset)
    page, total = api.reports_page(store_url, level="county", limit=500)
    assert page == api.reports(store_url, level="county") and total == len(page)
    with pytest.raises(UsageError):
        api.reports_page(store_url, sort="nonsense")


def test_a_regions_facts_are_the_collections_facts_of_that_region(store_url: str) -> None:
    """The facts of one region are read from its reports (the planner read every fact of
    the indicator in the collection to keep one region's); they are the collection's
    facts of that region, with the same filters, in the same order."""
    corpus = require_corpus()
    api.ingest([corpus / "province", corpus / "prefecture" / "baoding_2021.txt"], store_url, 1)
    for quantities in (False, True):
        every = api.facts(store_url, all_quantities=quantities)
        for region in ("河北省", "四川省", "保定市"):
            for indicator, status in (
                (None, None),
                ("gdp", None),
                ("gdp", "actual"),
                ("cpi", "target"),
            ):
                kept = [
                    f
                    for f in every
                    if f.report_region == region
                    and indicator in (None, f.indicator)
                    and status in (None, f.status)
                ]
                found = api.facts(
                    store_url, region, indicator=indicator, status=status, all_quantities=quantities
                )
                assert found == kept, (region, indicator, status, quantities)
                assert kept or indicator == "cpi"
    assert len(api.facts(store_url, "河北省", year=2021, indicator="gdp")) >= 2


def _counted(uses: list[Any]) -> dict[str, tuple[Any, ...]]:
    """Each term's (kind, reports, uses, first year, first national year) from its uses."""
    by_term: dict[str, list[Any]] = {}
    for u in uses:
        by_term.setdefault(u.canonical or u.term, []).append(u)
    out = {}
    for term, group in by_term.items():
        years = [u.report_year for u in group if u.report_year is not None]
        national = [u.report_year for u in group if u.report_level == "national" and u.report_year]
        out[term] = (
            group[0].kind,
            len({u.report_id for u in group}),
            sum(u.count for u in group),
            min(years) if years else None,
            min(national) if national else None,
        )
    return out


def test_formulation_counts_are_kept_at_ingest_as_their_uses_count(store_url: str) -> None:
    """The formulations page reads counts kept at ingest (it counted every use of the
    collection for each request: 3 s at 8,000 reports); they are the counts of the uses,
    by the rules and of every mention, and counts out of date are counted anew."""
    corpus = require_corpus()
    api.ingest([corpus / "national", corpus / "county"], store_url, workers=1)
    store = api.open_store(store_url)
    assert not catalog.phrase_counts_outdated(store, pipeline.phrase_counts_stamp(store))
    for mentions in (False, True):
        expected = _counted(catalog.phrase_uses(store, strict=not mentions))
        rows = api.phrase_counts(store_url, mentions)
        assert {
            c.term: (c.kind, c.reports, c.uses, c.first_year, c.national_year) for c in rows
        } == (expected)
        assert [(-c.reports, -c.uses, c.term) for c in rows] == sorted(
            (-c.reports, -c.uses, c.term) for c in rows
        )
    kept = {c.term: c for c in api.phrase_counts(store_url)}
    assert kept["六稳"].national_year == 2020 and kept["六稳"].gloss
    with store.transaction():  # what is kept is what is read
        store.execute("UPDATE phrase_counts SET reports = reports + 1000 WHERE term = '六稳'")
    assert {c.term: c for c in api.phrase_counts(store_url)}["六稳"].reports == (
        kept["六稳"].reports + 1000
    )
    with store.transaction():  # counts of another extraction: counted again
        store.execute("UPDATE kept_stamps SET stamp = 'another' WHERE name = 'phrase_counts'")
    assert api.phrase_counts(store_url) == list(kept.values())
    api.complete(store_url, workers=1)  # gwrkit index keeps them again
    assert not catalog.phrase_counts_outdated(store, pipeline.phrase_counts_stamp(store))
    store.close()


def test_reports_added_to_a_counted_collection_add_their_formulations(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reports added to a collection whose counts of formulations are up to date add
    their uses to them (counting all uses again took 0.9 s at 8,000 reports): the counts
    are those of counting the whole collection again."""
    corpus = require_corpus()
    api.ingest(sorted((corpus / "national").glob("china_201*.txt")), store_url, workers=1)

    def whole(*args: Any) -> None:
        raise AssertionError("every use of the collection was counted again")

    monkeypatch.setattr(pipeline, "save_phrase_counts", whole)
    added = [corpus / "national" / "china_2020.txt", corpus / "county" / "hailaer_2019.txt"]
    assert api.ingest(added, store_url, workers=1).added == 2
    monkeypatch.undo()
    store = api.open_store(store_url)
    assert not catalog.phrase_counts_outdated(store, pipeline.phrase_counts_stamp(store))
    for mentions in (False, True):
        expected = _counted(catalog.phrase_uses(store, strict=not mentions))
        rows = api.phrase_counts(store_url, mentions)
        got = {c.term: (c.kind, c.reports, c.uses, c.first_year, c.national_year) for c in rows}
        assert got == expected
    store.close()
    six = {c.term: c for c in api.phrase_counts(store_url)}["六稳"]
    assert (six.reports, six.first_year, six.national_year) == (2, 2019, 2020)


def test_reports_stored_before_their_counts_were_kept_get_them(tmp_path: Path) -> None:
    """Migration 19 counts the headline facts and targets of extractions stored before
    them: the list of reports gives the counts that ingest keeps now."""
    url = str(tmp_path / "old.db")
    api.ingest([SAMPLES], url, workers=1)
    kept = api.reports(url)
    assert all(r.facts > 0 for r in kept) and any(r.targets > 0 for r in kept)
    db = api.open_store(url)
    with db.transaction():  # as a database made before migration 19 was
        db.execute("ALTER TABLE extractions DROP COLUMN headline_facts")
        db.execute("ALTER TABLE extractions DROP COLUMN headline_targets")
        db.execute("DELETE FROM schema_migrations WHERE version = 19")
    db.close()
    assert api.reports(url) == kept
    assert (
        api.reports_page(url, sort="-facts", limit=3)[0] == sorted(kept, key=lambda r: -r.facts)[:3]
    )


def test_unknown_names_are_clear_errors(store_url: str) -> None:
    api.ingest([SAMPLES / "qinglan_2024.txt"], store_url, workers=1)
    with pytest.raises(api.UsageError, match="unknown region '火星'"):
        api.attainment(store_url, region="火星")
    with pytest.raises(api.UsageError, match="unknown indicator 'happiness'"):
        api.attainment(store_url, indicator="happiness")
    assert api.reports(store_url, region="青岚州")[0].facts > 10


NATIONAL_GDP = {  # year: (target, verdict) — outcomes as the next report states them
    2003: ("around 7", "exceeded"), 2004: ("around 7", "exceeded"),
    2005: ("around 8", "exceeded"), 2006: ("around 8", "exceeded"),
    2007: ("around 8", "not_comparable"), 2008: ("around 8", "exceeded"),
    2009: ("around 8", "exceeded"), 2010: ("around 8", "exceeded"),
    2011: ("around 8", "exceeded"), 2012: ("point 7.5", "exceeded"),
    2013: ("around 7.5", "met"), 2014: ("around 7.5", "met"), 2015: ("around 7", "met"),
    2016: ("range 6.5-7", "met"), 2017: ("around 6.5", "exceeded"),
    2018: ("around 6.5", "met"), 2019: ("range 6-6.5", "met"), 2020: ("none", "not_set"),
    2021: ("at_least 6", "exceeded"), 2022: ("around 5.5", "missed"),
    2023: ("around 5", "met"), 2024: ("around 5", "met"),
}  # fmt: skip


def _target(a: api.Attainment) -> str:
    if a.verdict == "not_set":
        return "none"
    if a.modifier == "range":
        return f"range {a.target_low:g}-{a.target_high:g}"
    return f"{a.modifier} {a.target_value:g}"


def test_corpus_national_chain_and_provinces(store_url: str) -> None:
    corpus = require_corpus()
    summary = api.ingest([corpus], store_url)
    reports = len(manifest())  # the corpus grows: count it from its manifest
    assert (summary.added, summary.failed) == (reports, 0)
    national = [
        a
        for a in api.attainment(store_url, indicator="gdp", level="national")
        if a.measure == "growth" and a.year <= 2024
    ]
    assert {a.year: (_target(a), a.verdict) for a in national} == NATIONAL_GDP
    provinces = [
        a
        for a in api.attainment(store_url, indicator="gdp", level="province", year=2025)
        if a.measure == "growth"
    ]
    assert len({a.region for a in provinces}) == 31
    qinghai = next(a for a in provinces if a.region == "青海省")
    assert (qinghai.target_value, qinghai.stretch, qinghai.outcome_value) == (4.5, True, 4.1)
    assert qinghai.verdict == "missed"
    assert Counter(a.verdict for a in provinces)["no_outcome"] == 0
    again = api.ingest([corpus], store_url)
    assert again.unchanged == reports and again.added == 0
    # the links stored at ingest are those made now, for any filter (issue 13: attainment
    # is read, not linked, at each request); other tolerances are linked now
    db = open_database(store_url)
    try:
        assert db.rows("SELECT COUNT(*) AS n FROM attainment")[0]["n"] > 2000
    finally:
        db.close()
    same = api.Tolerance(0.2, 0.01)  # the defaults, given: linked now
    filters: list[tuple[str | None, int | None, str | None, str | None]] = [
        (None, None, None, None),  # (region, year, indicator, level)
        (None, None, "gdp", None),
        (None, 2025, None, "province"),
        ("青海省", None, None, None),
        ("河北省", None, "cpi", None),
    ]
    for region, year, indicator, level in filters:
        stored = api.attainment(store_url, region, year, indicator, level)
        assert stored and stored == api.attainment(store_url, region, year, indicator, level, same)
    wide = api.attainment(store_url, indicator="gdp", tolerance=api.Tolerance(5, 0.5))
    assert sum(a.verdict == "met" for a in wide) > sum(
        a.verdict == "met" for a in api.attainment(store_url, indicator="gdp")
    )


NO_METADATA = NO_METADATA_TEXT  # a scraped copy whose year and region cannot be found


def test_a_report_without_year_or_region_is_stored_listed_and_left_out_of_linking(
    store_url: str, tmp_path: Path
) -> None:
    """Issue 12, bug 1: one such report took every collection view down (TypeError)."""
    scraped = tmp_path / "scraped_copy.txt"
    scraped.write_text(NO_METADATA, encoding="utf-8")
    summary = api.ingest([SAMPLES, scraped], store_url, workers=1)
    assert summary.failed == 0 and summary.added == len(list(SAMPLES.glob("*.txt"))) + 1
    stored = [r for r in api.reports(store_url) if r.name == "scraped_copy.txt"]
    assert stored and stored[0].year is None and stored[0].facts > 0
    assert api.unlinked(store_url) == [
        api.Unlinked(
            id=int(stored[0].id or 0),
            name="scraped_copy.txt",
            path=str(scraped),
            missing="no year and no region",
        )
    ]
    rows = api.attainment(store_url)  # no TypeError; only the samples are linked
    assert rows and {a.region for a in rows} == {"青岚州"}
    assert api.attainment(store_url, indicator="gdp")
    assert api.series("gdp", "青岚州", store_url)
    api.compare(2024, "gdp", "prefecture", store_url)
    for to in ("csv", "xlsx", "json", "parquet", "dta"):
        assert api.export("attainment", to, str(tmp_path / f"a.{to}"), store_url) == len(rows)
    # set what is missing: the stored report is corrected and linked
    fixed = api.parse_overrides(["year=2026", "region=青岚州", "level=prefecture"])
    again = api.ingest([scraped], store_url, workers=1, overrides=fixed)
    assert again.reextracted == 1 and api.unlinked(store_url) == []
    gdp26 = [a for a in api.attainment(store_url, indicator="gdp") if a.year == 2026]
    assert [(a.measure, a.target_value, a.modifier) for a in gdp26] == [("growth", 5.0, "around")]


def test_newer_rules_read_a_corrected_report_with_what_the_user_set(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-extraction under newer rules (by ingest, and by api.reextract, the web's
    重新提取) read the text alone: a report whose year the user had set got facts of
    period 'unknown' and its 2026 target was lost."""
    scraped = tmp_path / "scraped_copy.txt"
    scraped.write_text(NO_METADATA, encoding="utf-8")
    fixed = api.parse_overrides(["year=2026", "region=青岚州", "level=prefecture"])
    api.ingest([SAMPLES, scraped], store_url, workers=1)
    api.ingest([scraped], store_url, workers=1, overrides=fixed)
    rid = next(int(r.id or 0) for r in api.reports(store_url) if r.name == "scraped_copy.txt")
    for version, again in (("newer", "ingest"), ("newest", "reextract")):
        monkeypatch.setattr(pipeline, "rules_version", lambda v=version: v)
        if again == "ingest":
            assert api.ingest([scraped], store_url, workers=1).reextracted == 1
        else:
            assert api.reextract(rid, store_url)
        assert next(r for r in api.reports(store_url) if r.id == rid).rules_version == version
        gdp26 = [a for a in api.attainment(store_url, indicator="gdp") if a.year == 2026]
        expected = [("growth", 5.0, "around")]
        assert [(a.measure, a.target_value, a.modifier) for a in gdp26] == expected, again


def test_collection_commands_name_the_reports_left_out_of_linking(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gwrkit.cli import cli

    scraped = tmp_path / "scraped_copy.txt"
    scraped.write_text(NO_METADATA, encoding="utf-8")
    db = str(tmp_path / "c.db")
    api.ingest([SAMPLES, scraped], db, workers=1)
    runner = CliRunner()
    for args in (
        ["targets", "--db", db],
        ["targets", "--db", db, "--indicator", "gdp"],
        ["series", "--db", db, "--indicator", "gdp", "--region", "青岚州"],
        ["compare", "--db", db, "--year", "2024", "--indicator", "gdp", "--level", "prefecture"],
        [
            "export",
            "--db",
            db,
            "--what",
            "attainment",
            "--to",
            "csv",
            "--out",
            str(tmp_path / "a.csv"),
        ],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
        assert "left out of linking: scraped_copy.txt (no year and no region)" in result.output


@pytest.fixture
def pg_url() -> Any:
    from .conftest import _drop_schema, _pg_schema_url

    schema, url = _pg_schema_url()
    yield url
    _drop_schema(schema)


def test_every_stored_fact_of_the_corpus_is_the_same_on_sqlite_and_postgresql(
    tmp_path: Path, pg_url: str
) -> None:
    """Issue 12, bug 2: PostgreSQL kept numbers as 4-byte floats (33757.93 came back as
    33757.9296875; base_value of 粮食播种面积1.1亿亩 differed).  Numbers are stored exactly
    as on SQLite now: every fact of every corpus report, field by field."""
    corpus = require_corpus()
    lite = str(tmp_path / "corpus.db")
    for url in (lite, pg_url):
        summary = api.ingest([corpus], url, workers=2)
        assert summary.failed == 0 and summary.added == len(manifest())

    def rows(url: str) -> list[tuple[Any, ...]]:
        fields = [
            "report_name", "start", "end", "indicator", "metric", "measure", "status",
            "period", "value", "low", "high", "unit", "base_value", "base_unit", "modifier",
            "stretch", "direction", "quote", "role", "rule",
        ]  # fmt: skip
        facts = api.facts(url, all_quantities=True)
        return sorted((tuple(getattr(f, k) for k in fields) for f in facts), key=repr)

    on_sqlite, on_pg = rows(lite), rows(pg_url)
    assert len(on_sqlite) > 10_000
    assert on_pg == on_sqlite
    assert any(r[8] == 33757.93 for r in on_pg)  # the value that lost its digits


def test_a_read_of_a_database_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    """Issue 12, bug 4: `gwrkit targets --db nosuch.db` created an empty database and
    answered (0 rows); only ingest creates a database."""
    from click.testing import CliRunner

    from gwrkit.cli import cli
    from gwrkit.core.errors import StoreError

    missing = tmp_path / "nosuch.db"
    for args in (["targets"], ["reports"], ["series", "--indicator", "gdp", "--region", "x"]):
        result = CliRunner().invoke(cli, [*args, "--db", str(missing)])
        assert result.exit_code == 1, (args, result.output)
        assert f"{missing}: no such database (run gwrkit ingest first)" in result.output
        assert "Traceback" not in result.output
    with pytest.raises(StoreError):
        api.reports(missing)
    assert not missing.exists()
    api.ingest([SAMPLES], missing, workers=1)  # ingest creates it
    assert missing.exists() and api.reports(missing)


def test_collection_tables_carry_provenance_and_cut_with_an_ellipsis(tmp_path: Path) -> None:
    """Issue 12: targets, series and compare in table and CSV form name the reports and
    quotes; a cell cut for the table ends in …"""
    from click.testing import CliRunner

    from gwrkit.cli import cli

    db = str(tmp_path / "s.db")
    api.ingest([SAMPLES], db, workers=1)
    run = CliRunner().invoke
    out = run(cli, ["targets", "--db", db, "--indicator", "gdp", "--format", "csv"]).output
    header, first = out.splitlines()[:2]
    assert header.endswith("target_report,target_quote,outcome_report,outcome_quote")
    assert "qinglan_2023.txt,地区生产总值增长6%左右,qinglan_2024.txt," in first
    table = run(cli, ["targets", "--db", db, "--indicator", "gdp"]).output
    assert "qinglan_2023.txt → qinglan_2024.txt" in table
    wide = run(cli, ["targets", "--db", db, "--indicator", "gdp", "--wide"]).output
    assert "地区生产总值增长6%左右" in wide
    series = run(cli, ["series", "--db", db, "--indicator", "gdp", "--region", "青岚州"]).output
    assert "qinglan_2024.txt" in series
    compare = run(
        cli,
        [
            "compare",
            "--db",
            db,
            "--year",
            "2024",
            "--indicator",
            "gdp",
            "--level",
            "prefecture",
            "--format",
            "csv",
        ],
    ).output
    assert "target_quote" in compare.splitlines()[0] and "地区生产总值增长5.5%左右" in compare
    long_notes = [
        line for line in table.splitlines() if "no report states it" in line or "…" in line
    ]
    assert long_notes  # and no cell is cut without its ellipsis:
    from gwrkit.cli.output import CELL_CHARS, _cut

    assert _cut("x" * (CELL_CHARS + 5), CELL_CHARS) == "x" * (CELL_CHARS - 1) + "…"
    assert _cut("short", CELL_CHARS) == "short"


def test_series_export_of_one_region_or_one_indicator_and_all_quantities(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    api.ingest([SAMPLES], db, workers=1)
    by_region = api.export("series", "csv", tmp_path / "r.csv", db, region="青岚州")
    by_indicator = api.export("series", "csv", tmp_path / "i.csv", db, indicator="gdp")
    one = api.export("series", "csv", tmp_path / "o.csv", db, indicator="gdp", region="青岚州")
    assert by_region > by_indicator == one > 0
    headline = api.export("facts", "csv", tmp_path / "f.csv", db)
    every = api.export("facts", "csv", tmp_path / "a.csv", db, all_quantities=True)
    assert every > headline > 0
    from gwrkit.core.errors import UsageError

    with pytest.raises(UsageError):
        api.export("series", "csv", tmp_path / "x.csv", db)


def test_the_ingest_eta_waits_until_it_means_something() -> None:
    from gwrkit.cli.collection import eta_is_meaningful

    assert not eta_is_meaningful(1, 186) and not eta_is_meaningful(17, 186)
    assert eta_is_meaningful(19, 186) and eta_is_meaningful(5, 20)
    assert not eta_is_meaningful(4, 20)


def test_search_shows_matches_newest_first_and_reads_them_in_that_order(
    store_url: str,
) -> None:
    """Issue 16: a common word matched tens of thousands of sentences at 20,000 reports,
    all of them sorted to show 50 (seconds); the search index is keyed by the order shown
    (newest year, level, the report stored last, the sentence's place), so a page reads
    only itself.  Both ways of searching (trigram index, 3 characters or more; a scan of
    reports newest first, fewer) give that order, and the key is the same in SQL."""
    corpus = require_corpus()
    api.ingest([corpus / "national", corpus / "province"], store_url, workers=1)
    db = api.open_store(store_url)
    try:
        for word in ("地区生产总值", "新质生产力", "粮食", "就业"):
            hits = api.search(word, db, limit=200)
            assert hits and all(word in h.text for h in hits), word
            order = [
                (-(h.report_year or 0), LEVEL_RANK[h.report_level], -h.report_id, h.sentence)
                for h in hits
            ]
            assert order == sorted(order), word
        if db.dialect == "sqlite":
            rows = db.rows(
                f'SELECT {SEARCH_KEY_SQL} AS k, r.year, r.level, s.report_id, s."index" AS i'
                " FROM sentences s JOIN reports r ON r.id = s.report_id"
            )
            assert all(
                r["k"] == catalog.search_key(r["year"], r["level"], r["report_id"], r["i"])
                for r in rows
            )
            stored = {r["k"] for r in db.rows("SELECT rowid AS k FROM sentences_fts")}
            assert stored == {r["k"] for r in rows}
    finally:
        db.close()


def test_ingest_stores_first_and_completes_the_collection_after(
    store_url: str, tmp_path: Path
) -> None:
    """Issue 16: indexing each report for search and rendering its page as it was stored
    took most of the writer's time.  Ingest now stores the reports, then completes the
    collection: the same search hits and pages as before, and a run told not to complete
    (or interrupted) leaves the reports stored, not yet searchable, for gwrkit index."""
    corpus = require_corpus()
    files = [corpus / "national", corpus / "county"]
    whole = str(tmp_path / "whole.db")
    summary = api.ingest(files, whole, workers=1)
    assert summary.completion is not None and summary.completion.indexed == summary.added
    stored_only = api.ingest(files, store_url, workers=1, completing=False)
    assert stored_only.completion is None and stored_only.added == summary.added
    db = api.open_store(store_url)
    try:
        if db.dialect == "sqlite":  # PostgreSQL searches the sentences themselves
            assert api.search("地区生产总值", db) == []
            assert len(catalog.search_pending(db, 10_000)) == summary.added
        assert catalog.reports_without_page(db) == sorted(r.id for r in api.reports(db))
        done = api.complete(db, workers=1)
        assert done.pages == summary.added and not done.page_failures
        assert done.indexed == (summary.added if db.dialect == "sqlite" else 0)
        assert catalog.search_pending(db, 10) == [] and catalog.reports_without_page(db) == []
        for word in ("地区生产总值", "新质生产力", "脱贫攻坚"):
            got = [(h.report_name, h.sentence, h.text) for h in api.search(word, db, 200)]
            want = [(h.report_name, h.sentence, h.text) for h in api.search(word, whole, 200)]
            assert got == want and got, word
        rid = api.reports(db)[0].id or 0
        other = next(r.id for r in api.reports(whole) if r.name == api.reports(db)[0].name)
        assert api.kept_page(rid, db)[1:] == api.kept_page(int(other or 0), whole)[1:]  # type: ignore[index]
        again = api.complete(db, workers=1)
        assert (again.indexed, again.pages) == (0, 0)
    finally:
        db.close()


def test_gwrkit_index_completes_a_collection_stored_in_parts(tmp_path: Path) -> None:
    """ingest --no-index stores only; gwrkit index makes the search index and pages, and
    the pages and links that an earlier version made (after an upgrade) again."""
    from click.testing import CliRunner

    from gwrkit.cli import cli

    url = str(tmp_path / "parts.db")
    n = len(list(SAMPLES.glob("*.txt")))
    run = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", url, "--no-index", "-q"])
    assert run.exit_code == 0 and "indexed" not in run.stderr, run.stderr
    assert api.search("地区生产总值", url) == []
    run = CliRunner().invoke(cli, ["index", "--db", url, "-q"])
    assert run.exit_code == 0
    assert f"indexed {n} reports for search, made {n} reader pages" in run.stderr
    assert api.search("地区生产总值", url)
    run = CliRunner().invoke(cli, ["index", "--db", url, "-q"])
    assert "nothing to do" in run.stderr
    db = api.open_store(url)
    try:
        with db.transaction():
            db.execute("UPDATE pages SET code = 'an earlier version'")
    finally:
        db.close()
    run = CliRunner().invoke(cli, ["index", "--db", url, "-q"])
    assert f"indexed 0 reports for search, made {n} reader pages" in run.stderr
    assert "linked the targets" not in run.stderr
    db = api.open_store(url)
    try:
        with db.transaction():  # links stored before migration 16 kept their JSON
            db.execute("UPDATE attainment SET json = NULL")
    finally:
        db.close()
    run = CliRunner().invoke(cli, ["index", "--db", url, "-q"])
    assert "linked the targets to their outcomes again" in run.stderr, run.stderr
    assert "nothing to do" not in run.stderr
    run = CliRunner().invoke(cli, ["index", "--db", url, "-q"])
    assert "nothing to do" in run.stderr and "linked the targets" not in run.stderr


def test_a_page_that_cannot_be_made_is_noted_and_the_others_are_kept(tmp_path: Path) -> None:
    """A failure while making one report's page (the reader renders it when asked) does
    not stop completing the collection, and says which report and why."""
    from gwrkit.serve.page_store import make_page

    url = str(tmp_path / "pages.db")
    api.ingest([SAMPLES], url, workers=1, completing=False)
    db = api.open_store(url)
    try:
        first, *others = catalog.reports_without_page(db)

        def maker(store: Any, rid: int) -> tuple[str, str, bytes]:
            if rid == first:
                raise ValueError("no template")
            return make_page(store, rid)

        done = pipeline.complete(db, maker, workers=1)
        assert done.page_failures == [(first, "ValueError: no template")]
        assert done.pages == len(others) and catalog.reports_without_page(db) == [first]
        assert done.indexed == len(others) + 1
    finally:
        db.close()


def test_a_report_whose_year_is_set_moves_in_the_search_index(tmp_path: Path) -> None:
    """The search index's keys hold the report's year and level: a report stored without
    them and then corrected (ingest --set) is found in the order of its new year."""
    url = str(tmp_path / "set.db")
    scraped = tmp_path / "scraped_copy.txt"
    scraped.write_text(NO_METADATA, encoding="utf-8")
    api.ingest([SAMPLES, scraped], url, workers=1)
    fixed = api.parse_overrides(["year=2026", "region=青岚州", "level=prefecture"])
    api.ingest([scraped], url, workers=1, overrides=fixed)
    db = api.open_store(url)
    try:
        rows = db.rows(
            f"SELECT {SEARCH_KEY_SQL} AS k FROM sentences s JOIN reports r ON r.id = s.report_id"
        )
        stored = [r["k"] for r in db.rows("SELECT rowid AS k FROM sentences_fts")]
        assert sorted(stored) == sorted(r["k"] for r in rows)
        hits = api.search("地区生产总值", db)
        assert hits[0].report_name == "scraped_copy.txt" and hits[0].report_year == 2026
    finally:
        db.close()


def test_stored_links_and_pages_outlive_a_change_of_the_extracting_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: after an upgrade that changed only extracting rules, the links and reader
    pages kept were thrown away (their stamp named the rules), so every attainment request
    linked the whole collection again (6 s at 20,000 reports) and every page was rendered
    for the request until the reports were extracted again.  They show the facts stored,
    which do not change until then."""
    from gwrkit.serve import page_store

    db = str(tmp_path / "c.db")
    api.ingest([SAMPLES], db, workers=1)
    store = api.open_store(db)
    stamp, pages = pipeline.attainment_stamp(store), page_store.code_version()
    assert catalog.stored_attainment_page(store, stamp, None, 10, 0) is not None
    monkeypatch.setattr(pipeline, "rules_version", lambda: "2099.1+changed")
    monkeypatch.setattr(api, "rules_version", lambda: "2099.1+changed")
    page_store.code_version.cache_clear()
    try:
        assert pipeline.attainment_stamp(store) == stamp
        assert page_store.code_version() == pages
        assert catalog.stored_attainment_page(store, stamp, None, 10, 0) is not None
    finally:
        page_store.code_version.cache_clear()
        store.close()


def test_text_with_tabs_and_backslashes_is_stored_as_written(
    store_url: str, tmp_path: Path
) -> None:
    # PostgreSQL takes a report's rows by COPY, whose text format escapes tabs,
    # backslashes and line ends: what is read back must be what was read
    text = (SAMPLES / "qinglan_2024.txt").read_text(encoding="utf-8")
    text = text.replace("同比增长6.3%；", "同比增长6.3%\t(C:\\统计\\2024)；", 1)
    path = tmp_path / "qinglan_2024.txt"
    path.write_text(text, encoding="utf-8")
    assert api.ingest([path], store_url, workers=1).added == 1
    (report,) = api.reports(store_url)
    stored = api.report_detail(int(report.id or 0), store_url)
    doc = api.parse(path)
    assert [s.text for s in stored.sentences] == [s.text for s in doc.sentences]
    assert stored.text == text
    assert any("(C:\\统计\\2024)" in s.text for s in stored.sentences)
    assert any("\t(C:" in stored.text[s.start : s.end] for s in stored.sentences)
    assert [f.quote for f in stored.facts] == [f.quote for f in api.extract(doc, True)]
    assert [p.term for p in stored.phrases] == [p.term for p in api.phrases(doc)][
        : len(stored.phrases)
    ]


def test_a_load_of_reports_leaves_the_planner_statistics_of_its_tables(store_url: str) -> None:
    """PostgreSQL: an ingest that grows the collection by a tenth or more analyses the
    tables it filled (a server with autovacuum off, or a load that outruns it, left them
    without statistics: a report's sentences read by parallel workers, 38 ms for 0.7).
    SQLite keeps none unless asked and is left as it is."""
    api.ingest([SAMPLES], store_url, workers=1)
    db = api.open_store(store_url)
    try:
        if db.dialect == "sqlite":
            assert not catalog.refresh_statistics(db, 3)
            return
        for table in ("sentences", "facts", "attainment"):
            rows = db.rows(
                "SELECT reltuples AS n FROM pg_class WHERE oid = to_regclass(?)", (table,)
            )
            assert float(rows[0]["n"]) > 0, table  # -1: never analysed
        assert not catalog.refresh_statistics(db, 0)
    finally:
        db.close()
