"""User accounts: registration, roles and clearance as events, passwords beside the log, tokens."""

from __future__ import annotations

import pytest

from tracker.accounts.account import UserAccount
from tracker.accounts.commands import (
    ChangeUserClearance,
    ChangeUserRoles,
    DeactivateUser,
    IssueApiToken,
    ReactivateUser,
    RegisterUser,
    RevokeApiToken,
    SetPassword,
)
from tracker.accounts.roles import ADMINISTER, AUDIT, DECIDE, LOG, READ
from tracker.accounts.sign_in import account_of, by_password, by_token
from tracker.accounts.tokens import new_token
from tracker.kernel.errors import ConcurrentChange, DuplicateItem, InvalidInput, RuleBroken
from tracker.service.application import Tracker

PASSWORD = "correct horse battery staple"
ADMIN = "console:root"


def register(app: Tracker, username: str = "ana", **changes) -> None:
    fields = dict(username=username, display_name="Ana Shaw", email="ana@rocu.example",
                  roles=["staff"], clearance="official", password=PASSWORD) | changes  # fmt: skip
    app.handle(RegisterUser(actor=ADMIN, **fields))


def test_a_registered_user_signs_in_with_their_password_and_any_case_of_their_name(tracker):
    register(tracker, roles=["staff", "decision-maker"], forums=["RTTCG"])

    reader = by_password(tracker, "  ANA ", PASSWORD)

    assert reader is not None
    assert (reader.username, reader.roles, reader.forums) == (
        "ana",
        ("decision-maker", "staff"),
        ("RTTCG",),
    )
    assert reader.permissions == {READ, LOG, DECIDE} and not reader.sensitive_cleared


@pytest.mark.parametrize(
    "username, password", [("ana", "wrong password here"), ("bo", PASSWORD), ("", "")]
)
def test_a_wrong_password_or_an_unknown_user_is_the_same_refusal(tracker, username, password):
    register(tracker)
    assert by_password(tracker, username, password) is None


@pytest.fixture
def production_hashes(monkeypatch):
    """The hasher the tracker itself uses (tests/conftest.py makes a lighter one)."""
    from argon2 import PasswordHasher

    from tracker.accounts import credentials

    monkeypatch.setattr(credentials, "_hasher", PasswordHasher())


def test_passwords_are_hashed_with_argon2id_at_rfc_9106s_low_memory_parameters(
    tracker, production_hashes
):
    from argon2 import Type, extract_parameters
    from sqlalchemy import select

    from tracker.accounts.credentials import credentials

    register(tracker)
    with tracker.credentials.engine.connect() as connection:
        stored = connection.execute(select(credentials.c.password_hash)).scalar_one()
    found = extract_parameters(stored)
    assert (found.type, found.time_cost, found.memory_cost, found.parallelism) == (
        Type.ID, 3, 65536, 4)  # fmt: skip
    assert by_password(tracker, "ana", PASSWORD) is not None


def test_the_password_is_kept_outside_the_log(tracker):
    register(tracker)
    stored = tracker.recorder.select_notifications(start=None, limit=100)
    assert all(PASSWORD.encode() not in n.state and b"argon2" not in n.state for n in stored)


def test_registering_an_existing_username_is_refused_and_keeps_the_old_password(tracker):
    register(tracker)
    with pytest.raises(DuplicateItem):
        register(tracker, display_name="Impostor", password="the impostor's password")
    assert by_password(tracker, "ana", PASSWORD) is not None
    assert by_password(tracker, "ana", "the impostor's password") is None


def test_a_new_password_replaces_the_old_and_is_in_the_trail(tracker):
    register(tracker)
    tracker.handle(SetPassword(actor="ana", username="ana", password="a brand new passphrase"))
    assert by_password(tracker, "ana", PASSWORD) is None
    assert by_password(tracker, "ana", "a brand new passphrase") is not None
    assert [type(e).__name__ for e in tracker._facts(account_of(tracker, "ana").id)] == [
        "UserRegistered", "UserPasswordSet"]  # fmt: skip


def test_a_password_refused_for_its_length_changes_nothing(tracker):
    register(tracker)
    with pytest.raises(InvalidInput, match="password: must be at least 12"):
        tracker.handle(SetPassword(actor="ana", username="ana", password="short"))
    assert account_of(tracker, "ana").version == 1
    assert by_password(tracker, "ana", PASSWORD) is not None


