"""The catalogue of actions: every command people may give, the permission that allows it,
and the kind of item it is a step of. Pages, the API and ``tracker act`` all offer these.

Reminders are the workers' business and are not offered; neither is issuing an API token,
whose secret the server makes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.accounts import commands as accounts
from tracker.accounts import handlers as account_handlers
from tracker.accounts.roles import ADMINISTER, DECIDE, LEARN, LOG
from tracker.decisions import handlers as decision_handlers
from tracker.decisions.decision import Decision
from tracker.forums import handlers as forum_handlers
from tracker.kernel import item_commands as items
from tracker.kernel.commands import Command, Handlers, ItemCommand
from tracker.learning import commands as learning
from tracker.learning import handlers as learning_handlers
from tracker.learning.action import LearningAction
from tracker.learning.debrief import Debrief
from tracker.people import handlers as people_handlers
from tracker.support import commands as support
from tracker.support import handlers as support_handlers
from tracker.support.request import SupportRequest
from tracker.tasking import commands as tasking
from tracker.tasking import handlers as tasking_handlers
from tracker.tasking.tasking import Tasking

# Between words of a class name: "ReferSupportRequestToRIG" -> Refer Support Request To RIG.
WORD_BREAK = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# Permissions that take steps on the items themselves (administering accounts does not).
STEP_PERMISSIONS = frozenset({LOG, DECIDE, LEARN})


@dataclass(frozen=True)
class Action:
    """One thing a user can do, as a page, an API call and a console command."""

    slug: str
    command: type[Command]
    needs: frozenset[str]  # any one of these permissions allows it
    step_of: str | None  # the KIND of item it is a step of; None: any kind, or a new item
    owner_may: bool = False  # whoever owns what it reports on may take it too (OWNERS_MAY)

    @property
    def title(self) -> str:
        words = WORD_BREAK.sub(" ", self.command.__name__).split(" ")
        title = " ".join(w if w.isupper() else w.lower() for w in words)
        return title[0].upper() + title[1:]

    @property
    def is_step(self) -> bool:
        return issubclass(self.command, ItemCommand)

    @property
    def takes_a_decision(self) -> bool:
        return DECIDE in self.needs

    def allowed_to(self, permissions: frozenset[str]) -> bool:
        return bool(self.needs & permissions)


# Each area's commands: the permission that allows them, and the kind they are steps of.
AREAS: tuple[tuple[Handlers, frozenset[str], str | None], ...] = (
    (tasking_handlers.HANDLERS, frozenset({LOG}), Tasking.KIND),
    (support_handlers.HANDLERS, frozenset({LOG}), SupportRequest.KIND),
    (decision_handlers.HANDLERS, frozenset({DECIDE}), Decision.KIND),
    (learning_handlers.HANDLERS, frozenset({LEARN}), LearningAction.KIND),
    (items.HANDLERS, STEP_PERMISSIONS, None),
    (account_handlers.HANDLERS, frozenset({ADMINISTER}), None),
    (people_handlers.HANDLERS, frozenset({ADMINISTER}), None),
    (forum_handlers.HANDLERS, frozenset({ADMINISTER}), None),
)
# Steps taken by the decision makers rather than by those who log the item.
DECIDED = {
    tasking.ReferBackTasking, support.AuthoriseSupportRequest, learning.ValidateLearningAction,
}  # fmt: skip
# Steps any of those who log or learn may take.
LOGGED_OR_LEARNED = {learning.RecordObservation, learning.NoteLearningActionProgress}
DEBRIEF_STEPS = {
    learning.ScheduleDebrief, learning.PostponeDebrief, learning.RescheduleDebrief,
    learning.HoldDebrief, learning.RecordObservation, learning.AcceptObservation,
    learning.RejectObservation, learning.ReportDebrief,
}  # fmt: skip
NOT_OFFERED = {accounts.IssueApiToken}
# Steps whoever owns what they report on may take without the area's permission: the holder
# of the post owning a force's requirements reports their progress (``rules.owns_input``).
OWNERS_MAY = {tasking.ReportTaskingRequirementProgress}


def needs_of(command: type[Command], area_needs: frozenset[str]) -> frozenset[str]:
    if command in DECIDED:
        return frozenset({DECIDE})
    if command in LOGGED_OR_LEARNED:
        return frozenset({LOG, LEARN})
    return area_needs


def step_of(command: type[Command], area_kind: str | None) -> str | None:
    if not issubclass(command, ItemCommand):
        return None
    return Debrief.KIND if command in DEBRIEF_STEPS else area_kind


def slug_of(command: type[Command]) -> str:
    return WORD_BREAK.sub("-", command.__name__).lower()


def _catalogue() -> dict[str, Action]:
    actions = {}
    for handlers, area_needs, area_kind in AREAS:
        for command in handlers:
            if command not in NOT_OFFERED:
                slug = slug_of(command)
                needs = needs_of(command, area_needs)
                kind, owner_may = step_of(command, area_kind), command in OWNERS_MAY
                actions[slug] = Action(slug, command, needs, kind, owner_may)
    return actions


ACTIONS = _catalogue()
