"""Facts of a whole structured document, each with its span in the original text."""

from __future__ import annotations

from typing import Any

from gwrkit.core.schema import Document, Fact
from gwrkit.extract.context import paragraph_contexts
from gwrkit.extract.facts import extract_text, without_shadowed_totals
from gwrkit.extract.open_metrics import open_fact
from gwrkit.extract.qualitative import apply_stretch_all
from gwrkit.extract.quantities import find_quantities


def _located(doc: Document, f: Fact, sentence: int, stamp: dict[str, Any]) -> Fact:
    """The fact with its place in the original text and the stamp's fields.  None of
    these feed a derived field, so the copy is made without running ``__init__`` again
    (``dataclasses.replace`` was a tenth of the extraction time)."""
    start, end = doc.to_original(f.nstart, f.nend)
    moved = object.__new__(Fact)
    moved.__dict__.update(f.__dict__)
    moved.__dict__.update(stamp, sentence=sentence, start=start, end=end)
    moved.__dict__["quote"] = doc.original[start:end]
    return moved


def extract_document(
    doc: Document, all_quantities: bool = False, stamp: dict[str, Any] | None = None
) -> list[Fact]:
    """Headline facts of ``doc`` in reading order; a fact said twice is kept once.

    With ``all_quantities`` every number with a unit becomes a fact too: those that are
    not a headline indicator's value get ``indicator`` None and an open ``metric``.
    ``stamp``: fields every fact takes (the rules version, the report's region …).
    """
    stamp = stamp or {}
    contexts = paragraph_contexts(doc)
    out: list[Fact] = []
    seen: set[tuple[object, ...]] = set()
    for p, ctx in zip(doc.paragraphs, contexts, strict=True):
        if ctx.status is None and not all_quantities:
            continue
        sentences = doc.sentences[p.first_sentence : p.first_sentence + p.sentence_count]
        facts: list[Fact] = []
        previous = ""
        for s in sentences:
            facts_here = extract_text(s.text, ctx, s.nstart, previous)
            previous = s.text
            found = [_located(doc, f, s.index, stamp) for f in facts_here]
            facts.extend(found)
            if all_quantities:
                taken = {f.number_start for f in found}
                for q in find_quantities(s.text):
                    if q.kind == "quantity" and q.unit and s.nstart + q.start not in taken:
                        fact = open_fact(q, s.text, ctx, s.nstart)
                        facts.append(_located(doc, fact, s.index, stamp))
        if ctx.role == "targets":
            facts = apply_stretch_all(facts, [s.text for s in sentences])
        for f in facts:
            key = f.key() if f.indicator else (f.number_start,)
            if key not in seen:
                seen.add(key)
                out.append(f)
    return without_shadowed_totals(out)
