"""A unit picker that stays small whatever the size of the tree.

A ``<select>`` of every unit grows with the federation (tens of thousands of options, megabytes
of HTML). :class:`UnitField` is a text field instead: the member types a unit's code (works
without JavaScript) or a few letters of its name, and htmx fills the field's ``<datalist>`` with at
most :data:`SUGGESTIONS` matching units from an endpoint that only searches what the user may
see (:func:`suggest_units`, rendered by ``unions/_unit_options.html``). The browser shows the
list as the input's combobox popup; picking a suggestion puts its code in the field.
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Union

SUGGESTIONS = 20


def suggest_units(units, query, limit=SUGGESTIONS):
    """At most ``limit`` units of the queryset ``units`` matching ``query`` (code or words of the
    name, diacritics ignored), higher levels first. One bounded query; nothing for an empty query."""
    query = (query or "").strip()
    if not query:
        return []
    return list(units.search(query).only("pk", "name", "code", "depth").order_by("depth", "name", "pk")[:limit])


class UnitSearchInput(forms.TextInput):
    """``<input list>`` + ``<datalist>``; htmx asks ``url_name`` for suggestions as the user types."""

    template_name = "unions/widgets/unit_search.html"

    def __init__(self, url_name, attrs=None):
        self.url_name = url_name
        base = {"autocomplete": "off", "inputmode": "search", "maxlength": "100",
                "placeholder": _("Mã đơn vị hoặc vài chữ trong tên")}
        super().__init__({**base, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-options"
        widget["list_id"] = list_id
        widget["attrs"]["list"] = list_id
        widget["attrs"]["data-hx-get"] = reverse(self.url_name)
        widget["attrs"]["data-hx-trigger"] = "input changed delay:250ms"
        widget["attrs"]["data-hx-target"] = f"#{list_id}"
        widget["attrs"]["data-hx-swap"] = "innerHTML"
        widget["attrs"]["data-hx-sync"] = "this:replace"
        widget["chosen"] = getattr(self, "chosen", None)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine (the form renderer only knows Django's own templates).
        from django.forms.utils import flatatt
        from django.template.loader import render_to_string
        from django.utils.safestring import mark_safe

        context = self.get_context(name, value, attrs)
        widget = context["widget"]
        widget["flat_attrs"] = flatatt({k: v for k, v in widget["attrs"].items() if v not in (None, False)})
        return mark_safe(render_to_string(self.template_name, context))  # noqa: S308 - escaped by the template

    def format_value(self, value):
        if isinstance(value, Union):
            return value.code
        return super().format_value(value)


class UnitField(forms.CharField):
    """Cleans a unit code (any case) — or a unit id, for old links — to a unit of ``queryset``.

    ``queryset`` is what the user may pick; anything else is "not found", never another subtree's unit.
    """

    default_error_messages = {
        "unknown": _("Không tìm thấy đơn vị có mã “%(value)s”. Hãy gõ vài chữ trong tên rồi chọn trong danh sách gợi ý."),
    }

    def __init__(self, *, url_name, queryset=None, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("widget", UnitSearchInput(url_name))
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Union.objects.none()

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        unit = self.queryset.filter(code__iexact=text).first()
        if unit is None and text.isdigit():
            unit = self.queryset.filter(pk=int(text)).first()
        if unit is None:
            matches = suggest_units(self.queryset, text, limit=2)
            unit = matches[0] if len(matches) == 1 else None
        if unit is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"value": text})
        self.widget.chosen = unit
        return unit
