"""The API's error bodies: DRF's ``{"detail": …}``, in the portal's language.

DRF turns a Django ``Http404`` into its ``NotFound`` carrying the 404's own text, which for
``get_object_or_404`` is "No Union matches the given query." — English, and naming the model
behind the URL. Every 404 here says the same translated sentence instead, whatever was looked up
and whether it does not exist or lies outside the key owner's subtrees (the two must not be told
apart).
"""

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def not_found():
    return exceptions.NotFound(_("Không tìm thấy dữ liệu này trong phạm vi đơn vị của khóa API."))


def exception_handler(exc, context):
    if isinstance(exc, Http404 | exceptions.NotFound):
        exc = not_found()
    return drf_exception_handler(exc, context)
