"""Every page of the demo data, for every persona, checked for accessibility and valid HTML.

The module loads the demo data once (``manage.py seed_demo``, a few seconds), adds what the demo
leaves out (notifications, a passed lesson quiz for the member), then crawls the site through
Django's test client as each persona: from the home page, one page per URL pattern and kind of
object (tests/site_crawl.py), plus a few pages no link leads to (error pages, the invite page…).

- every crawled link answers with a page (no 404 or 500 behind a link);
- no page shows template comment markers (``{#``, ``#}``) as text;
- the Nu HTML checker (vnu.jar, pinned in package.json) finds no error in any page, all pages in
  one run of the checker;
- in Chromium, axe-core (tests/browser/vendor/axe-core) finds no serious or critical violation at
  360 px and at 1280 px, and no page scrolls sideways at 360 px.

``A11Y_CRAWL_REPORT=1`` prints the pages crawled per persona and the time each step took.
"""

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import time
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory, override_settings

from tests.db_restore import restore_migration_data
from tests.site_crawl import crawl

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))

PERSONAS = ["anonymous", "member", "officer", "sibling", "upper", "hq"]  # demo usernames, password demo1234
WIDTHS = (360, 1280)
HEIGHT = 800
PAGES_PER_PERSONA = 70  # the demo has about 40 patterns for HQ; the bound keeps a bigger demo fast
MISSING = "/khong-co-trang-nay/"
SERIOUS = {"serious", "critical"}

# Pages no link leads to, fetched for each persona that way (the expected status beside each).
FIXED = {
    "anonymous": {"/contests/": 200, MISSING: 404, "/accounts/password_reset/done/": 200,
                  "/accounts/reset/MQ/wrong-token/": 200},
    "member": {"/contests/": 200, MISSING: 404, "/units/": 403, "/accounts/password_change/done/": 200},
    "officer": {"/contests/": 200, MISSING: 404},
    "sibling": {"/contests/": 200, MISSING: 404},
    "upper": {"/contests/": 200, MISSING: 404},
    "hq": {"/contests/": 200, MISSING: 404},
}
# Pages the test server cannot produce on request, rendered by their views and served to the
# browser at these addresses.
RENDERED = {"/__500__/": "server error page", "/__csrf__/": "CSRF failure page"}


def _media_group(kind):
    return {"aspiration": "aspiration", "photo_set": "photos", "video": "player", "audio": "player"}.get(kind, "text")


def _add_missing_demo_content(users):
    """What the demo does not seed but the pages must show: notifications, read and unread, and a
    lesson quiz the member passed (its result, the lesson's certificate)."""
    from contests.models import Quiz
    from contests.services import quiz_submit
    from notifications.models import Category
    from notifications.services import notifications_mark_read, notify
    from unions.models import Union

    for user in users.values():
        notify(recipients=[user], category=Category.REMINDER, email=False, url="/campaigns/",
               title="Nhắc hạn: báo cáo kết quả tuyên truyền trên mạng xã hội năm 2018",
               body="Hạn nộp 15/12/2018.")
        notify(recipients=[user], category=Category.CAMPAIGN, email=False, url="/campaigns/",
               title="Bộ chia sẻ mới: Hướng về Đại hội XII Công đoàn Việt Nam")
        read = user.notifications.order_by("created_at", "pk").first()
        notifications_mark_read(user=user, ids=[read.pk])
    quiz = Quiz.objects.filter(lesson__isnull=False).order_by("pk").first()
    answers = {q.pk: q.choices.get(is_correct=True).pk for q in quiz.questions.all()}
    may10 = Union.objects.get(code="MAY10")
    quiz_submit(quiz=quiz, user=users["member"], answers=answers, unit=may10)
    may10.ensure_invite_token()
    may10.save(update_fields=["invite_token"])
    return may10.invite_token


def _variety(user):
    """Kinds the crawl tells apart within one URL pattern: one page of each."""
    from contests.models import Attempt
    from submissions.models import Submission
    from unions.models import Union

    submissions = {pk: (_media_group(kind), status) for pk, kind, status in
                   Submission.objects.values_list("pk", "kind", "status")}
    levels = dict(Union.objects.values_list("pk", "level"))
    played = set(Attempt.objects.filter(user=user).values_list("quiz__slug", flat=True)) if user else set()
    return {
        "submission_detail": lambda kw: submissions.get(kw["pk"]),
        "story_detail": lambda kw: submissions.get(kw["pk"], ("",))[0],
        "unit_detail": lambda kw: levels.get(kw["pk"]),
        "contest_detail": lambda kw: kw["slug"] in played,
    }


