"""What every lifecycle keeps, for each kind of item: every allowed and every refused step.

The kinds, their paths and their steps are in tests/lifecycles.py; the rules particular to
one kind are in that kind's own test module.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.base import acting_as
from tests.lifecycles import (
    LIFECYCLES,
    Lifecycle,
    allowed_transitions,
    check_allowed_step,
    check_random_steps,
    check_refused_step,
    refused_input,
    refused_transitions,
    step_sequences,
)
from tracker.kernel.errors import RuleBroken


def ids(value: object) -> str | None:
    return value.kind if isinstance(value, Lifecycle) else None


EVERY_STATE = [(each, state) for each in LIFECYCLES for state in each.states]
CLOSED_STATES = [(each, state) for each in LIFECYCLES for state in sorted(each.closed)]
ALLOWED = [case for each in LIFECYCLES for case in allowed_transitions(each)]
REFUSED = [case for each in LIFECYCLES for case in refused_transitions(each)]
BAD_INPUT = [(each, *case) for each in LIFECYCLES for case in each.bad_input]


@pytest.mark.parametrize("lifecycle", LIFECYCLES, ids=ids)
def test_every_state_has_a_path_and_every_step_an_example(lifecycle):
    assert set(lifecycle.paths) == set(lifecycle.states)
    assert {s for steps in lifecycle.states.values() for s in steps} == set(lifecycle.take)
    assert lifecycle.closed <= set(lifecycle.states)


@pytest.mark.parametrize(("lifecycle", "state", "step"), ALLOWED, ids=ids)
def test_an_allowed_step_moves_the_item_on(lifecycle, state, step):
    item = lifecycle.at(state, *lifecycle.ready.get(step, ()))
    events = check_allowed_step(item, lifecycle, state, step)
    assert [type(e) for e in events] == list(lifecycle.facts.get(step, [type(events[0])]))


@pytest.mark.parametrize(("lifecycle", "state", "step"), REFUSED, ids=ids)
def test_a_step_not_allowed_is_refused_naming_item_state_and_allowed_steps(lifecycle, state, step):
    refused = check_refused_step(lifecycle.at(state), lifecycle, state, step)
    assert set(refused.allowed) <= set(lifecycle.states[state])
    if lifecycle.offers_by_state:
        assert refused.allowed == sorted(set(lifecycle.states[state]) - lifecycle.never_offered)
    if state in lifecycle.closed:
        assert refused.allowed == [] and str(refused).endswith("none: the item is closed")


@pytest.mark.parametrize(("lifecycle", "state"), EVERY_STATE, ids=ids)
def test_an_item_is_closed_in_the_states_it_ends_in_and_no_other(lifecycle, state):
    item = lifecycle.at(state)
    assert item.is_closed == (state in lifecycle.closed)
    assert item.is_closed == (item.allowed_steps() == ())


@pytest.mark.parametrize(("lifecycle", "state"), CLOSED_STATES, ids=ids)
def test_a_closed_item_is_not_reviewed(lifecycle, state):
    item = lifecycle.at(state)
    with acting_as(lifecycle.actor), pytest.raises(RuleBroken):
        item.record_review("Looked at.", None)
    assert item.collect_events() == []


@pytest.mark.parametrize(("lifecycle", "field", "value", "problem"), BAD_INPUT, ids=ids)
def test_bad_input_for_a_new_item_is_refused_with_the_field_named(lifecycle, field, value, problem):
    refused = refused_input(lifecycle, **{field: value})
    assert refused.field == field and problem in str(refused)


@pytest.mark.parametrize("lifecycle", LIFECYCLES, ids=ids)
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_random_steps_keep_the_item_in_its_lifecycle_and_replay_identically(lifecycle, data):
    variant = data.draw(st.sampled_from(lifecycle.variants), label="variant")
    check_random_steps(lifecycle, variant, data.draw(step_sequences(lifecycle), label="steps"))


@pytest.mark.parametrize(("lifecycle", "state"), EVERY_STATE, ids=ids)
def test_every_state_is_reached_by_the_commands_users_give(tracker, lifecycle, state):
    reference = lifecycle.recorded(tracker, state)
    assert tracker.item(reference).state == state
