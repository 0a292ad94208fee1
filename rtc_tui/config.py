"""User configuration: where it lives, what it may say, and its defaults.

The file is YAML (``--config``, else ``<XDG config dir>/rtc-tui/config.yaml``); a missing file
means the defaults. Every key is validated against :data:`SCHEMA` with line numbers, so a typo
is one clear line on stderr rather than a traceback or a silently ignored setting.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from rtc_tui.config_schema import (
    ConfigError,
    load_yaml_file,
    s_any,
    s_bool,
    s_duration,
    s_float,
    s_int,
    s_list,
    s_map,
    s_record,
    s_str,
)
from rtc_tui.core.models import PLATFORMS

APP_NAME = "rtc-tui"
"""The platformdirs application name for data and config folders."""

SOURCE_TYPES = (
    "rss",
    "google_trends",
    "mastodon_trends",
    "hackernews",
    "reddit",
    "bluesky_trending",
)
"""Every trending source type a config may name."""

SCHEMA = s_record(
    user=s_str(),
    theme=s_str(),
    sources=s_list(
        s_record(
            ("name", "type", "url"),
            name=s_str(),
            type=s_str(*SOURCE_TYPES),
            url=s_str(),
            every=s_duration(),
            timeout=s_duration(),
            lang=s_str(),
            region=s_str(),
            enabled=s_bool(),
        )
    ),
    mute=s_list(s_str()),
    brand=s_record(
        name=s_str(),
        keywords=s_list(s_str()),
        off_limits=s_list(s_str()),
        tone=s_str(),
    ),
    platforms=s_record(
        default=s_list(s_str(*PLATFORMS)),
        limits=s_map(s_int()),
        instagram_hashtag_cap=s_int(),
    ),
    calendar=s_record(
        regions=s_list(s_str()),
        packs=s_list(s_str()),
        holidays=s_list(s_str()),
        days=s_int(),
        moments=s_list(s_any()),
    ),
    team=s_record(user=s_str(), mode=s_bool()),
    trending=s_record(
        notify_threshold=s_float(),
        snooze=s_duration(),
        max_events=s_int(),
        filters=s_map(s_str()),
    ),
    checklist=s_str(),
    export=s_record(
        dir=s_str(),
        webhook_url=s_str(),
        webhook_url_env=s_str(),
        timezone=s_str(),
    ),
    keys=s_map(s_str()),
)
"""Every key the config file may hold; README's configuration reference mirrors it."""


@dataclass(frozen=True)
class SourceConfig:
    """One trending source as configured."""

    name: str
    type: str
    url: str
    every: float = 300.0
    """Refresh interval in seconds."""
    timeout: float = 10.0
    """Per-request timeout in seconds."""
    lang: str = ""
    region: str = ""
    enabled: bool = True


@dataclass(frozen=True)
class BrandConfig:
    """The brand profile: what makes an event relevant, what is off limits."""

    name: str = ""
    keywords: tuple[str, ...] = ()
    off_limits: tuple[str, ...] = ()
    tone: str = ""


@dataclass(frozen=True)
class PlatformsConfig:
    """Which platforms new drafts target, and per-platform limit overrides."""

    default: tuple[str, ...] = ("x", "mastodon", "bluesky", "threads", "linkedin", "instagram")
    limits: dict[str, int] = field(default_factory=dict)
    instagram_hashtag_cap: int = 30


@dataclass(frozen=True)
class CalendarConfig:
    """Which calendar packs, regions and public-holiday countries are on."""

    regions: tuple[str, ...] = ("IT", "US", "GB")
    packs: tuple[str, ...] = ("global", "it", "us", "gb")
    holidays: tuple[str, ...] = ("IT",)
    days: int = 60
    moments: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class TeamConfig:
    """Team mode: several editors on one data dir, second pair of eyes enforced."""

    user: str = ""
    mode: bool = False


