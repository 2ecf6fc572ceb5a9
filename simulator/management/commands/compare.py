from django.core.management.base import BaseCommand

from simulator import engine, services

from ._common import add_usage_arguments, as_json, gb, read_usage, refuse, table


class Command(BaseCommand):
    help = (
        "Rank every catalog plan for your use (in GB per month): cheapest first within each "
        "currency, then least wasted. Plans that cannot take this use are listed with why."
    )

    def add_arguments(self, parser):
        add_usage_arguments(parser)
        parser.add_argument("--country", help="ISO country code, e.g. US.")
        parser.add_argument("--currency", help="ISO currency code, e.g. USD.")
        parser.add_argument("--carrier", help="A carrier's slug.")
        parser.add_argument("--billing", choices=("monthly", "daily"))

    def handle(self, *args, **options):
        filters = {k: options[k] for k in ("country", "currency", "carrier", "billing")}
        try:
            result = services.compare(**read_usage(options), **filters)
        except engine.InvalidInput as exc:
            raise refuse(exc) from exc
        if options["json"]:
            self.stdout.write(as_json(result))
            return
        rows = [
            [
                str(rank),
                r["plan"]["slug"],
                r["plan"]["carrier"],
                f"{r['totals']['cost']} {r['totals']['currency']}",
                r["totals"]["cost_per_gb"] or "-",
                gb(r["totals"]["wasted_mb"]),
                gb(r["totals"]["unmet_mb"] + r["totals"]["throttled_mb"]),
            ]
            for rank, r in enumerate(result["results"], start=1)
        ]
        headers = ["#", "plan", "carrier", "cost", "per GB", "wasted GB", "unmet/slow GB"]
        self.stdout.write(table(headers, rows))
        if result["skipped"]:
            self.stdout.write("\nCannot take this use:")
            for s in result["skipped"]:
                self.stdout.write(f"  {s['plan']['slug']}: {s['reason']}")
