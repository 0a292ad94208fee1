"""A key on ``rtc serve``: only whoever has the printed address gets the app.

textual-serve has no login. Listening on the loopback address keeps the network out, but not
the other users of the same machine, and "a few editors share one server" is exactly how the
app is used: without a key, a teammate could open your port and tick, approve and export as
you. So ``rtc serve`` makes a random key, prints the address carrying it (on your terminal
only), and refuses the page, the WebSocket and downloads to a browser that has not shown it.
The first visit with ``?key=...`` gets it as a cookie (HttpOnly, SameSite=Strict) and is sent
on to the bare address, so the key does not linger in the address bar.
"""

from __future__ import annotations

import hmac
import secrets
from typing import TYPE_CHECKING

from rtc_tui.i18n import N_, _

if TYPE_CHECKING:
    from aiohttp import web
    from aiohttp.typedefs import Handler, Middleware
    from textual_serve.server import Server

COOKIE = "rtc_serve_key"
"""The cookie holding the key once the printed address was opened."""

OPEN_PREFIXES = ("/static/",)
"""Paths served without the key: the page's scripts, styles and fonts, which hold no data."""

REFUSED = N_(
    "rtc serve: this address needs its key. Open the address `rtc serve` printed "
    "(it ends with ?key=...).\n"
)


def new_key() -> str:
    """A fresh random key (192 bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def keyed_server(key: str, **options: object) -> Server:
    """A textual-serve :class:`~textual_serve.server.Server` that asks for ``key``.

    Once listening it prints the address to open, key included (the banner textual-serve
    prints names the bare address, which now answers 403).

    Args:
        key: the key the browser must show (``?key=`` once, then the cookie).
        options: what :class:`~textual_serve.server.Server` takes (command, host, port, ...).
    """
    from textual_serve.server import Server

    class KeyedServer(Server):
        async def _make_app(self) -> web.Application:
            # textual-serve builds its aiohttp app here; the key goes in before it is frozen.
            app = await super()._make_app()
            app.middlewares.append(require_key(key))
            return app

        async def on_startup(self, app: web.Application) -> None:
            await super().on_startup(app)
            self.console.print(
                _("Open [bold]{url}[/] (the key is this session's)").format(
                    url=f"{self.public_url}/?key={key}"
                ),
                highlight=False,
                soft_wrap=True,
            )

    return KeyedServer(**options)  # type: ignore[arg-type]


def require_key(key: str) -> Middleware:
    """The aiohttp middleware that lets through only requests that show ``key``."""
    from aiohttp import web

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(OPEN_PREFIXES):
            return await handler(request)
        given = request.query.get("key")
        if given is not None and request.path == "/" and _same(given, key):
            response = web.HTTPSeeOther(location="/")
            response.set_cookie(COOKIE, key, httponly=True, samesite="Strict", path="/")
            return response
        if _same(request.cookies.get(COOKIE, ""), key):
            return await handler(request)
        return web.Response(status=403, text=_(REFUSED))

    return check


def _same(given: str, key: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), key.encode("utf-8"))
