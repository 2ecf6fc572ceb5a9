"""The usage chart: the SVG is parsed and its geometry checked against the MB figures."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.safestring import SafeString

from simulator import engine
from simulator.chart import usage_chart
from simulator.engine import Overage, Plan, Rollover, simulate

SVG = "{http://www.w3.org/2000/svg}"
GB = 1024
MB_FIELDS = (
    "opening_bank_mb",
    "demand_mb",
    "from_bank_mb",
    "from_allowance_mb",
    "throttled_mb",
    "overage_mb",
    "unmet_mb",
    "expired_mb",
    "rolled_over_mb",
    "forfeited_mb",
    "closing_bank_mb",
)
USE_FIELDS = ("from_allowance_mb", "from_bank_mb", "throttled_mb", "overage_mb", "unmet_mb")


ZERO = Decimal("0.00")


def month(
    when: str = "2026-01", *, renewed: bool = True, granted_mb=5 * GB, **mb
) -> engine.MonthResult:
    """An engine month: zeros unless given; demand = its parts."""
    row = dict.fromkeys(MB_FIELDS, 0)
    row.update(mb)
    if "demand_mb" not in mb:
        row["demand_mb"] = sum(row[f] for f in USE_FIELDS)
    return engine.MonthResult(
        month=when,
        renewed=renewed,
        granted_mb=granted_mb,
        converted=0,
        plan_cost=ZERO,
        overage_cost=ZERO,
        credit=ZERO,
        cost=ZERO,
        bank=(),
        facts=engine.MonthFacts(period_index=0, starts_period=True, ends_period=True),
        **row,
    )


def run(months: list[engine.MonthResult], labels: list[str] | None = None) -> ET.Element:
    labels = labels if labels is not None else [m.month for m in months]
    return ET.fromstring(str(usage_chart(months, labels)))


def by_class(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(SVG + tag) if cls in e.get("class", "").split()]


def month_groups(root: ET.Element) -> list[ET.Element]:
    return by_class(root, "g", "month")


def height(group: ET.Element, cls: str) -> float:
    (rect,) = by_class(group, "rect", cls)
    return float(rect.get("height"))


def bank_points(root: ET.Element) -> list[tuple[float, float]]:
    (line,) = by_class(root, "polyline", "bank-line")
    return [tuple(map(float, p.split(","))) for p in line.get("points").split()]


def close(value: float) -> object:
    """Equal up to the chart's rounding of coordinates to two decimals."""
    return pytest.approx(value, abs=0.02)


def description(root: ET.Element) -> str:
    return root.find(SVG + "desc").text


def test_the_chart_is_a_safe_svg_string_with_one_bar_group_per_month():
    months = [month(f"2026-0{i}", from_allowance_mb=i * GB) for i in range(1, 7)]
    svg = usage_chart(months, [f"M{i}" for i in range(1, 7)])
    assert isinstance(svg, SafeString)
    groups = month_groups(ET.fromstring(str(svg)))
    assert [g.get("data-month") for g in groups] == [m.month for m in months]


def test_segment_heights_are_proportional_to_the_megabytes():
    root = run([month(from_allowance_mb=2048, from_bank_mb=1024, unmet_mb=512)])
    (group,) = month_groups(root)
    assert height(group, "seg-allowance") == close(2 * height(group, "seg-rollover"))
    assert height(group, "seg-unmet") == close(height(group, "seg-rollover") / 2)


def test_segments_are_stacked_from_allowance_up_to_what_was_beyond_the_plan():
    root = run([month(from_allowance_mb=GB, from_bank_mb=GB, throttled_mb=GB, overage_mb=GB)])
    (group,) = month_groups(root)
    rects = list(group.iter(SVG + "rect"))
    order = [r.get("class") for r in sorted(rects, key=lambda r: -float(r.get("y")))]
    assert order == ["seg-allowance", "seg-rollover", "seg-throttled", "seg-overage"]
    for lower, upper in itertools.pairwise(rects):
        assert float(upper.get("y")) + float(upper.get("height")) == close(float(lower.get("y")))


def test_bars_in_different_months_share_one_scale():
    root = run([month("2026-01", from_allowance_mb=GB), month("2026-02", from_allowance_mb=4 * GB)])
    first, second = month_groups(root)
    assert height(second, "seg-allowance") == close(4 * height(first, "seg-allowance"))


def test_zero_segments_are_not_drawn():
    root = run([month(from_allowance_mb=GB)])
    (group,) = month_groups(root)
    assert [r.get("class") for r in group.iter(SVG + "rect")] == ["seg-allowance"]


