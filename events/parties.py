"""Who a record names: a person (a username), a post (``post:<id>``), or a named party.

A person is a user account, named by its username. A post (the Head of Intelligence, the
RTTCG chair) is held by one person at a time and written ``post:head-of-intelligence``; it
resolves to its holder when it is used. Anything else is a named party outside the tracker
(the NCA, Border Force, another force's officer), kept as the text it was given.

Records written before people and posts were records named owners as free text. Their
upcasts read a text that names one of the standard posts as that post, and keep any
other text as a named party (a username stays a username).
"""

from __future__ import annotations

from typing import Any

POST_PREFIX = "post:"
# The fields of items that name who owns, leads or decides them (a correction may change them).
PARTY_FIELDS = ("lead_officer", "decision_maker", "owner", "lead")

# The texts earlier records used for a post, as users typed them (compared ignoring case).
OLD_POST_TITLES = {
    "head of intelligence": "head-of-intelligence",
    "on-call duty officer": "on-call-duty-officer",
    "duty officer": "on-call-duty-officer",
    "rttcg chair": "rttcg-chair",
    "chair of the rttcg": "rttcg-chair",
    "rocc": "rocc",
    "regional organised crime co-ordinator": "rocc",
    "gold": "gold-recovery-board-chair",
    "gold recovery board chair": "gold-recovery-board-chair",
}


def post_party(post_id: str) -> str:
    """How a record names the post ``post_id``."""
    return f"{POST_PREFIX}{post_id}"


def soc_lead_post(force: str) -> str:
    """The id of a force's serious and organised crime lead's post ("soc-lead-west-mercia")."""
    return "soc-lead-" + force.lower().replace(" ", "-")


def post_id_of(party: str) -> str | None:
    """The post a party names, or None for a person or a named party."""
    return party[len(POST_PREFIX) :] if party.startswith(POST_PREFIX) else None


def party_of_old_text(text: str) -> str:
    """A party as an earlier record typed it: the post it names, or the text as it was."""
    post_id = OLD_POST_TITLES.get(" ".join(text.split()).casefold())
    return post_party(post_id) if post_id else text


def parties_upcast(*names: str) -> Any:
    """An upcast that reads the fields ``names`` of an older event as parties."""

    def upcast(state: dict[str, Any]) -> None:
        for name in names:
            if isinstance(state.get(name), str):
                state[name] = party_of_old_text(state[name])

    return staticmethod(upcast)
