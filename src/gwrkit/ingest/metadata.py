"""Report metadata: region, level, division code, year, date, speaker, congress, session.

Every field is found in the report's own words (the title, the occasion line
"——2026年1月27日在青海省第十四届人民代表大会第四次会议上", the speaker line) and carries
where it was found; a field that cannot be found is null with the reason.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from gwrkit.core.models import Field, Metadata, Section
from gwrkit.core.numerals import any_int
from gwrkit.core.rules import load_yaml
from gwrkit.ingest.regions import NATIONAL_CODE, NATIONAL_NAME, Division, resolve

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


def _region_candidates(head: str, occasion: re.Match[str] | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if occasion and occasion.group("region").strip("-— "):
        out.append((occasion.group("region").strip("-— "), "occasion line"))
    for m in _pattern("title_line").finditer(head):
        name = re.sub(r"[\s(].*$", "", m.group("region")).strip()
        if name and name not in {"国务院"}:
            out.append((name, "title line"))
    sp = _speaker_pattern().search(head)
    if sp:
        prefix = head[max(0, sp.start() - 24) : sp.start()].split("\n")[-1]
        prefix = re.sub(r"^.*?(会议上|日)", "", prefix)
        prefix = re.sub(r"(人民政府|政府)$", "", prefix).strip("-— ")
        if prefix:
            out.append((prefix, "speaker line"))
    return out


def _region(
    head: str, occasion: re.Match[str] | None, title_level: str | None
) -> tuple[Field, Field, Field]:
    national = re.search(_rules()["national_cues"]["pattern"], head)
    if title_level == "national" or (
        national and not (occasion and occasion.group("region").strip("-— "))
    ):
        src = (
            "speaker title"
            if title_level == "national"
            else "national cue: " + (national.group() if national else "")
        )
        return (Field(NATIONAL_NAME, src), Field("national", src), Field(NATIONAL_CODE, src))
    reasons: list[str] = []
    candidates = _region_candidates(head, occasion)
    for name, source in candidates:
        division, reason = resolve(name, title_level)
        if division is not None:
            return _division_fields(division, f"{source}: {name}")
        reasons.append(f"{source}: {reason}")
    why = "; ".join(reasons) or "no region named in the title, occasion or speaker line"
    level = Field(title_level, "speaker title") if title_level else Field(None, reason=why)
    if candidates:
        name, source = candidates[0]
        return Field(name, f"{source} (not in the division table)"), level, Field(None, reason=why)
    return Field(None, reason=why), level, Field(None, reason=why)


def _division_fields(d: Division, source: str) -> tuple[Field, Field, Field]:
    return (
        Field(d.full_name if d.level == "county" else d.name, source),
        Field(d.level, source),
        Field(d.code, source),
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
    text: str, sections: tuple[Section, ...], overrides: dict[str, Any] | None = None
) -> Metadata:
    """Metadata of a report from its normalised body and outline."""
    head = text[:HEAD_CHARS]
    occasion = _pattern("occasion").search(head)
    speaker = _speaker_pattern().search(head)
    title_level = _title_level(speaker.group("title")) if speaker else None
    region, level, code = _region(head, occasion, title_level)
    date = _date(occasion.group("date")) if occasion else None
    year_field, date_field = _year_and_date(head, sections, date)
    year = year_field.value
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
    head: str, sections: tuple[Section, ...], date: tuple[int, str] | None
) -> tuple[Field, Field]:
    if date:
        return Field(date[0], "occasion line"), Field(date[1], "occasion line")
    no_date = Field(None, reason="no delivery date in the report's opening lines")
    title = _pattern("title_line").search(head)
    if title and title.group("year"):
        return Field(int(title.group("year")), "title line"), no_date
    for sec in sections:
        if sec.role == "review" and sec.level == 1:
            m = _pattern("review_year").search(sec.title)
            if m:
                return Field(
                    int(m.group("year")) + 1, f"review heading reviews {m.group('year')}"
                ), no_date
            break
    return Field(None, reason="no year in the title, occasion line or review heading"), no_date
