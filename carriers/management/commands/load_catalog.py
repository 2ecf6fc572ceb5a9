from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carriers.catalog.loader import STARTER_CATALOG, CatalogError, load_catalog


class Command(BaseCommand):
    help = (
        "Load a catalog file (default: the starter catalog). Without --update it only creates "
        "what the database lacks and changes nothing that exists. With --update it also "
        "updates existing records, except values changed outside the loader since it last "
        "wrote them (conflicts: listed and skipped; --force overwrites them). A bad file "
        "changes nothing and exits with code 2."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=str(STARTER_CATALOG), help="Catalog TOML or JSON file."
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also update existing records from the file (not values a curator changed).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="With --update: overwrite conflicts too, and recreate records a curator deleted.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )

    def handle(self, *args, file, update, force, dry_run, **options):
        if force and not update:
            raise CommandError("--force goes with --update.", returncode=2)
        try:
            report = load_catalog(Path(file), update=update, force=force, dry_run=dry_run)
        except CatalogError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        prefix = "would " if dry_run else ""
        for change in report.changes:
            self.stdout.write(f"{prefix}{change}")
        for conflict in report.conflicts:
            self.stdout.write(self.style.WARNING(str(conflict)))
        for line in report.not_recreated:
            self.stdout.write(f"not recreated: {line}")
        if report.differing:
            self.stdout.write(
                f"{len(report.differing)} existing record(s) differ from the file and were "
                "left as they are; `load_catalog --update --dry-run` lists the differences."
            )
        summary = (
            f"{report.carriers} carriers, {report.categories} categories and {report.plans} "
            f"plans in the file; {len(report.changes)} change(s) "
            f"{'would be made' if dry_run else 'made'}"
            + (f", {len(report.conflicts)} conflict(s) skipped" if report.conflicts else "")
            + "."
        )
        self.stdout.write(self.style.SUCCESS(summary) if not dry_run else summary)
