"""Fast redelivery of a dead worker's messages, on kombu's Redis transport.

Why: kombu keeps every delivered, unacknowledged message in the ``unacked`` hash (tag ->
``[payload, exchange, routing_key]``) and the ``unacked_index`` sorted set (tag -> delivery time),
and gives it back to its queue only after the visibility timeout (600 s by default): a SIGKILLed
worker's batch waited ten minutes. Shortening the timeout would hand running tasks out twice.

Instead each worker process beats (a key with a TTL) and records the delivery tag of every
message it receives. A worker whose beat has been missing for a grace period (seen missing by
one sweep, still missing at a later sweep, so a Redis restart that expired every beat at once
never counts a live worker as dead) is dead: its recorded tags that are still unacknowledged go
back to their queues (the right end, next to be consumed, as kombu's ``restore_by_tag``), once
per tag since the restore removes them from ``unacked`` in the same script. The visibility
timeout stays as the backstop. The script reads kombu's binding table for the queue name and
keeps kombu's priority queues (``queue\\x06\\x16<step>``).

A message kombu recorded as unacknowledged that no worker recorded as its own (the worker died
between kombu's write and its own, or its write failed while Redis was away) is an orphan: once
it was delivered longer than ``orphan_s`` ago and no live worker holds it at two sweeps a grace
apart, it goes back too. Each live worker writes what it holds again at every beat, so a record
that failed (Redis away) heals before the second sweep, and what it let go of (Celery drops its
reserved and scheduled requests when its connection closes, and kombu's restore of them fails
while Redis is away) is no longer counted as held.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import redis

from pipeline.adapters.redis_keys import unavailable_on_connection_error as _unavailable_on_connection_error

SEP = "\x06\x16"
PRIORITY_STEPS = (3, 6, 9)  # kombu's default priority sub-queues: queue, queue\x06\x163, ...


def first_argument(message: Mapping[str, Any]) -> str | None:
    """The first argument (an article or claim id) of a Celery task message as kombu stores it."""
    body = message.get("body")
    if isinstance(body, str):
        try:
            raw = base64.b64decode(body) if (message.get("properties") or {}).get("body_encoding") == "base64" else body
            decoded = json.loads(raw)
        except (ValueError, TypeError):
            decoded = None
        args = decoded[0] if isinstance(decoded, list) and decoded else None
        if isinstance(args, list) and args and isinstance(args[0], str):
            return args[0]
    return None

# KEYS: beat, workers, suspect. ARGV: worker id, beat ttl ms.
BEAT = """
redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[3])
return 1
"""

# KEYS: workers, unacked, unacked_index. ARGV: key prefix, grace ms, separator, orphan ms.
# Returns the number of messages put back.
SWEEP = """
local now = redis.call('TIME')
local t = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local grace = tonumber(ARGV[2])
local sep = ARGV[3]
local steps = {0, 3, 6, 9}

