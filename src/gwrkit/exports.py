"""Writing tables to csv, xlsx, json, parquet and Stata, each with its data dictionary
(the labels of the schema's fields, :mod:`gwrkit.core.schema`): a ``.dictionary.csv``
sidecar for csv, a ``dictionary`` sheet in xlsx, ``variables`` in json, field
descriptions in parquet and variable labels in Stata."""

from __future__ import annotations

import csv
import json
import math
import os
from pathlib import Path
from typing import Any

from gwrkit.core.errors import StoreError, UsageError
from gwrkit.core.extras import needs
from gwrkit.core.schema import TABLES, labels

FORMATS = ("csv", "xlsx", "json", "parquet", "dta")


def dictionary(what: str) -> dict[str, str]:
    """Each column of the table ``what`` with its label, in order."""
    if what not in TABLES:
        raise UsageError(f"unknown table {what!r}; choose from {', '.join(TABLES)}")
    return labels(TABLES[what])


def write_table(
    rows: list[dict[str, Any]], what: str, to: str, out: str | os.PathLike[str]
) -> Path:
    """Write ``rows`` (their columns ordered as in the dictionary) to ``out`` as ``to``."""
    if to not in FORMATS:
        raise UsageError(f"unknown format {to!r}; choose from {', '.join(FORMATS)}")
    labels = dictionary(what)
    columns = list(labels)
    path = Path(out)
    if not path.parent.exists():
        raise StoreError(f"{path}: the folder {path.parent} does not exist")
    table = [{c: r.get(c) for c in columns} for r in rows]
    try:
        {"csv": _csv, "xlsx": _xlsx, "json": _json, "parquet": _parquet, "dta": _dta}[to](
            table, columns, labels, path
        )
    except OSError as exc:
        raise StoreError(f"{path}: cannot write ({exc.strerror or exc})") from None
    return path


def _csv(
    rows: list[dict[str, Any]], columns: list[str], labels: dict[str, str], path: Path
) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns)
        w.writeheader()
        w.writerows(rows)
    side = path.with_name(path.stem + ".dictionary.csv")
    with side.open("w", encoding="utf-8-sig", newline="") as fh:
        w2 = csv.writer(fh)
        w2.writerow(["variable", "label"])
        w2.writerows([c, labels[c]] for c in columns)


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> Any:
    pd = needs("pandas", "export", "this export")

    frame = pd.DataFrame(rows, columns=columns)
    for c in columns:
        if all(v is None or isinstance(v, str) for v in frame[c]):
            frame[c] = frame[c].astype("object")
    return frame


def _xlsx(
    rows: list[dict[str, Any]], columns: list[str], labels: dict[str, str], path: Path
) -> None:
    pd = needs("pandas", "export", "an Excel export")
    needs("openpyxl", "export", "an Excel export")
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        _frame(rows, columns).to_excel(writer, sheet_name="data", index=False)
        pd.DataFrame({"variable": columns, "label": [labels[c] for c in columns]}).to_excel(
            writer, sheet_name="dictionary", index=False
        )


def _json(
    rows: list[dict[str, Any]], columns: list[str], labels: dict[str, str], path: Path
) -> None:
    doc = {"variables": [{"name": c, "label": labels[c]} for c in columns], "rows": rows}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def _parquet(
    rows: list[dict[str, Any]], columns: list[str], labels: dict[str, str], path: Path
) -> None:
    pa = needs("pyarrow", "export", "a Parquet export")
    pq = needs("pyarrow.parquet", "export", "a Parquet export")

    table = pa.Table.from_pylist(rows) if rows else pa.table({c: pa.array([]) for c in columns})
    fields = [
        f.with_metadata({"description": labels[f.name]}) for f in table.schema if f.name in labels
    ]
    table = table.cast(pa.schema(fields, metadata={"dictionary": json.dumps(labels)}))
    pq.write_table(table, path)


def _dta(
    rows: list[dict[str, Any]], columns: list[str], labels: dict[str, str], path: Path
) -> None:
    frame = _frame(rows, columns)
    strl = []
    for c in columns:
        if frame[c].dtype != object:
            continue
        frame[c] = frame[c].map(_text)
        longest = max((len(v.encode("utf-8")) for v in frame[c]), default=0)
        if longest > 2000:  # Stata str# holds up to 2045 bytes; longer text goes to strL
            strl.append(c)
    names = {c: stata_name(c) for c in columns}
    frame = frame.rename(columns=names)
    frame.to_stata(
        path,
        write_index=False,
        version=118,
        variable_labels={names[c]: labels[c][:80] for c in columns},
        convert_strl=[names[c] for c in strl],
    )


# words Stata keeps for itself (pandas' list): a field so named gets a trailing underscore
STATA_RESERVED = frozenset(
    "aggregate array boolean break byte case catch class colvector complex const continue"
    " default delegate delete do double else eltypedef end enum explicit export external"
    " float for friend function global goto if inline int local long NULL pragma protected"
    " quad rowvector short typedef typename virtual _all _N _skip _b _pi str# in _pred strL"
    " _coef _rc using _cons _se with _n".split()
)


def stata_name(field: str) -> str:
    """A field's variable name in Stata: the same, but ``end`` (a Stata word) is ``end_``.

    >>> stata_name("end"), stata_name("start")
    ('end_', 'start')
    """
    return field + "_" if field in STATA_RESERVED else field


def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v)


# the layout supervision offices use for a task table (任务分解表)
TASK_SHEET = (
    ("序号", "number"),
    ("工作任务", "task"),
    ("量化指标", "targets"),
    ("完成时限", "deadline"),
    ("牵头单位", "lead_unit"),
    ("责任单位", "participants"),
    ("进展情况", "progress"),
    ("状态", "status"),
)


def write_task_sheet(
    rows: list[dict[str, Any]], history: list[dict[str, Any]], out: str | os.PathLike[str]
) -> Path:
    """A report's task table as an Excel file in the conventional layout, with a second
    sheet holding every change (who, when, what)."""
    openpyxl = needs("openpyxl", "export", "an Excel task table")
    path = Path(out)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "任务分解表"
    sheet.append([title for title, _key in TASK_SHEET])
    for r in rows:
        sheet.append(
            [_text(r.get(key)) if key != "number" else r.get(key) for _t, key in TASK_SHEET]
        )
    changes = book.create_sheet("修改记录")
    changes.append(["任务", "字段", "新值", "修改人", "时间"])
    for h in history:
        changes.append([h["task_id"], h["field"], h["value"], h["author"], h["at"]])
    try:
        book.save(path)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write ({exc.strerror or exc})") from None
    return path
