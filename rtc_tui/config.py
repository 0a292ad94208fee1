"""User configuration: where it lives, what it may say, and its defaults.

The file is YAML (``--config``, else ``<XDG config dir>/rtc-tui/config.yaml``); a missing file
means the defaults. Its shape is declared once, as the msgspec Structs below; every key is
checked with line numbers (:mod:`rtc_tui.schema`), so a typo is one clear line on stderr rather
than a traceback or a silently ignored setting.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import msgspec
import platformdirs

from rtc_tui.core.models import PLATFORMS, Platform
from rtc_tui.core.team import Role, TeamPolicy
from rtc_tui.i18n import _
from rtc_tui.schema import Duration, FieldError, SchemaError

APP_NAME = "rtc-tui"
"""The platformdirs application name for data and config folders."""

SourceType = Literal[
    "rss",
    "google_trends",
    "mastodon_trends",
    "hackernews",
    "reddit",
    "bluesky_trending",
]
"""Every trending source type a config may name."""

NotifyKind = Literal[
    "review_request", "approval", "export", "spike", "published", "crisis", "backlash"
]
"""What a webhook can be told about (see :mod:`rtc_tui.notify`)."""

NOTIFY_KINDS: tuple[NotifyKind, ...] = (
    "review_request",
    "approval",
    "export",
    "spike",
    "published",
    "crisis",
    "backlash",
)
"""Every kind, in the order the README lists them; a webhook gets all of them by default."""

DEFAULT_PLATFORMS: tuple[Platform, ...] = (
    "x",
    "mastodon",
    "bluesky",
    "threads",
    "linkedin",
    "instagram",
)
"""Platforms new drafts target when the config names none."""


class ConfigError(SchemaError):
    """An invalid configuration file: the message is one line naming file and line."""


def _unique_names(names: list[str], field: str, problem: str) -> None:
    """Refuse a name used twice in the list ``field``, at its second use.

    Args:
        names: The items' names, in file order.
        field: The list's key in the file (the error points at the item's ``name``).
        problem: The translated message, with ``{name}`` for the name used twice.

    Raises:
        FieldError: A name is used twice.
    """
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            raise FieldError(problem.format(name=name), at=(field, index, "name"))
        seen.add(name)


class _Record(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A config section: immutable, and a key it does not declare is an error."""


class SourceConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One trending source as configured."""

    name: str
    type: SourceType
    url: str
    every: Duration = Duration(300.0)
    """Refresh interval in seconds."""
    timeout: Duration = Duration(10.0)
    """Per-request timeout in seconds."""
    lang: str = ""
    region: str = ""
    enabled: bool = True


class BrandConfig(_Record, frozen=True):
    """The brand profile: what makes an event relevant, what is off limits."""

    name: str = ""
    keywords: tuple[str, ...] = ()
    off_limits: tuple[str, ...] = ()
    tone: str = ""


class PlatformsConfig(_Record, frozen=True):
    """Which platforms new drafts target, and per-platform limit overrides."""

    default: tuple[Platform, ...] = DEFAULT_PLATFORMS
    limits: dict[str, Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]] = {}
    instagram_hashtag_cap: Annotated[int, msgspec.Meta(ge=0, le=10_000)] = 30

    def __post_init__(self) -> None:
        if not self.default:  # an empty list means "the defaults", not "no platform"
            msgspec.structs.force_setattr(self, "default", DEFAULT_PLATFORMS)
        for name in self.limits:
            if name not in PLATFORMS:
                raise FieldError(
                    _("unknown platform '{name}'").format(name=name), at=("limits", name)
                )


class CalendarConfig(_Record, frozen=True):
    """Which calendar packs, regions and public-holiday countries are on.

    Given but empty is meaningful: ``regions: []`` is every region, ``packs: []`` is none.
    """

    regions: tuple[str, ...] = ("IT",)
    """Italy's editors first: the US and GB packs are one setting away (and global days always
    show), so the agenda does not open on another country's day (St Andrew's Day)."""
    packs: tuple[str, ...] = ("global", "it", "us", "gb")
    holidays: tuple[str, ...] = ("IT",)
    days: Annotated[int, msgspec.Meta(ge=0, le=3660)] = 60
    moments: tuple[dict[str, Any], ...] = ()
    """User moments, validated by the calendar (which knows their shape)."""
    ics_max_events: Annotated[int, msgspec.Meta(ge=1, le=1_000_000)] = 2000
    """An ICS import with more events is refused (see ``core/ics.py``)."""
    ics_max_bytes: Annotated[int, msgspec.Meta(ge=1, le=1 << 30)] = 2 * 1024 * 1024
    """An ICS file larger than this is refused."""


class MemberConfig(_Record, frozen=True):
    """One member of the team and what they may do."""

    name: Annotated[str, msgspec.Meta(min_length=1)]
    role: Role = "editor"
    """``editor`` writes; ``approver`` may also give the second pair of eyes and overrides."""


class TeamConfig(_Record, frozen=True):
    """Who is working and who may review whom.

    The second pair of eyes and overrides always need someone other than the author (an
    approver when ``members`` give roles); a one-person desk sets ``solo`` and its
    self-reviews are recorded and exported as such.
    """

    user: str = ""
    """This desk's user when ``--user`` is not given (else the login name)."""
    members: tuple[MemberConfig, ...] = ()
    solo: bool = False
    """A one-person desk: the author may review their own drafts, recorded as self-reviews."""
    group: str = ""
    """A Unix group sharing the data dir: folders 2770 and files 0660 for it (else 0700/0600)."""
    mode: bool | None = None
    """Retired (the second pair of eyes always applies now): still read, with a warning, so
    an old config keeps loading."""

    def __post_init__(self) -> None:
        _unique_names([m.name for m in self.members], "members", _("duplicate member '{name}'"))

    def policy(self) -> TeamPolicy:
        """The review rules these settings make."""
        return TeamPolicy({m.name: m.role for m in self.members}, solo=self.solo)


