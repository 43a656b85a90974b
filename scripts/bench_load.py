# ruff: noqa: T201 - a command-line benchmark prints its results
"""Load test of the portal's pages against their floor (``make bench``; issue 14).

Starts gunicorn with the production settings (``DEBUG=false``, 4 workers, a shared Redis cache when
one answers on 127.0.0.1:6379) plus the benchmark's floor view (``campaign_portal.settings_bench``)
on loopback, signs the bench personas in (sessions made directly; the database must hold the data
of ``manage.py bench_seed``), and for each page runs wrk, bounded in time, first on the floor (the
base template for the same user) and then on the page. Prints requests per second, p50, p95 and
p99, the page/floor ratio, the HTML size and the number of SQL queries, and writes the run to
``bench/results/<time>-<size>.md`` with the machine's load.

``--smoke`` (CI): fails on an error (a page that does not answer 200, a wrk failure), never on a
timing.
"""

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_RATIO = 1 / 3
GOAL_P95_MS = 300
GOAL_HTML_KB = 150

LUA = r"""
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.status + summary.errors.timeout
  io.write(string.format('WRK {"requests": %d, "seconds": %.3f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d, "status_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors, summary.errors.status))
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


BENCH_KEY_LABEL = "Đo hiệu năng (make bench)"


def server_env(size):
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "campaign_portal.settings_bench",
        "DEBUG": "false",
        "SECRET_KEY": env.get("SECRET_KEY") or "bench-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://127.0.0.1",
        "LOG_LEVEL": "WARNING",
    })
    if "CACHE_URL" not in os.environ and redis_up():
        env["CACHE_URL"] = "redis://127.0.0.1:6379/7"
    return env


def prepare(env):
    """Sessions for the personas and the ids the page list needs (in this process, same settings)."""
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from submissions.models import Submission

    cookies = {}
    for username in ("member", "officer", "upper", "hq"):
        user = User.objects.get(username=username)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies[username] = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    # The API answers to a personal key, not the session: HQ's key of this run (the previous run's
    # revoked), with HQ's session beside it for the floor.
    from accounts.models import ApiToken
    from accounts.services import api_token_create, api_token_revoke
    from unions.models import Union

    hq = User.objects.get(username="hq")
    for old in ApiToken.objects.filter(user=hq, name=BENCH_KEY_LABEL, revoked_at__isnull=True):
        api_token_revoke(token=old, actor=hq)
    _token, key = api_token_create(user=hq, name=BENCH_KEY_LABEL)
    cookies["hq-api"] = (cookies["hq"], f"Bearer {key}")
    story = Submission.objects.published().order_by("-published_at").values_list("pk", flat=True).first()
    root = Union.objects.filter(parent__isnull=True).order_by("pk").values_list("pk", flat=True).first()
    return cookies, {"story": story, "root": root,
                     "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def pages(ids):
    from django.urls import NoReverseMatch, reverse

    def url(name, *args, query=""):
        try:
            return reverse(name, args=args) + query
        except NoReverseMatch:
            return None

    rows = [
        ("member home", "member", url("home")),
        ("officer home", "officer", url("home")),
        ("hq home", "hq", url("home")),
        ("queue · officer", "officer", url("submission_queue")),
        ("queue · upper", "upper", url("submission_queue")),
        ("queue · hq", "hq", url("submission_queue")),
        ("queue · hq, all levels below", "hq", url("submission_queue", query="?scope=all")),
        ("gallery /stories/", None, url("stories")),
        ("story page", None, url("story_detail", ids["story"]) if ids["story"] else None),
        ("campaign hub", "member", url("campaign_detail", "dai-hoi-xiii-bench")),
        ("my submissions", "member", url("submission_mine")),
        ("notifications", "member", url("notification_list")),
        ("contest list", "member", url("contest_list")),
        ("a quiz", "member", url("contest_detail", "tim-hieu-dai-hoi-xiii-bench")),
        ("filing board · hq", "hq", url("reports_index")),
        ("report dashboard · hq", "hq", url("reports_dashboard")),
        ("incidents · upper", "upper", url("incident_list")),
        ("API values", "hq-api", url("api_unit_values", ids["root"]) if ids["root"] else None),
    ]
    return rows


def _headers(cookie):
    """A persona's request headers: its session cookie, or (cookie, authorization) for the API."""
    if not cookie:
        return {}
    if isinstance(cookie, tuple):
        return {"Cookie": cookie[0], "Authorization": cookie[1]}
    return {"Cookie": cookie}


def fetch(base, path, cookie):
    headers = {"X-Forwarded-Proto": "https", **_headers(cookie)}
    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310 - loopback http only
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - loopback http only
            body = response.read()
            return response.status, len(body), response.headers.get("X-Bench-Queries", "?")
    except urllib.error.HTTPError as exc:
        return exc.code, 0, exc.headers.get("X-Bench-Queries", "?")


