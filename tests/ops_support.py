"""Processes the operations tests start: gunicorn with production settings, Debian's nginx in
front of it, a throwaway PostgreSQL; each bounded in time and stopped with its whole process
group, whatever the test's outcome."""

import atexit
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NGINX = Path("/usr/sbin/nginx")
START_SECONDS = 30


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def secret_key():
    return secrets.token_urlsafe(60)


def database_url_of_tests():
    """A DATABASE_URL for the database this test process uses (the test one, not the real one)."""
    conf = connection.settings_dict
    if conf["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(conf['NAME']).resolve()}"
    user = quote(conf["USER"] or "", safe="")
    password = f":{quote(conf['PASSWORD'], safe='')}" if conf.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{conf['HOST'] or 'localhost'}:{conf['PORT'] or '5432'}/{quote(conf['NAME'], safe='')}"


def production_env(tmp, *, database_url, key, **extra):
    """The environment of a production process of the portal, with its files under ``tmp``."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if name in os.environ}
    env.update({
        "DJANGO_SETTINGS_MODULE": "campaign_portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": key,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; TLS is the operator's
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root()),
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private-media"),
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_FILESYSTEM_DIR": str(tmp / "celery"),
        "PYTHONUNBUFFERED": "1",
        **{name: str(value) for name, value in extra.items()},
    })
    return env


def run(args, env, *, timeout=120):
    """Run a command of the project (manage.py, a script); its output in the failure message."""
    result = subprocess.run(args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout,
                            check=False)
    assert result.returncode == 0, f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result.stdout


_static = {}


def static_root():
    """A folder for ``collectstatic``, shared by the tests of one run (collecting takes seconds)."""
    if "root" not in _static:
        _static["root"] = Path(tempfile.mkdtemp(prefix="portal-static-"))
        atexit.register(shutil.rmtree, _static["root"], True)
    return _static["root"]


def collectstatic(env):
    """``manage.py collectstatic`` into :func:`static_root`, once per test run."""
    if not _static.get("collected"):
        run([str(BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v0"], env, timeout=240)
        _static["collected"] = True


class Process:
    """A background process in its own session, output to a log file, stopped with its group."""

    def __init__(self, name, args, *, env, log_dir, cwd=BASE_DIR, user=None):
        self.name = name
        self.log_path = Path(log_dir) / f"{name}.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(args, cwd=cwd, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True, user=user)

    def output(self):
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def alive(self):
        return self.process.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, sig)
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=timeout)
            except ProcessLookupError:
                pass
        try:  # children left in the group (gunicorn workers after a crash of the master)
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if not self._log.closed:
            self._log.close()


def wait_for_port(port, process, *, seconds=START_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not process.alive():
            raise AssertionError(f"{process.name} exited ({process.process.returncode}):\n{process.output()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{process.name} did not listen on {port} within {seconds} s:\n{process.output()}")


def gunicorn(env, log_dir, *, workers=2, timeout=30):
    port = free_port()
    process = Process("gunicorn", [
        str(BIN / "gunicorn"), "campaign_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--timeout", str(timeout), "--graceful-timeout", "5", "--access-logfile", "-",
    ], env=env, log_dir=log_dir)
    wait_for_port(port, process)
    return process, port


def request(port, method, path, *, headers=None, body=None, timeout=20):
    """``(status, headers as a dict with lower-case names, body bytes)``; no redirect followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


class Browser:
    """A member's phone: cookies kept by hand (the portal's cookies are Secure, this is loopback
    HTTP), one connection per request."""

    def __init__(self, port, *, source="127.0.0.1"):
        self.port = port
        self.source = source  # any 127.x.y.z: a client address other than the proxy's
        self.cookies = {}

    def request(self, method, path, form=None, *, headers=None, timeout=15):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout, source_address=(self.source, 0))
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for header in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response, response.read().decode(errors="replace")
        finally:
            conn.close()

    def token(self, path):
        status, _response, page = self.request("GET", path)
        assert status == 200, page[:300]
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def sign_in(self, username, password, *, headers=None, expect=302):
        token = self.token("/accounts/login/")
        status, _response, page = self.request("POST", "/accounts/login/", {
            "csrfmiddlewaretoken": token, "username": username, "password": password}, headers=headers)
        assert status == expect, page[:500]
