"""Public pages. Each one parses with a form, calls the engine (through services), renders."""

from __future__ import annotations

import csv

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from carriers.models import Plan

from . import catalog
from .adapter import catalog_plans, engine_plan
from .explain import explain_rule, format_gb
from .forms import CompareForm, SimulateForm, country_name, submitted
from .present import custom_plan_fieldset, present_ranking, present_simulation
from .serializers import catalog_plan_dict
from .throttling import throttled


def bound(request):
    """Bind a form only once the person has submitted it; a link that only picks a plan
    (``?plan=slug``, from a plan page) opens the empty form with that plan chosen."""
    return request.GET if submitted(request) else None


def initial(request) -> dict:
    return {"plan": request.GET.get("plan", "")}


@throttled
def home(request):
    plans = catalog.current().plans
    form = SimulateForm(bound(request), initial=initial(request), plans=plans)
    result = form.simulate() if form.is_bound else None
    context = {
        "form": form,
        "custom_plan_fieldset": custom_plan_fieldset(form),
        "result": present_simulation(result) if result else None,
    }
    return render(request, "simulator/home.html", context)


CSV_FIELDS = (
    "month", "renewed", "opening_bank_mb", "granted_mb", "demand_mb", "from_bank_mb",
    "from_allowance_mb", "throttled_mb", "overage_mb", "unmet_mb", "expired_mb",
    "rolled_over_mb", "forfeited_mb", "converted", "closing_bank_mb", "plan_cost",
    "overage_cost", "cost",
)  # fmt: skip


@throttled
def result_csv(request):
    """The month table as CSV (the spec's field names; data in MB, money as in the API)."""
    form = SimulateForm(bound(request), plans=catalog.current().plans)
    result = form.simulate() if form.is_bound else None
    if result is None:
        return redirect(f"{reverse('home')}?{request.GET.urlencode()}")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rollover-lab.csv"'
    writer = csv.writer(response)
    writer.writerow((*CSV_FIELDS, "currency"))
    currency = result["totals"]["currency"]
    for month in result["months"]:
        writer.writerow((*(month[f] for f in CSV_FIELDS), currency))
    return response


@throttled
def compare(request):
    plans = catalog.current().plans
    form = CompareForm(bound(request), initial=initial(request), plans=plans)
    result = form.compare() if form.is_bound else None
    ranking = present_ranking(result, form.baseline()) if result else None
    context = {
        "form": form,
        "custom_plan_fieldset": custom_plan_fieldset(form),
        "ranking": ranking,
    }
    return render(request, "simulator/compare.html", context)


def plan_list(request):
    plans = list(catalog_plans())
    country = request.GET.get("country", "")
    billing = request.GET.get("billing", "")
    shown = [
        p
        for p in plans
        if (not country or p.carrier.country == country) and (not billing or p.billing == billing)
    ]
    countries = sorted({p.carrier.country.code for p in plans})
    context = {
        "plans": shown,
        "countries": [(c, country_name(c)) for c in countries],
        "country": country,
        "billing": billing,
        "billings": Plan.Billing.choices,
    }
    return render(request, "simulator/plan_list.html", context)


def plan_detail(request, slug):
    plan = get_object_or_404(catalog_plans(), slug=slug)
    terms = catalog_plan_dict(plan, engine_plan(plan))
    for promotion in terms["promotions"]:
        promotion["bonus"] = format_gb(promotion["bonus_mb"]) if promotion["bonus_mb"] else None
    context = {"plan": plan, "terms": terms, "rule": explain_rule(terms)}
    return render(request, "simulator/plan_detail.html", context)


def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