@dataclass(frozen=True)
class TrendingConfig:
    """Ranking and triage settings."""

    notify_threshold: float = 0.5
    """A new event scoring at least this (0-1) raises a notification; 0.5 is about a story
    confirmed by several sources and rising fast (see ``core/ranking.py``)."""
    snooze: float = 3600.0
    max_events: int = 5000
    filters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportConfig:
    """Where exports go and how the webhook is reached (the URL is never printed)."""

    dir: str = ""
    webhook_url: str = ""
    webhook_url_env: str = "RTC_WEBHOOK_URL"
    timezone: str = ""


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
        SourceConfig("mastodon.social", "mastodon_trends", "https://mastodon.social", every=600),
        SourceConfig(
            "Hacker News",
            "hackernews",
            "https://hacker-news.firebaseio.com/v0",
            every=600,
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


@dataclass(frozen=True)
class Config:
    """The whole validated configuration."""

    path: Path | None = None
    """The file it came from (``None``: defaults only)."""
    user: str = ""
    theme: str = ""
    sources: tuple[SourceConfig, ...] = field(default_factory=default_sources)
    mute: tuple[str, ...] = ()
    brand: BrandConfig = field(default_factory=BrandConfig)
    platforms: PlatformsConfig = field(default_factory=PlatformsConfig)
    calendar: CalendarConfig = field(default_factory=CalendarConfig)
    team: TeamConfig = field(default_factory=TeamConfig)
    trending: TrendingConfig = field(default_factory=TrendingConfig)
    checklist: str = ""
    """Path of a team checklist template replacing the default one."""
    export: ExportConfig = field(default_factory=ExportConfig)
    keys: dict[str, str] = field(default_factory=dict)
    """User key remapping: binding id -> key(s)."""


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


def login_name() -> str:
    """The OS login name, the identity of last resort."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "editor"


def _tuple(values: list[Any] | None) -> tuple[Any, ...]:
    return tuple(values or ())


def from_dict(raw: dict[str, Any], path: Path | None = None) -> Config:
    """Build a :class:`Config` from validated plain values."""
    sources = (
        tuple(SourceConfig(**s) for s in raw["sources"]) if "sources" in raw else default_sources()
    )
    names = [s.name for s in sources]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"{path}: sources: duplicate source name '{duplicates[0]}'")
    brand = raw.get("brand", {})
    platforms = raw.get("platforms", {})
    calendar = raw.get("calendar", {})
    defaults_platforms = PlatformsConfig()
    defaults_calendar = CalendarConfig()
    return Config(
        path=path,
        user=raw.get("user", ""),
        theme=raw.get("theme", ""),
        sources=sources,
        mute=_tuple(raw.get("mute")),
        brand=BrandConfig(
            name=brand.get("name", ""),
            keywords=_tuple(brand.get("keywords")),
            off_limits=_tuple(brand.get("off_limits")),
            tone=brand.get("tone", ""),
        ),
        platforms=PlatformsConfig(
            default=_tuple(platforms.get("default")) or defaults_platforms.default,
            limits=dict(platforms.get("limits", {})),
            instagram_hashtag_cap=platforms.get("instagram_hashtag_cap", 30),
        ),
        calendar=CalendarConfig(
            # Given but empty is meaningful: regions [] = every region, packs [] = none.
            regions=_tuple(calendar["regions"])
            if "regions" in calendar
            else defaults_calendar.regions,
            packs=_tuple(calendar["packs"]) if "packs" in calendar else defaults_calendar.packs,
            holidays=_tuple(calendar["holidays"])
            if "holidays" in calendar
            else defaults_calendar.holidays,
            days=calendar.get("days", defaults_calendar.days),
            moments=_tuple(calendar.get("moments")),
        ),
        team=TeamConfig(**raw.get("team", {})),
        trending=TrendingConfig(**raw.get("trending", {})),
        checklist=raw.get("checklist", ""),
        export=ExportConfig(**raw.get("export", {})),
        keys=dict(raw.get("keys", {})),
    )


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
            raise ConfigError(f"{target}: config file not found")
        return Config()
    raw = load_yaml_file(target, SCHEMA)
    limits = raw.get("platforms", {}).get("limits", {})
    unknown = sorted(set(limits) - set(PLATFORMS))
    if unknown:
        raise ConfigError(f"{target}: platforms.limits: unknown platform '{unknown[0]}'")
    return from_dict(raw, target)


def resolve_user(cli_user: str | None, config: Config) -> str:
    """Identity: ``--user``, else the config's ``team.user`` or ``user``, else the login name."""
    return cli_user or config.team.user or config.user or login_name()
