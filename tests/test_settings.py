"""Settings fail loudly on bad environment values, and production settings pass ``check --deploy``.

Each case starts a fresh interpreter (settings are read once per process) with an environment
cleaned of everything the portal reads, so the developer's or CI's own variables do not leak in.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PROD_SECRET = secrets.token_urlsafe(45)  # 60 characters
assert len(PROD_SECRET) == 60

_KEEP = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


def _env(**values):
    env = {name: os.environ[name] for name in _KEEP if name in os.environ}
    env["DJANGO_SETTINGS_MODULE"] = "campaign_portal.settings"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(values)
    return env


def _run(args, **values):
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=_env(**values),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _setup(**values):
    return _run(["-c", "import django; django.setup(); print('started')"], **values)


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": PROD_SECRET, "ALLOWED_HOSTS": "portal.example.org"}

BAD_VALUES = [
    ("DEBUG", {"DEBUG": "maybe"}),
    ("SECRET_KEY", {"DEBUG": "false", "SECRET_KEY": "too-short-0123456789", "ALLOWED_HOSTS": "portal.example.org"}),
    # Empty rather than absent, so that a developer's .env file (read with setdefault) cannot fill them in.
    ("SECRET_KEY", {"DEBUG": "false", "SECRET_KEY": "", "ALLOWED_HOSTS": "portal.example.org"}),
    ("ALLOWED_HOSTS", {"DEBUG": "false", "SECRET_KEY": PROD_SECRET, "ALLOWED_HOSTS": ""}),
    ("DATABASE_URL", {"DEBUG": "true", "DATABASE_URL": "mysql://portal:secret@127.0.0.1:3306/portal"}),
    ("DATABASE_URL", {"DEBUG": "true", "DATABASE_URL": "not-a-url"}),
    ("CELERY_BROKER_URL", {"DEBUG": "true", "CELERY_BROKER_URL": "http://x"}),
    ("LOG_LEVEL", {"DEBUG": "true", "LOG_LEVEL": "LOUD"}),
    ("MEDIA_STORAGE", {"DEBUG": "true", "MEDIA_STORAGE": "ftp"}),
    ("S3_BUCKET", {"DEBUG": "true", "MEDIA_STORAGE": "s3"}),
    ("SECURE_HSTS_SECONDS", {**PRODUCTION, "SECURE_HSTS_SECONDS": "abc"}),
    ("SECURE_HSTS_SECONDS", {**PRODUCTION, "SECURE_HSTS_SECONDS": "-1"}),
    ("LOGIN_FAILURE_LIMIT", {"DEBUG": "true", "LOGIN_FAILURE_LIMIT": "0"}),
    ("SITE_URL", {"DEBUG": "true", "SITE_URL": "portal.example.org"}),
    ("CSRF_TRUSTED_ORIGINS", {"DEBUG": "true", "CSRF_TRUSTED_ORIGINS": "portal.example.org"}),
    ("CACHE_URL", {"DEBUG": "true", "CACHE_URL": "nonsense://"}),
    ("TRUSTED_PROXY_COUNT", {"DEBUG": "true", "TRUSTED_PROXY_COUNT": "-1"}),
    ("TRUSTED_PROXY_COUNT", {"DEBUG": "true", "TRUSTED_PROXY_COUNT": "two"}),
    ("PROXY_COUNT", {"DEBUG": "true", "PROXY_COUNT": "many"}),
    ("CELERY_TASK_SOFT_TIME_LIMIT", {"DEBUG": "true", "CELERY_TASK_SOFT_TIME_LIMIT": "0"}),
    ("CELERY_TASK_SOFT_TIME_LIMIT", {"DEBUG": "true", "CELERY_TASK_SOFT_TIME_LIMIT": "2m"}),
    ("CELERY_TASK_TIME_LIMIT", {"DEBUG": "true", "CELERY_TASK_TIME_LIMIT": "-5"}),
    # The hard limit must leave the soft one room to act…
    ("CELERY_TASK_TIME_LIMIT", {"DEBUG": "true", "CELERY_TASK_SOFT_TIME_LIMIT": "200", "CELERY_TASK_TIME_LIMIT": "200"}),
    ("INCIDENT_ACK_HOURS", {"DEBUG": "true", "INCIDENT_ACK_HOURS": "urgent=2"}),
    ("INCIDENT_ACK_HOURS", {"DEBUG": "true", "INCIDENT_ACK_HOURS": "critical=0"}),
    # A media lease shorter than the task's hard time limit would hand a live run to a second worker.
    ("MEDIA_PROCESS_LEASE_SECONDS", {"DEBUG": "true", "MEDIA_PROCESS_LEASE_SECONDS": "600"}),
    ("MEDIA_PROCESS_MAX_ATTEMPTS", {"DEBUG": "true", "MEDIA_PROCESS_MAX_ATTEMPTS": "0"}),
    ("PRIVACY_ERASURE_DAYS", {"DEBUG": "true", "PRIVACY_ERASURE_DAYS": "0"}),
    ("RETENTION_LINK_CLICKS_DAYS", {"DEBUG": "true", "RETENTION_LINK_CLICKS_DAYS": "soon"}),
]


@pytest.mark.parametrize(("name", "values"), BAD_VALUES, ids=[f"{n}-{i}" for i, (n, _v) in enumerate(BAD_VALUES)])
def test_bad_environment_value_stops_start_up_and_names_the_variable(name, values):
    result = _setup(**values)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "started" not in result.stdout
    assert f"Environment variable {name}:" in result.stderr, result.stderr


@pytest.mark.parametrize(("name", "values"), [BAD_VALUES[0], BAD_VALUES[4], BAD_VALUES[10]], ids=["DEBUG", "DATABASE_URL", "HSTS"])
def test_manage_py_refuses_to_run_with_a_bad_value(name, values):
    result = _run(["manage.py", "check"], **values)
    assert result.returncode != 0
    assert name in result.stderr
    assert "System check identified" not in result.stdout


def test_the_secret_key_is_never_echoed_in_the_error():
    short_secret = "my-short-but-private-secret"
    result = _setup(DEBUG="false", SECRET_KEY=short_secret, ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert short_secret not in result.stderr


def test_development_needs_nothing_but_debug_on():
    result = _run(["manage.py", "check"], DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_pass_the_deploy_check_with_no_warnings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_deploy_check_catches_a_weakened_production_setting():
    """The deploy check above is not vacuous: switching off HTTPS redirects makes it fail."""
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION, SECURE_SSL_REDIRECT="false"
    )
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_production_settings_turn_on_https_protections():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = _run(["-c", code], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False", "True", "True", "True", "31536000", "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_a_fresh_checkout_starts_with_no_environment_at_all():
    """Unset DEBUG means development: `manage.py` works out of the box (makemigrations included)."""
    result = _run(["manage.py", "makemigrations", "--check", "--dry-run"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_gunicorn_refuses_to_serve_with_debug_on():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("gunicorn")), "campaign_portal.wsgi", "--bind", "127.0.0.1:0"],
        cwd=BASE_DIR,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "gunicorn refuses to start with DEBUG on" in result.stdout + result.stderr


# The login lockout (axes) and the tracked links' visitor count read the client's address with the
# same rule. X-Forwarded-For below: what the client sent itself, then what two proxies appended.
_ADDRESS = (
    "import django; django.setup(); "
    "from django.test import RequestFactory; from axes.helpers import get_client_ip_address; "
    "from ipware import get_client_ip; "
    "r = RequestFactory().get('/', HTTP_X_FORWARDED_FOR='198.51.100.1, 113.161.1.10, 10.0.0.2', REMOTE_ADDR='127.0.0.1'); "
    "print(get_client_ip_address(r), get_client_ip(r)[0])"
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, "127.0.0.1"),  # no trusted proxy: X-Forwarded-For is anyone's to forge, REMOTE_ADDR counts
        ({"TRUSTED_PROXY_COUNT": "1"}, "10.0.0.2"),
        ({"TRUSTED_PROXY_COUNT": "2"}, "113.161.1.10"),
        ({"PROXY_COUNT": "2"}, "113.161.1.10"),  # the older name still works
        # Fewer addresses than proxies: the request did not come through them, no address is trusted.
        ({"TRUSTED_PROXY_COUNT": "5"}, "None"),
    ],
    ids=["none", "one", "two", "old-name", "too-few"],
)
def test_lockout_and_tracked_links_see_the_same_client_address(values, expected):
    result = _run(["-c", _ADDRESS], DEBUG="true", **values)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [expected, expected]


# --- Folders: none at import; each is made where it is first needed ----------------------------

_NO_FOLDERS_AT_IMPORT = (
    "import os, pathlib; made = []; "
    "pathlib.Path.mkdir = lambda self, *a, **k: made.append(str(self)); "
    "os.makedirs = lambda name, *a, **k: made.append(str(name)); os.mkdir = os.makedirs; "
    "import django; django.setup(); "
    "from django.conf import settings; import campaign_portal.wsgi, campaign_portal.asgi; "
    "print(len(settings.INSTALLED_APPS) > 0, made)"
)


@pytest.mark.parametrize("values", [{"DEBUG": "true"}, PRODUCTION], ids=["development", "production"])
def test_importing_settings_and_entry_points_makes_no_folder(values):
    result = _run(["-c", _NO_FOLDERS_AT_IMPORT], **values)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split(maxsplit=1) == ["True", "[]"]


def test_the_sqlite_database_folder_is_made_at_the_first_connection(tmp_path):
    database = tmp_path / "new" / "folder" / "db.sqlite3"
    code = (
        "import django; django.setup(); from django.db import connection; "
        "connection.ensure_connection(); print('connected')"
    )
    assert not database.parent.exists()
    result = _run(["-c", code], DEBUG="true", DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    assert database.is_file()


def test_the_filesystem_broker_folders_are_made_when_a_worker_starts_or_a_task_is_sent(tmp_path):
    worker, sender = tmp_path / "worker-broker", tmp_path / "sender-broker"
    start_worker = (
        "import django; django.setup(); from celery import signals; from campaign_portal.celery import app; "
        "signals.celeryd_init.send(sender='worker@test', instance=None, conf=app.conf, options={})"
    )
    send = (
        "import django; django.setup(); from campaign_portal.celery import app; "
        "app.send_task('notifications.tasks.scan_reminders')"
    )
    for folder, code in ((worker, start_worker), (sender, send)):
        result = _run(["-c", code], DEBUG="true", CELERY_BROKER_URL="filesystem://", CELERY_FILESYSTEM_DIR=str(folder))
        assert result.returncode == 0, result.stderr
        assert (folder / "queue").is_dir() and (folder / "control").is_dir()
    assert len(list((sender / "queue").iterdir())) == 1  # the message really went through


def test_beat_makes_the_folder_of_its_schedule_file(tmp_path):
    from campaign_portal.celery import PortalScheduler, app

    schedule = tmp_path / "beat" / "celerybeat-schedule"
    scheduler = PortalScheduler(app=app, schedule_filename=str(schedule))
    try:
        assert schedule.parent.is_dir()
    finally:
        scheduler.close()


# --- Celery time limits ------------------------------------------------------------------------

_LIMITS = (
    "import django; django.setup(); from campaign_portal.celery import app; app.loader.import_default_modules(); "
    "t = app.tasks; print(app.conf.task_soft_time_limit, app.conf.task_time_limit, "
    "t['unions.tasks.apply_import'].soft_time_limit, t['unions.tasks.apply_import'].time_limit, "
    "t['submissions.tasks.process_media'].soft_time_limit, t['submissions.tasks.process_media'].time_limit, "
    "t['notifications.tasks.send_delivery_email'].soft_time_limit, t['notifications.tasks.send_delivery_email'].time_limit, "
    "t['notifications.tasks.send_notification_email'].time_limit, t['notifications.tasks.scan_reminders'].time_limit)"
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # global soft, hard; import soft, hard; media soft, hard; delivery email soft, hard;
        # notification email hard; the reminder scan (no limits of its own: the global ones) hard.
        ({}, "120 180 1800 1920 600 720 120 180 180 180"),
        ({"CELERY_TASK_SOFT_TIME_LIMIT": "60", "CELERY_TASK_TIME_LIMIT": "90"}, "60 90 1800 1920 600 720 60 90 90 90"),
        # Raising the global limits above a task's own never shortens that task's…
        ({"CELERY_TASK_SOFT_TIME_LIMIT": "700", "CELERY_TASK_TIME_LIMIT": "800"},
         "700 800 1800 1920 700 800 299 300 300 800"),
        # …but an email task is stopped before its lease ends (another worker could send it again).
        ({"CELERY_TASK_SOFT_TIME_LIMIT": "700", "CELERY_TASK_TIME_LIMIT": "800", "EMAIL_SEND_LEASE_SECONDS": "900"},
         "700 800 1800 1920 700 800 700 800 800 800"),
    ],
    ids=["defaults", "shorter", "longer", "longer-lease"],
)
def test_every_task_has_time_limits_and_some_get_their_own(values, expected):
    result = _run(["-c", _LIMITS], DEBUG="true", **values)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_earlier_secret_keys_are_read_as_fallbacks():
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)"
    old = secrets.token_urlsafe(45)
    result = _run(["-c", code], **PRODUCTION, SECRET_KEY_FALLBACKS=old)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr([old])


def _site_url(**values):
    result = _run(["-c", "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"],
                  DEBUG="true", **values)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(("values", "expected"), [
    ({}, "http://127.0.0.1:8000"),
    ({"PORTAL_ADDR": "127.0.0.1:8811"}, "http://127.0.0.1:8811"),  # make run PORT=8811
    ({"PORTAL_ADDR": "localhost:8080"}, "http://localhost:8080"),
    ({"PORTAL_ADDR": "0.0.0.0:8080"}, "http://127.0.0.1:8080"),  # listening everywhere: link to this machine
    ({"PORTAL_ADDR": "127.0.0.1:8811", "SITE_URL": "https://lantoa.example.vn/"}, "https://lantoa.example.vn"),
])
def test_site_url_follows_the_served_address_unless_it_is_set(values, expected):
    assert _site_url(**values) == expected


def test_a_bad_served_address_stops_start_up():
    result = _setup(DEBUG="true", PORTAL_ADDR="127.0.0.1:http")
    assert result.returncode != 0
    assert "Environment variable PORTAL_ADDR:" in result.stderr


def test_make_exports_the_served_address_to_what_it_runs():
    """``make run PORT=8811`` gives its processes PORTAL_ADDR=127.0.0.1:8811; the web process serves
    on it (Procfile.dev) and the settings above read it."""
    result = subprocess.run(
        ["make", "-s", "--eval", 'print-addr: ; @echo "$$PORTAL_ADDR"', "print-addr", "PORT=8811"],
        cwd=BASE_DIR, capture_output=True, text=True, timeout=60, check=False, env=_env(),
    )
    assert result.stdout.strip() == "127.0.0.1:8811", result.stderr
    assert '"$PORTAL_ADDR"' in (BASE_DIR / "Procfile.dev").read_text()
