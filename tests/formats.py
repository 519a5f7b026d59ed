"""Build .html, GB18030 .txt, .docx and .pdf versions of a report text, for tests."""

from __future__ import annotations

import html
import io
import re
from functools import cache

CHROME_TOP = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>政府工作报告_新闻中心</title>
<script>var nav = "<p>首页</p>";</script><style>p {{ margin: 0 }}</style></head><body>
<header><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/gov">政务</a></header>
<nav><ul><li><a href="/">首页</a></li><li><a href="/a">要闻</a></li><li>政府工作报告</li></ul></nav>
<div class="crumb">当前位置：首页 &gt; 要闻 &gt; 正文</div>
<div class="tools">字号：大 中 小</div><div>打印</div><div>扫一扫在手机打开当前页</div>
<div class="info">2026-01-31 07:00:44 来源：某某日报</div>
<div class="article">
"""
CHROME_BOTTOM = """</div>
<div>责任编辑：张三</div><div>相关报道：</div><ul><li><a href="/1">省两会开幕</a></li></ul>
<div>精彩图片</div><div>查看余下全文</div>
<footer>版权所有 © 2026 某某网 京ICP备00000000号</footer>
<script>share();</script></body></html>"""


def to_html(text: str) -> bytes:
    paragraphs = "\n".join(
        f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip()
    )
    return (CHROME_TOP + paragraphs + CHROME_BOTTOM).encode("utf-8")


def to_one_line(text: str, keep: int = 5) -> bytes:
    """A web copy that lost its line breaks: the first ``keep`` lines (page chrome, title)
    as they were, everything after them glued into one line."""
    lines = text.split("\n")
    return ("\n".join(lines[:keep]) + "\n" + "".join(x.strip() for x in lines[keep:])).encode()


def to_traditional(text: str) -> bytes:
    """A copy in traditional characters (a Hong Kong or Taiwan mirror), as UTF-8."""
    import opencc

    return str(opencc.OpenCC("s2t").convert(text)).encode("utf-8")


def to_gb18030(text: str) -> bytes:
    return text.encode("gb18030")


def to_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@cache
def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


_NO_LINE_START = "。,，、;；:：!！?？”’)）》"


def _wrap(line: str, width: int) -> list[str]:
    """Break a line every ``width`` chars; like Chinese typesetting, never start a line
    with closing punctuation (it stays at the end of the line before)."""
    pieces: list[str] = []
    i = 0
    while i < len(line):
        j = min(len(line), i + width)
        while j < len(line) and line[j] in _NO_LINE_START:
            j += 1
        pieces.append(line[i:j])
        i = j
    return pieces


def to_pdf(text: str, chars_per_line: int = 40, folios: bool = False) -> bytes:
    """A text PDF; long lines wrap, as in real PDFs, so lines break inside sentences.
    With ``folios``, each page has a running head (政府工作报告) and its number at its foot
    (— 3 —), as government PDFs do: they fall between the lines of a sentence."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    font = _font()
    y = 800
    pieces: list[str] = []
    for line in text.splitlines():
        for piece in _wrap(line.strip(), chars_per_line):
            if len(piece) == 1 and pieces:
                pieces[-1] += piece  # reportlab drops one-glyph CID strings
            else:
                pieces.append(piece)
    page = 1
    for i, piece in enumerate(pieces):
        if y < 50:
            if folios:
                pdf.setFont(font, 9)
                pdf.drawString(280, 25, f"— {page} —")
            pdf.showPage()
            page += 1
            y = 800
        if folios and y == 800 and i > 0:
            pdf.setFont(font, 9)
            pdf.drawString(250, 815, "政府工作报告")
        pdf.setFont(font, 11)
        pdf.drawString(40, y, piece)
        y -= 16
    pdf.save()
    return buf.getvalue()


_TO_FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789.%,;:()"}


def to_fullwidth(text: str) -> bytes:
    """A copy typed in full-width digits and signs (７．５％, ２０２４年), as some
    government sites publish."""
    return "".join(_TO_FULLWIDTH.get(c, c) for c in text).encode("utf-8")


_TO_HALFWIDTH = str.maketrans("，；：（）！？", ",;:()!?")


def to_halfwidth(text: str) -> bytes:
    """A copy whose Chinese punctuation was turned into ASCII (增长7.5%,达到…;)."""
    return text.translate(_TO_HALFWIDTH).encode("utf-8")


def to_indented(text: str) -> bytes:
    """Paragraphs indented with two ideographic spaces and parted by a blank line, as
    in Word copies pasted into a web editor."""
    return "\n\n".join("\u3000\u3000" + line.strip() for line in text.splitlines()).encode()


