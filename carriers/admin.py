import datetime

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .fields import mb_to_gb
from .models import STALE_AFTER_DAYS, Carrier, Plan, Promotion, RolloverRule


class PlanInline(admin.TabularInline):
    """A carrier's plans, listed with links; plans are edited on their own page."""

    model = Plan
    extra = 0
    fields = ("name", "slug", "billing", "price", "currency", "availability", "active")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "plan_count", "active")
    list_filter = ("country", "active")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (PlanInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_plan_count=Count("plans"))

    @admin.display(description=_("plans"), ordering="_plan_count")
    def plan_count(self, obj):
        return obj._plan_count


class RolloverRuleInline(admin.StackedInline):
    model = RolloverRule
    min_num = 1
    max_num = 1
    extra = 0
    can_delete = False
    fieldsets = (
        (None, {"fields": ("mode", "cap_mb", "bank_cap_mb", "expires_after_periods", "order")}),
        (_("Conditions"), {"fields": ("min_use_mb", "forfeit_on_lapse")}),
        (
            _("Unused data converted to a benefit"),
            {"fields": ("convert_unit_mb", "convert_rate", "convert_benefit")},
        ),
        (_("Plain language"), {"fields": ("summary", "source_url")}),
    )


class PromotionInline(admin.TabularInline):
    model = Promotion
    extra = 0
    fields = ("name", "from_month", "to_month", "bonus_mb", "extra_expiry_periods", "price")


class StaleSourceFilter(admin.SimpleListFilter):
    title = _("source checked")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return (
            ("stale", _("more than 6 months ago")),
            ("fresh", _("in the last 6 months")),
        )

    def queryset(self, request, queryset):
        cutoff = datetime.date.today() - datetime.timedelta(days=STALE_AFTER_DAYS)
        if self.value() == "stale":
            return queryset.filter(source_checked__lt=cutoff)
        if self.value() == "fresh":
            return queryset.filter(source_checked__gte=cutoff)
        return queryset


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "carrier",
        "price_display",
        "allowance_display",
        "rollover_display",
        "availability",
        "source_checked",
    )
    list_select_related = ("carrier", "rollover")
    list_filter = (
        "carrier",
        "carrier__country",
        "billing",
        "rollover__mode",
        "availability",
        StaleSourceFilter,
    )
    search_fields = ("name", "slug", "carrier__name")
    autocomplete_fields = ("carrier",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (RolloverRuleInline, PromotionInline)
    actions = ("mark_source_checked", "duplicate_plans")
    fieldsets = (
        (None, {"fields": ("carrier", "name", "slug", "kind", "availability", "active")}),
        (
            _("Price and data"),
            {"fields": ("billing", "period_months", "currency", "price", "allowance_mb")},
        ),
        (
            _("When the data runs out"),
            {
                "fields": (
                    "overage_policy",
                    "overage_unit_mb",
                    "overage_unit_price",
                    "throttle_kbps",
                )
            },
        ),
        (
            _("Lines (shared and family plans)"),
            {
                "fields": (
                    "lines_included",
                    "lines_max",
                    "extra_line_price",
                    "extra_line_allowance_mb",
                )
            },
        ),
        (_("Source"), {"fields": ("source_url", "source_checked", "notes")}),
    )

    @admin.display(description=_("price"), ordering="price")
    def price_display(self, obj):
        per = _("day") if obj.billing == Plan.Billing.DAILY else _("period")
        return f"{obj.price} {obj.currency} / {per}"

    @admin.display(description=_("data"), ordering="allowance_mb")
    def allowance_display(self, obj):
        if obj.allowance_mb is None:
            return _("unlimited")
        return f"{mb_to_gb(obj.allowance_mb)} GB"

    @admin.display(description=_("rollover"))
    def rollover_display(self, obj):
        rule = getattr(obj, "rollover", None)
        return rule.short_summary() if rule else _("No rollover")

    @admin.action(description=_("Mark source checked today"))
    def mark_source_checked(self, request, queryset):
        count = queryset.update(source_checked=datetime.date.today())
        self.message_user(
            request,
            ngettext(
                "Marked %(count)d plan's source as checked today.",
                "Marked %(count)d plans' sources as checked today.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Duplicate plan (with its rule and promotions)"))
    def duplicate_plans(self, request, queryset):
        copies = []
        with transaction.atomic():
            for plan in queryset.select_related("rollover").prefetch_related("promotions"):
                copies.append(duplicate_plan(plan))
        self.message_user(
            request,
            ngettext(
                "Made %(count)d copy: %(slugs)s. It is inactive until you review it.",
                "Made %(count)d copies: %(slugs)s. They are inactive until you review them.",
                len(copies),
            )
            % {"count": len(copies), "slugs": ", ".join(c.slug for c in copies)},
            messages.SUCCESS,
        )


def duplicate_plan(plan: Plan) -> Plan:
    """Copy a plan with its rule and promotions under a free slug, inactive."""
    rule = getattr(plan, "rollover", None)
    promotions = list(plan.promotions.all())
    base = f"{plan.slug[:90]}-copy"
    taken = set(Plan.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug = base
    n = 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    plan.pk = plan.id = None
    plan._state.adding = True
    plan.slug = slug
    plan.name = f"{plan.name} (copy)"[:150]
    plan.active = False
    plan.save()
    if rule is not None:
        rule.pk = rule.id = None
        rule._state.adding = True
        rule.plan = plan
        rule.save()
    for promotion in promotions:
        promotion.pk = promotion.id = None
        promotion._state.adding = True
        promotion.plan = plan
        promotion.save()
    return plan
