"""Digests: the head of the chain at one moment, as a line a person can keep."""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.chain import GENESIS

DIGEST_PATTERN = re.compile(
    r"position=(?P<position>\d+)\s+hash=(?P<hash>[0-9a-f]{64})(?:\s+recorded=(?P<recorded>\S+))?"
)


@dataclass(frozen=True)
class Digest:
    """The head of the chain at one moment: a line a person can keep."""

    position: int
    chain_hash: str
    recorded_at: str

    def line(self) -> str:
        return (
            f"tracker-digest position={self.position} hash={self.chain_hash} "
            f"recorded={self.recorded_at}"
        )

    @classmethod
    def parse(cls, text: str) -> Digest:
        """Reads a digest line, also as quoted or wrapped in an e-mail."""
        flat = " ".join(text.replace(">", " ").split())
        match = DIGEST_PATTERN.search(flat)
        if match is None:
            raise ValueError(
                "not a digest line: expected 'tracker-digest position=N hash=<64 hex digits> "
                "recorded=TIME'"
            )
        return cls(int(match["position"]), match["hash"], match["recorded"] or "")


EMPTY_DIGEST = Digest(0, GENESIS, "-")
