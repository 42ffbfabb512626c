"""What the command line prints and how it fails: one console pair, the report table, the progress
bar, and the one-line exit for expected errors.

Its own module so the CLI and the demo share it without importing each other.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.errors import NewscheckError
from pipeline.models import ArticleStatus

out = Console()
err = Console(stderr=True)
T = TypeVar("T")


def fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


def guarded(fn: Callable[[], T]) -> T:
    """Run ``fn`` and turn expected failures into one line and exit 1."""
    import requests

    try:
        return fn()
    except NewscheckError as exc:
        fail(str(exc))
    except requests.ConnectionError as exc:
        fail(f"cannot reach {getattr(exc.request, 'url', 'the API')}: is `newscheck api` running? ({type(exc).__name__})")
    except requests.RequestException as exc:
        fail(f"request failed: {exc}")
    raise AssertionError("unreachable")


def follow(client: Any, article_id: str, *, interval: float = 0.5, timeout: float = 900.0) -> dict[str, Any]:
    """Poll the report with a progress bar (claims done / total) until the article is finished."""
    report = guarded(lambda: client.report(article_id))
    deadline = time.monotonic() + timeout
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err) as bar:
        task = bar.add_task(article_id, total=None)
        while True:
            prog = report["progress"]
            bar.update(task, description=f"{article_id} {report['status']}", total=prog["claims_total"] or None,
                       completed=prog["claims_done"])
            if ArticleStatus(report["status"]).finished or time.monotonic() > deadline:
                return report
            time.sleep(interval)
            report = guarded(lambda: client.report(article_id))


LABEL_STYLE = {"supported": "green", "contradicted": "red", "mixed": "yellow", "unverified": "dim"}


def print_report(report: dict[str, Any], console: Console | None = None) -> None:
    """The claims as a table that reads in 80 columns and in a pipe: labels never cut, and a
    rationale that repeats an earlier row's is shown once (later rows point to it)."""
    console = console or out
    article = report.get("article", {})
    console.print(f"[bold]{escape(article.get('title') or report['id'])}[/bold]  status: {report['status']}")
    table = Table(show_lines=False, expand=True, box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("speaker", ratio=3, overflow="fold")
    table.add_column("claim", ratio=6, overflow="fold")
    table.add_column("verdict", no_wrap=True, min_width=len("contradicted"))
    table.add_column("src", justify="right", no_wrap=True)
    table.add_column("why", ratio=4, overflow="fold")
    first_row: dict[str, int] = {}
    for n, c in enumerate(report.get("claims", []), start=1):
        v = c.get("verdict")
        sp = c.get("speaker")
        speaker = escape((sp.get("resolved") or sp["text"]) if sp else "-")
        content = escape(c["content"]["text"])
        if v:
            label = f"[{LABEL_STYLE.get(v['label'], '')}]{v['label']}[/]\n{v['confidence']:.2f}"
            why = v["rationale"]
            if why in first_row:
                why = f"as #{first_row[why]}"
            else:
                first_row[why] = n
            table.add_row(str(n), speaker, content, label, str(v["independent_sources"]), escape(why))
        else:
            table.add_row(str(n), speaker, content, "…", "", "")
    console.print(table)
