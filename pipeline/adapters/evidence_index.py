"""The local evidence index: pages read from feeds, articles checked and sources fetched, searched later by claims.

Two backends behind one interface, chosen by ``NEWSCHECK_INDEX_URL``:

- ``sqlite:///path``: an embedded SQLite FTS5 index (BM25 ranking, Porter stemming), the default
  for one host; nothing to run. WAL journal and a busy timeout let several worker processes
  share the file, each with its own connection (opened lazily, after the prefork fork);
- ``postgresql://...``: PostgreSQL full-text search (a stored ``tsvector`` with a GIN index,
  ``ts_rank_cd`` ranking) for many worker hosts sharing one index.

An index is a ``SearchProvider`` (name "index": ``search`` returns URLs, best first) and keeps
each page's Document, so ``document(url)`` hands a found page to the checker without fetching it
again. It is also the ``Corpus`` of corpus mode (pipeline/corpus.py): each page is kept with its
outlet, near-duplicate cluster and, for checked articles, the article id; ``prune`` applies
the retention and size limits. Queries are free text: each content word is an alternative (OR),
and ranking puts the pages matching most and rarest words first. Database errors leave as
``StoreUnavailable``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any, Sequence

from pipeline import ids
from pipeline.checking.lexical import STOP_WORDS, fold
from pipeline.corpus import CorpusEntry, outlet_key
from pipeline.discovery import DateWindow
from pipeline.errors import ConfigError, StoreUnavailable
from pipeline.models import Document, to_dict

_WORD = re.compile(r"[a-z0-9]+")
MAX_TERMS = 16
SCHEMA_VERSION = 3
# SQLite rowids are banded by publication day (day ordinal * DAY_BAND + n; band 0: no ISO date), so a
# claim's date window is a rowid range FTS5 narrows its posting lists to before it ranks anything
DAY_BAND = 1 << 32
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


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


def day_band(published: str | None) -> int:
    """The rowid band of a page: its publication day's ordinal when ``published`` starts with an
    ISO date (then the band and the string filter ``substr(published, 1, 10)`` agree), else 0."""
    head = (published or "")[:10]
    if not _ISO_DAY.fullmatch(head):
        return 0
    try:
        return date.fromisoformat(head).toordinal()
    except ValueError:
        return 0


def _meta_json(doc: Document) -> str:
    """The Document without its text (kept once, in the searchable body column)."""
    data = to_dict(doc)
    data.pop("text", None)
    return json.dumps(data)


def _document(meta: Any, body: str) -> Document:
    data = json.loads(meta) if isinstance(meta, str) else dict(meta)
    data["text"] = body
    return Document.from_dict(data)


def _legacy_entry(doc: Document, held: CorpusEntry | None) -> CorpusEntry:
    """A page added without corpus metadata (feeds, tests): its own cluster unless it had one."""
    assert doc.url
    return CorpusEntry(doc, outlet_key(doc), held.cluster if held else ids.url_key(doc.url),
                       held.article_id if held else None)


class _Searchable:
    """The SearchProvider face shared by both backends; each supplies ``_find`` and ``_find_entries``."""

    name = "index"

    def search(self, query: str, *, limit: int = 5) -> Sequence[str]:
        return self.search_window(query, None, limit=limit)

    def search_window(self, query: str, window: DateWindow | None, *, limit: int = 5) -> Sequence[str]:
        """URLs of the pages best matching ``query``, published in ``window`` (or undated); every page without a window."""
        return [e.doc.url or "" for e in self.search_entries(query, window, limit=limit)]

    def search_entries(self, query: str, window: DateWindow | None, *, limit: int) -> list[CorpusEntry]:
        """The pages best matching ``query`` in ``window``, with their corpus metadata."""
        terms = match_terms(query)
        if not terms or limit <= 0:
            return []
        start, end = _window_bounds(window)
        return self._find_entries(terms, start, end, limit)

    def _find_entries(self, terms: list[str], start: str, end: str, limit: int) -> list[CorpusEntry]:
        raise NotImplementedError

    def entry(self, url: str) -> CorpusEntry | None:
        raise NotImplementedError

    def put(self, entry: CorpusEntry) -> bool:
        raise NotImplementedError

    def document(self, url: str) -> Document | None:
        held = self.entry(url)
        return held.doc if held is not None else None

    def add(self, doc: Document) -> bool:
        """Index a page (replacing an older copy of its URL); False when this exact copy is there."""
        if not doc.url:
            raise ValueError("only pages with a URL can be indexed")
        held = self.entry(doc.url)
        if held is not None and doc.sha256 is not None and held.doc.sha256 == doc.sha256:
            return False
        return self.put(_legacy_entry(doc, held))


_SQLITE_COLUMNS = "d.url, d.outlet, d.cluster, d.article_id, d.meta, d.body"


class SqliteEvidenceIndex(_Searchable):
    """FTS5 over title and body as external content of the documents table (text stored once)."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 10.0) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=busy_timeout)
        try:
            with self._lock:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                with self._db:
                    self._create()
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"evidence index: {exc}") from exc

    def _create(self) -> None:
        columns = {r[1] for r in self._db.execute("PRAGMA table_info(documents)")}
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        legacy = bool(columns) and "id" not in columns  # schema 1 (url primary key, JSON payload)
        renumber = bool(columns) and not legacy and version < 3  # schema 2: rowids in insertion order
        if legacy or renumber:  # moved into the current schema below
            self._db.execute("ALTER TABLE documents RENAME TO documents_old")
            for name in ("documents_ai", "documents_ad", "documents_au"):
                self._db.execute(f"DROP TRIGGER IF EXISTS {name}")
            for name in ("documents_added", "documents_cluster"):
                self._db.execute(f"DROP INDEX IF EXISTS {name}")
            self._db.execute("DROP TABLE IF EXISTS documents_fts")
        self._db.executescript("""
            CREATE TABLE IF NOT EXISTS documents (
                id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, published TEXT, sha256 TEXT, outlet TEXT,
                cluster TEXT NOT NULL, article_id TEXT, added_at REAL NOT NULL, title TEXT NOT NULL,
                body TEXT NOT NULL, meta TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS documents_added ON documents (added_at);
            CREATE INDEX IF NOT EXISTS documents_cluster ON documents (cluster);
            CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
                title, body, content='documents', content_rowid='id',
                tokenize='porter unicode61 remove_diacritics 2');
            CREATE TRIGGER IF NOT EXISTS documents_ai AFTER INSERT ON documents BEGIN
                INSERT INTO documents_fts (rowid, title, body) VALUES (new.id, new.title, new.body); END;
            CREATE TRIGGER IF NOT EXISTS documents_ad AFTER DELETE ON documents BEGIN
                INSERT INTO documents_fts (documents_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END;
            CREATE TRIGGER IF NOT EXISTS documents_au AFTER UPDATE ON documents BEGIN
                INSERT INTO documents_fts (documents_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
                INSERT INTO documents_fts (rowid, title, body) VALUES (new.id, new.title, new.body); END;
        """)
        if legacy:
            for (payload,) in self._db.execute("SELECT payload FROM documents_old").fetchall():
                doc = Document.from_dict(json.loads(payload))
                self._insert(_legacy_entry(doc, None))
            self._db.execute("DROP TABLE documents_old")
        if renumber:
            rows = self._db.execute("SELECT url, published, sha256, outlet, cluster, article_id, added_at, title, body, meta "
                                    "FROM documents_old ORDER BY id").fetchall()
            for row in rows:
                self._insert_row(*row)
            self._db.execute("DROP TABLE documents_old")
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _insert(self, entry: CorpusEntry) -> None:
        doc = entry.doc
        self._db.execute("DELETE FROM documents WHERE url = ?", (doc.url,))
        self._insert_row(doc.url, doc.published, doc.sha256, entry.outlet, entry.cluster, entry.article_id, time.time(),
                         doc.title or "", doc.text, _meta_json(doc))

    def _insert_row(self, url: str | None, published: str | None, *rest: Any) -> None:
        """One row, its rowid the next free one in its publication day's band."""
        lo = day_band(published) * DAY_BAND
        self._db.execute(
            "INSERT INTO documents (id, url, published, sha256, outlet, cluster, article_id, added_at, title, body, meta)"
            " VALUES ((SELECT coalesce(max(id), ?) + 1 FROM documents WHERE id > ? AND id < ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (lo, lo, lo + DAY_BAND, url, published, *rest),
        )

    def put(self, entry: CorpusEntry) -> bool:
        """Keep a page with its corpus metadata; False when exactly this entry is already there."""
        if not entry.doc.url:
            raise ValueError("only pages with a URL can be indexed")
        if self.entry(entry.doc.url) == entry:
            return False
        try:
            with self._lock, self._db:
                self._insert(entry)
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"evidence index: {exc}") from exc
        return True

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        try:
            with self._lock:
                return list(self._db.execute(sql, params))
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"evidence index: {exc}") from exc

    @staticmethod
    def _entry(row: tuple[Any, ...]) -> CorpusEntry:
        url, outlet, cluster, article_id, meta, body = row
        return CorpusEntry(_document(meta, body), outlet, cluster, article_id)

    def _find_entries(self, terms: list[str], start: str, end: str, limit: int) -> list[CorpusEntry]:
        """The window first: FTS5 reads only the rowids of the window's days, whose band says their
        date is in it, and those of pages without an ISO date (band 0, filtered on their string as
        before); it ranks rowids alone, and only the best ``limit`` rows of documents are read."""
        match = " OR ".join(f'"{t}"' for t in terms)
        ranked = ("SELECT rowid AS id, bm25(documents_fts, 2.0, 1.0) AS score FROM documents_fts "
                  "WHERE documents_fts MATCH ? AND rowid BETWEEN ? AND ?")
        first, last = day_band(start), day_band(end)
        if not first or not last:  # no window: every band
            arms, params = ranked, [match, -(1 << 63), (1 << 63) - 1]
        else:
            undated = ("SELECT f.rowid, bm25(documents_fts, 2.0, 1.0) FROM documents_fts f JOIN documents u ON u.id = f.rowid "
                       "WHERE documents_fts MATCH ? AND f.rowid BETWEEN 0 AND ? "
                       "AND (u.published IS NULL OR substr(u.published, 1, 10) BETWEEN ? AND ?)")
            arms = f"{ranked} UNION ALL {undated}"
            params = [match, first * DAY_BAND, (last + 1) * DAY_BAND - 1, match, DAY_BAND - 1, start, end]
        sql = (f"SELECT {_SQLITE_COLUMNS} FROM (SELECT * FROM ({arms}) ORDER BY score LIMIT ?) top "
               "JOIN documents d ON d.id = top.id ORDER BY top.score")
        return [self._entry(r) for r in self._rows(sql, (*params, limit))]

    def entry(self, url: str) -> CorpusEntry | None:
        rows = self._rows(f"SELECT {_SQLITE_COLUMNS} FROM documents d WHERE d.url = ?", (url,))
        return self._entry(rows[0]) if rows else None

    def count(self) -> int:
        return int(self._rows("SELECT count(*) FROM documents", ())[0][0])

    def prune(self, *, max_age_s: float, max_documents: int, now: float | None = None) -> int:
        """Drop pages indexed more than ``max_age_s`` ago, then the oldest beyond ``max_documents``."""
        cutoff = (now if now is not None else time.time()) - max_age_s
        try:
            with self._lock, self._db:
                dropped = self._db.execute("DELETE FROM documents WHERE added_at < ?", (cutoff,)).rowcount
                over = int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0]) - max_documents
                if over > 0:
                    dropped += self._db.execute(
                        "DELETE FROM documents WHERE id IN (SELECT id FROM documents ORDER BY added_at, id LIMIT ?)", (over,)
                    ).rowcount
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"evidence index: {exc}") from exc
        return int(dropped)

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
        self._added_name = sql.Identifier(f"{table}_added")
        self._day_name = sql.Identifier(f"{table}_day")
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
        self._run("ALTER TABLE {t} ADD COLUMN IF NOT EXISTS outlet text, ADD COLUMN IF NOT EXISTS cluster text,"
                  " ADD COLUMN IF NOT EXISTS article_id text,"
                  " ADD COLUMN IF NOT EXISTS added_at double precision NOT NULL DEFAULT extract(epoch from now())")
        self._run("CREATE INDEX IF NOT EXISTS {i} ON {t} USING GIN (tsv)")
        self._run("CREATE INDEX IF NOT EXISTS {a} ON {t} (added_at)")
        # the date window as an index too, so the planner can AND it with the GIN bitmap before ranking
        self._run("CREATE INDEX IF NOT EXISTS {d} ON {t} ((substr(published, 1, 10)))")

    def _run(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        stmt = self._sql.SQL(query).format(t=self._table, i=self._index_name, a=self._added_name, d=self._day_name)
        try:
            with self._lock, self._db.cursor() as cur:
                cur.execute(stmt, params)
                return list(cur.fetchall()) if cur.description else []
        except self._psycopg.OperationalError as exc:
            raise StoreUnavailable(f"evidence index: {type(exc).__name__}") from exc

    @staticmethod
    def _entry(row: tuple[Any, ...]) -> CorpusEntry:
        url, outlet, cluster, article_id, payload = row
        doc = Document.from_dict(payload)
        return CorpusEntry(doc, outlet, cluster or ids.url_key(url), article_id)

    def put(self, entry: CorpusEntry) -> bool:
        doc = entry.doc
        if not doc.url:
            raise ValueError("only pages with a URL can be indexed")
        rows = self._run(
            "INSERT INTO {t} (url, published, sha256, title, body, payload, outlet, cluster, article_id, added_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, extract(epoch from now())) "
            "ON CONFLICT (url) DO UPDATE SET published = EXCLUDED.published, sha256 = EXCLUDED.sha256, "
            "title = EXCLUDED.title, body = EXCLUDED.body, payload = EXCLUDED.payload, outlet = EXCLUDED.outlet, "
            "cluster = EXCLUDED.cluster, article_id = EXCLUDED.article_id, added_at = EXCLUDED.added_at "
            "WHERE ({t}.payload, {t}.outlet, {t}.cluster, {t}.article_id) IS DISTINCT FROM "
            "(EXCLUDED.payload, EXCLUDED.outlet, EXCLUDED.cluster, EXCLUDED.article_id) RETURNING url",
            (doc.url, doc.published, doc.sha256, doc.title or "", doc.text, json.dumps(to_dict(doc)),
             entry.outlet, entry.cluster, entry.article_id),
        )
        return bool(rows)

    def _find_entries(self, terms: list[str], start: str, end: str, limit: int) -> list[CorpusEntry]:
        rows = self._run(
            "SELECT url, outlet, cluster, article_id, payload FROM {t}, to_tsquery('english', %s) q WHERE tsv @@ q "
            "AND (%s OR published IS NULL OR substr(published, 1, 10) BETWEEN %s AND %s) "
            "ORDER BY ts_rank_cd(tsv, q) DESC, url LIMIT %s",
            (" | ".join(terms), not day_band(start) or not day_band(end), start, end, limit),
        )
        return [self._entry(r) for r in rows]

    def entry(self, url: str) -> CorpusEntry | None:
        rows = self._run("SELECT url, outlet, cluster, article_id, payload FROM {t} WHERE url = %s", (url,))
        return self._entry(rows[0]) if rows else None

    def count(self) -> int:
        return int(self._run("SELECT count(*) FROM {t}")[0][0])

    def prune(self, *, max_age_s: float, max_documents: int, now: float | None = None) -> int:
        """Drop pages indexed more than ``max_age_s`` ago, then the oldest beyond ``max_documents``."""
        cutoff = (now if now is not None else time.time()) - max_age_s
        old = self._run("DELETE FROM {t} WHERE added_at < %s RETURNING url", (cutoff,))
        over = self._run("DELETE FROM {t} WHERE url IN (SELECT url FROM {t} ORDER BY added_at DESC, url OFFSET %s)"
                         " RETURNING url", (max_documents,))
        return len(old) + len(over)

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
