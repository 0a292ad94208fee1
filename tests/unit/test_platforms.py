"""Platform length rules, checked against published rules and twitter-text's conformance cases."""

from __future__ import annotations

import random
import unicodedata

import pytest

from rtc_tui.core.drafting import counting
from rtc_tui.core.drafting.platforms import (
    DEFAULT_LIMITS,
    PLATFORMS,
    PlatformCount,
    measure,
    measure_all,
    platform_name,
    resolve_limits,
)

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 👨‍👩‍👧‍👦, 4 people + 3 ZWJ
FAMILY_15 = "\U0001f9d1\u200d\U0001f9d1\u200d\U0001f9d2"  # 🧑‍🧑‍🧒, Unicode 15.1
HEART_ON_FIRE = "\u2764\ufe0f\u200d\U0001f525"  # ❤️‍🔥, Unicode 13.1
ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"  # tag sequence
ITALY = "\U0001f1ee\U0001f1f9"  # 🇮🇹, two regional indicators
THUMBS_MEDIUM = "\U0001f44d\U0001f3fd"  # 👍🏽, skin tone modifier
KEYCAP_ONE = "1\ufe0f\u20e3"  # 1️⃣
KEYCAP_HASH = "#\ufe0f\u20e3"  # #️⃣

# --- twitter-text conformance ------------------------------------------------------------------
# A representative set of twitter/twitter-text conformance/validate.yml, sections
# WeightedTweetsCounterTest and WeightedTweetsWithDiscountedEmojiCounterTest (the v3 config,
# which X uses), plus UnicodeDirectionalMarkerCounterTest. Texts are spelled with escapes so the
# invisible characters (ZWJ, tags, directional marks) survive; the expected weightedLength values
# are the published ones.
X10 = "xxxxxxxxxx-"
CJK160 = (
    "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。"
    "旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。"
    "泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。"
    "遥知兄弟登高处，遍插茱萸少一人。"
)
KANA10 = "あいうえおかきくけこ"
CONFORMANCE = [
    ("Regular Tweet with url", "Hi http://test.co", 26),
    ("Just url", "http://test.co", 23),
    ("Long tweet, overflow at char index 280", "285 chars-" + X10 * 25, 285),
    (
        "Long tweet with url in the middle",
        "285 chars- http://www.twitter.com/jack " + X10 * 24,
        299,
    ),
    ("Long tweet with url at the end", X10 * 24 + " http://www.twitter.com/jack ", 289),
    ("10 url string, no overflow", "https://www.twitter.com/aloha " * 10, 240),
    ("160 CJK char", CJK160, 320),
    ("160 emoji char", "\U0001f637" * 160, 320),
    ("3 latin char + 160 CJK char", "the" + CJK160, 323),
    ("'Á' is normalized into 1 char", "A\u0301B", 2),
    ("282 chars with a normalized character", "282 chars-" + X10 * 24 + "xxxxxA\u0301x", 281),
    ("Mix of single byte, double word and ZWJ family", "H\U0001f431\u263a" + FAMILY, 7),
    ("Emoji chars", "\U0001f637\U0001f47e\U0001f621\U0001f525\U0001f4a9", 10),
    ("Skin tone modifier and ZWJ", "\U0001f64b\U0001f3fd\U0001f468\u200d\U0001f3a4", 4),
    (
        "General punctuation with visible spaces, no ZWJ/ZWNJ",
        "This is a tweet with general punctuation characters: "
        "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b "
        "\u2010 \u2011 \u2012 \u2013 \u2014 \u2015 \u2016  \u2017 \u2018 \u2019 \u201a \u201b "
        "\u201c \u201d \u201e \u201f \u2032 \u2033 \u2034 \u2035 \u2036 \u2037",
        110,
    ),
    ("64 character domain without protocol", "randomurl" * 7 + "s.com", 68),
    (
        "CJK host over 63 punycode chars is not a URL",
        KANA10 * 12 + " http://" + KANA10 * 5 + "あいう.com",
        358,
    ),
    (
        "CJK host under 63 punycode chars is a URL",
        KANA10 * 12 + " http://" + KANA10 * 5 + "あい.com",
        264,
    ),
    ("140 family emoji", FAMILY * 140, 280),
    ("Keycap without VS16 counts 2", "1\u20e3", 2),
    (
        "Unicode 10.0 emoji",
        "Unicode 10.0 emoji: \U0001f92a; \U0001f9d5; \U0001f9d5\U0001f3fe; " + ENGLAND,
        34,
    ),
    ("Unicode 9.0 emoji", "Unicode 9.0 emoji: \U0001f920; \U0001f483; \U0001f483\U0001f3fe", 29),
    (
        "Directional markers around a URL",
        "\u2066\u202ahttp://foobar.\u067e\u0627\u06a9\u0633\u062a\u0627\u0646/\u202c\u2069",
        31,
    ),
    ("Invalid characters still count", "ABC\u202a\uffffABC\ufffe", 12),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, expected) for _, text, expected in CONFORMANCE],
    ids=[description for description, _, _ in CONFORMANCE],
)
def test_x_matches_twitter_text_conformance(text: str, expected: int) -> None:
    assert measure(text, "x").length == expected


