"""Platform length rules: how each network counts a post, and whether a text fits.

Every rule here follows what the platform itself checks, as published:

- **X**: twitter-text's weighted length (v3 configuration), limit 280. The text is NFC-normalised;
  code points in 0-4351, 8192-8205, 8208-8223 and 8242-8247 weigh 1, all others 2; every URL
  (with or without a scheme, with a valid TLD, as twitter-text detects it) counts 23; an emoji
  sequence (ZWJ sequence, skin tone, flag, keycap, tag sequence) counts 2 in total.
- **Mastodon**: 500 by default (an instance may set another limit), counted in extended grapheme
  clusters; every ``http(s)://`` URL counts 23 (text without a scheme is not a URL there) and a
  remote mention ``@user@domain`` counts only ``@user``.
- **Bluesky**: 300 extended grapheme clusters and, at the same time, 3,000 UTF-8 bytes of the text
  as posted (full URLs).
- **Threads**: 500, where an emoji counts its UTF-8 byte length (as Meta counts it) and every
  other grapheme counts its code points.
- **LinkedIn** 3,000, **Instagram** 2,200 (at most 30 hashtags, a warning above 5), **Facebook**
  63,206, all in UTF-16 code units, the conservative reading.

The limits live in one table, :data:`DEFAULT_LIMITS`; a config may override any of them with a
mapping of the same keys (see :func:`resolve_limits`). The counting itself is in
:mod:`rtc_tui.core.drafting.counting`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from rtc_tui.core.drafting.counting import (
    URL_LENGTH,
    count_hashtags,
    count_mentions,
    grapheme_count,
    mastodon_length,
    threads_length,
    url_count,
    utf16_length,
    x_weighted_length,
)
from rtc_tui.core.models import PLATFORMS
from rtc_tui.i18n import _

__all__ = [
    "DEFAULT_LIMITS",
    "LIMIT_KEYS",
    "PLATFORMS",
    "PLATFORM_LABELS",
    "PLATFORM_SHORT_LABELS",
    "URL_LENGTH",
    "PlatformCount",
    "count_hashtags",
    "count_mentions",
    "measure",
    "measure_all",
    "platform_name",
    "resolve_limits",
]

DEFAULT_LIMITS: Mapping[str, int] = MappingProxyType(
    {
        "x": 280,
        "mastodon": 500,
        "bluesky": 300,
        "bluesky_bytes": 3000,
        "threads": 500,
        "linkedin": 3000,
        "instagram": 2200,
        "instagram_hashtags": 30,
        "instagram_hashtags_advised": 5,
        "facebook": 63206,
    }
)
"""Every limit, in one place: a platform's length limit under its own name, plus the extra caps
(Bluesky's UTF-8 bytes, Instagram's hashtag cap and the count above which it warns)."""

LIMIT_KEYS: tuple[str, ...] = tuple(DEFAULT_LIMITS)
"""The keys a config may override."""

PLATFORM_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "x": "X",
        "mastodon": "Mastodon",
        "bluesky": "Bluesky",
        "threads": "Threads",
        "linkedin": "LinkedIn",
        "instagram": "Instagram",
        "facebook": "Facebook",
    }
)
"""Display names."""

PLATFORM_SHORT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "x": "X",
        "mastodon": "Mast",
        "bluesky": "Bsky",
        "threads": "Thr",
        "linkedin": "LI",
        "instagram": "IG",
        "facebook": "FB",
    }
)
"""Short names for narrow counter rows (80 columns)."""

_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "twitter": "x",
        "bsky": "bluesky",
        "ig": "instagram",
        "fb": "facebook",
        "li": "linkedin",
    }
)

_UNITS: Mapping[str, str] = MappingProxyType(
    {
        "x": "weighted characters",
        "mastodon": "characters",
        "bluesky": "graphemes",
        "threads": "characters (emoji in UTF-8 bytes)",
        "linkedin": "UTF-16 units",
        "instagram": "UTF-16 units",
        "facebook": "UTF-16 units",
    }
)


@dataclass(frozen=True)
class PlatformCount:
    """How long a text is on one platform, against that platform's limit.

    ``problems`` lists every reason the text does not fit (over length, over Bluesky's byte cap,
    too many Instagram hashtags); ``warnings`` lists advice that does not block.
    """

    platform: str
    length: int
    """The length in the platform's own unit (see ``unit``)."""
    limit: int
    unit: str = "characters"
    hashtags: int = 0
    mentions: int = 0
    urls: int = 0
    byte_length: int | None = None
    """UTF-8 bytes, for platforms that also cap the bytes (Bluesky)."""
    byte_limit: int | None = None
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the text fits every limit of the platform."""
        return not self.problems

    @property
    def excess(self) -> int:
        """How many units over the length limit (0 when within it)."""
        return max(0, self.length - self.limit)

    @property
    def label(self) -> str:
        """The platform's display name."""
        return PLATFORM_LABELS[self.platform]

    def counter(self, *, short: bool = False) -> str:
        """A compact counter that reads without colour, e.g. ``X 291/280 !+11``.

        Over the length limit, ``!`` and the excess follow; over Bluesky's byte cap
        ``!bytes+N``; over Instagram's hashtag cap ``!#N/CAP``.
        """
        name = PLATFORM_SHORT_LABELS[self.platform] if short else self.label
        text = f"{name} {self.length}/{self.limit}"
        if self.excess:
            text += f" !+{self.excess}"
        if self.byte_limit is not None and self.byte_length is not None:
            over = self.byte_length - self.byte_limit
            if over > 0:
                text += f" !bytes+{over}"
        if any(p.startswith("hashtags") for p in self.problems):
            text += f" !#{self.hashtags}"
        return text

    def to_dict(self) -> dict[str, Any]:
        """Serialise for JSON output (``rtc check --json`` and ``rtc draft show --json``)."""
        data: dict[str, Any] = {
            "length": self.length,
            "limit": self.limit,
            "ok": self.ok,
            "excess": self.excess,
            "unit": self.unit,
            "hashtags": self.hashtags,
            "mentions": self.mentions,
            "urls": self.urls,
            "problems": list(self.problems),
            "warnings": list(self.warnings),
        }
        if self.byte_length is not None:
            data["bytes"] = self.byte_length
            data["byte_limit"] = self.byte_limit
        return data


