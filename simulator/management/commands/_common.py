"""What the simulate and compare commands share: reading use, reporting bad input, the
API's JSON, and tables (amounts from ``carriers.formats``, sizes in GB)."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from carriers import formats
from simulator import engine
from simulator.usage import UsageError, parse_days, parse_usage_gb


def add_usage_arguments(parser) -> None:
    parser.add_argument(
        "--usage",
        required=True,
        help='Use in GB per month, e.g. "4, 12.5, , 8" (a blank month = not renewed).',
    )
    parser.add_argument("--start", help="First month, YYYY-MM (default: this month).")
    parser.add_argument("--lines", type=int, default=1, help="Lines on a shared plan.")
    parser.add_argument("--days", help='Day passes: days of use per month, e.g. "10, 0, 31".')
    parser.add_argument("--json", action="store_true", help="Print the API's JSON answer.")


def read_usage(options) -> dict:
    try:
        usage = parse_usage_gb(options["usage"])
        days = parse_days(options["days"]) if options.get("days") else None
    except UsageError as exc:
        raise CommandError(str(exc), returncode=2) from exc
    return {
        "usage_mb": usage,
        "days_used": days,
        "start": options.get("start"),
        "lines": options["lines"],
    }


def refuse(exc: engine.InvalidInput) -> CommandError:
    lines = [f"  {e.field}: {e.message}" for e in exc.errors]
    return CommandError("The input is not valid:\n" + "\n".join(lines), returncode=2)


def as_json(schema) -> str:
    """An output schema exactly as the API writes it."""
    return json.dumps(schema.model_dump(by_alias=True, mode="json"), indent=2, ensure_ascii=False)


def gb(mb: int | None) -> str:
    """A table cell in GB: the number alone (the column says GB)."""
    return "unlimited" if mb is None else f"{formats.gb(mb)}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    fmt = "  ".join(f"{{:>{w}}}" for w in widths)
    out = [fmt.format(*headers), "  ".join("-" * w for w in widths)]
    out += [fmt.format(*row) for row in rows]
    return "\n".join(out)
