"""The parse of a passage shared between worker processes (same_quantity.share_parses): a text
parsed by one process is read back, not parsed again, by another, and reads back equal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pipeline.checking import same_quantity as sq

TEXTS = ("The coastguard said 212 passengers were taken off the ferry in Northport on Monday.",
         "How many people were evacuated? A total of 1,927 people left the coastal region, about 40% of them children.",
         "Officials have been under pressure over the budget for weeks.")


class DictCache:
    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.data.get(key)

    def put(self, key: str, value: str) -> None:
        self.data[key] = value


@pytest.fixture()
def cache() -> Iterator[DictCache]:
    c = DictCache()
    sq.share_parses(c)
    yield c
    sq.share_parses(None)


def test_a_parse_is_read_back_equal_and_not_parsed_again(cache: DictCache, monkeypatch: pytest.MonkeyPatch) -> None:
    first = [sq._parsed(t) for t in TEXTS]  # "process A" parses and shares
    assert len(cache.data) == len(TEXTS)
    sq._parsed.cache_clear()  # "process B": nothing parsed in this process yet
    parses: list[str] = []
    real = sq._parse
    monkeypatch.setattr(sq, "_parse", lambda text: (parses.append(text), real(text))[1])
    assert [sq._parsed(t) for t in TEXTS] == first
    assert parses == []
    assert first == [real(t) for t in TEXTS]


def test_an_unreadable_value_is_parsed_again(cache: DictCache) -> None:
    expected = sq._parse(TEXTS[0])
    sq._parsed(TEXTS[0])
    sq._parsed.cache_clear()
    for key in cache.data:
        cache.data[key] = "{not json"
    assert sq._parsed(TEXTS[0]) == expected


def test_without_a_cache_nothing_is_shared() -> None:
    sq.share_parses(None)
    assert sq._parsed(TEXTS[2]) == sq._parse(TEXTS[2])
