"""Charts as inline SVG, drawn on the server: no script library, nothing fetched.

>>> "<svg" in line_chart([(2024, 5.0, 5.2), (2025, 5.0, None)], "gdp growth, %")
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable

W, H, PAD = 640, 260, 40


def _scale(values: list[float]) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    margin = (hi - lo) * 0.1
    return lo - margin, hi + margin


def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round values between ``lo`` and ``hi`` for an axis (1, 2 or 5 times a power of 10)."""
    span = hi - lo
    raw = span / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step) * step
    out = []
    v = first
    while v <= hi + 1e-9:
        out.append(round(v, 10))
        v += step
    return out


def _num(v: float) -> str:
    return f"{v:g}"


def _y_axis(lo: float, hi: float, y: Callable[[float], float], unit: str | None) -> list[str]:
    """Ticks, labels and gridlines on the left, the unit above them."""
    parts = [f'<line class="axis" x1="{PAD}" y1="{PAD - 6}" x2="{PAD}" y2="{H - PAD}"/>']
    for v in _ticks(lo, hi):
        parts.append(
            f'<line class="grid" x1="{PAD}" x2="{W - PAD}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
            f'<text class="tick y" x="{PAD - 4}" y="{y(v) + 4:.1f}">{_num(v)}</text>'
        )
    if unit:
        parts.append(f'<text class="unit" x="{PAD}" y="{PAD - 10}">{html.escape(unit)}</text>')
    return parts


def line_chart(
    points: list[tuple[int, float | None, float | None]], title: str, unit: str | None = None
) -> str:
    """Targets (dashed) and outcomes (solid) by year: a dot for every year with a value,
    lines only between consecutive years (a missing year is a gap), y ticks and
    gridlines with the unit, year labels thinned to stay readable."""
    values = [v for _, t, o in points for v in (t, o) if v is not None]
    if not points or not values:
        return '<p class="empty">No values to draw.</p>'
    lo, hi = _scale(values)
    years = sorted({y for y, _, _ in points})
    x0, x1 = min(years), max(years)

    def x(year: int) -> float:
        return PAD + (W - 2 * PAD) * ((year - x0) / (x1 - x0) if x1 > x0 else 0.5)

    def y(v: float) -> float:
        return H - PAD - (H - 2 * PAD) * (v - lo) / (hi - lo)

    parts = [f'<text class="title" x="{PAD}" y="16">{html.escape(title)}</text>']
    parts += _y_axis(lo, hi, y, unit)
    parts.append(f'<line class="axis" x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}"/>')
    for idx, cls in ((1, "target"), (2, "outcome")):
        pts: list[tuple[int, float]] = sorted(
            (p[0], v) for p in points if (v := p[idx]) is not None
        )
        runs: list[list[tuple[int, float]]] = []
        for year, v in pts:
            if runs and year == runs[-1][-1][0] + 1:
                runs[-1].append((year, v))
            else:
                runs.append([(year, v)])
        for run in runs:
            if len(run) > 1:
                d = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in run)
                parts.append(f'<polyline class="{cls}" points="{d}"/>')
        for a, b in pts:
            parts.append(
                f'<circle class="{cls}" cx="{x(a):.1f}" cy="{y(b):.1f}" r="3" data-year="{a}"'
                f' data-value="{_num(b)}"><title>{a}: {_num(b)}</title></circle>'
            )
    every = max(1, math.ceil(len(years) / 10))
    for i, year in enumerate(years):
        if i % every == 0 or year == years[-1]:
            parts.append(
                f'<text class="tick" x="{x(year) - 14:.1f}" y="{H - PAD + 16}">{year}</text>'
            )
    parts.append(
        f'<text class="legend" x="{W - PAD - 170}" y="16">'
        '<tspan class="target">- - 目标 target</tspan>'
        ' <tspan class="outcome">— 实际 outcome</tspan></text>'
    )
    return _svg(parts, title)


def bar_chart(
    bars: list[tuple[str, float | None]], line: float | None, title: str, unit: str | None = None
) -> str:
    """One bar per region, largest first, from the zero line; the national target drawn
    across and named in the legend; full region names under the bars."""
    drawn: list[tuple[str, float]] = sorted(
        ((n, v) for n, v in bars if v is not None), key=lambda b: -b[1]
    )
    values = [v for _, v in drawn] + ([line] if line is not None else [])
    if not values:
        return '<p class="empty">No values to draw.</p>'
    lo, hi = _scale([0.0, *values])
    if min(values) >= 0:
        lo = 0.0  # bars of positive values stand on zero
    bottom = H + 60
    n = max(len(drawn), 1)
    step = (W - 2 * PAD) / n

    def y(v: float) -> float:
        return H - PAD - (H - 2 * PAD) * (v - lo) / (hi - lo)

    parts = [f'<text class="title" x="{PAD}" y="16">{html.escape(title)}</text>']
    parts += _y_axis(lo, hi, y, unit)
    zero = y(0.0)
    parts.append(f'<line class="axis" x1="{PAD}" y1="{zero:.1f}" x2="{W - PAD}" y2="{zero:.1f}"/>')
    for i, (label, v) in enumerate(drawn):
        top, base = min(y(v), zero), max(y(v), zero)
        parts.append(
            f'<rect class="bar" x="{PAD + i * step + 1:.1f}" y="{top:.1f}" '
            f'width="{max(step - 2, 1):.1f}" height="{max(base - top, 0.5):.1f}" '
            f'data-region="{html.escape(label, quote=True)}" data-value="{_num(v)}">'
            f"<title>{html.escape(label)}: {_num(v)}</title></rect>"
        )
        parts.append(
            f'<text class="tick vertical" x="{PAD + (i + 0.5) * step:.1f}" y="{H - PAD + 8}">'
            f"{html.escape(_short_region(label))}</text>"
        )
    if line is not None:
        parts.append(
            f'<line class="national" x1="{PAD}" x2="{W - PAD}" y1="{y(line):.1f}" '
            f'y2="{y(line):.1f}" data-value="{_num(line)}"><title>national target {_num(line)}'
            "</title></line>"
            f'<text class="legend national" x="{W - PAD - 150}" y="16">'
            f"— 全国目标 national {_num(line)}</text>"
        )
    return _svg(parts, title, bottom)


def _short_region(name: str) -> str:
    """A region's name without its generic part, whole (新疆维吾尔自治区 → 新疆维吾尔)."""
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] if suffix not in ("维吾尔自治区",) else name[:2]
    return name


def _svg(parts: list[str], title: str, height: int = H) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {W} {height}" role="img" '
        f'aria-label="{html.escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(parts)
        + "</svg>"
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
