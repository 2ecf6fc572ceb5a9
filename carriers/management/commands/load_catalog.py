from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carriers.catalog.loader import STARTER_CATALOG, CatalogError, load_catalog


class Command(BaseCommand):
    help = (
        "Load the starter catalog (carriers, plans, rollover rules, promotions). Idempotent: "
        "a second run changes nothing. Records the file does not name are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=str(STARTER_CATALOG), help="Catalog TOML file (default: starter)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            report = load_catalog(Path(file), dry_run=dry_run)
        except CatalogError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        prefix = "would " if dry_run else ""
        for change in report.changes:
            self.stdout.write(f"{prefix}{change}")
        summary = (
            f"{report.carriers} carriers and {report.plans} plans in the file; "
            f"{len(report.changes)} change(s) {'would be made' if dry_run else 'made'}."
        )
        self.stdout.write(self.style.SUCCESS(summary) if not dry_run else summary)
