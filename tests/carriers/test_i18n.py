"""Curated texts in the page's language, with an honest lang attribute on a fallback;
country names from django-countries in each language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from carriers.i18n import country_name, curated

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load catalog %}" + source).render(Context(context))


def test_a_chinese_page_shows_the_chinese_text_where_a_curator_wrote_one(make_plan):
    plan = make_plan(notes_en="Rolls for a month.", notes_zh_hans="可结转一个月。")
    with translation.override("zh-hans"):
        text = curated(plan, "notes")
        assert (text.text, text.lang, text.is_fallback) == ("可结转一个月。", "zh-hans", False)
        assert render('{% curated plan "notes" %}', plan=plan) == "可结转一个月。"
        assert plan.notes == "可结转一个月。"  # modeltranslation's own reading agrees


def test_an_english_fallback_on_a_chinese_page_is_marked_lang_en(make_plan):
    plan = make_plan(notes_en="Rolls for a month & more.")
    with translation.override("zh-hans"):
        text = plan.text("notes")
        assert (text.text, text.lang, text.is_fallback) == ("Rolls for a month & more.", "en", True)
        assert render('{% curated plan "notes" %}', plan=plan) == (
            '<span lang="en">Rolls for a month &amp; more.</span>'
        )
        body = render(
            '{% curated plan "notes" as notes %}<p{% if notes.is_fallback %} '
            'lang="{{ notes.lang }}"{% endif %}>{{ notes.text }}</p>',
            plan=plan,
        )
        assert body == '<p lang="en">Rolls for a month &amp; more.</p>'


def test_an_english_page_shows_english_without_a_lang_attribute(make_plan):
    plan = make_plan(notes_en="Rolls.", notes_zh_hans="结转。")
    with translation.override("en"):
        assert render('{% curated plan "notes" %}', plan=plan) == "Rolls."


def test_an_empty_text_renders_nothing(make_plan):
    plan = make_plan()
    with translation.override("zh-hans"):
        assert render('{% curated plan "notes" %}', plan=plan) == ""
        assert not curated(plan, "notes")


def test_every_translated_model_offers_its_texts(make_plan):
    plan = make_plan(
        rule={"summary_en": "Up to 5 GB.", "summary_zh_hans": "最多 5 GB。"},
        promotions=[{"name_en": "Launch", "from_month": "2026-01", "to_month": "2026-01"}],
    )
    with translation.override("zh-hans"):
        assert curated(plan.rollover, "summary").text == "最多 5 GB。"
        assert curated(plan.promotions.get(), "name").lang == "en"
        assert curated(plan.carrier, "name").text == "Example Mobile"


def test_country_names_come_from_django_countries_in_each_language():
    with translation.override("en"):
        assert country_name("CN") == "China"
        assert country_name("PH") == "Philippines"
    with translation.override("zh-hans"):
        assert country_name("CN") == "中国"
        assert country_name("US") == "美国"
    assert country_name("ZZ") == "ZZ"


def test_assumed_values_are_asked_about_cheaply(make_plan, django_assert_num_queries):
    plan = make_plan(assumed=["price", "rollover.cap_mb"])
    with django_assert_num_queries(0):
        assert "rollover.cap_mb" in plan.assumed_names
        assert "allowance_mb" not in plan.assumed_names
        assert "price" in plan.assumed_names
