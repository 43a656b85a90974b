"""Cache topics of the review queue's counters (see ``core.counters``).

``pending:<unit id>`` changes whenever an item starts or stops waiting at that unit;
``pending:all`` whenever any item does (a site admin without roles sees every level).
"""

from core.counters import bump

ALL = "pending:all"


def pending_topics(unit_ids):
    return [f"pending:{pk}" for pk in unit_ids] or [ALL]


def bump_pending(*unit_ids):
    """Inside the write's transaction: what waits at these units changed."""
    bump(ALL, *(f"pending:{pk}" for pk in unit_ids if pk is not None))
