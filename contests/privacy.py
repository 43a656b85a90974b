"""A member's quiz attempts, for the data export (they stay, on the anonymised account, after erasure:
results and prize draws must remain verifiable)."""

from .models import Attempt


def export(user):
    return [
        {"quiz": a.quiz.title, "tries": a.tries, "best_score": a.best_score, "total": a.total,
         "passed_at": a.passed_at.isoformat() if a.passed_at else None, "created_at": a.created_at.isoformat()}
        for a in Attempt.objects.filter(user=user).select_related("quiz")
    ], []
