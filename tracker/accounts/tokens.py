"""API bearer tokens: how one is made, written out, read back and kept.

A token reads "trk.<username>.<token id>.<secret>". The account keeps only a digest of the
secret: the secret is random and long, so a fast hash keeps it safe to store.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "trk"


def new_token() -> tuple[str, str]:
    """A fresh token id and secret (256 random bits)."""
    return secrets.token_hex(8), secrets.token_urlsafe(32)


def bearer(username: str, token_id: str, secret: str) -> str:
    """The token as its holder presents it: prefix, username, token id and secret."""
    return ".".join((TOKEN_PREFIX, username, token_id, secret))


def parse_bearer(value: str) -> tuple[str, str, str] | None:
    """(username, token id, secret) of a bearer token, or None if it is not one of ours."""
    prefix, _, rest = value.strip().partition(".")
    parts = rest.rsplit(".", 2)  # a username may hold dots; the id and the secret never do
    if prefix != TOKEN_PREFIX or len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


def secret_digest(secret: str) -> str:
    """What the account keeps of a token's secret."""
    return hashlib.sha256(secret.encode()).hexdigest()
