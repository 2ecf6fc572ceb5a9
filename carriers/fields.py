"""Data sizes are stored as whole megabytes and edited as gigabytes.

Curators read "20 GB", not 20480. ``MegabytesField`` is an ordinary integer column whose
form field shows and takes GB (up to 3 decimals), converting with round-half-up to whole
MB (1 GB = 1024 MB), exactly as the simulator's web form does.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MB_PER_GB = 1024
MAX_MB = 10 * 1024 * 1024  # 10 TB: the upper bound for any data amount


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
        kwargs.setdefault("max_value", Decimal(MAX_MB) / MB_PER_GB)
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
