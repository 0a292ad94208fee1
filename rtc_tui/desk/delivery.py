"""Getting exports out: files never overwritten, the webhook POST, link reachability.

The I/O behind :mod:`rtc_tui.desk.checklist`: writing an export file (created exclusively, so an
existing file is never overwritten, not even in a race), posting the Slack-compatible body to
the webhook (errors never show the URL or the token), and checking links (HEAD, then GET, with
a short timeout, concurrently).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rtc_tui.core.export import render as core_export
from rtc_tui.core.export.render import Rendered
from rtc_tui.core.invisible import one_line
from rtc_tui.core.safety.findings import LinkResult
from rtc_tui.desk.errors import BadInputError, RefusedError
from rtc_tui.i18n import _
from rtc_tui.store.fsio import (
    FileModes,
    StoreError,
    create_complete,
    describe_os_error,
    ensure_dir,
)

if TYPE_CHECKING:
    # httpx costs a tenth of a second to import: only the network functions import it.
    import httpx

LINK_TIMEOUT = 5.0
"""Seconds each link may take to answer (HEAD, then GET)."""

WEBHOOK_TIMEOUT = 10.0
"""Seconds the webhook may take to answer."""

TOKEN_ENV = "RTC_WEBHOOK_TOKEN"
"""An optional bearer token for the webhook, from the environment only."""

USER_AGENT = "rtc-tui (link check)"
"""The honest User-Agent of link checks."""

MAX_NUMBERED = 1000
"""How many ``name-N.ext`` alternatives are tried before giving up."""


def redact(message: str, secrets: Sequence[str]) -> str:
    """``message`` with every secret (the webhook URL, the token) replaced by ``<webhook>``."""
    for secret in secrets:
        if secret:
            message = message.replace(secret, "<webhook>")
    return message


def create_file(path: Path, content: str, modes: FileModes) -> str:
    """Create ``path`` with ``content`` and the data dir's file mode; fail if it exists.

    Never written through an existing file or a link planted at the name, not even in a
    race, and never seen half-written (:func:`create_complete`). The mode is owner-only
    (0600) by default, the team group's (0660) when one is configured.

    Raises:
        FileExistsError: the file exists (it is left untouched).
        BadInputError: the file cannot be written.
    """
    try:
        create_complete(path, content.encode("utf-8"), modes)
    except FileExistsError:
        raise
    except OSError as exc:
        raise BadInputError(
            _("{path}: cannot write: {reason}").format(path=path, reason=describe_os_error(exc))
        ) from exc
    return str(path)


def write_export(rendered: Rendered, folder: Path, out: Path | None, modes: FileModes) -> str:
    """Write a rendered export; return the path written.

    ``out`` may name a file (refused if it exists) or a folder; otherwise the file goes to
    ``folder`` (created with the data dir's folder mode) under its safe name, numbered
    (``-2``, ``-3``...) when the name is taken.

    Raises:
        RefusedError: ``out`` exists.
        BadInputError: the file cannot be written.
    """
    if out is not None and not out.is_dir():
        try:
            return create_file(out, rendered.content, modes)
        except FileExistsError:
            raise RefusedError(
                _("{path}: already exists; choose another --out").format(path=out)
            ) from None
    if out is not None:
        folder = out
    else:
        try:
            ensure_dir(folder, modes, tighten_existing=False)
        except StoreError as exc:
            raise BadInputError(str(exc)) from exc
    name = rendered.filename
    for n in range(1, MAX_NUMBERED):
        candidate = folder / (name if n == 1 else core_export.numbered(name, n))
        try:
            return create_file(candidate, rendered.content, modes)
        except FileExistsError:
            continue
    raise RefusedError(_("{path}: too many exports named {name}").format(path=folder, name=name))


async def post_webhook(
    url: str, body: str, *, draft_id: int, client: httpx.AsyncClient | None = None
) -> None:
    """POST ``body`` (JSON) to the webhook; a 2xx answer is success.

    Raises:
        RefusedError: no answer, or a non-2xx answer (the message never shows URL or token).
    """
    import httpx

    headers = {"Content-Type": "application/json; charset=utf-8"}
    token = os.environ.get(TOKEN_ENV, "")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = body.encode("utf-8")
    try:
        if client is not None:
            response = await client.post(url, content=data, headers=headers)
        else:
            async with httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT) as own:
                response = await own.post(url, content=data, headers=headers)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        reason = redact(str(exc) or type(exc).__name__, [url, token])
        raise RefusedError(
            _("webhook failed: {error}: {reason}; draft {id} is not marked exported").format(
                error=type(exc).__name__, reason=reason, id=draft_id
            )
        ) from None
    if not response.is_success:
        raise RefusedError(
            _(
                "webhook failed: it answered HTTP {status} {phrase}; "
                "draft {id} is not marked exported"
            ).format(
                status=response.status_code,
                phrase=one_line(response.reason_phrase, 120),
                id=draft_id,
            )
        )


async def check_url(client: httpx.AsyncClient, url: str) -> LinkResult:
    """HEAD ``url``; when that fails or is refused, GET it (without reading the body)."""
    import httpx

    error = ""
    status: int | None = None
    try:
        head = await client.head(url)
        if head.status_code < 400:
            return LinkResult(url, True, head.status_code)
        status = head.status_code
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        error = type(exc).__name__
    try:
        async with client.stream("GET", url) as response:
            if response.status_code < 400:
                return LinkResult(url, True, response.status_code)
            return LinkResult(url, False, response.status_code, f"HTTP {response.status_code}")
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return LinkResult(url, False, status, error or type(exc).__name__)


async def check_urls(
    urls: Sequence[str], *, client: httpx.AsyncClient | None = None
) -> list[LinkResult]:
    """Check ``urls`` concurrently (see :func:`check_url`), in their order."""
    import httpx

    if client is not None:
        return list(await asyncio.gather(*(check_url(client, u) for u in urls)))
    async with httpx.AsyncClient(
        timeout=LINK_TIMEOUT,
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": USER_AGENT},
    ) as own:
        return list(await asyncio.gather(*(check_url(own, u) for u in urls)))
