"""The handlers of the account commands: load the account, decide, record.

A password goes beside the log in the same transaction as the event saying it was set.
"""

from __future__ import annotations

from collections.abc import Callable

from tracker.accounts.account import UserAccount
from tracker.accounts.commands import (
    AccountCommand,
    ChangeUserClearance,
    ChangeUserDetails,
    ChangeUserForums,
    ChangeUserRoles,
    DeactivateUser,
    IssueApiToken,
    ReactivateUser,
    RegisterUser,
    RevokeApiToken,
    SetPassword,
)
from tracker.accounts.records import AccountRecords
from tracker.forums.finding import the_forums
from tracker.kernel.commands import Handlers, Recorded, Records


def register_user(app: AccountRecords, cmd: RegisterUser) -> Recorded:
    account = UserAccount.register(
        username=cmd.username, display_name=cmd.display_name, email=cmd.email,
        roles=cmd.roles, clearance=cmd.clearance, forums=the_forums(app, "forums", cmd.forums),
    )  # fmt: skip
    with app.credentials.replacing(account.username, cmd.password):
        return app.record(account)


def set_password(app: AccountRecords, cmd: SetPassword) -> Recorded:
    account = app.load(UserAccount, cmd.reference, cmd.expected_version)
    account.note_password_set()
    with app.credentials.replacing(account.username, cmd.password):
        return app.record(account)


def _change(
    app: Records, cmd: AccountCommand, step: Callable[..., object], *args: object
) -> Recorded:
    account = app.load(UserAccount, cmd.reference, cmd.expected_version)
    step(account, *args)
    return app.record(account)


def change_roles(app: Records, cmd: ChangeUserRoles) -> Recorded:
    return _change(app, cmd, UserAccount.change_roles, cmd.roles, cmd.reason)


def change_clearance(app: Records, cmd: ChangeUserClearance) -> Recorded:
    return _change(app, cmd, UserAccount.change_clearance, cmd.clearance, cmd.reason)


def change_forums(app: Records, cmd: ChangeUserForums) -> Recorded:
    forums = the_forums(app, "forums", cmd.forums)
    return _change(app, cmd, UserAccount.change_forums, forums, cmd.reason)


def change_details(app: Records, cmd: ChangeUserDetails) -> Recorded:
    return _change(app, cmd, UserAccount.change_details, cmd.display_name, cmd.email)


def deactivate(app: Records, cmd: DeactivateUser) -> Recorded:
    return _change(app, cmd, UserAccount.deactivate, cmd.reason)


def reactivate(app: Records, cmd: ReactivateUser) -> Recorded:
    return _change(app, cmd, UserAccount.reactivate, cmd.reason)


def issue_token(app: Records, cmd: IssueApiToken) -> Recorded:
    return _change(app, cmd, UserAccount.issue_token, cmd.token_id, cmd.label, cmd.secret)


def revoke_token(app: Records, cmd: RevokeApiToken) -> Recorded:
    return _change(app, cmd, UserAccount.revoke_token, cmd.token_id, cmd.reason)


HANDLERS: Handlers = {
    RegisterUser: register_user,
    SetPassword: set_password,
    ChangeUserRoles: change_roles,
    ChangeUserClearance: change_clearance,
    ChangeUserForums: change_forums,
    ChangeUserDetails: change_details,
    DeactivateUser: deactivate,
    ReactivateUser: reactivate,
    IssueApiToken: issue_token,
    RevokeApiToken: revoke_token,
}