def platform_name(name: str) -> str:
    """Return the canonical platform name for ``name`` (case-insensitive, common aliases).

    Raises:
        ValueError: if ``name`` is not a known platform; the message lists the valid names.
    """
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in PLATFORMS:
        raise ValueError(f"unknown platform {name!r}: expected one of {', '.join(PLATFORMS)}")
    return key


def resolve_limits(overrides: Mapping[str, int] | None = None) -> Mapping[str, int]:
    """Merge config overrides into :data:`DEFAULT_LIMITS`.

    Args:
        overrides: Any of :data:`LIMIT_KEYS` mapped to a positive integer (a platform name may
            also be an alias such as ``twitter``).

    Returns:
        A read-only mapping with every key of :data:`DEFAULT_LIMITS`.

    Raises:
        ValueError: on an unknown key or a value that is not a positive integer.
    """
    if not overrides:
        return DEFAULT_LIMITS
    merged = dict(DEFAULT_LIMITS)
    for raw_key, value in overrides.items():
        key = _ALIASES.get(str(raw_key).lower(), str(raw_key).lower())
        if key not in merged:
            raise ValueError(f"unknown limit {raw_key!r}: expected one of {', '.join(LIMIT_KEYS)}")
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"limit {raw_key!r} must be a positive integer, not {value!r}")
        merged[key] = value
    return MappingProxyType(merged)


def measure(text: str, platform: str, limits: Mapping[str, int] | None = None) -> PlatformCount:
    """Measure ``text`` as ``platform`` counts it.

    Args:
        text: The text exactly as it would be posted.
        platform: A platform name (see :data:`PLATFORMS`; aliases such as ``twitter`` work).
        limits: Config overrides of :data:`DEFAULT_LIMITS` (see :func:`resolve_limits`).

    Returns:
        The length, the limit, the hashtag, mention and URL counts, and what does not fit.

    Raises:
        ValueError: on an unknown platform or an invalid limit override.
    """
    name = platform_name(platform)
    table = resolve_limits(limits)
    limit = table[name]
    hashtags = count_hashtags(text)
    mentions = count_mentions(text)
    urls = url_count(text, with_scheme=name == "mastodon")
    problems: list[str] = []
    warns: list[str] = []
    byte_length: int | None = None
    byte_limit: int | None = None

    if name == "x":
        length = x_weighted_length(text)
    elif name == "mastodon":
        length = mastodon_length(text)
    elif name == "bluesky":
        length = grapheme_count(text)
        byte_length = len(text.encode("utf-8"))
        byte_limit = table["bluesky_bytes"]
        if byte_length > byte_limit:
            problems.append(
                _("bytes {count}/{limit} (+{over})").format(
                    count=byte_length, limit=byte_limit, over=byte_length - byte_limit
                )
            )
    elif name == "threads":
        length = threads_length(text)
    else:
        length = utf16_length(text)

    if length > limit:
        problems.insert(
            0,
            _("length {count}/{limit} (+{over})").format(
                count=length, limit=limit, over=length - limit
            ),
        )
    if name == "instagram":
        cap = table["instagram_hashtags"]
        advised = table["instagram_hashtags_advised"]
        if hashtags > cap:
            problems.append(
                _("hashtags {count}/{limit} (+{over})").format(
                    count=hashtags, limit=cap, over=hashtags - cap
                )
            )
        elif hashtags > advised:
            warns.append(
                _("{count} hashtags: more than {advised} is advised against").format(
                    count=hashtags, advised=advised
                )
            )

    return PlatformCount(
        platform=name,
        length=length,
        limit=limit,
        unit=_UNITS[name],
        hashtags=hashtags,
        mentions=mentions,
        urls=urls,
        byte_length=byte_length,
        byte_limit=byte_limit,
        problems=tuple(problems),
        warnings=tuple(warns),
    )


def measure_all(
    texts_by_platform: Mapping[str, str] | Iterable[tuple[str, str]],
    limits: Mapping[str, int] | None = None,
) -> dict[str, PlatformCount]:
    """Measure each platform's text; the result keeps the input order.

    Args:
        texts_by_platform: Platform name to the text that would be posted there.
        limits: Config overrides of :data:`DEFAULT_LIMITS`.

    Returns:
        Canonical platform name to its :class:`PlatformCount`.
    """
    table = resolve_limits(limits)
    items = (
        texts_by_platform.items() if isinstance(texts_by_platform, Mapping) else texts_by_platform
    )
    result: dict[str, PlatformCount] = {}
    for platform, text in items:
        count = measure(text, platform, table)
        result[count.platform] = count
    return result
