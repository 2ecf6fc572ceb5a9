"""A simulation's months as an accessible SVG chart, drawn on the server (spec §7).

``usage_chart(months, month_labels)`` takes the engine's months (``Simulation.months``)
and one already localised label per month, and returns the ``<svg>`` element as a SafeString,
ready to put in a template. No JavaScript, no external CSS, no ``style`` attribute and
no ``<style>`` element (the site's Content-Security-Policy forbids inline styles): every
element is painted with presentation attributes (``fill``, ``stroke``...) and also
carries a class (``seg-allowance``...) for the site's stylesheet to hook on.

What is drawn, per month (one ``<g class="month">`` each, in order):

* the **use bar**, stacked from the axis up: from the allowance (dark blue), from
  rollover (mid blue), then the three parts beyond the plan, each distinct by colour
  *and* by pattern so that they survive colour blindness and greyscale: slowed
  (solid orange), charged extra (orange with dark diagonal stripes) and not available
  (unmet: hollow, dashed dark-red outline). The bar's height is the month's demand.
* the **wasted bar**, narrower, to the right of the use bar and only when the month
  lost data: expired (grey hatching) under forfeited (dark cross-hatching).
* a month whose plan was not renewed gets a light grey background across the plot and
  a bold "—" at the top of its column.

Across the months, the **bank at month end** is a dark line with white round markers
(one per month) on a white halo, so that it reads over the dark bars.

All bars and the line share one y axis, in GB (1 GB = 1024 MB) with 2–5 round ticks
(0.5, 1, 2, 2.5 or 5 × 10ⁿ GB). The legend is inside the SVG, under
the x labels, and lists only what the chart shows. The ``<desc>`` is the text
alternative: the totals in a few sentences. Each month group also has a ``<title>``
(a tooltip with that month's figures).

The SVG has a ``viewBox`` 400 units wide and no width or height, so it fills its
container's width at its aspect ratio, and its text scales with it. The text is drawn for
a phone: 15 units is ~12 px on a 360 px screen (the chart ~328 px wide); the layout (axis
margin, label turns, legend columns) leaves room for that size. A wider screen would
enlarge it, so the page's stylesheet caps the chart's width and sets a smaller text size
there (``site.css``: ~16 px at most).

Every user-visible string goes through gettext with named placeholders, and every
interpolated string is escaped. Amounts are written by ``carriers.formats``.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from carriers import formats

from .engine import MB_PER_GB, MonthResult
from .explain import join_sentences

# Geometry, in viewBox units.
WIDTH = 400
RIGHT = 10
TOP = 14
PLOT_H = 200
FONT = 15  # axis and legend text: ~12 px when the chart is 328 px wide (a 360 px phone)
SMALL = 14.5  # month labels
MIN_H = 1.0  # a segment that is not zero is drawn at least this tall
LEGEND_ROW = 22
MAX_LABELS = 12  # more months than this: label every 2nd, 3rd...

# Colours: the two "from the plan" blues differ in lightness (2.4:1), orange against
# blue is the pair every common colour-vision deficiency keeps, and every filled mark
# has at least 3:1 against the white page except where a pattern or outline carries it.
INK = "#333333"
GRID = "#d4d4d4"
AXIS = "#595959"
LAPSED = "#e4e4e4"
BANK = "#1a1a1a"

# The use bar, from the axis up, and the wasted bar: (field, class).
USE_SEGMENTS = (
    ("from_allowance_mb", "seg-allowance"),
    ("from_bank_mb", "seg-rollover"),
    ("throttled_mb", "seg-throttled"),
    ("overage_mb", "seg-overage"),
    ("unmet_mb", "seg-unmet"),
)
WASTE_SEGMENTS = (("expired_mb", "seg-expired"), ("forfeited_mb", "seg-forfeited"))

NICE_STEPS = (1, 2, 2.5, 5)


def _mb(month: MonthResult, field: str) -> int:
    """A month's MB figure; None (unlimited plans' ``granted_mb``) counts 0."""
    return getattr(month, field) or 0


def _text_width(text: str, size: float) -> float:
    """A rough width of ``text`` at font ``size``: wide (CJK) characters 1 em, others 0.6."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    return (0.6 * (len(text) - wide) + wide) * size


