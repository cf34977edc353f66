"""An observation of a debrief, and what has become of it: recorded, accepted or rejected."""

from __future__ import annotations

from dataclasses import dataclass

RECORDED, ACCEPTED, REJECTED = "recorded", "accepted", "rejected"


@dataclass(frozen=True)
class Observation:
    """One observation of a debrief, and what was decided about it."""

    number: int
    text: str
    repeats: str = ""
    status: str = RECORDED
    learning_point: str = ""
    theme: str = ""
    nature: str = ""  # once accepted: an issue or notable practice
    reason: str = ""

    @property
    def is_decided(self) -> bool:
        return self.status != RECORDED
