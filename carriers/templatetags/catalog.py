"""Template helpers for catalog data.

``{% load catalog %}``

* ``{% curated plan "notes" %}`` — a curated text in the page's language, or its English
  fallback wrapped in ``<span lang="en">`` so the page says which language it really is.
  ``{% curated plan "notes" as notes %}`` gives the text with ``notes.lang`` and
  ``notes.is_fallback`` for a template that marks it up itself.
"""

from django import template

from carriers.i18n import CuratedText, curated

register = template.Library()


@register.simple_tag(name="curated")
def curated_text(obj, field: str) -> CuratedText:
    """The text in the active language (the page's), else English, saying which it is."""
    return curated(obj, field)
