"""kombu's Redis transport, keeping a message it took off its queue but could not record.

Why: kombu pops a message (BRPOP) and only then records it as unacknowledged (``unacked``); when
that write fails (Redis stopping between the two, or refusing writes when full) the message is in
neither place and is lost for good: the article it belonged to stayed running. This transport's
QoS keeps such a message in the process, and the worker's recovery beat puts it back on its queue
once Redis answers (``take_stranded`` + ``Recovery.put_back``).

Likewise when the broker connection drops, kombu puts the messages the worker held back on their
queues; with Redis down that fails, the worker forgets them and they wait in ``unacked`` for the
visibility timeout (600 s by default). Their tags are kept and restored once Redis answers
(``take_orphans`` + ``Recovery.restore``), as kombu would have done. Configured by ``config.celery``
for Redis brokers.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from kombu.transport import redis as kombu_redis

_lock = threading.Lock()
_stranded: list[tuple[str, str, str]] = []  # (payload JSON, exchange, routing key)
_orphans: list[str] = []  # delivery tags kombu failed to restore


def take_orphans() -> list[str]:
    """Delivery tags of held messages kombu could not restore on a lost connection, emptied."""
    with _lock:
        taken = list(_orphans)
        _orphans.clear()
    return taken


def orphan(tags: list[str]) -> None:
    with _lock:
        _orphans.extend(tags)


def take_stranded() -> list[tuple[str, str, str]]:
    """The messages this process took but could not record, emptied (put back what fails again)."""
    with _lock:
        taken = list(_stranded)
        _stranded.clear()
    return taken


def strand(payload: str, exchange: str, routing_key: str) -> None:
    with _lock:
        _stranded.append((payload, exchange, routing_key))


class KeepingQoS(kombu_redis.QoS):
    def append(self, message: Any, delivery_tag: str) -> None:
        try:
            super().append(message, delivery_tag)
        except Exception:
            info = message.delivery_info
            strand(json.dumps(message._raw), info.get("exchange") or "", info.get("routing_key") or "")
            raise

    def restore_unacked(self, client: Any = None) -> None:
        delivered = self._delivered
        tags = [str(t) for t in delivered or ()]
        try:
            super().restore_unacked(client)
        except Exception:
            orphan(tags)
            if delivered is not None:
                delivered.clear()
            raise


class Channel(kombu_redis.Channel):
    QoS = KeepingQoS


class Transport(kombu_redis.Transport):
    Channel = Channel
