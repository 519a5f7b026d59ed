"""From a read file to the structured :class:`~gwrkit.core.schema.Document`."""

from __future__ import annotations

from typing import Any

from gwrkit.core.schema import Document
from gwrkit.ingest.metadata import detect_metadata
from gwrkit.ingest.readers import SourceText
from gwrkit.structure.document import build_structure


def build_document(source: SourceText, overrides: dict[str, Any] | None = None) -> Document:
    """Structure and metadata of a read report."""
    sections, paragraphs, sentences = build_structure(source.body)
    metadata = detect_metadata(source.body.text, sections, overrides, source.path)
    return Document(
        path=source.path,
        format=source.format,
        encoding=source.encoding,
        sha256=source.sha256,
        original=source.original,
        text=source.body.text,
        metadata=metadata,
        sections=sections,
        paragraphs=paragraphs,
        sentences=sentences,
        offsets=source.body,
    )
