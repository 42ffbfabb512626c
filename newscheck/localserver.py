"""A threaded HTTP server on 127.0.0.1 that answers from a table of routes.

Tests, the evaluation, the demo and the benchmark need real sources that misbehave on cue
(hang, drip bytes, redirect in loops, answer 500 then 200) without the internet. Each path
maps to a :class:`Route`, or to a list of routes answered in turn (the last one repeats),
which is how "500 then 200" is written. Stopping never waits for clients: handler threads are
daemons, sleeping handlers wake on the stop event and open sockets are shut down.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Mapping, Sequence
from urllib.parse import urlsplit


@dataclass
class Route:
    """What one path answers."""

    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    drip: float | None = None  # seconds between bytes (slow source); None sends all at once
    redirect: str | None = None  # Location for 30x (status 302 unless a 30x status is given)
    hang: bool = False  # accept and never answer (until the server stops)

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


RouteSpec = Route | Sequence[Route]


@dataclass(frozen=True)
class Received:
    """A request as the server saw it (for callback and header assertions)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], owner: LocalServer) -> None:
        self.owner = owner
        super().__init__(address, _Handler)

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        self.owner._track(request)
        super().process_request(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - silence access logs
        return

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_POST(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = urlsplit(self.path).path or "/"
        route = owner._next_route(self.command, path, dict(self.headers.items()), body)
        try:
            self._send(route, send_body=send_body)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, OSError):
            pass  # the client gave up (timeout test) or the server is stopping

    def _send(self, route: Route | None, *, send_body: bool) -> None:
        stopping = self.server.owner._stopping
        if route is None:
            route = Route(body="not found", status=404, content_type="text/plain; charset=utf-8")
        if route.hang:
            stopping.wait()
            return
        if route.delay and stopping.wait(route.delay):
            return
        payload = route.payload()
        status = route.status
        if route.redirect is not None and not 300 <= status < 400:
            status = 302
        self.send_response(status)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(payload)))
        if route.redirect is not None:
            self.send_header("Location", route.redirect)
        for name, value in route.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not send_body:
            return
        if route.drip is None:
            self.wfile.write(payload)
            return
        for i in range(len(payload)):
            self.wfile.write(payload[i : i + 1])
            self.wfile.flush()
            if stopping.wait(route.drip):
                return


class LocalServer:
    """Context manager serving ``routes`` on ``host`` (a free port unless ``port`` is given).

    With ``ssl_context`` (a server-side context holding a certificate) it speaks HTTPS.
    The socket is bound at construction, so ``base_url`` is known before ``start()`` and
    pages can link to each other with absolute URLs. ``hits`` counts requests per path.
    """

    def __init__(self, routes: Mapping[str, RouteSpec] | None = None, *, host: str = "127.0.0.1", port: int = 0,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self._routes: dict[str, list[Route]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._thread: threading.Thread | None = None
        self.hits: Counter[str] = Counter()
        self.received: list[Received] = []
        for path, spec in (routes or {}).items():
            self.add(path, spec)
        self._server = _Server((host, port), self)
        if ssl_context is not None:
            self._server.socket = ssl_context.wrap_socket(self._server.socket, server_side=True)
        bound_host, bound_port = str(self._server.server_address[0]), self._server.server_port
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        self.base_url = f"{'https' if ssl_context else 'http'}://{shown}:{bound_port}"

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str) -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def add(self, path: str, route: RouteSpec) -> None:
        """Serve ``route`` at ``path`` (replacing what was there); a list is answered in turn."""
        routes = [route] if isinstance(route, Route) else list(route)
        if not routes:
            raise ValueError(f"no route given for {path}")
        with self._lock:
            self._routes[path if path.startswith("/") else "/" + path] = routes

    def start(self) -> LocalServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"localserver:{self.port}", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and cut every open connection; never waits for handlers."""
        self._stopping.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()
        with self._lock:
            sockets, self._sockets = list(self._sockets), set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # called from handler threads
    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets = {s for s in self._sockets if s.fileno() != -1}
            self._sockets.add(sock)

    def _next_route(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Route | None:
        with self._lock:
            n = self.hits[path]
            self.hits[path] += 1
            self.received.append(Received(method, path, headers, body))
            routes = self._routes.get(path)
        if routes is None:
            return None
        return routes[min(n, len(routes) - 1)]
