"""Notifications about the organisation tree, sent when the unions app signals an event.

``unions`` sits below this app and does not import it; it sends ``unions.signals.member_registered``
inside the registration's transaction and this module turns it into a notification (in-app, and
email unless opted out of "Tài khoản và đơn vị") for the officers who approve registrations of that
unit, each in their own language. Emails leave only when the registration commits.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Category
from .services import in_both_languages, notify


def registration_texts(membership):
    """(title, body) in the active language; ``in_both_languages`` calls it under each."""
    values = {"name": membership.user.full_name, "unit": membership.union.name}
    title = _("Đăng ký đoàn viên mới chờ duyệt: %(name)s") % values
    body = _(
        "%(name)s vừa đăng ký làm đoàn viên của %(unit)s qua đường dẫn mời. "
        "Hãy kiểm tra thông tin rồi duyệt hoặc từ chối trong danh sách đăng ký chờ duyệt."
    ) % values
    return title, body


def notify_registration(sender, membership, **kwargs):
    from unions.selectors import unit_officers

    officers = unit_officers(membership.union)
    if not officers:
        return []
    url = reverse("unit_detail", args=[membership.union_id]) + "#pending"
    return notify(recipients=officers, category=Category.ACCOUNT, url=url,
                  **in_both_languages(lambda: registration_texts(membership)))


def connect():
    from unions.signals import member_registered

    member_registered.connect(notify_registration, dispatch_uid="notifications.notify_registration")
