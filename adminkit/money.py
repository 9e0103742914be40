"""Money as staff read it, `R$ 297,00`, on every list and page of the admin.

The platform's amounts are its two-decimal `numeric` columns (prices, subscription
amounts, totals: all in reais); `core.fields.NumericField` (metrics) is not money.
"""

from django.contrib.admin import helpers, utils
from django.contrib.admin.templatetags import admin_list
from django.db import models

from adminkit.widgets import MoneyFormField, format_money
from core.fields import NumericField


def is_money(field) -> bool:
    return (
        isinstance(field, models.DecimalField)
        and not isinstance(field, NumericField)
        and field.decimal_places == 2
    )


def money_formfield(db_field, **kwargs):
    """The form field of a money column: typed in reais, kept with two decimals."""
    kwargs.setdefault("form_class", MoneyFormField)
    return db_field.formfield(**kwargs)


def show_money() -> None:
    """Wrap the admin's display_for_field (after adminkit.choices has replaced it)."""
    for module in (utils, helpers, admin_list):
        shown = module.display_for_field

        def display_for_field(value, field, empty_value_display, avoid_link=False, shown=shown):
            if value is not None and is_money(field):
                return format_money(value)
            return shown(value, field, empty_value_display, avoid_link)

        setattr(module, "display_for_field", display_for_field)  # noqa: B010
