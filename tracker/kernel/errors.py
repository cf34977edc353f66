"""Every error the domain raises; library errors are translated into these at the edge."""

from __future__ import annotations

from collections.abc import Iterable


class TrackerError(Exception):
    """Base of every refusal the tracker explains to a user."""


class InvalidInput(TrackerError):
    """A command's input is missing, too long or malformed."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class ItemNotFound(TrackerError):
    def __init__(self, reference: str):
        super().__init__(f"no item {reference!r}")
        self.reference = reference


class IllegalStep(TrackerError):
    """A step the item's lifecycle does not allow from where it is."""

    def __init__(self, kind: str, reference: str, state: str, step: str, allowed: Iterable[str]):
        allowed = sorted(allowed)
        options = ", ".join(allowed) if allowed else "none: the item is closed"
        super().__init__(
            f"{kind} {reference} is {state!r}: cannot {step}. Allowed from {state!r}: {options}"
        )
        self.reference, self.state, self.step, self.allowed = reference, state, step, allowed


class RuleBroken(TrackerError):
    """A domain rule refuses the step (a missing rationale, a declined direction, ...)."""

    def __init__(self, reference: str, rule: str):
        super().__init__(f"{reference}: {rule}")
        self.reference = reference
        self.rule = rule


class ConcurrentChange(TrackerError):
    """Someone else recorded a change to the item since this user loaded it."""

    def __init__(self, reference: str, changes: Iterable[str]):
        described = "; ".join(changes) or "a change"
        super().__init__(
            f"{reference} was changed by someone else since you opened it ({described}); "
            "nothing of yours was recorded: reload it and try again"
        )
        self.reference = reference


class DuplicateItem(TrackerError):
    def __init__(self, reference: str):
        super().__init__(f"{reference} already exists")
        self.reference = reference


class StoreNotReady(TrackerError):
    """The database has no tracker schema yet."""

    def __init__(self, where: str):
        super().__init__(f"the tracker's tables do not exist in {where}: run `tracker init` first")


class NoSuchAction(TrackerError):
    """No action of that name is offered to anyone."""

    def __init__(self, slug: str):
        super().__init__(f"there is no action {slug!r}")
        self.slug = slug


class NotAllowed(TrackerError):
    """The user's roles do not give the permission the action needs."""

    def __init__(self, what: str, needs: Iterable[str]):
        super().__init__(f"your roles do not allow you to {what} (it needs: {', '.join(needs)})")
        self.what = what
