"""Server-rendered SVG charts of the overview of needs: a heat map (ecosystem × month) and
horizontal bars (by organisation type or kind). Pure: strings and numbers in, SVG markup
out, no Django, so the charts are tested without a request and the page stays free of
JavaScript.

- **Words.** The module writes none of its own: the title, axis names, labels and
  description come from the caller, already translated. Numbers go through
  ``format_value`` (default ``format_count``: digits, grouped by narrow spaces from
  10 000, the SI way that reads in every language of the alliance).
- **Empty data** (no rows, no columns, no bars) gives ``""``: the page then says in its own
  words that there is nothing to chart. Zeros are charted (an all-zero chart is a finding).
- **Phones.** A viewBox scales text with the chart, so a label column beside the cells
  would shrink every word to 8 px at 390 px. Each row's label sits on its own line above
  its cells or bar instead, the cells get the whole width, and the chart is readable from
  320 px up. ``charts.css`` caps the width on wide screens, where the text would grow.
- **Content-Security-Policy** (docs/decisions/0006): colours, sizes and positions are
  presentation attributes, never ``style=`` or ``<style>``; hover and focus are in
  ``alliance/static/alliance/charts.css``.
- **Colours.** One hue, blue, from light to dark: lightness alone orders the classes, so
  the scale reads the same with any colour-vision deficiency and in greyscale. Each class
  carries the text colour (ink or white) that meets WCAG AA (4.5:1) on it; the legend
  names every class's range.
- **Accessibility.** Without links the chart is one image (``role="img"``, named by its
  ``<title>``, described by its ``<desc>``), and the page's table gives the data. With
  links it is a ``role="group"`` whose links are named one by one ("Health · 2020-05: 12"):
  an image's children are presentational, which would hide its links from screen readers
  (axe's nested-interactive). Its legend, axes and unlinked cells are then hidden from
  assistive technology, as the table says all they say.
- **Untrusted text.** Labels are user data (ecosystem, region, organisation names):
  characters XML cannot hold become U+FFFD, runs of white space one space, and everything
  is escaped. Links must be relative or http(s); anything else (``javascript:``) raises.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

# The charts' user units. In a card on a 390 px phone a chart is about 332 px wide, one unit
# 0.83 px: labels (14) read at 11.6 px, figures (12) at 10 px, and a heat map's cells of 12
# months are 26 × 25 px, above the 24 px a pointer target needs (WCAG 2.5.8). charts.css
# lets a chart grow to 32rem (1.28 px a unit) on wide screens, no more, or its text would.
WIDTH = 400
LABEL_SIZE = 14
SMALL_SIZE = 12
# A taller heat map repeats its column labels under the cells: on a phone the top ones have
# scrolled away by the last rows.
TICKS_BELOW = 6

INK = "#17202a"
MUTED = "#4a5561"
LINE = "#d5dbe1"
SOFT = "#f3f5f8"
BRAND = "#0b4f8a"
WHITE = "#ffffff"
# (fill, text) per class, light to dark, CIE L* 92, 79, 64, 44, 24. Text contrast:
# ink 13.6, 9.5, 5.9; white 5.6, 11.6 (tests/overview/test_charts_colours_*.py).
SCALE = (("#deebf7", INK), ("#a6c9e8", INK), ("#6a9fd3", INK), ("#2c6aa8", WHITE), ("#083a66", WHITE))
ZERO = (SOFT, MUTED)

Formatter = Callable[[int], str]


def format_count(value: int) -> str:
    """``12``, ``9999``, ``12 345``, ``1 000 000`` (narrow no-break spaces)."""
    return str(value) if value < 10_000 else f"{value:,}".replace(",", "\u202f")


# Advance widths in em, rounded up from DejaVu Sans, the widest of the usual system
# fonts (Debian's default): a label measured with them fits in Segoe UI, Roboto or San
# Francisco too, with room to spare.
_WIDTHS: dict[str, float] = {}
for _chars, _width in (("ijlIJ'|", 0.3), (" .,:;·/\"", 0.34), ("ftr()[]-!", 0.42), ("csz–?", 0.56),
                       ("abdeghknopquvxy0123456789LFPYTS", 0.64), ("ABCDEGHKNORUVXZQ&", 0.79),
                       ("mMwW%…—+", 1.0)):
    _WIDTHS.update(dict.fromkeys(_chars, _width))


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """An upper estimate of ``text``'s width at ``size`` user units (no font metrics here)."""
    total = 0.0
    for char in text:
        width = _WIDTHS.get(char)
        if width is None:
            if unicodedata.combining(char):
                width = 0.0
            elif unicodedata.east_asian_width(char) in "WF":
                width = 1.0
            else:
                width = 0.79 if char.isupper() else 0.64
        total += width
    return total * size * (1.1 if bold else 1.0)


