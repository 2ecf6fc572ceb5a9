"""How long the result page takes to build for a 36-month simulation (one process).

Run:  .venv/bin/python bench/bench_pages.py [--repeat 200]

Prints, best and median over the runs: the engine alone; formatting + explanations + the
SVG chart (present_simulation); and the whole page through Django's test client (form,
catalog, engine, formatting, template), in English and Chinese. Uses a throwaway SQLite
database with the starter catalog.
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
    from django.core.management import call_command
    from django.test import Client
    from django.utils import translation

    from carriers.catalog.loader import load_catalog
    from simulator import engine, services
    from simulator.adapter import catalog_plans, engine_plan
    from simulator.present import present_simulation

    call_command("migrate", verbosity=0)
    load_catalog()
    slug = "t-mobile-data-stash-2016"
    usage_gb = [4, 12.5, None, 8, 25, 2] * 6  # 36 months with lapses
    usage_mb = [None if u is None else int(u * 1024) for u in usage_gb]
    plan = engine_plan(catalog_plans().get(slug=slug))
    sim = services.simulate(plan=slug, usage_mb=usage_mb, start="2026-01")
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
        ("present (table, explanations, chart)", lambda: present_simulation(sim)),
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
