"""Account config: the shape, the errors naming the field, and where the secret may come from."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from rtc_tui.publish.accounts import (
    AccountConfig,
    AccountConfigError,
    find_account,
    parse_accounts,
)
from rtc_tui.publish.errors import PublishError
from rtc_tui.publish.secrets import read_secret

GOOD = {
    "name": "brand-masto",
    "type": "mastodon",
    "url": "https://mastodon.social",
    "handle": "@brand",
    "token_env": "RTC_MASTO",
}


def test_a_valid_list_parses_and_accounts_are_found_by_name() -> None:
    accounts = parse_accounts(
        [GOOD, {**GOOD, "name": "b", "type": "Bluesky", "token_env": "", "token_file": "~/t"}]
    )
    assert accounts[0] == AccountConfig(
        "brand-masto", "mastodon", "https://mastodon.social", "brand", token_env="RTC_MASTO"
    )
    assert accounts[1].type == "bluesky"
    assert find_account(accounts, "b") is accounts[1]
    with pytest.raises(
        AccountConfigError, match=r"no account named 'x' \(accounts: brand-masto, b\)"
    ):
        find_account(accounts, "x")
    assert parse_accounts(None) == ()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"name": "x"}, "accounts: expected a list of accounts"),
        (["x"], r"accounts\[0\]: expected a mapping"),
        (
            [{**GOOD, "type": "twitter"}],
            r"accounts\[0\]\.type: 'twitter' is not one of mastodon, bluesky",
        ),
        (
            [{**GOOD, "url": "ftp://x"}],
            r"accounts\[0\]\.url: 'ftp://x' is not an http\(s\) address",
        ),
        ([{**GOOD, "url": "https://m.social/api"}], r"accounts\[0\]\.url: give the server only"),
        ([{**GOOD, "handle": ""}], r"accounts\[0\]\.handle: missing"),
        ([{**GOOD, "name": 3}], r"accounts\[0\]\.name: expected text, got int"),
        ([{**GOOD, "token_file": "/t"}], r"accounts\[0\]: give exactly one of token_env"),
        ([{**GOOD, "token": "s3cret"}], r"accounts\[0\]: unknown field 'token'"),
        ([GOOD, GOOD], r"accounts\[1\]\.name: 'brand-masto' is used twice"),
    ],
)
def test_bad_entries_name_the_field(raw: Any, message: str) -> None:
    with pytest.raises(AccountConfigError, match=message):
        parse_accounts(raw)


def test_an_inline_token_is_refused_without_echoing_it() -> None:
    with pytest.raises(AccountConfigError) as caught:
        parse_accounts([{**GOOD, "token": "s3cret-value"}])
    assert "s3cret-value" not in str(caught.value)


def account(**fields: str) -> AccountConfig:
    return AccountConfig("acct", "mastodon", "https://m.example", "brand", **fields)


def test_the_secret_comes_from_the_named_variable_and_never_prints() -> None:
    secret = read_secret(account(token_env="TOK"), {"TOK": "  tok-123  "})
    assert secret.reveal() == "tok-123"
    assert str(secret) == "***"
    assert repr(secret) == "Secret('***')"
    assert f"{secret}|{secret!r}|{secret:>20}" == "***|Secret('***')|***"
    assert secret.scrub("echo tok-123 back") == "echo *** back"
    with pytest.raises(TypeError, match="never pickled"):
        pickle.dumps(secret)
    with pytest.raises(PublishError, match="^account acct: environment variable TOK is not set$"):
        read_secret(account(token_env="TOK"), {"TOK": " "})


def test_a_token_file_must_be_yours_and_closed_to_others(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text("file-token-456\n")
    path.chmod(0o600)
    assert read_secret(account(token_file=str(path))).reveal() == "file-token-456"
    for mode in (0o640, 0o604, 0o644):
        path.chmod(mode)
        with pytest.raises(
            PublishError, match=rf"is readable by others \(mode {mode:o}\)"
        ) as caught:
            read_secret(account(token_file=str(path)))
        assert "file-token-456" not in str(caught.value)
        assert caught.value.fault == "config"


def test_a_token_file_that_is_a_link_missing_empty_or_a_folder_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.write_text("tok")
    real.chmod(0o600)
    link = tmp_path / "link"
    link.symlink_to(real)
    empty = tmp_path / "empty"
    empty.write_text("\n")
    empty.chmod(0o600)
    folder = tmp_path / "dir"
    folder.mkdir(mode=0o700)
    cases = {
        link: "cannot be opened",
        tmp_path / "missing": "does not exist",
        empty: "is empty",
        folder: "is not a regular file",
    }
    for path, message in cases.items():
        with pytest.raises(PublishError, match=message):
            read_secret(account(token_file=str(path)))
    assert os.geteuid() == real.stat().st_uid
