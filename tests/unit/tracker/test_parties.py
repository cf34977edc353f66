"""Who an input names: a person or a post, resolved once for pages, API and console alike."""

from __future__ import annotations

import pytest

from tests.cast import person, post
from tests.lifecycles import ACTIONS, DECISIONS, TASKINGS
from tracker.accounts.commands import DeactivateUser
from tracker.kernel.errors import InvalidInput
from tracker.kernel.item_commands import AmendItem
from tracker.learning import action as la
from tracker.people.commands import AssignPost, VacatePost
from tracker.reminders.account_recipients import AccountDirectory
from tracker.reminders.recipients import Directory


@pytest.fixture
def people(tracker):
    person(tracker, "s.ellis", "DCS S. Ellis")
    person(tracker, "m.reid", "DCS M. Reid")
    post(tracker, "head-of-intelligence", "Head of Intelligence", holder="s.ellis")
    post(tracker, "rocc", "ROCC")  # vacant
    return tracker


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("s.ellis", "s.ellis"),
        ("  S.Ellis ", "s.ellis"),
        ("head-of-intelligence", "post:head-of-intelligence"),
        ("post:head-of-intelligence", "post:head-of-intelligence"),
        ("rocc", "post:rocc"),  # an owner may be a vacant post: admins then see it unowned
    ],
)
def test_an_owner_is_recorded_as_the_person_or_the_post_named(people, given, kept):
    assert people.party("owner", given) == kept


@pytest.mark.parametrize(
    "given", ["Head of Intelligence", "DCI A. Patel", "nobody", "post:s.ellis"]
)
def test_a_name_that_is_no_person_and_no_post_is_refused_saying_what_to_give(people, given):
    with pytest.raises(InvalidInput, match=r"owner: .* is neither a person .* nor a post"):
        people.party("owner", given)


def test_a_deactivated_account_is_no_longer_a_person_to_name(people):
    people.handle(DeactivateUser(actor="console:test", username="m.reid", reason="Left."))
    with pytest.raises(InvalidInput, match="neither a person"):
        people.party("owner", "m.reid")


def test_an_action_owned_by_a_post_follows_the_post_from_holder_to_holder(people):
    reference = ACTIONS.recorded(people, la.OPEN, owner="head-of-intelligence")
    assert people.item(reference).owner == "post:head-of-intelligence"
    assert people.holder_of("post:head-of-intelligence") == "s.ellis"
    people.handle(AssignPost(actor="admin", post_id="head-of-intelligence", holder="m.reid"))
    assert people.holder_of(people.item(reference).owner) == "m.reid"
    people.handle(VacatePost(actor="admin", post_id="head-of-intelligence", reason="Gap."))
    assert people.holder_of(people.item(reference).owner) is None


def test_who_decided_is_the_person_holding_the_post_at_that_moment(people):
    reference = DECISIONS.recorded(people, "decided", decision_maker="head-of-intelligence")
    assert people.item(reference).decision_maker == "s.ellis"
    with pytest.raises(InvalidInput, match="decision_maker: nobody holds rocc now"):
        DECISIONS.recorded(people, "decided", decision_maker="rocc")


def test_a_correction_of_the_lead_officer_names_a_person_or_a_post(people):
    reference = TASKINGS.recorded(people, "received", lead_officer="s.ellis")
    with pytest.raises(InvalidInput, match="new_value: 'DCI Nobody' is neither"):
        people.handle(AmendItem(actor="r.khan", reference=reference, field="lead_officer",
                                new_value="DCI Nobody", reason="Typo."))  # fmt: skip
    people.handle(AmendItem(actor="r.khan", reference=reference, field="lead_officer",
                            new_value="head-of-intelligence", reason="The post leads it."))  # fmt: skip
    assert people.item(reference).lead_officer == "post:head-of-intelligence"


def test_reminders_reach_a_post_through_whoever_holds_it_when_they_are_sent(people):
    directory = AccountDirectory(people, fallback=Directory({"Typed Name": "typed@example.org"}))
    assert directory.address_of("post:head-of-intelligence") == "s.ellis@rocu.example"
    assert directory.person_of("post:head-of-intelligence") == "s.ellis"
    assert (directory.address_of("post:rocc"), directory.person_of("post:rocc")) == (None, None)
    people.handle(AssignPost(actor="admin", post_id="head-of-intelligence", holder="m.reid"))
    assert directory.address_of("post:head-of-intelligence") == "m.reid@rocu.example"
    assert directory.person_of("Typed Name") == "Typed Name"  # an older record's name
    assert directory.person_of("Someone Else") is None
