"""One reader per format, one signature: ``(data, path) -> SourceText``.

``SourceText.original`` is the text that every span refers to: the decoded file for
.txt and .html (page source included), the extracted text for .docx and .pdf.
``SourceText.body`` is the normalised report body with its map back to ``original``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gwrkit.core.errors import IngestError
from gwrkit.core.text import MappedText
from gwrkit.ingest.body import normalise_body
from gwrkit.ingest.chinese import cjk_count
from gwrkit.ingest.decode import decode_bytes
from gwrkit.ingest.markup import looks_like_html, strip_markup
from gwrkit.ingest.office import docx_text, pdf_text

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    """A file read and decoded, with its normalised report body."""

    path: str
    format: str
    encoding: str | None
    sha256: str
    body: MappedText

    @property
    def original(self) -> str:
        return self.body.original


def _plain_text(data: bytes, path: str) -> tuple[MappedText, str, str]:
    text, encoding = decode_bytes(data, path)
    if looks_like_html(text):
        return strip_markup(text), "html", encoding
    return MappedText.identity(text), "txt", encoding


def read_txt(data: bytes, path: str) -> tuple[MappedText, str, str | None]:
    return _plain_text(data, path)


def read_html(data: bytes, path: str) -> tuple[MappedText, str, str | None]:
    text, encoding = decode_bytes(data, path)
    return strip_markup(text), "html", encoding


def read_docx(data: bytes, path: str) -> tuple[MappedText, str, str | None]:
    return MappedText.identity(docx_text(data, path)), "docx", None


def read_pdf(data: bytes, path: str) -> tuple[MappedText, str, str | None]:
    return MappedText.identity(pdf_text(data, path)), "pdf", None


Reader = Callable[[bytes, str], tuple[MappedText, str, str | None]]
READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".shtml": read_html,
    ".xhtml": read_html,
    ".docx": read_docx,
    ".pdf": read_pdf,
}


def max_bytes_setting() -> int:
    """The file size limit: env ``GWRKIT_MAX_BYTES`` or 50 MiB."""
    raw = os.environ.get("GWRKIT_MAX_BYTES")
    if raw and raw.isdigit():
        return int(raw)
    return DEFAULT_MAX_BYTES


def read_bytes(data: bytes, path: str, suffix: str | None = None) -> SourceText:
    """Read a report given as bytes; ``suffix`` (``.txt``…) defaults to the path's."""
    ext = (suffix or Path(path).suffix).lower()
    reader = READERS.get(ext)
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise IngestError(path, f"unknown file type {ext or '(none)'!r}; gwrkit reads {known}")
    if not data.strip():
        raise IngestError(path, "the file is empty")
    plain, fmt, encoding = reader(data, path)
    body = normalise_body(plain)
    if cjk_count(body.text[:20000]) < 10:
        raise IngestError(path, "no Chinese report text found in the file")
    digest = hashlib.sha256(data).hexdigest()
    return SourceText(path, fmt, encoding, digest, body)


def read_file(path: str | os.PathLike[str], max_bytes: int | None = None) -> SourceText:
    """Read one report file from disk, or raise :class:`IngestError` naming it."""
    name = os.fspath(path)
    limit = max_bytes if max_bytes is not None else max_bytes_setting()
    p = Path(name)
    try:
        if not p.exists():
            raise IngestError(name, "no such file")
        if p.is_dir():
            raise IngestError(name, "is a folder, not a file")
        size = p.stat().st_size
        if size > limit:
            raise IngestError(name, f"file is {size} bytes, over the limit of {limit} bytes")
        data = p.read_bytes()
    except PermissionError:
        raise IngestError(name, "permission denied") from None
    except OSError as exc:
        raise IngestError(name, f"cannot read the file: {exc.strerror or exc}") from None
    return read_bytes(data, name)
