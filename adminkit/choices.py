"""Fields with choices whose column may hold values outside them.

The Lambdas write these tables too, and not always with the values the back-office
knows. Django shows such a value as empty and its form refuses to save the row; here the
value is shown as it is, flagged, and the form offers it as the current choice (the model
lets a row keep the value it was loaded with: PlatformModel.clean_fields).
"""

from django import forms
from django.contrib.admin import helpers, utils
from django.contrib.admin.templatetags import admin_list
from django.utils.html import format_html

_django_display_for_field = utils.display_for_field


def is_unknown_choice(value, field) -> bool:
    choices = getattr(field, "flatchoices", None)
    if not choices or value in field.empty_values:
        return False
    try:
        return value not in dict(choices)
    except TypeError:  # an unhashable value (a JSON list) cannot be a choice either
        return True


def unknown_choice_label(value) -> str:
    return format_html(
        '<span class="unknown-choice" title="Valor fora da lista conhecida">{} ⚠</span>', value
    )


def display_for_field(value, field, empty_value_display, avoid_link=False):
    """Django's display_for_field, except for a value outside the field's choices."""
    if is_unknown_choice(value, field):
        return unknown_choice_label(value)
    return _django_display_for_field(value, field, empty_value_display, avoid_link)


def show_unknown_choices() -> None:
    """Make the admin's lists and read-only fields use display_for_field above."""
    for module in (utils, helpers, admin_list):
        setattr(module, "display_for_field", display_for_field)  # noqa: B010


class OpenChoicesModelForm(forms.ModelForm):
    """A model form that keeps a row's current value of a choices field, even when the
    value is outside the choices, so that saving another field does not fail on it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            return
        for name, form_field in self.fields.items():
            if not isinstance(form_field, forms.TypedChoiceField):
                continue
            model_field = self.instance._meta.get_field(name)
            value = getattr(self.instance, model_field.attname, None)
            if is_unknown_choice(value, model_field):
                form_field.choices = [*form_field.choices, (value, f"{value} (fora da lista)")]
