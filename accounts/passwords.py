"""Temporary passwords an officer reads out to a member who cannot reset by email (phone only).

Twelve characters in three groups of four, from lower-case letters and digits without the ones
that are easy to confuse when read aloud or typed on a phone (0/o, 1/l/i): about 59 bits, shown
as ``abcd-efgh-jkmn``. Only its hash is ever stored.
"""

import secrets

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
GROUPS, GROUP_SIZE = 3, 4


def generate_temp_password():
    """A new random temporary password, in the grouped form shown to the officer."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_SIZE))
    return "-".join(chars[i : i + GROUP_SIZE] for i in range(0, len(chars), GROUP_SIZE))


def normalize_temp_password(raw):
    """The grouped form of what a member typed for a temporary password, forgiving what phones do:
    a capitalised first letter, spaces or no separators between the groups. ``None`` when it cannot
    be a temporary password."""
    chars = "".join(ch for ch in (raw or "").lower() if ch not in " -_.\t")
    if len(chars) != GROUPS * GROUP_SIZE or any(ch not in ALPHABET for ch in chars):
        return None
    return "-".join(chars[i : i + GROUP_SIZE] for i in range(0, len(chars), GROUP_SIZE))
