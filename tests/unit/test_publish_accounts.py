"""Account config: the shape, the errors naming file, line and field, where the secret may be."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from rtc_tui.config import ConfigError, load_config
from rtc_tui.publish.accounts import AccountConfig, AccountNotFoundError, find_account
from rtc_tui.publish.errors import PublishError
from rtc_tui.publish.secrets import read_secret

GOOD = (
    "{name: brand-masto, type: mastodon, url: https://mastodon.social, handle: '@brand',"
    " token_env: RTC_MASTO}"
)


def accounts_from(tmp_path: Path, *entries: str) -> tuple[AccountConfig, ...]:
    path = tmp_path / "config.yaml"
    path.write_text("accounts:\n" + "".join(f"  - {e}\n" for e in entries), encoding="utf-8")
    return load_config(path, explicit=True).accounts


def test_a_valid_list_loads_and_accounts_are_found_by_name(tmp_path: Path) -> None:
    bsky = (
        "{name: b, type: bluesky, url: 'https://bsky.social/', handle: x.bsky.social,"
        " token_file: ~/t}"
    )
    accounts = accounts_from(tmp_path, GOOD, bsky)
    assert accounts[0] == AccountConfig(
        name="brand-masto",
        type="mastodon",
        url="https://mastodon.social",
        handle="brand",
        token_env="RTC_MASTO",
    )
    assert accounts[1].type == "bluesky"
    assert accounts[1].base == "https://bsky.social"
    assert find_account(accounts, "b") is accounts[1]
    with pytest.raises(
        AccountNotFoundError, match=r"no account named 'x' \(accounts: brand-masto, b\)"
    ):
        find_account(accounts, "x")
    assert load_config(None).accounts == ()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("x", r":2: accounts\[0\]: expected a mapping"),
        (GOOD.replace("mastodon,", "twitter,"), r":2: accounts\[0\]\.type: "),
        (
            GOOD.replace("https://mastodon.social", "ftp://x"),
            r"accounts\[0\]\.url: 'ftp://x' is not an http\(s\) address",
        ),
        (
            GOOD.replace("https://mastodon.social", "https://m.social/api"),
            r"accounts\[0\]\.url: give the server only",
        ),
        (GOOD.replace("'@brand'", "' '"), r"accounts\[0\]\.handle: missing"),
        (
            GOOD.replace("RTC_MASTO}", "RTC_MASTO, token_file: /t}"),
            r"accounts\[0\]: give exactly one of token_env",
        ),
        (GOOD.replace("}", ", token: s3cret}"), r":2: accounts\[0\]\.token: unknown key"),
    ],
)
def test_bad_entries_name_the_file_line_and_field(tmp_path: Path, entry: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        accounts_from(tmp_path, entry)
    assert str(caught.value).startswith(str(tmp_path / "config.yaml"))


def test_an_account_name_used_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(
        ConfigError, match=r":3: accounts\[1\]\.name: account name 'brand-masto' is used twice"
    ):
        accounts_from(tmp_path, GOOD, GOOD)


def test_an_inline_token_is_refused_without_echoing_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        accounts_from(tmp_path, GOOD.replace("}", ", token: s3cret-value}"))
    assert "s3cret-value" not in str(caught.value)


def account(**fields: str) -> AccountConfig:
    return AccountConfig(
        name="acct", type="mastodon", url="https://m.example", handle="brand", **fields
    )


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
