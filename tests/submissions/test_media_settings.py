"""The media settings of the private storage: the CSP allows the media origin, bad values stop start-up.

Each case starts a fresh interpreter (settings are read once per process) with a clean environment,
as tests/test_settings.py does.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
_KEEP = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
_PRINT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "d = s.CONTENT_SECURITY_POLICY['DIRECTIVES']; "
    "print(json.dumps({'img': d['img-src'], 'media': d['media-src'], 'accel': s.MEDIA_ACCEL_REDIRECT_PREFIX, "
    "'private': s.STORAGES['private']}))"
)


def _run(**values):
    env = {name: os.environ[name] for name in _KEEP if name in os.environ}
    env.update(DJANGO_SETTINGS_MODULE="campaign_portal.settings", PYTHONDONTWRITEBYTECODE="1", DEBUG="true", **values)
    return subprocess.run([sys.executable, "-c", _PRINT], cwd=BASE_DIR, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_media_origin_is_allowed_for_images_and_media():
    done = _run(MEDIA_ORIGIN="https://media.example.org/", MEDIA_ACCEL_REDIRECT_PREFIX="/protected-media/")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert data["img"][-1] == "https://media.example.org" and data["media"][-1] == "https://media.example.org"
    assert data["accel"] == "/protected-media/"
    assert data["private"]["BACKEND"].endswith("FileSystemStorage")


def test_without_media_origin_only_self():
    done = _run(MEDIA_ORIGIN="")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert all(not v.startswith("http") for v in data["img"] + data["media"])


def test_on_s3_private_files_sit_under_a_prefix_with_signed_urls():
    done = _run(MEDIA_STORAGE="s3", S3_BUCKET="portal-media")
    assert done.returncode == 0, done.stderr
    options = json.loads(done.stdout.strip().splitlines()[-1])["private"]["OPTIONS"]
    assert (options["bucket_name"], options["location"], options["querystring_auth"]) == ("portal-media", "private", True)
    assert options["querystring_expire"] <= 600


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("MEDIA_ORIGIN", {"MEDIA_ORIGIN": "media.example.org"}),
        ("MEDIA_ORIGIN", {"MEDIA_ORIGIN": "https://media.example.org/path"}),
        ("MEDIA_ACCEL_REDIRECT_PREFIX", {"MEDIA_ACCEL_REDIRECT_PREFIX": "protected"}),
        ("MEDIA_ACCEL_REDIRECT_PREFIX", {"MEDIA_ACCEL_REDIRECT_PREFIX": "/media/private/"}),
        ("PRIVATE_MEDIA_ROOT", {"MEDIA_ROOT": "/srv/portal/media", "PRIVATE_MEDIA_ROOT": "/srv/portal/media/private"}),
    ],
)
def test_bad_media_settings_stop_start_up(name, values):
    done = _run(**values)
    assert done.returncode != 0
    assert f"Environment variable {name}" in done.stderr
