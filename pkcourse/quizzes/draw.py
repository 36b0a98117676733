"""The final assessment's draw. Pure: question keys in, a selection out.

Stratified: the same number of questions from every module, so the assessment covers the whole
course whatever the luck of the draw; within a module every question is equally likely.
"""

import random
from collections.abc import Sequence
from typing import TypeVar

K = TypeVar("K")


def stratified_draw(pools: Sequence[Sequence[K]], per_pool: int, rng: random.Random) -> list[K]:
    """``per_pool`` keys drawn without replacement from every pool (all of a smaller pool),
    pools in the order given, each pool's picks in random order."""
    if per_pool < 1:
        raise ValueError("draw at least one question per module")
    drawn: list[K] = []
    for pool in pools:
        drawn.extend(rng.sample(list(pool), min(per_pool, len(pool))))
    return drawn
