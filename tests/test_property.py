"""Random bytes and random text: nothing escapes the readers or the structure parser but
the documented IngestError."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gwrkit.core.errors import IngestError
from gwrkit.core.text import MappedText
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
