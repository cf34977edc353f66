"""``tracker users``: accounts from the command line, so the first admin can be made.

What is done here is recorded like any admin action, attributed to the operating-system
user at the console ("console:NAME").
"""

from __future__ import annotations

import getpass
import sys

import click

from tracker.accounts.account_fields import account_reference
from tracker.accounts.commands import (
    ChangeUserClearance,
    ChangeUserRoles,
    DeactivateUser,
    RegisterUser,
    SetPassword,
)
from tracker.accounts.roles import CLEARANCES, ROLES
from tracker.accounts.sign_in import account_of
from tracker.cli.common import opened, refusals_explained


def console_actor() -> str:
    return f"console:{getpass.getuser()}"


def password_from_user() -> str:
    """Asked twice at a terminal; otherwise the first line of standard input."""
    if sys.stdin.isatty():
        return str(click.prompt("password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\r\n")


@click.group()
def users() -> None:
    """Add user accounts, change their roles and clearance, set passwords."""


@users.command()
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES),
              help="a role of DESIGN.md; repeat for several")  # fmt: skip
@click.option("--clearance", type=click.Choice(CLEARANCES), default="official", show_default=True)
@click.option("--name", "display_name", help="the name shown (default: the username)")
@click.option("--email", default="", help="where reminders go")
@click.option("--forum", "forums", multiple=True, help="a forum the user sits on; repeatable")
@refusals_explained
def add(
    username: str, roles: tuple[str, ...], clearance: str, display_name: str | None, email: str,
    forums: tuple[str, ...],
) -> None:  # fmt: skip
    """Create an account; the password is asked for (or read from standard input)."""
    with opened() as app:
        command = RegisterUser(
            actor=console_actor(), username=username, display_name=display_name or username,
            email=email, roles=list(roles), clearance=clearance, forums=list(forums),
            password=password_from_user(),
        )  # fmt: skip
        recorded = app.handle(command)
        click.echo(f"{recorded.reference} created with roles {', '.join(sorted(roles))} "
                   f"and clearance {clearance}")  # fmt: skip


@users.command(name="list")
@click.argument("usernames", nargs=-1, required=True)
@refusals_explained
def list_(usernames: tuple[str, ...]) -> None:
    """Show accounts as recorded now: roles, clearance, forums, active or not."""
    with opened() as app:
        for username in usernames:
            account = account_of(app, username)
            if account is None:
                click.echo(f"{account_reference(username)}: no such account")
                continue
            state = "active" if account.active else "deactivated"
            click.echo(f"{account.reference}: {account.display_name} <{account.email}>, "
                       f"{', '.join(account.roles)}; clearance {account.clearance}; "
                       f"forums {', '.join(account.forums) or 'none'}; {state}")  # fmt: skip


@users.command()
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES))
@click.option("--reason", required=True)
@refusals_explained
def roles(username: str, roles: tuple[str, ...], reason: str) -> None:
    """Replace the account's roles."""
    with opened() as app:
        command = ChangeUserRoles(
            actor=console_actor(), username=username, roles=list(roles), reason=reason
        )
        click.echo(f"{app.handle(command).reference}: roles now {', '.join(sorted(roles))}")


@users.command()
@click.argument("username")
@click.argument("clearance", type=click.Choice(CLEARANCES))
@click.option("--reason", required=True)
@refusals_explained
def clearance(username: str, clearance: str, reason: str) -> None:
    """Change the account's clearance."""
    with opened() as app:
        command = ChangeUserClearance(
            actor=console_actor(), username=username, clearance=clearance, reason=reason
        )
        click.echo(f"{app.handle(command).reference}: clearance now {clearance}")


@users.command()
@click.argument("username")
@refusals_explained
def password(username: str) -> None:
    """Set a new password (asked for, or read from standard input)."""
    with opened() as app:
        command = SetPassword(actor=console_actor(), username=username,
                              password=password_from_user())  # fmt: skip
        click.echo(f"{app.handle(command).reference}: password set")


@users.command()
@click.argument("username")
@click.option("--reason", required=True)
@refusals_explained
def deactivate(username: str, reason: str) -> None:
    """Stop the account signing in or using its tokens."""
    with opened() as app:
        command = DeactivateUser(actor=console_actor(), username=username, reason=reason)
        click.echo(f"{app.handle(command).reference}: deactivated")
