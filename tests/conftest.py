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

from .factories import MembershipFactory, RoleFactory, UnionFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser tests are
# ordinary synchronous test code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


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
def _empty_cache():
    """Cached counters (``core.counters``) keyed by ids must not leak from one test's rows to the next."""
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
