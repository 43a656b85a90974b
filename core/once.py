"""One-time form tokens: a form that creates something creates it once, however often it is sent.

The form page carries a random token in a hidden field (:class:`FormTokenField`, issued with the
form by :func:`issue`). The view wraps its create service in :func:`create_once`, which records the
token's use in the same transaction as the object (``FormTokenUse.token`` is unique): a double tap,
a retry on a slow connection or two concurrent requests with the same token make one object, and
the later ones get that object back (the view shows it). A failed create rolls the use back, so the
user may correct the form and send it again with the same token. A POST without a token (an old
page, a script) is handled as before, without the guarantee.
"""

import secrets

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .errors import ServiceError

FIELD = "form_token"
TOKEN_MAX = 64


def issue():
    return secrets.token_urlsafe(24)


class FormTokenField(forms.CharField):
    """The hidden one-time token of a create form; a fresh one on every new (unbound) form."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", TOKEN_MAX)
        kwargs.setdefault("initial", issue)
        super().__init__(**kwargs)


def token_of(request):
    return (request.POST.get(FIELD) or "").strip()[:TOKEN_MAX]


def create_once(*, user, token, form, create, find):
    """``(object, created)``: ``create()`` runs at most once per ``token``.

    ``create()`` is the form's service call; ``find(object_id)`` looks up, through the app's access
    helper, the object made by the first use of the token (when this call is a repeat).
    """
    from .models import FormTokenUse

    if not token:
        return create(), True
    with transaction.atomic():
        try:
            with transaction.atomic():
                # On PostgreSQL a concurrent insert of the same token waits here for the first
                # transaction, then fails (it committed) or goes on (it rolled back).
                use = FormTokenUse.objects.create(token=token, user=user, form=form)
        except IntegrityError:
            use = None
        if use is not None:
            obj = create()
            FormTokenUse.objects.filter(pk=use.pk).update(object_id=str(obj.pk))
            return obj, True
    first = FormTokenUse.objects.filter(token=token, user=user, form=form).exclude(object_id="").first()
    if first is None:
        raise ServiceError(_("Biểu mẫu này đã được gửi. Hãy tải lại trang rồi gửi lại."))
    return find(first.object_id), False
