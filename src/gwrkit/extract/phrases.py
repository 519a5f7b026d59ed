"""Formulations (提法) of a report: numbered slogans (六稳, 三去一降一补, 一带一路) and coined
terms in quotation marks (“放管服”, “最多跑一次”), each with its first use, its count and
its expansion when the report spells it out (rules: ``rules/phrases.yaml`` and
../shared/formulations/README.md).

>>> from gwrkit.extract.phrases import phrases_in
>>> found = phrases_in("稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期“六稳”成效明显。"
...                    "深化“放管服”改革。")
>>> [(p.term, p.kind, p.count) for p in found]
[('六稳', 'numbered', 1), ('放管服', 'coined', 1)]
>>> "、".join(found[0].expansion or ())
'稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期'
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from gwrkit.core.errors import RuleError
from gwrkit.core.rules import load_yaml
from gwrkit.core.schema import Document, LexiconEntry, Phrase
from gwrkit.core.trie import trie_pattern
from gwrkit.ingest.regions import lookup, short_name


@cache
def _rules() -> dict[str, Any]:
    return load_yaml("phrases.yaml")


@cache
def numerals() -> dict[str, int]:
    return {str(k): int(v) for k, v in _rules()["numerals"].items()}


@cache
def lexicon() -> dict[str, LexiconEntry]:
    """Every known formulation by each of its forms (canonical and variants)."""
    out: dict[str, LexiconEntry] = {}
    for row in _rules().get("lexicon", []):
        try:
            items = row.get("expansion")
            entry = LexiconEntry(
                str(row["term"]),
                str(row["kind"]),
                tuple(str(v) for v in row.get("variants", [])),
                tuple(str(i) for i in items) if items else None,
                str(row.get("gloss", "")),
                bool(row.get("quoted_only", False)),
            )
        except (KeyError, TypeError) as exc:
            raise RuleError(f"phrases.yaml: bad lexicon row {row!r}: {exc}") from None
        if entry.kind not in ("numbered", "coined"):
            raise RuleError(f"phrases.yaml: {entry.term} has unknown kind {entry.kind!r}")
        for form in (entry.term, *entry.variants):
            out[form] = entry
    return out


def _compiled(key: str) -> list[tuple[str, re.Pattern[str]]]:
    return [(str(r["id"]), re.compile(str(r["pattern"]))) for r in _rules().get(key, [])]


@cache
def _not_coined() -> list[tuple[str, re.Pattern[str], bool]]:
    rows = _rules().get("not_coined", [])
    return [
        (str(r["id"]), re.compile(str(r["pattern"])), bool(r.get("coined_only", False)))
        for r in rows
    ]


@dataclass(frozen=True)
class _ContextRule:
    id: str
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    coined_only: bool
    unless_term: re.Pattern[str] | None
    unless_after: re.Pattern[str] | None


def _optional_pattern(r: dict[str, Any], key: str) -> re.Pattern[str] | None:
    return re.compile(str(r[key])) if r.get(key) else None


@cache
def _not_coined_context() -> list[_ContextRule]:
    return [
        _ContextRule(
            str(r["id"]),
            _optional_pattern(r, "before"),
            _optional_pattern(r, "after"),
            bool(r.get("coined_only", False)),
            _optional_pattern(r, "unless_term"),
            _optional_pattern(r, "unless_after"),
        )
        for r in _rules().get("not_coined_context", [])
    ]


def why_not_in_context(before: str, after: str, term: str = "") -> str | None:
    """The rule by which the words around a quoted term make it no coined term.  A rule
    marked ``coined_only`` holds for a quoted ``term`` that is neither numbered nor in the
    lexicon (湟水“山水”工程 is a project; “菜篮子”工程 and “三北”工程 are not), and not
    where ``unless_term`` or ``unless_after`` match (整治“百日攻坚”: a campaign)."""
    plain = bool(term) and term[:1] not in numerals() and term not in lexicon()
    for rule in _not_coined_context():
        if rule.coined_only and not plain:
            continue
        if (rule.unless_term and rule.unless_term.search(term)) or (
            rule.unless_after and rule.unless_after.search(after)
        ):
            continue
        if (rule.before is not None and rule.before.search(before)) or (
            rule.after is not None and rule.after.search(after)
        ):
            return rule.id
    return None


@cache
def _evidence() -> list[tuple[str, str, re.Pattern[str]]]:
    out = []
    for r in _rules().get("coined_evidence", []):
        for where in ("before", "after", "term"):
            if r.get(where):
                out.append((str(r["id"]), where, re.compile(str(r[where]))))
    return out


def coined_evidence(before: str, term: str, after: str) -> str | None:
    """The rule that shows a quoted word names a policy or practice, or None."""
    texts = {"before": before, "term": term, "after": after}
    for rule_id, where, pattern in _evidence():
        if pattern.search(texts[where]):
            return rule_id
    return None


@cache
def _not_numbered() -> list[tuple[str, re.Pattern[str]]]:
    return _compiled("not_numbered")


@cache
def _shapes() -> list[tuple[str, re.Pattern[str]]]:
    return _compiled("numbered_shapes")


@cache
def _quoted() -> re.Pattern[str]:
    pairs = [str(p) for p in _rules()["quotes"]]
    limit = int(_rules()["max_chars"]) + 8  # the trailing word may be inside the quotes
    alts = [
        f"{re.escape(p[0])}([^{re.escape(p[0] + p[1])}\\n]{{1,{limit}}}){re.escape(p[1])}"
        for p in pairs
    ]
    return re.compile("|".join(alts))


@cache
def _lexicon_re() -> re.Pattern[str]:
    return re.compile(trie_pattern(lexicon()))


def _quoted_only(form: str) -> bool:
    entry = lexicon()[form]
    return entry.kind == "coined" or entry.quoted_only


@cache
def _unquoted_lexicon_re() -> re.Pattern[str]:
    """The lexicon forms that are terms without quotation marks (numbered ones)."""
    return re.compile(trie_pattern([f for f in lexicon() if not _quoted_only(f)]) or "(?!)")


def why_not_coined(text: str) -> str | None:
    """The rule that keeps quoted ``text`` from being a coined term, or None."""
    rules = _rules()
    if not int(rules["min_chars"]) <= len(text) <= int(rules["max_chars"]):
        return "length"
    numbered = text[:1] in numerals()
    for rule_id, pattern, coined_only in _not_coined():
        if not (coined_only and numbered) and pattern.search(text):
            return rule_id
    return None


def why_not_numbered(text: str, quoted: bool = False) -> str | None:
    """The rule that makes ``text`` (starting with a numeral) a count, not a term.  A
    quoted term of paired numerals (“三位一体”) is a term even where its head reads like
    a count (三位)."""
    paired = quoted and any(p.fullmatch(text) for _id, p in _shapes())
    for rule_id, pattern in _not_numbered():
        if paired and rule_id == "count":
            continue
        if pattern.search(text):
            return rule_id
    return None


_ENDS_IN_COUNT = re.compile("[一二两三四五六七八九十百千万]+[大项个类条]?$")


def _trimmed(term: str) -> str:
    """The term without a trailing 工作/战略/行动, unless only a count would be left or the
    rest would end in one (三大战略, 碳达峰十大行动)."""
    for word in _rules().get("trailing", []):
        rest = term.removesuffix(str(word))
        short_count = len(rest) <= 2 and rest[0] in numerals()
        if rest != term and len(rest) >= 2 and not short_count and not _ENDS_IN_COUNT.search(rest):
            return rest
    return term


def kind_of(term: str) -> str:
    """A term headed by a numeral working as a number is numbered; the rest coined."""
    known = lexicon().get(term)
    if known is not None:
        return known.kind
    return "numbered" if term[:1] in numerals() else "coined"


@dataclass
class _Found:
    term: str
    kind: str
    at: int  # first use, offset into the text read
    rule: str  # what found it: quoted, lexicon, or a numbered shape


def _candidates(
    text: str, region: str | None, headings: Sequence[tuple[int, int]] = ()
) -> list[_Found]:
    """Terms in order of first use: quoted ones, lexicon forms, numbered shapes.  A word
    quoted in a heading (（三）统筹“供需对接”齐发力) is emphasis, not a term."""
    found: dict[str, _Found] = {}
    quoted_terms: set[str] = set()
    quoted_spans: list[tuple[int, int]] = []
    heads = sorted(headings)
    for m in _quoted().finditer(text):
        raw = next(g for g in m.groups() if g is not None)
        start = m.start() + 1
        in_heading = _within(heads, m.start())
        before, after = text[max(0, m.start() - 6) : m.start()], text[m.end() : m.end() + 6]
        parts = _parts(raw)
        # the words around the quote; the rules for plain coined terms only where the quote
        # is one term (jointly quoted terms share their context)
        if why_not_in_context(before, after, raw if len(parts) == 1 else ""):
            continue
        for part in parts:
            term = _trimmed(part)
            numbered = term[:1] in numerals()
            if in_heading and not numbered:
                continue  # a word quoted in a heading is emphasis
            if why_not_coined(term) or (region and region in term):
                continue
            if numbered and why_not_numbered(term, quoted=True):
                continue
            plain = not numbered and term not in lexicon() and len(parts) == 1
            if plain and not coined_evidence(before, term, after):
                continue
            quoted_terms.add(term)
            quoted_spans.append((m.start(), m.end()))
            at = start + raw.find(part)
            if term not in found:
                found[term] = _Found(term, kind_of(term), at, "quoted")
    taken: list[tuple[int, int]] = []
    for m in _lexicon_re().finditer(text):
        form = m.group()
        if _quoted_only(form) and form not in quoted_terms:
            # a coined term (or a short one that is also a plain phrase) is one where the
            # report quotes it; a shorter form may still stand there (双创 in 双创汇)
            shorter = _unquoted_lexicon_re().match(text, m.start())
            if shorter is None:
                continue
            form = shorter.group()
        entry = lexicon()[form]
        taken.append((m.start(), m.start() + len(form)))
        if form not in found or found[form].at > m.start():
            found[form] = _Found(form, entry.kind, m.start(), "lexicon")
    blocked = sorted([*taken, *quoted_spans])
    for shape_id, pattern in _shapes():
        for m in pattern.finditer(text):
            term = m.group()
            inside = _within(blocked, m.start())
            if why_not_numbered(term) or inside or _reduplicated(term):
                continue
            if term not in found:
                found[term] = _Found(term, "numbered", m.start(), shape_id)
    return sorted(found.values(), key=lambda f: f.at)


_COUNTED_PART = re.compile("^[一二两三四五六七八九十]个")


def _within(spans: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` inside one of ``spans`` (sorted by start; they may overlap)?"""
    i = bisect.bisect_right(spans, (pos, float("inf")))
    return any(a <= pos < b for a, b in spans[max(0, i - 8) : i])


