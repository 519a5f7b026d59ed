"""Report metadata: region, level, division code, year, date, speaker, congress, session.

Every field is found in the report's own words (the title, the occasion line
"——2026年1月27日在青海省第十四届人民代表大会第四次会议上", the speaker line) and carries
where it was found; a field that cannot be found is null with the reason.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from gwrkit.core.numerals import any_int
from gwrkit.core.rules import load_yaml
from gwrkit.core.schema import Field, Metadata, Section
from gwrkit.ingest.places import infer_region, names_in
from gwrkit.ingest.regions import NATIONAL_CODE, NATIONAL_NAME, Division, candidates, resolve

HEAD_CHARS = 600
_CN_YEAR_SPAN = re.compile(r"十([一二三四五六])五")
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)年")
_NAME = r"(?P<name>[\u4e00-\u9fff]{2,4}?(?:·[\u4e00-\u9fff]{1,10})*)"


@cache
def _rules() -> dict[str, Any]:
    return load_yaml("metadata.yaml")


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(_rules()[key]["pattern"], re.M)


@cache
def _speaker_pattern() -> re.Pattern[str]:
    titles = "|".join(re.escape(t["title"]) for t in _rules()["titles"])
    return re.compile(
        rf"(?P<title>{titles})[\s?]*{_NAME}(?=$|\n|在|\(|各位|\s|作政府|作工作|作报告)", re.M
    )


def _title_level(title: str) -> str | None:
    for t in _rules()["titles"]:
        if title.endswith(t["title"]):
            level = t["level"]
            return str(level) if level else None
    return None


def _date(raw: str) -> tuple[int, str] | None:
    m = re.match(r"(.+?)年(.+?)月(.+?)日", raw)
    if not m:
        return None
    y, mo, d = (any_int(g) for g in m.groups())
    if y is None or mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return y, f"{y:04d}-{mo:02d}-{d:02d}"


_NAME_ONLY = re.compile(r"^[\u4e00-\u9fff·]{2,24}$")
_GENERIC = {"省", "市", "县", "区", "州", "旗", "盟", "自治区", "自治州", "自治县", "地区"}


def _clean_name(raw: str) -> str | None:
    """A region name as written, or None when the text is not a name (a sentence)."""
    name = raw.strip("-—― ")
    name = re.sub(r"(人民政府|政府)$", "", name)
    return name if _NAME_ONLY.match(name) else None


def _region_candidates(head: str, occasion: re.Match[str] | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if occasion:
        out.append((occasion.group("region"), "occasion line"))
    for m in _pattern("title_line").finditer(head):
        name = re.sub(r"[\s(].*$", "", m.group("region"))
        if name not in {"国务院"}:
            out.append((name, "title line"))
    sp = _speaker_pattern().search(head)
    if sp:
        prefix = head[max(0, sp.start() - 24) : sp.start()].split("\n")[-1]
        prefix = re.sub(r"^.*?(会议上|日)", "", prefix)
        out.append((prefix, "speaker line"))
    opening = _pattern("opening").search(head)
    if opening:
        out.append((opening.group("region"), "opening sentence"))
    cleaned = [(_clean_name(n), src) for n, src in out]
    return [(n, src) for n, src in cleaned if n]


def _opening_word(head: str) -> str | None:
    """The self-word of an opening that names no place: 我代表市人民政府 → 市."""
    opening = _pattern("opening").search(head)
    if not opening:
        return None
    name = opening.group("region")
    return name[-1] if name in _GENERIC else None


def _region(
    text: str,
    occasion: re.Match[str] | None,
    title_level: str | None,
    year: int | None,
    path: str | None,
) -> tuple[Field, Field, Field]:
    head = text[:HEAD_CHARS]
    national = re.search(_rules()["national_cues"]["pattern"], head)
    if title_level == "national" or (national and not (occasion and occasion.group("region"))):
        src = (
            "speaker title"
            if title_level == "national"
            else "national cue: " + (national.group() if national else "")
        )
        return (Field(NATIONAL_NAME, src), Field("national", src), Field(NATIONAL_CODE, src))
    reasons: list[str] = []
    unknown: tuple[str, str] | None = None
    for name, source in _region_candidates(head, occasion):
        if name in _GENERIC:
            continue
        division, reason = resolve(name, year, title_level)
        if division is None and reason and "ambiguous" in reason:
            division = _settle(text, name, year, title_level)
        if division is not None:
            return _division_fields(division, f"{source}: {name}", year)
        reasons.append(f"{source}: {reason}")
        unknown = unknown or (name, source)
    why = "; ".join(reasons)
    if unknown is not None:  # the report names itself: its words win, code unknown
        name, source = unknown
        level = Field(title_level, "speaker title") if title_level else Field(None, reason=why)
        return Field(name, f"{source} (not in the division table)"), level, Field(None, reason=why)
    hint = _opening_word(head)
    named = _from_file_name(path, year, hint)
    if named is not None:
        return _division_fields(named, f"file name: {Path(path or '').name}", year)
    inferred = infer_region(text, year, hint)
    if inferred.division is not None:
        source = f"inferred from the body ({inferred.evidence})"
        return _division_fields(inferred.division, source, year)
    reasons.append(f"not inferred from the body: {inferred.evidence}")
    why = "; ".join(reasons)
    level = Field(title_level, "speaker title") if title_level else Field(None, reason=why)
    return Field(None, reason=why), level, Field(None, reason=why)


def _settle(text: str, name: str, year: int | None, level: str | None) -> Division | None:
    """One of the divisions an ambiguous name fits, when the body clearly speaks for it."""
    fits = {d.code for d in candidates(name, year, level)}
    inferred = infer_region(text, year)
    if inferred.division is not None and inferred.division.code in fits:
        return inferred.division
    return None


def _from_file_name(path: str | None, year: int | None, word: str | None) -> Division | None:
    """The division a Chinese file name names (阿坝.docx, 2024年安顺市政府工作报告.txt)."""
    if not path:
        return None
    found = [d for d in names_in(Path(path).stem, year) if not word or d.self_word == word]
    return found[0] if len(found) == 1 else None


def _division_fields(d: Division, source: str, year: int | None) -> tuple[Field, Field, Field]:
    return (
        Field(d.full_name if d.level == "county" else d.name, source),
        Field(d.level, source),
        Field(d.code, f"{source}; code in use in {year}" if year else source),
    )


def _years_reviewed(sections: tuple[Section, ...], year: int | None) -> Field:
    years: set[int] = set()
    for sec in sections:
        if sec.role not in {"review", "review_multi_year"}:
            continue
        years.update(int(y) for y in _YEAR.findall(sec.title))
        m = _CN_YEAR_SPAN.search(sec.title)
        if m:
            plan = "一二三四五六".index(m.group(1)) + 11
            start = 2006 + (plan - 11) * 5
            years.update(range(start, start + 5))
        if year and re.search("过去五年|五年来|本届", sec.title):
            years.update(range(year - 5, year))
        if year and re.search("过去一年|一年来|去年", sec.title):
            years.add(year - 1)
    if not years:
        return Field(None, reason="no review part names the years it covers")
    return Field(sorted(years), "review headings")


def detect_metadata(
    text: str,
    sections: tuple[Section, ...],
    overrides: dict[str, Any] | None = None,
    path: str | None = None,
) -> Metadata:
    """Metadata of a report from its normalised body and outline (and its file name)."""
    head = text[:HEAD_CHARS]
    occasion = _pattern("occasion").search(head)
    speaker = _speaker_pattern().search(head)
    title_level = _title_level(speaker.group("title")) if speaker else None
    date = _date(occasion.group("date")) if occasion else None
    year_field, date_field = _year_and_date(head, text, sections, date)
    given = (overrides or {}).get("year")
    year = int(given) if given is not None else year_field.value
    region, level, code = _region(text, occasion, title_level, year, path)
    none = "not stated in the report's opening lines"
    fields: dict[str, Field] = {
        "region": region,
        "level": level,
        "admin_code": code,
        "year": year_field,
        "years_reviewed": _years_reviewed(sections, year),
        "date": date_field,
        "speaker": Field(speaker.group("name"), "speaker line")
        if speaker
        else Field(None, reason=none),
        "speaker_title": Field(speaker.group("title"), "speaker line")
        if speaker
        else Field(None, reason=none),
        "congress": Field(_clean_congress(occasion.group("congress")), "occasion line")
        if occasion
        else Field(None, reason=none),
        "session": Field(occasion.group("session"), "occasion line")
        if occasion
        else Field(None, reason=none),
    }
    for key, value in (overrides or {}).items():
        if key in fields and value is not None:
            fields[key] = Field(value, "user override")
    return Metadata(**fields)


def _clean_congress(raw: str) -> str:
    return raw if raw.startswith("第") else "第" + raw


def _year_and_date(
    head: str, text: str, sections: tuple[Section, ...], date: tuple[int, str] | None
) -> tuple[Field, Field]:
    """The report's year: its occasion line, title, review heading, scraper header, or the
    year its review part names most (that year + 1, marked inferred)."""
    if date:
        return Field(date[0], "occasion line"), Field(date[1], "occasion line")
    no_date = Field(None, reason="no delivery date in the report's opening lines")
    for m in _pattern("title_line").finditer(head):
        year = any_int(m.group("year") or "")
        if year and 1949 < year < 2100:
            return Field(year, "title line"), no_date
    for sec in sections:
        if sec.role == "review" and sec.level == 1:
            heading = _pattern("review_year").search(sec.title)
            if heading:
                reviewed = int(heading.group("year"))
                return Field(reviewed + 1, f"review heading reviews {reviewed}"), no_date
            break
    header = _pattern("scraper_year").search(head)
    if header:
        return Field(int(header.group("year")), "scraper header"), no_date
    return _year_from_review(text, sections), no_date


def _year_from_review(text: str, sections: tuple[Section, ...]) -> Field:
    plan = _pattern("plan_year").search(text)
    if plan:
        return Field(int(plan.group("year")), f"the year's plan: {plan.group()}")
    opening = _pattern("review_opening").search(text, 0, len(text) // 3)
    if opening:
        reviewed = int(opening.group("year"))
        return Field(reviewed + 1, f"review opens on {reviewed}: {opening.group()}")
    review = [s for s in sections if s.role in {"review", "review_multi_year"} and s.level == 1]
    start = review[0].nstart if review else 0
    end = next((s.nstart for s in sections if s.level == 1 and s.nstart > start), len(text) // 3)
    counts: dict[int, int] = {}
    for m in _YEAR.finditer(text, start, max(end, start + 2000)):
        y = int(m.group(1))
        counts[y] = counts.get(y, 0) + 1
    if not counts:
        return Field(None, reason="no year in the title, occasion line or review")
    reviewed, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return Field(reviewed + 1, f"inferred: the review names {reviewed} most ({n} times)")