def _random_texts(count: int) -> list[str]:
    """Texts mixing every token kind the word-by-word counter must get right at its seams."""
    tokens = [
        "Forza",
        "Perché",
        "è",
        "città,",
        "caffè.",
        "e\u0301",
        "東京で",
        "会いましょう",
        "https://www.figc.it/it/nazionali/",
        "(example.com)",
        "vai:https://x.com/a?b=c",
        "www.rai.it,",
        "foo.notatld",
        "t.co/abc",
        "mail@example.com",
        "#ItaliaSpagna",
        "@figc",
        "@user@mastodon.social",
        "\U0001f637",
        "\u263a",
        "\u00a9",
        "\u2014",
        "http://☃.net/",
        "-example.com",
        "..",
        "...example.org...",
    ]
    separators = [" ", "  ", "\n", "\r\n", "\t", " \n "]
    rng = random.Random(20261126)
    texts = []
    for _ in range(count):
        parts = [rng.choice(tokens) + rng.choice(separators) for _ in range(rng.randint(1, 25))]
        texts.append("".join(parts).rstrip(rng.choice(["", " "])))
    return texts


@pytest.mark.parametrize("text", _random_texts(300))
def test_x_word_by_word_count_equals_whole_text_count(text: str) -> None:
    # The per-word cache must not change the answer: weigh the whole text in one piece too.
    whole = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
    assert counting.x_weighted_length(text) == counting.x_scaled_weight(whole) // counting.X_SCALE


# --- X -----------------------------------------------------------------------------------------


def test_x_italian_accented_text_weighs_one_per_letter() -> None:
    text = "Perché è già così? Città, caffè, più: l'Italia è in finale!"
    assert measure(text, "x").length == len(text)


def test_x_decomposed_accents_are_normalised_first() -> None:
    composed = "Perché è già così"
    decomposed = unicodedata.normalize("NFD", composed)
    assert len(decomposed) > len(composed)
    assert measure(decomposed, "x").length == len(composed)


def test_x_cjk_weighs_two() -> None:
    assert measure("東京で会いましょう", "x").length == 18
    assert measure("서울 가요", "x").length == 9  # 4 Hangul syllables and a space


@pytest.mark.parametrize(
    "emoji",
    [FAMILY, FAMILY_15, HEART_ON_FIRE, ENGLAND, ITALY, THUMBS_MEDIUM, KEYCAP_ONE, KEYCAP_HASH],
    ids=[
        "zwj-family",
        "zwj-unicode-15",
        "zwj-unicode-13",
        "tag-flag",
        "flag",
        "skin",
        "keycap",
        "#",
    ],
)
def test_x_emoji_sequence_counts_two(emoji: str) -> None:
    assert measure(emoji, "x").length == 2
    assert measure(f"Forza {emoji}!", "x").length == 9


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.com/a/very/long/path/that/goes/on/and/on?with=query&and=more#frag",
        "http://example.com",
        "example.com",
        "www.repubblica.it/sport/calcio/",
        "figc.it/it/nazionali/",
    ],
)
def test_x_url_counts_23_with_or_without_scheme(url: str) -> None:
    assert measure(url, "x").length == 23
    assert measure(f"Leggi qui: {url} ora", "x").length == len("Leggi qui:  ora") + 23


