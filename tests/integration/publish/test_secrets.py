"""The token never shows: not in output, exception text, log records or files.

Both clients are driven through every path — publishing, a lost answer and its retry, a
rejected token, a server that echoes the secret back in its error, an expired session, counts,
replies, delete — with every logger at DEBUG (httpx and httpcore included). Then everything a
user or a file could ever see is searched for the secrets.
"""

from __future__ import annotations

import json
import logging
import traceback
from pathlib import Path

import httpx
import msgspec
import pytest

from rtc_tui.core.publish import queue
from rtc_tui.publish.bluesky import BlueskyClient
from rtc_tui.publish.clients import client_for
from rtc_tui.publish.errors import PublishError
from tests.fakes.bluesky import FakeBluesky
from tests.fakes.mastodon import FakeMastodon
from tests.fakes.server import FakeServer
from tests.integration.publish.support import (
    BLUESKY_PASSWORD,
    MASTODON_TOKEN,
    NOW,
    Sleeps,
    bluesky_account,
    mastodon_account,
    queued,
)


def _seen(error: BaseException, *, locals_too: bool = True) -> str:
    """Everything an error can show: message, repr, args, traceback (with locals if asked).

    With ``locals_too``, even a traceback printed with every frame's locals must not show a
    secret (the frames below the test's own, which holds the secrets to set the fakes up).
    It is not asked when the server itself echoed the secret: the raw answer a frame holds
    then contains it, and only what we write (the message) can be scrubbed.
    """
    assert error.__traceback__ is not None
    shown = [str(error), repr(error), *map(str, error.args), *traceback.format_exception(error)]
    if locals_too:
        with_locals = traceback.TracebackException(
            type(error), error, error.__traceback__.tb_next, capture_locals=True
        )
        assert any("rtc_tui/publish/transport.py" in f.filename for f in with_locals.stack)
        shown += with_locals.format()
    return "\n".join(shown)


def _store_and_read_back(tmp_path: Path, stored: dict[str, object]) -> str:
    """Write what the clients produced to the data dir, as the desk will, and read every file."""
    data_dir = tmp_path / "data"
    data_dir.mkdir(exist_ok=True)
    (data_dir / "published.json").write_text(json.dumps(stored, default=str), "utf-8")
    return "\n".join(
        p.read_text("utf-8", errors="replace") for p in tmp_path.rglob("*") if p.is_file()
    )


async def test_no_secret_in_any_output_error_log_or_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    shown: list[str] = []
    stored: dict[str, object] = {}
    masto = FakeMastodon(token=MASTODON_TOKEN)
    bsky = FakeBluesky(handle="brand.bsky.social", password=BLUESKY_PASSWORD)
    env = {"RTC_TEST_MASTO": MASTODON_TOKEN, "RTC_TEST_BSKY": BLUESKY_PASSWORD}
    with FakeServer(masto) as mserver, FakeServer(bsky) as bserver:
        async with httpx.AsyncClient(trust_env=False) as http:
            sleeps = Sleeps()
            mclient = client_for(
                mastodon_account(mserver.base), http, environ=env, sleep=sleeps, now=lambda: NOW
            )
            bclient = client_for(
                bluesky_account(bserver.base), http, environ=env, sleep=sleeps, now=lambda: NOW
            )
            shown += [repr(mclient), repr(bclient), repr(vars(mclient.transport))]

            mserver.fault("/api/v1/statuses", "drop_after", method="POST")
            mpost = queued("mastodon", "Auguri! https://example.com")
            mpublished = await mclient.post(mpost)
            mserver.fault(
                "/api/v1/statuses",
                "status",
                status=422,
                body={"error": f"Validation failed: bad token {MASTODON_TOKEN}"},
            )
            with pytest.raises(PublishError) as echoed:
                await mclient.post(queued("mastodon", "Eco", clock_id=2))
            shown.append(_seen(echoed.value, locals_too=False))
            wrong = client_for(
                mastodon_account(mserver.base),
                http,
                environ={"RTC_TEST_MASTO": "x" + MASTODON_TOKEN},
            )
            with pytest.raises(PublishError) as rejected:
                await wrong.post(mpost)
            shown.append(_seen(rejected.value))

            bserver.fault("/xrpc/com.atproto.server.createSession", "status", status=401)
            with pytest.raises(PublishError) as refused_login:
                await bclient.post(queued("bluesky", "Prima"))
            shown.append(_seen(refused_login.value))
            bserver.fault("/xrpc/com.atproto.repo.createRecord", "drop_after")
            bpost = queued("bluesky", "Auguri @anna.bsky.social #Natale")
            bpublished = await bclient.post(bpost)
            assert isinstance(bclient, BlueskyClient)
            session = await bclient.session()
            access = session.access.reveal()
            shown.append(repr(session))
            bserver.fault(
                "/xrpc/app.bsky.feed.getPosts",
                "status",
                status=400,
                body={"error": "InvalidRequest", "message": f"{access} {BLUESKY_PASSWORD}"},
            )
            with pytest.raises(PublishError) as bechoed:
                await bclient.counts(bpublished)
            shown.append(_seen(bechoed.value, locals_too=False))
            bsky.expire_sessions()
            for client, published in ((mclient, mpublished), (bclient, bpublished)):
                stored[client.network] = {
                    "post": msgspec.to_builtins(published),
                    "counts": msgspec.to_builtins(await client.counts(published)),
                    "replies": msgspec.to_builtins(await client.replies(published)),
                }
                await client.delete(published)
            stored["queue"] = [
                queue.to_record(queue.sent(mpost, NOW, remote_id="1", uri="u", url="l")),
                queue.to_record(bpost),
            ]
            new_access = next(iter(bsky.sessions))

    files = _store_and_read_back(tmp_path, stored)
    out, err = capsys.readouterr()
    logs = caplog.text + "\n".join(
        f"{r.getMessage()} {r.args!r} {vars(r)!r}" for r in caplog.records
    )
    haystacks = {
        "output": out + err,
        "errors and reprs": "\n".join(shown),
        "logs": logs,
        "files": files,
    }
    assert caplog.records, "the clients logged nothing: the log check would prove nothing"
    assert "Validation failed: bad token ***" in "\n".join(shown)
    assert f'"remote_id": "{mpublished.remote_id}"' in files  # what was stored is the real data
    for secret in (MASTODON_TOKEN, BLUESKY_PASSWORD, access, new_access):
        for where, text in haystacks.items():
            assert secret not in text, f"a secret appears in the {where}"