def _reduplicated(term: str) -> bool:
    """一件一件, 千事万事: the same word after each numeral is a manner of speaking."""
    words = {ch for ch in term if ch not in numerals()}
    return len(words) == 1


def _parts(raw: str) -> list[str]:
    """Jointly quoted terms (“一网通办、一事通办”, “港人治港、澳人治澳”) are split where each
    part is a term of four characters or more; fixed compounds of short fragments
    (“双随机、一公开”, “两优惠、三补贴”) and of counted parts (“三个赋予、一个有利于”) stay
    whole."""
    if "、" not in raw or raw in lexicon():
        return [raw]
    parts = raw.split("、")
    known = [lexicon()[p] for p in parts if p in lexicon()]
    numbered = all(p[:1] in numerals() for p in parts)
    if any(not k.quoted_only or numbered for k in known) and all(
        len(p) >= 3 or p in lexicon() for p in parts
    ):
        # a known term among terms, not among fragments (“一网交易、服务、监管”); one a
        # region coins splits a list of numbered terms only (“两个确保、三个提升”, not
        # “一窗受理、限时办结”)
        return parts
    if all(len(p) >= 4 and p[:1] in numerals() and not _COUNTED_PART.match(p) for p in parts):
        return parts
    return [raw]


_CLAUSE_STOP = re.compile(r"[，。；：！？,;:!?（）()\n]")


