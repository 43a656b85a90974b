"""Access to erasure requests: the officers along the member's unit chain (404 for anyone else)."""

from django.shortcuts import get_object_or_404

from unions.scope import MANAGER_KINDS, scope_for

from .models import ErasureRequest


def get_request_for_officer(user, pk):
    qs = ErasureRequest.objects.filter(scope_for(user).filter("unit__path", kinds=MANAGER_KINDS))
    return get_object_or_404(qs.select_related("unit", "user", "decided_by"), pk=pk)
