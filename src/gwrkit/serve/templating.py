"""The templates of the pages and what they may call: one environment for the app and
for the reader pages rendered at ingest (page_store), so that both give the same HTML."""

from __future__ import annotations

from importlib import resources

import jinja2

from gwrkit.serve import labels

TEMPLATES = resources.files("gwrkit.serve") / "templates"


def as_written(value: object) -> object:
    """A number as a report writes it: 43110 not 43110.0, 5.2 not 5.2000001; None as —."""
    if value is None:
        return "—"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.10g}"
    return value


def environment() -> jinja2.Environment:
    """A new environment over the templates, with the filters and words they use."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, auto_reload=False
    )
    env.filters["num"] = as_written
    env.filters["label"] = labels.label
    env.filters["ind"] = labels.indicator_name
    env.globals["t"] = labels.t
    env.globals["lang"] = labels.current.get
    env.globals["writes"] = False
    return env
