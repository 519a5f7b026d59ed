"""Readers for .docx and .pdf: the extracted text is the report's original text."""

from __future__ import annotations

import io
import zipfile

from gwrkit.core.errors import IngestError

MAX_UNZIPPED = 200 * 1024 * 1024  # everything, pictures included
# The text parts (word/*.xml) of the 75 corpus .docx unpack to at most 210 KB, at most
# 5 times their packed size; a 2.2 MB upload that unpacked to 152 MB of XML took minutes
# and gigabytes.  These limits leave a hundredfold margin and refuse such a file at once.
MAX_XML = 25 * 1024 * 1024
MAX_XML_RATIO = 30


def _check_zip(data: bytes, path: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise IngestError(path, "not a valid .docx (it is not a zip archive)") from None
    total = sum(i.file_size for i in infos)
    xml = [i for i in infos if i.filename.endswith(".xml")]
    text = sum(i.file_size for i in xml)
    ratio = text / max(1, sum(i.compress_size for i in xml))
    if total > MAX_UNZIPPED or text > MAX_XML or ratio > MAX_XML_RATIO:
        raise IngestError(
            path,
            f"refused: the .docx would unpack to {total} bytes, {text} of them XML"
            f" ({ratio:.0f} times their packed size; a zip bomb?)",
        )
    if "word/document.xml" not in {i.filename for i in infos}:
        raise IngestError(path, "not a .docx (no word/document.xml inside the zip)")


def docx_text(data: bytes, path: str) -> str:
    """Paragraphs and table rows of a .docx in document order, one per line."""
    _check_zip(data, path)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                for row in block.rows:
                    lines.append("\t".join(cell.text for cell in row.cells))
    except IngestError:
        raise
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise IngestError(path, f"cannot read the .docx: {type(exc).__name__}: {exc}") from None
    return "\n".join(lines)


def pdf_text(data: bytes, path: str) -> str:
    """The text layer of a PDF, page by page."""
    if not data.startswith(b"%PDF"):
        raise IngestError(path, "not a PDF (no %PDF header)")
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            pages: list[str] = []
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                pages.append(textpage.get_text_range())
                textpage.close()
                page.close()
        finally:
            pdf.close()
    except Exception as exc:  # pdfium raises PdfiumError and others on damaged files
        raise IngestError(path, f"cannot read the PDF (damaged or truncated?): {exc}") from None
    # pdfium marks a hyphen that ends a line as U+FFFE; in Chinese text it is a real hyphen
    text = "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-")
    if sum(1 for ch in text if not ch.isspace()) < 20 * max(1, len(pages)) // 2:
        raise IngestError(path, "the PDF has no text layer (a scanned image?); run OCR on it first")
    return text
