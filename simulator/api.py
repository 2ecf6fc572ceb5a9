"""The JSON API (spec §9): /api/v1/simulate, /compare, /plans, /plans/{slug}.

Bad input never gets a 500: a body that is not JSON is a 400, a body of the wrong shape or
a plan or usage the engine refuses is a 422, each naming the bad field and why.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal

from django.http import HttpRequest
from ninja import NinjaAPI, Status
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.parser import Parser

from . import engine, services
from .schemas import (
    CatalogPlanOut,
    CompareIn,
    CompareOut,
    ErrorsOut,
    SimulateIn,
    SimulationOut,
)
from .serializers import error_dicts
from .throttling import SimulationThrottle


class BodyNotJSON(Exception):
    pass


def _no_constants(name: str):
    raise BodyNotJSON(f"{name} is not a number JSON allows.")


class StrictJSONParser(Parser):
    """JSON with no NaN/Infinity, and decimals kept exact (never floats)."""

    def parse_body(self, request: HttpRequest):
        try:
            return json.loads(request.body, parse_float=Decimal, parse_constant=_no_constants)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8, huge ints
            raise BodyNotJSON(f"The body is not valid JSON: {exc}") from exc


api = NinjaAPI(
    title="Rollover Lab API",
    version="1",
    description=(
        "Does unused mobile data carry over, and what does that mean for me? Simulate a "
        "catalog plan or your own plan month by month, or rank the whole catalog for your "
        "use. Data is whole MB (1 GB = 1024 MB); money is a string with 2 decimals."
    ),
    urls_namespace="api",
    parser=StrictJSONParser(),
)


def _location(loc) -> str:
    parts = [p for p in loc if p not in ("body", "payload")]
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "body"


def _message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "This field is required."
    if kind == "extra_forbidden":
        return "This field is not part of the API; check its spelling."
    return error.get("msg", "This value is not valid.")


@api.exception_handler(ValidationError)
def shape_error(request, exc: ValidationError):
    errors = [
        {
            "field": _location(e.get("loc", ())),
            "code": e.get("type", "invalid"),
            "message": _message(e),
        }
        for e in exc.errors
    ]
    return api.create_response(
        request, {"detail": "The request is not valid.", "errors": errors}, status=422
    )


@api.exception_handler(engine.InvalidInput)
def engine_error(request, exc: engine.InvalidInput):
    return api.create_response(
        request, {"detail": "The request is not valid.", "errors": error_dicts(exc)}, status=422
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """Ninja answers a body it cannot parse with HttpError(400); say why, in our shape."""
    if exc.status_code == 400:
        cause = exc.__cause__
        reason = str(cause) if isinstance(cause, BodyNotJSON) else "The body is not valid JSON."
        body = {
            "detail": "The body must be a JSON object.",
            "errors": [{"field": "body", "code": "not_json", "message": reason}],
        }
    else:
        body = {"detail": str(exc), "errors": []}
    response = api.create_response(request, body, status=exc.status_code)
    if isinstance(exc, Throttled):
        response["Retry-After"] = str(max(1, math.ceil(exc.wait or 1)))
    return response


ERRORS = {400: ErrorsOut, 422: ErrorsOut, 429: ErrorsOut}


@api.post(
    "/simulate",
    response={200: SimulationOut, **ERRORS},
    by_alias=True,
    throttle=[SimulationThrottle()],
)
def simulate(request, payload: SimulateIn):
    """Simulate one plan — a catalog plan by slug, or your own plan inline."""
    return services.simulate(
        plan=payload.plan,
        custom_plan=payload.custom_plan.to_engine() if payload.custom_plan else None,
        start=payload.start,
        usage_mb=payload.usage_mb,
        days_used=payload.days_used,
        lines=payload.lines,
    )


@api.post("/compare", response={200: CompareOut, **ERRORS}, throttle=[SimulationThrottle()])
def compare(request, payload: CompareIn):
    """Rank every catalog plan that can take this use; list the others with the reason."""
    return services.compare(**payload.model_dump())


@api.get("/plans", response=list[CatalogPlanOut], by_alias=True)
def plans(request):
    """The catalog: each plan, its carrier, its rule and promotions, its source."""
    return services.list_plans()


@api.get("/plans/{slug}", response={200: CatalogPlanOut, 404: ErrorsOut}, by_alias=True)
def plan(request, slug: str):
    found = services.get_plan(slug)
    if found is None:
        exc = services.unknown_plan(slug)
        return Status(404, {"detail": "Not found.", "errors": error_dicts(exc)})
    return found
