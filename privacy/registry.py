"""What each app holds about a person, for the data export and for erasure.

An app registers one provider in its ``AppConfig.ready()``::

    from privacy import registry
    registry.register("submissions", export=privacy.export, erase=privacy.erase)

``export(user)`` returns ``(records, files)``: ``records`` a JSON-serialisable list of dicts (the
user's own items only), ``files`` a list of ``(path_in_zip, storage, name)`` of their files.
``erase(user)`` runs inside the erasure transaction: it removes what is the user's alone and
anonymises what must stay (published items keep existing, without the author's name). It returns
files to delete after commit, as ``[(storage, name)]``.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    key: str
    export: Callable
    erase: Callable | None


_providers = {}


def register(key, *, export, erase=None):
    _providers[key] = Provider(key=key, export=export, erase=erase)


def iso(value):
    """A date or datetime of an export record as ISO 8601 (None stays None)."""
    return value.isoformat() if value else None


def providers():
    return [_providers[key] for key in sorted(_providers)]