@cache
def _lead_words() -> re.Pattern[str]:
    """The words between a list and the term it spells out (…等“六稳”, …总产实现“三增”)."""
    verbs = "|".join(map(re.escape, (str(w) for w in _rules().get("list_verbs", []))))
    return re.compile(rf"(?:{verbs}|等|的|这|即|为|是|等等|个|项|大|方面)*[“\"「]?$")


def _numeral_total(term: str) -> set[int]:
    """How many items a numbered term may stand for: its first numeral, or all its
    numerals added (三去一降一补: 3 + 1 + 1)."""
    values = [numerals()[ch] for ch in term if ch in numerals()]
    return {values[0], sum(values)} if values else set()


def _splits(text: str) -> list[list[str]]:
    """The ways a list may be read: split at 、, and also with the last item split at
    和/及/与 (A、B和C)."""
    items = [p for p in re.split("、", text) if p]
    out = [items]
    if items:
        last = re.split("和|及|以及|与", items[-1])
        if len(last) == 2 and all(len(x) >= 2 for x in last):
            out.insert(0, items[:-1] + last)
    return out


@cache
def _lead() -> tuple[re.Pattern[str], frozenset[str]]:
    verbs = [str(w) for w in _rules().get("lead_verbs", [])]
    words = sorted([*verbs, *(str(w) for w in _rules().get("lead_adverbs", []))], key=len)
    return re.compile("|".join(map(re.escape, reversed(words))) or "(?!)"), frozenset(verbs)


