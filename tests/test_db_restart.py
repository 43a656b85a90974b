"""PostgreSQL stopped and started again under load: the portal answers a friendly Vietnamese 503
page while the database is down, recovers by itself when it is back (no gunicorn restart:
``CONN_HEALTH_CHECKS`` drops the dead persistent connections), and nothing is half-written.

The test starts its OWN throwaway PostgreSQL (``initdb`` from Debian's binaries into a temporary
folder, its own loopback port, as an unprivileged user when run as root) — never the shared
server on 5432 — and gunicorn with production settings on it. The database is stopped the hard
way (``pg_ctl stop -m immediate``, as in a crash) while members save drafts and visitors read
pages, then started again. Bounded in time; every process it started is stopped.
"""

import glob
import html
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.ops_support import BIN, Browser, collectstatic, gunicorn, production_env, run, secret_key

PG_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not PG_BINS, reason=(
        "PostgreSQL server binaries are missing (/usr/lib/postgresql/*/bin/initdb): "
        "scripts/ensure-system-packages.sh postgresql installs them (make test and CI do)")),
]

LOADERS = 3
PASSWORD = "Mat-khau-thu-tai-2026"
RECOVERY_SECONDS = 30


def _listen_port():
    """A free port below the kernel's ephemeral range (32768 and up). The portal keeps connecting
    while the server is down; with the server's port in that range, one of those connections can
    get it as its own local port (a loopback self-connection) and hold it, and the restart then
    fails with "Address already in use"."""
    import random
    import socket

    for _try in range(200):
        port = random.randint(20000, 32000)  # noqa: S311 - a test port, not a secret
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the ephemeral range")


class ThrowawayPostgres:
    """A PostgreSQL cluster of its own in a temporary folder, on a loopback port."""

    def __init__(self):
        self.bin = Path(PG_BINS[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.root / "data"
        self.port = _listen_port()
        self.user = None
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            self.user = "postgres" if _user_exists("postgres") else "nobody"
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self._pg(["initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale",
                  "--no-sync"])

    def _pg(self, args, timeout=60):
        result = subprocess.run([str(self.bin / args[0]), *args[1:]], cwd=self.root, user=self.user,
                                env={"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"},
                                capture_output=True, text=True, timeout=timeout, check=False)
        assert result.returncode == 0, f"{args[0]} failed: {result.stdout}\n{result.stderr}\n{self.log()}"
        return result

    def log(self):
        path = self.root / "postgres.log"
        return path.read_text(errors="replace") if path.exists() else ""

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/portal"

    def start(self):
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.root} "
                   "-c fsync=off -c max_connections=40")
        self._pg(["pg_ctl", "-D", str(self.data), "-l", str(self.root / "postgres.log"), "-o", options,
                  "-w", "-t", "30", "start"])

    def stop(self, mode="immediate"):
        self._pg(["pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop"])

    def running(self):
        return (self.data / "postmaster.pid").exists()

    def sql(self, query):
        result = subprocess.run([str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                                 "-d", "portal", "-tAc", query], capture_output=True, text=True, timeout=30, check=True)
        return [line.split("|") for line in result.stdout.splitlines() if line]

    def destroy(self):
        try:
            if self.running():
                self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _user_exists(name):
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


SEED = """
import json
from tests.factories import MembershipFactory, UnionFactory, UserFactory
unit = UnionFactory(name="Công đoàn Công ty TNHH Giày Da Bình Dương", code="GDBD")
for i in range({loaders}):
    user = UserFactory(username=f"doanvien{{i}}", full_name=f"Trần Thị Thu {{i}}", password="{password}")
    MembershipFactory(user=user, union=unit)
print(json.dumps({{"unit": unit.pk}}))
"""


@pytest.fixture
def portal(tmp_path):
    """A throwaway PostgreSQL with the portal migrated and seeded, and gunicorn on it."""
    database = ThrowawayPostgres()
    app = None
    try:
        database.start()
        database._pg(["createdb", "-h", "127.0.0.1", "-p", str(database.port), "-U", "postgres", "portal"])
        # The load saves more drafts than a member's upload limit allows in an hour: the limit is
        # not what this test is about.
        env = production_env(tmp_path, database_url=database.url, key=secret_key(), DB_CONN_MAX_AGE=60,
                             RATE_LIMIT_ENABLED="false")
        manage = [str(BIN / "python"), "manage.py"]
        run([*manage, "migrate", "--no-input", "-v0"], env, timeout=300)
        import json

        seed = json.loads(run([*manage, "shell", "-c", SEED.format(loaders=LOADERS, password=PASSWORD)], env)
                          .strip().splitlines()[-1])
        collectstatic(env)
        app, port = gunicorn(env, tmp_path, workers=3, timeout=20)
        yield type("Portal", (), {"db": database, "port": port, "unit": seed["unit"], "app": app})
    finally:
        if app is not None:
            app.stop()
        database.destroy()
    assert not database.running() and not database.root.exists()


