from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carriers.catalog.export import export_catalog, to_json
from carriers.catalog.loader import CatalogError


class Command(BaseCommand):
    help = (
        "Write the whole catalog (every carrier, category, plan, rollover rule and promotion, "
        "inactive ones and curators' own plans included) as JSON in the loader's structure: "
        "load_catalog --file FILE.json loads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Write to this file (default: standard output).")

    def handle(self, *args, output, **options):
        try:
            catalog = export_catalog()
        except CatalogError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        text = to_json(catalog)
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc}", returncode=2) from exc
        self.stderr.write(
            f"Wrote {len(catalog['carrier'])} carriers, {len(catalog['category'])} categories "
            f"and {len(catalog['plan'])} plans "
            f"to {output}."
        )
