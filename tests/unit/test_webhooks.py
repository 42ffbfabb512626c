"""Callback signatures follow the Standard Webhooks scheme (checked against the scheme's published example)."""

from __future__ import annotations

from pipeline import webhooks

# the example of the Standard Webhooks specification
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TIMESTAMP = 1614265330
BODY = b'{"test": 2432232314}'
EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_signature_matches_the_specification_example() -> None:
    assert webhooks.signature(webhooks.secret_bytes(SECRET), MSG_ID, TIMESTAMP, BODY) == EXPECTED
    sent = webhooks.headers(SECRET, MSG_ID, TIMESTAMP, BODY)
    assert sent == {"webhook-id": MSG_ID, "webhook-timestamp": str(TIMESTAMP), "webhook-signature": EXPECTED}


def test_verify_refuses_a_changed_body_time_or_id_and_accepts_one_of_several() -> None:
    assert webhooks.verify(SECRET, MSG_ID, TIMESTAMP, BODY, f"v1,bm90IGl0 {EXPECTED}")
    assert not webhooks.verify(SECRET, MSG_ID, TIMESTAMP, BODY + b" ", EXPECTED)
    assert not webhooks.verify(SECRET, MSG_ID, TIMESTAMP + 1, BODY, EXPECTED)
    assert not webhooks.verify(SECRET, "msg_other", TIMESTAMP, BODY, EXPECTED)


def test_unsigned_without_a_secret_and_plain_secrets_are_their_bytes() -> None:
    assert "webhook-signature" not in webhooks.headers(None, MSG_ID, TIMESTAMP, BODY)
    assert webhooks.secret_bytes("plain secret") == b"plain secret"
    assert webhooks.secret_bytes("whsec_%%%") == b"whsec_%%%"
