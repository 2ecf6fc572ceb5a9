import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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
class CarrierAdmin(SimpleHistoryAdmin):
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


class PlanAdminForm(forms.ModelForm):
    """The plan form with its optimistic lock.

    ``version`` is the plan's version when the page was opened, sent back hidden. Saving
    checks it against the row, locked for the rest of the admin's transaction
    (``select_for_update``): if someone saved the plan in between, the form is invalid and
    says so, and nothing is written. A successful save moves the version up by one.
    """

    # The model and its fields come from PlanAdmin (its fieldsets), through get_form().
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locked_version = None
        if self.instance.pk is not None:
            # The revert page edits an old copy of the plan: offer the current version.
            current = self.instance.version
            if not self.is_bound:
                current = (
                    Plan.objects.filter(pk=self.instance.pk)
                    .values_list("version", flat=True)
                    .first()
                ) or current
            self.fields["version"].initial = current

    @cached_property
    def changed_data(self):
        return [name for name in super().changed_data if name != "version"]

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            submitted = cleaned_data.get("version")
            current = (
                Plan.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if submitted is None or current is None or submitted != current:
                raise ValidationError(self.conflict_message(), code="conflict")
            self.locked_version = current
        return cleaned_data

    def conflict_message(self) -> str:
        last = (
            Plan.history.filter(id=self.instance.pk)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
            .first()
        )
        when = ""
        if last is not None:
            saved_at = timezone.localtime(last.history_date)
            at = saved_at.strftime(
                "%H:%M" if saved_at.date() == timezone.localdate() else "%Y-%m-%d %H:%M"
            )
            user = last.history_user
            if user is not None:
                who = user.get_full_name() or user.get_username()
                when = gettext(" (at %(time)s by %(name)s)") % {"time": at, "name": who}
            else:
                when = gettext(" (at %(time)s)") % {"time": at}
        return gettext(
            "Someone else saved this plan while you were editing it%(when)s. Your changes "
            "were not saved: reload the page to see theirs, then make your changes again."
        ) % {"when": when}

    def save(self, commit=True):
        if self.locked_version is not None:
            self.instance.version = self.locked_version + 1
        return super().save(commit)


class PlanWithoutRuleForm(PlanAdminForm):
    """The plan form where its rule is not edited beside it (the history's revert page):
    the saved rule must still fit the plan, or the database would refuse the commit."""

    def clean(self):
        cleaned_data = super().clean()
        rule = RolloverRule.objects.filter(plan_id=self.instance.pk).first()
        rolls = rule is not None and rule.mode != RolloverRule.Mode.NONE
        unlimited = cleaned_data.get("allowance_mb") is None
        daily = cleaned_data.get("billing") == Plan.Billing.DAILY
        if rolls and (unlimited or daily):
            raise ValidationError(
                _(
                    "This version is unlimited or a day pass, but the plan's rule now rolls "
                    "data over. Set the rule to “No rollover” on the plan's page first, then "
                    "revert."
                ),
                code="rule_conflict",
            )
        return cleaned_data


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
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
    form = PlanAdminForm
    fieldsets = (
        (
            None,
            {"fields": ("carrier", "name", "slug", "kind", "availability", "active", "version")},
        ),
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        # ``version`` is in the fieldsets so the page carries it (hidden), but it is the
        # form's own field, not an editable model field: keep it out of the model's fields.
        fields = kwargs.get("fields") or flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [f for f in fields if f != "version"]
        if getattr(request, "editing_plan_without_rule", False):
            kwargs["form"] = PlanWithoutRuleForm
        return super().get_form(request, obj, change, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting saves through the same form and lock as the change page: one transaction.
        # The revert page has no rule beside the plan, so its form checks the saved rule.
        request.editing_plan_without_rule = True
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

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
        # Saved one by one, not with update(): each plan gets its history record (with the
        # curator) and a new version, so a form open on it cannot overwrite the date.
        today = datetime.date.today()
        count = 0
        with transaction.atomic():
            for plan in Plan.objects.select_for_update().filter(pk__in=queryset.values("pk")):
                plan.source_checked = today
                plan.version += 1
                plan.save(update_fields=["source_checked", "version"])
                count += 1
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
    plan.version = 1
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
