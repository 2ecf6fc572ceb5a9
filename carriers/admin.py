"""The catalog admin: carriers, categories and plans (each plan with its rule and promotions
on one page), and the read-only history of plans, rules and promotions with a way back.

Texts with a Chinese version (django-modeltranslation) are shown side by side, English
first; no script is needed (the admin's CSP allows only our own files).
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from . import formats
from .history import PlanMoment, attach_previous_records, changed_fields
from .models import (
    PROMOTION_NAME_TAKEN,
    STALE_AFTER_DAYS,
    Carrier,
    Category,
    Plan,
    Promotion,
    RolloverRule,
    old_source_cutoff,
)

ADMIN_CSS = ("carriers/admin.css",)


class CatalogAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """History (with revert) and side-by-side translations."""

    class Media:
        css = {"all": ADMIN_CSS}


class AliasesColumn:
    """The "aliases" column of the carriers and categories lists."""

    @admin.display(description=_("aliases"))
    def alias_list(self, obj):
        return ", ".join(obj.aliases or ())


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
class CarrierAdmin(AliasesColumn, CatalogAdmin):
    list_display = ("name", "country", "alias_list", "plan_count", "active")
    list_filter = ("country", "active")
    search_fields = ("name_en", "name_zh_hans", "slug", "aliases")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = (PlanInline,)
    fieldsets = (
        (None, {"fields": (("name_en", "name_zh_hans"), "slug", "country", "active")}),
        (_("What people call it"), {"fields": ("aliases",)}),
        (None, {"fields": ("website", ("notes_en", "notes_zh_hans"))}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_plan_count=Count("plans"))

    @admin.display(
        description=pgettext_lazy("admin column: how many", "plans"), ordering="_plan_count"
    )
    def plan_count(self, obj):
        return obj._plan_count


@admin.register(Category)
class CategoryAdmin(AliasesColumn, CatalogAdmin):
    list_display = ("name", "kind", "country", "alias_list", "plan_count", "active")
    list_filter = ("kind", "country", "active")
    search_fields = ("name_en", "name_zh_hans", "slug", "aliases", "notes_en", "notes_zh_hans")
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = (
        (None, {"fields": (("name_en", "name_zh_hans"), "slug", "active")}),
        (
            _("Its plans: the public plans of this kind sold in this country"),
            {"fields": ("kind", "country")},
        ),
        (_("What people call it"), {"fields": ("aliases",)}),
        (None, {"fields": (("notes_en", "notes_zh_hans"),)}),
    )

    def get_queryset(self, request):
        plans = (
            Plan.objects.public()
            .of_kind_in(OuterRef("kind"), OuterRef("country"))
            .order_by()
            .values("kind")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(_plan_count=Coalesce(Subquery(plans, output_field=IntegerField()), 0))
        )

    @admin.display(description=_("public plans"), ordering="_plan_count")
    def plan_count(self, obj):
        return obj._plan_count


class RolloverRuleInline(TranslationStackedInline):
    model = RolloverRule
    min_num = 1
    max_num = 1
    extra = 0
    can_delete = False
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "mode",
                    ("cap_mb", "bank_cap_mb"),
                    ("expires_after_periods", "order"),
                )
            },
        ),
        (_("Conditions"), {"fields": (("min_use_mb", "forfeit_on_lapse"),)}),
        (
            _("Unused data converted to a benefit or a credit"),
            {
                "fields": (
                    "convert_unit_mb",
                    ("convert_rate", "convert_benefit_en", "convert_benefit_zh_hans"),
                    "convert_credit",
                )
            },
        ),
        (
            _("Plain language"),
            {"fields": (("summary_en", "summary_zh_hans"), "summary_is_quote", "source_url")},
        ),
    )


class PromotionFormSet(forms.BaseInlineFormSet):
    """A plan's promotions as its page saves them, each under its own English name (the
    loader and the export find a plan's promotions by name; the database holds the same
    rule, ``carriers_promotion_name_unique_per_plan``). Every promotion of the plan is on the
    page, so a name given twice is found here and shown at the second one's name field."""

    def clean(self):
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            name = form.cleaned_data.get("name_en")
            if not name:
                continue
            if name in seen and "name_en" not in form.errors:
                form.add_error("name_en", ValidationError(PROMOTION_NAME_TAKEN, code="unique"))
            seen.add(name)
        super().clean()

    def save_existing_objects(self, commit=True):
        if commit:
            self.free_names_taken_in_this_save()
        return super().save_existing_objects(commit)

    def free_names_taken_in_this_save(self) -> None:
        """A promotion may take the name another one gives up or leaves (deleted) in the same
        save. The promotions are saved one by one, so those others first move to a name of
        their own; their own save or deletion follows at once, in the same transaction."""
        deleted = set(self.deleted_forms)
        wanted = {
            form.cleaned_data.get("name_en")
            for form in self.forms
            if form not in deleted and form.has_changed() and "name_en" in form.changed_data
        }
        givers = [
            form.instance.pk
            for form in self.initial_forms
            if (form in deleted or "name_en" in form.changed_data)
            and form.instance.pk
            and form.initial.get("name_en") in wanted
        ]
        if givers:
            Promotion.objects.filter(pk__in=givers).park_names()


