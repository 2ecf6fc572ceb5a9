"""Model fields of the catalog that are edited differently from how they are stored.

* Data sizes are stored as whole megabytes and edited as gigabytes. Curators read "20 GB",
  not 20480. ``MegabytesField`` is an ordinary integer column whose form field shows and
  takes GB (up to 3 decimals), converting with round-half-up to whole MB (1 GB = 1024 MB),
  exactly as the simulator's web form does.
* ``StringListField``: a JSON list of short strings (a carrier's aliases), edited one per
  line in a text box.
* ``ChoiceListField``: a JSON list of names from a fixed vocabulary (a plan's assumed
  values), edited as checkboxes.

The bounds (``MB_PER_GB``, ``MAX_DATA_MB``) are the engine's: one copy, in ``simulator.engine``.
"""

import json
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from simulator.engine import MAX_DATA_MB, MB_PER_GB

CONTROL_CHARACTERS = {chr(c) for c in (*range(0x20), 0x7F)}


def mb_to_gb(mb: int | None) -> Decimal | None:
    """Whole MB to GB, written with at most 3 decimals and no trailing zeros."""
    if mb is None:
        return None
    gb = (Decimal(mb) / MB_PER_GB).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return gb.normalize() if gb != gb.to_integral() else gb.quantize(Decimal(1))


def gb_to_mb(gb: Decimal) -> int:
    """GB (a Decimal) to whole MB, rounding half up."""
    return int((gb * MB_PER_GB).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class GigabytesFormField(forms.DecimalField):
    """Shows MB as GB and cleans GB back to whole MB."""

    def __init__(self, **kwargs):
        kwargs.setdefault("decimal_places", 3)
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", Decimal(MAX_DATA_MB) / MB_PER_GB)
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return mb_to_gb(value)
        return value

    def clean(self, value):
        gb = super().clean(value)
        if gb is None:
            return None
        try:
            return gb_to_mb(gb)
        except InvalidOperation as exc:  # pragma: no cover - DecimalField already bounds it
            raise ValidationError(_("Enter a size in GB.")) from exc


class MegabytesField(models.PositiveIntegerField):
    """An amount of data in whole MB, edited in GB in forms and the admin."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": GigabytesFormField, **kwargs})


# --- Lists of strings ----------------------------------------------------------------------


def string_list_errors(value, *, max_length: int) -> list[str]:
    """What is wrong with ``value`` as a list of short, distinct, one-line strings."""
    if not isinstance(value, list):
        return [str(_("Give a list of names."))]
    errors = []
    seen = set()
    for item in value:
        if not isinstance(item, str):
            errors.append(str(_("Each name must be text.")))
            continue
        if not item.strip():
            errors.append(str(_("A name cannot be empty.")))
        elif len(item) > max_length:
            errors.append(
                str(_("“%(name)s” is longer than %(max)d characters."))
                % {"name": item, "max": max_length}
            )
        elif CONTROL_CHARACTERS & set(item):
            errors.append(str(_("A name must be one line of text.")))
        elif item.strip() != item:
            errors.append(str(_("“%(name)s” starts or ends with a space.")) % {"name": item})
        key = item.casefold()
        if key in seen:
            errors.append(str(_("“%(name)s” is listed twice.")) % {"name": item})
        seen.add(key)
    return errors


class LinesFormField(forms.CharField):
    """A list of strings edited one per line; blank lines are dropped."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 40})

    def __init__(self, *, max_item_length=50, **kwargs):
        self.max_item_length = max_item_length
        for name in ("encoder", "decoder", "max_length"):
            kwargs.pop(name, None)
        kwargs["required"] = False
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value):
        errors = string_list_errors(value, max_length=self.max_item_length)
        if errors:
            raise ValidationError(errors)

    def has_changed(self, initial, data):
        return (initial or []) != self.to_python(data)


class UnicodeJSONEncoder(json.JSONEncoder):
    """JSON with the characters themselves ("美国E卡", not "\\u7f8e…"), so the admin's search
    finds a Chinese alias on SQLite too (PostgreSQL's jsonb stores them as characters)."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class StringListField(models.JSONField):
    """A list of short distinct strings (e.g. the names people type for a carrier)."""

    description = "A list of short strings"

    def __init__(self, *args, max_item_length=50, **kwargs):
        self.max_item_length = max_item_length
        kwargs.setdefault("encoder", UnicodeJSONEncoder)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.max_item_length != 50:
            kwargs["max_item_length"] = self.max_item_length
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        errors = string_list_errors(value, max_length=self.max_item_length)
        if errors:
            raise ValidationError(errors, code="invalid_list")

    def formfield(self, **kwargs):
        return LinesFormField(
            max_item_length=self.max_item_length,
            label=kwargs.get("label", self.verbose_name),
            help_text=self.help_text,
        )


class ChoiceListField(models.JSONField):
    """A list of distinct names from a fixed vocabulary, kept in the vocabulary's order."""

    description = "A list of names from a fixed vocabulary"

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {name for name, _label in self.item_choices}
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(_("Give a list of names."), code="invalid_list")
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise ValidationError(
                _("Unknown name(s): %(names)s.") % {"names": ", ".join(unknown)},
                code="invalid_choice",
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("A name is listed twice."), code="duplicate")

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.item_choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=kwargs.get("label", self.verbose_name),
            help_text=self.help_text,
        )
