"""How long the result page takes to build for a 36-month simulation (one process).

Run:  .venv/bin/python bench/bench_pages.py [--repeat 200]

Prints, best and median over the runs: the engine alone; the sentences under all 36 months
(explain_month over the engine's facts; a busy capped plan with a bank cap, expiries and a
promotion); the page context (formats, explanations and the SVG chart: pages.simulation_page);
and the whole page through Django's test client (form, plan cache, engine, page, template),
in English and Chinese. Uses a throwaway SQLite database with the starter catalog.
"""

import argparse
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

    from carriers.catalog.loader import load_catalog
    from simulator import engine, pages, services
    from simulator.explain import explain_month

    call_command("migrate", verbosity=0)
    load_catalog()
    slug = "t-mobile-data-stash-2016"
    usage_gb = [4, 12.5, None, 8, 25, 2] * 6  # 36 months with lapses
    usage_mb = [None if u is None else int(u * 1024) for u in usage_gb]
    result = services.simulate(plan=slug, usage_mb=usage_mb, start="2026-01")
    plan = result.simulation.plan
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

    client = Client()
    params = {
        "plan": slug,
        "start": "2026-01",
        "usage": ", ".join("" if u is None else str(u) for u in usage_gb),
    }
    assert client.get("/en/", params).status_code == 200
    print("36-month result page, best / median over", args.repeat, "runs:")
    rows = [
        ("engine.simulate", lambda: engine.simulate(plan, usage_mb, "2026-01")),
        ("explain_month, 36 months", explain_all),
        ("pages.simulation_page", lambda: pages.simulation_page(result)),
    ]
    for label, function in rows:
        with translation.override("en"):
            best, median = timed(function, args.repeat)
        print(f"  {label:<40} {best:6.2f} / {median:6.2f} ms")
    for lang in ("en", "zh-hans"):
        best, median = timed(lambda lang=lang: client.get(f"/{lang}/", params), args.repeat)
        print(f"  {'whole page /' + lang + '/':<40} {best:6.2f} / {median:6.2f} ms")


if __name__ == "__main__":
    main()
