"""Where the time goes: pyinstrument over the in-process path on a few articles.

Two views of one profile: the project functions with the most cumulative time (which stage),
and the frames with the most self time (which code inside it, libraries included).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.models import ArticleInput

REPO = str(Path(__file__).resolve().parents[1])


@dataclass(frozen=True)
class Hotspot:
    where: str
    seconds: float
    share: float


def _walk(frame: object, on_stack: frozenset[str], cumulative: dict[str, float], self_time: dict[str, float]) -> None:
    # pyinstrument shows a frame's own time as a synthetic "[self]" child: fold it back into the frame
    children = [c for c in frame.children if not c.is_synthetic]  # type: ignore[attr-defined]
    where = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"  # type: ignore[attr-defined]
    total = float(frame.time)  # type: ignore[attr-defined]
    own = total - sum(float(c.time) for c in children)
    if frame.file_path_short != "<thread>":  # type: ignore[attr-defined]  # a thread's root: no code of its own
        self_time[where] = self_time.get(where, 0.0) + max(own, 0.0)
    path = str(frame.file_path or "")  # type: ignore[attr-defined]
    if path.startswith(REPO) and "/.venv/" not in path and "/bench/" not in path and where not in on_stack:
        cumulative[where] = cumulative.get(where, 0.0) + total
        on_stack = on_stack | {where}
    for child in children:
        _walk(child, on_stack, cumulative, self_time)


def _top(table: dict[str, float], total: float, n: int) -> list[Hotspot]:
    ranked = sorted(table.items(), key=lambda kv: -kv[1])[:n]
    return [Hotspot(k, v, v / total if total else 0.0) for k, v in ranked]


def profile_inprocess(inputs: Sequence[ArticleInput], top: int = 8) -> tuple[list[Hotspot], list[Hotspot], float]:
    """(project functions by cumulative time, frames by self time, profiled seconds)."""
    from pyinstrument import Profiler

    from bench.inprocess import local_fetcher, run_serial

    fetcher = local_fetcher()
    run_serial(inputs[:1], fetcher)  # models loaded outside the profile
    profiler = Profiler(interval=0.001)
    profiler.start()
    run_serial(inputs, fetcher)
    profiler.stop()
    root = profiler.last_session.root_frame() if profiler.last_session else None
    if root is None:
        return [], [], 0.0
    cumulative: dict[str, float] = {}
    self_time: dict[str, float] = {}
    _walk(root, frozenset(), cumulative, self_time)
    total = float(root.time)
    return _top(cumulative, total, top), _top(self_time, total, top), total
