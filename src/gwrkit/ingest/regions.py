"""The division table shipped in ``rules/divisions.tsv`` and name lookups on it."""

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
_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|自治县|自治旗|省|市|州|盟|地区|县|区|旗)$")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    type: str
    parent: str
    full_name: str


@cache
def divisions() -> dict[str, Division]:
    """All divisions by code."""
    out: dict[str, Division] = {}
    for row in load_tsv("divisions.tsv"):
        d = Division(
            row["code"], row["name"], row["level"], row["type"], row["parent"], row["full_name"]
        )
        out[d.code] = d
    return out


def short_name(name: str) -> str:
    """门源回族自治县 → 门源; 广西壮族自治区 → 广西; 青海省 → 青海."""
    core = _SUFFIX.sub("", name)
    core = _ETHNIC.sub("", core)
    return core if len(core) >= 2 else name


@cache
def _index() -> dict[str, tuple[str, ...]]:
    idx: dict[str, list[str]] = {}
    for d in divisions().values():
        for key in {d.name, short_name(d.name), d.full_name}:
            idx.setdefault(key, []).append(d.code)
    return {k: tuple(v) for k, v in idx.items()}


def lookup(name: str) -> tuple[Division, ...]:
    """Divisions a name may refer to (full name, official name or short name)."""
    name = name.strip()
    if not name:
        return ()
    codes = _index().get(name) or _index().get(short_name(name)) or ()
    return tuple(divisions()[c] for c in codes)


def resolve(name: str, level: str | None = None) -> tuple[Division | None, str | None]:
    """One division for a name, or None with the reason (unknown or ambiguous)."""
    found = lookup(name)
    if not found:
        # a path like 呼伦贝尔市海拉尔区: try the longest known tail
        for i in range(1, len(name) - 1):
            tail = lookup(name[i:])
            if tail:
                parents = [d for d in tail if name[:i] in divisions().get(d.parent, d).full_name]
                found = tuple(parents) or tail
                break
    if level:
        same = tuple(d for d in found if d.level == level)
        found = same or found
    if len(found) == 1:
        return found[0], None
    if not found:
        return None, f"no division named {name!r} in the division table"
    names = ", ".join(f"{d.full_name} {d.code}" for d in found[:5])
    return None, f"{name!r} is ambiguous: {names}"
