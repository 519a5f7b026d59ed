"""Random bytes and random text: nothing escapes the readers or the structure parser but
the documented IngestError."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gwrkit.api import coverage, parse_bytes
from gwrkit.core.errors import IngestError
from gwrkit.core.text import MappedText
from gwrkit.extract.context import Context
from gwrkit.extract.document import extract_document
from gwrkit.extract.facts import extract_text
from gwrkit.extract.quantities import find_quantities
from gwrkit.ingest.body import normalise_body
from gwrkit.ingest.metadata import detect_metadata
from gwrkit.ingest.readers import READERS, read_bytes
from gwrkit.structure.document import build_structure

_report_chars = st.sampled_from(
    list("政府工作报告各位代表一二三、()（）。;；!?:“”《》\n 　0123456789%.年月日增长左右以上")
)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(sorted(READERS)))
def test_readers_raise_only_ingest_error(data: bytes, suffix: str) -> None:
    try:
        read_bytes(data, "random" + suffix)
    except IngestError as exc:
        assert "random" in str(exc)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=400), st.text(_report_chars, max_size=400)))
def test_structure_never_raises_and_spans_hold(text: str) -> None:
    body = normalise_body(MappedText.identity(text))
    sections, paragraphs, sentences = build_structure(body)
    detect_metadata(body.text, sections)
    for s in sentences:
        assert 0 <= s.start <= s.end <= len(text)
        assert body.text[s.nstart : s.nend] == s.text
    for p in paragraphs:
        assert 0 <= p.start <= p.end <= len(text)


_fact_chars = st.sampled_from(
    list(
        "地区生产总值增长达到突破以上以内左右约分别和、,;。:城乡居民人均可支配收入粮食总产量"
        "万亿元%个百分点从由到至连续年均同比比上年下降力争更好结果第位居全国高于0123456789.—-"
        "“”()十四五倍多余与同步基本平衡完成目标经济进出口出口CPIPM"
    )
)
_contexts = st.builds(
    Context,
    role=st.sampled_from(["review", "review_multi_year", "plan", "targets", "tasks", "other"]),
    status=st.sampled_from(["actual", "target", "plan", None]),
    mode=st.sampled_from(["year", "span", "plan", "target", "none"]),
    first=st.one_of(st.none(), st.integers(1990, 2030)),
    last=st.one_of(st.none(), st.integers(1990, 2035)),
    region=st.sampled_from(["", "北京", "甘肃"]),
)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.text(max_size=200), st.text(_fact_chars, max_size=200)),
    _contexts,
    st.text(_fact_chars, max_size=30),
)
def test_extractors_never_raise(text: str, ctx: Context, before: str) -> None:
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text
    for f in extract_text(text, ctx, 0, before):
        assert 0 <= f.nstart < f.nend <= len(text)
        assert f.measure in ("level", "growth", "rate", "change_pp", "qualitative")
        assert f.modifier in ("point", "around", "at_least", "at_most", "range", "qualitative")


@settings(max_examples=40, deadline=None)
@given(st.text(_report_chars, max_size=600))
def test_document_extraction_never_raises(text: str) -> None:
    head = "政府工作报告\n各位代表:现在,我代表市人民政府向大会报告工作。\n"
    doc = parse_bytes((head + text).encode("utf-8"), "random.txt")
    for f in extract_document(doc, all_quantities=True):
        assert doc.original[f.start : f.end] == f.quote
    coverage(doc)
