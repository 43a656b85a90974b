"""The indicator registry: how a report's computed figures are counted from the portal's data.

Each computed indicator of an indicator set names a *source* (``Indicator.source``); this module
maps that name to one small function ``fn(unit, start, end, *, subtree)`` that calls a counting
selector of the app owning the data (never its models). A function runs one query, so a report
page costs one query per computed indicator whatever the size of the tree.

Whose data a report counts (the roll-up sums reports, so nothing may be counted twice):

* a grassroots union (or a unit below it) counts its whole subtree — its sections do not file
  reports of their own;
* a unit above the grassroots level counts only what is attached to itself; its subtree's totals
  are the roll-up of its descendants' reports (``selectors.rollup``).

:func:`compute` decides that and fills the figures for one report.

Adding a computed indicator is a few lines:

1. write (or reuse) a counting selector in the owning app, ``(unit, start, end, *, subtree=True)``;
2. register it here::

       @register("frame_uses")
       def frame_uses(unit, start, end, *, subtree):
           return campaigns_selectors.frame_uses_count(unit=unit, start=start, end=end, subtree=subtree)

3. add the indicator to the set with ``mode="computed"`` and ``source="frame_uses"`` (a new version
   of the set: ``services.indicator_set_revise``).

Indicators the portal holds no data for (pages and groups, followers, reach, engagement,
trainings) are entered by the officer. Prizes and their value have sources here (``prizes``,
``prize_value``, from the contests' winners); the default set still has them entered until a new
version of the set switches them to computed.
"""

from decimal import Decimal

from campaigns import selectors as campaigns_selectors
from contests import selectors as contests_selectors
from submissions import selectors as submissions_selectors
from unions import selectors as unions_selectors
from unions.models import Level

_REGISTRY = {}


def register(source):
    def wrap(fn):
        _REGISTRY[source] = fn
        return fn

    return wrap


def get(source):
    return _REGISTRY.get(source)


def sources():
    return sorted(_REGISTRY)


def counts_subtree(unit):
    """Whether a report of ``unit`` counts its whole subtree (grassroots and below) or itself only."""
    return unit.level >= Level.GRASSROOTS


def compute(unit, period, indicators):
    """``{indicator code: Decimal}`` for the computed indicators among ``indicators``."""
    subtree = counts_subtree(unit)
    out = {}
    for indicator in indicators:
        if not indicator.is_computed:
            continue
        fn = _REGISTRY.get(indicator.source)
        if fn is None:
            continue
        out[indicator.code] = Decimal(fn(unit, period.starts_on, period.ends_on, subtree=subtree) or 0)
    return out


# --- Sources ---------------------------------------------------------------------------------


@register("grassroots_total")
def grassroots_total(unit, start, end, *, subtree):
    return unions_selectors.grassroots_units_count(unit, start, end, subtree=subtree)


@register("official_shares")
def official_shares(unit, start, end, *, subtree):
    return campaigns_selectors.verified_proofs_count(unit, start, end, subtree=subtree)


@register("tracked_clicks")
def tracked_clicks(unit, start, end, *, subtree):
    return campaigns_selectors.tracked_clicks_count(unit, start, end, subtree=subtree)


@register("filter_lesson")
def filter_lesson(unit, start, end, *, subtree):
    return campaigns_selectors.lesson_completions_count(unit, start, end, subtree=subtree)


@register("items_upward")
def items_upward(unit, start, end, *, subtree):
    return submissions_selectors.sent_upward_count(unit, start, end, subtree=subtree)


@register("contributors")
def contributors(unit, start, end, *, subtree):
    return submissions_selectors.contributors_count(unit, start, end, subtree=subtree)


@register("good_deeds")
def good_deeds(unit, start, end, *, subtree):
    return submissions_selectors.good_deeds_published_count(unit, start, end, subtree=subtree)


@register("creative_practices")
def creative_practices(unit, start, end, *, subtree):
    return submissions_selectors.creative_practices_published_count(unit, start, end, subtree=subtree)


@register("aspirations_received")
def aspirations_received(unit, start, end, *, subtree):
    return submissions_selectors.aspirations_received_count(unit, start, end, subtree=subtree)


@register("aspirations_answered")
def aspirations_answered(unit, start, end, *, subtree):
    return submissions_selectors.aspirations_answered_count(unit, start, end, subtree=subtree)


@register("contests")
def contests(unit, start, end, *, subtree):
    return contests_selectors.contests_held_count(unit, start, end, subtree=subtree)


@register("contest_participants")
def contest_participants(unit, start, end, *, subtree):
    return contests_selectors.contest_participants_count(unit, start, end, subtree=subtree)


@register("contest_entries")
def contest_entries(unit, start, end, *, subtree):
    return contests_selectors.contest_entries_count(unit, start, end, subtree=subtree)


@register("prizes")
def prizes(unit, start, end, *, subtree):
    return contests_selectors.prizes_awarded_count(unit, start, end, subtree=subtree)


@register("prize_value")
def prize_value(unit, start, end, *, subtree):
    return contests_selectors.prizes_value_total(unit, start, end, subtree=subtree)


# --- Avatar frames and incidents ----------------------------------------------------------------


@register("frame_uses")
def frame_uses(unit, start, end, *, subtree):
    """Avatar frames used: ``campaigns.selectors.frame_uses_count``."""
    return campaigns_selectors.frame_uses_count(unit=unit, start=start, end=end, subtree=subtree)


def _incidents(name):
    """A source calling ``incidents.selectors.<name>(unit, start, end, subtree=…)``: those take
    aware datetimes with the end excluded, so the period's dates become local midnights."""

    def fn(unit, start, end, *, subtree):
        import datetime as dt

        from incidents import selectors as incidents_selectors
        from notifications.deadlines import start_of_day

        return getattr(incidents_selectors, name)(
            unit, start_of_day(start), start_of_day(end + dt.timedelta(days=1)), subtree=subtree
        )

    fn.__name__ = name
    return fn


register("hot_issues_found")(_incidents("hot_issues_found"))
register("hot_issues_resolved")(_incidents("hot_issues_resolved"))
register("work_stoppages")(_incidents("work_stoppages"))
register("toxic_found")(_incidents("toxic_items_found"))
register("takedowns")(_incidents("takedowns_requested"))
register("rebuttals")(_incidents("rebuttals_published"))
