from django.core.management.base import BaseCommand

from carriers import formats
from carriers.models import PlanKind
from simulator import engine, services
from simulator.schemas import CompareOut

from ._common import add_usage_arguments, as_json, gb, read_usage, refuse, table

FITS = {"full": "serves all", "slowed": "slowed", "short": "short"}


class Command(BaseCommand):
    help = (
        "Rank the catalog plans open to new customers for your use (in GB per month): within "
        "each currency, plans that serve all of it first, then the cheapest, then the least "
        "wasted. Plans that cannot take this use are listed with why."
    )

    def add_arguments(self, parser):
        add_usage_arguments(parser)
        parser.add_argument("--country", help="ISO country code, e.g. US.")
        parser.add_argument("--currency", help="ISO currency code, e.g. USD.")
        parser.add_argument("--carrier", help="A carrier's slug.")
        parser.add_argument("--billing", choices=("monthly", "daily"))
        parser.add_argument("--kind", choices=PlanKind.values)
        parser.add_argument(
            "--include-unavailable",
            action="store_true",
            help="Also plans closed to new customers and discontinued ones.",
        )

    def handle(self, *args, **options):
        filters = services.PlanFilters(
            **{k: options[k] for k in ("country", "currency", "carrier", "billing", "kind")},
            include_unavailable=options["include_unavailable"],
        )
        try:
            result = services.compare(**read_usage(options), filters=filters)
        except engine.InvalidInput as exc:
            raise refuse(exc) from exc
        if options["json"]:
            self.stdout.write(as_json(CompareOut.of(result)))
            return
        plans = result.plans_by_slug
        rows = []
        for rank, r in result.numbered():  # ranks restart in each currency
            t, plan = r.totals, plans[r.key]
            rows.append(
                [
                    str(rank),
                    plan.slug,
                    plan.carrier.name,
                    FITS[r.fit],
                    plan.availability,
                    formats.money(t.cost, t.currency),
                    formats.money(t.cost_per_gb, t.currency) if t.cost_per_gb is not None else "-",
                    gb(t.wasted_mb),
                    gb(t.unmet_mb + t.throttled_mb),
                ]
            )
        headers = [
            "#",
            "plan",
            "carrier",
            "fit",
            "availability",
            "cost",
            "per GB",
            "wasted GB",
            "unmet/slow GB",
        ]
        self.stdout.write(table(headers, rows))
        if result.skipped:
            self.stdout.write("\nCannot take this use:")
            for s in result.skipped:
                reason = "; ".join(e.message for e in s.error.errors)
                self.stdout.write(f"  {s.key}: {reason}")
