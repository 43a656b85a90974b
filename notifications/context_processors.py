from django.utils.functional import SimpleLazyObject


def bell(request):
    """Unread count for the bell on every page (one query, only when a template asks)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}

    def count():
        from .models import Notification

        return Notification.objects.unread().filter(recipient=user).count()

    return {"unread_notifications": SimpleLazyObject(count)}
