from django.db import transaction

from .models import AuditEvent


def audit_record(*, actor, verb, obj=None, unit=None, data=None):
    """Record an action. Must be called inside the transaction of the action itself."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record() must run inside the action's transaction")
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        unit_id=getattr(unit, "pk", None),
        unit_path=getattr(unit, "path", "") or "",
        data=data or {},
    )
