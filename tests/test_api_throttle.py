"""The API's rate limit: per key owner, API_THROTTLE_RATE (600/hour unless set; "off" turns it off)."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.cache import cache
from django.urls import reverse

from accounts.services import api_token_create
from api import views
from api.throttling import ApiUserThrottle

BASE_DIR = Path(__file__).resolve().parent.parent


def _rest_framework(**env):
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_CLASSES'], settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'])")
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    return subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, capture_output=True, text=True, timeout=120,
                          check=False, env={**keep, "DJANGO_SETTINGS_MODULE": "campaign_portal.settings", **env})


def test_the_rate_comes_from_the_environment_and_a_bad_one_stops_start_up():
    default = _rest_framework()
    assert "api.throttling.ApiUserThrottle" in default.stdout and "600/hour" in default.stdout, default.stderr
    off = _rest_framework(API_THROTTLE_RATE="off")
    assert off.returncode == 0 and off.stdout.startswith("[]"), off.stderr
    on = _rest_framework(API_THROTTLE_RATE="600/hour")
    assert "api.throttling.ApiUserThrottle" in on.stdout and "600/hour" in on.stdout, on.stderr
    bad = _rest_framework(API_THROTTLE_RATE="nhiều")
    assert bad.returncode != 0 and "API_THROTTLE_RATE" in bad.stderr


def test_a_key_over_the_rate_gets_429(client, officer, monkeypatch):
    cache.clear()
    monkeypatch.setattr(views.UnitList, "throttle_classes", [ApiUserThrottle])
    monkeypatch.setattr(ApiUserThrottle, "THROTTLE_RATES", {"api_user": "2/minute"})
    key = api_token_create(user=officer, name="Thử giới hạn")[1]
    statuses = [client.get(reverse("api_units"), HTTP_AUTHORIZATION=f"Bearer {key}").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    cache.clear()
