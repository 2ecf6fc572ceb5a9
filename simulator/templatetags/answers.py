"""``{% load answers %}{% plan_categories plan as categories %}``: the categories a plan
belongs to (``simulator.answers``: in memory, no query per plan), for the plan page's links
to the category answers."""

from django import template

from simulator import answers
from simulator.explain import format_gb

register = template.Library()


@register.simple_tag
def plan_categories(plan) -> list:
    return answers.current().categories_of(plan)


@register.filter
def data_size(mb) -> str:
    """Whole MB as the site writes data sizes: "5 GB", "0.5 GB", "50 MB"."""
    return format_gb(mb)
