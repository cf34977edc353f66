"""Who may take which action, on which item, with what input: decided here, once.

Pages, the API and ``tracker act`` ask these functions and render what they answer or
refuse, so the three refuse the same things with the same words. The item's own lifecycle
rules stay on the item (``IllegalStep``); these are the rules about the person acting.
"""

from __future__ import annotations

from typing import Any

from tracker.accounts.roles import READ
from tracker.accounts.sign_in import Reader
from tracker.decisions.decision import Decision
from tracker.forums.terms import forum_key
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.commands import Recorded, Service
from tracker.kernel.errors import InvalidInput, ItemNotFound, NoSuchAction, NotAllowed, TrackerError
from tracker.kernel.markings import SENSITIVE
from tracker.kernel.references import checked_reference
from tracker.service.catalogue import ACTIONS, STEP_PERMISSIONS, Action
from tracker.tasking.tasking import Tasking

# Inputs that name another item: the person acting must be able to see it.
ITEM_INPUTS = ("learning_point", "subject_reference", "supersedes", "repeats")
# New items made from an item: the action, its input naming the item, the kinds it applies to.
DERIVED = (
    ("raise-learning-action", "learning_point", ("learning point",)),
    ("record-decision", "subject_reference", ("tasking", "support request")),
    ("record-decision", "supersedes", ("decision",)),
)


def allowed_action(slug: str, reader: Reader) -> Action:
    """The action, if the reader's roles allow it (or, for a step an owner may take, if
    they may read: whether they own what they report on is asked of the item)."""
    action = ACTIONS.get(slug)
    if action is None:
        raise NoSuchAction(slug)
    if not action.allowed_to(reader.permissions) and not (action.owner_may and reader.may(READ)):
        raise NotAllowed(action.title.lower(), sorted(action.needs))
    return action


def visible_item(app: Service, reference: str, reader: Reader) -> TrackerAggregate:
    """The item as recorded now, if the reader may see it; otherwise there is no such item."""
    try:
        item = app.load(TrackerAggregate, checked_reference(reference))
    except TrackerError:  # no such item, a malformed reference, or not an item at all
        raise ItemNotFound(reference.strip()) from None
    if item.marking == SENSITIVE and not reader.sensitive_cleared:
        raise ItemNotFound(reference.strip())  # said the same way as for no item at all
    return item


def item_acted_on(app: Service, action: Action, reference: Any, reader: Reader) -> TrackerAggregate:
    """The item a step is taken on: one the reader can see, of the kind the step is for."""
    owner_only = not action.allowed_to(reader.permissions)  # may take it on what they own
    if not isinstance(reference, str) or not reference.strip():
        if owner_only:
            raise _not_owner(action)
        raise InvalidInput("reference", "is required: which item? (e.g. SR-1)")
    item = visible_item(app, reference, reader)
    if action.step_of not in (None, item.KIND):
        raise InvalidInput(
            "reference", f"{item.reference} is a {item.KIND}: this is a step of a {action.step_of}"
        )
    if owner_only and not owned_parts(app, item, reader):
        raise _not_owner(action, item.reference)
    return item


def owned_parts(app: Service, item: TrackerAggregate, reader: Reader) -> list[str]:
    """What of ``item`` the reader owns, in person or by holding its owner post: the forces
    of a tasking whose requirements they own."""
    if not isinstance(item, Tasking):
        return []
    owners = {force: each.owner for force, each in item.requirements.items()}
    return [force for force, owner in owners.items() if app.holder_of(owner) == reader.username]


def _not_owner(action: Action, reference: str = "", part: str = "") -> NotAllowed:
    of_what = f"{part}'s requirements on {reference}" if part else reference or "what it names"
    return NotAllowed(action.title.lower(), [*sorted(action.needs), f"or owning {of_what}"])


def carry_out(
    app: Service,
    action: Action,
    given: dict[str, Any],
    reader: Reader,
    item: TrackerAggregate | None,
) -> Recorded:
    """Check what the person may do with this input, build the command, and record it."""
    given = dict(given)
    if item is not None:
        given["reference"] = item.reference  # the item the step was opened on
    _check_marking(given, reader)
    _check_owner(app, action, given, reader, item)
    _check_named_items(app, given, reader)
    _check_forum(action, given, reader, item)
    return app.handle(action.command.from_input(given, actor=reader.username))


def _check_marking(given: dict[str, Any], reader: Reader) -> None:
    # A reader may not create what they could not then see.
    if given.get("marking") == SENSITIVE and not reader.sensitive_cleared:
        raise InvalidInput("marking", "needs OFFICIAL-SENSITIVE clearance, which you do not hold")


def _check_owner(
    app: Service,
    action: Action,
    given: dict[str, Any],
    reader: Reader,
    item: TrackerAggregate | None,
) -> None:
    """Without the action's permission, an owner reports only on what they own."""
    if action.allowed_to(reader.permissions) or item is None:
        return
    part = str(given.get("force", ""))
    if part not in owned_parts(app, item, reader):
        raise _not_owner(action, item.reference, part)


def _check_named_items(app: Service, given: dict[str, Any], reader: Reader) -> None:
    for name in ITEM_INPUTS:
        reference = given.get(name)
        if reference:
            try:
                visible_item(app, str(reference), reader)
            except ItemNotFound:
                raise InvalidInput(name, f"there is no item {reference}") from None


def _check_forum(
    action: Action, given: dict[str, Any], reader: Reader, item: TrackerAggregate | None
) -> None:
    """Decision makers record the decisions of the forums they sit on, and no others."""
    forum = forum_deciding(action, given, item)
    sits = {forum_key(name) for name in reader.forums}  # "rttcg" is the RTTCG
    if action.takes_a_decision and forum is not None and forum_key(forum) not in sits:
        sits_on = ", ".join(reader.forums) or "none"
        raise InvalidInput("forum", f"you do not sit on {forum} (your forums: {sits_on})")


def forum_deciding(
    action: Action, given: dict[str, Any], item: TrackerAggregate | None
) -> str | None:
    """The forum whose decision this is: the decision's own, the item's (the board that
    oversees a learning action validates it), the one a step is the decision of (the RTTCG
    refers a tasking back), or the one named in a new decision."""
    if isinstance(item, Decision):
        return item.forum
    if item is not None and hasattr(action.command, "FORUM_OF_ITEM"):
        return str(getattr(item, action.command.FORUM_OF_ITEM))  # a board validates an action
    return getattr(action.command, "FORUM", None) or given.get("forum")


def steps_offered(app: Service, item: TrackerAggregate, reader: Reader) -> list[Action]:
    """The steps the reader may take on ``item``'s kind (the item itself judges the rest),
    with those an owner may take when they own part of it."""
    steps = [
        action
        for action in ACTIONS.values()
        if action.is_step
        and action.step_of in (item.KIND, None)
        and action.needs & STEP_PERMISSIONS
    ]
    mine = [a for a in steps if a.allowed_to(reader.permissions)]
    owners_steps = [a for a in steps if a.owner_may and a not in mine]
    if owners_steps and owned_parts(app, item, reader):
        return [a for a in steps if a in mine or a in owners_steps]
    return mine


def derived_offered(item: TrackerAggregate, reader: Reader) -> list[tuple[Action, str]]:
    """Actions that open a new item from this one, with the input that names it."""
    return [
        (ACTIONS[slug], field)
        for slug, field, kinds in DERIVED
        if item.KIND in kinds and ACTIONS[slug].allowed_to(reader.permissions)
    ]
