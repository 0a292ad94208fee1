"""The database schema as numbered migrations, applied by ``rtc store migrate``.

Each migration runs in its own transaction and records its number in ``rtc_schema``, under an
advisory lock so two ``migrate`` runs at once apply each step once. A desk never migrates on
its own: at start it compares the database's version with :data:`SCHEMA_VERSION` and, when
they differ, says so in one line (exit 2), so an upgrade is a deliberate step for the team.

What the screens ask has an index: events by rank (score, then recency) and in stored order, the
stored ranking in order (by its time-independent key, version 5) and by event id, a story's
copies by cluster id (version 4), the
archive by id, drafts by state, by last change and by change number (version 6), the audit
log by draft. The audit table
refuses UPDATE, DELETE and TRUNCATE with a trigger, whoever asks (a least-privilege role is
documented in the README on top of it); its entries form the hash chain of
:mod:`rtc_tui.core.audit` (version 2 sealed the entries written before the chain). Every write
to a table bumps its counter in ``rtc_stamps`` and sends ``NOTIFY rtc_changes,
'<table>:<counter>'`` at commit: what the change feed listens to.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from psycopg.rows import TupleRow
from psycopg.types.json import Json

from rtc_tui.core import audit as audit_chain
from rtc_tui.i18n import _
from rtc_tui.store.fsio import StoreError

CHANNEL = "rtc_changes"
"""The NOTIFY channel every write announces itself on."""

_LOCK_KEY = 7_461_626_301
"""The advisory lock migrations hold (any constant of ours that nothing else uses)."""

_V1 = """
CREATE TABLE rtc_stamps (tbl text PRIMARY KEY, n bigint NOT NULL);
INSERT INTO rtc_stamps (tbl, n) VALUES ('drafts', 0), ('events', 0), ('state', 0), ('posts', 0);

CREATE TABLE counters (name text PRIMARY KEY, value bigint NOT NULL CHECK (value >= 1));
INSERT INTO counters (name, value) VALUES ('next_draft', 1);

CREATE TABLE drafts (
    id integer PRIMARY KEY CHECK (id >= 1),
    status text NOT NULL,
    updated_at timestamptz NOT NULL,
    revision integer NOT NULL DEFAULT 0,
    body json NOT NULL
);
CREATE INDEX drafts_by_state ON drafts (status, updated_at DESC);
CREATE INDEX drafts_by_update ON drafts (updated_at DESC);

CREATE TABLE events (
    id text PRIMARY KEY,
    position bigint NOT NULL,
    score double precision NOT NULL,
    state text NOT NULL,
    last_seen timestamptz NOT NULL,
    body json NOT NULL
);
CREATE INDEX events_ranked ON events (score DESC, last_seen DESC);
CREATE INDEX events_in_order ON events (position);

CREATE TABLE state (key text PRIMARY KEY, value json NOT NULL);

CREATE TABLE audit (
    seq bigserial PRIMARY KEY,
    at text NOT NULL,
    action text NOT NULL,
    by_user text NOT NULL,
    draft_id integer,
    entry json NOT NULL
);
CREATE INDEX audit_by_draft ON audit (draft_id, seq);

CREATE TABLE posts (
    id text PRIMARY KEY,
    draft_id integer NOT NULL,
    state text NOT NULL,
    due_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    body json NOT NULL
);
CREATE INDEX posts_by_state ON posts (state, due_at);
CREATE INDEX posts_newest ON posts (created_at DESC, id DESC);

CREATE TABLE results (post_id text PRIMARY KEY, body json NOT NULL);

CREATE FUNCTION rtc_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION rtc_audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION rtc_audit_append_only();

-- SECURITY DEFINER: an editor role writes drafts without any right on rtc_stamps.
CREATE FUNCTION rtc_changed() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    v_table text := TG_ARGV[0];
    v_count bigint;
BEGIN
    -- Once per table per transaction: one change, one counter step, one notification.
    IF current_setting('rtc.changed_' || v_table, true) = 'y' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('rtc.changed_' || v_table, 'y', true);
    UPDATE rtc_stamps SET n = n + 1 WHERE tbl = v_table RETURNING n INTO v_count;
    PERFORM pg_notify('rtc_changes', v_table || ':' || v_count);
    RETURN NULL;
END
$$;
CREATE TRIGGER drafts_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON drafts
    FOR EACH STATEMENT EXECUTE FUNCTION rtc_changed('drafts');
CREATE TRIGGER counters_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON counters
    FOR EACH STATEMENT EXECUTE FUNCTION rtc_changed('drafts');
CREATE TRIGGER events_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION rtc_changed('events');
CREATE TRIGGER state_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON state
    FOR EACH STATEMENT EXECUTE FUNCTION rtc_changed('state');
