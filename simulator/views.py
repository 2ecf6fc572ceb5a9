"""Public pages. Each view: a form parses the request, a service runs the engine, ``pages``
builds the page's context, a template renders it."""

from __future__ import annotations

import csv

from django import http
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from . import answers, engine, pages, services
from .forms import CompareForm, PlanListForm, SimulateForm, submitted
from .search import SearchForm
from .search import search as find_name
from .throttling import throttled


def bound(request):
    """Bind a form only once the person has submitted it; a link that only picks a plan
    (``?plan=slug``, from a plan page) opens the empty form with that plan chosen."""
    return request.GET if submitted(request) else None


def initial(request) -> dict:
    return {"plan": request.GET.get("plan", "")}


def run(form, use_case):
    """The use case's result for a valid form, or None: the engine's refusals go beside the
    form's fields."""
    if not form.is_valid():
        return None
    try:
        return use_case(form)
    except engine.InvalidInput as exc:
        form.add_engine_errors(exc)
        return None


def simulate(form) -> services.SimulationResult:
    return services.simulate(**form.simulation_input())


def compare_plans(form) -> services.CompareResult:
    result = services.compare(**form.compare_input())
    if result.yours_error is not None:  # their own plan could not be ranked: say why
        form.add_engine_errors(result.yours_error)
    return result


@throttled
def home(request):
    form = SimulateForm(bound(request), initial=initial(request), plans=services.catalog_plans())
    result = run(form, simulate)
    context = pages.form_page(form, result=result and pages.simulation_page(result))
    return render(request, "simulator/home.html", context)


@throttled
def result_csv(request):
    """The month table for a spreadsheet (``pages.csv_table``), UTF-8 with a BOM."""
    form = SimulateForm(bound(request), plans=services.catalog_plans())
    result = run(form, simulate)
    if result is None:
        return redirect(f"{reverse('home')}?{request.GET.urlencode()}")
    filename, rows = pages.csv_table(result)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    csv.writer(response).writerows(rows)
    return response


@throttled
def compare(request):
    form = CompareForm(bound(request), initial=initial(request), plans=services.catalog_plans())
    result = run(form, compare_plans)
    context = pages.compare_page(form, result, request.GET)
    return render(request, "simulator/compare.html", context)


def plan_list(request):
    form = PlanListForm(request.GET, plans=services.catalog_plans())
    entries = services.list_plans(form.filters())
    return render(request, "simulator/plan_list.html", pages.plan_list_page(entries, form))


def plan_detail(request, slug):
    entry = services.get_plan(slug)
    if entry is None:
        raise http.Http404("No such plan.")
    return render(request, "simulator/plan_detail.html", pages.plan_page(entry))


def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


# --- Carrier answers and search ("does my card roll over?"): simulator/answers.py, search.py


def carrier_list(request):
    context = {**answers.current().directory_page(), "search_form": SearchForm()}
    return render(request, "simulator/carrier_list.html", context)


def carrier_answer(request, slug):
    directory = answers.current()
    if slug not in directory.carriers:
        raise Http404("No such carrier.")
    return render(request, "simulator/answer.html", directory.carrier_page(slug))


def category_answer(request, slug):
    directory = answers.current()
    if slug not in directory.categories:
        raise Http404("No such category.")
    return render(request, "simulator/answer.html", directory.category_page(slug))


def search(request):
    """One match: straight to its answer (302). Several: a short list. None: say so."""
    form = SearchForm(request.GET if "q" in request.GET else None)
    choices = None
    if form.is_valid():
        directory = answers.current()
        found = find_name(form.cleaned_data["q"], directory.index)
        if found.one:
            return redirect(directory.url(found.one))
        choices = directory.choices(found)
    return render(request, "simulator/search.html", {"search_form": form, "choices": choices})
