"""How long the public pages take to build, in one process, against the plan page.

Run:  DJANGO_DEBUG=false .venv/bin/python bench/bench_pages.py [--repeat 200]

Each page goes through Django's test client (middleware, form, plan cache, engine, page
context, template), in English and in Chinese: a plan page (the floor: the cheapest page
that renders the site's layout), a 36-month result of the T-Mobile Data Stash 2016 plan
with lapses, compare for the same use with that plan as "yours" (every plan of its country
open to new customers, the default; then every country's), and the plan list. The pages
are measured in turns, round after round, so a busy machine slows them alike; the medians
of the wall clock and of the process's CPU time are printed, and each page's median as a
multiple of the plan page's (the targets: a result at most 2.5 times, compare at most 3).

Then the parts of a result page on their own: the engine, the sentences under all 36 months
of a busy plan (explain_month over the engine's facts), the month table, the chart and the
whole page context (pages.simulation_page). Uses a throwaway SQLite database with the
starter catalog.
"""

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(function, repeat):
    runs = []
    for _ in range(repeat):
        begin = time.perf_counter()
        function()
        runs.append(time.perf_counter() - begin)
    return min(runs) * 1000, statistics.median(runs) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'pages.sqlite3'}"
    os.environ["RATE_LIMIT_SIMULATIONS"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from decimal import Decimal

    from django.core.management import call_command
    from django.test import Client
    from django.utils import translation

    from carriers import formats
    from carriers.catalog.loader import load_catalog
    from simulator import engine, pages, services
    from simulator.chart import usage_chart
    from simulator.explain import explain_month

    call_command("migrate", verbosity=0)
    with contextlib.redirect_stdout(io.StringIO()):
        load_catalog()
    slug = "t-mobile-data-stash-2016"
    usage_gb = [4, 12.5, None, 8, 25, 2] * 6  # 36 months with lapses
    usage_mb = [None if u is None else int(u * 1024) for u in usage_gb]
    params = {
        "plan": slug,
        "start": "2026-01",
        "usage": ", ".join("" if u is None else str(u) for u in usage_gb),
    }

    client = Client()
    urls = {
        "plan page": (f"/{{lang}}/plans/{slug}/", None),
        "result, 36 months": ("/{lang}/", params),
        "compare, 36 months": ("/{lang}/compare/", params),
        "compare, every country": ("/{lang}/compare/", {**params, "country": ""}),
        "plan list": ("/{lang}/plans/", None),
    }
    for lang in ("en", "zh-hans"):
        for url, query in urls.values():
            response = client.get(url.format(lang=lang), query)
            assert response.status_code == 200, url
    kind = "compiled (mypyc)" if engine.COMPILED else "from its sources"
    print(f"Whole pages, median over {args.repeat} rounds (wall clock / CPU time), engine {kind}:")
    for lang in ("en", "zh-hans"):
        wall = {name: [] for name in urls}
        cpu = {name: [] for name in urls}
        for _ in range(args.repeat):
            for name, (url, query) in urls.items():
                path = url.format(lang=lang)
                begin, begin_cpu = time.perf_counter(), time.process_time()
                client.get(path, query)
                wall[name].append(time.perf_counter() - begin)
                cpu[name].append(time.process_time() - begin_cpu)
        floor_wall = statistics.median(wall["plan page"])
        floor_cpu = statistics.median(cpu["plan page"])
        for name in urls:
            w, c = statistics.median(wall[name]) * 1000, statistics.median(cpu[name]) * 1000
            ratio = f"{w / floor_wall / 1000:4.2f}× / {c / floor_cpu / 1000:4.2f}×"
            print(f"  {lang:<8}{name:<24} {w:6.2f} / {c:6.2f} ms   {ratio}")

    result = services.simulate(plan=slug, usage_mb=usage_mb, start="2026-01")
    sim = result.simulation
    busy = engine.Plan(
        name="busy",
        currency="USD",
        price=Decimal("30.00"),
        allowance_mb=10240,
        overage=engine.Overage("pay_per_unit", 1024, Decimal("10.00"), Decimal("25.00")),
        rollover=engine.Rollover(
            mode="capped", cap_mb=5120, bank_cap_mb=12288, expires_after_periods=2
        ),
        promotions=(engine.Promotion("2026-03", "2026-09", 1024, 1, name="P"),),
    )
    busy_use = [(i * 3 % 14) * 1024 if i % 7 else None for i in range(36)]
    busy_sim = engine.simulate(busy, busy_use, "2026-01")

    def explain_all():
        for i in range(36):
            explain_month(busy_sim, i)

    labels = [formats.short_month(m.month) for m in sim.months]
    print(f"\nThe parts of the 36-month result, best / median over {args.repeat} runs:")
    rows = [
        ("engine.simulate", lambda: engine.simulate(sim.plan, usage_mb, "2026-01")),
        ("explain_month, 36 months (busy plan)", explain_all),
        ("pages.month_table (with its sentences)", lambda: pages.month_table(sim, {}, False)),
        ("chart.usage_chart", lambda: usage_chart(sim.months, labels)),
        ("pages.simulation_page", lambda: pages.simulation_page(result)),
    ]
    for label, function in rows:
        with translation.override("en"):
            best, median = timed(function, args.repeat)
        print(f"  {label:<42} {best:6.2f} / {median:6.2f} ms")


if __name__ == "__main__":
    main()
