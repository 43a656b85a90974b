"""Demo API keys: ``upper`` already feeds a spreadsheet from the API, so the profile page shows a
key in use (its value was shown once, when it was made; sign in and create your own to try the API)."""

import datetime as dt

from django.utils import timezone

from .models import ApiToken
from .services import api_token_create


def seed(context, stdout=None):
    upper = context["users"]["upper"]
    token, _key = api_token_create(user=upper, name="Bảng tính tổng hợp của Ban Tuyên giáo Tập đoàn")
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - dt.timedelta(days=40), last_used_at=timezone.now() - dt.timedelta(hours=3))
    if stdout:
        stdout.write("API keys: one in use by upper (create your own on the profile page to call /api/).")
