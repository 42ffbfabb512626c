"""Which steps of an open article the queue has lost (pipeline/stranded.py), without Redis."""

from __future__ import annotations

from pipeline.stranded import OpenArticle, Work, confirmed, lost_work


def article(**kw: object) -> OpenArticle:
    base: dict[str, object] = dict(aid="a_1", status="running", registered=True, claims=("c_1", "c_2"),
                                   open_claims=("c_1", "c_2"))
    base.update(kw)
    return OpenArticle(**base)  # type: ignore[arg-type]


def test_finished_articles_and_articles_a_message_names_have_nothing_lost() -> None:
    assert lost_work(article(status="done"), set()) == []
    assert lost_work(article(status="failed"), set()) == []
    assert lost_work(article(), {"a_1"}) == []  # an extract or finalise message carries it on


def test_an_unregistered_article_no_message_names_is_prepared_again() -> None:
    assert lost_work(article(status="queued", registered=False, claims=(), open_claims=()), set()) == [
        Work("prepare", "a_1", "a_1")]
    assert lost_work(article(status="queued", registered=False, claims=(), open_claims=()), {"a_2"}) == [
        Work("prepare", "a_1", "a_1")]


def test_only_open_claims_without_a_message_are_sent_again() -> None:
    assert lost_work(article(), {"c_1"}) == [Work("claim", "c_2", "a_1")]
    assert lost_work(article(), {"c_1", "c_2"}) == []
    assert lost_work(article(open_claims=("c_2",)), {"c_1"}) == [Work("claim", "c_2", "a_1")]


def test_an_article_with_every_verdict_in_is_finalised_once_no_judge_is_still_finishing() -> None:
    assert lost_work(article(open_claims=()), set()) == [Work("finalise", "a_1", "a_1")]
    assert lost_work(article(open_claims=()), {"c_2"}) == []  # the last judge will enqueue the finalise
    assert lost_work(article(claims=(), open_claims=()), set()) == [Work("finalise", "a_1", "a_1")]


def test_work_is_due_only_when_lost_at_two_looks_grace_apart() -> None:
    w = Work("claim", "c_1", "a_1")
    due, marks = confirmed([w], {}, now=100.0, grace=15.0)
    assert due == [] and marks == {"claim:c_1": 100.0}
    due, marks = confirmed([w], marks, now=110.0, grace=15.0)
    assert due == [] and marks == {"claim:c_1": 100.0}  # the first sighting is kept
    due, marks = confirmed([w], marks, now=115.0, grace=15.0)
    assert due == [w] and marks == {}


def test_work_seen_again_in_the_queue_is_forgotten_so_misses_never_add_up() -> None:
    w = Work("claim", "c_1", "a_1")
    _, marks = confirmed([w], {}, now=100.0, grace=15.0)
    _, marks = confirmed([], marks, now=110.0, grace=15.0)  # its message showed up: forgotten
    assert marks == {}
    due, marks = confirmed([w], marks, now=120.0, grace=15.0)
    assert due == [] and marks == {"claim:c_1": 120.0}
