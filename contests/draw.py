"""The verifiable draw ("quay số"): a documented, deterministic algorithm anyone can rerun.

1. When the contest is published the server picks a secret ``seed`` (64 hex digits) and publishes
   ``sha256(seed)``: the seed is fixed before anyone knows who will take part.
2. At the draw, the qualifying entries are listed by their public codes, sorted (``candidates``).
3. ``list_digest = sha256("\\n".join(candidates))``. For the k-th pick (k = 0, 1, …):
   ``h = sha256(f"{seed}:{list_digest}:{k}")``, ``i = int(h, 16) % len(pool)``, and ``pool.pop(i)``
   wins the next prize slot (prizes in their order, each repeated by its quantity).
4. The seed and the list are then published with the winners. Changing any entry of the list
   changes ``list_digest`` and so every pick.

:data:`RECOMPUTE_SNIPPET` is the same algorithm as a few lines of Python for the winners page;
a test checks that it gives what :func:`pick` gives.
"""

import hashlib
import secrets


def new_seed():
    return secrets.token_hex(32)


def commitment(seed):
    return hashlib.sha256(seed.encode()).hexdigest()


def list_digest(candidates):
    return hashlib.sha256("\n".join(candidates).encode()).hexdigest()


def pick(seed, candidates, count):
    """The ``count`` winners (in order) among ``candidates``, from ``seed``."""
    pool = sorted(candidates)
    digest = list_digest(pool)
    winners = []
    for k in range(min(count, len(pool))):
        h = hashlib.sha256(f"{seed}:{digest}:{k}".encode()).hexdigest()
        winners.append(pool.pop(int(h, 16) % len(pool)))
    return winners


RECOMPUTE_SNIPPET = '''import hashlib

def pick(seed, candidates, count):
    pool = sorted(candidates)
    digest = hashlib.sha256("\\n".join(pool).encode()).hexdigest()
    winners = []
    for k in range(min(count, len(pool))):
        h = hashlib.sha256(f"{seed}:{digest}:{k}".encode()).hexdigest()
        winners.append(pool.pop(int(h, 16) % len(pool)))
    return winners

assert hashlib.sha256(SEED.encode()).hexdigest() == SEED_HASH
print(pick(SEED, CANDIDATES, COUNT))
'''