def truncate(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """``text`` if it fits in ``width``, else as much of it as fits, then an ellipsis."""
    if text_width(text, size, bold=bold) <= width:
        return text
    budget = width - text_width("…", size, bold=bold)
    kept: list[str] = []
    used = 0.0
    for char in text:
        used += text_width(char, size, bold=bold)
        if used > budget:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"


def heat_map(rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[int]], *, title: str,
             row_label: str, column_label: str, cell_links: Sequence[Sequence[str | None]] | None = None,
             description: str | None = None, format_value: Formatter = format_count,
             chart_id: str | None = None) -> str:
    """A heat map of ``values[r][c]`` (counts, ``>= 0``) for ``rows`` × ``columns``, as SVG.

    Each cell is a ``rect.chart-cell`` coloured by its class, with its figure inside when it fits
    and a tooltip "Row · Column: figure"; ``cell_links[r][c]`` (``None`` for none) puts a
    link around the cell. Columns written ``YYYY-MM`` get a year row and month numbers
    above the cells. ``description`` (default "row_label × column_label") is the
    ``<desc>``; ``chart_id`` (default: from the data) prefixes the ids, and must be unique
    on the page. Returns ``""`` when there are no rows or no columns.
    """
    if not rows or not columns:
        return ""
    row_names = [_clean(name) for name in rows]
    column_names = [_clean(name) for name in columns]
    grid = _matrix(values, len(rows), len(columns))
    links = _link_matrix(cell_links, len(rows), len(columns))
    linked = any(href is not None for row in links for href in row)
    bins = _bins(max((value for row in grid for value in row), default=0))
    ident = _ident(chart_id, "heat-map", title, row_names, column_names, grid)

    months = [_MONTH.fullmatch(name) for name in column_names]
    years = [match.group(1) for match in months if match] if all(months) else []
    # A wider gap where a year turns, so that the months fall into years at a glance.
    breaks = [index for index in range(1, len(years)) if years[index] != years[index - 1]]
    gap, year_gap = 2.0, 6.0
    cell_width = min(56.0, (WIDTH - gap * (len(columns) - 1) - (year_gap - gap) * len(breaks)) / len(columns))
    xs: list[float] = []
    for index in range(len(columns)):
        xs.append(0.0 if index == 0 else xs[-1] + cell_width + (year_gap if index in breaks else gap))
    cell_height = 30.0
    parts: list[str] = []
    decoration: list[str] = []

    y = _legend(decoration, bins, format_value)
    y += 14
    decoration.append(_text(0, y + 12, _clean(column_label), size=SMALL_SIZE, fill=MUTED, bold=True,
                            max_width=WIDTH))
    y += 18
    if years:
        for index in [0, *breaks]:
            decoration.append(_text(xs[index], y + 12, years[index], size=SMALL_SIZE, fill=MUTED,
                                    max_width=WIDTH - xs[index]))
        y += 16
        ticks = [match.group(2) for match in months if match]
    else:
        ticks = column_names
    _ticks(decoration, ticks, xs, y, cell_width)
    y += 22

    # A value's figure, colours and whether its figure fits, once per distinct value: a
    # map of 14 ecosystems × 36 months has some hundred values in its 500 cells, and
    # format_value is the page's locale-aware number formatting.
    looks: dict[int, tuple[str, str, str, bool]] = {}
    for r, name in enumerate(row_names):
        label = _text(0, y + 13, name, size=LABEL_SIZE, fill=INK, bold=True, max_width=WIDTH)
        decoration.append(label)
        y += 19
        for c, column in enumerate(column_names):
            value = grid[r][c]
            look = looks.get(value)
            if look is None:
                figure = format_value(value)
                look = looks[value] = (figure, *_colour(value, bins),
                                       bool(value) and text_width(figure, SMALL_SIZE) + 4 <= cell_width)
            figure, fill, ink, fits = look
            x = xs[c]
            tip = f"{name} · {column}: {figure}"
            shape = [f"<title>{escape(tip)}</title>",
                     _rect(x, y, cell_width, cell_height, fill, css="chart-cell", stroke=LINE if value == 0 else None)]
            if fits:
                shape.append(_text(x + cell_width / 2, y + cell_height / 2 + SMALL_SIZE * 0.36, figure,
                                   size=SMALL_SIZE, fill=ink, anchor="middle"))
            parts.append(_wrap(shape, links[r][c], tip, linked))
        y += cell_height + 9
    if len(rows) > TICKS_BELOW:
        _ticks(decoration, ticks, xs, y - 7, cell_width)
        y += 16
    height = y - 9 + 2
    return _svg(ident, "chart-heat-map", height, title, description or f"{_clean(row_label)} × {_clean(column_label)}",
                decoration, parts, linked)


