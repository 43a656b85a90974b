import logging
import sys
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django.db import connection
from django.db.models import Q
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache

from core.counters import cached_count, subtree_topics
from unions.models import Membership, Role

logger = logging.getLogger(__name__)


LANDING_CAMPAIGNS = 4
LANDING_STORIES = 6


def landing(request):
    """The public landing page: campaigns open to the public that have not ended, the latest
    published stories (bounded lists: three queries whatever the data), and how to join."""
    from campaigns.access import campaigns_visible_to
    from submissions.selectors import public_stories

    today = timezone.localdate()
    campaigns = (
        campaigns_visible_to(request.user)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by("-starts_on", "-id")[:LANDING_CAMPAIGNS]
    )
    return render(request, "landing.html", {
        "campaigns": list(campaigns),
        "stories": list(public_stories()[:LANDING_STORIES]),
    })


def home(request):
    if not request.user.is_authenticated:
        return landing(request)
    user = request.user
    memberships = Membership.objects.filter(user=user).select_related("union").order_by("-status", "union__name")
    roles = Role.objects.filter(user=user).select_related("union").order_by("union__path")
    context = {"memberships": memberships, "roles": roles}
    from campaigns.home import share_kits_for  # official share kits of the member's units, newest first

    context["share_kits"] = share_kits_for(user)
    scope = request.scope
    if scope.is_officer:
        _officer_counts(context, user, scope)
    return render(request, "home.html", context)


def _officer_counts(context, user, scope):
    """The officer's badges, shown on every visit: cached until a write changes them
    (``core.counters``), so a visit costs no count over the subtree's rows."""
    from campaigns.access import proofs_for_officer
    from submissions.selectors import queue_count

    paths = [] if scope.sees_everything else scope.paths()
    key = "-".join(paths) if paths else "*"
    context["managed_count"] = None if scope.sees_everything else cached_count(
        f"units:{key}", ["units"], lambda: scope.managed_unions().count()
    )
    context["pending_count"] = cached_count(
        f"registrations:{key}", subtree_topics("registrations", paths),
        lambda: Membership.objects.pending().filter(scope.filter("union__path")).count(),
    )
    context["review_count"] = queue_count(user)
    context["proof_count"] = cached_count(
        f"proofs:{key}", subtree_topics("proofs", paths), lambda: proofs_for_officer(user).count()
    )


def favicon(request):
    # Resolved per request: the hashed static name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("portal/favicon.png"))


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_broker():
    from campaign_portal.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=3)


def _check_storage():
    """Write, read back and delete a small file in the public and the private storage."""
    from uploads.storage import private_storage

    for storage in (default_storage, private_storage()):
        name = storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        try:
            with storage.open(name) as handle:
                if handle.read() != b"ok":
                    raise OSError("storage returned other bytes")
        finally:
            storage.delete(name)


@never_cache
def healthz(request):
    """Database, broker and storage status as JSON: 200 when all are up, 503 otherwise."""
    checks = {"database": _check_database, "broker": _check_broker, "storage": _check_storage}
    result = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure is reported, none is raised
            logger.warning("healthz: %s failed: %s", name, exc)
            result[name] = {"ok": False, "error": exc.__class__.__name__}
        else:
            result[name] = {"ok": True}
    healthy = all(item["ok"] for item in result.values())
    return JsonResponse({"status": "ok" if healthy else "fail", "checks": result}, status=200 if healthy else 503)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


# Seconds a client (or a proxy, a load balancer) is asked to wait before trying again.
UNAVAILABLE_RETRY_SECONDS = 30


def _database_unavailable():
    """True while handling an error that says the database cannot be reached (down, restarting,
    connection lost mid-request), as opposed to a bug."""
    error = sys.exc_info()[1]
    return isinstance(error, DatabaseOperationalError | DatabaseInterfaceError)


def error_500(request):
    # No request context: the page must render even when the database is down.
    if _database_unavailable():
        # A fault, not a bug: a friendly "try again shortly" with 503, which proxies and load
        # balancers understand. Nothing half-written: the request's transaction rolled back.
        html = get_template("503.html").render({"SITE_NAME": settings.SITE_NAME})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(UNAVAILABLE_RETRY_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    html = get_template("500.html").render({"SITE_NAME": settings.SITE_NAME})
    return HttpResponseServerError(html)
