"""A scripted HTTP server on 127.0.0.1 for tests that speak a provider's wire protocol.

    with FakeServer() as server:
        server.on("POST", "/v1/chat/completions", Reply(429, headers={"Retry-After": "2"}), Reply.json({...}))
        client.post(server.url + "/v1/chat/completions", ...)
        assert server.requests[0].headers["authorization"] == "Bearer sk-test"

``on(method, path, *answers)`` gives a route its answers in order, the last
one repeating; an answer is a ``Reply`` or a function of the ``Received``
request returning one (for protocols with state, such as polling). Requests
to unknown routes get a 404. ``Reply(delay=...)`` holds the answer back
(a slow provider); ``chunked=True`` sends the body without a length.
The server speaks HTTP/1.1 with keep-alive, and TLS when given a context
(see ``tls_pair``).

``Sleeps`` stands in for ``time.sleep`` in a client under test, so backoff
and polling waits are recorded instead of slept.
"""

from __future__ import annotations

import json as jsonlib
import ssl
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.servers import self_signed_certificate

__all__ = ["FakeServer", "Received", "Reply", "Sleeps", "tls_pair"]


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    chunked: bool = False

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: dict[str, str] | None = None, **options: Any) -> Reply:
        return cls(
            status, jsonlib.dumps(data).encode(), {"Content-Type": "application/json", **(headers or {})}, **options
        )

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Reply:
        return cls(status, headers={"Location": location})


@dataclass(frozen=True)
class Received:
    """One request as the server saw it; header names are lower case."""

    method: str
    path: str  # with the query string
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return jsonlib.loads(self.body)

    @property
    def route(self) -> str:
        return urlsplit(self.path).path


Answer = Reply | Callable[[Received], Reply]


class _QuietHTTPServer(ThreadingHTTPServer):
    """A client that hangs up (a cancelled call, a closed keep-alive connection) is not an error worth printing."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeServer:
    def __init__(self, tls: ssl.SSLContext | None = None):
        self.requests: list[Received] = []
        self.server_names: list[str | None] = []  # TLS SNI seen, one per handshake
        self._routes: dict[tuple[str, str], list[Answer]] = {}
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._httpd = _QuietHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        if tls is not None:
            tls.sni_callback = lambda sock, name, ctx: self.server_names.append(name)
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self.port = self._httpd.server_address[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._closing.set()  # releases answers still being held back
        self._httpd.shutdown()
        self._httpd.server_close()

    def on(self, method: str, path: str, *answers: Answer) -> None:
        with self._lock:
            self._routes[(method.upper(), path)] = list(answers) or [Reply()]

    def calls(self, method: str | None = None, path: str | None = None) -> list[Received]:
        with self._lock:
            return [
                r for r in self.requests if (method is None or r.method == method) and (path is None or r.route == path)
            ]

    def _answer(self, received: Received) -> Reply:
        with self._lock:
            self.requests.append(received)
            answers = self._routes.get((received.method, received.route))
            if not answers:
                return Reply.json({"error": f"no route for {received.method} {received.route}"}, status=404)
            answer = answers.pop(0) if len(answers) > 1 else answers[0]
        return answer(received) if callable(answer) else answer


def _handler_for(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _serve(self) -> None:
            received = Received(
                self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, self._read_body()
            )
            reply = server._answer(received)
            if reply.delay and server._closing.wait(reply.delay):
                self.close_connection = True
                return
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                else:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if reply.chunked:
                    for start in range(0, len(reply.body), 4096):
                        piece = reply.body[start : start + 4096]
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    self.wfile.write(b"0\r\n\r\n")
                elif self.command != "HEAD":
                    self.wfile.write(reply.body)
            except OSError:  # the client gave up waiting
                self.close_connection = True

        def _read_body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                parts = []
                while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                    parts.append(self.rfile.read(size))
                    self.rfile.readline()
                self.rfile.readline()
                return b"".join(parts)
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

    return Handler


def tls_pair(folder: Path, hostname: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A server context with a self-signed certificate for ``hostname``, and a client context trusting only it."""
    key_path, cert_path = self_signed_certificate(folder, hostname)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert_path, key_path)
    client = ssl.create_default_context(cafile=str(cert_path))
    return server, client


class Sleeps(list):
    """A fake clock for waits: records each one instead of sleeping.

    ``on_first`` runs once, during the first wait: the moment a test cancels a
    job "while it waits", without a real timer racing the client.
    """

    def __init__(self, on_first: Callable[[], object] | None = None):
        super().__init__()
        self.on_first = on_first

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
        if self.on_first is not None and len(self) == 1:
            self.on_first()
