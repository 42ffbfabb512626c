"""`newscheck ingest FEED|DIR|URL...` for real: a feed and pages on a local HTTP server, saved pages
in a directory, one SQLite index; then corpus mode finds them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from newscheck.localserver import LocalServer, Route
from pipeline.adapters.evidence_index import SqliteEvidenceIndex
from tests.corpus_scenario import articles, routes

CLI = [sys.executable, "-m", "newscheck.cli"]


def rss(base: str, paths: list[str]) -> str:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>{base}/</link>{items}</channel></rss>'


@pytest.fixture()
def outlets() -> Iterator[LocalServer]:
    server = LocalServer(routes())
    wire = [a for a in articles() if a.event == "fire"]
    server.add("/fire.xml", Route(body=rss(server.base_url, [a.path for a in wire[:3]]), content_type="application/rss+xml"))
    server.add("/gone.xml", Route(body="gone", status=404, content_type="text/plain"))
    with server:
        yield server


def run(tmp_path: Path, *targets: str) -> tuple[int, str, SqliteEvidenceIndex]:
    env = {**os.environ, "NEWSCHECK_INDEX_URL": f"sqlite:///{tmp_path}/ev.sqlite3",
           "NEWSCHECK_FETCH_ALLOW_HOSTS": "127.0.0.1", "NEWSCHECK_FETCH_RETRIES": "0", "COLUMNS": "120"}
    res = subprocess.run([*CLI, "ingest", *targets], capture_output=True, text=True, env=env, timeout=120)
    return res.returncode, res.stdout + res.stderr, SqliteEvidenceIndex(tmp_path / "ev.sqlite3")


def test_feeds_pages_and_directories_fill_the_index(outlets: LocalServer, tmp_path: Path) -> None:
    saved = tmp_path / "archive" / "2026"
    saved.mkdir(parents=True)
    tram = [a for a in articles() if a.event == "tram"]
    for a in tram[:2]:  # the wire story and a reprint, saved as pages
        (saved / f"{a.slug.replace('/', '-')}.html").write_text(a.page(), encoding="utf-8")
    (saved / "note.txt").write_text("The transport office said the new line would have 12 stops.", encoding="utf-8")
    (saved / "image.png").write_bytes(b"\x89PNG")
    ferry = articles()[0]
    code, output, index = run(tmp_path, outlets.url("/fire.xml"), outlets.url(ferry.path), str(tmp_path / "archive"),
                              outlets.url("/gone.xml"), str(tmp_path / "missing"))
    try:
        assert code == 1, output  # something failed: said, and the exit code shows it
        assert "added 7" in output and "failed 2" in output
        assert "http 404" in output and "no such file" in output
        assert index.count() == 7
        fire = [index.entry(outlets.url(a.path)) for a in articles() if a.event == "fire"][:3]
        assert all(e is not None for e in fire)
        assert len({e.cluster for e in fire if e is not None}) == 1  # the wire story and two reprints
        assert {e.outlet for e in fire if e is not None} == {"nordwire", "ederly gazette", "valley courier"}
        page = index.entry(outlets.url(ferry.path))
        assert page is not None and page.doc.published == ferry.published[:10] and page.outlet == "nordwire"
        files = [e for e in index.search_entries("tram extension council", None, limit=10) if e.doc.url and e.doc.url.startswith("file://")]
        assert len(files) == 2 and files[0].cluster == files[1].cluster
    finally:
        index.close()
    hits = outlets.hits.copy()
    code, output, index = run(tmp_path, outlets.url("/fire.xml"))
    index.close()
    assert code == 0 and "known 3" in output and "added 0" in output
    assert all(outlets.hits[a.path] == hits[a.path] for a in articles() if a.event == "fire")  # not fetched again
