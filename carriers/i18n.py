"""Curated catalog text in the page's language, saying which language it really is.

Curators write names, notes and rule summaries in English and, optionally, in Chinese
(django-modeltranslation: ``notes_en`` and ``notes_zh_hans`` beside ``notes``). A Chinese
page shows the Chinese text where there is one and falls back to English where there is
not; the fallback must then be marked ``lang="en"`` so screen readers and translators
know. ``curated(obj, "notes")`` returns the text with its real language; in a template
``{% load catalog %}{% curated plan "notes" %}`` renders it, wrapped in
``<span lang="en">`` only when it is a fallback.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE  # "en": every curated text exists in English


@dataclass(frozen=True)
class CuratedText:
    text: str
    lang: str  # the language the text is written in ("en", "zh-hans")
    page_lang: str  # the language it was asked for

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def is_fallback(self) -> bool:
        return self.lang != self.page_lang

    def __html__(self) -> str:
        if self.text and self.is_fallback:
            return format_html('<span lang="{}">{}</span>', self.lang, self.text)
        return str(conditional_escape(self.text))


def _page_language(language: str | None) -> str:
    language = (language or get_language() or DEFAULT_LANGUAGE).lower()
    codes = [code for code, _name in settings.LANGUAGES]
    if language in codes:
        return language
    base = language.split("-")[0]
    # "zh", "zh-cn", "zh-hans-cn" … read the Simplified Chinese text.
    return next((code for code in codes if code.split("-")[0] == base), DEFAULT_LANGUAGE)


def curated(obj, field: str, language: str | None = None) -> CuratedText:
    """``obj.<field>`` in ``language`` (default: the active one), else in English."""
    page = _page_language(language)
    for lang in dict.fromkeys((page, DEFAULT_LANGUAGE)):
        value = getattr(obj, build_localized_fieldname(field, lang), None)
        if value:
            return CuratedText(value, lang, page)
    return CuratedText("", page, page)


def country_name(code) -> str:
    """A country's name in the active language, from django-countries ("China" / "中国");
    the code itself for a code it does not know."""
    from django_countries import countries

    code = str(code or "")
    return str(countries.name(code)) or code