def _axis(max_mb: int) -> tuple[int, list[tuple[int, str]]]:
    """The axis top in MB and its ticks as (MB, label), 0 first: round GB."""
    span = max_mb / MB_PER_GB
    raw = max(span / 4, 0.5)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next((m * magnitude for m in NICE_STEPS if m * magnitude >= raw), 10 * magnitude)
    step = Decimal(str(max(step, 0.5)))
    count = max(1, math.ceil(span / float(step) - 1e-9))
    ticks = [(round(i * step * MB_PER_GB), formats.gigabytes(i * step)) for i in range(count + 1)]
    return ticks[-1][0], ticks


def _c(value: float) -> str:
    """A coordinate: two decimals at most."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _defs(cid: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{cid}-overage" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#f5b56b"/>'
        '<rect width="2.5" height="6" fill="#7a3a00"/></pattern>'
        f'<pattern id="{cid}-expired" width="5" height="5" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(-45)">'
        '<rect width="5" height="5" fill="#ffffff"/>'
        '<rect width="1.5" height="5" fill="#595959"/></pattern>'
        f'<pattern id="{cid}-forfeited" width="5" height="5" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)">'
        '<rect width="5" height="5" fill="#bdbdbd"/>'
        '<rect width="1.5" height="5" fill="#262626"/>'
        '<rect width="5" height="1.5" fill="#262626"/></pattern>'
        "</defs>"
    )


def _paints(cid: str) -> dict[str, str]:
    """Each segment class's presentation attributes."""
    return {
        "seg-allowance": 'fill="#1d4e89" stroke="#ffffff" stroke-width="0.75"',
        "seg-rollover": 'fill="#4a90c8" stroke="#ffffff" stroke-width="0.75"',
        "seg-throttled": 'fill="#c26100" stroke="#ffffff" stroke-width="0.75"',
        "seg-overage": f'fill="url(#{cid}-overage)" stroke="#7a3a00" stroke-width="0.75"',
        "seg-unmet": ('fill="#ffffff" stroke="#a3330a" stroke-width="1.25" stroke-dasharray="3 2"'),
        "seg-expired": f'fill="url(#{cid}-expired)" stroke="#595959" stroke-width="0.75"',
        "seg-forfeited": f'fill="url(#{cid}-forfeited)" stroke="#262626" stroke-width="0.75"',
    }


def _legend_names() -> dict[str, str]:
    return {
        "seg-allowance": _("From allowance"),
        "seg-rollover": _("From rollover"),
        "seg-throttled": _("Slowed"),
        "seg-overage": _("Charged extra"),
        "seg-unmet": _("Not available"),
        "seg-expired": _("Expired"),
        "seg-forfeited": _("Forfeited"),
        "bank": _("Bank at month end"),
        "lapsed": _("Not renewed"),
    }


