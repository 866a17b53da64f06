"""The console adapter: a terminal chat, or one command per line from a pipe.

It is also the errbot-style test backend: most behaviour is tested through it, text in,
text (or JSON) out, with no chat platform at all.
"""

from __future__ import annotations

import sys
from typing import BinaryIO, TextIO

from bot.bootstrap import App
from bot.text import render_json, render_text
from handlers.accounts import console_member
from handlers.command import Command
from handlers.i18n import translator
from handlers.reply import error
from storage import members

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

    def undecodable(self, as_json: bool = False) -> str:
        """The answer to a line that is not UTF-8: refused, and the session goes on."""
        with self.app.db.read_session() as session:
            member = members.get(session, self.member_id)
            language = member.language if member else self.app.settings.crm_language
        reply = error(
            translator(language)("That line is not UTF-8 text, so it was not run. Nothing changed.")
        )
        reply.language = language
        return render_json(reply) if as_json else render_text(reply)

    def run_lines(self, lines: BinaryIO, stdout: TextIO, as_json: bool = False) -> int:
        """Piped input: one answer per line, empty lines included. Lines are read as bytes
        so one that is not UTF-8 is refused on its own instead of ending the session."""
        for raw in lines:
            try:
                line = raw.decode("utf-8").removesuffix("\n").removesuffix("\r")
            except UnicodeDecodeError:
                stdout.write(self.undecodable(as_json) + "\n")
            else:
                stdout.write(self.ask(line, as_json) + "\n")
            stdout.flush()
        return 0

    def run(self, stdin: TextIO, stdout: TextIO, as_json: bool = False) -> int:
        """Piped input line by line (see run_lines); a terminal gets a prompt."""
        if not stdin.isatty():
            return self.run_lines(stdin.buffer, stdout, as_json)
        import readline  # noqa: F401 - line editing and history for input(), terminals only

        stdout.write("crmbot \u2014 help for commands, exit to leave.\n")
        while True:
            try:
                line = input(PROMPT)
            except UnicodeDecodeError:
                stdout.write(self.undecodable(as_json) + "\n")
                continue
            except (EOFError, KeyboardInterrupt):
                stdout.write("\n")
                return 0
            if line.strip().lower() in GOODBYES:
                return 0
            stdout.write(self.ask(line, as_json) + "\n")


def main(app: App, name: str, as_json: bool) -> int:
    return Console(app, name).run(sys.stdin, sys.stdout, as_json)
