from django.conf import settings


def portal(request):
    """Brand and navigation facts every template needs."""
    from unions.access import is_officer

    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "is_officer": bool(user and user.is_authenticated and is_officer(user)),
    }