def _rendered_pages():
    from django.views.csrf import csrf_failure

    from campaign_portal.views import error_500

    request = RequestFactory().get("/")
    return {
        "/__500__/": error_500(request).content.decode(),
        "/__csrf__/": csrf_failure(request, reason="CSRF token missing.").content.decode(),
    }


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data in the test database, crawled as each persona, and a live server on it.

    Module-scoped: seeding and crawling happen once for the tests below; afterwards the database
    is emptied and what the migrations had put in it is restored.
    """
    from pytest_django.live_server_helper import LiveServer

    from accounts.models import User

    media = tmp_path_factory.mktemp("demo-media")
    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(media / "public")}},
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(media / "private"), "base_url": "/protected-media/"}},
    }
    timings = {}
    with django_db_blocker.unblock(), override_settings(
        MEDIA_ROOT=media / "public", PRIVATE_MEDIA_ROOT=media / "private", STORAGES=storages
    ):
        # What the migrations put in the database (default aspiration topics…), restored afterwards
        # as Django's serialized rollback does: tests that run later expect it.
        before = connection.creation.serialize_db_to_string()
        try:
            started = time.monotonic()
            with override_settings(DEBUG=True):  # seed_demo refuses to run in production
                call_command("seed_demo", stdout=io.StringIO())
            users = {name: User.objects.get(username=name) for name in PERSONAS if name != "anonymous"}
            invite = _add_missing_demo_content(users)
            timings["seed"] = time.monotonic() - started

            started = time.monotonic()
            pages, clients = {}, {}
            for name in PERSONAS:
                client = Client()
                user = users.get(name)
                if user:
                    client.force_login(user, backend="accounts.backends.LoginBackend")
                fixed = dict(FIXED[name])
                if name in ("anonymous", "member"):
                    fixed[f"/join/{invite}/"] = 200
                pages[name] = crawl(client, fixed=fixed, limit=PAGES_PER_PERSONA, variety=_variety(user))
                clients[name] = client
            timings["crawl"] = time.monotonic() - started

            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            try:
                yield SimpleNamespace(pages=pages, clients=clients, url=server.url, timings=timings,
                                      rendered=_rendered_pages())
            finally:
                server._live_server_modified_settings.disable()
                server.stop()
        finally:
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            restore_migration_data(before)
    if os.environ.get("A11Y_CRAWL_REPORT"):
        for name, crawled in pages.items():
            print(f"\n{name}: {len(crawled)} pages")  # noqa: T201
            for page in crawled:
                print(f"  {page.status} {page.url}")  # noqa: T201
        print("timings:", {k: round(v, 1) for k, v in timings.items()})  # noqa: T201


@pytest.fixture
def db():
    """Stands in for pytest-django's ``db`` here. Its name alone makes pytest-django create the test
    database; no per-test transaction wraps the tests, since the live server must see the demo data
    that ``demo_site`` committed (and flushes at the end)."""


# The module's fixture keeps the demo's files for the whole module; the suite's per-test folders
# (tests/conftest.py) would hide them from the live server.
@pytest.fixture
def _media_root():
    pass


@pytest.fixture
def _private_media_root():
    pass


def _expected_status(name, page):
    return FIXED[name].get(page.url, 200) if page.source == "fixed" else 200


def test_every_linked_page_answers_and_the_crawl_reaches_every_kind_of_page(db, demo_site):
    problems = []
    for name, pages in demo_site.pages.items():
        for page in pages:
            expected = _expected_status(name, page)
            # A link to a page that explains a refusal (HQ, who is no member, on "submit") is fine.
            allowed = {expected, 403} if page.source != "fixed" else {expected}
            if page.status not in allowed:
                problems.append(f"{name}: {page.url} answered {page.status} (linked from {page.source})")
            if not page.html:
                problems.append(f"{name}: {page.url} is not an HTML page")
    assert not problems, "\n".join(problems)

    def reached(name):
        def pattern(url):
            url = re.sub(r"/\d+/", "/<id>/", url.split("?")[0])
            url = re.sub(r"^/campaigns/(?!news/|kits/|lessons/|stats/|proofs/|new/)[^/]+/$", "/campaigns/<slug>/", url)
            return re.sub(r"^/contests/[^/]+/$", "/contests/<slug>/", url)

        return {pattern(p.url) for p in demo_site.pages[name]}

    assert {"/", "/campaigns/", "/campaigns/<slug>/", "/stories/", "/stories/<id>/", "/campaigns/news/<id>/",
            "/contests/", "/contests/<slug>/", "/accounts/login/"} <= reached("anonymous")
    member = reached("member")
    assert {"/notifications/", "/accounts/profile/", "/submissions/mine/", "/submissions/new/",
            "/submissions/<id>/", "/campaigns/kits/<id>/", "/campaigns/lessons/kiem-tra-nguon-tin/certificate/",
            "/contests/<slug>/"} <= member
    officer = reached("officer")
    assert {"/submissions/queue/", "/units/", "/units/<id>/", "/campaigns/proofs/", "/campaigns/stats/",
            "/campaigns/kits/", "/campaigns/kits/new/"} <= officer
    # One page of each kind: the member's own submissions come in several kinds and states.
    assert sum(1 for p in demo_site.pages["member"] if re.fullmatch(r"/submissions/\d+/", p.url)) >= 5
    # (HQ's page budget is shared by more kinds of page now: contests, API keys, indicator sets.)
    assert sum(1 for p in demo_site.pages["hq"] if re.fullmatch(r"/units/\d+/", p.url)) >= 2


def test_no_page_shows_template_comment_markers(db, demo_site):
    leaks = [
        f"{name}: {page.url}"
        for name, pages in demo_site.pages.items()
        for page in pages
        if "{#" in page.html or "#}" in page.html
    ]
    leaks += [what for url, what in RENDERED.items() if "{#" in demo_site.rendered[url] or "#}" in demo_site.rendered[url]]
    assert not leaks, "Template comment shown as text (Django's {# #} is one line only; use {% comment %}):\n" + (
        "\n".join(leaks)
    )


def _java():
    java = shutil.which("java")
    if not java:
        pytest.fail("Java not found: run scripts/ensure-system-packages.sh java (Debian's default-jre-headless)")
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} not found: run `npm ci` in the project folder (make test does)")
    return java


def test_every_page_is_valid_html(db, demo_site, tmp_path):
    java = _java()
    files = {}
    for name, pages in demo_site.pages.items():
        for i, page in enumerate(pages):
            path = tmp_path / f"{name}-{i:03d}.html"
            path.write_text(page.html, encoding="utf-8")
            files[path.name] = f"{name}: {page.url}"
    for i, (url, what) in enumerate(RENDERED.items()):
        path = tmp_path / f"rendered-{i}.html"
        path.write_text(demo_site.rendered[url], encoding="utf-8")
        files[path.name] = what
    started = time.monotonic()
    result = subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always",
         *sorted(str(tmp_path / f) for f in files)],
        capture_output=True, text=True, timeout=300,
    )
    demo_site.timings["vnu"] = time.monotonic() - started
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = defaultdict(list)
    for m in messages:
        if m.get("type") in ("error", "non-document-error"):
            where = files.get(Path(m.get("url", "")).name, m.get("url", ""))
            errors[where].append(f"  line {m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()}]")
    assert not errors, "The Nu HTML checker found errors:\n" + "\n".join(
        f"{where}\n" + "\n".join(lines[:10]) for where, lines in errors.items()
    )


MAIN = re.compile(r"<main\b.*?</main>", re.S)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _first_of_its_kind(html, seen):
    """False for a page whose main content another persona's page already had, letter for letter
    (a public story seen by two officers): the browser checks it once. The navigation bar of each
    persona is checked on that persona's other pages, and vnu checks every page."""
    main = MAIN.search(html)
    key = hashlib.sha256(CSRF.sub("", main.group(0) if main else html).encode()).hexdigest()
    if key in seen:
        return False
    seen.add(key)
    return True


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " — " + (n.failureSummary || "").split("\\n").slice(1, 2).join(" ").trim())}));
}"""


@pytest.mark.browser
def test_no_serious_accessibility_violation_at_phone_and_desktop_widths(db, demo_site, browser):
    axe = AXE.read_text(encoding="utf-8")
    failures, overflow, errors = [], [], []
    started = time.monotonic()
    checked, seen = 0, set()
    for name in PERSONAS:
        context = browser.new_context(base_url=demo_site.url, viewport={"width": WIDTHS[0], "height": HEIGHT},
                                      locale="vi-VN")
        session = demo_site.clients[name].cookies.get(settings.SESSION_COOKIE_NAME)
        if session:
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.value,
                                  "url": demo_site.url}])
        context.add_init_script(axe)
        for url, html in demo_site.rendered.items():
            context.route(f"**{url}", lambda route, _request, html=html: route.fulfill(
                status=200, body=html, content_type="text/html; charset=utf-8"))
        page = context.new_page()
        # Script errors, CSP refusals and missing styles, scripts or images (a 404 or 403 page's own
        # status is expected and reported by the browser as a failed load, hence left out).
        page.on("pageerror", lambda exc, name=name, page=page: errors.append(f"{name} {page.url}: {exc}"))
        page.on("console", lambda msg, name=name, page=page: errors.append(f"{name} {page.url}: {msg.text}")
                if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
        page.on("response", lambda r, name=name: errors.append(f"{name}: {r.status} {r.url}")
                if r.status >= 400 and r.request.resource_type != "document" else None)
        urls = [p.url for p in demo_site.pages[name] if _first_of_its_kind(p.html, seen)]
        urls += list(RENDERED) if name == "anonymous" else []
        for url in urls:
            page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
            page.goto(url, wait_until="load")
            checked += 1
            for width in WIDTHS:
                if width != WIDTHS[0]:
                    page.set_viewport_size({"width": width, "height": HEIGHT})
                else:
                    scroll = page.evaluate("document.documentElement.scrollWidth")
                    if scroll > width:
                        overflow.append(f"{name} {url}: {scroll} px wide at {width} px")
                for v in page.evaluate(AXE_RUN):
                    if v["impact"] in SERIOUS:
                        failures.append(f"{name} {width}px {url}: {v['id']} ({v['impact']}) {v['help']}\n    "
                                        + "\n    ".join(v["nodes"]))
        context.close()
    demo_site.timings["browser"] = time.monotonic() - started
    demo_site.timings["browser_pages"] = checked
    assert not failures, f"axe-core {len(failures)} serious or critical violations:\n" + "\n".join(failures)
    assert not overflow, "Pages wider than a phone:\n" + "\n".join(overflow)
    assert not errors, "Errors in the browser:\n" + "\n".join(errors)
