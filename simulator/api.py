"""The JSON API (spec §9): /api/v1/simulate, /compare, /plans, /plans/{slug}.

Bad input never gets a 500: a body that is not JSON is a 400, a body of the wrong shape or
a plan or usage the engine refuses is a 422, each naming the bad field and why. Error lists
are bounded: unknown keys are one entry, and past ``MAX_ERRORS`` one entry counts the rest.
Bodies that are too large, chunked or not JSON are refused before parsing
(``simulator.middleware``).
"""

from __future__ import annotations

import json
import math
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
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
    error_dicts,
    field_path,
)
from .throttling import SimulationThrottle


class BodyNotJSON(Exception):
    pass


def _no_constants(name: str):
    raise BodyNotJSON(f"{name} is not a number JSON allows.")


# The widest object of the API has 10 fields (custom_plan): an object with more than this
# cannot be valid, and is refused as it is parsed rather than checked key by key.
MAX_FIELDS = 32


class TooManyFields(Exception):
    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(f"{len(names)} fields")


def _object(pairs: list[tuple[str, object]]) -> dict:
    if len(pairs) > MAX_FIELDS:
        raise TooManyFields([name for name, _ in pairs])
    return dict(pairs)


class StrictJSONParser(Parser):
    """JSON with no NaN/Infinity, decimals kept exact (never floats), and no object wider
    than any of the API's."""

    def parse_body(self, request: HttpRequest):
        try:
            return json.loads(
                request.body,
                parse_float=Decimal,
                parse_constant=_no_constants,
                object_pairs_hook=_object,
            )
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


def _message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "This field is required."
    if kind == "extra_forbidden":
        return "This field is not part of the API; check its spelling."
    return error.get("msg", "This value is not valid.")


MAX_ERRORS = 20  # entries in one answer; one more counts the rest
MAX_FIELD = 100  # characters of a field's path (a client's unknown key can be any length)
UNKNOWN_NAMED = 5  # unknown keys named in their one entry


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bounded(errors: list[dict]) -> list[dict]:
    """At most MAX_ERRORS entries plus one counting the rest; every unknown key in one entry
    (at the place of the first), naming a few."""
    unknown = [e for e in errors if e["code"] == "extra_forbidden"]
    shaped = []
    for error in errors:
        if error["code"] != "extra_forbidden":
            shaped.append(error)
        elif error is unknown[0] and len(unknown) > 1:
            names = ", ".join(_clip(e["field"], 40) for e in unknown[:UNKNOWN_NAMED])
            end = ", …" if len(unknown) > UNKNOWN_NAMED else "."
            message = (
                f"{len(unknown):,} fields are not part of the API; check their spelling: "
                f"{names}{end}"
            )
            shaped.append({**error, "message": message})
        elif error is unknown[0]:
            shaped.append(error)
    shaped = [{**e, "field": _clip(e["field"], MAX_FIELD)} for e in shaped]
    if len(shaped) > MAX_ERRORS:
        rest = len(shaped) - MAX_ERRORS
        shaped = [
            *shaped[:MAX_ERRORS],
            {
                "field": "body",
                "code": "more_errors",
                "message": f"{rest:,} more errors not listed; fix these first.",
            },
        ]
    return shaped


@api.exception_handler(ValidationError)
def shape_error(request, exc: ValidationError):
    errors = [
        {
            "field": field_path(e.get("loc", ())),
            "code": e.get("type", "invalid"),
            "message": _message(e),
        }
        for e in exc.errors
    ]
    return api.create_response(
        request, {"detail": "The request is not valid.", "errors": bounded(errors)}, status=422
    )


@api.exception_handler(engine.InvalidInput)
def engine_error(request, exc: engine.InvalidInput):
    body = {"detail": "The request is not valid.", "errors": bounded(error_dicts(exc))}
    return api.create_response(request, body, status=422)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """Ninja answers a body it cannot parse with HttpError(400); say why, in our shape."""
    cause = exc.__cause__
    if exc.status_code == 400 and isinstance(cause, TooManyFields):
        names = ", ".join(_clip(name, 40) for name in cause.names[:UNKNOWN_NAMED])
        message = (
            f"An object has {len(cause.names):,} fields, more than any object of the API "
            f"has; the first: {names}, …"
        )
        errors = [{"field": "body", "code": "too_many_fields", "message": message}]
        body = {"detail": "The request is not valid.", "errors": errors}
        return api.create_response(request, body, status=422)
    if exc.status_code == 400:
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


def answer(output) -> HttpResponse:
    """A 200 written by pydantic itself from the output schema (compare's answer holds ~1,000
    plans: ninja's generic dump and renderer were most of its time). The documented
    response schema is the same."""
    return HttpResponse(
        output.model_dump_json(by_alias=True), content_type="application/json; charset=utf-8"
    )


# Every answer a POST endpoint may give besides 200 (411/413/415 come from the middleware).
ERRORS = dict.fromkeys((400, 411, 413, 415, 422, 429), ErrorsOut)


@api.post(
    "/simulate",
    response={200: SimulationOut, **ERRORS},
    by_alias=True,
    throttle=[SimulationThrottle()],
)
def simulate(request, payload: SimulateIn):
    """Simulate one plan — a catalog plan by slug, or your own plan inline: every month,
    the totals (with the credit for unused data) and what the rollover rule was worth."""
    usage = payload.model_dump(include=services.USAGE_FIELDS)
    plan = {"plan": payload.plan, "custom_plan": payload.custom_plan}
    return answer(SimulationOut.of(services.simulate(**usage, **plan)))


@api.post(
    "/compare",
    response={200: CompareOut, **ERRORS},
    by_alias=True,
    throttle=[SimulationThrottle()],
)
def compare(request, payload: CompareIn):
    """Rank the catalog plans open to new customers (all of them with include_unavailable)
    that can take this use — by currency, then fit, then cost — and list the others with
    the reason."""
    filters = services.PlanFilters(**payload.model_dump(include=FILTER_FIELDS))
    usage = payload.model_dump(include=services.USAGE_FIELDS)
    return answer(CompareOut.of(services.compare(**usage, filters=filters)))


FILTER_FIELDS = {"country", "currency", "carrier", "billing", "kind", "include_unavailable"}


@api.get("/plans", response=list[CatalogPlanOut], by_alias=True)
def plans(request):
    """The catalog: each plan, its carrier, its rule and promotions, its availability, its
    source and its date, and which values no source states."""
    return [CatalogPlanOut.of(entry.plan, entry.terms) for entry in services.list_plans()]


@api.get("/plans/{slug}", response={200: CatalogPlanOut, 404: ErrorsOut}, by_alias=True)
def plan(request, slug: str):
    found = services.get_plan(slug)
    if found is None:
        exc = services.unknown_plan(slug)
        return Status(404, {"detail": "Not found.", "errors": error_dicts(exc)})
    return CatalogPlanOut.of(found.plan, found.terms)
