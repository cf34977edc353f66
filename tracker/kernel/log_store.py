"""The store of the hash-chained log: opening it, how far it has got, and checks of the whole.

``tracker.service.application.Tracker`` builds on it: the commands and the questions about items.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder
from eventsourcing.utils import Environment

from events.audit import Progress, current_digest, verify_log
from events.chain import RECORDED_AT_FORMAT
from events.codec import DateAsISO
from events.digest import Digest
from events.store import database_url, describe, is_postgres
from events.store_settings import store_settings
from events.transfer import ImportSummary, export_lines, import_export
from events.verification import Verification
from tracker.kernel.errors import StoreNotReady


class LogStore(Application[UUID]):
    """The log in its database, configured by our own setting only."""

    def __init__(self, url: str | None = None, *, create_schema: bool | None = None):
        self.database_url = url or database_url()
        if create_schema is None:
            create_schema = not is_postgres(self.database_url)
        super().__init__(env=store_settings(self.database_url, create_schema=create_schema))
        if not self.recorder.has_schema():  # type: ignore[attr-defined]
            self.close()
            raise StoreNotReady(describe(self.database_url))

    def construct_env(self, name: str, env: Any = None) -> Environment:
        # Only our own setting configures the store: a stray POSTGRES_* or
        # PERSISTENCE_MODULE in the process environment must not redirect it.
        # No snapshots: they sit outside the hash chain, so a forged one could change what
        # an item shows while the log still verifies. (An aggregate cache was measured and
        # gained nothing: copying a cached item costs what replaying its few events does.)
        return Environment(name, dict(env or {}))

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # -- how far the log has got ----------------------------------------------------------

    def position_at(self, moment: datetime) -> int:
        """The position the log had reached at ``moment``: what "as at" a time means."""
        try:
            utc = moment.astimezone(UTC)
        except OverflowError:  # the first or last day a datetime can hold, in another zone
            return 0 if moment.year == 1 else self.position()
        # %Y does not pad years before 1000, and the chain's times compare as text.
        stamp = f"{utc.year:04d}" + utc.strftime(RECORDED_AT_FORMAT.removeprefix("%Y"))
        return int(self.recorder.position_at(stamp))  # type: ignore[attr-defined]

    def position(self) -> int:
        """How far the log has got: the position of the latest recorded event."""
        return self.recorder.max_notification_id() or 0

    # -- the record itself ----------------------------------------------------------------

    def digest(self) -> Digest:
        """The chain head now: position, hash and time, to keep outside the system."""
        return current_digest(self.recorder)  # type: ignore[arg-type]

    def verify(
        self, digest: Digest | None = None, progress: Progress | None = None
    ) -> Verification:
        """Re-reads the whole log against its hash chain (and an earlier digest)."""
        return verify_log(self.recorder, digest, progress)  # type: ignore[arg-type]

    def export_lines(self) -> Iterator[str]:
        return export_lines(self.recorder)  # type: ignore[arg-type]

    def import_lines(self, lines: Iterable[str]) -> ImportSummary:
        """Imports an export into this empty store, verifying all of it before writing any."""
        return import_export(self.recorder, lines, self.mapper.to_domain_event)  # type: ignore[arg-type]
