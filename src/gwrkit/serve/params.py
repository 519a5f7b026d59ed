"""Query and path parameters shared by the pages, with their limits."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from gwrkit.core.schema import VERDICTS

Year = Annotated[int | None, Query(ge=1949, le=2100)]
Verdict = Annotated[str | None, Query(pattern="^(" + "|".join(VERDICTS) + ")$")]
Limit = Annotated[int | None, Query(ge=1, le=2000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Id = Annotated[int, Path(ge=1, le=2**62)]