def _description(months: Sequence[MonthResult]) -> str:
    """The text alternative: the run's totals in a few sentences."""

    def total(field: str) -> int:
        return sum(_mb(m, field) for m in months)

    n = len(months)
    parts = [
        ngettext(
            "Over %(count)d month: %(demand)s of data needed, %(allowance)s from the plan's"
            " allowance and %(rollover)s from rolled-over data.",
            "Over %(count)d months: %(demand)s of data needed, %(allowance)s from the plan's"
            " allowance and %(rollover)s from rolled-over data.",
            n,
        )
        % {
            "count": n,
            "demand": formats.size(total("demand_mb")),
            "allowance": formats.size(total("from_allowance_mb")),
            "rollover": formats.size(total("from_bank_mb")),
        }
    ]
    sentences = (
        ("throttled_mb", _("%(amount)s was slowed.")),
        ("overage_mb", _("%(amount)s was charged extra.")),
        ("unmet_mb", _("%(amount)s was needed but not available.")),
        ("expired_mb", _("%(amount)s expired.")),
        ("forfeited_mb", _("%(amount)s was forfeited.")),
    )
    for field, sentence in sentences:
        amount = total(field)
        if amount:
            parts.append(sentence % {"amount": formats.size(amount)})
    if not total("expired_mb") and not total("forfeited_mb"):
        parts.append(_("No data expired or was forfeited."))
    if any(_mb(m, "closing_bank_mb") for m in months):
        parts.append(
            _("%(bank)s left in the bank at the end.")
            % {"bank": formats.size(_mb(months[-1], "closing_bank_mb"))}
        )
    lapsed = sum(1 for m in months if not m.renewed)
    if lapsed:
        parts.append(
            ngettext(
                "The plan was not renewed in %(count)d month.",
                "The plan was not renewed in %(count)d months.",
                lapsed,
            )
            % {"count": lapsed}
        )
    return join_sentences(parts)


def _tooltip_words() -> tuple[Callable[[int | None], str], str, str]:
    """What every month's tooltip is written with, looked up once a chart: the sizes in the
    active language, and the sentences of a lapsed and of a renewed month."""
    return (
        formats.sizer(),
        _("%(month)s: not renewed; %(wasted)s expired or forfeited; %(bank)s in the bank."),
        _(
            "%(month)s: %(demand)s needed (%(allowance)s from allowance, %(rollover)s from"
            " rollover, %(beyond)s beyond the plan); %(wasted)s expired or forfeited;"
            " %(bank)s in the bank."
        ),
    )


def _month_tooltip(month: MonthResult, label: str, words: tuple) -> str:
    size, lapsed, renewed = words
    beyond = sum(_mb(month, f) for f in ("throttled_mb", "overage_mb", "unmet_mb"))
    values = {
        "month": label,
        "demand": size(_mb(month, "demand_mb")),
        "allowance": size(_mb(month, "from_allowance_mb")),
        "rollover": size(_mb(month, "from_bank_mb")),
        "beyond": size(beyond),
        "wasted": size(_mb(month, "expired_mb") + _mb(month, "forfeited_mb")),
        "bank": size(_mb(month, "closing_bank_mb")),
    }
    return (renewed if month.renewed else lapsed) % values


