from django.conf import settings


def portal(request):
    """Brand and navigation facts every template needs."""
    from unions.scope import scope_for

    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "LOGIN_FAILURE_LIMIT": settings.AXES_FAILURE_LIMIT,
        "LOGIN_LOCKOUT_MINUTES": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "is_officer": bool(user and user.is_authenticated and scope_for(user).is_officer),
    }
