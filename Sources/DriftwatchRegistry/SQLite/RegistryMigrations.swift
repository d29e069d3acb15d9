import GRDB

/// The registry's schema, one migration per change. Migrations only ever append.
enum RegistryMigrations {
    /// `PRAGMA application_id` of a Driftwatch registry ("DWRG"), so that any other SQLite file is refused.
    static let applicationID: Int32 = 0x4457_5247

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: tracking and registry") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: """
                CREATE TABLE experiment (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL UNIQUE,
                    created_at REAL NOT NULL
                );
                CREATE TABLE run (
                    id TEXT PRIMARY KEY,
                    experiment_id INTEGER NOT NULL REFERENCES experiment(id),
                    name TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
                    started_at REAL NOT NULL,
                    ended_at REAL,
                    parent_run_id TEXT REFERENCES run(id)
                );
                CREATE INDEX run_by_experiment ON run(experiment_id, started_at);
                CREATE TABLE run_param (
                    run_id TEXT NOT NULL REFERENCES run(id),
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (run_id, key)
                );
                CREATE TABLE run_metric (
                    run_id TEXT NOT NULL REFERENCES run(id),
                    key TEXT NOT NULL,
                    value REAL NOT NULL,
                    PRIMARY KEY (run_id, key)
                );
                CREATE TABLE run_tag (
                    run_id TEXT NOT NULL REFERENCES run(id),
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (run_id, key)
                );
                CREATE TABLE run_artifact (
                    run_id TEXT NOT NULL REFERENCES run(id),
                    path TEXT NOT NULL,
                    checksum TEXT NOT NULL,
                    PRIMARY KEY (run_id, path)
                );
                CREATE TABLE registered_model (
                    name TEXT PRIMARY KEY,
                    created_at REAL NOT NULL
                );
                CREATE TABLE model_version (
                    model TEXT NOT NULL REFERENCES registered_model(name),
                    version INTEGER NOT NULL,
                    run_id TEXT REFERENCES run(id),
                    artifact_path TEXT NOT NULL,
                    checksum TEXT NOT NULL,
                    metrics TEXT NOT NULL,
                    training_rows INTEGER NOT NULL,
                    fingerprint TEXT NOT NULL,
                    code_version TEXT NOT NULL,
                    reference_profile BLOB,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (model, version)
                );
                CREATE TABLE model_alias (
                    model TEXT NOT NULL,
                    alias TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (model, alias),
                    FOREIGN KEY (model, version) REFERENCES model_version(model, version)
                );
                CREATE TABLE alias_audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    model TEXT NOT NULL,
                    alias TEXT NOT NULL,
                    from_version INTEGER,
                    to_version INTEGER NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('move', 'rollback')),
                    reason TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    at REAL NOT NULL
                );
                -- The audit log is append-only.
                CREATE TRIGGER alias_audit_no_update BEFORE UPDATE ON alias_audit
                    BEGIN SELECT RAISE(ABORT, 'the alias audit log is append-only'); END;
                CREATE TRIGGER alias_audit_no_delete BEFORE DELETE ON alias_audit
                    BEGIN SELECT RAISE(ABORT, 'the alias audit log is append-only'); END;
                """)
        }
        migrator.registerMigration("v2: retrain loop") { db in
            try db.execute(sql: """
                CREATE TABLE retrain_attempt (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    model TEXT NOT NULL,
                    state TEXT NOT NULL,
                    trigger TEXT NOT NULL,
                    started_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    champion_version INTEGER,
                    challenger_version INTEGER,
                    metric TEXT,
                    champion_score REAL,
                    challenger_score REAL,
                    verified_score REAL,
                    detail TEXT NOT NULL DEFAULT ''
                );
                -- At most one active attempt per model, whatever process starts it.
                CREATE UNIQUE INDEX retrain_attempt_one_active ON retrain_attempt (model)
                    WHERE state IN ('triggered', 'training', 'gating', 'promoting', 'verifying');
                CREATE TABLE retrain_transition (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    attempt_id INTEGER NOT NULL REFERENCES retrain_attempt(id),
                    from_state TEXT,
                    to_state TEXT NOT NULL,
                    at REAL NOT NULL,
                    detail TEXT NOT NULL
                );
                CREATE TRIGGER retrain_transition_no_update BEFORE UPDATE ON retrain_transition
                    BEGIN SELECT RAISE(ABORT, 'the retrain transition log is append-only'); END;
                """)
        }
        migrator.registerMigration("v3: retrain attempt rows") { db in
            try db.execute(sql: """
                CREATE TABLE retrain_attempt_data (
                    attempt_id INTEGER PRIMARY KEY REFERENCES retrain_attempt(id),
                    train BLOB NOT NULL,
                    holdout BLOB NOT NULL
                );
                """)
        }
        migrator.registerMigration("v4: traffic policies") { db in
            try db.execute(sql: """
                CREATE TABLE traffic_policy (
                    model TEXT PRIMARY KEY REFERENCES registered_model(name),
                    mode TEXT NOT NULL CHECK (mode IN ('shadow', 'canary', 'ab')),
                    challenger_alias TEXT NOT NULL,
                    weight REAL NOT NULL CHECK (weight >= 0 AND weight <= 100),
                    routing_key TEXT,
                    updated_at REAL NOT NULL
                );
                CREATE TABLE traffic_audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    model TEXT NOT NULL,
                    from_mode TEXT,
                    to_mode TEXT,
                    from_weight REAL,
                    to_weight REAL,
                    challenger_alias TEXT,
                    reason TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    at REAL NOT NULL
                );
                CREATE TRIGGER traffic_audit_no_update BEFORE UPDATE ON traffic_audit
                    BEGIN SELECT RAISE(ABORT, 'the traffic audit log is append-only'); END;
                CREATE TRIGGER traffic_audit_no_delete BEFORE DELETE ON traffic_audit
                    BEGIN SELECT RAISE(ABORT, 'the traffic audit log is append-only'); END;
                -- A rollout through a canary is an active state too.
                DROP INDEX retrain_attempt_one_active;
                CREATE UNIQUE INDEX retrain_attempt_one_active ON retrain_attempt (model)
                    WHERE state IN ('triggered', 'training', 'gating', 'canary', 'promoting', 'verifying');
                """)
        }
        migrator.registerMigration("v5: manual approval") { db in
            // An attempt waiting for a person, or approved by one, is active too.
            try db.execute(sql: """
                DROP INDEX retrain_attempt_one_active;
                CREATE UNIQUE INDEX retrain_attempt_one_active ON retrain_attempt (model)
                    WHERE state IN ('triggered', 'training', 'gating', 'awaiting_approval', 'approved', 'canary', 'promoting', 'verifying');
                """)
        }
        return migrator
    }
}
