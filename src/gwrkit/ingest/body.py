"""From the plain lines of a file to the report body, normalised, with a map back.

Steps, each an edit that keeps offsets (see :mod:`gwrkit.core.text`):

1. fold full-width digits, letters, punctuation and odd spaces to half-width (one for
   one), and convert traditional characters to simplified when the text is traditional
   (the rules of the steps below are written in simplified characters);
2. drop page chrome (``rules/chrome.yaml``): toolbars, source lines, share buttons,
   page numbers; cut the text before the report starts and after it ends (related
   links, editor lines, licence footers);
3. strip spaces at line ends, drop blank lines, remove stray spaces next to CJK text;
4. join a line break that falls inside a sentence (web copies that break
   "主要预期\\n目标").
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from itertools import accumulate

from gwrkit.core.rules import PatternRule, load_yaml, pattern_rules
from gwrkit.core.text import Edit, MappedText, to_halfwidth

_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2018-\u201d\u2014\u2026\u00b7"
# spaces set around words by a PDF or OCR copy: next to a CJK character, and between a
# number and its per cent sign (增长 7.5 %左右); never between two numbers (1 2)
_STRAY_SPACE = re.compile(rf"(?<=[{_CJK}]) +|(?<! ) +(?=[{_CJK}])|(?<=\d) +(?=[%‰])")
_LINE = re.compile(r"[^\n]*")
_TERMINAL = frozenset("。!?;:…」』”)】!?")
_NO_JOIN_NEXT = re.compile(r"^(——|--|—|各位代表|附件|附:|注:|名词解释)")
_DATELINE = re.compile(r"^新华社.{0,12}电$")
_SPEAKER_LINE = re.compile(
    r"^.{0,20}(总理|省长|市长|主席|州长|区长|县长|旗长|盟长)\s*[\u4e00-\u9fff·]{2,12}$"
)
_ATTACHMENT = re.compile(r"^(附件|附录|附表)\s*\d*$")
PAGE_NUMBER = "page_number"  # the rule of chrome.yaml for a page's number at its foot
START_SHARE = 0.3
WRAPPED_LINE_CHARS = 15  # a line of a PDF page wrapped inside a sentence
REPORT_LINE_CHARS = 120
CHROME_LINE_CHARS = 300  # no chrome line is longer (the longest dropped in the corpus: 160)
END_SHARE = 0.6


@cache
def _rules(section: str) -> tuple[PatternRule, ...]:
    return pattern_rules("chrome.yaml", section)


@cache
def _raw_drop() -> tuple[PatternRule, ...]:
    return tuple(r for r in _rules("drop") if r.get("scope") is None)


def _beside_chrome() -> tuple[PatternRule, ...]:
    """Lines that are chrome only next to a dropped line (a view count: 时间:… / 241)."""
    return tuple(r for r in _rules("drop") if r.get("scope") == "beside_chrome")


def _matches(rules: tuple[PatternRule, ...], line: str) -> str | None:
    for rule in rules:
        if rule.pattern.search(line):
            return rule.id
    return None


def _is_chrome(line: str, rules: tuple[PatternRule, ...]) -> bool:
    """Whether a line (or a group of lines) is page chrome by one of ``rules``."""
    return _chrome_rule(line, rules) is not None


def _chrome_rule(line: str, rules: tuple[PatternRule, ...]) -> str | None:
    """The rule by which a line is page chrome, if any.  A line of many sentences is
    report text, whatever it starts with: a copy that lost its line breaks glues the
    breadcrumb (当前位置:首页>…) to the whole report, which the breadcrumb's rule (…:.*)
    would drop with it."""
    if len(line) > CHROME_LINE_CHARS and line.count("。") >= 3:
        return None
    return _matches(rules, line)


_ELLIPSIS = re.compile(r"(?:\.{3,}|…+)$")
_NOT_TEXT = re.compile(r"[\s?？]+")
TEASER_MIN_CHARS = 60
TEASER_HEAD_CHARS = 40


def _is_teaser(content: str, text: str, end: int) -> bool:
    """A listing page's teaser of the report near its top: the report's opening glued
    into one line and cut off with an ellipsis (…提出意见。“十三五”时期…负......), whose
    first words the report says again after it (``end``)."""
    if len(content) < TEASER_MIN_CHARS or not _ELLIPSIS.search(content):
        return False
    head = _NOT_TEXT.sub("", content)[:TEASER_HEAD_CHARS]
    return bool(head) and head in _NOT_TEXT.sub("", text[end:])


def is_heading_line(line: str) -> bool:
    """True when a line starts with an outline marker (一、 (一) 1. (1) ①)."""
    return _matches(pattern_rules("headings.yaml", "markers"), line) is not None


def _kept_lines(text: str) -> list[tuple[int, int, bool]]:
    """Spans (spaces stripped) of the lines that belong to the report, each with whether
    it continues the sentence of the line before."""
    lines: list[tuple[int, int, str]] = []
    for m in _LINE.finditer(text):
        raw = m.group()
        content = raw.strip(" ")
        if not content:
            continue
        lead = len(raw) - len(raw.lstrip(" "))
        s = m.start() + lead
        lines.append((s, s + len(content), content))
    chrome = [_chrome_rule(content, _raw_drop()) for _s, _e, content in lines]
    dropped = [rule is not None for rule in chrome]
    beside = _beside_chrome()
    # numbered as they follow one another without a page's foot (— 3 —): a page break
    # falls inside a sentence, whose lines still join; other chrome parts them
    furniture = [rule == PAGE_NUMBER for rule in chrome]
    if any(furniture):
        furniture = _with_running_heads(lines, furniture)
        dropped = [d or f for d, f in zip(dropped, furniture, strict=True)]
    number = list(accumulate(int(not f) for f in furniture))
    kept = [
        (s, e, content, number[i])
        for i, (s, e, content) in enumerate(lines)
        if not dropped[i]
        and not (
            _is_chrome(content, beside)
            and ((i > 0 and dropped[i - 1]) or (i + 1 < len(lines) and dropped[i + 1]))
        )
    ]
    if not kept:
        return []
    total = len(text)
    first = 0
    for i, (s, _e, content, _n) in enumerate(kept):
        if s > total * START_SHARE:
            break
        if _matches(_rules("start"), content):
            first = i
            break
    # a copy that lacks its opening lines starts with report text (一、2014年工作回顾, or
    # a long paragraph): a later 各位代表 must not cut it away
    wrap = _wrap_width([c for _s, _e, c, _n in kept])
    body_like = _first_report_text([content for _s, _e, content, _n in kept[:first]], wrap)
    if body_like is not None:
        first = body_like
    last = len(kept)
    for i in range(first + 1, len(kept)):
        s, _e, content, _n = kept[i]
        if s >= total * END_SHARE and _matches(_rules("end"), content):
            last = i
            break
    return _logical_lines(text, kept[first:last], wrap)


RUNNING_HEAD_CHARS = 30


def _with_running_heads(lines: list[tuple[int, int, str]], folios: list[bool]) -> list[bool]:
    """The page furniture of a PDF copy: its page numbers (``folios``) and the running
    head each page repeats beside them (政府工作报告, XX市人民政府): a short line without
    punctuation, said the same next to at least two page numbers."""
    beside: Counter[str] = Counter()
    for i, (_s, _e, content) in enumerate(lines):
        near = (i > 0 and folios[i - 1]) or (i + 1 < len(lines) and folios[i + 1])
        if (
            near
            and not folios[i]
            and len(content) <= RUNNING_HEAD_CHARS
            and not _SENTENCE_PUNCT.search(content)
            and content[-1] not in _TERMINAL
        ):
            beside[content] += 1
    heads = {content for content, n in beside.items() if n >= 2}
    return [f or content in heads for f, (_s, _e, content) in zip(folios, lines, strict=True)]


def _first_report_text(lines: list[str], wrap: int | None = None) -> int | None:
    """The first line that is report text: a part heading, a long sentence, or a long
    sentence wrapped over lines of a PDF (each but the last at least WRAPPED_LINE_CHARS
    long and not ending short of the wrap width, so short menu items and titles never add
    up to one)."""
    run_start: int | None = None
    run = ""
    for i, line in enumerate(lines):
        if _is_report_text(line):
            return i
        if run_start is not None and (
            len(lines[i - 1]) < WRAPPED_LINE_CHARS or _ends_short(lines[i - 1], wrap)
        ):
            run_start, run = None, ""
        if run_start is None:
            run_start = i
        run += line
        if line[-1] in "。;":
            if len(run) >= REPORT_LINE_CHARS:
                return run_start
            run_start, run = None, ""
    return None


def _is_report_text(line: str) -> bool:
    """A line that only a report holds: a part heading, or a long sentence of prose."""
    if is_heading_line(line) and len(line) <= 40 and is_part_title(line.split("、", 1)[-1]):
        return True
    return len(line) >= REPORT_LINE_CHARS and line[-1] in "。;"


def _wrap_width(lines: list[str]) -> int | None:
    """The width a PDF page wraps its lines at, when most lines have it (within two
    characters); None for text whose lines are paragraphs."""
    if len(lines) < 20:
        return None
    counts = Counter(len(line) for line in lines)
    width, _n = counts.most_common(1)[0]
    near = sum(n for length, n in counts.items() if abs(length - width) <= 2)
    return width if width >= 20 and near >= len(lines) / 2 else None


def _logical_lines(
    text: str, chosen: list[tuple[int, int, str, int]], wrap: int | None = None
) -> list[tuple[int, int, bool]]:
    """Group lines broken inside a sentence; drop groups that are chrome as a whole
    (a photo caption wrapped over several lines of a PDF)."""
    groups: list[list[tuple[int, int, bool]]] = []
    so_far = ""  # the text of the last group: a line joined to a quoted term is judged whole
    for i, (s, e, content, n) in enumerate(chosen):
        prev = chosen[i - 1][2] if i > 0 else ""
        joined = (
            i > 0
            and chosen[i - 1][3] == n - 1
            and (_joins(prev, content, so_far) or _wrapped_mid_paragraph(prev, content, wrap))
            and not _ends_short(prev, wrap)
        )
        if joined and groups:
            groups[-1].append((s, e, True))
            so_far += content
        else:
            groups.append([(s, e, False)])
            so_far = content
    drop = _rules("drop")
    out: list[tuple[int, int, bool]] = []
    for group in groups:
        whole = "".join(text[s:e] for s, e, _j in group)
        if _is_chrome(whole, drop):
            continue
        if group[0][0] <= len(text) * START_SHARE and _is_teaser(whole, text, group[-1][1]):
            continue  # a teaser, on one line or wrapped over the lines of a PDF page
        out.extend(group)
    return out


_OPENING = frozenset("“‘《〈「『")
_CLOSING = frozenset("”’》〉」』")


def _wrapped_mid_paragraph(prev: str, nxt: str, wrap: int | None) -> bool:
    """In wrapped text (a PDF page), a full line that does not end a sentence goes on:
    reports separate the items of one paragraph with ; and : (…5.5%左右; / 居民消费价格涨幅
    2%左右;…); a quoted or bracketed term may close a line (比“十三五” / 时期增长71%); a
    line that stops inside a sentence goes on even where the next looks like a heading
    (名列全省第 / 一、2项工作).  A line that ends on 。 stays a paragraph's end: a page
    cannot tell, and splitting a paragraph costs less than gluing one to the next (its
    opening words set its period: 五年来…, 2025年…)."""
    if wrap is None or len(prev) < wrap - 2:
        return False
    last = prev[-1]
    if last in ";:；：":
        return not is_heading_line(nxt)
    if last in _CLOSING or last in ")）]】":  # 细颗粒物(PM2.5) / 平均浓度下降9.1%
        return len(prev) > 1 and prev[-2] not in _TERMINAL
    return (
        last not in _TERMINAL
        and not prev.endswith("...")  # a teaser cut off (…负......)
        and not (is_heading_line(prev) and "。" not in prev)
    )


def _ends_short(line: str, wrap: int | None) -> bool:
    """In wrapped text, a line well short of the width ends its paragraph (a title such as
    奋力完成2023年高质量发展的各项任务 before the paragraph it heads)."""
    return wrap is not None and len(line) < wrap * 0.6 and line[-1] not in _OPENING


def _joins(prev: str, nxt: str, group: str = "") -> bool:
    """Whether the break between two kept lines falls inside a sentence (``group``: the
    lines already joined up to ``prev``)."""
    if prev[-1] in _OPENING or nxt[0] in _CLOSING:
        return True  # a quoted term set on a line of its own: 二、“ / 十四五 / ”时期…
    if group != prev and is_heading_line(group) and "。" not in group:
        return False  # 二、“十四五”时期…重点任务, joined from three lines, is a heading
    if prev[-1] in _TERMINAL or prev.endswith("...") or is_heading_line(nxt):
        return False
    if is_heading_line(prev) and "。" not in prev:
        return False  # a heading; one with its paragraph glued on (…。…降低) goes on
    if _NO_JOIN_NEXT.match(nxt) or _DATELINE.match(prev) or _ATTACHMENT.match(prev):
        return False
    if _SPEAKER_LINE.match(prev):
        return False
    if is_part_title(prev) or is_part_title(nxt):
        return False
    start_rules = _rules("start")
    if _matches(start_rules, nxt):
        return False
    hit = _matches(start_rules, prev)
    return hit is None or hit == "title_split"


@cache
def _part_title() -> tuple[re.Pattern[str], int]:
    spec = load_yaml("roles.yaml")["unmarked_heading"]
    return re.compile(spec["pattern"]), int(spec["max_chars"])


_CONTINUES = re.compile(r"^\s*[,，、;；。:：!！?？”)）]")
_SENTENCE_PUNCT = re.compile(r"[。;；]|[,，、:：]$")


def is_part_title(line: str) -> bool:
    """A short line naming a part (工作回顾, 重点工作…) without an outline marker; not the
    rest of a sentence a copy broke (,我们将…持续加强政府自身建设,不断提), nor a
    sentence or a clause (a PDF line 能耗和生态环境质量指标完成省定目标任务。 ends the
    targets paragraph it wraps)."""
    pattern, max_chars = _part_title()
    return (
        len(line) <= max_chars
        and pattern.search(line) is not None
        and _CONTINUES.match(line) is None
        and _SENTENCE_PUNCT.search(line) is None
    )


def _line_edits(text: str, spans: list[tuple[int, int, bool]]) -> list[Edit]:
    edits: list[Edit] = []
    if not spans:
        return [(0, len(text), "")] if text else []
    if spans[0][0] > 0:
        edits.append((0, spans[0][0], ""))
    for i, (s, e, _joined) in enumerate(spans):
        line = text[s:e]
        edits.extend((s + m.start(), s + m.end(), "") for m in _STRAY_SPACE.finditer(line))
        if i + 1 < len(spans):
            ns, _ne, joined = spans[i + 1]
            edits.append((e, ns, "" if joined else "\n"))
    if spans[-1][1] < len(text):
        edits.append((spans[-1][1], len(text), ""))
    return edits


def normalise_body(plain: MappedText) -> MappedText:
    """The report body of ``plain``: chrome dropped, lines tidied, half-width, simplified."""
    # simplified first: every rule below (chrome, start and end, headings) is written in
    # simplified characters, and a traditional copy (時間:…, 各位代表) must meet them
    folded = to_simplified(plain.substitute(to_halfwidth(plain.text)))
    spans = _kept_lines(folded.text)
    body = folded.edit(_line_edits(folded.text, spans))
    edits = split_edits(body.text)
    if edits:  # a split can bring a heading to the start of a line: one more round
        body = body.edit(edits)
        body = body.edit(split_edits(body.text))
    return body


def split_edits(text: str) -> list[Edit]:
    """Line breaks a web copy lost (``splits`` of ``rules/headings.yaml``), as insertions."""
    points: set[int] = set()
    for rule in pattern_rules("headings.yaml", "splits"):
        min_line = int(rule.get("min_line_chars", 0))
        for m in rule.pattern.finditer(text):
            at = m.start("at")
            if min_line and _line_length(text, at) < min_line:
                continue
            if 0 < at < len(text) and text[at - 1] != "\n" and text[at] != "\n":
                points.add(at)
    return [(at, at, "\n") for at in sorted(points)]


def _line_length(text: str, at: int) -> int:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return (len(text) if end < 0 else end) - start


def to_simplified(mt: MappedText) -> MappedText:
    """Convert traditional characters to simplified when the text is mostly traditional."""
    from gwrkit.ingest.chinese import convert_t2s, traditional_share

    if traditional_share(mt.text) < 0.02:
        return mt
    converted = convert_t2s(mt.text)
    if len(converted) == len(mt.text):
        return mt.substitute(converted)
    lines = mt.text.split("\n")
    out = []
    for line in lines:
        c = convert_t2s(line)
        out.append(c if len(c) == len(line) else line)
    return mt.substitute("\n".join(out))
