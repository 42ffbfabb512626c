"""The ``newscheck`` command line: submit, watch, status, review, list, recheck, delete, export, verify, extract, check, worker, api, beat, demo, eval.

Every failure the user can cause (missing file, unreachable API, bad settings) ends with one
clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from newscheck.terminal import err, fail, follow, guarded, out, print_report
from pipeline.models import ArticleInput, ArticleStatus

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Verify the attributed claims of news articles.")

DEFAULT_API = "http://127.0.0.1:8000"
ApiOpt = Annotated[str, typer.Option("--api", envvar="NEWSCHECK_API", help="Base URL of the newscheck API.")]
KeyOpt = Annotated[str | None, typer.Option("--api-key", envvar="NEWSCHECK_API_KEY",
                                            help="API key sent as 'Authorization: Bearer KEY' (needed when the API has keys on).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
SourcesOpt = Annotated[list[str] | None, typer.Option("--source", help="A source URL to check against (repeatable).")]
PublishedOpt = Annotated[str | None, typer.Option("--published", help="Publication date YYYY-MM-DD.")]
HtmlOpt = Annotated[bool, typer.Option("--html", help="Treat the input as HTML.")]
TextOpt = Annotated[bool, typer.Option("--text", help="Treat the input as plain text.")]
ArticleArg = Annotated[str, typer.Argument(help="An article file, a URL, or - for stdin.")]
__all__ = ["app", "fail", "follow", "guarded", "main", "print_report", "read_input"]


def read_input(source: str, *, force_html: bool, force_text: bool, published: str | None,
               sources: list[str] | None) -> ArticleInput:
    """A URL, ``-`` (stdin) or a file; HTML when it starts with markup unless forced. A file or
    stdin is decoded as the fetcher decodes a page (``pipeline.decoding``)."""
    from pipeline.decoding import decode_body, sniff_binary
    from pipeline.extraction import looks_like_html

    srcs = tuple(sources or ())
    if source.startswith(("http://", "https://")):
        return ArticleInput(url=source, published=published, sources=srcs)
    if source == "-":
        raw = sys.stdin.buffer.read()
        name = "standard input"
    else:
        path = Path(source)
        if not path.exists():
            fail(f"no such file: {source}")
        if path.is_dir():
            fail(f"{source} is a directory; give an article file, a URL or - for stdin")
        raw = path.read_bytes()
        name = source
    if sniff_binary(raw):
        fail(f"{name} looks binary; give an HTML or plain-text article")
    data, _codec = decode_body(raw)  # as a fetched body: BOM, <meta charset>, else UTF-8 or detection
    if not data.strip():
        fail(f"{name} is empty")
    is_html = force_html or (not force_text and looks_like_html(data))
    if is_html:
        return ArticleInput(html=data, published=published, sources=srcs)
    return ArticleInput(text=data, published=published, sources=srcs)


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _client(api: str, api_key: str | None = None) -> Any:
    from newscheck.client import ApiClient

    return ApiClient(api, api_key=api_key)


def failure_line(report: dict[str, Any]) -> str:
    """Why an article failed, as one readable line (never a Python dict)."""
    error = report.get("error") or {}
    if isinstance(error, dict):
        reason = error.get("reason") or error.get("type") or "failed"
        detail = error.get("detail") or error.get("message") or ""
        text = f"{reason}: {detail}" if detail else str(reason)
    else:
        text = str(error)
    return f"article {report['id']} failed: " + " ".join(text.split())


# ------------------------------------------------------------------ queue commands
@app.command()
def submit(
    article: ArticleArg,
    source: SourcesOpt = None,
    published: PublishedOpt = None,
    html: HtmlOpt = False,
    text: TextOpt = False,
    api: ApiOpt = DEFAULT_API,
    api_key: KeyOpt = None,
) -> None:
    """Queue an article; prints its id at once."""
    inp = read_input(article, force_html=html, force_text=text, published=published, sources=source)
    accepted = guarded(lambda: _client(api, api_key).submit(inp))
    out.print(accepted["id"], highlight=False)
    if accepted.get("note"):
        err.print(f"note: {escape(accepted['note'])}", highlight=False)


@app.command()
def status(article_id: str, as_json: JsonOpt = False, api: ApiOpt = DEFAULT_API, api_key: KeyOpt = None) -> None:
    """Print an article's report; exits 1 when the article failed."""
    report = guarded(lambda: _client(api, api_key).report(article_id))
    if as_json:
        print_json(report)
    else:
        print_report(report)
    if report["status"] == ArticleStatus.FAILED:
        fail(failure_line(report))


