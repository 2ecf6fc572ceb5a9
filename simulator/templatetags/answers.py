"""Template helpers of the answer pages. ``{% load answers %}``

* ``{% plan_categories plan as categories %}``: the categories a plan belongs to
  (``simulator.answers``: in memory, no query per plan), for the plan page's links.
* ``{{ plan|price_per_period }}``, ``{{ plan|data_per_period }}``: a plan's price with its
  period and its data, as the plan list writes them ("$5.00 per day", "10 GB").
* ``{% curated_html obj "name" as name %}``: a curated text for a translated sentence.
* ``{% assumed names %}``: the "assumed" marker naming the values it rests on
  (``pages.assumed_marker``, the same markup as the figures and compare's rows).
"""

from django import template
from django.utils.html import conditional_escape

from carriers.i18n import curated
from simulator import answers, pages

register = template.Library()


@register.simple_tag
def plan_categories(plan) -> list:
    return answers.current().categories_of(plan)


@register.filter
def price_per_period(plan) -> str:
    return pages.price_per_period(plan)


@register.filter
def data_per_period(plan) -> str:
    return pages.data_per_period(plan)


@register.simple_tag
def curated_html(obj, field: str) -> str:
    """``{% curated_html carrier "name" as name %}``: the curated text as HTML, wrapped in
    ``<span lang="en">`` when it is an English fallback, for use inside a translated
    sentence (``{% curated … as x %}`` gives an object that ``{{ x }}`` prints as plain
    text, without its language)."""
    return conditional_escape(curated(obj, field))


@register.simple_tag
def assumed(names) -> str:
    return pages.assumed_marker(str(names))
