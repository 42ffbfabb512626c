"""Fast recovery's Lua on a real Redis, with messages delivered by kombu itself (issue 13)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from kombu import Connection, Exchange, Queue

from pipeline.adapters.redis_recovery import SEP, Recovery

QUEUE = Queue("cpu", Exchange("cpu"), routing_key="cpu")


def deliver(redis_url: str, n: int, **publish: Any) -> tuple[Connection, list[Any]]:
    """Publish n messages and receive them unacknowledged: kombu puts them in ``unacked``."""
    conn = Connection(redis_url)
    with conn.Producer() as producer:
        for i in range(n):
            producer.publish({"n": i}, exchange=QUEUE.exchange, routing_key="cpu", declare=[QUEUE], **publish)
    queue = QUEUE(conn.default_channel)
    messages = [queue.get(no_ack=False) for _ in range(n)]
    assert all(messages)
    return conn, messages


def recovery(redis_client: Any, worker: str) -> Recovery:
    import redis

    client = redis.Redis(connection_pool=redis_client.connection_pool)
    return Recovery(client, worker, beat_ttl_s=0.3, grace_s=0.3)


def test_a_dead_workers_messages_go_back_once_and_a_live_workers_stay(redis_url: str, redis_client: Any) -> None:
    conn, messages = deliver(redis_url, 3)
    stored = {m.delivery_tag: json.loads(redis_client.hget("unacked", m.delivery_tag))[0] for m in messages}
    dead, alive = recovery(redis_client, "dead"), recovery(redis_client, "alive")
    dead.beat()
    alive.beat()
    dead.received(messages[0].delivery_tag, "t0")
    dead.received(messages[1].delivery_tag, "t1")
    alive.received(messages[2].delivery_tag, "t2")
    assert alive.sweep() == 0  # everyone beating: nothing moves
    time.sleep(0.4)  # "dead" stops beating; its beat expires
    alive.beat()
    assert alive.sweep() == 0  # first seen missing: only a suspect
    time.sleep(0.4)
    alive.beat()
    assert alive.sweep() == 2
    assert alive.sweep() == 0  # once per tag
    requeued = [json.loads(raw) for raw in redis_client.lrange("cpu", 0, -1)]
    assert sorted(p["properties"]["delivery_tag"] for p in requeued) == sorted(t for t in list(stored)[:2])
    assert all(p == stored[p["properties"]["delivery_tag"]] for p in requeued)  # payload unchanged
    assert redis_client.hexists("unacked", messages[2].delivery_tag)  # the live worker's stays
    assert not redis_client.hexists("unacked", messages[0].delivery_tag)
    assert not redis_client.zscore("unacked_index", messages[0].delivery_tag)
    assert "dead" not in redis_client.smembers("nc:workers")
    conn.release()


def test_a_worker_beating_again_after_a_restart_is_not_swept(redis_url: str, redis_client: Any) -> None:
    conn, messages = deliver(redis_url, 1)
    slow, other = recovery(redis_client, "slow"), recovery(redis_client, "other")
    slow.beat()
    slow.received(messages[0].delivery_tag, "t0")
    time.sleep(0.4)  # every beat expired at once, as after a long Redis outage
    other.beat()
    assert other.sweep() == 0
    slow.beat()  # it beats again within the grace period
    time.sleep(0.4)
    other.beat()
    assert other.sweep() == 0
    assert redis_client.hexists("unacked", messages[0].delivery_tag)
    conn.release()


@pytest.mark.parametrize("priority", [0, 5, 9])
def test_messages_go_back_to_kombus_priority_queue(redis_url: str, redis_client: Any, priority: int) -> None:
    conn, messages = deliver(redis_url, 1, priority=priority)
    dead, alive = recovery(redis_client, "dead"), recovery(redis_client, "alive")
    dead.beat()
    dead.received(messages[0].delivery_tag, "t0")
    time.sleep(0.4)
    alive.beat()
    alive.sweep()
    time.sleep(0.4)
    alive.beat()
    assert alive.sweep() == 1
    again = QUEUE(conn.default_channel).get(no_ack=True)  # kombu itself finds it where it belongs
    assert again is not None and again.payload == {"n": 0}
    conn.release()


def test_acknowledged_deliveries_are_pruned(redis_url: str, redis_client: Any) -> None:
    conn, messages = deliver(redis_url, 2)
    me = recovery(redis_client, "me")
    me.beat()
    for m in messages:
        me.received(m.delivery_tag, "t")
    messages[0].ack()
    me.sweep()
    assert redis_client.hkeys("nc:inflight:me") == [messages[1].delivery_tag]
    conn.release()


def test_pending_ids_name_what_celery_messages_carry_waiting_reserved_and_on_priority_queues(
        redis_url: str, redis_client: Any) -> None:
    """Reconciliation (pipeline/stranded.py) must see every message of Celery's own form: waiting in a
    queue, on a priority sub-queue, or delivered and not yet acknowledged."""
    from celery import Celery

    app = Celery("t", broker=redis_url)
    app.conf.task_queues = [QUEUE]
    for arg, priority in (("c_waiting", None), ("a_urgent", 9), ("c_reserved", None)):
        app.send_task("newscheck.judge_claim", args=[arg], queue="cpu", priority=priority)
    rec = recovery(redis_client, "w")
    assert rec.pending_ids(["cpu", "io"]) == {"c_waiting", "a_urgent", "c_reserved"}  # all waiting
    assert any(SEP in k for k in redis_client.keys("cpu*")), "a priority sub-queue was used"
    conn = Connection(redis_url)
    held = None
    deadline = time.monotonic() + 5
    while held is None and time.monotonic() < deadline:  # take one (the priority one comes first)
        held = QUEUE(conn.default_channel).get(no_ack=False)
    assert held is not None and redis_client.hlen("unacked") == 1
    assert rec.pending_ids(["cpu", "io"]) == {"c_waiting", "a_urgent", "c_reserved"}
    held.ack()
    assert len(rec.pending_ids(["cpu"])) == 2
    conn.release()


def test_a_turn_goes_to_one_worker_per_period(redis_client: Any) -> None:
    one, other = recovery(redis_client, "one"), recovery(redis_client, "other")
    assert one.take_turn("reconcile", 0.3) and not other.take_turn("reconcile", 0.3)
    time.sleep(0.4)
    assert other.take_turn("reconcile", 0.3)


def test_an_unrecorded_delivery_goes_back_only_when_no_live_worker_holds_it(redis_url: str, redis_client: Any) -> None:
    """kombu records a delivery in ``unacked`` before the worker records it as its own: a worker
    killed in between left a message only the 600 s visibility timeout would bring back."""
    conn, messages = deliver(redis_url, 2)
    alive = Recovery(redis_client, "alive", beat_ttl_s=5, grace_s=0.3, orphan_s=0.2)
    alive.beat()
    assert alive.hold([messages[1].delivery_tag]) == 1  # the live worker holds the second one
    time.sleep(0.3)  # both delivered longer ago than orphan_s
    assert alive.sweep() == 0  # first seen orphaned: only marked
    time.sleep(0.4)
    alive.beat()
    assert alive.sweep() == 1 and alive.sweep() == 0
    assert [json.loads(raw)["properties"]["delivery_tag"] for raw in redis_client.lrange("cpu", 0, -1)] == [
        messages[0].delivery_tag]
    assert redis_client.hexists("unacked", messages[1].delivery_tag)  # held: it stays
    messages[1].ack()
    assert alive.hold([messages[1].delivery_tag]) == 0  # acknowledged: no longer recorded
    assert not redis_client.exists("nc:inflight:alive")
    conn.release()


def test_a_message_its_worker_let_go_of_without_a_restore_goes_back(redis_url: str, redis_client: Any) -> None:
    """Celery drops its reserved requests when its connection closes; kombu's restore of them fails
    while Redis is away, so they stay unacknowledged and recorded as held by a worker that lives on."""
    conn, messages = deliver(redis_url, 1)
    alive = Recovery(redis_client, "alive", beat_ttl_s=5, grace_s=0.3, orphan_s=0.1)
    alive.beat()
    alive.received(messages[0].delivery_tag, "t0")
    time.sleep(0.2)
    assert alive.sweep() == 0  # held
    alive.hold([])  # reconnected: it holds nothing any more
    assert alive.sweep() == 0  # marked
    time.sleep(0.4)
    assert alive.sweep() == 1 and redis_client.llen("cpu") == 1
    conn.release()


def test_an_orphan_whose_worker_records_it_before_the_second_sweep_stays(redis_url: str, redis_client: Any) -> None:
    conn, messages = deliver(redis_url, 1)
    alive = Recovery(redis_client, "alive", beat_ttl_s=5, grace_s=0.3, orphan_s=0.1)
    alive.beat()
    time.sleep(0.2)
    assert alive.sweep() == 0  # marked
    alive.hold([messages[0].delivery_tag])  # its record heals (it had failed while Redis was away)
    time.sleep(0.4)
    assert alive.sweep() == 0 and redis_client.hexists("unacked", messages[0].delivery_tag)
    conn.release()