def bar_chart(labels: Sequence[str], values: Sequence[int], *, title: str, links: Sequence[str | None] | None = None,
              description: str | None = None, format_value: Formatter = format_count,
              chart_id: str | None = None) -> str:
    """Horizontal bars of ``values`` (counts, ``>= 0``), in the order given, as SVG.

    Each bar is a ``rect.chart-bar`` under its label, its figure at its end; the longest bar is
    the largest value. ``links[i]`` (``None`` for none) links the label, bar and figure.
    ``description``, when given, is the ``<desc>``; ``chart_id`` as for ``heat_map``.
    Returns ``""`` when there are no bars.
    """
    if not labels:
        return ""
    names = [_clean(label) for label in labels]
    counts = _row(values, len(labels), "values")
    hrefs = _link_matrix([links] if links is not None else None, 1, len(labels))[0]
    linked = any(href is not None for href in hrefs)
    ident = _ident(chart_id, "bar-chart", title, names, counts)

    figures = [format_value(value) for value in counts]
    figure_room = max(text_width(figure, LABEL_SIZE, bold=True) for figure in figures) + 8
    longest = WIDTH - figure_room
    top = max(counts)
    bar_height = 18.0
    parts: list[str] = []
    y = 0.0
    for name, value, figure, href in zip(names, counts, figures, hrefs, strict=True):
        length = longest * value / top if top else 0.0
        tip = f"{name}: {figure}"
        label_fill = BRAND if href else INK
        shape = [f"<title>{escape(tip)}</title>",
                 _text(0, y + 14, name, size=LABEL_SIZE, fill=label_fill, max_width=WIDTH, underline=bool(href)),
                 _rect(0, y + 20, longest, bar_height, SOFT, css="chart-track"),
                 _rect(0, y + 20, length, bar_height, BRAND, css="chart-bar"),
                 _text(length + 6, y + 20 + bar_height / 2 + LABEL_SIZE * 0.36, figure, size=LABEL_SIZE, fill=INK,
                       bold=True)]
        parts.append(_wrap(shape, href, tip, linked))
        y += 20 + bar_height + 14
    return _svg(ident, "chart-bar-chart", y - 14 + 2, title, description, [], parts, linked)


