"""Real local receivers for delivery tests: a scriptable HTTP server and an SMTP server."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b"ok"


class WebhookServer:
    """``ThreadingHTTPServer`` on 127.0.0.1 whose answers are scripted per path.

    ``script(path, Reply(...), …)`` queues answers; once the queue is empty, 200. ``stop()``
    closes the port (the receiver is "down"); ``start()`` brings it back on the same port.
    ``stall(path)``: requests to ``path`` hang before being read until ``release()``; they are
    not counted as received. ``ack_slowly(path)``: the request is read and counted, then the
    answer hangs until ``release()`` (the receiver accepted it; the sender does not know yet).
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[Received] = []
        self.scripts: dict[str, deque[Reply]] = defaultdict(deque)
        self.stalled_paths: set[str] = set()
        self.slow_ack_paths: set[str] = set()
        self.hanging = threading.Event()
        self.released = threading.Event()
        self.lock = threading.Lock()
        self.httpd: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def script(self, path: str, *replies: Reply) -> None:
        self.scripts[path].extend(replies)

    def stall(self, path: str) -> None:
        self.stalled_paths.add(path)

    def ack_slowly(self, path: str) -> None:
        self.slow_ack_paths.add(path)

    def release(self) -> None:
        self.released.set()

    def on(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.path == path]

    def start(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                if self.path in server.stalled_paths and not server.released.is_set():
                    server.hanging.set()
                    server.released.wait(60)
                    self.close_connection = True
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with server.lock:
                    server.received.append(
                        Received(self.path, dict(self.headers.items()), body, time.monotonic())
                    )
                    queue = server.scripts[self.path]
                    reply = queue.popleft() if queue else Reply()
                if self.path in server.slow_ack_paths and not server.released.is_set():
                    server.hanging.set()
                    server.released.wait(60)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except OSError:
                    pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None


class _Collector:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd on 127.0.0.1 with a free port, keeping every envelope it accepts."""

    def __init__(self) -> None:
        self.handler = _Collector()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.running = False

    @property
    def messages(self) -> list[Any]:
        return self.handler.messages

    def start(self) -> None:
        self.controller.start()
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.controller.stop()
            self.running = False

    def restart(self) -> None:
        """Up again on the same port (a stopped aiosmtpd controller cannot restart)."""
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.start()