def test_x_text_without_a_valid_tld_is_not_a_url() -> None:
    assert measure("file.notarealtld", "x").length == len("file.notarealtld")
    assert measure("ftp://example.com", "x").length != 23


def test_x_over_limit_reports_excess() -> None:
    count = measure("a" * 291, "x")
    assert (count.length, count.limit, count.ok, count.excess) == (291, 280, False, 11)
    assert count.counter() == "X 291/280 !+11"


def test_x_at_limit_is_ok() -> None:
    count = measure("a" * 280, "x")
    assert count.ok
    assert count.counter() == "X 280/280"


# --- Mastodon ----------------------------------------------------------------------------------


def test_mastodon_counts_graphemes() -> None:
    assert measure("Perché", "mastodon").length == 6
    assert measure(unicodedata.normalize("NFD", "Perché"), "mastodon").length == 6
    assert measure(f"{FAMILY} {ITALY}", "mastodon").length == 3
    assert measure("東京", "mastodon").length == 2


def test_mastodon_url_with_scheme_counts_23() -> None:
    url = "https://www.example.com/" + "x" * 100
    assert measure(url, "mastodon").length == 23
    assert measure(f"see {url}", "mastodon").urls == 1


def test_mastodon_text_without_scheme_is_not_a_url() -> None:
    assert measure("example.com", "mastodon").length == len("example.com")
    assert measure("example.com", "mastodon").urls == 0


def test_mastodon_remote_mention_counts_user_part_only() -> None:
    assert measure("@Gargron@mastodon.social ciao", "mastodon").length == len("@Gargron ciao")
    assert measure("@local ciao", "mastodon").length == len("@local ciao")
    assert measure("@a@b.example @c@d.example", "mastodon").mentions == 2


def test_mastodon_email_is_not_a_mention() -> None:
    assert measure("mail@example.com", "mastodon").length == len("mail@example.com")


def test_mastodon_instance_limit_override() -> None:
    text = "a" * 700
    assert not measure(text, "mastodon").ok
    count = measure(text, "mastodon", {"mastodon": 1000})
    assert (count.limit, count.ok) == (1000, True)


# --- Bluesky -----------------------------------------------------------------------------------


def test_bluesky_counts_graphemes_with_full_urls() -> None:
    url = "https://www.example.com/" + "x" * 40
    assert measure(url, "bluesky").length == len(url)
    assert measure(f"{FAMILY}{THUMBS_MEDIUM}", "bluesky").length == 2


def test_bluesky_grapheme_limit() -> None:
    assert measure("é" * 300, "bluesky").ok
    count = measure("é" * 301, "bluesky")
    assert (count.ok, count.excess) == (False, 1)


def test_bluesky_byte_cap_holds_even_under_300_graphemes() -> None:
    text = FAMILY * 150  # 150 graphemes, 25 bytes each
    count = measure(text, "bluesky")
    assert count.length == 150
    assert count.byte_length == 3750
    assert not count.ok
    assert count.excess == 0
    assert count.counter() == "Bluesky 150/300 !bytes+750"


def test_bluesky_byte_cap_override() -> None:
    assert measure(FAMILY * 150, "bluesky", {"bluesky_bytes": 4000}).ok


# --- Threads -----------------------------------------------------------------------------------


def test_threads_emoji_count_their_utf8_bytes() -> None:
    assert measure("ciao \U0001f600", "threads").length == 5 + 4
    assert measure(FAMILY, "threads").length == 25
    assert measure(ITALY, "threads").length == 8
    assert measure("Città", "threads").length == 5


def test_threads_limit() -> None:
    assert measure("a" * 500, "threads").ok
    assert not measure("\U0001f600" * 126, "threads").ok  # 504 bytes of emoji