def to_spaced_numbers(text: str) -> bytes:
    """Numbers set apart from the Chinese around them and from their per cent sign
    (增长 7.5 %左右, 达到 326.4 亿元), as PDF and OCR copies give them; a number inside a
    Latin token (PM2.5, M2) stays as it is."""
    cjk = "\u3400-\u9fff"
    spaced = re.sub(rf"(?<=[{cjk}])(?=\d)|(?<=\d)(?=[{cjk}])", " ", text)
    return re.sub(r"(?<=\d)%", " %", spaced).encode("utf-8")


_PART_HEADING = re.compile(r"(?m)^(\s*)([一二三四五六七八九十]{1,3})、(?=.{2,40}$)")


_MARKED = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、](?!\d))"
)


def _parts_are_numbered(text: str) -> bool:
    """Whether 一、 marks the report's parts: not when its parts are unmarked titles
    (2023年工作回顾) and 一、 numbers the sections under them."""
    from gwrkit.core.text import to_halfwidth
    from gwrkit.ingest.body import is_part_title

    lines = (to_halfwidth(line).strip() for line in text.splitlines())
    return not any(line and not _MARKED.match(line) and is_part_title(line) for line in lines)


def to_part_headings(text: str) -> bytes:
    """Part headings written 第一部分 instead of 一、 (第二部分　2024年工作安排)."""
    if not _parts_are_numbered(text):
        return text.encode("utf-8")
    return _PART_HEADING.sub(lambda m: f"{m[1]}第{m[2]}部分\u3000", text).encode("utf-8")


def to_dot_headings(text: str) -> bytes:
    """Part headings numbered with a full stop instead of 、 (二．2024年工作安排)."""
    return _PART_HEADING.sub(lambda m: f"{m[1]}{m[2]}．", text).encode("utf-8")


_TARGETS_CUE = re.compile(
    r"(?:经济社会发展的?|发展的?)?(?:主要预期目标|主要目标|预期目标)"
    r"(?=(?:建议)?(?:安排)?(?:是|为|确定为|如下|:|：))"
)


def with_targets_named(text: str, name: str) -> bytes:
    """The report with its targets called by another name, as older and local reports
    call them (今年…的主要预期目标是 → 今年…奋斗目标是, 主要调控目标是, 主要预期指标是)."""
    return _TARGETS_CUE.sub(name, text).encode("utf-8")


# only a name that stands alone (not 单位生产总值能耗, 人均国内生产总值): the verb follows
_GLOSSED = re.compile(
    r"(?<![单均位])(?<!单位国内)(?<!单位地区)(?<!人均国内)(?<!人均地区)(生产总值|居民消费价格)"
    r"(?=增长|达到|突破|实现|完成|同比|比上年|预计|年均|涨幅|上涨|控制|[、,，])"
)


def to_glossed_names(text: str) -> bytes:
    """Names followed by their abbreviation in brackets, as some reports write them
    (地区生产总值（GDP）增长6%左右, 居民消费价格（CPI）涨幅3%左右)."""
    gloss = {"生产总值": "（GDP）", "居民消费价格": "（CPI）"}
    return _GLOSSED.sub(lambda m: m[1] + gloss[m[1]], text).encode("utf-8")


_TARGETS_LINE = re.compile(
    r"(?m)^(.*?(?:主要预期目标|主要目标|预期目标)(?:建议)?(?:安排)?(?:是|为|确定为|如下)?[:：])(.+)$"
)


def to_listed_targets(text: str, dash: bool = False) -> bytes:
    """The year's targets set as a numbered list, one item a line (1.地区生产总值增长6%左右；),
    or each led by a dash (——居民收入稳步增长；), as some reports print them: the paragraph
    that names them ends on its colon."""

    def listed(m: re.Match[str]) -> str:
        items = [i for i in re.split(r"(?<=[;；])", m[2]) if i.strip()]
        if len(items) < 2:
            return m[0]
        marks = ["——" if dash else f"{n}." for n in range(1, len(items) + 1)]
        lines = (f"\n{mark}{item.strip()}" for mark, item in zip(marks, items, strict=True))
        return m[1] + "".join(lines)

    return _TARGETS_LINE.sub(listed, text).encode("utf-8")


def to_dashed_targets(text: str) -> bytes:
    """The year's targets one a line, each led by a dash (——地区生产总值增长6%左右；)."""
    return to_listed_targets(text, dash=True)
