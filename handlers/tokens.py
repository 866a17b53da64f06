"""`token new <name> [read|write]`, `token revoke <name>`, `token`: bearer tokens for /api/v1.

A token is `crm_<key>_<secret>`. Only its SHA-256 is stored with the public key, so a copy
of the database holds no working token; a request finds the row by the key and compares
the hash in constant time (`check`). The token is shown once, when it is made, and the
journal keeps that answer with the token blacked out (`Reply.secret`).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from handlers.arguments import BadArguments
from handlers.context import Context, Refusal
from handlers.reply import Item, Reply, Section
from storage import tokens
from storage.models import ApiToken, Member

SCOPES = {"read": "read", "lesen": "read", "write": "write", "schreiben": "write"}
ACTIONS = {"new": "new", "neu": "new", "revoke": "revoke", "widerrufen": "revoke", "": "list"}
_NAME = re.compile(r"^[\w.-]{1,60}$")
_TOKEN = re.compile(r"^crm_([0-9a-f]{16})_([\w-]{20,64})$")


@dataclass(frozen=True)
class TokenArgs:
    action: str
    name: str = ""
    scope: str = "read"

    def line(self) -> str:
        if self.action == "list":
            return "token"
        scope = f" {self.scope}" if self.action == "new" else ""
        return f"token {self.action} {self.name}{scope}"


def parse(text: str, ctx: Context) -> TokenArgs:
    words = text.split()
    action = ACTIONS.get(words[0].lower() if words else "")
    if action is None or (action == "list") != (len(words) == 0):
        raise BadArguments()
    if action == "list":
        return TokenArgs("list")
    if len(words) < 2 or not _NAME.match(words[1]):
        raise BadArguments(ctx.t("A token's name is one word of letters, digits, '.', '-', '_'."))
    scope = SCOPES.get(words[2].lower()) if len(words) > 2 else "read"
    if scope is None or len(words) > 3 or (action == "revoke" and len(words) > 2):
        raise BadArguments()
    return TokenArgs(action, words[1], scope)


def token(args: TokenArgs, ctx: Context) -> Reply:
    t = ctx.t
    if args.action == "list":
        rows = tokens.every(ctx.session)
        items = tuple(Item(f"{row.name} \u00b7 {row.scope}") for row in rows)
        return Reply(
            text=t.plural("{count} API token", "{count} API tokens", len(rows)),
            sections=[Section(t("API tokens"), items)] if items else [],
            data={"tokens": [{"name": row.name, "scope": row.scope} for row in rows]},
        )
    found = tokens.named(ctx.session, args.name)
    if args.action == "revoke":
        if found is None:
            raise Refusal(t("There is no token {name}.", name=args.name))
        tokens.revoke(ctx.session, ctx.member.id, found)
        return Reply(text=t("Token {name} revoked.", name=args.name), data={"name": args.name})
    if found is not None:
        raise Refusal(t("There is a token {name} already.", name=args.name))
    key, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    value = f"crm_{key}_{secret}"
    tokens.add(ctx.session, ctx.member.id, args.name, key, digest(value), args.scope)
    return Reply(
        text=t(
            "Token {name} ({scope}); it is shown only now, keep it secret: {token}",
            name=args.name,
            scope=args.scope,
            token=value,
        ),
        data={"name": args.name, "scope": args.scope, "token": value},
        secret=value,
    )


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def check(session: Session, value: str) -> tuple[ApiToken, Member] | None:
    """The token row this bearer value belongs to and its member, or None; the hash is
    compared in constant time, so timing tells a guesser nothing about how close a guess was."""
    found = _TOKEN.match(value)
    row = tokens.with_key(session, found[1]) if found else None
    wanted = row[0].token_hash if row else "0" * 64
    matches = hmac.compare_digest(wanted, digest(value))
    return row if row is not None and matches else None
