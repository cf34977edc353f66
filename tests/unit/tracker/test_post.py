"""A post: established vacant, held by one person at a time, handed over, vacated."""

from __future__ import annotations

from datetime import date

import pytest

from events import posts as post_events
from events.base import acting_as
from tracker.kernel.errors import InvalidInput, RuleBroken
from tracker.people.post import Post


def a_post(holder: str = "") -> Post:
    with acting_as("admin"):
        post = Post.establish(post_id="head-of-intelligence", title="Head of Intelligence")
        if holder:
            post.assign(holder, since="2026-01-05")
    post.collect_events()
    return post


def test_a_new_post_is_vacant_and_named_post_colon_its_id():
    post = a_post()
    assert (post.holder, post.since, post.party) == ("", None, "post:head-of-intelligence")
    assert post.reference == "POST/head-of-intelligence"


def test_assigning_a_vacant_post_then_handing_it_over_names_both_holders():
    post = a_post()
    with acting_as("admin"):
        post.assign("s.ellis", since="2026-01-05")
        post.assign("m.reid", since=date(2026, 6, 1), note="Promoted.")
    assigned, handed = post.collect_events()
    assert isinstance(assigned, post_events.PostAssigned) and assigned.holder == "s.ellis"
    assert isinstance(handed, post_events.PostHandedOver)
    assert (handed.previous, handed.holder, handed.since) == ("s.ellis", "m.reid", date(2026, 6, 1))
    assert (post.holder, post.since) == ("m.reid", date(2026, 6, 1))


def test_vacating_leaves_nobody_holding_it():
    post = a_post("s.ellis")
    with acting_as("admin"):
        post.vacate("Retired.", since="2026-03-01")
    [vacated] = post.collect_events()
    assert (vacated.previous, post.holder) == ("s.ellis", "")


@pytest.mark.parametrize(
    ("step", "refusal"),
    [
        (lambda p: p.assign("s.ellis"), "post head-of-intelligence: s.ellis already holds it"),
        (lambda p: p.assign("m.reid", since="2025-12-31"), "held as it is since 2026-01-05"),
        (lambda p: p.vacate(""), "reason"),
    ],
)
def test_a_step_that_changes_nothing_or_goes_back_in_time_is_refused(step, refusal):
    post = a_post("s.ellis")
    with acting_as("admin"), pytest.raises((RuleBroken, InvalidInput), match=refusal):
        step(post)
    assert post.collect_events() == [] and post.holder == "s.ellis"


def test_a_vacant_post_cannot_be_vacated_and_a_bad_id_is_refused():
    with acting_as("admin"), pytest.raises(RuleBroken, match="vacant already"):
        a_post().vacate("Again.")
    with acting_as("admin"), pytest.raises(InvalidInput, match="post_id: must be 2 to 60"):
        Post.establish(post_id="Head of Intelligence", title="x")
