"""The suite's own guard hooks, run on a tiny suite in a pytester sandbox."""

from __future__ import annotations

import pytest

CONFTEST = """
from tests.ci_guard import (
    pytest_make_collect_report, pytest_runtest_makereport, pytest_sessionfinish
)
"""

SKIPPING = """
import pytest

def test_runs():
    assert 1 + 1 == 2

@pytest.mark.skipif(True, reason="tmux is not installed")
def test_needs_tmux():
    assert False

def test_skips_itself():
    pytest.skip("no chromium")
"""


INNER_ARGS = ("-p", "no:textual-snapshot", "-p", "no:xdist", "-p", "no:asyncio")
"""The sandboxed run needs neither the snapshot report, workers nor an event loop."""


@pytest.fixture
def sandbox(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(CONFTEST)
    return pytester


def test_a_skip_fails_the_run_in_ci(
    sandbox: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    sandbox.makepyfile(test_sample=SKIPPING)
    result = sandbox.runpytest(*INNER_ARGS)
    result.assert_outcomes(passed=1, failed=1, errors=1)  # a skipif fails in setup: an error
    result.stdout.fnmatch_lines(
        [
            "*skipped in CI, which must run every test: *tmux is not installed*",
            "*skipped in CI, which must run every test: *no chromium*",
        ],
        consecutive=False,
    )


def test_a_module_skipped_while_collecting_fails_in_ci(
    sandbox: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "1")
    sandbox.makepyfile(test_sample="import pytest\npytest.skip('no db', allow_module_level=True)\n")
    result = sandbox.runpytest(*INNER_ARGS)
    assert result.ret != pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*skipped in CI, which must run every test*no db*"])


def test_a_skip_is_only_reported_outside_ci(
    sandbox: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    sandbox.makepyfile(test_sample=SKIPPING)
    result = sandbox.runpytest(*INNER_ARGS)
    result.assert_outcomes(passed=1, skipped=2)
    assert result.ret == pytest.ExitCode.OK


def test_collecting_no_test_fails_instead_of_exit_5(sandbox: pytest.Pytester) -> None:
    sandbox.makepyfile(test_sample="def helper():\n    return 1\n")
    result = sandbox.runpytest(*INNER_ARGS)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*no test was collected: failing the run*"])
