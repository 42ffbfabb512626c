"""The Redis state, composed: one client and prefix, one small adapter per concern.

Each attribute is the adapter of one port of ``pipeline/ports.py``; callers take the one they
use (``state.articles``, ``state.verdicts``...). Built by the composition root
(``pipeline.adapters.wiring.state``) or, in tests, over a client with ``over``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline.adapters.desk_store import RedisDesk
from pipeline.adapters.redis_articles import RedisArticles
from pipeline.adapters.redis_deadlines import RedisDeadlines, RedisDeliveries
from pipeline.adapters.redis_events import RedisEventLog
from pipeline.adapters.redis_facts import RedisFacts
from pipeline.adapters.redis_keys import RedisKeys, connect
from pipeline.adapters.redis_keys import unavailable_on_connection_error as _guarded
from pipeline.adapters.redis_ratelimit import RedisSubmissionLimit
from pipeline.adapters.redis_sources import RedisSourceCache
from pipeline.adapters.redis_stats import RedisStats
from pipeline.adapters.redis_verdicts import RedisVerdicts
from pipeline.models import Report
from pipeline.ports import StateStore
from pipeline.reporting import read_report


@dataclass(frozen=True)
class RedisState:
    """newscheck's Redis state, by concern (the keys: ``pipeline.adapters.redis_keys``)."""

    keys: RedisKeys
    articles: RedisArticles
    verdicts: RedisVerdicts
    sources: RedisSourceCache
    events: RedisEventLog
    stats: RedisStats
    deadlines: RedisDeadlines
    deliveries: RedisDeliveries
    submissions: RedisSubmissionLimit
    facts: RedisFacts
    desk: RedisDesk

    @classmethod
    def over(cls, client: Any, *, prefix: str = "nc", events_maxlen: int = 1000) -> RedisState:
        keys = RedisKeys(client, prefix=prefix, events_maxlen=events_maxlen)
        articles, verdicts = RedisArticles(keys), RedisVerdicts(keys)
        return cls(keys=keys, articles=articles, verdicts=verdicts, sources=RedisSourceCache(keys),
                   events=RedisEventLog(keys), stats=RedisStats(keys), deadlines=RedisDeadlines(keys),
                   deliveries=RedisDeliveries(keys), submissions=RedisSubmissionLimit(keys), facts=RedisFacts(keys),
                   desk=RedisDesk(keys, articles, verdicts))

    @classmethod
    def from_url(cls, url: str, *, prefix: str = "nc", events_maxlen: int = 1000) -> RedisState:
        return cls.over(connect(url), prefix=prefix, events_maxlen=events_maxlen)

    @property
    def r(self) -> Any:
        """The shared client (tools and tests that read keys as stored)."""
        return self.keys.r

    @_guarded
    def ping(self) -> bool:
        return bool(self.keys.r.ping())

    def report(self, aid: str) -> Report | None:
        """The article's report (``pipeline.reporting.read_report`` over the ports)."""
        return read_report(self.articles, self.verdicts, self.facts, aid)


if TYPE_CHECKING:  # mypy checks that the composite implements the port
    _port: type[StateStore] = RedisState
