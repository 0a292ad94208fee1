"""``rtc serve``: what it runs per browser session, where it listens, and how it refuses.

The browser itself is in ``tests/e2e/test_browser_seat.py``; these are the command's edges,
run as real subprocesses where they touch the outside (a port, a config file).
"""

from __future__ import annotations

import argparse
import shlex
import socket
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from rtc_tui.cli.serve import app_command, is_loopback
from tests.e2e.serve import free_port, printed_address, rtc_serve, status_of
from tests.integration.cli import rtc


def test_each_session_runs_this_rtc_with_the_same_options_quoted_for_the_shell(
    tmp_path: Path,
) -> None:
    data = tmp_path / "my data; rm -rf ~"
    args = argparse.Namespace(
        data_dir=data, config=tmp_path / "c.yaml", user="o'brien", demo=False, theme="mono"
    )
    command = app_command(args)
    assert shlex.split(command) == [
        sys.executable,
        "-m",
        "rtc_tui",
        "--data-dir",
        str(data),
        "--config",
        str(tmp_path / "c.yaml"),
        "--user",
        "o'brien",
        "--theme",
        "mono",
    ]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.0.2.10", False),
        ("example.org", False),
    ],
)
def test_only_loopback_addresses_count_as_this_machine_only(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_bad_config_is_refused_before_serving(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("notify:\n  webhooks: [not-a-url]\n", encoding="utf-8")
    result = rtc("serve", "--config", str(config), "--port", "8123", timeout=30)
    assert result.returncode == 2
    assert result.stderr == (
        f"rtc: {config}:2: notify.webhooks[0]: expected an http:// or https:// URL\n"
    )


def test_a_bad_port_is_a_usage_error() -> None:
    result = rtc("serve", "--port", "70000")
    assert result.returncode == 2
    assert "argument --port: expected a port number (1-65535)" in result.stderr


def test_a_port_in_use_is_one_line_and_exit_1(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = rtc("serve", "--data-dir", str(tmp_path / "data"), "--port", str(port))
    assert result.returncode == 1
    assert result.stderr == f"rtc: cannot listen on 127.0.0.1:{port}: address already in use\n"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_the_printed_key_opens_the_app_once_and_is_then_a_strict_cookie(tmp_path: Path) -> None:
    port = free_port()
    with rtc_serve(tmp_path, port) as server:
        address = printed_address(server)
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(address, timeout=10)
        assert redirect.value.code == 303
        assert redirect.value.headers["Location"] == "/"
        cookie = redirect.value.headers["Set-Cookie"]
        assert "HttpOnly" in cookie
        assert "SameSite=Strict" in cookie
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/", headers={"Cookie": cookie.split(";", 1)[0]}
        )
        with urllib.request.urlopen(request, timeout=10) as page:
            assert page.status == 200
            assert 'class="textual-terminal"' in page.read().decode()
        assert status_of(f"http://127.0.0.1:{port}/static/js/textual.js") == 200
        assert status_of(f"http://127.0.0.1:{port}/download/x") == 403