CREATE TRIGGER audit_changed AFTER INSERT ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION rtc_changed('state');
CREATE TRIGGER posts_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON posts
    FOR EACH STATEMENT EXECUTE FUNCTION rtc_changed('posts');
CREATE TRIGGER results_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON results
    FOR EACH STATEMENT EXECUTE FUNCTION rtc_changed('posts');
"""

_V3 = """
-- Version 3, issue 11: triage apart from the bodies, the ranking stored at ingest, an archive.
CREATE TABLE event_triage (id text PRIMARY KEY, body json NOT NULL);

CREATE TABLE event_ranking (
    position bigint PRIMARY KEY,
    id text NOT NULL,
    score double precision NOT NULL,
    body json NOT NULL
);
CREATE INDEX event_ranking_by_id ON event_ranking (id);

CREATE TABLE events_archive (
    seq bigserial PRIMARY KEY,
    id text NOT NULL,
    archived_at timestamptz NOT NULL DEFAULT now(),
    body json NOT NULL
);
CREATE INDEX events_archive_by_id ON events_archive (id);

-- Existing triage moves out of the bodies (they keep a copy; the records win).
INSERT INTO event_triage (id, body)
SELECT id, json_build_object(
    'id', id,
    'state', body->>'state',
    'snoozed_until', body->'snoozed_until',
    'draft_ids', coalesce(body->'draft_ids', '[]'::json),
    'extra', '{}'::json
) FROM events WHERE state <> 'new';

CREATE TRIGGER event_triage_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_triage
    FOR EACH STATEMENT EXECUTE FUNCTION rtc_changed('events');
CREATE TRIGGER event_ranking_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON event_ranking FOR EACH STATEMENT EXECUTE FUNCTION rtc_changed('events');
CREATE TRIGGER events_archive_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON events_archive FOR EACH STATEMENT EXECUTE FUNCTION rtc_changed('events');
"""

Conn = psycopg.Connection[TupleRow]


def _v2_seal_the_audit_log(conn: Conn) -> None:
    """Version 2: the audit log is a hash chain (issue #12); seal the entries written before.

    Entries are sealed by :func:`rtc_tui.core.audit.sealed_log`, the code every backend
    appends with, so ``rtc audit --verify`` holds over the old entries and the new. Sealing
    rewrites those entries once: the append-only trigger is lifted for this step alone, inside
    the migration's transaction (by the tables' owner, who runs ``rtc store migrate``), and is
    back before it commits. A log with any sealed entry is left exactly as it is.
    """
    rows = conn.execute("SELECT seq, entry FROM audit ORDER BY seq").fetchall()
    records = [dict(entry) for _seq, entry in rows]
    sealed = audit_chain.sealed_log(records)
    if sealed == records:
        return
    conn.execute("ALTER TABLE audit DISABLE TRIGGER audit_append_only")
    for (seq, _entry), entry in zip(rows, sealed, strict=True):
        conn.execute("UPDATE audit SET entry = %s WHERE seq = %s", (Json(entry), seq))
    conn.execute("ALTER TABLE audit ENABLE TRIGGER audit_append_only")


_V4 = """
CREATE INDEX events_by_cluster ON events ((body ->> 'cluster_id'));
"""
"""A story's copies by their cluster id: a draft from an event reads its story's rows only."""


_V5 = """
-- Version 5, issue 11: the ranking brought up to date one batch at a time. Rows are ordered by
-- a key that does not depend on the time (no position to renumber), each with its event's
-- entry of the clustering index. The stored ranking is derived from the events: it is
-- emptied, and the next reader ranks every event once.
DELETE FROM event_ranking;
ALTER TABLE event_ranking DROP COLUMN position;
DROP INDEX event_ranking_by_id;
ALTER TABLE event_ranking ADD PRIMARY KEY (id);
ALTER TABLE event_ranking ADD COLUMN sort_key double precision NOT NULL;
ALTER TABLE event_ranking ADD COLUMN first_seen double precision NOT NULL;
ALTER TABLE event_ranking ADD COLUMN entry json NOT NULL;
CREATE INDEX event_ranking_in_order
    ON event_ranking (sort_key DESC, first_seen DESC, id COLLATE "C");
"""
"""The ranking by a time-independent key, with the clustering index (see ``core/trending``)."""


_V6 = """
-- Each draft row carries the drafts counter of the write that last changed it, so a list of
-- thousands of drafts reads only the rows changed since it last looked (index below).
ALTER TABLE drafts ADD COLUMN changed bigint NOT NULL DEFAULT 0;
CREATE INDEX drafts_by_change ON drafts (changed);

