"""No worker of the UI fails silently: every class that runs workers reports their failures."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import rtc_tui.ui

UI = Path(rtc_tui.ui.__file__).parent


def _classes_with_workers() -> list[tuple[str, str]]:
    """(module, class) for every class of ``rtc_tui.ui`` with a ``@work`` method."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = "rtc_tui." + ".".join(path.relative_to(UI.parent).with_suffix("").parts)
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            for item in node.body:
                if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for decorator in item.decorator_list:
                    call = decorator.func if isinstance(decorator, ast.Call) else decorator
                    if isinstance(call, ast.Name) and call.id == "work":
                        found.append((module, node.name))
    return sorted(set(found))


def test_every_class_running_workers_reports_their_failures() -> None:
    classes = _classes_with_workers()
    assert len(classes) >= 8  # the panes, the screen, the app, the publisher, the queue
    silent = []
    for module_name, class_name in classes:
        cls = getattr(importlib.import_module(module_name), class_name)
        reporters = [k for k in inspect.getmro(cls) if "_report_worker_failure" in vars(k)] + [
            k for k in inspect.getmro(cls) if "_worker_state_changed" in vars(k)
        ]
        if not reporters:
            silent.append(f"{module_name}.{class_name}")
    assert silent == []
