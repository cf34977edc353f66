"""``tracker act``: take an action from the console as a named user, under that user's rules.

The same catalogue and the same checks as the pages and the API (``tracker.service``), so a
step refused on a page is refused here in the same words.
"""

from __future__ import annotations

import json
from typing import Any

import click

from tracker.accounts.sign_in import current_reader
from tracker.cli.common import Refused, opened, refusals_explained
from tracker.service import rules


def _pairs(given: tuple[str, ...]) -> dict[str, Any]:
    named: dict[str, Any] = {}
    for pair in given:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="INPUT")
        named[name.strip()] = value
    return named


def _body(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise click.BadParameter("must be a JSON object", param_hint="--json")
    return body


@click.command()
@click.argument("action")
@click.argument("given", metavar="[NAME=VALUE]...", nargs=-1)
@click.option("--as", "username", required=True, help="the user acting (their roles apply)")
@click.option("--json", "body", help="input as a JSON object, for lists and numbers")
@refusals_explained
def act(action: str, given: tuple[str, ...], username: str, body: str | None) -> None:
    """Take ACTION (e.g. record-decision) as a user; `reference=SR-1` names the item."""
    given_input = _body(body) | _pairs(given)
    with opened() as app:
        reader = current_reader(app, username.strip().lower())
        if reader is None:
            raise Refused(f"there is no active account {username!r}")
        chosen = rules.allowed_action(action, reader)
        item = None
        if chosen.is_step:
            item = rules.item_acted_on(app, chosen, given_input.get("reference"), reader)
        recorded = rules.carry_out(app, chosen, given_input, reader, item)
    click.echo(f"recorded {recorded.reference} (version {recorded.version})")