-- The number is the value the statement trigger (rtc_changed) moves the counter to in this
-- transaction, read under the counter row's lock, held to commit: writes to drafts commit in
-- the order of their numbers, so a reader that saw number n has seen every write below it.
CREATE FUNCTION rtc_draft_numbered() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    v_count bigint;
BEGIN
    IF current_setting('rtc.changed_drafts', true) = 'y' THEN
        SELECT n INTO v_count FROM rtc_stamps WHERE tbl = 'drafts';
    ELSE
        SELECT n + 1 INTO v_count FROM rtc_stamps WHERE tbl = 'drafts' FOR UPDATE;
    END IF;
    NEW.changed := v_count;
    RETURN NEW;
END
$$;
CREATE TRIGGER drafts_numbered BEFORE INSERT OR UPDATE ON drafts
    FOR EACH ROW EXECUTE FUNCTION rtc_draft_numbered();
"""
"""Drafts by change number: a list re-reads only what changed since it last looked."""


Migration = str | Callable[[Conn], None]
"""A step: SQL, or a function run in the step's transaction when SQL cannot say it."""

MIGRATIONS: tuple[tuple[int, Migration], ...] = (
    (1, _V1),
    (2, _v2_seal_the_audit_log),
    (3, _V3),
    (4, _V4),
    (5, _V5),
    (6, _V6),
)
"""Every migration, in order: ``(version, step)``; never edit one that has shipped, add one."""

SCHEMA_VERSION = MIGRATIONS[-1][0]
"""The schema this rtc reads and writes."""

_SCHEMA_TABLE = """
CREATE TABLE IF NOT EXISTS rtc_schema (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


EDITOR_GRANTS = """
GRANT SELECT ON rtc_schema, rtc_stamps TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON drafts, events, state, counters, posts, results TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON event_triage, event_ranking, events_archive TO {role};
GRANT USAGE ON SEQUENCE events_archive_seq_seq TO {role};
GRANT SELECT, INSERT ON audit TO {role};
GRANT USAGE ON SEQUENCE audit_seq_seq TO {role};
"""
"""The least a desk needs: everything but changing or removing audit entries, or the schema."""


def grant_editor(conn: Conn, role: str) -> None:
    """Give ``role`` what a desk needs and nothing more (see :data:`EDITOR_GRANTS`)."""
    from psycopg import sql

    with conn.transaction():
        for statement in EDITOR_GRANTS.strip().splitlines():
            template = statement.replace("{role}", "{}")
            conn.execute(sql.SQL(template).format(sql.Identifier(role)))


def schema_version(conn: Conn) -> int:
    """The version the database is at (0: never migrated, not an rtc database yet)."""
    exists = conn.execute("SELECT to_regclass('rtc_schema') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return 0
    row = conn.execute("SELECT coalesce(max(version), 0) FROM rtc_schema").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: Conn, *, upto: int | None = None) -> list[int]:
    """Apply every migration the database lacks, each in its own transaction.

    Args:
        conn: An autocommit connection (each step opens its own transaction).
        upto: The last version to apply (default: :data:`SCHEMA_VERSION`; tests build an
            older database with it).

    Returns:
        The versions applied now (empty when it was up to date).

    Raises:
        StoreError: the database is newer than this rtc.
    """
    applied: list[int] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        conn.execute(_SCHEMA_TABLE)
    last = SCHEMA_VERSION if upto is None else upto
    for version, step in MIGRATIONS:
        if version > last:
            break
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            current = schema_version(conn)
            if current > SCHEMA_VERSION:
                raise StoreError(_newer(current))
            if version <= current:
                continue
            if isinstance(step, str):
                conn.execute(step.encode())
            else:
                step(conn)
            conn.execute("INSERT INTO rtc_schema (version) VALUES (%s)", (version,))
            applied.append(version)
    return applied


def schema_problem(conn: Conn) -> str:
    """Why a desk may not run on this database (``""``: it may).

    The words say what to do: an older or empty database needs ``rtc store migrate``, a newer
    one a newer rtc.
    """
    version = schema_version(conn)
    if version == SCHEMA_VERSION:
        return ""
    if version == 0:
        return _("not an rtc database yet: run `rtc store migrate` first")
    if version < SCHEMA_VERSION:
        return _(
            "database schema {version} is older than this rtc's ({supported}): "
            "run `rtc store migrate`"
        ).format(version=version, supported=SCHEMA_VERSION)
    return _newer(version)


def _newer(version: int) -> str:
    return _(
        "database schema {version} is newer than this rtc's ({supported}): upgrade rtc"
    ).format(version=version, supported=SCHEMA_VERSION)
