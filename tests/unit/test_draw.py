import random
from collections import Counter

import pytest

from pkcourse.quizzes.draw import stratified_draw

POOLS = [[f"m{m}q{q}" for q in range(8)] for m in range(8)]


def test_the_draw_takes_the_same_number_from_every_module_in_module_order():
    drawn = stratified_draw(POOLS, 2, random.Random(1))
    assert len(drawn) == 16 and len(set(drawn)) == 16
    assert [key.split("q")[0] for key in drawn] == [f"m{m}" for m in range(8) for _ in range(2)]


def test_a_small_module_gives_all_it_has():
    drawn = stratified_draw([["a"], ["b1", "b2", "b3"]], 2, random.Random(3))
    assert drawn[0] == "a" and len(drawn) == 3


def test_draws_differ_and_every_question_comes_up():
    rng = random.Random(7)
    seen = Counter(key for _ in range(400) for key in stratified_draw(POOLS, 2, rng))
    assert set(seen) == {key for pool in POOLS for key in pool}
    assert max(seen.values()) < 2 * min(seen.values())  # roughly uniform within a module
    assert len({tuple(stratified_draw(POOLS, 2, rng)) for _ in range(20)}) == 20


def test_at_least_one_question_per_module():
    with pytest.raises(ValueError):
        stratified_draw(POOLS, 0, random.Random())
