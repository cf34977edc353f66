"""The chain's published format, digests, and what verification reports."""

from __future__ import annotations

import hashlib
from uuid import UUID

import pytest

from events.chain import GENESIS, ChainEntry, chain_hash, event_hash, extend_chain
from events.digest import Digest
from events.stored_row import StoredRow
from events.verification import verify_chain

ITEM = UUID("12345678-1234-5678-1234-567812345678")


def rows(count: int) -> list[StoredRow]:
    return [
        StoredRow(n, ITEM, n, "TaskingReceived", f'{{"n":{n}}}'.encode())
        for n in range(1, count + 1)
    ]


def chained(stored: list[StoredRow]) -> list[ChainEntry]:
    entries, previous = [], GENESIS
    for row in stored:
        [entry] = extend_chain(
            previous, [(row.position, row.event_hash())], "2026-11-26T10:00:00.000000Z"
        )
        entries.append(entry)
        previous = entry.chain_hash
    return entries


def test_the_hashes_follow_the_documented_recipe_exactly():
    state = b'{"title":"x"}'
    state_hex = hashlib.sha256(state).hexdigest()
    expected_event = hashlib.sha256(f"{ITEM}\n1\nTaskingReceived\n{state_hex}".encode()).hexdigest()
    assert event_hash(ITEM, 1, "TaskingReceived", state) == expected_event
    expected_chain = hashlib.sha256(f"{GENESIS}\n7\nT\n{expected_event}".encode()).hexdigest()
    assert chain_hash(GENESIS, 7, "T", expected_event) == expected_chain


def test_an_untouched_log_verifies_and_reports_its_head():
    stored = rows(5)
    result = verify_chain(stored, chained(stored))
    assert result.intact and result.events == 5
    assert result.head.position == 5 and result.head.chain_hash == chained(stored)[-1].chain_hash


def test_a_rewritten_chain_entry_is_caught_even_when_its_event_is_intact():
    stored = rows(3)
    entries = chained(stored)
    entries[1] = ChainEntry(2, entries[1].recorded_at, entries[1].event_hash, "f" * 64)
    result = verify_chain(stored, entries)
    assert str(result.problems[0]).startswith(
        "position 2: the chain entry does not follow from the one before it (position 1)"
    )


def test_a_digest_line_survives_being_quoted_and_wrapped_in_an_email():
    digest = Digest(42, "a" * 64, "2026-11-26T10:00:00.000000Z")
    mailed = "> Daily chain digest:\n> " + digest.line().replace(" hash=", "\n>  hash=")
    assert Digest.parse(mailed) == digest


@pytest.mark.parametrize("text", ["", "position=1", "tracker-digest position=x hash=abc"])
def test_a_malformed_digest_line_is_refused_with_the_expected_shape(text):
    with pytest.raises(ValueError, match="tracker-digest position=N"):
        Digest.parse(text)


def test_a_digest_from_a_different_history_is_refused():
    stored = rows(4)
    other = Digest(2, "b" * 64, "2026-11-26T10:00:00.000000Z")
    result = verify_chain(stored, chained(stored), other)
    assert str(result.problems[0]) == (
        "position 2: the log no longer extends the digest: history up to it was rewritten"
    )