class PromotionInline(TranslationStackedInline):
    model = Promotion
    formset = PromotionFormSet
    extra = 0
    fields = (
        ("name_en", "name_zh_hans"),
        ("from_month", "to_month"),
        ("bonus_mb", "extra_expiry_periods", "price"),
        "assumed",
    )


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


class OldSourceFilter(admin.SimpleListFilter):
    title = _("source document")
    parameter_name = "source_age"

    def lookups(self, request, model_admin):
        return (("old_available", _("older than 3 years, still available")),)

    def queryset(self, request, queryset):
        if self.value() == "old_available":
            return queryset.open_to_new().filter(source_date__lt=old_source_cutoff())
        return queryset


class PlanAdminForm(forms.ModelForm):
    """The plan form with its optimistic lock.

    ``version`` is the plan's version when the page was opened, sent back hidden. Saving
    checks it against the row, locked for the rest of the admin's transaction
    (``select_for_update``): if someone saved the plan in between, the form is invalid and
    says so, and nothing is written. A successful save moves the version up by one.

    A plan value that forbids what its rule or promotions say (an unlimited plan with a
    rolling rule) is reported at the plan's own field too, not only down in the rule.
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
        self.check_posted_children(cleaned_data)
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

    def check_posted_children(self, cleaned_data) -> None:
        """The rule and promotions posted beside the plan, against the plan's new values."""
        if "rollover-0-mode" not in self.data:
            return  # the revert page: no rule beside the plan
        plan = Plan(
            allowance_mb=cleaned_data.get("allowance_mb"),
            billing=cleaned_data.get("billing") or Plan.Billing.MONTHLY,
        )
        rolls = self.data.get("rollover-0-mode") not in (None, "", RolloverRule.Mode.NONE)
        converts = bool(self.data.get("rollover-0-convert_unit_mb", "").strip())
        for name, message in plan.rule_conflicts(rolls, converts).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)

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


class PlanRevertForm(PlanAdminForm):
    """The history's revert page: the plan's values of that moment, saved with its rule and
    promotions as they were then (``moment``, set by ``PlanAdmin``). They are checked
    together before anything is saved, as on the plan's own page."""

    moment: PlanMoment | None = None

    def _post_clean(self):
        super()._post_clean()
        if self.moment is None or self.errors:
            return
        for message in self.moment.problems(self.instance):
            self.add_error(None, ValidationError(message, code="rule_conflict"))


@admin.register(Plan)
class PlanAdmin(CatalogAdmin):
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
        "kind",
        "billing",
        "rollover__mode",
        "availability",
        StaleSourceFilter,
        OldSourceFilter,
    )
    search_fields = ("name_en", "name_zh_hans", "slug", "carrier__name_en", "carrier__aliases")
    autocomplete_fields = ("carrier",)
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = (RolloverRuleInline, PromotionInline)
    actions = ("mark_source_checked", "duplicate_plans")
    form = PlanAdminForm
    object_history_form_template = "admin/carriers/plan/history_form.html"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "carrier",
                    ("name_en", "name_zh_hans"),
                    "slug",
                    ("kind", "availability"),
                    "active",
                    "version",
                )
            },
        ),
        (
            _("Price and data"),
            {
                "fields": (
                    ("billing", "period_months"),
                    ("currency", "price"),
                    "allowance_mb",
                )
            },
        ),
        (
            _("When the data runs out"),
            {
                "fields": (
                    "overage_policy",
                    ("overage_unit_mb", "overage_unit_price"),
                    ("overage_spend_cap", "overage_after_cap"),
                    "throttle_kbps",
                )
            },
        ),
        (
            _("Lines (shared and family plans)"),
            {
                "fields": (
                    ("lines_included", "lines_max"),
                    ("extra_line_price", "extra_line_allowance_mb"),
                )
            },
        ),
        (
            _("Source"),
            {
                "fields": (
                    "source_url",
                    ("source_date", "source_checked"),
                    ("notes_en", "notes_zh_hans"),
                )
            },
        ),
        (_("Values no source states"), {"fields": ("assumed",)}),
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        # ``version`` is in the fieldsets so the page carries it (hidden), but it is the
        # form's own field, not an editable model field: keep it out of the model's fields.
        fields = kwargs.get("fields") or flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [f for f in fields if f != "version"]
        moment = getattr(request, "plan_moment", None)
        if moment is not None:
            kwargs["form"] = type("PlanRevertForm", (PlanRevertForm,), {"moment": moment})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets

    # -- history: revert the plan with its rule and promotions

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Revert to a version: the plan's values then, with its rule and promotions as
        they were at that moment (``?at=`` from the rule or promotion history: that
        moment; otherwise the end of the save that wrote this version)."""
        record = get_object_or_404(Plan.history.model, id=object_id, history_id=version_id)
        at = request.GET.get("at")
        moment_time = parse_datetime(at) if at else None
        if at and moment_time is None:
            raise Http404("Not a moment in time.")
        request.plan_moment = PlanMoment.of(record, moment_time)
        context = {"moment": request.plan_moment, **(extra_context or {})}
        # Reverting saves through the same form and lock as the change page: one transaction.
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        moment = getattr(request, "plan_moment", None)
        if moment is not None:
            moment.restore_children(obj)

    # -- list columns

    @admin.display(description=_("price"), ordering="price")
    def price_display(self, obj):
        return formats.price_per_period(obj.price, obj.currency, obj.billing, obj.period_months)

    @admin.display(description=_("data"), ordering="allowance_mb")
    def allowance_display(self, obj):
        return formats.data_per_period(obj.allowance_mb, obj.billing)

    @admin.display(description=_("rollover"))
    def rollover_display(self, obj):
        rule = getattr(obj, "rollover", None)
        return rule.short_summary() if rule else _("No rollover")

    # -- actions

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
    plan.name_en = f"{plan.name_en} (copy)"[:150]
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


# --- History lists: read-only, filterable by plan, each row a way back ---------------------


class PlanFilter(admin.SimpleListFilter):
    title = _("plan")
    parameter_name = "plan"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Plan.objects.values_list("pk", "name_en")]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(**{self.model_admin_plan_field: int(value)})

    def __init__(self, request, params, model, model_admin):
        self.model_admin_plan_field = model_admin.plan_field
        super().__init__(request, params, model, model_admin)


class ChangeKindFilter(admin.ChoicesFieldListFilter):
    """The record's kind (created, changed, deleted), under a translated title: the field's
    own name, django-simple-history's "history type", is not."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("kind of change")


