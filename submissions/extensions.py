"""Submission form extensions: how an app above ``submissions`` adds a choice to the submission
form and follows the item through review, without ``submissions`` importing it.

``submissions`` sits below ``contests`` (contests → submissions → campaigns), so the member's form
cannot know that a story may be sent to a contest. Instead the upper app registers an extension in
its ``AppConfig.ready()``::

    class ContestsConfig(AppConfig):
        name = "contests"

        def ready(self):
            from submissions import extensions

            from .entry_intents import ContestEntryExtension

            extensions.register(ContestEntryExtension())

An extension subclasses :class:`FormExtension` and overrides what it needs (every hook of the base
class does nothing):

``key``
    Stable and unique: the service receives the extension's values under it.

``fields(*, user, submission, query, data)`` → ``{name: form field}``
    Fields added to the member's form (new items and edits), shown after the campaign. ``submission``
    is the item being edited (``None`` for a new one), ``query`` the page's GET parameters (a link
    may pre-select a choice, e.g. ``/submissions/new/?contest=<slug>``), ``data`` the posted values
    (``None`` on a GET). Set each field's ``initial``. Names must not clash with the form's own.

``clean(*, user, values, kind, unit)`` → ``{name: message}``
    Checks the extension's values (``{name: cleaned value}``) against the chosen kind and union.
    Each message is shown under its field, in Vietnamese, and what the member typed is kept.

``saved(*, submission, actor, values, submitted)``
    Called by ``services.submission_create`` and ``submission_update`` inside their transaction,
    once the item is saved (and sent for review when ``submitted``). ``values`` is ``None`` when
    the save did not come through the form (nothing to change). Write the extension's rows here,
    with their audit row; raise ``core.errors.ServiceError`` to refuse: the whole save is rolled
    back and the message shown on the form.

``published(*, submissions, actor)``
    Called inside the approval's transaction (``services.submission_decide`` and the bulk
    decision) with the items just approved for publication. It must not raise for an item it
    cannot follow up — it tells the item's author why instead — and must run a constant number
    of queries for the whole list (a bulk approval may hold 200 items).

``notes(submissions)`` → ``{submission id: [Note]}``
    Short lines shown with each item on "my submissions", in the review queue and on the detail
    page (“Bài dự thi: …”). At most one or two queries for the whole page.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    """One line about a submission: ``label: text`` (a link when ``url``), then ``detail``."""

    label: str
    text: str
    url: str = ""
    detail: str = ""
    warning: bool = False


class FormExtension:
    key = ""

    def fields(self, *, user, submission, query, data):
        return {}

    def clean(self, *, user, values, kind, unit):
        return {}

    def saved(self, *, submission, actor, values, submitted):
        return None

    def published(self, *, submissions, actor):
        return None

    def notes(self, submissions):
        return {}


_extensions: dict[str, FormExtension] = {}


def register(extension):
    if not extension.key:
        raise ValueError("a submission form extension needs a key")
    _extensions[extension.key] = extension


def registered():
    return list(_extensions.values())


# --- Called by submissions' forms, services and views -----------------------------------------


def form_fields(*, user, submission=None, query=None, data=None):
    """``{key: {name: field}}`` for the form, in registration order."""
    if user is None or not user.is_authenticated:
        return {}
    return {ext.key: ext.fields(user=user, submission=submission, query=query or {}, data=data)
            for ext in registered()}


def clean(*, user, values, kind, unit):
    """``{name: message}`` over every extension; ``values`` is ``{key: {name: value}}``."""
    errors = {}
    for ext in registered():
        if ext.key in values:
            errors.update(ext.clean(user=user, values=values[ext.key], kind=kind, unit=unit) or {})
    return errors


def saved(*, submission, actor, values, submitted):
    values = values or {}
    for ext in registered():
        ext.saved(submission=submission, actor=actor, values=values.get(ext.key), submitted=submitted)


def published(*, submissions, actor):
    submissions = list(submissions)
    if submissions:
        for ext in registered():
            ext.published(submissions=submissions, actor=actor)


def attach_notes(submissions):
    """Set ``extension_notes`` (a list of :class:`Note`) on each item of ``submissions``."""
    items = list(submissions)
    found = {}
    if items:
        for ext in registered():
            for pk, notes in (ext.notes(items) or {}).items():
                found.setdefault(pk, []).extend(notes)
    for item in items:
        item.extension_notes = found.get(item.pk, [])
    return items
