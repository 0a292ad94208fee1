"""Big patterns compiled through the user's cache: the same pattern, or plain ``re.compile``.

Each test has its own ``XDG_CACHE_HOME`` (tests/conftest.py), so the cache starts empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from rtc_tui import derived_cache, pattern_cache
from rtc_tui.core.drafting import urls
from rtc_tui.pattern_cache import compile_cached

TEXTS = [
    "Che finale! https://www.figc.it/it/nazionali #ItaliaSpagna",
    "bare figc.it and a.com.zz, t.co/abc and http://t.co/abcdefghij?x=1",
    "IDN: example.中国/path and xn--fiqs8s.xn--fiqs8s and www.EXAMPLE.com.",
    "not urls: foo.bar, 1.5 goals, user@example.com",
]


def cache_files() -> list[Path]:
    return sorted(derived_cache.cache_dir().glob("re-*.msgpack"))


def test_the_cached_pattern_is_the_compiled_one() -> None:
    source, flags = r"(?P<word>[a-z]+)(\d+)?", re.IGNORECASE
    plain = re.compile(source, flags)
    for _ in range(2):  # compiled and kept, then read back
        cached = compile_cached(source, flags)
        assert (cached.pattern, cached.flags, cached.groups) == (
            plain.pattern,
            plain.flags,
            plain.groups,
        )
        assert cached.groupindex == plain.groupindex
        for text in ("abc12 DEF x9", "", "123"):
            assert [m.groups() for m in cached.finditer(text)] == [
                m.groups() for m in plain.finditer(text)
            ]
    assert len(cache_files()) == 1


def test_the_second_compile_reads_the_cache() -> None:
    compile_cached("a+", 0)
    (kept,) = cache_files()
    # Plant the code of another pattern under the key of "a+": only a read can return it.
    name, digest = pattern_cache._name("a+", 0)
    derived_cache.write(name, digest, pattern_cache._compile("b+", 0))
    assert compile_cached("a+", 0).findall("aabb") == ["bb"]
    assert kept == derived_cache.path_for(name, digest)


def test_damaged_code_falls_back_to_re_compile() -> None:
    name, digest = pattern_cache._name("a+", 0)
    derived_cache.write(name, digest, pattern_cache.CompiledCode(0, [9999, 1, 2], 0, {}, [None]))
    assert compile_cached("a+", 0).findall("aabb") == ["aa"]
    (kept,) = cache_files()
    kept.write_bytes(b"not a key line at all")
    assert compile_cached("a+", 0).findall("aabb") == ["aa"]


def clear_url_caches() -> None:
    for function in (urls._url_pattern, urls._ascii_domain, urls.word_url_spans):
        function.cache_clear()
    urls.url_spans.cache_clear()


@pytest.fixture
def cached_urls() -> Iterator[dict[str, tuple[tuple[int, int], ...]]]:
    """What ``re.compile`` finds in TEXTS; meanwhile the URL module compiles through the cache."""
    clear_url_caches()
    expected = {text: urls.url_spans(text) for text in TEXTS}
    clear_url_caches()
    urls.use_compiler(compile_cached)
    try:
        yield expected
    finally:
        urls.use_compiler(re.compile)
        clear_url_caches()


def test_urls_found_through_the_cache_are_the_same(
    cached_urls: dict[str, tuple[tuple[int, int], ...]],
) -> None:
    assert cached_urls[TEXTS[0]] == ((12, 44),)  # a URL was found at all
    for _ in range(2):  # the first run compiles and keeps, the second reads
        assert {text: urls.url_spans(text) for text in TEXTS} == cached_urls
        clear_url_caches()
    assert len(cache_files()) == 2  # the URL pattern and the ASCII-domain one
