"""The signature module, without Django."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from baton.engagement.webhooks import SignatureError, parse_header, sign, verify

SECRET = "s3cret"
BODY = b'{"events": []}'


def test_sign_is_hmac_sha256_of_timestamp_dot_body() -> None:
    expected = hmac.new(b"s3cret", b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, BODY, 1700000000) == f"t=1700000000,v1={expected}"


@pytest.mark.parametrize("delta", [0, 299, -300, 300])
def test_within_tolerance(delta: int) -> None:
    verify(secret=SECRET, header=sign(SECRET, BODY, 1000), body=BODY, now=1000 + delta)


def test_one_of_several_v1_values_may_match() -> None:
    good = sign(SECRET, BODY, 1000).split("v1=")[1]
    verify(secret=SECRET, header=f"t=1000,v1={'0' * 64},v1={good}", body=BODY, now=1000)


@pytest.mark.parametrize(
    "header", ["", "t=abc,v1=00", "v1=00", "t=1000", "garbage", "t=1000,v1=" + "0" * 64]
)
def test_refused(header: str) -> None:
    with pytest.raises(SignatureError):
        verify(secret=SECRET, header=header, body=BODY, now=1000)


def test_parse_header() -> None:
    assert parse_header(" t=12 , v1=AB ") == (12, ["ab"])
