"""The weekly digest to HQ: which units are overdue, by level, for each root unit's officers."""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unions.models import Level, Role, Union

from . import deadlines
from .models import Category, DigestRun
from .services import in_both_languages, notify

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


def _body(week, units, overdue):
    """(title, body) in the active language (``in_both_languages`` calls it under each)."""
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
                texts = in_both_languages(lambda mine=mine: _body(week, mine, overdue))
                sent += len(notify(recipients=officers.values(), category=Category.DIGEST, **texts))
            run.recipients = sent
            run.save(update_fields=["recipients"])
    except IntegrityError:  # another beat or worker sent this week's digest a moment ago
        return None
    return run
