from django.core.management.base import BaseCommand

from carriers import formats
from simulator import engine, services
from simulator.explain import explain_gain
from simulator.schemas import SimulationOut

from ._common import add_usage_arguments, as_json, gb, read_usage, refuse, table


class Command(BaseCommand):
    help = (
        "Simulate a catalog plan month by month: what you used, what rolled over, what "
        "expired, the credit for unused data, what it cost and what rollover was worth. Use "
        "is in GB. Bad input: a message and exit code 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", help="The plan's slug (see /api/v1/plans).")
        add_usage_arguments(parser)

    def handle(self, *args, plan, **options):
        try:
            result = services.simulate(plan=plan, **read_usage(options))
        except engine.InvalidInput as exc:
            raise refuse(exc) from exc
        if options["json"]:
            self.stdout.write(as_json(SimulationOut.of(result)))
            return
        sim = result.simulation
        cur = sim.totals.currency
        catalog_plan = result.catalog_plan
        self.stdout.write(
            f"{catalog_plan.carrier.name}: {catalog_plan.name} ({catalog_plan.slug}), sizes in GB\n"
        )
        rows = [
            [
                m.month,
                "yes" if m.renewed else "lapsed",
                gb(m.demand_mb),
                gb(m.from_allowance_mb),
                gb(m.from_bank_mb),
                gb(m.throttled_mb + m.overage_mb + m.unmet_mb),
                gb(m.expired_mb),
                gb(m.rolled_over_mb),
                gb(m.forfeited_mb),
                gb(m.closing_bank_mb),
                formats.amount(m.credit),
                formats.amount(m.cost),
            ]
            for m in sim.months
        ]
        headers = [
            "month",
            "renewed",
            "used",
            "allowance",
            "rollover",
            "slow/extra/unmet",
            "expired",
            "rolled",
            "forfeited",
            "bank",
            f"credit {cur}",
            f"cost {cur}",
        ]
        self.stdout.write(table(headers, rows))
        t = sim.totals
        per_gb = formats.money(t.cost_per_gb, cur) if t.cost_per_gb is not None else "-"
        self.stdout.write(
            f"\nTotal cost {formats.money(t.cost, cur)} after a credit of "
            f"{formats.money(t.credit, cur)}; cost per GB {per_gb}; wasted "
            f"{formats.size(t.wasted_mb)} (expired {formats.size(t.expired_mb)}, forfeited "
            f"{formats.size(t.forfeited_mb)}); unmet {formats.size(t.unmet_mb)}, slowed "
            f"{formats.size(t.throttled_mb)}; bank left {formats.size(t.final_bank_mb)}."
        )
        gain = explain_gain(sim)
        self.stdout.write(gain or "The plan does not roll data over.")