_MONTH = re.compile(r"(\d{4})-(\d{2})")
# Characters XML 1.0 cannot hold, even escaped (control characters, lone surrogates).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACES = re.compile(r"\s+")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", _NOT_XML.sub("\ufffd", str(text))).strip()


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _row(values: Sequence[int], length: int, what: str) -> list[int]:
    if len(values) != length:
        raise ValueError(f"{what}: {len(values)} values for {length} labels")
    counts = [int(value) for value in values]
    if any(value < 0 for value in counts):
        raise ValueError(f"{what}: counts cannot be negative")
    return counts


def _matrix(values: Sequence[Sequence[int]], rows: int, columns: int) -> list[list[int]]:
    if len(values) != rows:
        raise ValueError(f"values: {len(values)} rows for {rows} row labels")
    return [_row(row, columns, f"values[{index}]") for index, row in enumerate(values)]


def _link_matrix(links: Sequence[Sequence[str | None]] | None, rows: int, columns: int) -> list[list[str | None]]:
    if links is None:
        return [[None] * columns for _ in range(rows)]
    if len(links) != rows or any(len(row) != columns for row in links):
        raise ValueError("links must have the shape of the values")
    return [[None if href is None else _href(href) for href in row] for row in links]


def _href(href: str) -> str:
    cleaned = _clean(href)
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError as error:
        raise ValueError(f"not a link: {href!r}") from error
    if scheme not in ("", "http", "https"):
        raise ValueError(f"links must be relative or http(s): {href!r}")
    return cleaned


def _ident(chart_id: str | None, kind: str, *data: object) -> str:
    if chart_id is not None:
        if not _ID.fullmatch(chart_id):
            raise ValueError(f"chart_id must be a letter then letters, digits, - or _: {chart_id!r}")
        return chart_id
    return f"{kind}-{hashlib.blake2s(repr(data).encode('utf-8', 'surrogatepass'), digest_size=4).hexdigest()}"


# 1, 2, 5, 10, 20, 50, ...: bounds a reader takes in at a glance.
def _ladder(top: int) -> list[int]:
    steps: list[int] = []
    power = 1
    while power <= top:
        steps += [step * power for step in (1, 2, 5) if step * power <= top]
        power *= 10
    return steps


def _bins(top: int) -> list[tuple[int, int]]:
    """Classes (low, high) of the counts 1..top, at most len(SCALE) of them. Counts of
    statements are skewed (many cells of 1 or 2, a few of 50), so above 5 the bounds grow
    geometrically, rounded to the 1-2-5 ladder: 1 · 2–4 · 5–9 · 10–19 · 20–57."""
    if top <= 0:
        return []
    if top <= len(SCALE):
        return [(value, value) for value in range(1, top + 1)]
    ladder = _ladder(top)
    lows = {1}
    for step in range(1, len(SCALE)):
        ideal = math.log(top) * step / len(SCALE)
        lows.add(min(ladder, key=lambda bound: abs(math.log(bound) - ideal)))
    starts = sorted(lows)
    return [(low, (starts[index + 1] - 1) if index + 1 < len(starts) else top) for index, low in enumerate(starts)]


def _colour(value: int, bins: list[tuple[int, int]]) -> tuple[str, str]:
    if value == 0 or not bins:
        return ZERO
    index = bisect_right([low for low, _high in bins], value) - 1
    return SCALE[_shade(index, len(bins))]


def _shade(index: int, classes: int) -> int:
    """Spread ``classes`` classes over the scale, light to dark (a lone class in the middle)."""
    if classes == 1:
        return len(SCALE) // 2
    return round(index * (len(SCALE) - 1) / (classes - 1))


