"""Benchmark of the rollover engine (engine alone, one core, no Django).

Run:  .venv/bin/python bench/bench_engine.py [--plans 1000] [--months 36] [--repeat 7] [--parts]

Prints, best and median of ``--repeat`` runs (wall clock), and the best CPU time:

* ``compare`` over a synthetic, varied catalog built deterministically with
  ``random.Random(seed)``, its plans given as ``Plan`` s (checked on every call) and as
  ``PreparedPlan`` s (checked once, as the catalog keeps them);
* one 36-month simulation of a capped, expiring, promoted, pay-per-unit plan (the full
  result: months, facts and rollover value), from a ``Plan`` and from a ``PreparedPlan``.
  Simulations run one after the other and each result is dropped before the next, as a
  request would; keeping thousands of results alive would mostly time the garbage
  collector's passes over them. With its use of 0-25,000 MB a month the bank is drawn
  on and overage paid, but no rolled tranche lives long enough to expire; so the same
  plan is also simulated with light use (0-3,072 MB a month), where a tranche expires in
  most months. What happens in each is printed first.

``--parts`` also times the parts of that simulation one by one (CPU time, best of
``--repeat``), with the engine's internal functions, and what building and dropping its
records costs on its own (no simulation at all): the floor under the recording; then the
whole simulation, and the same with every month's facts read (they are built on first
read: the cost a result page adds).
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.engine import (
    AFTER_CAP,
    COMPILED,
    FITS,
    Conversion,
    Lines,
    Overage,
    Plan,
    Promotion,
    Rollover,
    compare,
    prepare,
    simulate,
)

START = "2026-01"


def money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)).scaleb(-2)


def synthetic_plan(rng: random.Random, i: int) -> Plan:
    """One plausible plan; about 10% daily passes and 5% packs that do not fit 36 months.

    Pay-per-unit overage has a spend cap a third of the time (each ``after_cap``), and a
    tenth of the monthly plans convert forfeited data into minutes, half of them with a
    money credit too (most with rollover mode none, as SMARTY does).
    """
    currency = rng.choice(("USD", "USD", "EUR", "GBP", "CNY"))
    if rng.random() < 0.10:
        return Plan(
            name=f"Day pass {i}",
            currency=currency,
            price=money(rng, 1, 10),
            allowance_mb=rng.choice((None, 512, 1024, 2048)),
            billing="daily",
            lines=Lines(included=1, max=2, extra_line_price=Decimal("1.00")),
            overage=rng.choice(
                (
                    Overage("block"),
                    Overage("throttle"),
                    Overage("pay_per_unit", 100, money(rng, 0, 2), money(rng, 1, 5), "block"),
                )
            ),
        )
    period = rng.choice((1, 1, 1, 1, 3, 6, 12, 5))  # 5-month packs get skipped for 36 months
    unlimited = rng.random() < 0.08
    allowance = None if unlimited else rng.choice((1024, 2048, 5120, 10240, 20480, 51200))
    allowance = None if allowance is None else allowance * period
    mode = "none" if unlimited else rng.choice(("none", "full", "capped"))
    convert = None
    if not unlimited and rng.random() < 0.1:
        credit = rng.choice((None, money(rng, 0, 2)))
        convert = Conversion(rng.choice((100, 1024)), 1, "minutes", credit)
    rollover = Rollover(convert=convert)
    if mode != "none":
        rollover = Rollover(
            mode=mode,
            cap_mb=rng.choice((1024, 5120, 20480)) if mode == "capped" else None,
            bank_cap_mb=rng.choice((None, None, 20480, 102400)),
            expires_after_periods=rng.choice((None, 1, 1, 2, 3, 12)),
            order=rng.choice(("rollover_first", "allowance_first")),
            min_use_mb=rng.choice((None, None, 1)),
            forfeit_on_lapse=rng.random() < 0.5,
            convert=convert,
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
                name=f"promo {n}",  # unique within the plan, as the catalog requires
            )
            for n in range(1, rng.randint(1, 3) + 1)
        )
    overage = rng.choice(
        (
            Overage("block"),
            Overage("throttle"),
            Overage("pay_per_unit", rng.choice((100, 1024)), money(rng, 1, 15)),
        )
    )
    if overage.policy == "pay_per_unit" and rng.random() < 1 / 3:
        cap = money(rng, 0, 50)
        overage = Overage(overage.policy, overage.unit_mb, overage.unit_price, cap,
                          rng.choice(AFTER_CAP))  # fmt: skip
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


def timed(function, repeat: int) -> tuple[list[float], float]:
    """The wall-clock time of each of ``repeat`` runs, and the best CPU time of one run
    (the engine's own cost: on a busy machine the wall clock also counts the time the
    process waited for a core)."""
    runs = []
    best_cpu = float("inf")
    for _ in range(repeat):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        function()
        runs.append(time.perf_counter() - begin)
        best_cpu = min(best_cpu, time.process_time() - begin_cpu)
    return runs, best_cpu


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def engine_kind() -> str:
    """Which engine runs: its monthly run and bank compiled by mypyc, or its sources."""
    return "engine compiled (mypyc)" if COMPILED else "engine from its sources"


def load_average() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


SIMULATED_PLAN = Plan(
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


def light_usage(seed: int, months: int) -> list[int]:
    """Use well under the allowance: the plan rolls 5 GB over every month and its bank
    fills, so a rolled tranche expires in most months."""
    rng = random.Random(seed + 2)
    return [rng.randint(0, 3072) for _ in range(months)]


def what_happens(use: list[int]) -> str:
    """How many months of the simulation draw on the bank, expire tranches, pay overage."""
    months = simulate(SIMULATED_PLAN, use, START).months
    bank = sum(1 for m in months if m.from_bank_mb)
    expiring = sum(1 for m in months if m.expired_mb)
    overage = sum(1 for m in months if m.overage_mb)
    return f"{bank} months draw on the bank, {expiring} expire tranches, {overage} pay overage"


def figures(runs: list[float], cpu: float, count: int) -> str:
    best, median = min(runs) / count, statistics.median(runs) / count
    return (
        f"best {best * 1e6:.0f} us ({1 / best:,.0f}/s; CPU {cpu / count * 1e6:.0f} us), "
        f"median {median * 1e6:.0f} us"
    )


def one_at_a_time(plan, use: list[int], count: int):
    """``count`` simulations, each result dropped before the next."""

    def run() -> None:
        for _ in range(count):
            simulate(plan, use, START)

    return run


def best_cpu_us(function, count: int, repeat: int) -> float:
    """The best CPU time of one call, over ``repeat`` batches of ``count`` calls."""
    best = float("inf")
    for _ in range(repeat):
        begin = time.process_time()
        for _ in range(count):
            function()
        best = min(best, (time.process_time() - begin) / count)
    return best * 1e6


def parts(use: list[int], repeat: int) -> None:
    """Where one simulation's time goes: each part timed alone (alone, a part has the CPU's
    caches to itself, so the parts add up to less than the whole)."""
    from simulator.engine.model import (
        NO_OVERAGE,
        NOT_A_PERIOD_START,
        NOT_DAILY,
        new_month,
        new_tranche,
    )
    from simulator.engine.monthly import run_monthly
    from simulator.engine.prepared import compile_plan
    from simulator.engine.results import totals_of
    from simulator.engine.validation import plan_errors, read_usage

    prepared = prepare(SIMULATED_PLAN)
    _, checked = read_usage(use, START, None, 1)
    recorded = run_monthly(prepared, checked, record=True)
    zero = Decimal("0.00")
    old = new_tranche(1, START, START)

    def records_alone() -> tuple[list, list]:
        # per month what a simulation keeps: a MonthResult, its facts' groups (with an end-
        # of-period group; the MonthFacts is built on first read), two new Tranches and
        # the bank tuple, and the row of flows
        months, rows = [], []
        for i in range(len(use)):
            view = (old, old, new_tranche(i, START, START), new_tranche(i, START, START))
            end = ((), i, i, i, None, i, 0, zero, 0, False)
            rows.append((i, i, i, i, i, i, i, i, i, i, i, i, i, i))
            facts = (i, True, True, NOT_DAILY, NO_OVERAGE, NOT_A_PERIOD_START, end)
            months.append(
                new_month(
                    START, True, i, i, i, i, i, i, i, i, i, i, i, i, i,
                    zero, zero, zero, zero, view, facts,
                )
            )  # fmt: skip
        return months, rows

    figures = [
        ("checking the plan", lambda: plan_errors(SIMULATED_PLAN)),
        ("compiling it", lambda: compile_plan(SIMULATED_PLAN)),
        ("checking the usage", lambda: read_usage(use, START, None, 1)),
        ("the monthly loop, no records (what compare runs)", lambda: run_monthly(
            prepared, checked, record=False)),
        ("the monthly loop with its records and the run without a bank", lambda: run_monthly(
            prepared, checked, True)),
        ("the column sums and totals", lambda: totals_of(prepared, recorded)),
        ("the records alone, built and dropped", records_alone),
    ]  # fmt: skip
    print(f"parts of one {len(use)}-month simulation (CPU time, best of {repeat}):")
    for label, function in figures:
        print(f"  {label}: {best_cpu_us(function, 500, repeat):.1f} us")
    whole = best_cpu_us(lambda: simulate(prepared, use, START), 500, repeat)
    print(f"  the whole simulation from the PreparedPlan: {whole:.1f} us")
    read = best_cpu_us(
        lambda: [m.facts for m in simulate(prepared, use, START).months], 500, repeat
    )
    print(f"  the same, then every month's facts read (as the result page does): {read:.1f} us")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--parts", action="store_true", help="also time a simulation's parts")
    args = parser.parse_args()

    entries = catalog(args.seed, args.plans)
    prepared = [(key, prepare(plan)) for key, plan in entries]
    use = usage(args.seed, args.months)
    results, skipped = compare(entries, use, START)
    print(
        f"python {platform.python_version()}, {cpu_model()}, load average {load_average()}, "
        f"{engine_kind()}"
    )
    fits = Counter(r.fit for r in results)
    print(
        f"catalog: {args.plans} plans x {args.months} months: {len(results)} ranked "
        f"({', '.join(f'{fits[f]} {f}' for f in FITS)}), {len(skipped)} skipped"
    )
    for label, plans in (("Plan", entries), ("PreparedPlan", prepared)):
        runs, cpu = timed(lambda plans=plans: compare(plans, use, START), args.repeat)
        print(
            f"compare, {label}s: best {min(runs) * 1000:.1f} ms (CPU {cpu * 1000:.1f} ms), "
            f"median {statistics.median(runs) * 1000:.1f} ms over {args.repeat} runs"
        )

    one = usage(args.seed + 7, 36)
    light = light_usage(args.seed + 7, 36)
    count = 2000
    print(f"simulated use, 0-25,000 MB a month: {what_happens(one)}")
    for label, plan in (("Plan", SIMULATED_PLAN), ("PreparedPlan", prepare(SIMULATED_PLAN))):
        runs, cpu = timed(one_at_a_time(plan, one, count), args.repeat)
        name = "simulate, 36-month capped/expiring/promoted plan"
        print(f"{name}, from a {label}: {figures(runs, cpu, count)}")
    print(f"light use, 0-3,072 MB a month: {what_happens(light)}")
    runs, cpu = timed(one_at_a_time(prepare(SIMULATED_PLAN), light, count), args.repeat)
    print(
        f"simulate, the same plan with light use, from a PreparedPlan: {figures(runs, cpu, count)}"
    )
    if args.parts:
        parts(one, args.repeat)


if __name__ == "__main__":
    main()
