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


# --- Sorting people's names the Vietnamese way ----------------------------------------------------
#
# Vietnamese names are sorted by the given name (the last word), then by the whole name from the
# family name on. Letters follow the Vietnamese alphabet — a ă â b c d đ e ê g h i k l m n o ô ơ
# p q r s t u ư v x y (with f j w z of foreign names after e, i, v and y) — and tone marks count
# only between names whose letters are all equal, in the dictionary order: none, huyền (à), hỏi (ả),
# ngã (ã), sắc (á), nặng (ạ). So "Anh" < "Ánh" < "Ân" < "Bình" < "Dũng" < "Đức".
#
# ``name_sort_key`` turns a name into a string of digits whose plain character order is that
# order, so the database sorts by it (``User.sort_name``, indexed) and pagination stays in the
# database. Digits only: every collation — SQLite's bytes, PostgreSQL's C or any locale — orders
# them the same way. Each letter is two digits; "00" ends a part, "01" separates words.

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODES = {ch: f"{12 + i:02d}" for i, ch in enumerate(_ALPHABET)}
_LETTER_CODES.update({str(d): f"{2 + d:02d}" for d in range(10)})
_OTHER = "99"
_END, _SPACE = "00", "01"
# Combining marks: the five tones, and the marks that make letters of their own (ă â ê ô ơ ư).
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_LETTER_MARKS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô",
                 ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}
SORT_KEY_LENGTH = 255


def _letters_and_tones(word):
    """``[(letter, tone digit)]`` of a lower-case word: "nguyễn" -> n g u y ê(3) n."""
    out = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in "đð":  # NFD leaves đ whole; ð (eth) is a common stand-in for it
            out.append(("đ", "0"))
        elif unicodedata.category(ch) == "Mn":
            if not out:
                continue
            letter, tone = out[-1]
            if ch in _TONES:
                out[-1] = (letter, _TONES[ch])
            elif (letter, ch) in _LETTER_MARKS:
                out[-1] = (_LETTER_MARKS[(letter, ch)], tone)
        else:
            out.append((ch, "0"))
    return out


def _part_key(words):
    letters, tones = [], []
    for i, word in enumerate(words):
        if i:
            letters.append(_SPACE)
        for letter, tone in _letters_and_tones(word):
            letters.append(_LETTER_CODES.get(letter, _OTHER))
            tones.append(tone)
    return "".join(letters) + _END + "".join(tones)


def name_sort_key(name):
    """The sort key of a person's name (see above): given name first, then the whole name."""
    words = str(name or "").lower().split()
    if not words:
        return ""
    return (_part_key(words[-1:]) + _END + _part_key(words))[:SORT_KEY_LENGTH]