local function queue_of(payload, ex, rk)
  local q = rk
  if ex ~= '' then
    for _, member in ipairs(redis.call('SMEMBERS', '_kombu.binding.' .. ex)) do
      local a = string.find(member, sep, 1, true)
      if a and string.sub(member, 1, a - 1) == rk then
        local b = string.find(member, sep, a + #sep, true)
        if b then q = string.sub(member, b + #sep) end
        break
      end
    end
  end
  local ok, decoded = pcall(cjson.decode, payload)
  local pri = 0
  if ok and type(decoded) == 'table' and type(decoded['properties']) == 'table' then
    pri = tonumber(decoded['properties']['priority']) or 0
  end
  local step = 0
  for _, s in ipairs(steps) do if pri >= s then step = s end end
  if step > 0 then q = q .. sep .. step end
  return q
end

local function restore(tag)
  local raw = redis.call('HGET', KEYS[2], tag)
  if not raw then return 0 end
  local payload, ex, rk = string.match(raw, '^%[(.*),%s*"([^"]*)",%s*"([^"]*)"%]$')
  if not payload then return 0 end  -- not kombu's form: left to the visibility timeout
  redis.call('HDEL', KEYS[2], tag)
  redis.call('ZREM', KEYS[3], tag)
  redis.call('RPUSH', queue_of(payload, ex, rk), payload)
  return 1
end

local restored = 0
for _, w in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local beat = ARGV[1] .. ':worker:' .. w
  local suspect = ARGV[1] .. ':suspect:' .. w
  if redis.call('EXISTS', beat) == 0 then
    local since = redis.call('GET', suspect)
    if not since then
      redis.call('SET', suspect, t, 'PX', grace * 10)
    elseif t - tonumber(since) >= grace then
      local inflight = ARGV[1] .. ':inflight:' .. w
      for _, tag in ipairs(redis.call('HKEYS', inflight)) do
        restored = restored + restore(tag)
      end
      redis.call('DEL', inflight, suspect)
      redis.call('SREM', KEYS[1], w)
    end
  end
end
local live = redis.call('SMEMBERS', KEYS[1])
local orphans = ARGV[1] .. ':orphans'
local orphaned = {}
local cutoff = (t - tonumber(ARGV[4])) / 1000
for _, tag in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', cutoff)) do
  local held = false
  for _, w in ipairs(live) do
    if redis.call('HEXISTS', ARGV[1] .. ':inflight:' .. w, tag) == 1 then held = true; break end
  end
  if not held then  -- seen orphaned at two sweeps a grace apart: every live worker has beaten since
    orphaned[tag] = true
    local since = redis.call('HGET', orphans, tag)
    if not since then
      redis.call('HSET', orphans, tag, t)
    elseif t - tonumber(since) >= grace then
      restored = restored + restore(tag)
      redis.call('HDEL', orphans, tag)
    end
  end
end
for _, tag in ipairs(redis.call('HKEYS', orphans)) do
  if not orphaned[tag] then redis.call('HDEL', orphans, tag) end
end
return restored
"""

# KEYS: inflight, unacked. ARGV: tags this worker holds now. Its record becomes exactly those still
# unacknowledged: a record that failed heals, and what it no longer holds (Celery drops reserved and
# scheduled requests when its connection closes) stops counting as held.
HOLD = """
redis.call('DEL', KEYS[1])
local kept = 0
for _, tag in ipairs(ARGV) do
  if redis.call('HEXISTS', KEYS[2], tag) == 1 then
    redis.call('HSET', KEYS[1], tag, '1')
    kept = kept + 1
  end
end
return kept
"""

# KEYS: inflight, unacked. Drops records of messages acknowledged since (kept small while alive).
PRUNE = """
local dropped = 0
for _, tag in ipairs(redis.call('HKEYS', KEYS[1])) do
  if redis.call('HEXISTS', KEYS[2], tag) == 0 then
    redis.call('HDEL', KEYS[1], tag)
    dropped = dropped + 1
  end
end
return dropped
"""


def _messages(raw_items: Iterable[bytes | str], *, wrapped: bool) -> Iterator[Mapping[str, Any]]:
    for raw in raw_items:
        try:
            item = json.loads(raw)
        except (ValueError, TypeError):
            continue
        if wrapped:  # unacked: [message, exchange, routing_key]
            item = item[0] if isinstance(item, list) and item else None
        if isinstance(item, dict):
            yield item


class Recovery:
    """One worker process's beat, delivery records and sweeps, on the broker's Redis."""

    def __init__(self, client: redis.Redis, worker: str, *, prefix: str = "nc", beat_ttl_s: float = 20.0,
                 grace_s: float = 10.0, orphan_s: float = 30.0) -> None:
        self.r = client
        self.worker = worker
        self.p = prefix
        self.beat_ttl_ms = int(beat_ttl_s * 1000)
        self.grace_ms = int(grace_s * 1000)
        self.orphan_ms = int(orphan_s * 1000)
        self._hold = client.register_script(HOLD)
        self._beat = client.register_script(BEAT)
        self._sweep = client.register_script(SWEEP)
        self._prune = client.register_script(PRUNE)

    @property
    def k_workers(self) -> str:
        return f"{self.p}:workers"

    def k_inflight(self, worker: str) -> str:
        return f"{self.p}:inflight:{worker}"

    @_unavailable_on_connection_error
    def beat(self) -> None:
        keys = [f"{self.p}:worker:{self.worker}", self.k_workers, f"{self.p}:suspect:{self.worker}"]
        self._beat(keys=keys, args=[self.worker, self.beat_ttl_ms])

    @_unavailable_on_connection_error
    def received(self, delivery_tag: str, task_id: str) -> None:
        """Record a message this worker holds (called as it is received, before it runs)."""
        self.r.hset(self.k_inflight(self.worker), delivery_tag, task_id)

    @_unavailable_on_connection_error
    def hold(self, tags: Iterable[str]) -> int:
        """Record exactly what this worker holds now (of what is still unacknowledged); how many."""
        return int(self._hold(keys=[self.k_inflight(self.worker), "unacked"], args=list(tags)))

    @_unavailable_on_connection_error
    def sweep(self) -> int:
        """Put dead workers' and orphaned unacknowledged messages back on their queues; how many."""
        self._prune(keys=[self.k_inflight(self.worker), "unacked"])
        return int(self._sweep(keys=[self.k_workers, "unacked", "unacked_index"],
                               args=[self.p, self.grace_ms, SEP, self.orphan_ms]))

    # ---- reconciling the queue with the state (pipeline/stranded.py)
    @_unavailable_on_connection_error
    def pending_ids(self, queues: Iterable[str]) -> set[str]:
        """The first argument of every message waiting in ``queues`` or delivered and not yet
        acknowledged (reserved, running or waiting on a retry countdown), on any worker."""
        pipe = self.r.pipeline(transaction=False)
        for q in queues:
            for key in (q, *(f"{q}{SEP}{step}" for step in PRIORITY_STEPS)):
                pipe.lrange(key, 0, -1)
        pipe.hvals("unacked")
        *waiting, delivered = pipe.execute()
        found = {first_argument(m) for items in waiting for m in _messages(items, wrapped=False)}
        found |= {first_argument(m) for m in _messages(delivered, wrapped=True)}
        found.discard(None)
        return {f for f in found if f is not None}

    @_unavailable_on_connection_error
    def take_turn(self, name: str, ttl_s: float) -> bool:
        """True for one worker per ``ttl_s`` seconds (the others skip this round)."""
        return bool(self.r.set(f"{self.p}:turn:{name}", self.worker, nx=True, px=max(1, int(ttl_s * 1000))))

    @_unavailable_on_connection_error
    def now(self) -> float:
        """Redis's clock, the same for every worker host."""
        secs, micros = self.r.time()
        return float(secs) + float(micros) / 1e6

    @_unavailable_on_connection_error
    def lost_marks(self) -> dict[str, float]:
        return {k.decode() if isinstance(k, bytes) else str(k): float(v)
                for k, v in self.r.hgetall(f"{self.p}:lost").items()}

    @_unavailable_on_connection_error
    def save_lost_marks(self, marks: Mapping[str, float]) -> None:
        pipe = self.r.pipeline()
        pipe.delete(f"{self.p}:lost")
        if marks:
            pipe.hset(f"{self.p}:lost", mapping={k: str(v) for k, v in marks.items()})
            pipe.expire(f"{self.p}:lost", 86_400)
        pipe.execute()

    @_unavailable_on_connection_error
    def count_resend(self, key: str, ttl_s: int = 86_400) -> int:
        """How many times this work has been sent again (the cap on resends, like redeliveries)."""
        name = f"{self.p}:resent:{key}"
        pipe = self.r.pipeline()
        pipe.incr(name)
        pipe.expire(name, ttl_s)
        return int(pipe.execute()[0])

    @_unavailable_on_connection_error
    def leave(self) -> None:
        """A clean stop: kombu has restored what this worker held; forget its records."""
        pipe = self.r.pipeline()
        pipe.delete(f"{self.p}:worker:{self.worker}", self.k_inflight(self.worker))
        pipe.srem(self.k_workers, self.worker)
        pipe.execute()
