"""A member's submissions, for the data export and erasure (see ``privacy/registry.py``)."""

from privacy.registry import iso as _iso

from .models import Kind, Status, Submission, SubmissionMedia


def export(user):
    records, files = [], []
    items = Submission.objects.filter(author=user).select_related("unit", "campaign", "topic").prefetch_related(
        "media", "steps"
    )
    for s in items.order_by("created_at", "pk"):
        media = []
        for m in s.media.all():
            extension = m.file.name.rsplit(".", 1)[-1] if "." in m.file.name else "bin"
            path = f"bai-gui/{s.pk}/{m.pk}.{extension}"
            media.append({"file": path, "original_name": m.original_name, "kind": m.kind, "status": m.status})
            files.append((path, m.file.storage, m.file.name))
        records.append({
            "id": s.pk, "kind": s.kind, "title": s.title, "body": s.body, "unit": s.unit.name,
            "campaign": s.campaign.title if s.campaign else None, "topic": s.topic.name if s.topic else None,
            "status": s.status, "anonymous": s.anonymous, "consent_publication": s.consent_publication,
            "consent_people": s.consent_people, "consent_at": _iso(s.consent_at), "created_at": _iso(s.created_at),
            "submitted_at": _iso(s.submitted_at), "published_at": _iso(s.published_at), "answer": s.answer,
            "media": media,
            "history": [{"decision": st.decision, "reason": st.reason, "at": _iso(st.created_at)} for st in s.steps.all()],
        })
    return records, files


def erase(user):
    """Published stories stay public, without the author's name (``anonymous``); everything else
    of the author (drafts, items under review or refused, aspirations) is removed with its files."""
    published = Submission.objects.filter(author=user, status=Status.PUBLISHED).exclude(kind=Kind.ASPIRATION)
    for s in published.select_related("unit"):
        s.anonymous = True
        s.refresh_search_text()
        s.save(update_fields=["anonymous", "search_text", "updated_at"])
    doomed = Submission.objects.filter(author=user).exclude(pk__in=published.values("pk"))
    private = SubmissionMedia._meta.get_field("file").storage
    public = Submission._meta.get_field("share_image").storage
    files = [(private, n) for m in SubmissionMedia.objects.filter(submission__in=doomed)
             for n in (m.file.name, m.thumbnail.name, m.poster.name) if n]
    files += [(public, n) for s in doomed for n in (s.cover.name, s.share_image.name) if n]
    doomed.delete()
    return files