def _legend(out: list[str], bins: list[tuple[int, int]], format_value: Formatter) -> float:
    """Swatches and ranges in a row that wraps; returns the y under it."""
    entries = [(ZERO, format_value(0))]
    entries += [(SCALE[_shade(index, len(bins))],
                 format_value(low) if low == high else f"{format_value(low)}–{format_value(high)}")
                for index, (low, high) in enumerate(bins)]
    x = y = 0.0
    out.append('<g class="chart-legend">')
    for (fill, _ink), text in entries:
        width = 14 + 5 + text_width(text, SMALL_SIZE)
        if x and x + width > WIDTH:
            x, y = 0.0, y + 20
        out.append(_rect(x, y + 1, 14, 14, fill, css="chart-swatch", stroke=LINE if fill == ZERO[0] else None))
        out.append(_text(x + 19, y + 12.5, text, size=SMALL_SIZE, fill=INK))
        x += width + 14
    out.append("</g>")
    return y + 16


def _ticks(out: list[str], ticks: list[str], xs: list[float], y: float, cell_width: float) -> None:
    """Column labels over their cells, cut to fit when a cell holds a few letters; in
    narrower cells (30 months on a phone) every second, third... from its cell's left edge."""
    widest = max(text_width(tick, SMALL_SIZE) for tick in ticks) + 4
    fits = widest <= cell_width or cell_width >= text_width("Abc…", SMALL_SIZE) + 4 or len(ticks) == 1
    every = 1 if fits else math.ceil(widest / (cell_width + 2))
    for index in range(0, len(ticks), every):
        if every == 1:
            out.append(_text(xs[index] + cell_width / 2, y + 12, ticks[index], size=SMALL_SIZE, fill=MUTED,
                             anchor="middle", max_width=cell_width - 2))
        else:
            end = xs[index + every] - 2 if index + every < len(xs) else WIDTH
            out.append(_text(xs[index], y + 12, ticks[index], size=SMALL_SIZE, fill=MUTED, max_width=end - xs[index]))


def _text(x: float, y: float, text: str, *, size: float, fill: str, anchor: str | None = None, bold: bool = False,
          max_width: float | None = None, underline: bool = False) -> str:
    shown = truncate(text, max_width, size, bold=bold) if max_width is not None else text
    attributes = f'x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}" fill="{fill}"'
    if anchor:
        attributes += f' text-anchor="{anchor}"'
    if bold:
        attributes += ' font-weight="600"'
    if underline:
        attributes += ' text-decoration="underline"'
    element = f"<text {attributes}>{escape(shown)}</text>"
    if shown != text:
        # The cut label keeps its full text as its tooltip.
        element = f"<g><title>{escape(text)}</title>{element}</g>"
    return element


def _rect(x: float, y: float, width: float, height: float, fill: str, *, css: str, stroke: str | None = None) -> str:
    outline = f' stroke="{stroke}" stroke-width="1"' if stroke else ""
    return (f'<rect class="{css}" x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" height="{_num(height)}" '
            f'rx="2" fill="{fill}"{outline}/>')


def _wrap(shape: list[str], href: str | None, name: str, linked: bool) -> str:
    inner = "".join(shape)
    if href is not None:
        return f'<a href="{_attr(href)}" aria-label="{_attr(name)}">{inner}</a>'
    if linked:
        return f'<g aria-hidden="true">{inner}</g>'
    return f"<g>{inner}</g>"


def _svg(ident: str, css: str, height: float, title: str, description: str | None, decoration: list[str],
         parts: list[str], linked: bool) -> str:
    role = "group" if linked else "img"
    aria = f'aria-labelledby="{ident}-title"'
    head = f'<title id="{ident}-title">{escape(_clean(title))}</title>'
    if description:
        aria += f' aria-describedby="{ident}-desc"'
        head += f'<desc id="{ident}-desc">{escape(_clean(description))}</desc>'
    drawing = "".join(decoration)
    if drawing and linked:
        drawing = f'<g aria-hidden="true">{drawing}</g>'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" viewBox="0 0 {WIDTH} {_num(height)}" '
            f'width="100%" role="{role}" {aria}>{head}{drawing}{"".join(parts)}</svg>')
