from django import template
from django.utils.translation import gettext as _

register = template.Library()


def format_vnd(value):
    """Vietnamese money: ``5000000`` → ``5.000.000 ₫`` (dots between thousands)."""
    return f"{int(value or 0):,}".replace(",", ".") + "\u00a0₫"


@register.filter
def vnd(value):
    return format_vnd(value)


@register.filter
def seconds(ms):
    """A duration in milliseconds as seconds with one decimal, Vietnamese style (``83,4 giây``)."""
    if ms is None:
        return ""
    return _("%(s)s giây") % {"s": f"{ms / 1000:.1f}".replace(".", ",")}


@register.filter
def minutes(total_seconds):
    m, s = divmod(int(total_seconds or 0), 60)
    return f"{m}:{s:02d}"


@register.filter
def timeuntil_short(delta):
    """Time left as days, or hours and minutes under a day (``3 ngày``, ``5 giờ 20 phút``)."""
    total = int(delta.total_seconds()) if delta else 0
    if total >= 86400:
        return _("%(n)s ngày") % {"n": total // 86400}
    return _("%(h)s giờ %(m)s phút") % {"h": total // 3600, "m": total % 3600 // 60}


@register.inclusion_tag("contests/_member_points.html", takes_context=True)
def member_points(context):
    """The member's points and a link to their history (home page and profile)."""
    from contests.selectors import points_total

    user = context["request"].user
    return {"points": points_total(user) if user.is_authenticated else 0, "show": user.is_authenticated}
