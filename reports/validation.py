"""Parsing and validation of report figures, with the rules declared by the indicator set.

Figures may be typed the Vietnamese way ("12.949", "38,05") or plainly ("12949", "38.05").
Every message names the indicators it is about. Two outcomes:

* an *error* refuses the save (not a number, negative, absurdly large, or a rule "A ≤ B" broken);
* a *flag* (a value far above what the unit's member count makes plausible, or many times the
  same period of last year) is accepted only when the officer writes a note on that indicator
  confirming it.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .models import MAX_VALUE

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


class NotANumber(ValueError):
    pass


def parse_number(text):
    """``Decimal`` or ``None`` (blank). Raises :class:`NotANumber`."""
    text = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(text):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise NotANumber(text) from exc
    if not value.is_finite():
        raise NotANumber(text)
    return value


def format_number(value, measure="count"):
    """Vietnamese separators: 12.949; 38,05 (percent gets a "%")."""
    if value is None:
        return ""
    value = Decimal(value)
    whole = value == value.to_integral_value()
    text = f"{value:,.0f}" if whole else f"{value:,.2f}"
    text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return f"{text}%" if measure == "percent" else text


def check(indicators, values, notes, rules, member_count, history=None):
    """``(errors, flags)``: ``{code: message}`` each. ``values`` are the reported figures
    (``Decimal`` or ``None``); ``notes`` the officer's notes per code; ``history`` the unit's
    figures of the same period last year (``{code: Decimal}``)."""
    by_code = {i.code: i for i in indicators}
    errors, flags = {}, {}
    for code, ind in by_code.items():
        value = values.get(code)
        if value is None:
            continue
        if value < 0 and not ind.allow_negative:
            errors[code] = _("«%(label)s» không được là số âm.") % {"label": ind.display_label}
        elif abs(value) >= MAX_VALUE:
            errors[code] = _("«%(label)s» quá lớn, không hợp lý.") % {"label": ind.display_label}
        elif ind.measure == "percent" and value > 100:
            errors[code] = _("«%(label)s» là tỷ lệ phần trăm, không quá 100.") % {"label": ind.display_label}
        elif ind.measure != "percent" and value != value.to_integral_value():
            errors[code] = _("«%(label)s» phải là số nguyên.") % {"label": ind.display_label}
    for rule in rules or []:
        if rule.get("kind") == "lte":
            left, right = by_code.get(rule["left"]), by_code.get(rule["right"])
            if left is None or right is None or rule["left"] in errors:
                continue
            a, b = values.get(left.code), values.get(right.code)
            if a is not None and b is not None and a > b:
                errors[left.code] = _("«%(left)s» (%(a)s) không được lớn hơn «%(right)s» (%(b)s).") % {
                    "left": left.display_label, "right": right.display_label,
                    "a": format_number(a), "b": format_number(b),
                }
        elif rule.get("kind") == "per_member":
            ind = by_code.get(rule["code"])
            if ind is None or ind.code in errors:
                continue
            value = values.get(ind.code)
            limit = Decimal(rule.get("floor", 0)) + Decimal(rule.get("factor", 1)) * (member_count or 0)
            if value is not None and value > limit and not (notes.get(ind.code) or "").strip():
                flags[ind.code] = _(
                    "«%(label)s» (%(value)s) cao bất thường so với số đoàn viên của đơn vị (%(members)s). "
                    "Kiểm tra lại, hoặc ghi chú ở chỉ tiêu này để xác nhận số liệu."
                ) % {"label": ind.display_label, "value": format_number(value), "members": format_number(member_count)}
        elif rule.get("kind") == "history":
            for code, ind in by_code.items():
                value, before = values.get(code), (history or {}).get(code)
                if code in errors or code in flags or value is None or before is None:
                    continue
                limit = Decimal(rule.get("floor", 0)) + Decimal(rule.get("factor", 10)) * before
                if value > limit and not (notes.get(code) or "").strip():
                    flags[code] = _(
                        "«%(label)s» (%(value)s) cao gấp nhiều lần cùng kỳ năm trước (%(before)s). "
                        "Kiểm tra lại, hoặc ghi chú ở chỉ tiêu này để xác nhận số liệu."
                    ) % {"label": ind.display_label, "value": format_number(value), "before": format_number(before)}
    return errors, flags
