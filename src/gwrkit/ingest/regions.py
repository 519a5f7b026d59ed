"""The division table shipped in ``rules/divisions.tsv``: every division code since 1981
with its years of use, and name lookups on it *as of a year*.

A record is one (code, years of use): 徐水县 130625 (1994–2015) became 徐水区 130609; codes
are reused (440111 was 郊区, later 白云区), so a code alone does not name a division — a code
and a year do.  Years follow the source: each year's list is as of 31 December, so a report
delivered early in year Y speaks of the divisions in use at the end of Y-1.

>>> d, _ = resolve("徐水县", 2010); d.code, d.full_name
('130625', '河北省保定市徐水县')
>>> d, _ = resolve("徐水", 2021); d.code
'130609'
>>> [p.name for p in parent_chain(resolve("海拉尔市", 1995)[0], 1995)]
['呼伦贝尔盟', '内蒙古自治区']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from gwrkit.core.rules import load_tsv

NATIONAL_CODE = "100000"
NATIONAL_NAME = "中华人民共和国"
_ETHNIC = re.compile(
    r"(壮族|回族|维吾尔|藏族|蒙古族|土家族|苗族|彝族|侗族|布依族|瑶族|白族|哈尼族|傣族|黎族|傈僳族|佤族|"
    r"畲族|拉祜族|水族|东乡族|纳西族|景颇族|柯尔克孜|土族|达斡尔族|仫佬族|羌族|布朗族|撒拉族|毛南族|"
    r"仡佬族|锡伯族|阿昌族|普米族|朝鲜族|塔吉克|怒族|鄂温克族|德昂族|保安族|裕固族|京族|独龙族|"
    r"鄂伦春|赫哲族|门巴族|珞巴族|基诺族|哈萨克|各族)+"
)
_SUFFIX = re.compile(
    r"(特别行政区|自治区|自治州|自治县|自治旗|林区|特区|矿区|省|市|州|盟|地区|县|区|旗)$"
)
# the word a report uses for its own government (全市, 全县, 全州…), by name ending
_SELF_WORDS = (
    ("特别行政区", "区"),
    ("自治区", "区"),
    ("自治州", "州"),
    ("自治县", "县"),
    ("自治旗", "旗"),
    ("林区", "区"),
    ("地区", "地区"),
    ("省", "省"),
    ("市", "市"),
    ("州", "州"),
    ("盟", "盟"),
    ("县", "县"),
    ("区", "区"),
    ("旗", "旗"),
)


@dataclass(frozen=True)
class Division:
    """One division record: a code in use over ``start`` ≤ year < ``end``."""

    code: str
    name: str
    level: str
    start: int
    end: int | None
    parent: str
    full_name: str
    successors: tuple[str, ...] = ()

    def in_use(self, year: int) -> bool:
        return self.start <= year and (self.end is None or year < self.end)

    @property
    def self_word(self) -> str:
        """市 for 驻马店市, 州 for 海北藏族自治州, 县 for 门源回族自治县."""
        for ending, word in _SELF_WORDS:
            if self.name.endswith(ending):
                return word
        return ""

    @property
    def years(self) -> str:
        return f"{self.start}–{self.end - 1}" if self.end else f"{self.start}–"


def _division(row: dict[str, str]) -> Division:
    successors = tuple(s for s in row["successors"].split(";") if s)
    return Division(
        row["code"],
        row["name"],
        row["level"],
        int(row["start"]),
        int(row["end"]) if row["end"] else None,
        row["parent"],
        row["full_name"],
        successors,
    )


@cache
def all_divisions() -> tuple[Division, ...]:
    """Every record of the table, in code order."""
    return tuple(_division(row) for row in load_tsv("divisions.tsv"))


@cache
def divisions() -> dict[str, Division]:
    """The divisions in use now (or last in use), by code."""
    out: dict[str, Division] = {}
    for d in all_divisions():
        prev = out.get(d.code)
        if prev is None or d.start > prev.start:
            out[d.code] = d
    return out


@cache
def _by_code() -> dict[str, tuple[Division, ...]]:
    idx: dict[str, list[Division]] = {}
    for d in all_divisions():
        idx.setdefault(d.code, []).append(d)
    return {k: tuple(v) for k, v in idx.items()}


def by_code(code: str, year: int | None = None) -> Division | None:
    """The record of a code in use in ``year`` (or the nearest in time; latest without one)."""
    found = _by_code().get(code, ())
    if not found:
        return None
    if year is None:
        return max(found, key=lambda d: d.start)
    return min(found, key=lambda d: _distance(d, year))


def _distance(d: Division, year: int) -> int:
    if d.in_use(year):
        return 0
    if year < d.start:
        return d.start - year
    return year - (d.end or year) + 1


def short_name(name: str) -> str:
    """门源回族自治县 → 门源; 广西壮族自治区 → 广西; 青海省 → 青海."""
    core = _SUFFIX.sub("", name)
    core = _ETHNIC.sub("", core)
    return core if len(core) >= 2 else name


def abbreviation(d: Division) -> str:
    """The short name with the self-word: 阿坝州, 海北州, 门源县 (the name when there is none)."""
    short = short_name(d.name)
    return short + d.self_word if short != d.name and d.self_word else d.name


@cache
def _index() -> dict[str, tuple[Division, ...]]:
    idx: dict[str, list[Division]] = {}
    for d in all_divisions():
        for key in {d.name, short_name(d.name), d.full_name, abbreviation(d)}:
            idx.setdefault(key, []).append(d)
    return {k: tuple(v) for k, v in idx.items()}


def name_keys() -> tuple[str, ...]:
    """Every name the table answers to (full, official and short names)."""
    return tuple(_index())


def lookup(name: str) -> tuple[Division, ...]:
    """Records a name may refer to (full name, official name or short name), any year."""
    name = name.strip()
    if not name:
        return ()
    return _index().get(name) or _index().get(short_name(name)) or ()


def _by_path(name: str) -> tuple[Division, ...]:
    """A path like 呼伦贝尔市海拉尔区: the longest known tail whose parents are named."""
    for i in range(1, len(name) - 1):
        tail = lookup(name[i:])
        if tail:
            inside = tuple(d for d in tail if name[:i] in d.full_name)
            return inside or tail
    return ()


def _named(name: str) -> tuple[Division, ...]:
    """Records a name or a path (呼伦贝尔市海拉尔区) fits, any year."""
    return lookup(name) or _by_path(name)


def _prefer(found: tuple[Division, ...], name: str, year: int | None) -> tuple[Division, ...]:
    """Of the records a name fits, the ones in use around ``year``, the named form first."""
    if year is not None:
        for y in (year - 1, year):
            now = tuple(d for d in found if d.in_use(y))
            if now:
                found = now
                break
        else:
            nearest = min(_distance(d, year) for d in found)
            found = tuple(d for d in found if _distance(d, year) == nearest)
    exact = tuple(d for d in found if name in {d.name, d.full_name})
    found = exact or found
    # one place under several records (a code kept through a change of parent): the latest
    by_code: dict[str, Division] = {}
    for d in found:
        if d.code not in by_code or d.start > by_code[d.code].start:
            by_code[d.code] = d
    return tuple(by_code.values())


def candidates(
    name: str, year: int | None = None, level: str | None = None, within: str | None = None
) -> tuple[Division, ...]:
    """Every division ``name`` may mean around ``year``, narrowed by level and parent."""
    found = _named(name)
    if not found:
        return ()
    if level:
        found = tuple(d for d in found if d.level == level) or found
    if within:
        inside = tuple(d for d in found if within in d.full_name and within != d.name)
        found = inside or found
    return _prefer(found, name, year)


def resolve(
    name: str, year: int | None = None, level: str | None = None, within: str | None = None
) -> tuple[Division | None, str | None]:
    """One division for a name as of ``year``, or None with the reason (unknown, ambiguous)."""
    found = candidates(name, year, level, within)
    if len(found) == 1:
        return found[0], None
    if not found:
        return None, f"no division named {name!r} in the division table"
    names = ", ".join(f"{d.full_name} {d.code}" for d in found[:6])
    return None, f"{name!r} is ambiguous: {names}"


def parent_chain(d: Division, year: int | None = None) -> list[Division]:
    """The parents of ``d`` as of ``year``: prefecture (when any), then province."""
    chain: list[Division] = []
    at = year if year is not None else d.start
    code = d.parent
    while code:
        parent = by_code(code, at)
        if parent is None or parent in chain:
            break
        chain.append(parent)
        code = parent.parent
    return chain


def successors(d: Division) -> list[Division]:
    """The records that replaced ``d`` when it went out of use (area transfers of a
    division still in use, written code[YEAR] in the source, are not successions)."""
    if d.end is None:
        return []
    out: list[Division] = []
    for raw in d.successors:
        if "[" in raw:
            continue
        nxt = by_code(raw, d.end)
        if nxt is not None and nxt is not d:
            out.append(nxt)
    return out


def predecessors(d: Division) -> list[Division]:
    """The records that went out of use and were replaced by ``d``."""
    return [
        p
        for p in all_divisions()
        if p.end is not None and d.code in p.successors and d.in_use(p.end) and p is not d
    ]


@dataclass(frozen=True)
class RegionInfo:
    """What the division table says of one division record (``gwrkit regions``)."""

    code: str
    name: str
    full_name: str
    level: str
    start: int
    end: int | None
    years: str
    parents: tuple[tuple[str, str, str], ...]  # (code, name, level), nearest first
    predecessors: tuple[tuple[str, str, str], ...]  # (code, full name, years)
    successors: tuple[tuple[str, str, str], ...]


def _brief(d: Division) -> tuple[str, str, str]:
    return (d.code, d.full_name, d.years)


def region_info(name: str, year: int | None = None) -> list[RegionInfo]:
    """Every record ``name`` may mean: the ones in use in ``year``, or all of them."""
    if re.fullmatch(r"\d{6}", name):
        records = _by_code().get(name, ())
        found = [d for d in records if year is None or d.in_use(year)] or list(records)
        found.sort(key=lambda d: -d.start)
    elif year is not None:
        found = list(candidates(name, year))
    else:
        found = sorted(set(_named(name)), key=lambda d: (-d.start, d.code))
    out: list[RegionInfo] = []
    for d in found:
        at = year if year is not None else d.start
        out.append(
            RegionInfo(
                d.code,
                d.name,
                d.full_name,
                d.level,
                d.start,
                d.end,
                d.years,
                tuple((p.code, p.name, p.level) for p in parent_chain(d, at)),
                tuple(_brief(p) for p in predecessors(d)),
                tuple(_brief(n) for n in successors(d)),
            )
        )
    return out


NATIONAL_CODE = "100000"


def parent_of(code: str, year: int) -> Division | None:
    """The division directly above ``code`` as of ``year`` (None for the nation); a
    province's parent is the nation, given as a record with code 100000."""
    if code == NATIONAL_CODE:
        return None
    d = by_code(code, year)
    if d is None:
        return None
    chain = parent_chain(d, year)
    if chain:
        return chain[0]
    return Division(NATIONAL_CODE, "中华人民共和国", "national", 1949, None, "", "中华人民共和国")


def children_of(code: str, year: int) -> list[Division]:
    """The divisions directly under ``code`` in use in ``year`` (the provinces under the
    nation, 100000)."""
    out = []
    for d in all_divisions():
        if not d.in_use(year):
            continue
        if code == NATIONAL_CODE:
            if d.level == "province":
                out.append(d)
        elif d.parent == code:
            out.append(d)
    return out
