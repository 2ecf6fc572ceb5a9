"""The benchmark scripts still run, on small inputs, and print their figures.

The figures themselves are not asserted (timings belong in docs/benchmarks.md, measured
on purpose, never in a test): this only keeps the scripts from rotting when the engine,
the catalog or the pages change under them. bench_api.py once stopped at its first
step when promotion names became unique per plan and its synthetic promotions were all
called "promo". Each script builds its own throwaway SQLite database, so CI runs this
file once, not on PostgreSQL too.
"""

from __future__ import annotations

import os

from tests.processes import run_python


def run_script(*args: str) -> str:
    environment = {**os.environ, "DJANGO_DEBUG": "false"}
    environment.pop("DATABASE_URL", None)  # the scripts make their own databases
    return run_python(*args, env=environment).stdout


def test_bench_engine_runs_and_prints_every_figure():
    out = run_script("bench/bench_engine.py", "--plans", "40", "--months", "12", "--repeat", "1",
                     "--parts")  # fmt: skip
    assert "catalog: 40 plans x 12 months:" in out
    for label in (
        "compare, Plans: best",
        "compare, PreparedPlans: best",
        "simulate, 36-month capped/expiring/promoted plan, from a Plan: best",
        "simulate, 36-month capped/expiring/promoted plan, from a PreparedPlan: best",
        "light use, 0-3,072 MB a month: 35 months draw on the bank, 32 expire tranches",
        "simulate, the same plan with light use, from a PreparedPlan: best",
        "the monthly loop with its records and the run without a bank:",
        "the whole simulation from the PreparedPlan:",
    ):
        assert label in out, label


def test_bench_api_builds_its_catalog_and_times_the_api():
    out = run_script("bench/bench_api.py", "--plans", "40", "--months", "12", "--repeat", "1")
    assert "catalog: 40 plans x 12 months; API answer ranks" in out
    for label in ("engine alone", "loading the catalog", "the answer's JSON", "API /compare"):
        assert label in out, label


def test_bench_pages_times_every_page_in_both_languages():
    out = run_script("bench/bench_pages.py", "--repeat", "1")
    for language in ("en", "zh-hans"):
        for page in ("plan page", "result, 36 months", "compare, 36 months", "plan list"):
            assert any(
                line.split()[:1] == [language] and page in line for line in out.splitlines()
            ), (
                language,
                page,
            )
    assert "pages.simulation_page" in out