class TrendingConfig(_Record, frozen=True):
    """Ranking and triage settings."""

    notify_threshold: Annotated[float, msgspec.Meta(ge=0, le=1)] = 0.5
    """A new event scoring at least this (0-1) raises a notification; 0.5 is about a story
    confirmed by several sources and rising fast (see ``core/trending/ranking.py``)."""
    snooze: Duration = Duration(3600.0)
    max_events: Annotated[int, msgspec.Meta(ge=1, le=10_000_000)] = 5000
    """Events kept in the live store; the least recently seen beyond it move to the archive."""
    retention: Duration = Duration(48 * 3600.0)
    """Events not seen for longer than this move to the archive (``rtc events --archived``)."""
    filters: dict[str, str] = {}


class ExportConfig(_Record, frozen=True):
    """Where exports go and how the webhook is reached (the URL is never printed)."""

    dir: str = ""
    webhook_url: str = ""
    webhook_url_env: str = "RTC_WEBHOOK_URL"
    timezone: str = ""


AccountType = Literal["mastodon", "bluesky"]
"""The networks a post can be published to."""


class AccountConfig(_Record, frozen=True):
    """One publishing account: which network, where, as whom, and where its secret is.

    The config names where the secret lives — an environment variable (``token_env``) or a
    file only its owner can read (``token_file``) — never the secret itself, so a config file
    can be shared, committed or printed safely.
    """

    name: str
    type: AccountType
    url: str
    """The Mastodon instance, or the Bluesky PDS (``https://bsky.social``), without a path."""
    handle: str
    """``brand`` on Mastodon (the local username); ``brand.bsky.social`` on Bluesky."""
    token_env: str = ""
    token_file: str = ""

    def __post_init__(self) -> None:
        for key in ("name", "handle"):
            if not getattr(self, key).strip():
                raise FieldError("missing", at=(key,))
        msgspec.structs.force_setattr(self, "handle", self.handle.strip().lstrip("@"))
        parts = urlsplit(self.url.strip())
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise FieldError(
                _("{url} is not an http(s) address").format(url=repr(self.url)), at=("url",)
            )
        if parts.query or parts.fragment or parts.path not in {"", "/"}:
            raise FieldError(_("give the server only, without a path"), at=("url",))
        if bool(self.token_env.strip()) == bool(self.token_file.strip()):
            raise FieldError(
                _(
                    "give exactly one of token_env (an environment variable's name) "
                    "or token_file (a file only you can read)"
                )
            )

    @property
    def base(self) -> str:
        """``url`` without a trailing slash, for joining API paths."""
        return self.url.strip().rstrip("/")


class PublishConfig(_Record, frozen=True):
    """When queued posts go, when the crisis pause holds them, how often results are read."""

    check_every: Duration = Duration(30.0)
    """How often a running app sends what is due (and checks for a crisis)."""
    results_every: Duration = Duration(900.0)
    """How often a running app reads the counts and replies of recent posts."""
    results_for: Duration = Duration(7 * 86400.0)
    """How long after publication a post's results are still read."""
    crisis_max_rank: Annotated[int, msgspec.Meta(ge=0, le=1000)] = 10
    """A blocking story ranked 1..N holds every queued post (0: stories never pause)."""
    pause_on_solemn_day: bool = True
    """A solemn day holds every queued post."""


