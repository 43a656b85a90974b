"""gunicorn reads this file from the working directory: the production server's own checks."""


def on_starting(server):
    """Refuse to serve with DEBUG on: unset DEBUG means a developer's machine."""
    import os

    import django
    from django.conf import settings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings")
    django.setup()
    if settings.DEBUG:
        raise SystemExit(
            "Environment variable DEBUG: gunicorn refuses to start with DEBUG on; set DEBUG=false "
            "with SECRET_KEY and ALLOWED_HOSTS (use `make run` for development)."
        )
