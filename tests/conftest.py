"""Personas shared by every test module: the five demo roles on a small tree.

    root (HQ, admin: ``hq``)
    └── upper (officer: ``upper``)
        ├── officer_unit (officer: ``officer``; member: ``member``)
        └── sibling_unit (officer: ``sibling``)
"""

import os
import shutil
from types import SimpleNamespace

import pytest

from unions.models import Level, Role, UnitType

from .db_restore import restore_migration_data
from .factories import MembershipFactory, RoleFactory, UnionFactory, UserFactory
from .worker_support import broker  # noqa: F401 - the fixture of the tests with a real Celery worker

# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser tests are
# ordinary synchronous test code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _transactional(item):
    """Does this test end with pytest-django's flush of every table?"""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.fixture(scope="session")
def _migration_data(request):
    """What the migrations put in the test database (default aspiration topics, reminder rules,
    the indicator set…), read once before any test writes. Content types and permissions are left
    out: the flush after a transactional test makes them again."""
    import json

    from django.db import connection

    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        rows = json.loads(connection.creation.serialize_db_to_string())
    request.config._migration_data = json.dumps(
        [r for r in rows if r["model"] not in ("contenttypes.contenttype", "auth.permission")])


@pytest.fixture(autouse=True)
def _keep_migration_data(request):
    """Before the first transactional test writes anything, read what the migrations created."""
    if _transactional(request.node):
        request.getfixturevalue("_migration_data")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (browser tests, real workers) ends by emptying every table; put back
    what the migrations had created, as Django's serialized rollback does, so the tests after it
    find the same database whatever order they run in."""
    yield
    data = getattr(item.config, "_migration_data", None)
    if data and nextitem is not None and _transactional(item):  # after the last test the database is gone
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore_migration_data(data)


@pytest.fixture
def tree(db):
    root = UnionFactory(name="Công đoàn Công Thương Việt Nam", code="CDCT", level=Level.PROVINCE_SECTOR,
                        unit_type=UnitType.UNION_BODY)
    upper = UnionFactory(parent=root, name="Công đoàn Tập đoàn Dệt May Việt Nam", code="DMVN",
                         level=Level.UPPER_GRASSROOTS)
    officer_unit = UnionFactory(parent=upper, name="Công đoàn Tổng Công ty May 10", code="MAY10")
    sibling_unit = UnionFactory(parent=upper, name="Công đoàn Tổng Công ty May Việt Tiến", code="VIETTIEN")
    return SimpleNamespace(root=root, upper=upper, officer_unit=officer_unit, sibling_unit=sibling_unit)


@pytest.fixture
def hq(tree):
    user = UserFactory(username="hq", full_name="Nguyễn Thị Thu Hà", is_staff=True, is_superuser=True)
    RoleFactory(user=user, union=tree.root, kind=Role.Kind.ADMIN)
    return user


@pytest.fixture
def upper(tree):
    user = UserFactory(username="upper", full_name="Trần Văn Bình")
    RoleFactory(user=user, union=tree.upper, kind=Role.Kind.OFFICER)
    return user


@pytest.fixture
def officer(tree):
    user = UserFactory(username="officer", full_name="Lê Thị Hồng Nhung")
    RoleFactory(user=user, union=tree.officer_unit, kind=Role.Kind.OFFICER)
    return user


@pytest.fixture
def sibling(tree):
    user = UserFactory(username="sibling", full_name="Phạm Quốc Hùng")
    RoleFactory(user=user, union=tree.sibling_unit, kind=Role.Kind.OFFICER)
    return user


@pytest.fixture
def member(tree):
    user = UserFactory(username="member", full_name="Hoàng Văn Nam", phone="0901000005",
                       email="member@example.org")
    MembershipFactory(user=user, union=tree.officer_unit, member_code="MAY10-00001")
    return user


@pytest.fixture
def personas(hq, upper, officer, sibling, member):
    return SimpleNamespace(hq=hq, upper=upper, officer=officer, sibling=sibling, member=member)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as ``user``."""

    def sign_in(user):
        client.force_login(user, backend="accounts.backends.LoginBackend")
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _default_language():
    """A request through the test client leaves its language active in the test thread (the
    locale middleware activates it and nothing deactivates it): every test starts and ends in the
    portal's default language, so an English page in one test cannot change the next one's
    messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached counters (``core.counters``) live in the cache and are keyed
    by ids: nothing may leak from one test's rows to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp_path / "media")}},
    }


# --- Browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _private_media_root(settings, tmp_path):
    """Each test writes private uploads (unpublished submissions' media) to its own folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp_path / "private-media"), "base_url": "/protected-media/"}},
    }