class HistoryListAdmin(admin.ModelAdmin):
    """A read-only list of one model's historical records: when, who, what changed."""

    plan_field = "plan_id"
    list_display = (
        "changed_at",
        "who",
        "record",
        "what_changed",
        "way_back",
    )
    list_display_links = ("changed_at",)
    list_filter = (PlanFilter, ("history_type", ChangeKindFilter))
    list_select_related = ("history_user",)
    ordering = ("-history_date", "-history_id")
    search_fields = ("history_change_reason",)
    list_per_page = 50

    class Media:
        css = {"all": ADMIN_CSS}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        attach_previous_records(self.model, changelist.result_list, self.plan_field)
        return changelist

    @admin.display(description=_("changed at"), ordering="history_date")
    def changed_at(self, obj):
        return obj.history_date

    @admin.display(description=_("who"), ordering="history_user")
    def who(self, obj):
        user = obj.history_user
        if user is None:
            return _("(loader or script)")
        return user.get_full_name() or user.get_username()

    @admin.display(description=_("what changed"))
    def what_changed(self, obj):
        reason = obj.history_change_reason
        why = format_html('<div class="help">{}</div>', reason) if reason else ""
        if obj.history_type == "+":
            return format_html("{}{}", _("created"), why)
        if obj.history_type == "-":
            return format_html("{}{}", _("deleted"), why)
        changes = changed_fields(obj)
        if changes is None:
            return format_html("—{}", why)
        if not changes:
            return format_html("{}{}", _("nothing (saved unchanged)"), why)
        colon = pgettext("after a name", ": ")
        lines = format_html_join(
            "",
            '<div class="history-change"><b>{}</b>{}{} → {}</div>',
            ((label, colon, old, new) for label, old, new in changes),
        )
        return format_html("{}{}", lines, why)

    @admin.display(description=_("record"))
    def record(self, obj):
        plan_id = getattr(obj, self.plan_field)
        label = self.record_label(obj)
        if plan_id is None:
            return label
        url = reverse("admin:carriers_plan_change", args=[plan_id])
        return format_html('<a href="{}">{}</a>', url, label)

    def record_label(self, obj) -> str:
        return str(getattr(obj, "name_en", "") or obj.id)

    @admin.display(description=_("way back"))
    def way_back(self, obj):
        plan_record = getattr(obj, "_plan_record", None)
        if plan_record is None:
            return "—"
        url = reverse(
            "admin:carriers_plan_simple_history", args=[plan_record.id, plan_record.history_id]
        )
        if plan_record is not obj:
            url = f"{url}?{_urlencode_at(obj.history_date)}"
        return format_html('<a href="{}">{}</a>', url, _("Revert the plan to here…"))


def _urlencode_at(moment: datetime.datetime) -> str:
    from urllib.parse import urlencode

    return urlencode({"at": moment.isoformat()})


@admin.register(Plan.history.model)
class HistoricalPlanAdmin(HistoryListAdmin):
    plan_field = "id"

    def record_label(self, obj):
        return obj.name_en or obj.slug


@admin.register(RolloverRule.history.model)
class HistoricalRolloverRuleAdmin(HistoryListAdmin):
    def record_label(self, obj):
        plan = getattr(obj, "_plan_name", None) or obj.plan_id
        return gettext("the rule of %(plan)s") % {"plan": plan}


@admin.register(Promotion.history.model)
class HistoricalPromotionAdmin(HistoryListAdmin):
    def record_label(self, obj):
        plan = getattr(obj, "_plan_name", None) or obj.plan_id
        return f"{obj.name_en or obj.id} ({plan})"