def usage_chart(
    months: Sequence[MonthResult],
    month_labels: Sequence[str],
    *,
    chart_id: str = "usage-chart",
) -> SafeString:
    """The months of a simulation (``Simulation.months``) as an inline SVG.

    ``month_labels`` holds one localised label per month ("Mar 2026", "2026年3月").
    ``chart_id`` prefixes the SVG's ids (title, desc, patterns); pass distinct ones to
    put two charts on one page. Returns the ``<svg>`` element, legend included.
    """
    if len(month_labels) != len(months):
        raise ValueError(
            f"usage_chart needs one label per month: {len(months)} months,"
            f" {len(month_labels)} labels"
        )
    cid = escape(chart_id)
    title = _("Mobile data by month")
    n = len(months)
    labels = [str(label) for label in month_labels]
    paints = _paints(cid)
    names = _legend_names()

    # The y axis: everything drawn shares it.
    max_mb = 0
    for m in months:
        max_mb = max(
            max_mb,
            sum(_mb(m, f) for f, _cls in USE_SEGMENTS),
            _mb(m, "expired_mb") + _mb(m, "forfeited_mb"),
            _mb(m, "closing_bank_mb"),
        )
    top_mb, ticks = _axis(max_mb)
    per_mb = PLOT_H / top_mb
    base = TOP + PLOT_H

    # The x axis: label every month up to MAX_LABELS, else every 2nd, 3rd...; turn the
    # labels 45° when they would not fit side by side.
    every = 1 if n <= MAX_LABELS else math.ceil(n / MAX_LABELS)
    shown = [i for i in range(n) if i % every == 0]
    label_w = max((_text_width(labels[i], SMALL) for i in shown), default=0.0)
    left = max(_text_width(text, FONT) for _mb_, text in ticks) + 10
    slot = (WIDTH - left - RIGHT) / max(n, 1)
    rotate = label_w > slot * every - 4
    if rotate:
        overhang = label_w * 0.7071 - slot / 2 + 4
        if overhang > left:
            left = overhang
            slot = (WIDTH - left - RIGHT) / max(n, 1)
        label_h = label_w * 0.7071 + SMALL + 8
    else:
        label_h = SMALL + 12
    plot_w = slot * n
    bar_w, waste_w = slot * 0.48, slot * 0.28
    bar_dx, waste_dx = slot * 0.1, slot * 0.6

    # What the chart shows decides the legend.
    has = {cls for m in months for f, cls in (*USE_SEGMENTS, *WASTE_SEGMENTS) if _mb(m, f)}
    has_bank = any(_mb(m, "closing_bank_mb") for m in months)
    has_lapsed = any(not m.renewed for m in months)
    legend = ["seg-allowance"]
    legend += [cls for _f, cls in (*USE_SEGMENTS[1:], *WASTE_SEGMENTS) if cls in has]
    legend += ["bank"] if has_bank else []
    legend += ["lapsed"] if has_lapsed else []
    col_w = (WIDTH - 16) / 2
    columns = 2 if all(_text_width(names[k], FONT) + 22 <= col_w for k in legend) else 1
    rows = math.ceil(len(legend) / columns)
    legend_top = base + label_h + 6
    height = legend_top + rows * LEGEND_ROW + 4

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="usage-chart" role="img"'
        f' viewBox="0 0 {WIDTH} {_c(height)}" preserveAspectRatio="xMidYMid meet"'
        f' aria-labelledby="{cid}-title {cid}-desc" font-family="system-ui, sans-serif"'
        f' font-size="{FONT}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(_description(months))}</desc>',
        _defs(cid),
    ]

    # Lapsed months' background, under the grid.
    if has_lapsed:
        out.append('<g class="lapsed-bg">')
        for i, m in enumerate(months):
            if not m.renewed:
                out.append(
                    f'<rect x="{_c(left + i * slot)}" y="{TOP}" width="{_c(slot)}"'
                    f' height="{PLOT_H}" fill="{LAPSED}"/>'
                )
        out.append("</g>")

    # Grid and y tick labels.
    out.append('<g class="y-axis">')
    for mb, text in ticks:
        y = _c(base - mb * per_mb)
        if mb:
            out.append(
                f'<line x1="{_c(left)}" x2="{_c(left + plot_w)}" y1="{y}" y2="{y}"'
                f' stroke="{GRID}" stroke-width="1"/>'
            )
        out.append(
            f'<text x="{_c(left - 6)}" y="{y}" dy="0.35em" text-anchor="end"'
            f' fill="{INK}">{escape(text)}</text>'
        )
    out.append("</g>")

    # One group per month.
    words = _tooltip_words()
    for i, m in enumerate(months):
        x0 = left + i * slot
        lapsed = not m.renewed
        out.append(
            f'<g class="month{" month-lapsed" if lapsed else ""}"'
            f' data-month="{escape(m.month)}">'
            f"<title>{escape(_month_tooltip(m, labels[i], words))}</title>"
        )
        y = base
        for field, cls in USE_SEGMENTS:
            value = _mb(m, field)
            if value:
                h = max(value * per_mb, MIN_H)
                y -= h
                out.append(
                    f'<rect class="{cls}" x="{_c(x0 + bar_dx)}" y="{_c(y)}"'
                    f' width="{_c(bar_w)}" height="{_c(h)}" {paints[cls]}/>'
                )
        if _mb(m, "expired_mb") or _mb(m, "forfeited_mb"):
            out.append('<g class="wasted">')
            y = base
            for field, cls in WASTE_SEGMENTS:
                value = _mb(m, field)
                if value:
                    h = max(value * per_mb, MIN_H)
                    y -= h
                    out.append(
                        f'<rect class="{cls}" x="{_c(x0 + waste_dx)}" y="{_c(y)}"'
                        f' width="{_c(waste_w)}" height="{_c(h)}" {paints[cls]}/>'
                    )
            out.append("</g>")
        if lapsed:
            out.append(
                f'<text class="lapsed-mark" x="{_c(x0 + slot / 2)}" y="{TOP + 14}"'
                f' text-anchor="middle" font-size="{_c(min(16, slot))}" font-weight="bold"'
                f' fill="{INK}">—</text>'
            )
        out.append("</g>")

    # The x axis line and the month labels.
    out.append(
        f'<line class="x-axis" x1="{_c(left)}" x2="{_c(left + plot_w)}" y1="{base}"'
        f' y2="{base}" stroke="{AXIS}" stroke-width="1"/>'
    )
    out.append(f'<g class="x-labels" font-size="{SMALL}" fill="{INK}">')
    for i in shown:
        cx = _c(left + (i + 0.5) * slot)
        if rotate:
            ly = _c(base + 10)
            out.append(
                f'<text x="{cx}" y="{ly}" text-anchor="end"'
                f' transform="rotate(-45 {cx} {ly})">{escape(labels[i])}</text>'
            )
        else:
            out.append(
                f'<text x="{cx}" y="{_c(base + SMALL + 4)}" text-anchor="middle">'
                f"{escape(labels[i])}</text>"
            )
    out.append("</g>")

    # The bank at month end: a line on a white halo, a marker per month.
    if has_bank:
        points = " ".join(
            f"{_c(left + (i + 0.5) * slot)},{_c(base - _mb(m, 'closing_bank_mb') * per_mb)}"
            for i, m in enumerate(months)
        )
        out.append(
            f'<g class="bank"><polyline class="bank-halo" points="{points}" fill="none"'
            f' stroke="#ffffff" stroke-width="4" stroke-linejoin="round"/>'
            f'<polyline class="bank-line" points="{points}" fill="none" stroke="{BANK}"'
            f' stroke-width="2" stroke-linejoin="round"/>'
        )
        for point in points.split(" "):
            px, py = point.split(",")
            out.append(
                f'<circle class="bank-point" cx="{px}" cy="{py}" r="2.75" fill="#ffffff"'
                f' stroke="{BANK}" stroke-width="1.5"/>'
            )
        out.append("</g>")

    # The legend.
    out.append('<g class="legend">')
    for k, key in enumerate(legend):
        col, row = divmod(k, rows)
        x = 8 + col * col_w
        y = legend_top + row * LEGEND_ROW
        if key == "bank":
            out.append(
                f'<line class="bank-line" x1="{_c(x)}" x2="{_c(x + 14)}" y1="{_c(y + 6)}"'
                f' y2="{_c(y + 6)}" stroke="{BANK}" stroke-width="2"/>'
                f'<circle class="bank-point" cx="{_c(x + 7)}" cy="{_c(y + 6)}" r="2.75"'
                f' fill="#ffffff" stroke="{BANK}" stroke-width="1.5"/>'
            )
        elif key == "lapsed":
            out.append(
                f'<rect class="lapsed-bg" x="{_c(x + 1)}" y="{_c(y + 1)}" width="12"'
                f' height="12" fill="{LAPSED}" stroke="{AXIS}" stroke-width="0.75"/>'
            )
        else:
            out.append(
                f'<rect class="{key}" x="{_c(x + 1)}" y="{_c(y + 1)}" width="12" height="12"'
                f" {paints[key]}/>"
            )
        out.append(
            f'<text x="{_c(x + 20)}" y="{_c(y + 7)}" dy="0.35em" fill="{INK}">'
            f"{escape(names[key])}</text>"
        )
    out.append("</g></svg>")
    return mark_safe("".join(out))  # every interpolated part is escaped above
