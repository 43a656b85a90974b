"""Counters shown on every hit (badges, hub figures): computed once, then served from the cache.

A counter names the *topics* it depends on (``"pending:42"``: what waits at unit 42). A write that
changes a topic calls :func:`bump` inside its transaction; once it commits, the topic's version
changes, so every counter built on it is recomputed on its next read. A read is two cache
round trips, whatever the number of rows counted. Entries also expire after ``ttl`` seconds, which
bounds how stale a counter can be if a writer forgot to bump (or the cache lost a version key).

With several web processes the cache must be shared (``CACHE_URL=redis://…``): a per-process
cache would only invalidate the process that did the write.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction

PREFIX = "counter:"
TTL = 600


def _version_key(topic):
    return f"{PREFIX}v:{topic}"


def bump(*topics):
    """Invalidate the counters that depend on ``topics``: at once and when the transaction commits."""
    keys = sorted({_version_key(t) for t in topics})
    if not keys:
        return

    def run():
        stamp = time.time_ns()
        cache.set_many(dict.fromkeys(keys, stamp), timeout=None)

    # Now (this transaction's own later reads see the change) and again after the commit (a
    # concurrent reader may have cached the old count under the first new version meanwhile).
    run()
    transaction.on_commit(run)


def cached_count(name, topics, compute, *, ttl=TTL):
    """``compute()``'s result for counter ``name``, recomputed only after one of ``topics`` changed."""
    keys = [_version_key(t) for t in topics]
    versions = cache.get_many(keys)
    stamp = hashlib.blake2s(
        "|".join(f"{k}={versions.get(k, 0)}" for k in keys).encode(), digest_size=8
    ).hexdigest()
    if len(name) > 100:  # memcached caps keys at 250 bytes
        name = hashlib.blake2s(name.encode(), digest_size=16).hexdigest()
    key = f"{PREFIX}{name}:{stamp}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, ttl)
    return value


def subtree_topics(prefix, paths):
    """Topics of counters over the subtrees at ``paths`` (``[]``: everything)."""
    return [f"{prefix}:{p}" for p in paths] or [f"{prefix}:*"]


def bump_path(prefix, path):
    """A row under unit ``path`` changed: every subtree counter containing it (its unit's and its
    ancestors', and the "everything" one) is stale."""
    from unions.models import PATH_STEP

    bump(f"{prefix}:*", *(f"{prefix}:{path[:i]}" for i in range(PATH_STEP, len(path) + 1, PATH_STEP)))