class WebhookConfig(_Record, frozen=True):
    """One webhook told about team events (``notify.webhooks``); a bare URL is the short form.

    The URL is a secret (a Slack webhook URL is its own token): it can come from the
    environment (``url_env``) instead of the file, and it is never printed.
    """

    url: str = ""
    url_env: str = ""
    """The name of an environment variable holding the URL."""
    name: str = ""
    """How health lines and logs name it (default: the URL's host)."""
    events: tuple[NotifyKind, ...] = NOTIFY_KINDS
    """Which kinds it is told about."""

    def __post_init__(self) -> None:
        if bool(self.url) == bool(self.url_env):
            raise FieldError(_("give exactly one of url and url_env"))
        if self.url:
            problem = webhook_url_problem(self.url)
            if problem:
                raise FieldError(problem, at=("url",))


def webhook_url_problem(url: str) -> str:
    """Why ``url`` cannot be a webhook (``""``: it can): an absolute http(s) URL with a host."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return _("expected an http:// or https:// URL")
    return ""


class NotifyConfig(_Record, frozen=True):
    """Notifications that leave the terminal (``notify:``), sent in the background.

    Webhooks are told about review requests, approvals, exports and trending spikes.
    """

    webhooks: tuple[str | WebhookConfig, ...] = ()
    spike_threshold: Annotated[float, msgspec.Meta(ge=0, le=1)] = 0.7
    """A new story scoring at least this (0-1) is told as a spike; higher than
    ``trending.notify_threshold`` by default, so the channel hears only the big ones."""
    timeout: Duration = Duration(10.0)
    """Seconds one attempt may take."""
    retries: Annotated[int, msgspec.Meta(ge=0, le=20)] = 5
    """Attempts after the first before a notification is given up (and logged)."""
    backoff: Duration = Duration(2.0)
    """Wait before the first retry; it doubles each time, up to five minutes."""
    queue: Annotated[int, msgspec.Meta(ge=1, le=10_000)] = 100
    """Notifications waiting per webhook; beyond that the newest is dropped, and said so."""
    drain: Annotated[float, msgspec.Meta(ge=0, le=60)] = 3.0
    """Seconds quitting waits for pending notifications before keeping them for next time."""

    def __post_init__(self) -> None:
        for index, hook in enumerate(self.webhooks):
            if isinstance(hook, str) and webhook_url_problem(hook):
                raise FieldError(webhook_url_problem(hook), at=("webhooks", index))

    def resolved(self) -> tuple[WebhookConfig, ...]:
        """Every webhook in its long form (a bare URL becomes ``{url: ...}``)."""
        return tuple(WebhookConfig(url=h) if isinstance(h, str) else h for h in self.webhooks)


class SafetyEntry(_Record, frozen=True):
    """One lexicon entry the config adds (``safety.add``)."""

    term: str
    """In the lexicon's syntax: ``concorrent{e,i}``, ``brand rivale``."""
    family: str
    """One of the families (``rtc_tui/core/safety/families.py``)."""
    severity: Literal["block", "warn"] = "block"
    reason: str = ""
    """What the editor reads when it matches."""
    lang: str = "any"


class SafetyConfig(_Record, frozen=True):
    """The safety checks' settings: market rules, politics, lexicon extensions."""

    market: str = "IT"
    """Whose rules regulated products follow (alcohol, gambling, health claims, minors)."""
    politics_off_limits: bool = True
    """Named politicians and parties block (else they warn)."""
    lexicon: tuple[str, ...] = ()
    """More lexicon files (same shape as the shipped ones), relative to the config file."""
    people: tuple[str, ...] = ()
    """More people lists (politicians, recently deceased), relative to the config file."""
    add: tuple[SafetyEntry, ...] = ()
    """Single entries."""
    disable: tuple[str, ...] = ()
    """Entries switched off: ``family:term`` or the term alone."""


def default_sources() -> tuple[SourceConfig, ...]:
    """Sources a new user gets: Google Trends, Mastodon, Hacker News, two Italian news feeds."""
    return (
        SourceConfig(
            "Google Trends IT",
            "google_trends",
            "https://trends.google.com/trending/rss?geo=IT",
            lang="it",
            region="IT",
        ),
        SourceConfig(
            "mastodon.social", "mastodon_trends", "https://mastodon.social", every=Duration(600)
        ),
        SourceConfig(
            "Hacker News",
            "hackernews",
            "https://hacker-news.firebaseio.com/v0",
            every=Duration(600),
            lang="en",
        ),
        SourceConfig(
            "ANSA",
            "rss",
            "https://www.ansa.it/sito/ansait_rss.xml",
            lang="it",
            region="IT",
        ),
        SourceConfig(
            "Il Post",
            "rss",
            "https://www.ilpost.it/feed/",
            lang="it",
            region="IT",
        ),
    )


