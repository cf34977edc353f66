"""A property every lifecycle must have, checked with random sequences of steps.

Whatever steps are tried in whatever order, the item is always in a state of its
lifecycle, refused steps record nothing, and replaying the stored events gives back
exactly the item that was saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
from hypothesis import strategies as st

from events.base import acting_as
from tracker.application import Tracker
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.errors import IllegalStep, TrackerError

Step = Callable[[Any], None]
Lifecycle = Mapping[str, Mapping[str, str]]


def public_state(item: TrackerAggregate) -> dict[str, Any]:
    return {k: v for k, v in vars(item).items() if not k.startswith("_")}


def check_random_steps(
    new_item: Callable[[], TrackerAggregate],
    steps: Mapping[str, Step],
    lifecycle: Mapping[str, Mapping[str, str]],
    chosen: list[str],
) -> None:
    app = Tracker("memory://")
    try:
        with acting_as("prop"):
            item = new_item()
            app.save(item)
            for name in chosen:
                before = item.state
                try:
                    steps[name](item)
                except TrackerError:
                    assert item.state == before
                    assert item.collect_events() == []
                    continue
                assert item.state in lifecycle
                app.save(item)
        replayed = app.repository.get(item.id)
        assert public_state(replayed) == public_state(item)
    finally:
        app.close()


def step_sequences(steps: Mapping[str, Step]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(sorted(steps)), max_size=12)


def allowed_transitions(lifecycle: Mapping[str, Mapping[str, str]]) -> list[tuple[str, str]]:
    """Every (state, step) the lifecycle allows: each must move the item on."""
    return [(state, step) for state, steps in lifecycle.items() for step in steps]


def refused_transitions(
    lifecycle: Mapping[str, Mapping[str, str]], steps: Mapping[str, Step]
) -> list[tuple[str, str]]:
    """Every (state, step) the lifecycle does not allow: each must be refused."""
    return [(state, step) for state, allowed in lifecycle.items() for step in steps
            if step not in allowed]  # fmt: skip


def check_allowed_step(
    item: TrackerAggregate, take: Mapping[str, Step], lifecycle: Lifecycle, state: str, step: str,
    actor: str = "bo",
) -> list[Any]:  # fmt: skip
    """Takes an allowed step: the item moves to the state the lifecycle says, by ``actor``."""
    with acting_as(actor):
        take[step](item)
    events = item.collect_events()
    assert item.state == lifecycle[state][step]
    assert events and {e.actor for e in events} == {actor}
    return events


def check_refused_step(
    item: TrackerAggregate, take: Mapping[str, Step], state: str, step: str, reference: str,
    actor: str = "bo",
) -> IllegalStep:  # fmt: skip
    """Tries a step the lifecycle refuses: named item and state, allowed steps, nothing recorded."""
    with acting_as(actor), pytest.raises(IllegalStep) as refused:
        take[step](item)
    assert reference in str(refused.value) and repr(state) in str(refused.value)
    assert refused.value.allowed == sorted(item.allowed_steps())
    assert item.collect_events() == []
    return refused.value
