"""Benchmark of the rollover engine (engine alone, one core, no Django).

Run:  .venv/bin/python bench/bench_engine.py [--plans 1000] [--months 36] [--repeat 7]

Prints the time of ``compare`` over a synthetic, varied catalog built
deterministically with ``random.Random(seed)``, and simulations per second of one
36-month simulation of a capped, expiring, promoted plan.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.engine import (
    Conversion,
    Lines,
    Overage,
    Plan,
    Promotion,
    Rollover,
    compare,
    simulate,
)

START = "2026-01"


def money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)).scaleb(-2)


def synthetic_plan(rng: random.Random, i: int) -> Plan:
    """One plausible plan; about 10% daily passes and 5% packs that do not fit 36 months."""
    currency = rng.choice(("USD", "USD", "EUR", "GBP", "CNY"))
    if rng.random() < 0.10:
        return Plan(
            name=f"Day pass {i}",
            currency=currency,
            price=money(rng, 1, 10),
            allowance_mb=rng.choice((None, 512, 1024, 2048)),
            billing="daily",
            lines=Lines(included=1, max=2, extra_line_price=Decimal("1.00")),
            overage=rng.choice((Overage("block"), Overage("throttle"))),
        )
    period = rng.choice((1, 1, 1, 1, 3, 6, 12, 5))  # 5-month packs get skipped for 36 months
    unlimited = rng.random() < 0.08
    allowance = None if unlimited else rng.choice((1024, 2048, 5120, 10240, 20480, 51200))
    allowance = None if allowance is None else allowance * period
    mode = "none" if unlimited else rng.choice(("none", "full", "capped"))
    rollover = Rollover()
    if mode != "none":
        rollover = Rollover(
            mode=mode,
            cap_mb=rng.choice((1024, 5120, 20480)) if mode == "capped" else None,
            bank_cap_mb=rng.choice((None, None, 20480, 102400)),
            expires_after_periods=rng.choice((None, 1, 1, 2, 3, 12)),
            order=rng.choice(("rollover_first", "allowance_first")),
            min_use_mb=rng.choice((None, None, 1)),
            forfeit_on_lapse=rng.random() < 0.5,
            convert=Conversion(100, 1, "minutes") if rng.random() < 0.1 else None,
        )
    promotions: tuple[Promotion, ...] = ()
    if rng.random() < 0.5:
        promotions = tuple(
            Promotion(
                from_month=f"2026-{rng.randint(1, 6):02d}",
                to_month=f"2027-{rng.randint(1, 12):02d}",
                bonus_mb=0 if unlimited else rng.choice((0, 1024, 5120)),
                extra_expiry_periods=rng.choice((0, 1)),
                price=rng.choice((None, money(rng, 5, 20))),
                name="promo",
            )
            for _ in range(rng.randint(1, 3))
        )
    overage = rng.choice(
        (
            Overage("block"),
            Overage("throttle"),
            Overage("pay_per_unit", rng.choice((100, 1024)), money(rng, 1, 15)),
        )
    )
    return Plan(
        name=f"Plan {i}",
        currency=currency,
        price=money(rng, 5, 90) * period,
        allowance_mb=allowance,
        period_months=period,
        lines=Lines(
            included=1,
            max=rng.choice((1, 4, 6)),
            extra_line_price=money(rng, 5, 25),
            extra_line_allowance_mb=rng.choice((0, 1024)),
        ),
        overage=overage,
        rollover=rollover,
        promotions=promotions,
    )


def catalog(seed: int, size: int) -> list[tuple[str, Plan]]:
    rng = random.Random(seed)
    return [(f"plan-{i:04d}", synthetic_plan(rng, i)) for i in range(size)]


def usage(seed: int, months: int) -> list[int]:
    rng = random.Random(seed + 1)
    return [rng.randint(0, 25_000) for _ in range(months)]


def timed(function, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        begin = time.perf_counter()
        function()
        runs.append(time.perf_counter() - begin)
    return runs


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    entries = catalog(args.seed, args.plans)
    use = usage(args.seed, args.months)
    results, skipped = compare(entries, use, START)
    runs = timed(lambda: compare(entries, use, START), args.repeat)
    print(f"python {platform.python_version()}, {cpu_model()}")
    print(
        f"compare: {args.plans} plans x {args.months} months "
        f"({len(results)} simulated, {len(skipped)} skipped): "
        f"best {min(runs) * 1000:.1f} ms, median {statistics.median(runs) * 1000:.1f} ms "
        f"over {args.repeat} runs"
    )

    plan = Plan(
        name="Capped, expiring, promoted",
        currency="USD",
        price=Decimal("30.00"),
        allowance_mb=10240,
        overage=Overage("pay_per_unit", 1024, Decimal("10.00")),
        rollover=Rollover(mode="capped", cap_mb=5120, bank_cap_mb=20480, expires_after_periods=3),
        promotions=(
            Promotion("2026-01", "2026-06", bonus_mb=2048, extra_expiry_periods=1),
            Promotion("2026-03", "2027-02", price=Decimal("25.00")),
        ),
    )
    one = usage(args.seed + 7, 36)
    count = 2000
    runs = timed(lambda: [simulate(plan, one, START) for _ in range(count)], args.repeat)
    best = min(runs)
    median = statistics.median(runs)
    print(
        f"simulate: 36-month capped/expiring/promoted plan: "
        f"{count / best:,.0f} simulations/s best, {count / median:,.0f} median "
        f"({best / count * 1e6:.0f} us each)"
    )


if __name__ == "__main__":
    main()
