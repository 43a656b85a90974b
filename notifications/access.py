"""Access to notifications: a notification belongs to its recipient alone (anyone else: 404)."""

from django.shortcuts import get_object_or_404

from .models import Notification


def get_notification_for_user(user, pk):
    return get_object_or_404(Notification, pk=pk, recipient=user)
