"""Optional parts of gwrkit and the extra that installs each: the core (read, extract,
SQLite, CSV and JSON) needs none of them.

>>> needs("json", "export", "a test").__name__
'json'
"""

from __future__ import annotations

import importlib
from types import ModuleType

from gwrkit.core.errors import UsageError

EXTRAS = {
    "export": "Excel, Parquet and Stata exports and data frames",
    "web": "the dashboard and JSON API (gwrkit serve)",
    "postgres": "a PostgreSQL store",
}


def needs(module: str, extra: str, feature: str) -> ModuleType:
    """``module`` imported, or one line saying which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise UsageError(
            f"{feature} needs the {extra!r} extra, which is not installed: "
            f"pip install 'gwrkit[{extra}]'"
        ) from None
