"""Tables like Datasette's, for every page that lists records: rows sorted by any column
of their record (``-year`` descending, empty cells last), a page of them with the total
and the next offset, and the same rows as CSV.

>>> from gwrkit.core.schema import Failure
>>> rows = [Failure("b.txt", "x", "v", "t"), Failure("a.txt", "y", None, "t")]
>>> [r.path for r in sorted_rows(rows, Failure, "path")]
['a.txt', 'b.txt']
>>> as_csv(rows[:1], Failure).splitlines()[0]
'path,reason,rules_version,failed_at'
>>> [r.path for r in sorted_rows(rows, Failure, "-rules_version")]  # empty cells last
['b.txt', 'a.txt']
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any, TypeVar

from gwrkit.core.schema import check_sort, exchanged, sorted_by, to_json
from gwrkit.serve import params

T = TypeVar("T")


def sorted_rows(rows: Sequence[T], record: type[Any], sort: str | None) -> list[T]:
    """``rows`` sorted by a column of ``record`` (``-`` before it for descending), rows
    whose cell is empty last whichever the order; as they are without ``sort``."""
    check_sort(record, sort)
    return sorted_by(rows, sort)


def page_size(limit: int | None) -> int:
    """The rows of a page: ``limit``, else PAGE_SIZE, at most MAX_PAGE (read now: settable)."""
    return min(limit or params.PAGE_SIZE, params.MAX_PAGE)


def paged(shown: Sequence[T], total: int, size: int, offset: int) -> dict[str, Any]:
    """A page already cut (``shown`` of ``total`` rows from ``offset``) and the next offset."""
    nxt = offset + size if offset + size < total else None
    return {"rows": list(shown), "total": total, "offset": offset, "limit": size, "next": nxt}


def table_page(rows: Sequence[T], limit: int | None, offset: int) -> dict[str, Any]:
    """``limit`` rows from ``offset`` (at most MAX_PAGE), the total and the next offset."""
    size = page_size(limit)
    return paged(rows[offset : offset + size], len(rows), size, offset)


def as_csv(rows: Sequence[Any], record: type[Any]) -> str:
    """Rows as CSV text, with the record's columns."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(exchanged(record)), lineterminator="\n")
    writer.writeheader()
    writer.writerows(to_json(r) for r in rows)
    return out.getvalue()