def test_a_conflicting_password_change_leaves_the_password_as_it_was(tracker):
    register(tracker)
    tracker.handle(ChangeUserRoles(actor=ADMIN, username="ana", roles=["viewer"], reason="Moved."))
    with pytest.raises(ConcurrentChange):
        tracker.handle(SetPassword(actor="ana", username="ana", password="a stale form's one",
                                   expected_version=1))  # fmt: skip
    assert by_password(tracker, "ana", PASSWORD) is not None


@pytest.mark.parametrize(
    "changes, field",
    [({"username": "a b"}, "username"), ({"username": "x" * 41}, "username"),
     ({"email": "not an address"}, "email"), ({"roles": []}, "roles"),
     ({"roles": ["superuser"]}, "roles"), ({"clearance": "secret"}, "clearance"),
     ({"display_name": ""}, "display_name")],
)  # fmt: skip
def test_bad_account_details_are_refused_by_field_and_record_nothing(tracker, changes, field):
    before = tracker.position()
    with pytest.raises(InvalidInput) as refused:
        register(tracker, **changes)
    assert refused.value.field == field
    assert tracker.position() == before


def test_roles_and_clearance_change_by_events_with_reasons(tracker):
    register(tracker)
    tracker.handle(ChangeUserRoles(actor=ADMIN, username="ana", roles=["governance", "admin"],
                                   reason="Joined the governance team."))  # fmt: skip
    tracker.handle(ChangeUserClearance(actor=ADMIN, username="ana", clearance="official-sensitive",
                                       reason="Vetted."))  # fmt: skip
    reader = by_password(tracker, "ana", PASSWORD)
    assert reader.permissions == {READ, AUDIT, ADMINISTER} and reader.sensitive_cleared
    trail = list(tracker._facts(account_of(tracker, "ana").id))
    assert [(e.actor, getattr(e, "reason", "")) for e in trail[1:]] == [
        (ADMIN, "Joined the governance team."), (ADMIN, "Vetted.")]  # fmt: skip


def test_a_deactivated_account_cannot_sign_in_or_use_its_token_until_reactivated(tracker):
    register(tracker)
    token_id, secret = new_token()
    issued = IssueApiToken(
        actor="ana", username="ana", label="reports", token_id=token_id, secret=secret
    )
    tracker.handle(issued)
    tracker.handle(DeactivateUser(actor=ADMIN, username="ana", reason="Left the unit."))
    assert (
        by_password(tracker, "ana", PASSWORD) is None and by_token(tracker, issued.bearer) is None
    )
    with pytest.raises(RuleBroken, match="already deactivated"):
        tracker.handle(DeactivateUser(actor=ADMIN, username="ana", reason="Again."))
    tracker.handle(ReactivateUser(actor=ADMIN, username="ana", reason="Returned."))
    assert by_token(tracker, issued.bearer).username == "ana"


@pytest.mark.parametrize("username", ["ana", "r.khan"])
def test_a_token_works_until_revoked_and_a_guessed_one_never(tracker, username):
    register(tracker, username=username)
    token_id, secret = new_token()
    issued = IssueApiToken(
        actor="ana", username=username, label="reports", token_id=token_id, secret=secret
    )
    tracker.handle(issued)
    assert by_token(tracker, issued.bearer).username == username
    assert (
        by_token(tracker, issued.bearer[:-1] + ("A" if issued.bearer[-1] != "A" else "B")) is None
    )
    assert by_token(tracker, f"trk.bo.{token_id}.{secret}") is None  # another user's name
    assert by_token(tracker, "Bearer nonsense") is None
    tracker.handle(
        RevokeApiToken(actor="ana", username=username, token_id=token_id, reason="Lost.")
    )
    assert by_token(tracker, issued.bearer) is None
    assert secret not in str(list(tracker.recorder.select_notifications(start=None, limit=100)))


def test_an_account_is_not_an_item_a_correction_can_reach(tracker):
    from tracker.kernel.item_commands import AmendItem

    register(tracker)
    with pytest.raises(Exception, match="is a user account, not a item"):
        tracker.handle(AmendItem(actor=ADMIN, reference="USER/ana", field="email",
                                 new_value="x@y.z", reason="Typo."))  # fmt: skip
    assert isinstance(account_of(tracker, "ana"), UserAccount)
