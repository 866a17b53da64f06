"""A local stand-in for the Telegram Bot API, for the real python-telegram-bot client.

It speaks the methods the bot calls (getMe, sendMessage, sendPhoto, editMessageText,
answerCallbackQuery, setMyCommands, getUpdates, deleteWebhook, ...), records every call
with its decoded parameters, hands out queued updates to getUpdates, and can be told to
fail the next calls of a method the way Telegram does (429 with retry_after, 502, 403
BLOCKED). Like Telegram, it refuses an edit that changes nothing (400 NOT_MODIFIED).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, unquote

from tests.fakes.recording import CallLog, QuietServer

BOT_ID = 7000001
BOT_USERNAME = "crm_test_bot"
JSON_FIELDS = {"reply_markup", "commands", "scope", "allowed_updates", "link_preview_options"}
POLL_WAIT_SECONDS = 0.2


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    result: Any = None


@dataclass
class Failure:
    status: int
    description: str
    retry_after: int | None = None


@dataclass
class FakeState:
    updates: list[dict[str, Any]] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    next_message_id: int = 100
    shown: dict[tuple[int, int], tuple[str, Any]] = field(default_factory=dict)
    """What each sent message shows now (text, keyboard), as Telegram compares edits."""
    files: dict[str, bytes] = field(default_factory=dict)


NOT_MODIFIED = Failure(
    400,
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message",
)
BLOCKED = Failure(403, "Forbidden: bot was blocked by the user")


class FakeTelegramApi:
    """The Bot API on 127.0.0.1; `base_url` is what TELEGRAM_API_URL takes."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.state = FakeState()
        self.lock = threading.Condition()
        self.log: CallLog[Call] = CallLog(self.lock)
        self.server = QuietServer(("127.0.0.1", 0), _handler_for(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for the next getUpdates, as Telegram holds them for a polling bot."""
        with self.lock:
            self.state.updates.append(update)
            self.lock.notify_all()

    def host_file(self, file_id: str, data: bytes) -> None:
        """A file a user sent, for getFile and the download that follows it."""
        with self.lock:
            self.state.files[file_id] = data

    def fail_next(self, method: str, *failures: Failure) -> None:
        with self.lock:
            self.state.failures.setdefault(method, []).extend(failures)

    def calls(self, method: str | None = None) -> list[Call]:
        return self.log.of(method)

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        return self.log.wait_for(method, count, timeout)

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """What the fake replies to one call; every call is recorded, with its result."""
        with self.lock:
            pending = self.state.failures.get(method)
            if pending:
                failure = pending.pop(0)
                self._record(Call(method, params))
                return failure.status, _error(failure)
            if method == "editMessageText" and self._unchanged(params):
                self._record(Call(method, params, _error(NOT_MODIFIED)))
                return NOT_MODIFIED.status, _error(NOT_MODIFIED)
            if method != "getUpdates":
                call = Call(method, params, self._result(method, params))
                self._record(call)
                return 200, {"ok": True, "result": call.result}
        self._record(Call(method, params))
        return 200, {"ok": True, "result": self._updates(params)}

    def _unchanged(self, params: dict[str, Any]) -> bool:
        key = (int(params["chat_id"]), int(params["message_id"]))
        return self.state.shown.get(key) == (params.get("text", ""), params.get("reply_markup"))

    def _record(self, call: Call) -> None:
        self.log.add(call)

    def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), POLL_WAIT_SECONDS)
        with self.lock:
            while True:
                self.state.updates = [u for u in self.state.updates if u["update_id"] >= offset]
                if self.state.updates or time.monotonic() >= deadline:
                    return list(self.state.updates)
                self.lock.wait(max(0.0, deadline - time.monotonic()))

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "CRM",
                "username": BOT_USERNAME,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if method == "getFile":
            file_id = str(params.get("file_id"))
            size = len(self.state.files.get(file_id, b""))
            return {"file_id": file_id, "file_unique_id": file_id, "file_size": size,
                    "file_path": f"documents/{file_id}"}  # fmt: skip
        if method in ("sendMessage", "editMessageText", "sendDocument"):
            return self._message(params)
        if method == "sendPhoto":
            return self._message(params) | {"photo": [_photo_size(params)]}
        return True

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.state.next_message_id += 1
            message_id = int(params.get("message_id") or self.state.next_message_id)
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "CRM", "username": BOT_USERNAME},
            "text": params.get("text", ""),
        }
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        self.state.shown[(chat_id, message_id)] = (message["text"], params.get("reply_markup"))
        if "message_thread_id" in params:
            message["message_thread_id"] = int(params["message_thread_id"])
            message["is_topic_message"] = True
            message["chat"] = {"id": chat_id, "type": "supergroup", "is_forum": True}
        return message


def _photo_size(params: dict[str, Any]) -> dict[str, Any]:
    """The size Telegram reports for a photo it took (the real one also sends smaller ones)."""
    data = (params.get("photo") or {}).get("data", b"")
    size = len(data)
    return {"file_id": f"photo{size}", "file_unique_id": f"u{size}", "width": 1000,
            "height": 600, "file_size": size}  # fmt: skip


def _error(failure: Failure) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": failure.status,
        "description": failure.description,
    }
    if failure.retry_after is not None:
        body["parameters"] = {"retry_after": failure.retry_after}
    return body


def _handler_for(api: FakeTelegramApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            """Downloads, as Telegram serves them under /file/bot<token>/<file_path>."""
            path = unquote(self.path)
            prefix = f"/file/bot{api.token}/documents/"
            data = api.state.files.get(path.removeprefix(prefix))
            if not path.startswith(prefix) or data is None:
                self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            prefix = f"/bot{api.token}/"
            if not self.path.startswith(prefix):
                self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                return
            method = self.path[len(prefix) :]
            size = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(size)
            status, answer = api.answer(method, _decode(self.headers.get("Content-Type", ""), body))
            self._send(status, answer)

        def _send(self, status: int, body: dict[str, Any]) -> None:
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the recorded calls are what tests look at."""

    return Handler


def _decode(content_type: str, body: bytes) -> dict[str, Any]:
    """python-telegram-bot posts form fields (multipart when files go along); objects in
    them are JSON strings."""
    if content_type.startswith("multipart/"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        pairs = [
            (part.get_param("name", header="content-disposition"), _part_value(part))
            for part in message.iter_parts()
        ]
    elif content_type.startswith("application/json"):
        return dict(json.loads(body or b"{}"))
    else:
        pairs = parse_qsl(body.decode(), keep_blank_values=True)
    return {str(k): json.loads(v) if k in JSON_FIELDS else v for k, v in pairs}


def _part_value(part: Any) -> Any:
    """A form field's text, or an uploaded file as {"filename", "data"} (its bytes)."""
    filename = part.get_filename()
    if filename is None:
        return part.get_content()
    return {"filename": filename, "data": part.get_payload(decode=True)}


@contextmanager
def running(token: str) -> Iterator[FakeTelegramApi]:
    api = FakeTelegramApi(token)
    api.start()
    try:
        yield api
    finally:
        api.stop()