# --- LinkedIn, Instagram, Facebook -------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "limit"), [("linkedin", 3000), ("instagram", 2200), ("facebook", 63206)]
)
def test_utf16_platforms(platform: str, limit: int) -> None:
    assert measure("Città", platform).length == 5
    assert measure("\U0001f600", platform).length == 2  # a surrogate pair
    assert measure(FAMILY, platform).length == 11
    assert measure("a" * limit, platform).ok
    assert measure("a" * (limit + 1), platform).excess == 1


def test_instagram_hashtag_cap() -> None:
    tags = " ".join(f"#tag{i}x" for i in range(31))
    count = measure(tags, "instagram")
    assert count.hashtags == 31
    assert not count.ok
    assert count.counter().endswith("!#31")
    assert measure(" ".join(f"#t{i}x" for i in range(30)), "instagram").ok


def test_instagram_warns_above_five_hashtags() -> None:
    count = measure("#uno #due #tre #quattro #cinque #sei", "instagram")
    assert count.ok
    assert count.warnings
    assert not measure("#uno #due #tre #quattro #cinque", "instagram").warnings


def test_instagram_hashtag_cap_is_configurable() -> None:
    tags = " ".join(f"#tag{i}x" for i in range(11))
    assert not measure(tags, "instagram", {"instagram_hashtags": 10}).ok


# --- hashtags and mentions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#ItaliaSpagna #1st #a1 ciao", 3),
        ("#12345", 0),
        ("#ok# #città #東京", 2),
        ("https://twitter.com/#!/twitter example.com/#anchor", 0),
        ("A&#39;s", 0),
        ("word#notatag", 0),
        (KEYCAP_HASH, 0),
    ],
)
def test_hashtag_count(text: str, expected: int) -> None:
    assert counting.count_hashtags(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@figc @user@mastodon.social ciao", 2),
        ("mail@example.com", 0),
        ("https://mastodon.social/@Gargron", 0),
        ("(@rai) e @la_7", 2),
    ],
)
def test_mention_count(text: str, expected: int) -> None:
    assert counting.count_mentions(text) == expected


# --- the table, overrides and API --------------------------------------------------------------


def test_every_platform_has_a_limit() -> None:
    assert all(platform in DEFAULT_LIMITS for platform in PLATFORMS)
    assert DEFAULT_LIMITS["x"] == 280
    assert DEFAULT_LIMITS["facebook"] == 63206


@pytest.mark.parametrize(
    "overrides",
    [{"myspace": 10}, {"x": 0}, {"x": -5}, {"x": "280"}, {"x": True}],
)
def test_bad_overrides_are_rejected(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="limit"):
        resolve_limits(overrides)  # type: ignore[arg-type]


def test_override_keeps_other_defaults() -> None:
    limits = resolve_limits({"twitter": 25000})
    assert limits["x"] == 25000
    assert limits["mastodon"] == 500


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("X", "x"),
        ("twitter", "x"),
        (" Bluesky ", "bluesky"),
        ("ig", "instagram"),
        ("fb", "facebook"),
    ],
)
def test_platform_names(name: str, expected: str) -> None:
    assert platform_name(name) == expected


def test_unknown_platform_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="mastodon"):
        measure("ciao", "myspace")


def test_measure_all_keeps_order_and_uses_each_text() -> None:
    result = measure_all({"bluesky": "ciao", "x": "東京", "mastodon": "a" * 501})
    assert list(result) == ["bluesky", "x", "mastodon"]
    assert [c.length for c in result.values()] == [4, 4, 501]
    assert not result["mastodon"].ok


def test_to_dict_has_the_check_json_shape() -> None:
    data = measure("Hello world", "x").to_dict()
    assert {"length": 11, "limit": 280, "ok": True}.items() <= data.items()
    bluesky = measure("ciao", "bluesky").to_dict()
    assert (bluesky["bytes"], bluesky["byte_limit"]) == (4, 3000)


def test_counter_short_labels() -> None:
    count = PlatformCount(platform="mastodon", length=510, limit=500, problems=("length",))
    assert count.counter(short=True) == "Mast 510/500 !+10"
    assert count.label == "Mastodon"