def _lead_run(text: str) -> list[tuple[int, bool]]:
    """Where each of the verbs and adverbs that lead ``text`` ends, and whether it is a
    verb."""
    pattern, verbs = _lead()
    out: list[tuple[int, bool]] = []
    while m := pattern.match(text, out[-1][0] if out else 0):
        out.append((m.end(), m.group() in verbs))
    return out


def _after_lead(first: str) -> tuple[str, bool]:
    """``first`` without the verbs and adverbs that lead it (one word is always left), and
    whether the last word dropped is a verb: then the list starts there."""
    run = [r for r in _lead_run(first) if r[0] < len(first)]
    pos, verb = run[-1] if run else (0, False)
    return first[pos:], verb


def _trim_first(items: list[str]) -> list[str]:
    """The first item of a list that follows a verb (做好稳就业、稳金融 …; 实施特色产业提升、…)
    starts after it where it is much longer than the others (抓牢不发生规模性返贫、耕地保护
    和粮食安全).  Else it starts at the other items' shared first character, or where a verb
    inside a first item longer than the others ends (核心主城着力打造西陵、伍家岗城市), or at
    about their length, without a modifier they share (坚持耕地数量、质量、生态)."""
    if len(items) < 2:
        return items
    rest = items[1:]
    scale = re.compile(str(_rules()["list_scale"]["pattern"]))
    rest[-1] = scale.sub("", rest[-1]) or rest[-1]  # 冷凉蔬菜万吨级: the whole list's scale
    first, verb = _after_lead(items[0])
    heads = {i[0] for i in rest}
    longest = max(len(i) for i in rest)
    if verb and len(first) > longest + 2:
        return [first, *rest]  # a verb, then more than a shared modifier (耕地数量、质量)
    if len(heads) == 1 and (h := next(iter(heads))) in first:
        first = first[first.rindex(h) :]
    elif len(first) > longest + 1:
        pattern, verbs = _lead()
        inner = [
            m.end()
            for m in pattern.finditer(first)
            if m.group() in verbs and len(first) - m.end() >= 2
        ]
        first = first[inner[-1] :] if inner else _tail(first, longest)
    return [first, *rest]


def _tail(text: str, size: int) -> str:
    """The last ``size`` characters of ``text``, or more where that would cut a number or
    a Latin word in two (2025年全县地区生产总值, not 25年…)."""
    cut = len(text) - size
    while (
        0 < cut < len(text)
        and text[cut - 1 : cut + 1].isascii()
        and text[cut - 1 : cut + 1].isalnum()
    ):
        cut -= 1
    return text[cut:]


@cache
def _count_item() -> re.Pattern[str]:
    return re.compile(str(_rules()["count_item"]["pattern"]))


def _listed(items: list[str], term: str) -> tuple[str, ...] | None:
    """The items as the term's expansion: as many as its numeral says, none a count of
    things (敬老院377家), none cut inside quotation marks, and none a verb with a term of
    its own (增强“四个意识”、坚定“四个自信”、坚决做到“两个维护”: the term is one of a list)."""
    ok = len(items) >= 2 and all(1 <= len(i) <= 24 for i in items)
    if not ok or len(items) not in _numeral_total(term):
        return None
    open_first = items[0].startswith("“") and items[0].count("“") > items[0].count("”")
    if open_first and items[-1].endswith("”"):  # the list quoted whole: “A、B、C”
        items = [items[0][1:], *items[1:-1], items[-1][:-1]]
    for item in items:
        parallel = item.endswith("”") and not item.startswith("“")
        if _count_item().search(item) or item.count("“") != item.count("”") or parallel:
            return None
    run = _lead_run(items[-1])
    if run and run[-1][0] == len(items[-1]):
        return None  # the last "item" is only a verb (坚决做到“两个维护”)
    return tuple(items)


