"""Babel extraction of the human strings kept in data files (the lexicon's ``reason:`` values).

The safety lexicon and the people lists are YAML data (``rtc_tui/data/lexicon/**.yaml``,
``rtc_tui/data/people/*.yaml``); the ``reason:`` of each group or list is what the editor reads
in a finding, so it belongs in the gettext catalogue like a string marked in the source.
``babel.cfg`` maps ``rtc_tui/data/**.yaml`` to :func:`extract_yaml_reasons`, so ``make locale``
(``pybabel extract -F babel.cfg``) and the catalogue test pick them up with the Python strings;
the rules translate a reason with ``_()`` when they build a message.

Only the extraction lives here (a build-time helper): PyYAML's node API gives each value's line,
and nothing is imported by the application at run time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

import yaml

FIELDS = frozenset({"reason"})
"""The mapping keys whose string values are shown to the editor."""


def extract_yaml_reasons(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Yield every ``reason:`` string of a YAML file, at any depth, as Babel wants it.

    Babel's extractor signature: ``keywords``, ``comment_tags`` and ``options`` are unused (the
    keys to extract are :data:`FIELDS`). A file that is not valid YAML raises
    :class:`yaml.YAMLError` naming it, so ``make locale`` stops instead of dropping strings.

    Yields:
        ``(line, None, message, [])``: the 1-based line of the value, no function name (Babel
        then reads the message as a plain msgid), the string, and no comments.
    """
    del keywords, comment_tags, options
    node = yaml.compose(fileobj.read().decode("utf-8"), Loader=yaml.SafeLoader)
    if node is not None:
        yield from _reasons(node)


def _reasons(node: yaml.Node) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """The ``reason:`` scalars under ``node``, in file order."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if (
                isinstance(key, yaml.ScalarNode)
                and key.value in FIELDS
                and isinstance(value, yaml.ScalarNode)
                and value.tag == "tag:yaml.org,2002:str"
                and value.value.strip()
            ):
                yield value.start_mark.line + 1, None, value.value, []
            else:
                yield from _reasons(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _reasons(item)
