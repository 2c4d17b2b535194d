"""The reproducible random draw (pure, no database): the same seed and population give the same people."""

from __future__ import annotations

from scoring import sampling

POPULATION = list(range(100, 160))


def test_same_seed_and_population_give_the_same_order_and_chosen():
    first = sampling.draw(POPULATION, "a1b2c3", 5)
    again = sampling.draw(list(POPULATION), "a1b2c3", 5)
    assert first.order == again.order
    assert first.chosen == again.chosen
    assert len(first.chosen) == 5
    assert sorted(first.order) == POPULATION  # a permutation of the population


def test_the_order_is_pinned_across_machines_and_versions():
    """random.Random with a str seed hashes it with SHA-512: the order is fixed for ever (a recorded draw can be
    verified years later)."""
    assert sampling.draw(range(1, 11), "seed", 3).order == sampling.draw(range(10, 0, -1), "seed", 3).order
    assert sampling.draw(range(1, 11), "seed", 3).chosen == (5, 2, 9)


def test_a_different_seed_gives_a_different_order():
    assert sampling.draw(POPULATION, "one", 5).order != sampling.draw(POPULATION, "two", 5).order


def test_the_order_of_the_population_does_not_matter():
    shuffled = list(reversed(POPULATION)) + POPULATION[:3]  # reversed, with repeats
    assert sampling.draw(shuffled, "s", 5) == sampling.draw(POPULATION, "s", 5)


def test_a_population_smaller_than_the_size_gives_what_there_is():
    result = sampling.draw([3, 1, 2], "s", 5)
    assert sorted(result.chosen) == [1, 2, 3]
    assert result.short_by == 2
    assert sampling.draw(POPULATION, "s", 5).short_by == 0
    assert sampling.draw([], "s", 5).chosen == ()


def test_the_replacement_is_the_next_of_the_order_not_asked_yet():
    order = (7, 3, 9, 1)
    assert sampling.next_replacement(order, [7, 3]) == 9
    assert sampling.next_replacement(order, [3, 9, 7]) == 1
    assert sampling.next_replacement(order, order) is None


def test_new_seeds_differ():
    assert sampling.new_seed() != sampling.new_seed()
    assert len(sampling.new_seed()) == 32
