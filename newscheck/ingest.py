"""``newscheck ingest FEED|DIR|URL...``: fill the evidence index in bulk, with a progress bar.

Corpus mode finds corroboration among pages already indexed; a fresh install has none, so an
archive (a directory of saved pages), outlets' feeds or a list of report URLs can be loaded
first. Each target is one of:

- a directory (read recursively) or a file: saved HTML pages (``.html``/``.htm``) or plain text
  (``.txt``), indexed under their ``file://`` URL;
- an http(s) URL of an RSS/Atom feed: each item's page is fetched (guard, robots.txt and rate
  limit of every source) and indexed; items already indexed are not fetched again;
- any other http(s) URL: the page itself.

Every page goes through corpus mode's indexing (outlet, near-duplicate cluster); one failing
page never stops the rest, and the summary names what failed and why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from pipeline.adapters.evidence_index import EvidenceIndex
from pipeline.adapters.feeds import FeedReader, feed_items
from pipeline.corpus import index_document
from pipeline.errors import FailureReason, FetchError, InputError
from pipeline.extraction import document_from_text, extract_document, looks_like_html
from pipeline.models import Document, SourceFailure
from pipeline.ports import Fetcher

PAGE_SUFFIXES = (".html", ".htm", ".txt")


@dataclass(frozen=True)
class Job:
    """One page to index: a local file, or a URL (with the date its feed gave it, if any)."""

    target: str
    path: Path | None = None
    published: str | None = None


@dataclass
class Tally:
    added: int = 0
    known: int = 0
    failures: list[SourceFailure] = field(default_factory=list)

    def reasons(self) -> str:
        counts = Counter(f.reason for f in self.failures)
        return ", ".join(f"{r} x{n}" if n > 1 else r for r, n in sorted(counts.items()))


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)
    return [path]


def plan(targets: Sequence[str], read_feed: FeedReader, *, max_items: int, tally: Tally) -> list[Job]:
    """Every page the targets name: files of directories, items of feeds, pages given by URL."""
    jobs: list[Job] = []
    for target in targets:
        if not target.startswith(("http://", "https://")):
            path = Path(target)
            if not path.exists():
                tally.failures.append(SourceFailure(url=target, reason=FailureReason.NO_SUCH_FILE))
                continue
            jobs.extend(Job(p.resolve().as_uri(), path=p) for p in _files(path))
            continue
        try:
            items = feed_items(read_feed(target), max_items=max_items)
        except FetchError as exc:
            if exc.reason != "bad feed":
                tally.failures.append(SourceFailure(url=target, reason=exc.reason, detail=exc.detail))
                continue
            jobs.append(Job(target))  # not a feed: the page itself
            continue
        jobs.extend(Job(item.url, published=item.published) for item in items)
    return jobs


def load_page(job: Job, fetcher: Fetcher) -> Document:
    """The page of one job as a Document (raises FetchError or InputError)."""
    if job.path is not None:
        raw = job.path.read_bytes()
        data = raw.decode("utf-8", errors="replace")
        if job.path.suffix.lower() == ".txt" and not looks_like_html(data):
            return document_from_text(data, url=job.target)
        return replace(extract_document(data, job.target), url=job.target)
    page = fetcher.fetch(job.target)
    doc = extract_document(page.text, page.final_url, sha256=page.sha256, fetched_at=page.fetched_at)
    return replace(doc, url=job.target, published=doc.published or job.published)


def ingest(jobs: Iterable[Job], corpus: EvidenceIndex, fetcher: Fetcher, tally: Tally,
           step: Callable[[Job], None] = lambda job: None) -> Tally:
    """Index every job's page; pages of URLs already indexed are not fetched again."""
    for job in jobs:
        try:
            if job.path is None and corpus.entry(job.target) is not None:
                tally.known += 1
                continue
            held = corpus.entry(job.target)
            entry = index_document(corpus, load_page(job, fetcher))
            if entry is None:
                tally.failures.append(SourceFailure(url=job.target, reason=FailureReason.NO_TEXT))
            elif held is not None and held == entry:
                tally.known += 1
            else:
                tally.added += 1
        except FetchError as exc:
            tally.failures.append(SourceFailure(url=job.target, reason=exc.reason, detail=exc.detail))
        except (InputError, OSError) as exc:
            tally.failures.append(SourceFailure(url=job.target, reason=FailureReason.NO_TEXT, detail=str(exc)))
        finally:
            step(job)
    return tally


def ingest_with_progress(targets: Sequence[str], corpus: EvidenceIndex, fetcher: Fetcher, read_feed: FeedReader, *,
                         max_items: int, console: Console) -> Tally:
    """``plan`` then ``ingest`` under a progress bar (pages done of pages found, added, known, failed)."""
    tally = Tally()
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("added {task.fields[added]} known {task.fields[known]} failed {task.fields[failed]}"),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("reading targets", total=None, added=0, known=0, failed=0)
        jobs = plan(targets, read_feed, max_items=max_items, tally=tally)
        bar.update(task, description="indexing", total=len(jobs), failed=len(tally.failures))

        def step(job: Job) -> None:
            bar.update(task, advance=1, added=tally.added, known=tally.known, failed=len(tally.failures))

        ingest(jobs, corpus, fetcher, tally, step)
    return tally


__all__ = ["Job", "Tally", "ingest", "ingest_with_progress", "load_page", "plan"]
