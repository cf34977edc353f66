"""What every ``tracker`` command shares: opening the store, explaining refusals, times."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import wraps
from typing import Any

import click
from eventsourcing.persistence import PersistenceError

from events.export_reading import ImportRefused
from events.store import StoreConfigurationError, database_url, describe
from events.transfer import LogDamaged
from tracker.kernel.clock import LONDON
from tracker.kernel.errors import TrackerError
from tracker.service.application import Tracker


def london(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M:%S %Z")


class Refused(click.ClickException):
    """A refusal or an unusable database: exit 2, so `verify`'s 1 always means tampering."""

    exit_code = 2


def refusals_explained(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turns a refusal into one clear line and a non-zero exit, never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (TrackerError, ImportRefused, LogDamaged, StoreConfigurationError) as error:
            raise Refused(str(error)) from None
        except PersistenceError as error:
            raise Refused(
                f"the database at {describe(database_url())} cannot be used: {error}"
            ) from None

    return run


@contextmanager
def opened(create_schema: bool | None = None) -> Iterator[Tracker]:
    app = Tracker(create_schema=create_schema)
    try:
        yield app
    finally:
        app.close()


def moment_option(text: str, option: str = "--as-at") -> datetime:
    """A moment typed on the command line; UTC unless it says otherwise."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            "a moment as YYYY-MM-DDTHH:MM[+00:00]", param_hint=option
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
