from django.core.management.base import BaseCommand

from simulator import engine, services

from ._common import add_usage_arguments, as_json, gb, read_usage, refuse, table


class Command(BaseCommand):
    help = (
        "Simulate a catalog plan month by month: what you used, what rolled over, what "
        "expired and what it cost. Use is in GB. Bad input: a message and exit code 2."
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
            self.stdout.write(as_json(result))
            return
        cur = result["totals"]["currency"]
        p = result["plan"]
        self.stdout.write(f"{p['carrier']['name']}: {p['name']} ({p['slug']}), sizes in GB\n")
        rows = [
            [
                m["month"],
                "yes" if m["renewed"] else "lapsed",
                gb(m["demand_mb"]),
                gb(m["from_allowance_mb"]),
                gb(m["from_bank_mb"]),
                gb(m["throttled_mb"] + m["overage_mb"] + m["unmet_mb"]),
                gb(m["expired_mb"]),
                gb(m["rolled_over_mb"]),
                gb(m["forfeited_mb"]),
                gb(m["closing_bank_mb"]),
                m["cost"],
            ]
            for m in result["months"]
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
            f"cost {cur}",
        ]
        self.stdout.write(table(headers, rows))
        t = result["totals"]
        self.stdout.write(
            f"\nTotal cost {t['cost']} {cur}; cost per GB "
            f"{t['cost_per_gb'] or '-'}; wasted {gb(t['wasted_mb'])} GB "
            f"(expired {gb(t['expired_mb'])}, forfeited {gb(t['forfeited_mb'])}); "
            f"unmet {gb(t['unmet_mb'])} GB, slowed {gb(t['throttled_mb'])} GB; "
            f"bank left {gb(t['final_bank_mb'])} GB."
        )
