#!/usr/bin/env python3
"""Render the portal's nginx site from ``deploy/nginx/portal.conf.in``.

The body-size caps of the upload routes are computed from the portal's own settings
(``UPLOAD_MAX_*_MB``, ``IMPORT_MAX_MB``) and the forms' file counts, so nginx refuses with 413
exactly what the portal would refuse anyway, before a byte reaches gunicorn. Paths default to the
settings too (``STATIC_ROOT``, ``MEDIA_ROOT``, ``PRIVATE_MEDIA_ROOT``). Run it with the production
environment loaded (the same env file as gunicorn), from the project folder::

    set -a; . /etc/portal/portal.env; set +a
    .venv/bin/python deploy/render_nginx.py --server-name portal.example.org \\
        > /etc/nginx/sites-available/portal
"""

import argparse
import os
import re
import sys
from pathlib import Path

DEPLOY_DIR = Path(__file__).resolve().parent
BASE_DIR = DEPLOY_DIR.parent
TEMPLATE = DEPLOY_DIR / "nginx" / "portal.conf.in"
PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
# Room for the multipart envelope and the form's other fields, in MB.
ENVELOPE_MB = 1


def caps():
    """Body caps in MB per upload route, from the settings and the forms."""
    from django.conf import settings

    from campaigns.forms import MAX_IMAGES
    from incidents.forms import MAX_FILES as MAX_INCIDENT_FILES

    upload = settings.UPLOAD_MAX_MB
    image = upload["image"]
    campaign = MAX_IMAGES * image + ENVELOPE_MB
    return {
        "default_body": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024) + ENVELOPE_MB,
        "submission_body": max(upload["image"], upload["audio"], upload["video"]) + ENVELOPE_MB,
        "frame_body": image + ENVELOPE_MB,
        "campaign_body": campaign,
        "incident_body": MAX_INCIDENT_FILES * max(image, upload["document"]) + ENVELOPE_MB,
        "import_body": settings.IMPORT_MAX_BYTES // (1024 * 1024) + ENVELOPE_MB,
        "admin_body": campaign,
        "max_images": MAX_IMAGES,
        "max_incident_files": MAX_INCIDENT_FILES,
    }


def render(values):
    text = TEMPLATE.read_text(encoding="utf-8")
    missing = sorted({name for name in PLACEHOLDER.findall(text) if name not in values})
    if missing:
        raise SystemExit(f"render_nginx: no value for {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)


def main(argv=None):
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings")
    import django

    django.setup()
    from django.conf import settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-name", default=(settings.ALLOWED_HOSTS or ["_"])[0])
    parser.add_argument("--listen", default="80", help="nginx `listen` value, e.g. 80 or 127.0.0.1:8080")
    parser.add_argument("--upstream", default="127.0.0.1:8000", help="gunicorn's address (or unix:/run/portal/gunicorn.sock)")
    parser.add_argument("--static-root", default=str(settings.STATIC_ROOT))
    parser.add_argument("--media-root", default=str(settings.MEDIA_ROOT))
    parser.add_argument("--private-media-root", default=str(settings.PRIVATE_MEDIA_ROOT))
    parser.add_argument("--proxy-include", default="/etc/nginx/snippets/portal-proxy.conf",
                        help="where deploy/nginx/portal-proxy.conf is installed")
    parser.add_argument("--access-log", default="/var/log/nginx/portal.access.log")
    parser.add_argument("--error-log", default="/var/log/nginx/portal.error.log")
    args = parser.parse_args(argv)

    accel = settings.MEDIA_ACCEL_REDIRECT_PREFIX or "/protected-media/"
    if not settings.MEDIA_ACCEL_REDIRECT_PREFIX:
        sys.stderr.write(f"render_nginx: MEDIA_ACCEL_REDIRECT_PREFIX is not set; set it to {accel} for the "
                         "portal to hand private files to nginx\n")
    values = {
        **{name: (f"{value}m" if name.endswith("_body") else value) for name, value in caps().items()},
        "server_name": args.server_name,
        "listen": args.listen,
        "upstream": args.upstream,
        "static_root": str(Path(args.static_root)).rstrip("/"),
        "media_root": str(Path(args.media_root)).rstrip("/"),
        "private_media_root": str(Path(args.private_media_root)).rstrip("/"),
        "proxy_include": args.proxy_include,
        "access_log": args.access_log,
        "error_log": args.error_log,
        "media_url": settings.MEDIA_URL,
        "static_url": settings.STATIC_URL,
        "accel_prefix": accel,
    }
    sys.stdout.write(render(values))


if __name__ == "__main__":
    main()
