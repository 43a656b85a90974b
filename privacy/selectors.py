from django.utils.translation import gettext as _

from notifications import deadlines

from .models import ErasureRequest


def erasure_deadlines(start, end):
    """Pending erasure requests due in ``[start, end)``: one indexed query (deadline registry)."""
    rows = (ErasureRequest.objects.filter(status=ErasureRequest.Status.PENDING, due_at__gte=start, due_at__lt=end)
            .values_list("pk", "unit_id", "due_at", "requested_at"))
    for pk, unit_id, due_at, requested_at in rows:
        from django.urls import reverse

        yield deadlines.Due(key=f"{pk}:{due_at:%Y%m%d%H%M}", unit_id=unit_id, due_at=due_at, opened_at=requested_at,
                            title=_("Yêu cầu xoá dữ liệu cá nhân số %(n)s") % {"n": pk},
                            url=reverse("privacy_request_detail", args=[pk]))


def requests_for(scope, *, pending_only=False, limit=50):
    qs = ErasureRequest.objects.filter(scope.filter("unit__path")).select_related("unit", "decided_by")
    if pending_only:
        qs = qs.filter(status=ErasureRequest.Status.PENDING)
    return qs.order_by("-status", "due_at", "id")[:limit]


def open_request(user):
    return ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.PENDING).first()
