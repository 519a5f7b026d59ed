"""Charts as inline SVG, drawn on the server: no script library, nothing fetched.

>>> "<svg" in line_chart([(2024, 5.0, 5.2), (2025, 5.0, None)], "gdp growth, %")
True
"""

from __future__ import annotations

import html

W, H, PAD = 640, 260, 40


def _scale(values: list[float]) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    margin = (hi - lo) * 0.1
    return lo - margin, hi + margin


def line_chart(points: list[tuple[int, float | None, float | None]], title: str) -> str:
    """Targets (dashed) and outcomes (solid) by year."""
    values = [v for _, t, o in points for v in (t, o) if v is not None]
    if not points or not values:
        return '<p class="empty">No values to draw.</p>'
    lo, hi = _scale(values)
    years = [y for y, _, _ in points]
    x0, x1 = min(years), max(years)

    def x(year: int) -> float:
        return PAD + (W - 2 * PAD) * ((year - x0) / (x1 - x0) if x1 > x0 else 0.5)

    def y(v: float) -> float:
        return H - PAD - (H - 2 * PAD) * (v - lo) / (hi - lo)

    parts = [_frame(title, lo, hi)]
    for idx, cls in ((1, "target"), (2, "outcome")):
        pts = [(x(p[0]), y(p[idx])) for p in points if p[idx] is not None]  # type: ignore[arg-type]
        if len(pts) > 1:
            d = " ".join(f"{a:.1f},{b:.1f}" for a, b in pts)
            parts.append(f'<polyline class="{cls}" points="{d}"/>')
        for a, b in pts:
            parts.append(f'<circle class="{cls}" cx="{a:.1f}" cy="{b:.1f}" r="3"/>')
    for year in years:
        parts.append(f'<text class="tick" x="{x(year):.1f}" y="{H - PAD + 16}">{year}</text>')
    return _svg(parts, title)


def bar_chart(bars: list[tuple[str, float | None]], line: float | None, title: str) -> str:
    """One bar per region, the national target drawn as a line across."""
    values = [v for _, v in bars if v is not None] + ([line] if line is not None else [])
    if not values:
        return '<p class="empty">No values to draw.</p>'
    lo, hi = _scale([0.0, *values])
    n = max(len(bars), 1)
    step = (W - 2 * PAD) / n

    def y(v: float) -> float:
        return H - PAD - (H - 2 * PAD) * (v - lo) / (hi - lo)

    parts = [_frame(title, lo, hi)]
    for i, (label, v) in enumerate(bars):
        if v is None:
            continue
        top = y(v)
        parts.append(
            f'<rect class="bar" x="{PAD + i * step + 1:.1f}" y="{top:.1f}" '
            f'width="{max(step - 2, 1):.1f}" height="{y(lo) - top:.1f}">'
            f"<title>{html.escape(label)}: {v:g}</title></rect>"
        )
        parts.append(
            f'<text class="tick vertical" x="{PAD + (i + 0.5) * step:.1f}" y="{H - PAD + 12}">'
            f"{html.escape(label[:3])}</text>"
        )
    if line is not None:
        parts.append(
            f'<line class="national" x1="{PAD}" x2="{W - PAD}" y1="{y(line):.1f}" '
            f'y2="{y(line):.1f}"><title>national target {line:g}</title></line>'
        )
    return _svg(parts, title)


def _frame(title: str, lo: float, hi: float) -> str:
    return (
        f'<text class="title" x="{PAD}" y="18">{html.escape(title)}</text>'
        f'<line class="axis" x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}"/>'
        f'<text class="tick" x="4" y="{PAD}">{hi:.1f}</text>'
        f'<text class="tick" x="4" y="{H - PAD}">{lo:.1f}</text>'
    )


def _svg(parts: list[str], title: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{html.escape(title)}"'
        ' xmlns="http://www.w3.org/2000/svg">' + "".join(parts) + "</svg>"
    )


