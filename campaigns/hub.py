"""Hooks through which apps above ``campaigns`` add to a campaign hub without being imported by it.

``campaigns`` sits at the bottom of the content apps (contests → submissions → campaigns), so the
hub cannot import their selectors. Instead each app registers, in its ``AppConfig.ready()``:

* a **counter** — ``register_counter(key, label, func, order)`` where ``func(campaign, unit)``
  returns an int: the count for ``unit``'s subtree, or overall when ``unit`` is None. It must run a
  constant number of queries.
* a **section** — ``register_section(key, func, order)`` where ``func(campaign, user)`` returns a
  list of ``{"title", "url", "note"}`` dicts (e.g. the campaign's contests).

Counters nobody has registered yet show as 0 under their key (see ``PLACEHOLDER_COUNTERS``), so
the hub's layout does not change when the other apps arrive.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.counters import cached_count


@dataclass(frozen=True)
class Counter:
    key: str
    label: str
    func: object
    order: int


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    func: object
    order: int


_counters: dict[str, Counter] = {}
_sections: dict[str, Section] = {}

# Keys the hub always shows; until an app registers them they count 0.
#   "frames"  — avatar-frame uses (registered by campaigns itself: selectors.frame_hub_count)
#   "stories" — published story submissions of the campaign (the submissions app)
#   "entries" — contest entries and quiz attempts of the campaign (the contests app)
PLACEHOLDER_COUNTERS = {
    "frames": (_("Lượt thay khung ảnh"), 20),
    "stories": (_("Câu chuyện đã đăng"), 30),
    "entries": (_("Lượt dự thi"), 40),
}


def register_counter(key, label, func, order=50):
    _counters[key] = Counter(key=key, label=label, func=func, order=order)


def register_section(key, title, func, order=50):
    _sections[key] = Section(key=key, title=title, func=func, order=order)


def counters():
    found = dict(_counters)
    for key, (label, order) in PLACEHOLDER_COUNTERS.items():
        found.setdefault(key, Counter(key=key, label=label, func=None, order=order))
    return sorted(found.values(), key=lambda c: (c.order, c.key))


def sections():
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


HUB_COUNTS_TTL = 120


def hub_counts(campaign, unit=None):
    """[{key, label, unit, overall}] for the hub: the visitor's unit subtree (if any) and overall.

    The figures are kept in the cache for ``HUB_COUNTS_TTL`` seconds (the hub is the page people
    share: counting every share, click and story of a campaign on each visit does not scale), or
    until ``core.counters.bump(f"hub:{campaign.pk}")``.
    """

    def compute():
        out = {}
        for counter in counters():
            if counter.func is None:
                out[counter.key] = (0 if unit else None, 0)
            else:
                out[counter.key] = (
                    counter.func(campaign, unit) if unit is not None else None,
                    counter.func(campaign, None),
                )
        return out

    figures = cached_count(
        f"hub:{campaign.pk}:{unit.pk if unit is not None else '-'}", [f"hub:{campaign.pk}"], compute,
        ttl=HUB_COUNTS_TTL,
    )
    rows = []
    for counter in counters():
        mine, overall = figures.get(counter.key, (None, 0))
        rows.append({"key": counter.key, "label": counter.label, "unit": mine, "overall": overall})
    return rows


def hub_sections(campaign, user):
    out = []
    for section in sections():
        items = section.func(campaign, user)
        if items:
            out.append({"key": section.key, "title": section.title, "items": items})
    return out
