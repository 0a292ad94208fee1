"""A second process on the same PostgreSQL database: ``python -m tests.integration.pg_worker``.

``write URL WORKER COUNT`` creates COUNT drafts titled ``wWORKER-i``; ``revise URL ID TEXT
AUTHOR EXPECT`` saves a new revision stating it was based on EXPECT and prints ``saved`` or
``conflict <current> <author>``.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from rtc_tui.core.models import Draft, Revision
from rtc_tui.store import RevisionConflictError, open_store

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def write(url: str, worker: int, count: int) -> None:
    """Create ``count`` drafts, one transaction each."""
    store = open_store(url, data_dir=Path(tempfile.mkdtemp()))
    for i in range(count):
        title = f"w{worker}-{i}"

        def build(new_id: int, title: str = title) -> Draft:
            return Draft(id=new_id, title=title, created_at=T0)

        store.drafts.create(build)
    store.close()


def revise(url: str, draft_id: int, text: str, author: str, expect: int) -> str:
    """Save ``text`` as the next revision if the draft is still at ``expect``."""
    store = open_store(url, data_dir=Path(tempfile.mkdtemp()))

    def change(draft: Draft) -> None:
        draft.revisions.append(Revision(len(draft.revisions) + 1, author, T0, text))
        draft.text = text

    try:
        store.drafts.update(draft_id, change, expect_revision=expect)
    except RevisionConflictError as exc:
        last = exc.current.revisions[-1]
        return f"conflict {last.number} {last.author}"
    finally:
        store.close()
    return "saved"


def main(argv: list[str]) -> int:
    """Run the command ``argv`` names."""
    command, url, *rest = argv
    if command == "write":
        write(url, int(rest[0]), int(rest[1]))
    elif command == "revise":
        print(revise(url, int(rest[0]), rest[1], rest[2], int(rest[3])))
    else:
        print(f"unknown command {command}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
