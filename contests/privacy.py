"""A member's quiz attempts, contest attempts, live-round answers and entries (and the contests
they chose in the submission form), votes and prizes, for the data export.
They stay, on the anonymised account, after erasure: results and prize draws must remain
verifiable. Each row says what it is in ``type``."""

from privacy.registry import iso as _at

from .models import Attempt, ContestAttempt, ContestEntry, ContestVote, EntryIntent, LiveAnswer, Winner


def export(user):
    rows = [
        {"type": "lesson_quiz", "quiz": a.quiz.title, "tries": a.tries, "best_score": a.best_score, "total": a.total,
         "passed_at": _at(a.passed_at), "created_at": _at(a.created_at)}
        for a in Attempt.objects.filter(user=user).select_related("quiz")
    ]
    rows += [
        {"type": "contest_attempt", "contest": a.contest.title, "number": a.number, "score": a.score,
         "total": a.total, "started_at": _at(a.started_at), "submitted_at": _at(a.submitted_at), "late": a.late,
         "duration_seconds": a.duration_seconds}
        for a in ContestAttempt.objects.filter(user=user).select_related("contest").order_by("started_at", "pk")
    ]
    rows += [
        {"type": "contest_live_answer", "contest": a.round.contest.title, "question": a.question.text,
         "choice": a.choice.text if a.choice else None, "right": a.ok, "seconds": a.elapsed_ms / 1000,
         "answered_at": _at(a.answered_at)}
        for a in LiveAnswer.objects.filter(user=user).select_related("round__contest", "question", "choice")
        .order_by("answered_at", "pk")
    ]
    rows += [
        {"type": "contest_entry", "contest": e.contest.title, "submission": e.submission.title,
         "created_at": _at(e.created_at)}
        for e in ContestEntry.objects.filter(user=user).select_related("contest", "submission").order_by("pk")
    ]
    rows += [
        {"type": "contest_entry_choice", "contest": i.contest.title, "submission": i.submission.title,
         "outcome": i.outcome, "created_at": _at(i.created_at), "resolved_at": _at(i.resolved_at)}
        for i in EntryIntent.objects.filter(submission__author=user).select_related("contest", "submission")
        .order_by("pk")
    ]
    rows += [
        {"type": "contest_vote", "contest": v.contest.title, "entry": v.entry.submission.title,
         "created_at": _at(v.created_at)}
        for v in ContestVote.objects.filter(voter=user).select_related("contest", "entry__submission").order_by("pk")
    ]
    rows += [
        {"type": "contest_prize", "contest": w.contest.title, "prize": w.prize.name, "code": w.code}
        for w in Winner.objects.filter(user=user).select_related("contest", "prize").order_by("pk")
    ]
    return rows, []