class ConfigFile(_Record, frozen=True):
    """Everything the config file may say: the one declaration of its shape.

    README's configuration reference mirrors it.
    """

    user: str = ""
    theme: str = ""
    language: Literal["", "en", "it"] = ""
    """The interface language; empty: from the locale (``LC_ALL``/``LANG``), else English."""
    emoji: Literal["auto", "full", "simple"] = "auto"
    """How emoji sequences reach the terminal (``RTC_EMOJI`` overrides): ``full`` as they are,
    ``simple`` rewritten so that terminals measuring character by character (tmux, SSH) keep
    the layout; ``auto`` guesses from the environment (see ``rtc_tui.ui.emoji_cells``)."""
    sources: tuple[SourceConfig, ...] = msgspec.field(default_factory=default_sources)
    mute: tuple[str, ...] = ()
    brand: BrandConfig = msgspec.field(default_factory=BrandConfig)
    platforms: PlatformsConfig = msgspec.field(default_factory=PlatformsConfig)
    calendar: CalendarConfig = msgspec.field(default_factory=CalendarConfig)
    team: TeamConfig = msgspec.field(default_factory=TeamConfig)
    trending: TrendingConfig = msgspec.field(default_factory=TrendingConfig)
    checklist: str = ""
    """Path of a team checklist template replacing the default one."""
    store: str = ""
    """Where the desk's data lives: a ``postgresql://`` URL (a team's database server), or a
    data dir path; empty: the data dir (``--data-dir``, ``RTC_DATA_DIR``, the XDG data dir)."""
    safety: SafetyConfig = msgspec.field(default_factory=SafetyConfig)
    export: ExportConfig = msgspec.field(default_factory=ExportConfig)
    accounts: tuple[AccountConfig, ...] = ()
    """Where drafts can be published (``rtc publish``, ``P``)."""
    publish: PublishConfig = msgspec.field(default_factory=PublishConfig)
    notify: NotifyConfig = msgspec.field(default_factory=NotifyConfig)
    keys: dict[str, str] = {}
    """User key remapping: binding id -> key(s)."""

    def __post_init__(self) -> None:
        sources = [s.name for s in self.sources]
        _unique_names(sources, "sources", _("duplicate source name '{name}'"))
        accounts = [a.name for a in self.accounts]
        _unique_names(accounts, "accounts", _("account name '{name}' is used twice"))


class Config(ConfigFile, frozen=True):
    """The whole validated configuration, and the file it came from."""

    path: Path | None = None
    """The file it came from (``None``: defaults only)."""

    def warnings(self) -> list[str]:
        """Settings that still load but no longer do what they say (one line each)."""
        where = f"{self.path}: " if self.path is not None else ""
        found = []
        if self.team.mode is not None:
            found.append(
                where
                + _(
                    "team.mode is retired and ignored: the second pair of eyes and overrides "
                    "always need someone other than the author now; a one-person desk sets "
                    "team.solo: true"
                )
            )
        return found


def config_dir() -> Path:
    """``<XDG config dir>/rtc-tui`` (user themes live in its ``themes/``)."""
    return Path(platformdirs.user_config_dir(APP_NAME))


def default_config_path() -> Path:
    """Where the config file is looked for when ``--config`` is not given."""
    return config_dir() / "config.yaml"


def default_data_dir() -> Path:
    """``RTC_DATA_DIR`` if set, else the XDG data dir."""
    env = os.environ.get("RTC_DATA_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME))


def store_spec(cli_store: str | None, config: Config) -> str:
    """The store to open: ``--store``, else ``RTC_STORE``, else the config's ``store:``."""
    return cli_store or os.environ.get("RTC_STORE", "") or config.store


def login_name() -> str:
    """The OS login name, the identity of last resort."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "editor"


def load_config(path: Path | None, *, explicit: bool = False) -> Config:
    """Load and validate the config at ``path`` (default location when ``None``).

    A missing file at the default location means the defaults; a missing file given
    explicitly with ``--config`` is an error.

    Raises:
        ConfigError: the file is unreadable or invalid (one line, naming file and line).
    """
    target = path or default_config_path()
    if not target.exists():
        if explicit:
            raise ConfigError(_("{path}: config file not found").format(path=target))
        return Config()
    from rtc_tui.config_cache import load_config_file

    try:
        loaded = load_config_file(target, ConfigFile)
    except SchemaError as exc:
        raise ConfigError(str(exc)) from None
    return Config(path=target, **msgspec.structs.asdict(loaded))


def resolve_user(cli_user: str | None, config: Config) -> str:
    """Identity: ``--user``, else the config's ``team.user`` or ``user``, else the login name."""
    return cli_user or config.team.user or config.user or login_name()
