"""The systemd units in ``deploy/systemd/`` are valid for systemd (``systemd-analyze verify``,
with the install folder pointed at this checkout) and run what the README says: one gunicorn,
workers as instances, exactly one beat."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.ops_support import BASE_DIR

UNITS = BASE_DIR / "deploy" / "systemd"
ANALYZE = shutil.which("systemd-analyze")


@pytest.mark.skipif(not ANALYZE, reason="systemd-analyze is not installed (Debian's systemd package)")
def test_units_pass_systemd_analyze_verify(tmp_path):
    for unit in UNITS.iterdir():
        (tmp_path / unit.name).write_text(unit.read_text().replace("/srv/portal", str(BASE_DIR)))
    names = sorted(str(tmp_path / unit.name) for unit in UNITS.iterdir())
    result = subprocess.run([ANALYZE, "verify", "--man=no", *names], capture_output=True, text=True, timeout=60,
                            check=False, cwd=tmp_path)
    problems = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 0 and not problems, result.stderr


def _exec_start(name):
    text = (UNITS / name).read_text().replace("\\\n", " ")
    return re.search(r"^ExecStart=(.*)$", text, re.MULTILINE).group(1).split()


def test_units_start_gunicorn_the_workers_and_one_beat():
    web = _exec_start("portal-web.service")
    assert web[0].endswith("/gunicorn") and "campaign_portal.wsgi" in web
    assert web[web.index("--bind") + 1] == "127.0.0.1:8000"  # the upstream of deploy/nginx
    worker = _exec_start("portal-worker@.service")
    assert worker[1:4] == ["-A", "campaign_portal", "worker"] and "--pool" not in worker  # prefork: time limits
    beat = _exec_start("portal-beat.service")
    assert beat[1:4] == ["-A", "campaign_portal", "beat"]
    target = (UNITS / "portal.target").read_text()
    assert "portal-beat.service" in target and "portal-worker@1.service" in target
    for name in ("portal-web.service", "portal-worker@.service", "portal-beat.service"):
        text = (UNITS / name).read_text()
        assert "EnvironmentFile=/etc/portal/portal.env" in text and "User=portal" in text
    env_example = (BASE_DIR / "deploy" / "portal.env.example").read_text()
    assert "DEBUG=false" in env_example and "MEDIA_ACCEL_REDIRECT_PREFIX=/protected-media/" in env_example
    assert "TRUSTED_PROXY_COUNT=1" in env_example
    assert Path(BASE_DIR / "gunicorn.conf.py").is_file()