@app.command()
def watch(article_id: str, api: ApiOpt = DEFAULT_API, api_key: KeyOpt = None,
          interval: float = 0.5, timeout: float = 900.0) -> None:
    """Show progress until the article is finished, then its claims and verdicts; exits 1 when it failed."""
    report = follow(_client(api, api_key), article_id, interval=interval, timeout=timeout)
    print_report(report)
    if report["status"] == ArticleStatus.FAILED:
        fail(failure_line(report))
    if not ArticleStatus(report["status"]).finished:
        fail(f"article not finished after {timeout:.0f}s")


@app.command()
def review(
    claim_id: str,
    label: Annotated[str, typer.Option("--label", help="Final label: supported, contradicted, mixed or unverified.")],
    note: Annotated[str, typer.Option("--note", help="Why (kept with the review).")] = "",
    api: ApiOpt = DEFAULT_API,
    api_key: KeyOpt = None,
) -> None:
    """Record a reviewer's final label for a claim, beside the machine verdict."""
    got = guarded(lambda: _client(api, api_key).review(claim_id, label, note))
    out.print(f"{claim_id}: reviewed {got['label']} by {escape(got['by'])} (machine said {got['machine_label']})",
              highlight=False)


@app.command(name="list")
def list_articles(
    status_: Annotated[str | None, typer.Option("--status", help="Only articles in this status.")] = None,
    label: Annotated[str | None, typer.Option("--label", help="Only articles with a claim of this final label.")] = None,
    limit: Annotated[int, typer.Option(help="Articles per page.")] = 20,
    cursor: Annotated[str | None, typer.Option(help="The cursor a previous page printed.")] = None,
    as_json: JsonOpt = False,
    api: ApiOpt = DEFAULT_API,
    api_key: KeyOpt = None,
) -> None:
    """List articles, newest first."""
    page = guarded(lambda: _client(api, api_key).articles(limit=limit, cursor=cursor, status=status_, label=label))
    if as_json:
        print_json(page)
        return
    table = Table(expand=True, box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("claims", justify="right", no_wrap=True)
    table.add_column("labels", ratio=2, overflow="fold")
    table.add_column("title", ratio=3, overflow="fold")
    for row in page["items"]:
        labels = ", ".join(f"{n} {lab}" for lab, n in sorted(row["labels"].items()))
        table.add_row(row["id"], row["status"], f"{row['claims_done']}/{row['claims_total']}", labels,
                      escape(row["title"] or row["url"] or "-"))
    out.print(table)
    if page["next_cursor"]:
        out.print(f"more: --cursor {page['next_cursor']}", highlight=False)


@app.command()
def recheck(
    article_id: str,
    source: SourcesOpt = None,
    replace: Annotated[bool, typer.Option("--replace", help="Use only these sources (default: add them).")] = False,
    api: ApiOpt = DEFAULT_API,
    api_key: KeyOpt = None,
) -> None:
    """Judge a finished article's claims again with new or extra sources (earlier verdicts are kept)."""
    got = guarded(lambda: _client(api, api_key).recheck(article_id, list(source or ()), replace=replace))
    out.print(f"{got['id']} {got['status']}: `newscheck watch {got['id']}` follows it", highlight=False)


@app.command()
def delete(article_id: str, api: ApiOpt = DEFAULT_API, api_key: KeyOpt = None) -> None:
    """Delete an article with its claims, verdicts, reviews and events."""
    guarded(lambda: _client(api, api_key).delete(article_id))
    out.print(f"deleted {article_id}", highlight=False)


@app.command()
def export(
    article_id: str,
    claimreview: Annotated[bool, typer.Option("--claimreview", help="schema.org ClaimReview JSON-LD (the default and only format).")] = True,
    api: ApiOpt = DEFAULT_API,
    api_key: KeyOpt = None,
) -> None:
    """Print an article's verdicts as schema.org ClaimReview JSON-LD."""
    print_json(guarded(lambda: _client(api, api_key).claimreview(article_id)))


# ------------------------------------------------------------------ in-process commands
@app.command()
def verify(
    article: ArticleArg,
    source: SourcesOpt = None,
    published: PublishedOpt = None,
    html: HtmlOpt = False,
    text: TextOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Run the whole pipeline in this process, no queue (the reference path)."""
    from config.settings import load_settings
    from pipeline.adapters import wiring

    inp = read_input(article, force_html=html, force_text=text, published=published, sources=source)

    def run() -> Any:
        with wiring.in_process(load_settings()) as stack:
            return stack.verify(inp)

    report = guarded(run).to_dict()
    if as_json:
        print_json(report)
    else:
        print_report(report)


@app.command()
def extract(
    article: ArticleArg,
    published: PublishedOpt = None,
    html: HtmlOpt = False,
    text: TextOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Print only the claims of an article."""
    from config.settings import load_settings
    from pipeline import flow
    from pipeline.adapters import wiring
    from pipeline.models import to_dict

    inp = read_input(article, force_html=html, force_text=text, published=published, sources=None)

    def run() -> Any:
        s = load_settings()
        with wiring.in_process(s) as stack:
            doc = flow.load_article(inp, stack.fetcher if inp.url else None)
        return doc, flow.extract(doc, flow.article_id_for(inp), max_claims=s.max_claims)

    doc, claims = guarded(run)
    if as_json:
        print_json({"article": to_dict(doc), "claims": to_dict(claims)})
    else:
        print_report({"id": flow.article_id_for(inp), "status": "extracted", "article": to_dict(doc),
                      "claims": [{**to_dict(c), "verdict": None} for c in claims]})


@app.command()
def check(
    claim: Annotated[str, typer.Option("--claim", help="The claim to check.")],
    speaker: Annotated[str | None, typer.Option("--speaker")] = None,
    date: Annotated[str | None, typer.Option("--date", help="When the claim was made, YYYY-MM-DD.")] = None,
    source: SourcesOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check one claim against source URLs, in this process."""
    from config.settings import load_settings
    from pipeline import flow
    from pipeline.checking import check_claim
    from pipeline.claims import standalone_claim
    from pipeline.adapters import wiring
    from pipeline.models import to_dict

    def run() -> Any:
        the_claim = standalone_claim(claim, speaker=speaker, date=date)
        with wiring.in_process(load_settings()) as stack:
            results = flow.fetch_all(list(source or ()), stack.sources)
        docs, failures = flow.split_sources(results)
        return the_claim, check_claim(the_claim, None, docs, failures, claim_date=date)

    the_claim, verdict = guarded(run)
    if as_json:
        print_json({**to_dict(the_claim), "verdict": to_dict(verdict)})
    else:
        out.print(f"[bold]{verdict.label}[/bold] ({verdict.confidence:.2f}), attribution {verdict.attribution}: {verdict.rationale}")


@app.command()
def ingest(
    targets: Annotated[list[str], typer.Argument(help="Feed URLs, page URLs, or directories/files of saved pages (.html, .htm, .txt).")],
    max_items: Annotated[int | None, typer.Option(help="Newest items read per feed (default NEWSCHECK_FEED_MAX_ITEMS).")] = None,
) -> None:
    """Fill the evidence index (NEWSCHECK_INDEX_URL) in bulk, with a progress bar; exits 1 when a page failed."""
    from config.settings import load_settings
    from newscheck.ingest import ingest_with_progress
    from pipeline.adapters import wiring

    s = guarded(load_settings)
    with wiring.in_process(s) as stack:
        corpus = guarded(lambda: stack.index)
        tally = guarded(lambda: ingest_with_progress(targets, corpus, stack.fetcher, stack.feed_reader(),
                                                     max_items=max_items or s.feed_max_items, console=err))
        total = corpus.count()
    out.print(f"added {tally.added}, known {tally.known}, failed {len(tally.failures)}; the index holds {total} pages",
              highlight=False)
    for failure in tally.failures[:20]:
        err.print(f"  {escape(failure.url)}: {escape(failure.reason)}", highlight=False)
    if tally.failures:
        fail(f"{len(tally.failures)} page(s) not indexed ({tally.reasons()})")


# ------------------------------------------------------------------ processes
@app.command()
def worker(
    queues: Annotated[str, typer.Option(help="Comma-separated queues to consume.")] = "io,cpu,control",
    concurrency: Annotated[int, typer.Option(help="Processes or threads.")] = 2,
    pool: Annotated[str, typer.Option(help="prefork (cpu work) or threads (io work).")] = "prefork",
    loglevel: Annotated[str, typer.Option()] = "INFO",
    hostname: Annotated[str | None, typer.Option(help="Worker node name (default: celery's).")] = None,
    include: Annotated[list[str] | None, typer.Option("--include", help="Extra task module to load (repeatable).")] = None,
    supervise: Annotated[bool, typer.Option(help="Restart the worker when it dies on its own (newscheck/supervise.py).")] = True,
) -> None:
    """Run a Celery worker on the given queues (supervised: restarted if it ends itself)."""
    from config.logging import setup_logging
    from config.settings import load_settings

    setup_logging(guarded(load_settings))
    if supervise:
        from newscheck.supervise import supervise as run_supervised

        child = [sys.executable, "-m", "newscheck.cli", "worker", "--no-supervise", "--queues", queues,
                 "--concurrency", str(concurrency), "--pool", pool, "--loglevel", loglevel]
        child += ["--hostname", hostname] if hostname else []
        for module in include or ():
            child += ["--include", module]
        rc = run_supervised(child)
        raise typer.Exit(rc if rc >= 0 else 128 - rc)
    from workers.app import app as celery_app

    argv = ["worker", "-Q", queues, "-c", str(concurrency), "-P", pool, "--loglevel", loglevel, "--without-gossip", "--without-mingle"]
    if hostname:
        argv += ["-n", hostname]
    for module in include or ():
        argv += ["-I", module]
    celery_app.worker_main(argv)


@app.command()
def beat(loglevel: Annotated[str, typer.Option()] = "INFO") -> None:
    """Run the scheduler that triggers the sweeper."""
    import tempfile

    from workers.app import app as celery_app

    schedule = Path(tempfile.gettempdir()) / "newscheck-beat-schedule"
    celery_app.start(["beat", "--loglevel", loglevel, "-s", str(schedule)])


@app.command()
def api(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the HTTP API."""
    import uvicorn

    from config.logging import setup_logging
    from config.settings import load_settings
    from newscheck.api import create_app

    settings = guarded(load_settings)
    setup_logging(settings)
    # uvicorn believes X-Forwarded-For from loopback by default: only configured proxies may set it
    proxies = settings.api_trusted_proxies
    uvicorn.run(guarded(create_app), host=host, port=port, log_level="info", log_config=None,
                proxy_headers=bool(proxies), forwarded_allow_ips=",".join(proxies) or None)


@app.command()
def demo(keep: Annotated[bool, typer.Option(help="Keep everything running until Ctrl-C.")] = False) -> None:
    """Start what is needed, check the sample article through the API, print the verdicts."""
    from newscheck.demo import run_demo

    raise typer.Exit(guarded(lambda: run_demo(keep=keep)))


@app.command(name="eval")
def evaluate(
    data: Annotated[Path, typer.Option(help="The evaluation data folder.")] = Path(__file__).resolve().parents[1].parent / "shared" / "eval",
    as_json: JsonOpt = False,
) -> None:
    """Measure extraction and verdict quality on the evaluation data."""
    if not data.is_dir():
        fail(f"evaluation data not found at {data}")
    # the harness sits above the product (it serves pages with newscheck.localserver): run it, never import it
    raise typer.Exit(subprocess.call([sys.executable, "-m", "evaluation", str(data), *(["--json"] if as_json else [])]))


@app.command()
def settings() -> None:
    """Print every setting, its environment variable, default and meaning (Markdown)."""
    from config.settings import Settings

    print("| variable | default | meaning |\n|---|---|---|")
    for name, field in Settings.model_fields.items():
        default = field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
        print(f"| `NEWSCHECK_{name.upper()}` | `{default!s}` | {field.description} |")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
