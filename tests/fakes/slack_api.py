"""A local stand-in for the Slack Web API and for `response_url`, for tests and benchmarks.

The real `slack_sdk` clients talk to it through `SLACK_API_URL` (`FakeSlack.api_url`). It
answers the methods the bot calls, records every call, and can be told to fail the next
calls of a method (rate limits, unknown channels, a server error) so tests see what a
real outage looks like. Thread-safe: it serves each connection on its own thread.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl

from tests.fakes.recording import CallLog, QuietServer
from tests.fakes.slack_answers import ANSWERS, TEAM

BOT_TOKEN = "xoxb-test-token"
"""The bot token every test configures; the fake answers any token."""


@dataclass(frozen=True)
class Call:
    """One request the bot made: the API method (or `response_url`) and its arguments."""

    method: str
    args: dict[str, Any]
    token: str | None


@dataclass
class Failure:
    error: str
    status: int = 200
    retry_after: int | None = None
    times: int = 1


@dataclass
class SlackState:
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)
    posted: list[dict[str, Any]] = field(default_factory=list)
    channels: dict[str, str] = field(default_factory=dict)
    """Channel ids by name, for conversations.list."""
    uploads: dict[str, bytes] = field(default_factory=dict)
    """Bytes POSTed to each upload URL, by file id."""
    hosted: dict[str, bytes] = field(default_factory=dict)
    """Files users shared, served at url_private_download to the bot token."""


class FakeSlack:
    """Start with `with FakeSlack() as slack:`; point the bot at `slack.api_url`."""

    def __init__(self) -> None:
        self.state = SlackState()
        self._changed = threading.Condition()
        self.log: CallLog[Call] = CallLog(self._changed)
        self._ts = itertools.count(1)
        self._server = QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    @property
    def api_url(self) -> str:
        return self.url + "api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.url}response/{name}"

    def __enter__(self) -> FakeSlack:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        tz: str = "Europe/Berlin",
        locale: str = "en-US",
        team: str = TEAM,
    ) -> None:
        """A user `users.info` knows about; of another `team` for a Slack Connect guest."""
        self.state.users[user_id] = {
            "id": user_id,
            "team_id": team,
            "name": name.lower().replace(" ", "."),
            "real_name": name,
            "tz": tz,
            "locale": locale,
            "profile": {"real_name": name, "display_name": name.split()[0]},
        }

    def fail(
        self,
        method: str,
        error: str,
        *,
        status: int = 200,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail the way Slack fails."""
        with self._changed:
            self.state.failures.setdefault(method, []).append(
                Failure(error, status, retry_after, times)
            )

    def delay(self, method: str, seconds: float) -> None:
        """Make every call of `method` take `seconds`, like a slow Slack."""
        self.state.delays[method] = seconds

    def calls(self, method: str | None = None) -> list[Call]:
        return self.log.of(method)

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        return self.log.wait_for(method, count, timeout)

    def record(self, method: str, args: dict[str, Any], token: str | None) -> Failure | None:
        """Store a call and say whether it is one that must fail."""
        with self._changed:
            self.log.add(Call(method, args, token))
            queue = self.state.failures.get(method, [])
            if not queue:
                return None
            failure = queue[0]
            failure.times -= 1
            if failure.times <= 0:
                queue.pop(0)
            return failure

    def answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        """What Slack would answer to a successful call of `method`."""
        answer = ANSWERS.get(method)
        if answer is None:
            return {"ok": True}
        return answer(self, args)

    def next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"


def _decode(content_type: str, raw: bytes) -> dict[str, Any]:
    """Web API arguments arrive as a form or as JSON; JSON-valued form fields are decoded."""
    if not raw:
        return {}
    if content_type.startswith("application/json"):
        body: dict[str, Any] = json.loads(raw)
        return body
    return _objects(dict(parse_qsl(raw.decode(), keep_blank_values=True)))


def _objects(args: dict[str, Any]) -> dict[str, Any]:
    """Fields that carry JSON in a form or a query string (files.completeUploadExternal
    sends `files` in the query string), decoded."""
    for key in ("blocks", "view", "attachments", "files"):
        if isinstance(args.get(key), str) and args[key][:1] in "[{":
            args[key] = json.loads(args[key])
    return args


def _handler_for(slack: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            """Some methods (users.info) are called with GET and a query string."""
            path, _, query = self.path.partition("?")
            if path.startswith("/files/"):
                self._download(path.split("/")[2])
                return
            self._serve(path, dict(parse_qsl(query, keep_blank_values=True)))

        def _download(self, file_id: str) -> None:
            """Private files need the bot token, as Slack's do."""
            data = slack.state.hosted.get(file_id)
            if data is None or self.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
                self._send(404, b"not found", "text/plain")
                return
            self._send(200, data, "application/octet-stream")

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path, _, query = self.path.partition("?")
            if path.startswith("/upload/"):
                self._take_upload(path.removeprefix("/upload/"), raw)
                return
            args = _objects(dict(parse_qsl(query))) | _decode(
                self.headers.get("Content-Type", ""), raw
            )
            self._serve(path, args)

        def _serve(self, path: str, args: dict[str, Any]) -> None:
            auth = self.headers.get("Authorization", "")
            token = auth.removeprefix("Bearer ") if auth else args.get("token")
            if path.startswith("/response/"):
                args["response_url"] = path.removeprefix("/response/")
                slack.record("response_url", args, None)
                self._send(200, b"ok", "text/plain")
                return
            method = path.removeprefix("/api/")
            failure = slack.record(method, args, token)
            time.sleep(slack.state.delays.get(method, 0.0))
            if failure is not None:
                self._fail(failure)
                return
            self._json(200, slack.answer(method, args))

        def _take_upload(self, file_id: str, raw: bytes) -> None:
            """The second step of an upload: the file's bytes, as Slack's file servers take them."""
            with slack.log.lock:
                slack.state.uploads[file_id] = raw
            slack.record("upload", {"file_id": file_id, "size": len(raw)}, None)
            self._send(200, f"OK - {len(raw)}".encode(), "text/plain")

        def _fail(self, failure: Failure) -> None:
            headers = (
                {} if failure.retry_after is None else {"Retry-After": str(failure.retry_after)}
            )
            self._json(failure.status, {"ok": False, "error": failure.error}, headers)

        def _json(
            self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            self._send(status, json.dumps(body).encode(), "application/json", headers)

        def _send(
            self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            """Quiet: the calls are recorded, not printed."""

    return Handler
