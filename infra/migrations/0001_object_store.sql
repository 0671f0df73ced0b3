-- The object store of Kubernetes API objects: current objects, the change log, and the region's revision counter.
-- Idempotent: every statement can run again on a database that already has it.

-- One row: the last resourceVersion handed out in this region, and the compaction horizon (changes below it may be
-- gone, so lists and watches at an older revision are Expired). Writers take this row's lock for the rest of their
-- transaction, so revisions are committed in the order they are assigned and a reader never sees a gap.
CREATE TABLE IF NOT EXISTS store_revision (
    id          integer PRIMARY KEY CHECK (id = 1),
    revision    bigint  NOT NULL,
    compacted   bigint  NOT NULL DEFAULT 0,
    compacted_through bigint NOT NULL DEFAULT 0
);
INSERT INTO store_revision (id, revision) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

-- The current version of every object. The primary key is the uniqueness the API promises.
CREATE TABLE IF NOT EXISTS objects (
    resource    text   NOT NULL,
    namespace   text   NOT NULL,
    name        text   NOT NULL,
    uid         uuid   NOT NULL,
    revision    bigint NOT NULL,
    data        jsonb  NOT NULL,
    PRIMARY KEY (resource, namespace, name),
    CONSTRAINT objects_uid_unique UNIQUE (uid)
);

-- Every change, in revision order: type 1 added, 2 modified, 3 deleted. data is the object after the change (for a
-- deletion, its last state at the deletion's revision); previous is the revision of the version it replaced. The
-- versions kept here also answer lists at an older revision (pages of one snapshot).
CREATE TABLE IF NOT EXISTS changes (
    revision    bigint   PRIMARY KEY,
    resource    text     NOT NULL,
    namespace   text     NOT NULL,
    name        text     NOT NULL,
    type        smallint NOT NULL CHECK (type IN (1, 2, 3)),
    previous    bigint,
    data        jsonb    NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS changes_by_object ON changes (resource, namespace, name, revision);
CREATE INDEX IF NOT EXISTS changes_by_previous ON changes (previous) WHERE previous IS NOT NULL;

-- Watchers are woken by a notification sent when a transaction that logged changes commits.
CREATE OR REPLACE FUNCTION notify_store_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('store_changes', '');
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS changes_notify ON changes;
CREATE TRIGGER changes_notify AFTER INSERT ON changes FOR EACH STATEMENT EXECUTE FUNCTION notify_store_changes();
