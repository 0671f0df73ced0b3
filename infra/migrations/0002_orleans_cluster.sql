-- The region's Orleans cluster: silo membership, grain state and reminders, for Orleans' ADO.NET providers
-- (invariant "Npgsql"). The providers read their statements by key from orleansquery and bind parameters and
-- result columns by name; the table layout behind them is ours. Parameters are cast to the column types so that a
-- null argument still has a type. Idempotent: every statement can run again.

CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  varchar(64)   PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);

-- Membership: one version row per cluster (the providers' optimistic lock) and one row per silo incarnation.
CREATE TABLE IF NOT EXISTS orleans_membership_version (
    deployment_id varchar(150) PRIMARY KEY,
    changed_at    timestamptz  NOT NULL DEFAULT now(),
    version       integer      NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS orleans_membership (
    deployment_id  varchar(150) NOT NULL REFERENCES orleans_membership_version (deployment_id),
    address        varchar(45)  NOT NULL,
    port           integer      NOT NULL,
    generation     integer      NOT NULL,
    silo_name      varchar(150) NOT NULL,
    host_name      varchar(150) NOT NULL,
    status         integer      NOT NULL,
    proxy_port     integer,
    suspect_times  varchar(8000),
    start_time     timestamptz  NOT NULL,
    i_am_alive     timestamptz  NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Grain state: one row per grain and state name. The unique index makes the first write of a state race-free.
CREATE TABLE IF NOT EXISTS orleans_grain_state (
    service_id         varchar(150) NOT NULL,
    grain_type_hash    integer      NOT NULL,
    grain_type         varchar(512) NOT NULL,
    grain_id_hash      integer      NOT NULL,
    grain_id_n0        bigint       NOT NULL,
    grain_id_n1        bigint       NOT NULL,
    grain_id_extension varchar(512),
    payload            bytea,
    modified_at        timestamptz  NOT NULL DEFAULT now(),
    version            integer      NOT NULL
);

-- A grain without a key extension is stored with NULL; it shares the index entry of an empty extension, which no
-- grain identity produces.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_identity ON orleans_grain_state (
    service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_type,
    COALESCE(grain_id_extension, ''));

-- Reminders: one row per grain and reminder name; grain_hash places a reminder on the ring of silos.
CREATE TABLE IF NOT EXISTS orleans_reminders (
    service_id    varchar(150) NOT NULL,
    grain_id      varchar(150) NOT NULL,
    reminder_name varchar(150) NOT NULL,
    start_time    timestamptz  NOT NULL,
    period_ms     bigint       NOT NULL,
    grain_hash    integer      NOT NULL,
    version       integer      NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS orleans_reminders_ring ON orleans_reminders (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext) VALUES

-- Membership ---------------------------------------------------------------------------------------------------------

('InsertMembershipVersionKey', $q$
    WITH created AS (
        INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId::varchar)
        ON CONFLICT (deployment_id) DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM created
$q$),

-- The version row is the lock: a new silo row goes in only while the version is the one the caller read, and the
-- version moves on in the same statement.
('InsertMembershipKey', $q$
    WITH bumped AS (
        UPDATE orleans_membership_version v
        SET version = v.version + 1, changed_at = now()
        WHERE v.deployment_id = @DeploymentId::varchar AND v.version = @Version::integer
          AND NOT EXISTS (
              SELECT 1 FROM orleans_membership m
              WHERE m.deployment_id = @DeploymentId::varchar AND m.address = @Address::varchar
                AND m.port = @Port::integer AND m.generation = @Generation::integer)
        RETURNING v.deployment_id),
    inserted AS (
        INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                        proxy_port, start_time, i_am_alive)
        SELECT deployment_id, @Address::varchar, @Port::integer, @Generation::integer, @SiloName::varchar,
               @HostName::varchar, @Status::integer, @ProxyPort::integer, @StartTime::timestamptz,
               @IAmAliveTime::timestamptz
        FROM bumped
        RETURNING 1)
    SELECT count(*)::integer FROM inserted
$q$),

('UpdateMembershipKey', $q$
    WITH bumped AS (
        UPDATE orleans_membership_version v
        SET version = v.version + 1, changed_at = now()
        WHERE v.deployment_id = @DeploymentId::varchar AND v.version = @Version::integer
          AND EXISTS (
              SELECT 1 FROM orleans_membership m
              WHERE m.deployment_id = @DeploymentId::varchar AND m.address = @Address::varchar
                AND m.port = @Port::integer AND m.generation = @Generation::integer)
        RETURNING v.deployment_id),
    updated AS (
        UPDATE orleans_membership m
        SET status = @Status::integer, suspect_times = @SuspectTimes::varchar, i_am_alive = @IAmAliveTime::timestamptz
        FROM bumped
        WHERE m.deployment_id = bumped.deployment_id AND m.address = @Address::varchar
          AND m.port = @Port::integer AND m.generation = @Generation::integer
        RETURNING 1)
    SELECT count(*)::integer FROM updated
$q$),

('UpdateIAmAlivetimeKey', $q$
    UPDATE orleans_membership
    SET i_am_alive = @IAmAliveTime::timestamptz
    WHERE deployment_id = @DeploymentId::varchar AND address = @Address::varchar
      AND port = @Port::integer AND generation = @Generation::integer
$q$),

-- The version row comes back even when the silo has no row yet (the outer join).
('MembershipReadRowKey', $q$
    SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
           m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive AS IAmAliveTime,
           v.version AS Version
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m
        ON m.deployment_id = v.deployment_id AND m.address = @Address::varchar
       AND m.port = @Port::integer AND m.generation = @Generation::integer
    WHERE v.deployment_id = @DeploymentId::varchar
$q$),

('MembershipReadAllKey', $q$
    SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
           m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive AS IAmAliveTime,
           v.version AS Version
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
    WHERE v.deployment_id = @DeploymentId::varchar
$q$),

('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId::varchar;
    DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId::varchar;
$q$),

('GatewaysQueryKey', $q$
    SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
    FROM orleans_membership
    WHERE deployment_id = @DeploymentId::varchar AND status = @Status::integer AND proxy_port > 0
$q$),

-- Status 3 is Active: a live silo's row stays whatever its last heartbeat.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleans_membership
    WHERE deployment_id = @DeploymentId::varchar AND i_am_alive < @IAmAliveTime::timestamptz AND status <> 3
$q$),

-- Grain state --------------------------------------------------------------------------------------------------------

-- A write names the version it read (NULL when the grain has never been stored). It answers the new version, or the
-- version it was given when someone else wrote first, which the provider reports as an inconsistent state.
('WriteToStorageKey', $q$
    WITH updated AS (
        UPDATE orleans_grain_state
        SET payload = @PayloadBinary::bytea, modified_at = now(), version = version + 1
        WHERE service_id = @ServiceId::varchar AND grain_type_hash = @GrainTypeHash::integer
          AND grain_id_hash = @GrainIdHash::integer AND grain_id_n0 = @GrainIdN0::bigint
          AND grain_id_n1 = @GrainIdN1::bigint AND grain_type = @GrainTypeString::varchar
          AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
          AND version = @GrainStateVersion::integer
        RETURNING version),
    inserted AS (
        INSERT INTO orleans_grain_state (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0,
                                         grain_id_n1, grain_id_extension, payload, version)
        SELECT @ServiceId::varchar, @GrainTypeHash::integer, @GrainTypeString::varchar, @GrainIdHash::integer,
               @GrainIdN0::bigint, @GrainIdN1::bigint, @GrainIdExtensionString::varchar, @PayloadBinary::bytea, 1
        WHERE @GrainStateVersion::integer IS NULL
        ON CONFLICT DO NOTHING
        RETURNING version)
    SELECT COALESCE((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion::integer)
        AS NewGrainStateVersion
$q$),

('ReadFromStorageKey', $q$
    SELECT payload AS PayloadBinary, now() AS ReadAt, version AS Version
    FROM orleans_grain_state
    WHERE service_id = @ServiceId::varchar AND grain_type_hash = @GrainTypeHash::integer
      AND grain_id_hash = @GrainIdHash::integer AND grain_id_n0 = @GrainIdN0::bigint
      AND grain_id_n1 = @GrainIdN1::bigint AND grain_type = @GrainTypeString::varchar
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
$q$),

('ClearStorageKey', $q$
    UPDATE orleans_grain_state
    SET payload = NULL, modified_at = now(), version = version + 1
    WHERE service_id = @ServiceId::varchar AND grain_type_hash = @GrainTypeHash::integer
      AND grain_id_hash = @GrainIdHash::integer AND grain_id_n0 = @GrainIdN0::bigint
      AND grain_id_n1 = @GrainIdN1::bigint AND grain_type = @GrainTypeString::varchar
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
      AND version = @GrainStateVersion::integer
    RETURNING version AS NewGrainStateVersion
$q$),

('DeleteStorageKey', $q$
    DELETE FROM orleans_grain_state
    WHERE service_id = @ServiceId::varchar AND grain_type_hash = @GrainTypeHash::integer
      AND grain_id_hash = @GrainIdHash::integer AND grain_id_n0 = @GrainIdN0::bigint
      AND grain_id_n1 = @GrainIdN1::bigint AND grain_type = @GrainTypeString::varchar
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
      AND version = @GrainStateVersion::integer
    RETURNING version + 1 AS NewGrainStateVersion
$q$),

-- Reminders ----------------------------------------------------------------------------------------------------------

('UpsertReminderRowKey', $q$
    INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
    VALUES (@ServiceId::varchar, @GrainId::varchar, @ReminderName::varchar, @StartTime::timestamptz,
            @Period::bigint, @GrainHash::integer, 0)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
    SET start_time = excluded.start_time, period_ms = excluded.period_ms, grain_hash = excluded.grain_hash,
        version = orleans_reminders.version + 1
    RETURNING version AS Version
$q$),

('ReadReminderRowsKey', $q$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period,
           version AS Version
    FROM orleans_reminders
    WHERE service_id = @ServiceId::varchar AND grain_id = @GrainId::varchar
$q$),

('ReadReminderRowKey', $q$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period,
           version AS Version
    FROM orleans_reminders
    WHERE service_id = @ServiceId::varchar AND grain_id = @GrainId::varchar
      AND reminder_name = @ReminderName::varchar
$q$),

-- A range of the ring that does not wrap around ...
('ReadRangeRows1Key', $q$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period,
           version AS Version
    FROM orleans_reminders
    WHERE service_id = @ServiceId::varchar
      AND grain_hash > @BeginHash::integer AND grain_hash <= @EndHash::integer
$q$),

-- ... and one that does.
('ReadRangeRows2Key', $q$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period,
           version AS Version
    FROM orleans_reminders
    WHERE service_id = @ServiceId::varchar
      AND (grain_hash > @BeginHash::integer OR grain_hash <= @EndHash::integer)
$q$),

('DeleteReminderRowKey', $q$
    WITH deleted AS (
        DELETE FROM orleans_reminders
        WHERE service_id = @ServiceId::varchar AND grain_id = @GrainId::varchar
          AND reminder_name = @ReminderName::varchar AND version = @Version::integer
        RETURNING 1)
    SELECT count(*)::integer FROM deleted
$q$),

('DeleteReminderRowsKey', $q$
    DELETE FROM orleans_reminders WHERE service_id = @ServiceId::varchar
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