class Load:
    """Members saving drafts and an anonymous visitor reading the landing page, until stopped."""

    def __init__(self, portal):
        self.portal = portal
        # (monotonic time the answer came, what, status, title or None, body excerpt, time it was sent)
        self.results = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._member, args=(i,), daemon=True) for i in range(LOADERS)]
        self.threads.append(threading.Thread(target=self._visitor, daemon=True))
        self.errors = []
        self.signed_in = threading.Semaphore(0)

    def _note(self, sent, what, status, title, body):
        with self.lock:
            self.results.append((time.monotonic(), what, status, title, body[:2000], sent))

    def _member(self, i):
        try:
            phone = Browser(self.portal.port)
            phone.sign_in(f"doanvien{i}", PASSWORD)
            token = phone.token("/submissions/new/")
            self.signed_in.release()
            n = 0
            while not self.stopping.is_set():
                n += 1
                title = f"Bản nháp {i}-{n}: chuyện tổ may"
                sent = time.monotonic()
                status, _response, body = phone.request("POST", "/submissions/new/", {
                    "csrfmiddlewaretoken": token, "kind": "good_deed", "unit": self.portal.unit, "title": title,
                    "body": "Tổ trưởng giúp công nhân mới học việc."})
                self._note(sent, "draft", status, title, body)
                time.sleep(0.05)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            self.errors.append(f"member {i}: {exc!r}")

    def _visitor(self):
        try:
            visitor = Browser(self.portal.port)
            while not self.stopping.is_set():
                sent = time.monotonic()
                status, response, body = visitor.request("GET", "/")
                self._note(sent, "landing", status, response.getheader("Retry-After"), body)
                time.sleep(0.05)
        except Exception as exc:  # noqa: BLE001
            self.errors.append(f"visitor: {exc!r}")

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        for _ in range(LOADERS):  # signing in hashes a password: slow on a busy machine
            assert self.signed_in.acquire(timeout=60), self.errors
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in self.threads)

    def between(self, start, end):
        """The answers that came between ``start`` and ``end``."""
        with self.lock:
            return [r for r in self.results if start <= r[0] < end]

    def sent_and_answered_between(self, start, end):
        """The requests sent after ``start`` and answered before ``end``: on a busy machine a
        request sent just before the database died can be answered (and noted) a moment later."""
        with self.lock:
            return [r for r in self.results if start <= r[5] and r[0] < end]


def _wait_until(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_postgres_restart_under_load(portal):
    with Load(portal) as load:
        time.sleep(3)
        healthy = load.between(0, time.monotonic())
        assert any(r[1] == "draft" and r[2] == 302 for r in healthy), (load.errors, [r[:4] for r in healthy[-5:]])

        portal.db.stop("immediate")  # the database dies under the load
        down_at = time.monotonic()
        time.sleep(4)
        restart_at = time.monotonic()  # the server accepts connections a moment before start() returns
        portal.db.start()
        up_at = time.monotonic()

        recovered = _wait_until(lambda: any(r[2] == 302 for r in load.between(up_at, time.monotonic())
                                            if r[1] == "draft"), RECOVERY_SECONDS)
        assert recovered, f"no draft saved within {RECOVERY_SECONDS} s after the restart:\n{portal.app.output()[-3000:]}"
        recovered_at = time.monotonic()
        time.sleep(2)
    assert not load.errors, load.errors

    # While it was down: the portal's Vietnamese 503 page, never a traceback or a bare 500.
    down = load.sent_and_answered_between(down_at, restart_at)
    assert down, "no request was answered while the database was down"
    assert {r[2] for r in down} == {503}, sorted({(r[1], r[2]) for r in down})
    page = html.unescape(down[-1][4])
    assert "Cổng tạm thời gián đoạn" in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert any(r[1] == "landing" and r[3] == "30" for r in down)  # Retry-After

    # Never a 500 at any moment, and back to normal after the restart by itself.
    assert 500 not in {r[2] for r in load.results}
    after = load.between(recovered_at, time.monotonic())
    assert after and all(r[2] in (200, 302) for r in after), sorted({(r[1], r[2]) for r in after})

    # Nothing half-written: every draft the portal confirmed is there once, and every saved draft
    # has its audit row (written in the same transaction), and no audit row lacks its draft.
    confirmed = [r[3] for r in load.results if r[1] == "draft" and r[2] == 302]
    rows = portal.db.sql("SELECT id, title FROM submissions_submission")
    titles = [title for _id, title in rows]
    assert sorted(set(titles)) == sorted(titles), "a draft was saved twice"
    assert set(confirmed) <= set(titles), set(confirmed) - set(titles)
    audited = {object_id for (object_id,) in portal.db.sql(
        "SELECT object_id FROM audit_auditevent WHERE verb = 'submission.created'")}
    assert audited == {pk for pk, _title in rows}
