"""Benchmark of compare through the catalog and the JSON API (one process, one core).

Run:  .venv/bin/python bench/bench_api.py [--plans 1000] [--months 36] [--repeat 7]

Builds the same synthetic 1,000-plan catalog as bench_engine.py (spend caps and credits
included) in a throwaway SQLite database (never the project's own), then prints, best and
median over the runs:
  * engine alone: engine.compare over the prepared plans already in memory;
  * loading the catalog: every plan with its rule and promotions from the database, adapted
    and prepared (what the plan cache does once per catalog change);
  * the answer's JSON: building CompareOut from the engine's ranking and writing it;
  * API: POST /api/v1/compare through Django's test client (middleware, parsing,
    validation, the plan cache's stamp query, the engine, the JSON of ~900 ranked plans).
Each figure: the best and the median wall-clock time, and the best CPU time (on a busy
machine the wall clock also counts waiting for a core). The API's target is 80 ms (best
of 7).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["RATE_LIMIT_SIMULATIONS"] = ""  # one very busy client
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import bench_engine
    from django.core.management import call_command
    from django.test import Client

    from carriers.models import Carrier, Plan, Promotion, RolloverRule
    from simulator import engine, plan_cache, services
    from simulator.adapter import engine_plan
    from simulator.schemas import CompareOut

    call_command("migrate", verbosity=0)
    entries = bench_engine.catalog(args.seed, args.plans)
    carrier = Carrier.objects.create(name="Synthetic", slug="synthetic", country="US")
    for slug, p in entries:
        plan = Plan.objects.create(
            carrier=carrier,
            name=p.name,
            slug=slug,
            billing=p.billing,
            period_months=p.period_months,
            currency=p.currency,
            price=p.price,
            allowance_mb=p.allowance_mb,
            overage_policy=p.overage.policy,
            overage_unit_mb=p.overage.unit_mb,
            overage_unit_price=p.overage.unit_price,
            overage_spend_cap=p.overage.spend_cap,
            overage_after_cap=(p.overage.after_cap or "serve")
            if p.overage.spend_cap is not None
            else "",
            lines_included=p.lines.included,
            lines_max=p.lines.max,
            extra_line_price=p.lines.extra_line_price,
            extra_line_allowance_mb=p.lines.extra_line_allowance_mb,
            source_url="https://example.com",
            source_checked=datetime.date(2026, 11, 22),
        )
        r = p.rollover
        RolloverRule.objects.create(
            plan=plan,
            mode=r.mode,
            cap_mb=r.cap_mb,
            bank_cap_mb=r.bank_cap_mb,
            expires_after_periods=r.expires_after_periods,
            order=r.order,
            min_use_mb=r.min_use_mb,
            forfeit_on_lapse=r.forfeit_on_lapse,
            convert_unit_mb=r.convert.unit_mb if r.convert else None,
            convert_rate=(r.convert.rate or None) if r.convert else None,
            convert_benefit=r.convert.benefit if r.convert and r.convert.rate else "",
            convert_credit=r.convert.credit if r.convert else None,
        )
        for promo in p.promotions:
            Promotion.objects.create(
                plan=plan,
                name=promo.name,
                from_month=promo.from_month,
                to_month=promo.to_month,
                bonus_mb=promo.bonus_mb,
                extra_expiry_periods=promo.extra_expiry_periods,
                price=promo.price,
            )

    use = bench_engine.usage(args.seed, args.months)
    start = bench_engine.START
    prepared = [(slug, engine.prepare(plan)) for slug, plan in plan_cache.current().terms.items()]

    def load_catalog():
        plans = Plan.objects.for_simulation().public()
        return [engine.prepare(engine_plan(p)) for p in plans]

    result = services.compare(usage_mb=use, start=start)

    def answer_json():  # as the API writes it (simulator.api.answer)
        return CompareOut.of(result).model_dump_json(by_alias=True)

    client = Client()
    body = json.dumps({"start": start, "usage_mb": use})

    def through_api():
        response = client.post("/api/v1/compare", body, content_type="application/json")
        assert response.status_code == 200, response.content[:300]
        return response

    answer = through_api().json()
    print(
        f"python {bench_engine.platform.python_version()}, {bench_engine.cpu_model()}, "
        f"{bench_engine.engine_kind()}"
    )
    print(
        f"catalog: {args.plans} plans x {args.months} months; API answer ranks "
        f"{len(answer['results'])} and skips {len(answer['skipped'])}"
    )
    for label, function in (
        ("engine alone       ", lambda: engine.compare(prepared, use, start)),
        ("loading the catalog", load_catalog),
        ("the answer's JSON  ", answer_json),
        ("API /compare       ", through_api),
    ):
        runs, cpu = bench_engine.timed(function, args.repeat)
        print(
            f"{label}: best {min(runs) * 1000:.1f} ms, median "
            f"{statistics.median(runs) * 1000:.1f} ms, best CPU {cpu * 1000:.1f} ms "
            f"over {args.repeat} runs"
        )


if __name__ == "__main__":
    main()
