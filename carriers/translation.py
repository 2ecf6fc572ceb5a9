"""Which catalog texts have a Chinese version (django-modeltranslation), and the history
of every catalog model.

modeltranslation adds ``<field>_en`` and ``<field>_zh_hans`` columns beside each field
named here; reading ``plan.notes`` gives the active language's text, falling back to
English when it is empty (``MODELTRANSLATION_FALLBACK_LANGUAGES``). English is required
where the field itself is (names); Chinese is always optional.

History is registered here, not with ``HistoricalRecords()`` on the models: the historical
models copy the models' fields when they are built, and only after modeltranslation has
added its columns do they include the Chinese texts (so a revert brings them back too).
"""

from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, register
from simple_history import register as record_history

from .models import Carrier, Category, Plan, Promotion, RolloverRule


class CatalogTextOptions(TranslationOptions):
    required_languages = ("en",)


@register(Carrier)
class CarrierText(CatalogTextOptions):
    fields = ("name", "notes")


@register(Category)
class CategoryText(CatalogTextOptions):
    fields = ("name", "notes")


@register(Plan)
class PlanText(CatalogTextOptions):
    fields = ("name", "notes")


@register(RolloverRule)
class RolloverRuleText(CatalogTextOptions):
    fields = ("summary", "convert_benefit")


@register(Promotion)
class PromotionText(CatalogTextOptions):
    fields = ("name",)


# The history lists' names, translated (django-simple-history's own "historical …" is not).
HISTORY_NAMES = {
    Carrier: (_("carrier change"), _("carrier changes")),
    Category: (_("category change"), _("category changes")),
    Plan: (_("plan change"), _("plan changes")),
    RolloverRule: (_("rollover rule change"), _("rollover rule changes")),
    Promotion: (_("promotion change"), _("promotion changes")),
}
for model, (name, plural) in HISTORY_NAMES.items():
    record_history(model, verbose_name=name, verbose_name_plural=plural)
