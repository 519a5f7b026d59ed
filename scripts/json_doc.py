"""Rewrite the record tables of docs/json.md from the schema (gwrkit/core/schema.py).

Each table sits between ``<!-- schema:Name -->`` and ``<!-- /schema -->``; a test fails
when one differs from what this script writes.  Run: ``.venv/bin/python scripts/json_doc.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

from gwrkit.core.schema import DOCUMENTED, describe

DOC = Path(__file__).resolve().parent.parent / "docs" / "json.md"
BLOCK = re.compile(r"(<!-- schema:(\w+) -->\n)(.*?)(<!-- /schema -->)", re.S)


def render(text: str) -> str:
    return BLOCK.sub(
        lambda m: m.group(1) + describe(DOCUMENTED[m.group(2)]) + "\n" + m.group(4), text
    )


if __name__ == "__main__":
    DOC.write_text(render(DOC.read_text(encoding="utf-8")), encoding="utf-8")
