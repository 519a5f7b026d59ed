"""Facts of a whole structured document, each with its span in the original text."""

from __future__ import annotations

from dataclasses import replace

from gwrkit.core.models import Document
from gwrkit.extract.context import paragraph_contexts
from gwrkit.extract.facts import Fact, apply_stretch_all, extract_text


def extract_document(doc: Document) -> list[Fact]:
    """Headline facts of ``doc`` in reading order; a fact said twice is kept once."""
    contexts = paragraph_contexts(doc)
    out: list[Fact] = []
    seen: set[tuple[object, ...]] = set()
    for p, ctx in zip(doc.paragraphs, contexts, strict=True):
        if ctx.status is None:
            continue
        sentences = doc.sentences[p.first_sentence : p.first_sentence + p.sentence_count]
        facts: list[Fact] = []
        for s in sentences:
            for f in extract_text(s.text, ctx, s.nstart):
                start, end = doc.to_original(f.nstart, f.nend)
                facts.append(
                    replace(f, sentence=s.index, start=start, end=end,
                            quote=doc.original[start:end])
                )
        if ctx.role == "targets":
            facts = apply_stretch_all(facts, [s.text for s in sentences])
        for f in facts:
            if f.key() not in seen:
                seen.add(f.key())
                out.append(f)
    return out