def expansion_at(text: str, at: int, term: str) -> tuple[tuple[str, ...], int, int] | None:
    """The items a numbered term stands for where the report lists them next to it: just
    before (稳就业、…、稳预期“六稳”) or just after (“三保”(保基本民生、保工资、保运转));
    their number must be the term's.  (items, start, end) of the list in ``text``."""
    if kind_of(term) != "numbered":
        return None
    stops = list(_CLAUSE_STOP.finditer(text, max(0, at - 160), at))
    begin = stops[-1].end() if stops else max(0, at - 160)
    before = text[begin:at]
    lead = _lead_words().search(before)
    body = before[: lead.start()] if lead else before
    if "、" in body and not body.endswith("、"):  # …邓小平理论、“三个代表”: the term is an item
        for split in _splits(body):
            items = _listed(_trim_first(split), term)
            if items:
                return items, at - len(before), at - len(before) + len(body)
    after = at + len(term)
    m = re.match(
        r"[”\"」]?(?:工作|战略|行动)?\s*(?:[（(]|[，,]?即|[：:])([^）)。；;\n]{3,160})",
        text[after:],
    )
    if m:
        for split in _splits(m.group(1).rstrip("等")):
            items = _listed(split, term)
            if items:
                return items, after + m.start(1), after + m.end(1)
    entry = lexicon().get(term)
    if entry is not None and entry.expansion:  # the lexicon's items, spelled out nearby
        for lo, hi in ((max(0, at - 300), at), (at, at + 400)):
            window = text[lo:hi]
            places = [window.find(i) for i in entry.expansion]
            if all(p >= 0 for p in places) and places == sorted(places):
                end = lo + places[-1] + len(entry.expansion[-1])
                return entry.expansion, lo + places[0], end
        # or anywhere in the report as one phrase, item after item (大众创业万众创新 for
        # 双创): spelled out whole, not scattered
        joined = re.compile("[、，,]?".join(map(re.escape, entry.expansion)))
        whole = joined.search(text)
        if whole:
            return entry.expansion, whole.start(), whole.end()
    return None


def phrases_in(
    text: str,
    region: str | None = None,
    headings: Sequence[tuple[int, int]] = (),
    counted: str | None = None,
) -> list[Phrase]:
    """The formulations of ``text`` in order of first use (offsets into ``text``), each
    counted in ``counted`` (default: ``text``)."""
    whole = text if counted is None else counted
    out = []
    for f in _candidates(text, region, headings):
        found = expansion_at(text, f.at, f.term)
        entry = lexicon().get(f.term)
        out.append(
            Phrase(
                term=f.term,
                kind=f.kind,
                start=f.at,
                end=f.at + len(f.term),
                count=whole.count(f.term),
                expansion=found[0] if found else None,
                canonical=entry.term if entry else None,
                gloss=entry.gloss if entry else None,
                known=entry is not None,
                rule=f.rule,
            )
        )
    return out


def find_phrases(doc: Document, mentions: bool = False) -> list[Phrase]:
    """The formulations of a structured report: read in its body (normalised text), each
    first use given as a span of the original whose slice is the term as written.  With
    ``mentions``, also the coined lexicon terms the report uses without quoting them
    (新质生产力), marked ``strict`` false: no formulation by the rules, but a use to count
    when following a term over time."""
    region = doc.metadata.value("region")
    short = _short(region) if region else None
    body_start = doc.paragraphs[0].nstart if doc.paragraphs else 0
    body = doc.text[body_start:]
    heads = [(s.nstart - body_start, s.nend - body_start) for s in doc.sections if s.title]
    out = []
    for p in phrases_in(body, short, heads, counted=doc.original):
        start, end = doc.to_original(body_start + p.start, body_start + p.end)
        if doc.original[start:end] != p.term:  # a term written otherwise (full-width +)
            i = doc.original.find(p.term, doc.body_span()[0])
            if i >= 0:
                start, end = i, i + len(p.term)
        count = p.count or 1
        out.append(
            Phrase(
                term=p.term, kind=p.kind, start=start, end=end, count=count,
                expansion=p.expansion, canonical=p.canonical, gloss=p.gloss, known=p.known,
                rule=p.rule,
            )
        )  # fmt: skip
    if mentions:
        out.extend(_mentions(doc, {p.term for p in out}))
    return out


def _mentions(doc: Document, found: set[str]) -> list[Phrase]:
    """Lexicon terms used in the body and not found as formulations (coined terms the
    report does not quote), read in one pass of the lexicon's pattern."""
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    for m in _lexicon_re().finditer(doc.original, doc.body_span()[0]):
        form = m.group()
        if form in found:
            continue
        first.setdefault(form, m.start())
        counts[form] = counts.get(form, 0) + 1
    out = []
    for form, i in sorted(first.items(), key=lambda kv: kv[1]):
        entry = lexicon()[form]
        out.append(
            Phrase(
                term=form, kind=entry.kind, start=i, end=i + len(form),
                count=doc.original.count(form), expansion=None, canonical=entry.term,
                gloss=entry.gloss, known=True, strict=False, rule="lexicon",
            )
        )  # fmt: skip
    return out


def _short(region: str) -> str:
    """The region's own short name (青海省 → 青海, 海北藏族自治州 → 海北, …呼伦贝尔市海拉尔区 →
    海拉尔, by the division table): inside a local campaign name (平安海拉尔) it marks it
    as no formulation."""
    found = lookup(region)
    return short_name(found[0].name if found else region)
