"""Forums as pages, agendas and the scan read them: the catalogue from the forums list."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Engine

from tracker.forums.catalogue import Forums
from tracker.forums.forums_table import forums
from tracker.forums.terms import ForumTerms


def forum_catalogue(engine: Engine) -> Forums:
    """Every forum's terms now, from the forums list (and the standard terms)."""
    with engine.connect() as connection:
        rows = connection.execute(sa.select(forums)).all()
    return Forums.of(
        [ForumTerms(r.name, r.series, r.chair_post, r.schedule, r.purpose) for r in rows]
    )