def test_the_bank_line_has_one_point_per_month_and_is_higher_for_a_larger_bank():
    banks = [GB, 3 * GB, 0, 2 * GB]
    months = [month(f"2026-0{i + 1}", closing_bank_mb=b) for i, b in enumerate(banks)]
    root = run(months)
    points = bank_points(root)
    assert len(points) == 4
    xs = [x for x, _y in points]
    assert xs == sorted(xs)
    y = dict(zip(banks, (y for _x, y in points), strict=True))
    assert y[3 * GB] < y[2 * GB] < y[GB] < y[0]  # SVG y grows downwards
    (bank,) = by_class(root, "g", "bank")
    assert len(by_class(bank, "circle", "bank-point")) == 4


def test_the_bank_line_reaches_the_height_of_a_bar_of_the_same_size():
    root = run(
        [month("2026-01", from_allowance_mb=2 * GB), month("2026-02", closing_bank_mb=2 * GB)]
    )
    first, _second = month_groups(root)
    (bar,) = by_class(first, "rect", "seg-allowance")
    assert bank_points(root)[1][1] == close(float(bar.get("y")))


def test_a_month_with_expired_data_shows_a_wasted_bar_and_a_month_without_does_not():
    root = run(
        [
            month("2026-01", from_allowance_mb=GB),
            month("2026-02", from_allowance_mb=GB, expired_mb=2 * GB, forfeited_mb=GB),
        ]
    )
    without, with_waste = month_groups(root)
    assert by_class(without, "g", "wasted") == []
    assert by_class(without, "rect", "seg-expired") == []
    (wasted,) = by_class(with_waste, "g", "wasted")
    assert height(wasted, "seg-expired") == close(2 * height(wasted, "seg-forfeited"))
    assert height(wasted, "seg-expired") == close(2 * height(with_waste, "seg-allowance"))
    # beside the use bar, not on top of it
    (use,) = by_class(with_waste, "rect", "seg-allowance")
    (expired,) = by_class(wasted, "rect", "seg-expired")
    assert float(expired.get("x")) >= float(use.get("x")) + float(use.get("width"))


def test_a_lapsed_month_is_marked_and_a_renewed_one_is_not():
    root = run([month("2026-01", from_allowance_mb=GB), month("2026-02", renewed=False)])
    renewed, lapsed = month_groups(root)
    assert "month-lapsed" not in renewed.get("class")
    assert "month-lapsed" in lapsed.get("class")
    assert [t.text for t in by_class(lapsed, "text", "lapsed-mark")] == ["—"]
    (background,) = by_class(root, "g", "lapsed-bg")
    assert len(background.findall(SVG + "rect")) == 1


def test_each_month_has_a_tooltip_with_its_figures_in_the_page_language():
    months = [
        month("2026-01", from_allowance_mb=4 * GB, from_bank_mb=GB, unmet_mb=512),
        month("2026-02", renewed=False, expired_mb=3 * GB, closing_bank_mb=GB),
    ]
    renewed, lapsed = (g.find(SVG + "title").text for g in month_groups(run(months)))
    assert renewed == (
        "2026-01: 5.5 GB needed (4 GB from allowance, 1 GB from rollover, 512 MB beyond the "
        "plan); 0 GB expired or forfeited; 0 GB in the bank."
    )
    assert lapsed == "2026-02: not renewed; 3 GB expired or forfeited; 1 GB in the bank."
    with translation.override("zh-hans"):
        chinese = [g.find(SVG + "title").text for g in month_groups(run(months))]
    assert chinese[1] == "2026-02：未续费；3 GB 过期或作废；结转余量 1 GB。"


def test_the_text_alternative_states_the_totals():
    months = [
        month("2026-01", from_allowance_mb=4 * GB, closing_bank_mb=GB),
        month("2026-02", from_allowance_mb=5 * GB, from_bank_mb=GB, unmet_mb=6656),
        month("2026-03", renewed=False, expired_mb=3 * GB),
    ]
    root = run(months)
    text = description(root)
    assert "Over 3 months: 16.5 GB of data needed" in text
    assert "9 GB from the plan's allowance and 1 GB from rolled-over data" in text
    assert "6.5 GB was needed but not available." in text
    assert "3 GB expired." in text
    assert "not renewed in 1 month." in text
    assert "slowed" not in text  # nothing was, so it is not mentioned


def test_the_svg_is_labelled_by_its_title_and_description():
    root = run([month(from_allowance_mb=GB)])
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    assert [root.find(f"{SVG}{tag}").get("id") for tag in ("title", "desc")] == ids
    assert root.find(SVG + "title").text


def test_two_charts_on_one_page_can_have_distinct_ids():
    svg = str(usage_chart([month(overage_mb=GB)], ["Jan"], chart_id="plan-b"))
    root = ET.fromstring(svg)
    assert root.get("aria-labelledby") == "plan-b-title plan-b-desc"
    assert 'fill="url(#plan-b-overage)"' in svg
    assert 'id="usage-chart' not in svg


