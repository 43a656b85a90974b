"""Entering an entry contest with a new submission: the contest choice in the submission form.

Registered into ``submissions.extensions`` in ``ContestsConfig.ready()`` (``submissions`` never
imports ``contests``). The form offers the open entry contests the member may enter (eligible
subtree, no entry yet); a contest page's “Gửi bài dự thi mới” link pre-selects one with
``/submissions/new/?contest=<slug>``. The choice is checked against the item's kind and union
(``services.entry_intent_problem``), stored as an ``EntryIntent`` in the submission's transaction
(``services.entry_intent_set``), and becomes the entry when the item is approved for publication
(``services.entry_intents_resolve``).
"""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import ServiceError
from submissions.extensions import FormExtension, Note

from . import access, services
from .models import ContestEntry, EntryIntent

MAX_CHOICES = 50
FIELD = "contest"


def _choice_label(contest):
    return _("%(title)s (%(kind)s, nhận bài đến %(end)s)") % {
        "title": contest.title, "kind": contest.get_entry_kind_display(),
        "end": date_format(timezone.localtime(contest.ends_at), "d/m/Y H:i"),
    }


def _not_found():
    return _("Không tìm thấy cuộc thi này trong các cuộc thi bạn được dự thi.")


class ContestEntryExtension(FormExtension):
    key = "contest_entry"

    def fields(self, *, user, submission, query, data):
        if submission is not None:
            intent = EntryIntent.objects.filter(submission=submission).select_related("contest").first()
            if intent is not None and intent.outcome != EntryIntent.Outcome.WAITING:
                return {}  # decided: nothing to choose any more
            current = intent.contest.slug if intent is not None else ""
        else:
            current = str(query.get(FIELD, ""))[:120]
        selected = str(data.get(FIELD, "")) if data is not None else current
        contests = list(access.contests_enterable_by(user)[:MAX_CHOICES])
        if selected and selected not in {c.slug for c in contests}:
            # Kept on the form (a link to a closed contest, a choice refused on submit) so the
            # member sees it and why; a contest the member may not see is never named.
            shown = access.contests_visible_to(user).filter(slug=selected).first()
            if shown is not None:
                contests.append(shown)
        if not contests and not selected:
            return {}  # nothing to enter: the form stays as it was
        choices = [("", _("— Không gửi dự thi —"))] + [(c.slug, _choice_label(c)) for c in contests]
        return {FIELD: forms.CharField(
            label=_("Gửi dự thi cuộc thi"), required=False, initial=current,
            widget=forms.Select(choices=choices),
            help_text=_("Bài qua duyệt như thường lệ; khi được duyệt đăng, bài thành bài dự thi của bạn theo thể lệ "
                        "đang áp dụng lúc bạn gửi duyệt."),
        )}

    def _contest(self, user, slug):
        return access.contests_visible_to(user).filter(slug=slug).first()

    def clean(self, *, user, values, kind, unit):
        slug = values.get(FIELD) or ""
        if not slug:
            return {}
        contest = self._contest(user, slug)
        if contest is None:
            return {FIELD: _not_found()}
        problem = services.entry_intent_problem(contest=contest, user=user, kind=kind, unit=unit)
        return {FIELD: problem} if problem else {}

    def saved(self, *, submission, actor, values, submitted):
        if values is None or FIELD not in values:
            if submitted:
                services.entry_intent_submitted(submission=submission)
            return
        slug = values[FIELD] or ""
        contest = None
        if slug:
            contest = self._contest(actor, slug)
            if contest is None:
                raise ServiceError(_not_found(), field=FIELD)
        services.entry_intent_set(submission=submission, actor=actor, contest=contest, submitted=submitted)

    def published(self, *, submissions, actor):
        services.entry_intents_resolve(submissions=submissions, actor=actor)

    def notes(self, submissions):
        """“Bài dự thi: <contest>” for items sent for a contest or entered in one. Two queries."""
        ids = [s.pk for s in submissions]
        label = _("Bài dự thi")
        found = {}
        for intent in EntryIntent.objects.filter(submission_id__in=ids).select_related("contest"):
            waiting = intent.outcome == EntryIntent.Outcome.WAITING
            detail = _("thành bài dự thi khi được duyệt đăng") if waiting else intent.get_outcome_display()
            found[(intent.submission_id, intent.contest_id)] = Note(
                label=label, text=intent.contest.title, url=intent.contest.get_absolute_url(), detail=detail,
                warning=intent.outcome not in (EntryIntent.Outcome.WAITING, EntryIntent.Outcome.ENTERED),
            )
        for entry in ContestEntry.objects.filter(submission_id__in=ids).select_related("contest"):
            found.setdefault((entry.submission_id, entry.contest_id), Note(
                label=label, text=entry.contest.title, url=entry.contest.get_absolute_url(),
            ))
        notes = {}
        for (submission_id, _contest_id), note in found.items():
            notes.setdefault(submission_id, []).append(note)
        return notes
