"""The evidence index on both backends: SQLite FTS5 (a temp file) and PostgreSQL (the real server)."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Iterator

import pytest

from pipeline.adapters.evidence_index import (DAY_BAND, EvidenceIndex, PostgresEvidenceIndex, SqliteEvidenceIndex, day_band,
                                             match_terms, open_index)
from pipeline.corpus import CorpusEntry
from pipeline.discovery import DateWindow
from pipeline.errors import ConfigError
from pipeline.models import Document, to_dict

PG_DSN = "postgresql://127.0.0.1:5432/test"


def page(n: str, text: str, *, title: str = "", published: str | None = None, sha: str | None = None) -> Document:
    return Document(text=text, url=f"https://outlet.example/{n}", title=title or None, published=published, sha256=sha or n)


HARBOUR = page("harbour", "The port authority counted 4,200 container ships in the northern harbour this year.",
               title="Harbour traffic doubles", published="2019-06-14T09:00:00+00:00")
FLOODS = page("floods", "Heavy rain flooded the valley roads and closed two schools on Tuesday.",
              title="Floods close schools", published="2019-06-10")
OLD = page("old", "Container ships were counted in the harbour long ago by the port authority.",
           title="Archive", published="2001-02-03")


@pytest.fixture()
def pg_schema() -> Iterator[str]:
    psycopg = pytest.importorskip("psycopg")
    try:
        conn = psycopg.connect(PG_DSN, autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        pytest.skip(f"PostgreSQL is not reachable at {PG_DSN}: {exc}")
    schema = f"nc_test_{uuid.uuid4().hex[:10]}"
    conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield schema
    finally:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        conn.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EvidenceIndex]:
    if request.param == "sqlite":
        idx: EvidenceIndex = SqliteEvidenceIndex(tmp_path / "index" / "evidence.sqlite3")
    else:
        idx = PostgresEvidenceIndex(PG_DSN, schema=request.getfixturevalue("pg_schema"))
    try:
        yield idx
    finally:
        idx.close()


def test_search_ranks_the_page_matching_most_words_first(index: EvidenceIndex) -> None:
    for doc in (FLOODS, HARBOUR, OLD):
        assert index.add(doc)
    urls = index.search("port authority container ships northern harbour", limit=5)
    assert urls[0] == HARBOUR.url
    assert FLOODS.url not in urls
    assert index.search("schools flooded", limit=5) == [FLOODS.url]


def test_stemming_joins_word_forms(index: EvidenceIndex) -> None:
    index.add(FLOODS)
    assert index.search("flooding school", limit=3) == [FLOODS.url]


def test_date_window_excludes_pages_published_outside_it(index: EvidenceIndex) -> None:
    for doc in (HARBOUR, OLD):
        index.add(doc)
    window = DateWindow(date(2019, 5, 15), date(2019, 6, 22))
    assert index.search_window("container ships harbour", window, limit=5) == [HARBOUR.url]
    undated = page("undated", "Container ships in the harbour, date unknown.")
    index.add(undated)
    assert undated.url in index.search_window("container ships harbour", window, limit=5)


def test_stored_documents_come_back_whole(index: EvidenceIndex) -> None:
    index.add(HARBOUR)
    assert index.document(HARBOUR.url) == HARBOUR
    assert index.document("https://outlet.example/missing") is None


def test_same_copy_is_not_added_twice_and_a_new_copy_replaces_the_old(index: EvidenceIndex) -> None:
    assert index.add(HARBOUR) is True
    assert index.add(HARBOUR) is False
    assert index.count() == 1
    updated = Document(text="The port authority now counts 5,100 container ships.", url=HARBOUR.url,
                       title=HARBOUR.title, published=HARBOUR.published, sha256="changed")
    assert index.add(updated) is True
    assert index.count() == 1
    assert index.document(HARBOUR.url) == updated
    assert index.search("5100 OR 5,100 container", limit=3) == [HARBOUR.url]
    assert index.search("4,200", limit=3) == []


def test_query_syntax_characters_are_words_not_operators(index: EvidenceIndex) -> None:
    index.add(HARBOUR)
    assert index.search('"harbour" AND (ships: -NEAR) | !&', limit=3) == [HARBOUR.url]
    assert index.search("the of and", limit=3) == []


def test_match_terms_keeps_content_words_only() -> None:
    assert match_terms("The Mayor's 4,200 ships: \"NEAR\" the port!") == ["mayor", "4", "200", "ships", "near", "port"]


def test_open_index_by_url(tmp_path: Path) -> None:
    idx = open_index(f"sqlite:///{tmp_path}/sub/ev.sqlite3")
    assert isinstance(idx, SqliteEvidenceIndex) and (tmp_path / "sub" / "ev.sqlite3").exists()
    idx.close()
    with pytest.raises(ConfigError):
        open_index("mysql://somewhere/db")


def test_sqlite_index_persists_across_openings(tmp_path: Path) -> None:
    path = tmp_path / "ev.sqlite3"
    first = SqliteEvidenceIndex(path)
    first.add(HARBOUR)
    first.close()
    second = SqliteEvidenceIndex(path)
    assert second.search("container ships", limit=2) == [HARBOUR.url]
    second.close()


def test_two_postgres_clients_share_one_index(pg_schema: str) -> None:
    writer = PostgresEvidenceIndex(PG_DSN, schema=pg_schema)
    reader = PostgresEvidenceIndex(PG_DSN, schema=pg_schema)
    try:
        writer.add(FLOODS)
        assert reader.search("valley roads flooded", limit=2) == [FLOODS.url]
        assert reader.document(FLOODS.url) == FLOODS
    finally:
        writer.close()
        reader.close()


def test_postgres_index_is_a_gin_index_over_a_stored_tsvector(pg_schema: str) -> None:
    import psycopg

    PostgresEvidenceIndex(PG_DSN, schema=pg_schema).close()
    with psycopg.connect(PG_DSN) as conn:
        defs = [r[0] for r in conn.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = %s", (pg_schema,))]
        kind = conn.execute(
            "SELECT data_type FROM information_schema.columns WHERE table_schema = %s AND column_name = 'tsv'", (pg_schema,)
        ).fetchone()
    assert any("USING gin (tsv)" in d for d in defs)
    assert kind == ("tsvector",)


# ---- corpus mode: metadata, limits, schema upgrade, several writer processes

def test_entries_keep_outlet_cluster_and_article_id(index: EvidenceIndex) -> None:
    entry = CorpusEntry(HARBOUR, "harbour news", "cluster-1", "a_0123456789abcdef")
    assert index.put(entry) is True
    assert index.put(entry) is False
    assert index.entry(HARBOUR.url or "") == entry
    found = index.search_entries("container ships harbour", None, limit=3)
    assert found == [entry]
    moved = CorpusEntry(HARBOUR, "harbour news", "cluster-2", "a_0123456789abcdef")
    assert index.put(moved) is True and index.entry(HARBOUR.url or "") == moved and index.count() == 1


def test_prune_applies_age_then_size(index: EvidenceIndex) -> None:
    for doc in (OLD, FLOODS, HARBOUR):
        index.add(doc)
        time.sleep(0.01)
    assert index.prune(max_age_s=3600, max_documents=2) == 1  # the first indexed goes
    assert index.document(OLD.url or "") is None and index.count() == 2
    assert index.search("valley roads flooded", limit=2) == [FLOODS.url]
    assert index.prune(max_age_s=3600, max_documents=10, now=time.time() + 7200) == 2
    assert index.count() == 0 and index.search("valley roads flooded", limit=2) == []


def test_a_schema_1_file_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE documents (url TEXT PRIMARY KEY, published TEXT, sha256 TEXT, payload TEXT NOT NULL)")
    db.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(url UNINDEXED, title, body)")
    db.execute("INSERT INTO documents VALUES (?, ?, ?, ?)", (FLOODS.url, FLOODS.published, FLOODS.sha256, json.dumps(to_dict(FLOODS))))
    db.commit()
    db.close()
    idx = SqliteEvidenceIndex(path)
    try:
        assert idx.document(FLOODS.url or "") == FLOODS
        assert idx.search("valley roads flooded", limit=2) == [FLOODS.url]
    finally:
        idx.close()


def test_window_edges_and_pages_without_an_iso_date(index: EvidenceIndex) -> None:
    """The SQLite index narrows to the window's rowid bands first; what it finds is what the string
    filter on ``published`` always found: both edge days, an undated page, a date it cannot read."""
    first = page("first", "Container ships at dawn in the harbour.", published="2019-05-15T23:59:00-05:00")
    last = page("last", "Container ships at dusk in the harbour.", published="2019-06-22")
    after = page("after", "Container ships next morning in the harbour.", published="2019-06-23T00:00:00Z")
    odd = page("odd", "Container ships in the harbour some June.", published="June 2019")
    undated = page("undated", "Container ships in the harbour, date unknown.")
    for doc in (first, last, after, odd, undated, OLD):
        index.add(doc)
    window = DateWindow(date(2019, 5, 15), date(2019, 6, 22))
    found = set(index.search_window("container ships harbour", window, limit=10))
    assert found == {first.url, last.url, undated.url}
    assert len(index.search("container ships harbour", limit=10)) == 6  # no window: every page


def test_rowids_are_banded_by_publication_day(tmp_path: Path) -> None:
    idx = SqliteEvidenceIndex(tmp_path / "ev.sqlite3")
    try:
        for doc in (HARBOUR, FLOODS, page("undated", "No date here.")):
            idx.add(doc)
        rows = dict(idx._db.execute("SELECT url, id FROM documents").fetchall())
        assert rows[HARBOUR.url] // DAY_BAND == date(2019, 6, 14).toordinal() == day_band(HARBOUR.published)
        assert rows[FLOODS.url] // DAY_BAND == date(2019, 6, 10).toordinal()
        assert rows["https://outlet.example/undated"] // DAY_BAND == 0
    finally:
        idx.close()


def test_a_schema_2_file_gets_banded_rowids_in_place(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    idx = SqliteEvidenceIndex(path)
    idx.add(FLOODS)
    idx.add(HARBOUR)
    idx._db.execute("UPDATE documents SET id = id / ? - 737000", (DAY_BAND,))  # small ids, as schema 2 had
    idx._db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
    idx._db.execute("PRAGMA user_version = 2")
    idx._db.commit()
    added = dict(idx._db.execute("SELECT url, added_at FROM documents").fetchall())
    idx.close()
    idx = SqliteEvidenceIndex(path)
    try:
        assert dict(idx._db.execute("SELECT url, added_at FROM documents").fetchall()) == added  # retention unchanged
        assert all(i // DAY_BAND > 0 for (i,) in idx._db.execute("SELECT id FROM documents"))
        assert idx.document(HARBOUR.url) == HARBOUR
        window = DateWindow(date(2019, 6, 12), date(2019, 6, 20))
        assert idx.search_window("container ships harbour port", window, limit=5) == [HARBOUR.url]
        assert idx.search("valley roads flooded", limit=2) == [FLOODS.url]
    finally:
        idx.close()


def _write_many(path: str, worker: int, n: int) -> None:
    idx = SqliteEvidenceIndex(path)
    for i in range(n):
        idx.add(page(f"w{worker}-{i}", f"Report {i} from writer {worker} about container ships in the harbour."))
    idx.close()


def test_worker_processes_write_one_file_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite3")
    SqliteEvidenceIndex(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_many, args=(path, w, 40)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    idx = SqliteEvidenceIndex(path)
    try:
        assert idx.count() == 120
        assert len(idx.search("container ships harbour", limit=200)) == 120
    finally:
        idx.close()