def timeline_chart(rows: list[tuple[str, int, bool]], national_year: int | None, title: str) -> str:
    """When each region first used a formulation: one row per region (full name), a dot
    at its first year, the first national use as a dashed line across (rows are
    (region, year, is_national), earliest first)."""
    if not rows:
        return '<p class="empty">No uses to draw.</p>'
    years = [y for _, y, _ in rows] + ([national_year] if national_year else [])
    x0, x1 = min(years), max(years)
    if x1 == x0:
        x0, x1 = x0 - 1, x1 + 1
    left, step, top = 230, 16, 34
    height = top + step * len(rows) + 28

    def x(year: int) -> float:
        return left + (W - left - PAD) * (year - x0) / (x1 - x0)

    parts = [f'<text class="title" x="4" y="18">{html.escape(title)}</text>']
    for year in range(x0, x1 + 1):
        parts.append(
            f'<line class="grid" x1="{x(year):.1f}" x2="{x(year):.1f}" y1="{top - 8}" '
            f'y2="{height - 24}"/><text class="tick" x="{x(year) - 12:.1f}" '
            f'y="{height - 8}">{year}</text>'
        )
    if national_year is not None:
        parts.append(
            f'<line class="national" x1="{x(national_year):.1f}" x2="{x(national_year):.1f}" '
            f'y1="{top - 12}" y2="{height - 24}"><title>first national use {national_year}'
            "</title></line>"
        )
    for i, (region, year, national) in enumerate(rows):
        y = top + step * i
        cls = "first national" if national else "first"
        parts.append(
            f'<text class="region" x="4" y="{y + 4}">{html.escape(region[-16:])}</text>'
            f'<circle class="{cls}" cx="{x(year):.1f}" cy="{y}" r="5">'
            f"<title>{html.escape(region)}: {year}</title></circle>"
        )
    return (
        f'<svg class="chart timeline" viewBox="0 0 {W} {height}" role="img" '
        f'aria-label="{html.escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(parts)
        + "</svg>"
    )


def dot_plot(
    rows: list[tuple[str, float | None, float | None, str | None]],
    line: float | None,
    title: str,
) -> str:
    """One row per child (full name): its target as a filled dot linked to its sentence,
    its outcome as a ring, the parent's target as a dashed line down the chart.  Rows are
    (region, target, outcome, link)."""
    values = [v for _, t, o, _ in rows for v in (t, o) if v is not None]
    if line is not None:
        values.append(line)
    if not rows or not values:
        return '<p class="empty">No targets to draw.</p>'
    lo, hi = _scale(values)
    left, step, top = 230, 18, 34
    height = top + step * len(rows) + 30

    def x(v: float) -> float:
        return left + (W - left - PAD) * (v - lo) / (hi - lo)

    parts = [f'<text class="title" x="4" y="18">{html.escape(title)}</text>']
    for i in range(5):
        v = lo + (hi - lo) * i / 4
        parts.append(
            f'<line class="grid" x1="{x(v):.1f}" x2="{x(v):.1f}" y1="{top - 8}" '
            f'y2="{height - 24}"/><text class="tick" x="{x(v) - 10:.1f}" '
            f'y="{height - 8}">{v:.1f}</text>'
        )
    if line is not None:
        parts.append(
            f'<line class="national" x1="{x(line):.1f}" x2="{x(line):.1f}" y1="{top - 12}" '
            f'y2="{height - 24}"><title>parent target {line:g}</title></line>'
        )
    for i, (region, target, outcome, link) in enumerate(rows):
        y = top + step * i
        parts.append(f'<text class="region" x="4" y="{y + 4}">{html.escape(region[-16:])}</text>')
        if outcome is not None:
            parts.append(
                f'<circle class="outcome" cx="{x(outcome):.1f}" cy="{y}" r="5">'
                f"<title>{html.escape(region)} outcome {outcome:g}</title></circle>"
            )
        if target is not None:
            dot = (
                f'<circle class="target" cx="{x(target):.1f}" cy="{y}" r="5">'
                f"<title>{html.escape(region)} target {target:g}</title></circle>"
            )
            if link:
                dot = f'<a class="dot" href="{html.escape(link, quote=True)}">{dot}</a>'
            parts.append(dot)
    return (
        f'<svg class="chart timeline dots" viewBox="0 0 {W} {height}" role="img" '
        f'aria-label="{html.escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(parts)
        + "</svg>"
    )
