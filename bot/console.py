"""The console adapter: a terminal chat, or one command per line from a pipe.

It is also the errbot-style test backend: most behaviour is tested through it, text in,
text (or JSON) out, with no chat platform at all.
"""

from __future__ import annotations

import sys
from typing import TextIO

from bot.bootstrap import App
from bot.text import render_json, render_text
from handlers.accounts import console_member
from handlers.command import Command

PROMPT = "crm> "
GOODBYES = {"exit", "quit", "bye", "tschüss", "ende"}


class Console:
    def __init__(self, app: App, name: str) -> None:
        self.app = app
        self.member_id = console_member(app.db, app.settings, name)

    def ask(self, line: str, as_json: bool = False) -> str:
        reply = self.app.crm.handle(
            Command(member_id=self.member_id, text=line, platform="console")
        )
        return render_json(reply) if as_json else render_text(reply)

    def run(self, stdin: TextIO, stdout: TextIO, as_json: bool = False) -> int:
        """Piped input: one answer per line, empty lines included. A terminal: a prompt."""
        if not stdin.isatty():
            for line in stdin:
                stdout.write(self.ask(line.rstrip("\n"), as_json) + "\n")
                stdout.flush()
            return 0
        import readline  # noqa: F401 - line editing and history for input(), terminals only

        stdout.write("crmbot \u2014 help for commands, exit to leave.\n")
        while True:
            try:
                line = input(PROMPT)
            except (EOFError, KeyboardInterrupt):
                stdout.write("\n")
                return 0
            if line.strip().lower() in GOODBYES:
                return 0
            stdout.write(self.ask(line, as_json) + "\n")


def main(app: App, name: str, as_json: bool) -> int:
    return Console(app, name).run(sys.stdin, sys.stdout, as_json)
