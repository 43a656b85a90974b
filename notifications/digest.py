"""The weekly digest to HQ: which units are overdue, by level, for each root unit's officers."""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from unions.models import Level, Role, Union

from . import deadlines
from .models import Category, DigestRun
from .services import notify

NAMES_PER_LEVEL = 10
OFFICER_KINDS = (Role.Kind.OFFICER, Role.Kind.ADMIN)


def week_of(now):
    year, week, _day = timezone.localtime(now).isocalendar()
    return f"{year}-W{week:02d}"


def overdue_by_unit(now):
    """{unit_id: [(DeadlineKind, Due), …]} of every open overdue item (one finder call per kind)."""
    out = defaultdict(list)
    for kind, item in deadlines.overdue_items(now):
        out[item.unit_id].append((kind, item))
    return out


def _body(week, units, overdue, language):
    with translation.override(language):
        by_level = defaultdict(list)
        for unit in units:
            by_level[unit.level].append(unit)
        by_kind = defaultdict(int)
        for unit in units:
            for kind, _item in overdue[unit.pk]:
                by_kind[str(kind.label)] += 1
        title = _("Tổng hợp tuần %(week)s: %(count)d đơn vị quá hạn") % {"week": week, "count": len(units)}
        if not units:
            return title, _("Không có đơn vị nào quá hạn.")
        lines = []
        for level in sorted(by_level):
            names = sorted(u.name for u in by_level[level])
            more = len(names) - NAMES_PER_LEVEL
            shown = ", ".join(names[:NAMES_PER_LEVEL]) + (f" (+{more})" if more > 0 else "")
            lines.append(_("- %(level)s: %(count)d đơn vị — %(names)s")
                         % {"level": Level(level).label, "count": len(names), "names": shown})
        lines.append("")
        lines += [_("- %(kind)s: %(count)d hạn") % {"kind": label, "count": count}
                  for label, count in sorted(by_kind.items())]
        return title, "\n".join(lines)


def send(now=None):
    """Send this week's digest to the officers and admins of every root unit, once per ISO week.

    Returns the ``DigestRun``, or ``None`` when this week's digest was already sent.
    """
    now = now or timezone.now()
    week = week_of(now)
    if DigestRun.objects.filter(week=week).exists():
        return None
    overdue = overdue_by_unit(now)
    units = list(Union.objects.filter(pk__in=overdue).only("pk", "path", "name", "level"))
    roles = Role.objects.filter(union__parent__isnull=True, kind__in=OFFICER_KINDS, user__is_active=True).select_related(
        "user", "union"
    )
    officers_by_root = defaultdict(dict)
    for role in roles:
        officers_by_root[role.union][role.user_id] = role.user
    try:
        with transaction.atomic():
            run = DigestRun.objects.create(week=week, overdue_units=len(units))
            sent = 0
            for root, officers in officers_by_root.items():
                mine = [u for u in units if u.path.startswith(root.path)]
                title, body = _body(week, mine, overdue, "vi")
                title_en, body_en = _body(week, mine, overdue, "en")
                if (title_en, body_en) == (title, body):  # no English translation yet
                    title_en = body_en = ""
                sent += len(notify(recipients=officers.values(), category=Category.DIGEST, title=title, body=body,
                                   title_en=title_en, body_en=body_en))
            run.recipients = sent
            run.save(update_fields=["recipients"])
    except IntegrityError:  # another beat or worker sent this week's digest a moment ago
        return None
    return run
