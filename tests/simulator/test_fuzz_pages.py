"""Form-level fuzzing of every public page: random strings, unicode, huge and negative
numbers, missing and repeated fields. A page answers with a form error (or a redirect, or a
404 for a plan that does not exist) — never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carriers.catalog.loader import load_catalog
from simulator.forms import CompareForm

FIELDS = [*CompareForm.base_fields, "fill", "junk", ""]

values = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789.,-eE ，;\n", max_size=60),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.sampled_from(
        [
            "custom",
            "fizz-rollover",
            "keepgo-us-unlimited-day",
            "verizon-allset-bridge-data-2014",
            "2026-01",
            "9999-99",
            "NaN",
            "Infinity",
            "-0",
            "1e999",
            "\x00",
            "𝟘",
            "四",
            " ",
            "on",
        ]
    ),
)
params = st.dictionaries(
    keys=st.sampled_from(FIELDS),
    values=st.one_of(values, st.lists(values, min_size=2, max_size=3)),
    max_size=12,
)

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def site(client, db, settings):
    settings.RATE_LIMIT_SIMULATIONS = ""
    load_catalog()
    return client


def assert_no_500(response):
    assert response.status_code in (200, 302, 404), response.status_code


@pytest.mark.parametrize("path", ["/en/", "/zh-hans/", "/en/compare/", "/en/result.csv"])
@FUZZ
@given(query=params)
def test_simulating_pages_never_answer_500(site, path, query):
    assert_no_500(site.get(path, query))


@FUZZ
@given(query=params, slug=st.text(max_size=30))
def test_plan_pages_never_answer_500(site, query, slug):
    assert_no_500(site.get("/en/plans/", query))
    assert_no_500(site.get(f"/en/plans/{slug}/"))


def test_too_many_fields_are_refused_with_400(site):
    response = site.get("/en/", {f"f{i}": "1" for i in range(301)})
    assert response.status_code == 400
