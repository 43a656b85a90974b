"""A member's share links, share proofs and lessons, for the data export and erasure."""

from privacy.registry import iso as _iso

from .models import FrameUse, LessonCompletion, ShareProof, TrackedLink


def export(user):
    records, files = [], []
    for link in TrackedLink.objects.filter(user=user).select_related("kit").order_by("created_at"):
        records.append({"type": "tracked_link", "kit": link.kit.title, "code": link.code, "clicks": link.clicks,
                        "created_at": _iso(link.created_at)})
    for p in ShareProof.objects.filter(user=user).select_related("kit").order_by("created_at"):
        item = {"type": "share_proof", "kit": p.kit.title, "post_url": p.post_url, "network": p.network,
                "status": p.status, "reason": p.reason, "created_at": _iso(p.created_at)}
        if p.screenshot:
            item["screenshot"] = f"minh-chung/{p.pk}.{p.screenshot.name.rsplit('.', 1)[-1]}"
            files.append((item["screenshot"], p.screenshot.storage, p.screenshot.name))
        records.append(item)
    for c in LessonCompletion.objects.filter(user=user).select_related("lesson"):
        records.append({"type": "lesson_completion", "lesson": c.lesson.title, "score_percent": c.score_percent,
                        "completed_at": _iso(c.completed_at), "certificate_code": c.certificate_code})
    records += [{"type": "frame_use", "day": _iso(u.day)} for u in FrameUse.objects.filter(user=user)]
    return records, files


def erase(user):
    """Links and their clicks, unverified proofs and screenshots are removed; a verified share still
    counts for the unit, without the post's address (it leads to the member's own profile)."""
    files = [(p.screenshot.storage, p.screenshot.name) for p in ShareProof.objects.filter(user=user) if p.screenshot]
    TrackedLink.objects.filter(user=user).delete()
    ShareProof.objects.filter(user=user).exclude(status=ShareProof.Status.VERIFIED).delete()
    for p in ShareProof.objects.filter(user=user):
        ShareProof.objects.filter(pk=p.pk).update(post_url="", normalized_url=f"erased:{p.pk}", screenshot="")
    FrameUse.objects.filter(user=user).update(user=None)
    return files


def purge_link_clicks(cutoff):
    """Click rows (day, hashed visitor) of tracked links, past the retention cutoff; each link's
    total (``TrackedLink.clicks``) stays."""
    from .models import LinkClick

    deleted, _ = LinkClick.objects.filter(day__lt=cutoff.date()).delete()
    return deleted
