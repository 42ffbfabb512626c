"""The local evidence index: pages read from feeds, searched later by claims.

Two backends behind one interface, chosen by ``NEWSCHECK_INDEX_URL``:

- ``sqlite:///path``: an embedded SQLite FTS5 index (BM25 ranking, Porter stemming), the default
  for one host; nothing to run;
- ``postgresql://...``: PostgreSQL full-text search (a stored ``tsvector`` with a GIN index,
  ``ts_rank_cd`` ranking) for many worker hosts sharing one index.

An index is a ``SearchProvider`` (name "index": ``search`` returns URLs, best first) and keeps
each page's Document, so ``document(url)`` hands a found page to the checker without fetching it
again. Queries are free text: each content word is an alternative (OR), and ranking puts the
pages matching most and rarest words first. Database errors leave as ``StoreUnavailable``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any, Sequence

from pipeline.checking.lexical import STOP_WORDS, fold
from pipeline.discovery import DateWindow
from pipeline.errors import ConfigError, StoreUnavailable
from pipeline.models import Document, to_dict

_WORD = re.compile(r"[a-z0-9]+")
MAX_TERMS = 16


def match_terms(query: str) -> list[str]:
    """Distinct lower-case words of a query without stop words (at most MAX_TERMS): safe to splice
    into FTS5 and tsquery syntax, which give meaning to quotes, colons and operators."""
    out: list[str] = []
    for word in _WORD.findall(fold(query)):
        if word not in STOP_WORDS and word not in out:
            out.append(word)
    return out[:MAX_TERMS]


def _window_bounds(window: DateWindow | None) -> tuple[str, str]:
    if window is None:
        return "0000-00-00", "9999-99-99"
    return window.start.isoformat(), window.end.isoformat()


class _Searchable:
    """The SearchProvider face shared by both backends; each supplies ``_find``."""

    name = "index"

    def search(self, query: str, *, limit: int = 5) -> Sequence[str]:
        return self.search_window(query, None, limit=limit)

    def search_window(self, query: str, window: DateWindow | None, *, limit: int = 5) -> Sequence[str]:
        """URLs of the pages best matching ``query``, published in ``window`` (or undated)."""
        terms = match_terms(query)
        if not terms:
            return []
        start, end = _window_bounds(window)
        return self._find(terms, start, end, limit)

    def _find(self, terms: list[str], start: str, end: str, limit: int) -> list[str]:
        raise NotImplementedError


class SqliteEvidenceIndex(_Searchable):
    """FTS5 over title and text; the Document JSON is kept beside it."""

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=10)
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS documents (url TEXT PRIMARY KEY, published TEXT, sha256 TEXT, payload TEXT NOT NULL)"
            )
            self._db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
                "url UNINDEXED, title, body, tokenize='porter unicode61 remove_diacritics 2')"
            )

    def add(self, doc: Document) -> bool:
        """Index a page (replacing an older copy of its URL); False when this exact copy is there."""
        if not doc.url:
            raise ValueError("only pages with a URL can be indexed")
        with self._lock, self._db:
            row = self._db.execute("SELECT sha256 FROM documents WHERE url = ?", (doc.url,)).fetchone()
            if row is not None and doc.sha256 is not None and row[0] == doc.sha256:
                return False
            self._db.execute("DELETE FROM documents_fts WHERE url = ?", (doc.url,))
            self._db.execute(
                "INSERT OR REPLACE INTO documents (url, published, sha256, payload) VALUES (?, ?, ?, ?)",
                (doc.url, doc.published, doc.sha256, json.dumps(to_dict(doc))),
            )
            self._db.execute("INSERT INTO documents_fts (url, title, body) VALUES (?, ?, ?)", (doc.url, doc.title or "", doc.text))
        return True

    def _find(self, terms: list[str], start: str, end: str, limit: int) -> list[str]:
        sql = (
            "SELECT f.url FROM documents_fts f JOIN documents d ON d.url = f.url "
            "WHERE documents_fts MATCH ? AND (d.published IS NULL OR substr(d.published, 1, 10) BETWEEN ? AND ?) "
            "ORDER BY bm25(documents_fts, 0.0, 2.0, 1.0) LIMIT ?"
        )
        match = " OR ".join(f'"{t}"' for t in terms)
        try:
            with self._lock:
                return [r[0] for r in self._db.execute(sql, (match, start, end, limit))]
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"evidence index: {exc}") from exc

    def document(self, url: str) -> Document | None:
        with self._lock:
            row = self._db.execute("SELECT payload FROM documents WHERE url = ?", (url,)).fetchone()
        return Document.from_dict(json.loads(row[0])) if row else None

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()


class PostgresEvidenceIndex(_Searchable):
    """One table per index: the page, its Document JSON and a weighted tsvector under a GIN index."""

    def __init__(self, dsn: str, *, table: str = "newscheck_evidence", schema: str | None = None) -> None:
        import psycopg  # imported here: only deployments that choose PostgreSQL need the driver
        from psycopg import sql

        self._psycopg, self._sql = psycopg, sql
        self._table = sql.Identifier(schema, table) if schema else sql.Identifier(table)
        self._index_name = sql.Identifier(f"{table}_tsv_gin")
        self._lock = threading.Lock()
        try:
            self._db = psycopg.connect(dsn, autocommit=True, connect_timeout=5)
        except psycopg.Error as exc:
            raise StoreUnavailable(f"evidence index: cannot connect to PostgreSQL ({type(exc).__name__})") from exc
        self._run(
            "CREATE TABLE IF NOT EXISTS {t} (url text PRIMARY KEY, published text, sha256 text, title text NOT NULL,"
            " body text NOT NULL, payload jsonb NOT NULL, tsv tsvector GENERATED ALWAYS AS ("
            " setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')) STORED)"
        )
        self._run("CREATE INDEX IF NOT EXISTS {i} ON {t} USING GIN (tsv)")

    def _run(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        stmt = self._sql.SQL(query).format(t=self._table, i=self._index_name)
        try:
            with self._lock, self._db.cursor() as cur:
                cur.execute(stmt, params)
                return list(cur.fetchall()) if cur.description else []
        except self._psycopg.OperationalError as exc:
            raise StoreUnavailable(f"evidence index: {type(exc).__name__}") from exc

    def add(self, doc: Document) -> bool:
        if not doc.url:
            raise ValueError("only pages with a URL can be indexed")
        rows = self._run(
            "INSERT INTO {t} (url, published, sha256, title, body, payload) VALUES (%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (url) DO UPDATE SET published = EXCLUDED.published, sha256 = EXCLUDED.sha256, "
            "title = EXCLUDED.title, body = EXCLUDED.body, payload = EXCLUDED.payload "
            "WHERE {t}.sha256 IS DISTINCT FROM EXCLUDED.sha256 OR EXCLUDED.sha256 IS NULL RETURNING url",
            (doc.url, doc.published, doc.sha256, doc.title or "", doc.text, json.dumps(to_dict(doc))),
        )
        return bool(rows)

    def _find(self, terms: list[str], start: str, end: str, limit: int) -> list[str]:
        rows = self._run(
            "SELECT url FROM {t}, to_tsquery('english', %s) q WHERE tsv @@ q "
            "AND (published IS NULL OR substr(published, 1, 10) BETWEEN %s AND %s) "
            "ORDER BY ts_rank_cd(tsv, q) DESC, url LIMIT %s",
            (" | ".join(terms), start, end, limit),
        )
        return [r[0] for r in rows]

    def document(self, url: str) -> Document | None:
        rows = self._run("SELECT payload FROM {t} WHERE url = %s", (url,))
        return Document.from_dict(rows[0][0]) if rows else None

    def count(self) -> int:
        return int(self._run("SELECT count(*) FROM {t}")[0][0])

    def drop(self) -> None:
        """Remove the table (tests, or re-creating an index from scratch)."""
        self._run("DROP TABLE IF EXISTS {t}")

    def close(self) -> None:
        with self._lock:
            self._db.close()


EvidenceIndex = SqliteEvidenceIndex | PostgresEvidenceIndex


def open_index(url: str) -> EvidenceIndex:
    """The index named by ``NEWSCHECK_INDEX_URL``: ``sqlite:///relative/or//abs/path`` or ``postgresql://...``."""
    if url.startswith("sqlite:///"):
        return SqliteEvidenceIndex(url[len("sqlite:///"):] or ":memory:")
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresEvidenceIndex(url)
    raise ConfigError(f"unsupported evidence index URL scheme: {url.split(':', 1)[0]}")

