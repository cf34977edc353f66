"""A page for every action: the form, its refusals beside the fields, and the result.

After a successful submit the page waits (briefly) for the views to read the new events,
so the next page already shows the change. A form submitted against an item that changed
since it was opened is refused, naming who changed it and what; what was typed is kept.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from tracker.accounts import DECIDE, LEARN, LOG
from tracker.aggregate import TrackerAggregate
from tracker.commands import Command, Recorded
from tracker.decision import Decision
from tracker.errors import ConcurrentChange, InvalidInput, TrackerError
from tracker.projector_sql import ViewsBehind
from tracker.sign_in import Reader
from web.access import SIGNED_IN, needs, the_reader
from web.action_forms import command_input, form_class, hint_for
from web.actions import ACTIONS, Action
from web.reading import SENSITIVE, tracker, visible_item

blueprint = Blueprint("act", __name__, url_prefix="/act")

# Inputs that name another item: the reader must be able to see it.
ITEM_INPUTS = ("learning_point", "subject_reference", "supersedes", "repeats")
STEP_PERMISSIONS = (LOG, DECIDE, LEARN)
# New items made from an item: the action, its input naming the item, the kinds it applies to.
DERIVED = (
    ("raise-learning-action", "learning_point", ("learning point",)),
    ("record-decision", "subject_reference", ("tasking", "support request")),
    ("record-decision", "supersedes", ("decision",)),
)


def allowed_action(slug: str, reader: Reader) -> Action:
    """The action, if the reader's roles allow it: 404 for no such action, 403 if not theirs."""
    action = ACTIONS.get(slug)
    if action is None:
        abort(404)
    if not action.needs & reader.permissions:
        abort(403)
    return action


def actions_for(item: TrackerAggregate, reader: Reader) -> list[Action]:
    """The steps the reader may take on ``item``'s kind (the item itself judges the rest)."""
    return [
        action
        for action in ACTIONS.values()
        if action.is_step
        and action.step_of in (item.KIND, None)
        and action.needs & reader.permissions
        and action.needs & set(STEP_PERMISSIONS)
    ]


@blueprint.route("/<slug>", methods=["GET", "POST"])
@needs(SIGNED_IN)  # each action's own permission is checked by allowed_action
def act(slug: str) -> Any:
    """Show the action's form (for an item, with ``?reference=``), or carry it out."""
    reader = the_reader()
    action = allowed_action(slug, reader)
    item = _item_acted_on(action)
    form, status = form_class(action)(), 200
    if request.method == "GET" and item is not None:
        form.expected_version.data = str(item.version)
    if request.method == "GET":
        _prefill(form, action)
    if form.validate_on_submit():
        given = command_input(action, form)
        if item is not None:
            given["reference"] = item.reference  # the item the page was opened on
        try:
            recorded = carry_out(action, given, reader, item)
        except InvalidInput as refused:
            _show_beside(form, refused.field, refused.problem)
        except ConcurrentChange as conflict:
            flash(str(conflict), "error")
            form.expected_version.data = str(visible_item(item.reference).version) if item else ""
            status = 409
        except TrackerError as refused:
            flash(str(refused), "error")
        else:
            return _after(recorded)
    if request.method == "POST" and status == 200:
        status = 422  # a POST that got here was refused
    return render_template(
        "act.html", action=action, item=item, form=form, hint_for=hint_for,
        fields=action.fields(), reader=reader,
    ), status  # fmt: skip


def _prefill(form: Any, action: Action) -> None:
    """Inputs given in the link (e.g. ``?learning_point=LP-1``) start the form off."""
    for f in action.fields():
        if f.name in request.args and f.kind in ("text", "long text", "choice"):
            form[f.name].data = request.args[f.name]


def derived_actions(item: TrackerAggregate, reader: Reader) -> list[tuple[Action, str]]:
    """Actions that open a new item from this one, with the input that names it."""
    offered = []
    for slug, field, kinds in DERIVED:
        action = ACTIONS[slug]
        if (kinds is None or item.KIND in kinds) and action.needs & reader.permissions:
            offered.append((action, field))
    return offered


def _item_acted_on(action: Action) -> TrackerAggregate | None:
    if not action.is_step:
        return None
    reference = request.args.get("reference", "").strip()
    if not reference:
        abort(400, "reference: which item? add ?reference=, e.g. ?reference=SR-1")
    item = visible_item(reference)
    if action.step_of not in (None, item.KIND):
        abort(400, f"{item.reference} is a {item.KIND}: this is a step of a {action.step_of}")
    return item


def carry_out(
    action: Action, given: dict[str, Any], reader: Reader, item: TrackerAggregate | None
) -> Recorded:
    """Build the command from the input, check what only the web knows, and record it."""
    _check_marking(given, reader)
    _check_named_items(given, reader)
    _check_forum(action, given, reader, item)
    command: Command = action.command.from_input(given, actor=reader.username)
    return tracker().handle(command)


def _check_marking(given: dict[str, Any], reader: Reader) -> None:
    # A reader may not create what they could not then see.
    if given.get("marking") == SENSITIVE and not reader.sensitive_cleared:
        raise InvalidInput("marking", "needs OFFICIAL-SENSITIVE clearance, which you do not hold")


def _check_named_items(given: dict[str, Any], reader: Reader) -> None:
    for name in ITEM_INPUTS:
        reference = given.get(name)
        if not reference:
            continue
        try:
            named = tracker().load(TrackerAggregate, str(reference).strip().upper())
        except TrackerError:
            raise InvalidInput(name, f"there is no item {reference}") from None
        if named.marking == SENSITIVE and not reader.sensitive_cleared:
            raise InvalidInput(name, f"there is no item {reference}")


def _check_forum(
    action: Action, given: dict[str, Any], reader: Reader, item: TrackerAggregate | None
) -> None:
    """Decision makers record the decisions of the forums they sit on, and no others."""
    forum = item.forum if isinstance(item, Decision) else given.get("forum")
    if (DECIDE in action.needs) and forum is not None and forum not in reader.forums:
        sits_on = ", ".join(reader.forums) or "none"
        raise InvalidInput("forum", f"you do not sit on {forum} (your forums: {sits_on})")


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
