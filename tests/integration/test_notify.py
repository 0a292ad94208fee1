"""Webhook notifications against a real HTTP server on 127.0.0.1 (tests/fakes/server.py)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rtc_tui.config import NOTIFY_KINDS, ConfigError, NotifyConfig, NotifyKind, load_config
from rtc_tui.notify import Notifier, Settings, Webhook
from rtc_tui.notify.message import Notification
from rtc_tui.notify.notifier import resolve_webhooks
from rtc_tui.notify.outbox import FOLDER, Outbox
from tests.fakes.server import FakeServer, Reply, Request
from tests.integration.cli import rtc
from tests.waiting import wait_for

ALL = NOTIFY_KINDS
FAST = Settings(timeout=0.5, retries=3, backoff=0.05, queue=100)


def logged(data_dir: Path, text: str) -> bool:
    """Whether ``notify.log`` holds ``text`` yet.

    A channel counts a send or a give-up first and writes its line right after, in its own
    thread: a test waits for the line, not for the count alone.
    """
    log = data_dir / "notify.log"
    return log.exists() and text in log.read_text()


def ok(_: Request) -> Reply:
    return Reply(200, {"ok": True})


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer(ok) as fake:
        yield fake


def hook(
    server: FakeServer, path: str = "/hook/T0K3N", *, kinds: tuple[NotifyKind, ...] = ALL
) -> Webhook:
    return Webhook("team", server.base + path, kinds)


def posts(server: FakeServer, path: str = "/hook/T0K3N") -> list[Request]:
    return server.requests_to(path, "POST")


def test_a_notification_reaches_the_webhook_as_slack_json(
    server: FakeServer, tmp_path: Path
) -> None:
    notifier = Notifier([hook(server)], FAST, data_dir=tmp_path, user="ana")
    notifier.tell("export", "Pasta day", draft_id=7)
    wait_for(lambda: notifier.health()[0].sent == 1)
    [request] = posts(server)
    assert request.headers["content-type"].startswith("application/json")
    assert request.json() == {
        "text": "[rtc] Exported · draft #7 · by ana: Pasta day",
        "mrkdwn": False,
    }
    assert notifier.status_line() == ""
    notifier.close()
    assert not (tmp_path / FOLDER).exists() or not list((tmp_path / FOLDER).iterdir())


def test_a_500_is_retried_with_backoff_then_sent_and_logged(
    server: FakeServer, tmp_path: Path
) -> None:
    server.fault("/hook/T0K3N", "status", status=500, method="POST")
    server.fault("/hook/T0K3N", "status", status=503, method="POST")
    notifier = Notifier([hook(server)], FAST, data_dir=tmp_path)
    notifier.tell("approval", "Draft approved", draft_id=3)
    wait_for(lambda: notifier.health()[0].sent == 1)
    assert len(posts(server)) == 3
    health = notifier.health()[0]
    assert (health.last_error, health.given_up, health.pending) == ("", 0, 0)
    wait_for(lambda: logged(tmp_path, "team: sent after 3 attempts"))
    log = (tmp_path / "notify.log").read_text()
    assert "team: HTTP 500 Internal Server Error: retry 1/3" in log
    assert "team: HTTP 503 Service Unavailable: retry 2/3" in log
    assert "team: sent after 3 attempts" in log
    assert "T0K3N" not in log  # the URL (its token) is never written
    notifier.close()


def test_a_refusal_that_will_not_change_is_given_up_at_once_and_shown(
    server: FakeServer, tmp_path: Path
) -> None:
    server.fault("/hook/T0K3N", "status", status=404, method="POST")
    notifier = Notifier([hook(server)], FAST, data_dir=tmp_path)
    notifier.tell("spike", "Blackout during the final")
    wait_for(lambda: notifier.health()[0].given_up == 1)
    assert len(posts(server)) == 1
    assert notifier.status_line() == "notify: team: 1 not sent (HTTP 404 Not Found)"
    wait_for(lambda: logged(tmp_path, "gave up after 1 attempt: HTTP 404"))
    notifier.tell("spike", "Another one")  # a later success clears the warning
    wait_for(lambda: notifier.health()[0].sent == 1)
    assert notifier.status_line() == ""
    notifier.close()


def test_a_timeout_is_retried_and_a_lasting_one_is_given_up(
    server: FakeServer, tmp_path: Path
) -> None:
    settings = Settings(timeout=0.3, retries=1, backoff=0.05, queue=10)
    server.fault("/hook/T0K3N", "hang", method="POST")
    notifier = Notifier([hook(server)], settings, data_dir=tmp_path)
    notifier.tell("export", "first")
    wait_for(lambda: notifier.health()[0].sent == 1)
    assert len(posts(server)) == 2

    server.fault("/hook/T0K3N", "hang", method="POST")
    server.fault("/hook/T0K3N", "hang", method="POST")
    notifier.tell("export", "second")
    wait_for(lambda: notifier.health()[0].given_up == 1)
    assert notifier.status_line() == "notify: team: 1 not sent (no answer within 0.3 s)"
    notifier.close()


def test_a_hanging_endpoint_never_blocks_the_caller_and_the_queue_is_bounded(
    server: FakeServer, tmp_path: Path
) -> None:
    settings = Settings(timeout=20.0, retries=0, backoff=1.0, queue=5)
    for _ in range(3):
        server.fault("/hook/T0K3N", "hang", method="POST")  # each holds for 30 s
    notifier = Notifier([hook(server)], settings, data_dir=tmp_path, drain=0.2)
    notifier.tell("spike", "story 0")
    wait_for(lambda: len(posts(server)) == 1)  # in flight: the endpoint answers nothing
    started = time.monotonic()
    for n in range(1, 20):
        notifier.tell("spike", f"story {n}")
    # 19 calls while the endpoint holds the first for 30 s: they only queued.
    assert time.monotonic() - started < 5.0
    health = notifier.health()[0]
    assert health.pending == 6  # one in flight, five queued
    assert health.dropped == 14
    assert "1 of" not in notifier.status_line()
    assert "6 pending" in notifier.status_line()
    assert "team: 14 dropped (queue full)" in notifier.status_line()
    closing = time.monotonic()
    notifier.close()
    assert time.monotonic() - closing < 5.0  # drain (0.2 s), then keep: no waiting on the hang
    kept = sorted((tmp_path / FOLDER).glob("*.json"))
    assert len(kept) == 6
    assert "queue full (5 waiting): dropped spike" in (tmp_path / "notify.log").read_text()


def test_untrusted_text_is_sent_as_data_not_markup(server: FakeServer, tmp_path: Path) -> None:
    notifier = Notifier([hook(server)], FAST, data_dir=tmp_path, user="<@U123>")
    title = (
        "<!channel> *FREE* _iPhones_ & <https://evil.example|your bank>"
        "\x1b[31m red\x1b]0;owned\x07 \u202eexe.png\u200b"
    )
    notifier.tell("review_request", title, draft_id=5)
    wait_for(lambda: notifier.health()[0].sent == 1)
    [request] = posts(server)
    body = request.json()
    assert body["mrkdwn"] is False
    assert body["text"] == (
        "[rtc] Review requested · draft #5 · by &lt;@U123&gt;: &lt;!channel&gt; *FREE* "
        "_iPhones_ &amp; "
        "&lt;https://evil.example|your bank&gt; red exe.png"
    )
    assert b"\x1b" not in request.body
    assert "\u202e".encode() not in request.body
    notifier.close()


def test_pending_notifications_survive_a_quick_quit_and_go_out_next_time(
    server: FakeServer, tmp_path: Path
) -> None:
    server.fault("/hook/T0K3N", "hang", method="POST")
    settings = Settings(timeout=0.5, retries=5, backoff=5.0, queue=10)
    first = Notifier([hook(server)], settings, data_dir=tmp_path, drain=0.1)
    first.tell("review_request", "Please check the Black Friday post", draft_id=4)
    first.tell("export", "Exported to Buffer", draft_id=2)
    wait_for(lambda: len(posts(server)) == 1)  # the first is in flight, hanging
    first.close()  # quits at once: both are kept (the one in flight too)
    kept = sorted((tmp_path / FOLDER).glob("*.json"))
    assert len(kept) == 2
    assert "T0K3N" not in "".join(p.read_text() for p in kept)  # the URL is a secret

    second = Notifier([hook(server)], FAST, data_dir=tmp_path)  # the next rtc, same webhook
    second.start()
    wait_for(lambda: second.health()[0].sent == 2)
    texts = [r.json()["text"] for r in posts(server)[1:]]
    assert texts == [
        "[rtc] Review requested · draft #4: Please check the Black Friday post",
        "[rtc] Exported · draft #2: Exported to Buffer",
    ]
    second.close()
    assert list((tmp_path / FOLDER).iterdir()) == []


def test_a_kept_notification_is_taken_once_and_again_after_its_taker_died(
    tmp_path: Path,
) -> None:
    outbox = Outbox(tmp_path / FOLDER)
    outbox.keep("k", Notification("export", "one"))
    [taken] = outbox.take("k", 10)
    assert outbox.take("k", 10) == []  # taken by a live process (this one)
    dead = taken.path.with_name(taken.path.name.replace(f"taken-{os.getpid()}", "taken-999999"))
    taken.path.rename(dead)  # as if a process that has since died had taken it
    [again] = outbox.take("k", 10)
    assert again.notification.text == "one"
    (tmp_path / FOLDER / "broken.json").write_text("{not json")
    assert outbox.take("k", 10) == []
    assert (tmp_path / FOLDER / "broken.json.bad").exists()  # set aside, never sent


def test_each_webhook_hears_only_the_kinds_it_asked_for(server: FakeServer, tmp_path: Path) -> None:
    spikes = hook(server, "/spikes", kinds=("spike",))
    everything = hook(server, "/all")
    notifier = Notifier([spikes, everything], FAST, data_dir=tmp_path)
    notifier.tell("export", "exported")
    notifier.tell("spike", "rising")
    wait_for(lambda: len(posts(server, "/all")) == 2 and len(posts(server, "/spikes")) == 1)
    assert posts(server, "/spikes")[0].json()["text"] == "[rtc] Rising now: rising"
    with pytest.raises(ValueError, match="unknown notification kind 'exports'"):
        notifier.tell("exports", "typo")  # type: ignore[arg-type]
    notifier.close()


def test_no_webhook_is_a_notifier_that_tells_nobody(tmp_path: Path) -> None:
    notifier = Notifier.from_config(NotifyConfig(), data_dir=tmp_path)
    assert not notifier.enabled
    notifier.tell("export", "nothing happens")
    notifier.close()
    assert notifier.status_line() == ""
    assert not (tmp_path / "notify.log").exists()


def test_config_short_and_long_forms_and_urls_from_the_environment(
    tmp_path: Path, server: FakeServer
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "notify:\n"
        "  webhooks:\n"
        f"    - {server.base}/a\n"
        "    - {url_env: RTC_TEAM_HOOK, name: team, events: [review_request, approval]}\n"
        "    - {url_env: RTC_UNSET_HOOK}\n"
        "  spike_threshold: 0.8\n"
        "  timeout: 5s\n"
        "  drain: 0\n",
        encoding="utf-8",
    )
    config = load_config(path).notify
    assert (config.spike_threshold, config.timeout) == (0.8, 5.0)
    hooks = resolve_webhooks(config, {"RTC_TEAM_HOOK": server.base + "/b"})
    assert [(h.name, h.url, h.kinds, h.problem) for h in hooks] == [
        ("127.0.0.1", server.base + "/a", ALL, ""),
        ("team", server.base + "/b", ("review_request", "approval"), ""),
        ("RTC_UNSET_HOOK", "", ALL, "RTC_UNSET_HOOK is not set"),
    ]
    notifier = Notifier.from_config(
        config, data_dir=tmp_path, environ={"RTC_TEAM_HOOK": server.base + "/b"}
    )
    assert notifier.status_line() == "notify: RTC_UNSET_HOOK: RTC_UNSET_HOOK is not set"
    notifier.tell("approval", "ok")
    wait_for(lambda: len(posts(server, "/a")) == 1 and len(posts(server, "/b")) == 1)
    notifier.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "notify:\n  webhooks:\n    - hooks.slack.com/x\n",
            r"config.yaml:3: notify.webhooks\[0\]: expected an http:// or https:// URL",
        ),
        (
            "notify:\n  webhooks:\n    - {url: 'https://a.example/x', url_env: X}\n",
            r"config.yaml:3: notify.webhooks\[0\]: give exactly one of url and url_env",
        ),
        (
            "notify:\n  webhooks:\n    - {url_env: X, events: [spikes]}\n",
            r"config.yaml:3: notify.webhooks\[0\].events\[0\]: 'spikes' is not one of",
        ),
        ("notify:\n  spike_threshold: 2\n", r"config.yaml:2: notify.spike_threshold: "),
        ("notify:\n  retry: 3\n", r"config.yaml:2: notify.retry: unknown key"),
    ],
)
def test_bad_notify_config_names_file_line_and_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=expected):
        load_config(path)


def test_rtc_doctor_reports_what_waits_and_what_failed(server: FakeServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    server.fault("/hook/T0K3N", "status", status=500, method="POST")
    server.fault("/hook/T0K3N", "hang", method="POST")
    settings = Settings(timeout=0.3, retries=5, backoff=0.05, queue=10)
    notifier = Notifier([hook(server)], settings, data_dir=data, drain=0)
    notifier.tell("export", "Exported")
    wait_for(lambda: len(posts(server)) == 2)  # the retry after the 500 is hanging
    notifier.close()
    config = tmp_path / "config.yaml"
    config.write_text("notify:\n  webhooks: [{url_env: RTC_NOT_SET_HOOK, name: team}]\n")
    result = rtc("doctor", "--data-dir", str(data), "--config", str(config))
    lines = result.stdout.splitlines()
    assert lines[0] == "notify: team: RTC_NOT_SET_HOOK is not set"
    assert lines[1] == (
        f"notify: 1 notification waiting in {data / FOLDER} "
        "(the next rtc that starts on this data dir sends it)"
    )
    assert lines[2] == f"notify: the last lines of {data / 'notify.log'}:"
    assert "team: HTTP 500 Internal Server Error: retry 1/5" in lines[3]
    assert "T0K3N" not in result.stdout
