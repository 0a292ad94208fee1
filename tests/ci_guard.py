"""Hooks that keep a green run honest: in CI nothing is skipped, and "no tests" is a failure.

``tests/conftest.py`` imports them, so they apply to every run of the suite (and to the xdist
workers, which load the same conftest).
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest


def in_ci() -> bool:
    """Whether the suite runs in CI (``CI=true``, as ``.ci/run`` and CI services set it)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _ci_skip_failure(longrepr: object) -> str:
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else longrepr
    return f"skipped in CI, which must run every test: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """In CI a skipped test fails: CI has everything installed, so a skip hides a gap."""
    report = yield
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = _ci_skip_failure(report.longrepr)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    """In CI a module skipped while collecting fails the same way."""
    report = yield
    if in_ci() and report.skipped:
        report.outcome = "failed"
        report.longrepr = _ci_skip_failure(report.longrepr)
    return report


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run that collected no test fails (exit 1) instead of passing as "no tests" (exit 5).

    A wrong path, a ``-k`` matching nothing or a broken collection hook must not look green.
    """
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("no test was collected: failing the run", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
