"""Text helpers shared by every app: Vietnamese-aware folding for search, phone numbers."""

import re
import unicodedata

_PHONE_STRIP = re.compile(r"[\s.\-()]")
_PHONE_VALID = re.compile(r"^0\d{9}$")


def fold(text):
    """Lower-case ``text`` and drop Vietnamese diacritics: "Công Đoàn" -> "cong doan"."""
    if not text:
        return ""
    text = str(text).replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def normalize_phone(raw):
    """Return a Vietnamese mobile number as ``0xxxxxxxxx``, or ``None`` if it is not one.

    Accepts spaces, dots, dashes and the ``+84``/``84`` country prefix.
    """
    if raw is None:
        return None
    value = str(raw).strip()
    if value.endswith(".0") and value[:-2].isdigit():  # a number that went through a spreadsheet
        value = value[:-2]
    value = _PHONE_STRIP.sub("", value)
    if value.startswith("+84"):
        value = "0" + value[3:]
    elif value.startswith("84") and len(value) == 11:
        value = "0" + value[2:]
    elif len(value) == 9 and value.isdigit() and not value.startswith("0"):  # leading zero eaten by a spreadsheet
        value = "0" + value
    return value if _PHONE_VALID.match(value) else None
