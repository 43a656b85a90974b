"""The data the bottom apps hold about a person (account, memberships, notifications, audit,
consents and requests), for the export and for erasure; the content apps register their own
(``submissions/privacy.py``, ``campaigns/privacy.py``, ``contests/privacy.py``)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from . import registry
from .registry import iso as _iso


def account_export(user):
    return [{
        "username": user.username, "full_name": user.full_name, "email": user.email, "phone": user.phone,
        "language": user.language, "date_joined": _iso(user.date_joined), "last_login": _iso(user.last_login),
    }], []


def account_erase(user):
    user.username = f"da-xoa-{user.pk}"
    user.full_name = _("Người dùng đã xoá dữ liệu")
    user.email = None
    user.phone = None
    user.is_active = False
    user.language = ""
    user.set_unusable_password()
    user.save()
    return []


def unions_export(user):
    from unions.models import Membership, Role

    records = [
        {"type": "membership", "unit": m.union.name, "member_code": m.member_code, "status": m.status,
         "joined_on": _iso(m.joined_on), "created_at": _iso(m.created_at)}
        for m in Membership.objects.filter(user=user).select_related("union")
    ]
    records += [{"type": "role", "unit": r.union.name, "kind": r.kind}
                for r in Role.objects.filter(user=user).select_related("union")]
    return records, []


def unions_erase(user):
    from unions.models import Membership
    from unions.services import recount_on_commit

    unit_ids = set(Membership.objects.filter(user=user).values_list("union_id", flat=True))
    Membership.objects.filter(user=user).delete()
    for unit_id in unit_ids:
        recount_on_commit(unit_id)
    return []


def notifications_export(user):
    from notifications.models import Delivery, EmailOptOut, Notification

    records = [
        {"type": "notification", "title": n.title, "body": n.body, "url": n.url, "created_at": _iso(n.created_at),
         "read_at": _iso(getattr(n, "read_at", None))}
        for n in Notification.objects.filter(recipient=user).order_by("created_at")
    ]
    records += [{"type": "email_opt_out", "category": o.category} for o in EmailOptOut.objects.filter(user=user)]
    records += [{"type": "reminder", "subject": d.subject, "created_at": _iso(d.created_at)}
                for d in Delivery.objects.filter(recipient=user).order_by("created_at")]
    return records, []


def notifications_erase(user):
    from notifications.models import Delivery, EmailOptOut, Notification

    Notification.objects.filter(recipient=user).delete()
    EmailOptOut.objects.filter(user=user).delete()
    Delivery.objects.filter(recipient=user).delete()
    return []


def audit_export(user):
    from audit.models import AuditEvent

    return [
        {"verb": e.verb, "object_type": e.object_type, "object_id": e.object_id, "created_at": _iso(e.created_at)}
        for e in AuditEvent.objects.filter(actor=user).order_by("created_at", "id")
    ], []


def audit_erase(user):
    """The audit trail keeps what happened, when, and on which object (the law asks a controller to
    show its processing); the person's words (titles, reasons, data) are removed from it."""
    from audit.models import AuditEvent

    AuditEvent.objects.filter(actor=user).update(object_repr="", data={})
    return []


def privacy_export(user):
    from .models import ConsentRecord, ErasureRequest

    records = [{"type": "consent", "purpose": c.purpose, "notice_version": c.notice_version,
                "created_at": _iso(c.created_at)} for c in ConsentRecord.objects.filter(user=user)]
    records += [{"type": "erasure_request", "status": r.status, "reason": r.reason,
                 "requested_at": _iso(r.requested_at), "due_at": _iso(r.due_at)}
                for r in ErasureRequest.objects.filter(user=user)]
    return records, []


def privacy_erase(user):
    from core.models import FormTokenUse

    from .models import ErasureRequest

    ErasureRequest.objects.filter(Q(user=user)).update(requester_name="", reason="")
    FormTokenUse.objects.filter(user=user).delete()
    return []  # consent records stay: they show the processing was lawful while it lasted


def register_base():
    registry.register("account", export=account_export, erase=account_erase)
    registry.register("memberships", export=unions_export, erase=unions_erase)
    registry.register("notifications", export=notifications_export, erase=notifications_erase)
    registry.register("audit", export=audit_export, erase=audit_erase)
    registry.register("privacy", export=privacy_export, erase=privacy_erase)
