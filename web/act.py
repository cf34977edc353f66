"""A page for every action: the form, its refusals beside the fields, and the result.

After a successful submit the page waits (briefly) for the views to read the new events,
so the next page already shows the change. A form submitted against an item that changed
since it was opened is refused, naming who changed it and what; what was typed is kept.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from tracker.accounts.sign_in import Reader
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.commands import Recorded
from tracker.kernel.errors import (
    ConcurrentChange,
    InvalidInput,
    ItemNotFound,
    NoSuchAction,
    NotAllowed,
    TrackerError,
)
from tracker.service import rules
from tracker.service.catalogue import Action
from tracker.views.projector import ViewsBehind
from web.access import SIGNED_IN, needs, the_reader
from web.action_fields import input_fields
from web.action_forms import form_class, hint_for
from web.action_input import command_input
from web.party_choices import party_choices
from web.reading import tracker, visible_item

blueprint = Blueprint("act", __name__, url_prefix="/act")


def allowed_action(slug: str, reader: Reader) -> Action:
    """The action, if the reader's roles allow it: 404 for no such action, 403 if not theirs."""
    try:
        return rules.allowed_action(slug, reader)
    except NoSuchAction:
        abort(404)
    except NotAllowed as refused:
        abort(403, str(refused))


@blueprint.route("/<slug>", methods=["GET", "POST"])
@needs(SIGNED_IN)  # each action's own permission is checked by allowed_action
def act(slug: str) -> Any:
    """Show the action's form (for an item, with ``?reference=``), or carry it out."""
    reader = the_reader()
    action = allowed_action(slug, reader)
    item = _item_acted_on(action, reader)
    form, status = form_class(action)(), 200
    if request.method == "GET":
        _prefill(form, action, item)
    if form.validate_on_submit():
        done, status = _submit(form, action, item, reader)
        if done is not None:
            return done
    if request.method == "POST" and status == 200:
        status = 422  # a POST that got here was refused
    return render_template(
        "act.html", action=action, item=item, form=form, hint_for=hint_for,
        fields=input_fields(action), reader=reader, choices=party_choices(action.command),
    ), status  # fmt: skip


def _submit(
    form: Any, action: Action, item: TrackerAggregate | None, reader: Reader
) -> tuple[Any, int]:
    """Carry out the action: the redirect to follow, or None and the status to show the form
    again with, its refusal flashed or beside its field."""
    try:
        recorded = rules.carry_out(tracker(), action, command_input(action, form), reader, item)
    except InvalidInput as refused:
        _show_beside(form, refused.field, refused.problem)
    except NotAllowed as refused:  # an owner reporting on what they do not own
        abort(403, str(refused))
    except ConcurrentChange as conflict:
        flash(str(conflict), "error")
        form.expected_version.data = str(visible_item(item.reference).version) if item else ""
        return None, 409
    except TrackerError as refused:
        flash(str(refused), "error")
    else:
        return _after(recorded), 200
    return None, 200


def _prefill(form: Any, action: Action, item: TrackerAggregate | None) -> None:
    """The version of the item as shown, and inputs given in the link (e.g.
    ``?learning_point=LP-1``), start the form off."""
    if item is not None:
        form.expected_version.data = str(item.version)
    for f in input_fields(action):
        given = request.args.get(f.name)
        if given is not None and f.kind in ("text", "long text", "choice"):
            form[f.name].data = given
        elif given is not None and f.kind == "number" and given.isdigit():
            form[f.name].data = int(given)


def _item_acted_on(action: Action, reader: Reader) -> TrackerAggregate | None:
    if not action.is_step:
        return None
    try:
        return rules.item_acted_on(tracker(), action, request.args.get("reference"), reader)
    except ItemNotFound:
        abort(404)
    except NotAllowed as refused:  # a step an owner may take, on an item they own no part of
        abort(403, str(refused))
    except InvalidInput as refused:
        abort(400, f"{refused}; add ?reference=, e.g. ?reference=SR-1")


def _show_beside(form: Any, field: str, problem: str) -> None:
    if field in form and field != "expected_version":
        form[field].errors = [*form[field].errors, problem]
    else:
        flash(f"{field}: {problem}", "error")


def _after(recorded: Recorded) -> Any:
    views = current_app.extensions["tracker"].views
    try:
        views.wait_for(recorded.position, timeout=5.0)
    except ViewsBehind:
        flash("Recorded. The boards are still catching up and may not show it yet.", "info")
    else:
        flash(f"Recorded: {recorded.reference}.", "success")
    if recorded.reference.startswith("USER/"):
        return redirect(url_for("pages.home"))
    return redirect(url_for("items.item", reference=recorded.reference))
