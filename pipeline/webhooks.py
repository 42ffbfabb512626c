"""Callback signatures in the Standard Webhooks scheme, so a receiver can tell our POSTs from forgeries.

The signed content is ``{webhook-id}.{webhook-timestamp}.{body}``; the signature header is
``v1,<base64 HMAC-SHA256>``. The id stays the same across retries of one delivery (receivers
de-duplicate on it); the timestamp is the attempt's, so receivers can refuse old replays.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

PREFIX = "whsec_"


def secret_bytes(secret: str) -> bytes:
    """A ``whsec_<base64>`` secret decoded; any other string is used as its UTF-8 bytes."""
    if secret.startswith(PREFIX):
        try:
            return base64.b64decode(secret[len(PREFIX):], validate=True)
        except (binascii.Error, ValueError):
            pass
    return secret.encode("utf-8")


def signature(secret: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(secret, signed, hashlib.sha256).digest()).decode()


def headers(secret: str | None, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The Standard Webhooks headers of one attempt (id and timestamp even when unsigned)."""
    out = {"webhook-id": msg_id, "webhook-timestamp": str(timestamp)}
    if secret:
        out["webhook-signature"] = signature(secret_bytes(secret), msg_id, timestamp, body)
    return out


def verify(secret: str, msg_id: str, timestamp: int, body: bytes, header: str) -> bool:
    """True when one of the header's space-separated ``v1,`` signatures matches (for receivers and tests)."""
    expected = signature(secret_bytes(secret), msg_id, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in header.split())
