"""A module imported on first use, for the few whose import is a real share of a command's start.

PyYAML costs ``rtc check`` and ``rtc moments`` about 5% of their run (its reader compiles a
large character class at import), yet once the config, the lexicon and the calendar come from
the user's cache (:mod:`rtc_tui.derived_cache`) those commands parse no YAML at all. A module
that reads YAML only in some calls writes::

    if TYPE_CHECKING:
        import yaml
    else:
        yaml = LazyModule("yaml")

and ``yaml.compose(...)`` imports PyYAML the first time it runs; type checkers see the module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


class LazyModule:
    """Stands for the module ``name`` and imports it when one of its attributes is read.

    Each attribute read is then kept on this object, so later reads cost what reading a
    module's attribute costs.
    """

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(importlib.import_module(self._name), attribute)
        setattr(self, attribute, value)
        return value

    def __repr__(self) -> str:
        return f"<lazily imported module {self._name!r}>"


def lazy_attributes(
    module: str, where: Mapping[str, str], namespace: dict[str, Any]
) -> Callable[[str], object]:
    """A module's ``__getattr__`` (PEP 562) importing each public name's module on first use.

    Args:
        module: The module's own name (for the error a missing name raises).
        where: Each public name and the module it comes from.
        namespace: The module's globals: a name, once imported, is kept there.
    """

    def attribute(name: str) -> object:
        source = where.get(name)
        if source is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(source), name)
        namespace[name] = value
        return value

    return attribute