def test_the_legend_names_what_is_drawn():
    root = run([month(from_allowance_mb=GB, overage_mb=GB, closing_bank_mb=GB)])
    (legend,) = by_class(root, "g", "legend")
    names = [t.text for t in legend.iter(SVG + "text")]
    assert names == ["From allowance", "Charged extra", "Bank at month end"]
    assert by_class(legend, "rect", "seg-overage")


def test_month_labels_and_months_are_escaped():
    evil = '<script>alert("x")</script>'
    svg = str(usage_chart([month(from_allowance_mb=GB)], [evil]))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    root = ET.fromstring(svg)
    assert evil in [t.text for t in by_class(root, "g", "x-labels")[0].iter(SVG + "text")]


def test_every_label_is_shown_up_to_twelve_months_then_every_second_or_third():
    def labels_shown(n: int) -> list[str]:
        months = [month(f"m{i}", from_allowance_mb=GB) for i in range(n)]
        root = run(months, [f"L{i}" for i in range(n)])
        return [t.text for t in by_class(root, "g", "x-labels")[0].iter(SVG + "text")]

    assert labels_shown(12) == [f"L{i}" for i in range(12)]
    assert labels_shown(24) == [f"L{i}" for i in range(0, 24, 2)]
    assert labels_shown(36) == [f"L{i}" for i in range(0, 36, 3)]


def test_the_y_axis_has_round_ticks_in_gigabytes():
    root = run([month(from_allowance_mb=12 * GB + 512)])
    (axis,) = by_class(root, "g", "y-axis")
    ticks = [t.text for t in axis.iter(SVG + "text")]
    assert ticks == ["0 GB", "5 GB", "10 GB", "15 GB"]


def test_huge_values_are_drawn_in_thousands_of_gigabytes():
    root = run([month(from_allowance_mb=10 * GB * GB)])  # 10,240 GB
    (axis,) = by_class(root, "g", "y-axis")
    assert [t.text for t in axis.iter(SVG + "text")] == [
        "0 GB",
        "5,000 GB",
        "10,000 GB",
        "15,000 GB",
    ]
    (group,) = month_groups(root)
    assert height(group, "seg-allowance") == close(200 * 10240 / 15000)  # of the plot height
    assert "10,240 GB of data needed" in description(root)


def test_an_all_zero_simulation_renders_without_bars():
    root = run([month(f"2026-0{i}") for i in range(1, 4)])
    assert len(month_groups(root)) == 3
    assert [r for g in month_groups(root) for r in g.iter(SVG + "rect")] == []
    assert by_class(root, "polyline", "bank-line") == []
    assert "Over 3 months: 0 GB of data needed" in description(root)


def test_a_single_month_unlimited_plan_renders():
    root = run([month(granted_mb=None, from_allowance_mb=80 * GB)], ["Mar 2026"])
    (group,) = month_groups(root)
    assert height(group, "seg-allowance") > 0


def test_a_tiny_amount_is_still_visible():
    root = run([month("2026-01", from_allowance_mb=10 * GB * GB), month("2026-02", expired_mb=1)])
    _big, small = month_groups(root)
    assert height(small, "seg-expired") >= 1


def test_no_element_has_a_style_attribute_and_there_is_no_style_element():
    months = [
        month("2026-01", from_allowance_mb=GB, throttled_mb=GB, overage_mb=GB, unmet_mb=GB),
        month("2026-02", renewed=False, expired_mb=GB, forfeited_mb=GB, closing_bank_mb=GB),
    ]
    root = run(months)
    assert all("style" not in e.attrib for e in root.iter())
    assert root.find(f".//{SVG}style") is None
    assert "viewBox" in root.attrib
    assert "height" not in root.attrib and "width" not in root.attrib
    assert root.get("preserveAspectRatio")


def test_a_real_simulation_draws_each_months_demand_as_its_bar():
    plan = Plan(
        name="10 GB capped",
        currency="USD",
        price=Decimal("30.00"),
        allowance_mb=10 * GB,
        overage=Overage("pay_per_unit", unit_mb=GB, unit_price=Decimal("10.00")),
        rollover=Rollover(mode="capped", cap_mb=5 * GB, expires_after_periods=1),
    )
    sim = simulate(plan, [4 * GB, None, 2 * GB, 15 * GB], start="2026-01")
    months = sim.months
    root = run(list(months), ["Jan", "Feb", "Mar", "Apr"])
    groups = month_groups(root)
    per_mb = None
    for group, row in zip(groups, months, strict=True):
        wasted = {"seg-expired", "seg-forfeited"}
        drawn = sum(
            float(r.get("height")) for r in group.iter(SVG + "rect") if r.get("class") not in wasted
        )
        if row.demand_mb:
            per_mb = per_mb or drawn / row.demand_mb
            assert drawn == close(row.demand_mb * per_mb)
        assert bool(by_class(group, "g", "wasted")) == bool(row.expired_mb or row.forfeited_mb)
    assert len(bank_points(root)) == 4