def wrk(base, path, cookie, *, seconds, connections, lua):
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s", "-s", lua,
               "-H", "X-Forwarded-Proto: https"]
    for name, value in _headers(cookie).items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, base + path], capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(line for line in out.splitlines() if line.startswith("WRK "))
    data = json.loads(line[4:])
    data["rps"] = data["requests"] / data["seconds"] if data["seconds"] else 0.0
    return data


def wait_up(base, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310 - loopback
            return
        except urllib.error.HTTPError:
            return  # it answers (503 when the broker is absent is fine here)
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within a minute")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="full")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per measurement")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--smoke", action="store_true", help="fail on errors only (CI)")
    parser.add_argument("--only", default="", help="comma-separated substrings of page names to run")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: scripts/ensure-system-packages.sh wrk")

    env = server_env(args.size)
    cookies, ids = prepare(env)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).with_name("gunicorn")), "campaign_portal.wsgi", "--workers", str(args.workers),
         "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    failures = []
    results = []
    try:
        wait_up(base)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(LUA)
            lua = handle.name
        floor = "/__bench__/floor/"
        only = [w.strip() for w in args.only.split(",") if w.strip()]
        for name, persona, path in pages(ids):
            if only and not any(w in name for w in only):
                continue
            if path is None:
                results.append({"page": name, "missing": True})
                print(f"{name:<30} (not built yet: skipped)", flush=True)
                continue
            cookie = cookies.get(persona) if persona else None
            status, size, queries = fetch(base, path, cookie)
            fstatus, _fsize, _fq = fetch(base, floor, cookie)
            if status != 200 or fstatus != 200:
                failures.append(f"{name}: {path} answered {status} (floor {fstatus})")
                print(f"{name:<30} ERROR {status}", flush=True)
                continue
            f = wrk(base, floor, cookie, seconds=args.seconds, connections=args.connections, lua=lua)
            p = wrk(base, path, cookie, seconds=args.seconds, connections=args.connections, lua=lua)
            if p["status_errors"] or f["status_errors"]:
                failures.append(f"{name}: non-2xx answers under load (page {p['status_errors']}, floor {f['status_errors']})")
            row = {"page": name, "path": path, "persona": persona or "anonymous", "floor": f, "load": p,
                   "ratio": p["rps"] / f["rps"] if f["rps"] else 0.0, "html_kb": size / 1024, "queries": queries}
            results.append(row)
            print(f"{name:<30} {p['rps']:7.1f} req/s  p50 {p['p50']:7.1f}  p95 {p['p95']:7.1f}  p99 {p['p99']:7.1f} ms"
                  f"  floor {f['rps']:7.1f} req/s  ratio {row['ratio']:5.1%}  {row['html_kb']:6.1f} KB  {queries} queries",
                  flush=True)
        os.unlink(lua)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    path = write_results(args, ids, results, failures)
    print(f"results: {path.relative_to(ROOT)}")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    return 0


def goals(row):
    marks = []
    marks.append("✓" if row["ratio"] >= GOAL_RATIO else "✗")
    marks.append("✓" if row["load"]["p95"] <= GOAL_P95_MS else "✗")
    marks.append("✓" if row["html_kb"] <= GOAL_HTML_KB else "✗")
    return marks


def write_results(args, ids, results, failures):
    folder = ROOT / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = folder / f"{stamp}-load-{args.size}.md"
    load1, load5, load15 = os.getloadavg()
    lines = [
        f"# Load test {stamp} · size {args.size}",
        "",
        f"- machine: {platform.node()} · {os.cpu_count()} cores · {platform.python_implementation()} {platform.python_version()}",
        f"- load average (1, 5, 15 min) at the end: {load1:.2f} {load5:.2f} {load15:.2f}",
        f"- gunicorn {args.workers} workers · wrk 2 threads, {args.connections} connections, {args.seconds} s per measurement"
        f" · cache {ids['cache']}",
        "",
        "| page | persona | req/s | p50 ms | p95 ms | p99 ms | floor req/s | page/floor | HTML KB | queries | ≥⅓ floor | p95 ≤ 300 | ≤ 150 KB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|:-:|:-:|:-:|",
    ]
    for row in results:
        if row.get("missing"):
            lines.append(f"| {row['page']} | | not built yet | | | | | | | | | | |")
            continue
        p, f = row["load"], row["floor"]
        lines.append(
            f"| {row['page']} | {row['persona']} | {p['rps']:.1f} | {p['p50']:.0f} | {p['p95']:.0f} | {p['p99']:.0f} "
            f"| {f['rps']:.1f} | {row['ratio']:.1%} | {row['html_kb']:.1f} | {row['queries']} | " + " | ".join(goals(row)) + " |"
        )
    if failures:
        lines += ["", "## Errors", "", *[f"- {f}" for f in failures]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.exit(main())
