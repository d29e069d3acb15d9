/// The registry's schema in PostgreSQL: the same tables as the SQLite registry, with the model
/// artifacts stored in the database (no shared disk is needed), the audit and transition logs made
/// append-only by triggers, and at most one active retrain attempt per model by a partial unique
/// index — rules that hold whichever process, on whichever machine, writes.
enum PostgresRegistryMigrations {
    static let migrator = PostgresMigrator(component: "registry", migrations: [
        .init(version: 1, name: "tracking, registry and retrain loop", statements: [
            """
            CREATE TABLE experiment (
                id BIGSERIAL PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                created_at DOUBLE PRECISION NOT NULL
            )
            """,
            """
            CREATE TABLE run (
                id TEXT PRIMARY KEY,
                experiment_id BIGINT NOT NULL REFERENCES experiment(id),
                name TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
                started_at DOUBLE PRECISION NOT NULL,
                ended_at DOUBLE PRECISION,
                parent_run_id TEXT REFERENCES run(id),
                seq BIGSERIAL
            )
            """,
            "CREATE INDEX run_by_experiment ON run(experiment_id, started_at)",
            "CREATE TABLE run_param (run_id TEXT NOT NULL REFERENCES run(id), key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key))",
            "CREATE TABLE run_metric (run_id TEXT NOT NULL REFERENCES run(id), key TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, PRIMARY KEY (run_id, key))",
            "CREATE TABLE run_tag (run_id TEXT NOT NULL REFERENCES run(id), key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key))",
            "CREATE TABLE run_artifact (run_id TEXT NOT NULL REFERENCES run(id), path TEXT NOT NULL, checksum TEXT NOT NULL, PRIMARY KEY (run_id, path))",
            "CREATE TABLE registered_model (name TEXT PRIMARY KEY, created_at DOUBLE PRECISION NOT NULL)",
            """
            CREATE TABLE model_version (
                model TEXT NOT NULL REFERENCES registered_model(name),
                version BIGINT NOT NULL,
                run_id TEXT REFERENCES run(id),
                artifact_path TEXT NOT NULL,
                checksum TEXT NOT NULL,
                metrics TEXT NOT NULL,
                training_rows BIGINT NOT NULL,
                fingerprint TEXT NOT NULL,
                code_version TEXT NOT NULL,
                reference_profile BYTEA,
                created_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (model, version)
            )
            """,
            """
            CREATE TABLE model_artifact (
                model TEXT NOT NULL,
                version BIGINT NOT NULL,
                data BYTEA NOT NULL,
                PRIMARY KEY (model, version),
                FOREIGN KEY (model, version) REFERENCES model_version(model, version)
            )
            """,
            """
            CREATE TABLE model_alias (
                model TEXT NOT NULL,
                alias TEXT NOT NULL,
                version BIGINT NOT NULL,
                updated_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (model, alias),
                FOREIGN KEY (model, version) REFERENCES model_version(model, version)
            )
            """,
            """
            CREATE TABLE alias_audit (
                id BIGSERIAL PRIMARY KEY,
                model TEXT NOT NULL,
                alias TEXT NOT NULL,
                from_version BIGINT,
                to_version BIGINT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('move', 'rollback')),
                reason TEXT NOT NULL,
                actor TEXT NOT NULL,
                at DOUBLE PRECISION NOT NULL
            )
            """,
            """
            CREATE FUNCTION driftwatch_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the % log is append-only', TG_ARGV[0];
            END
            $$
            """,
            "CREATE TRIGGER alias_audit_append_only BEFORE UPDATE OR DELETE ON alias_audit FOR EACH ROW EXECUTE FUNCTION driftwatch_append_only('alias audit')",
            """
            CREATE TABLE retrain_attempt (
                id BIGSERIAL PRIMARY KEY,
                model TEXT NOT NULL,
                state TEXT NOT NULL,
                trigger TEXT NOT NULL,
                started_at DOUBLE PRECISION NOT NULL,
                updated_at DOUBLE PRECISION NOT NULL,
                champion_version BIGINT,
                challenger_version BIGINT,
                metric TEXT,
                champion_score DOUBLE PRECISION,
                challenger_score DOUBLE PRECISION,
                verified_score DOUBLE PRECISION,
                detail TEXT NOT NULL DEFAULT ''
            )
            """,
            """
            CREATE UNIQUE INDEX retrain_attempt_one_active ON retrain_attempt (model)
                WHERE state IN ('triggered', 'training', 'gating', 'promoting', 'verifying')
            """,
            """
            CREATE TABLE retrain_transition (
                id BIGSERIAL PRIMARY KEY,
                attempt_id BIGINT NOT NULL REFERENCES retrain_attempt(id),
                from_state TEXT,
                to_state TEXT NOT NULL,
                at DOUBLE PRECISION NOT NULL,
                detail TEXT NOT NULL
            )
            """,
            "CREATE TRIGGER retrain_transition_append_only BEFORE UPDATE OR DELETE ON retrain_transition FOR EACH ROW EXECUTE FUNCTION driftwatch_append_only('retrain transition')",
            """
            CREATE TABLE retrain_attempt_data (
                attempt_id BIGINT PRIMARY KEY REFERENCES retrain_attempt(id),
                train BYTEA NOT NULL,
                holdout BYTEA NOT NULL
            )
            """,
        ]),
        .init(version: 2, name: "traffic policies", statements: [
            """
            CREATE TABLE traffic_policy (
                model TEXT PRIMARY KEY REFERENCES registered_model(name),
                mode TEXT NOT NULL CHECK (mode IN ('shadow', 'canary', 'ab')),
                challenger_alias TEXT NOT NULL,
                weight DOUBLE PRECISION NOT NULL CHECK (weight >= 0 AND weight <= 100),
                routing_key TEXT,
                updated_at DOUBLE PRECISION NOT NULL
            )
            """,
            """
            CREATE TABLE traffic_audit (
                id BIGSERIAL PRIMARY KEY,
                model TEXT NOT NULL,
                from_mode TEXT,
                to_mode TEXT,
                from_weight DOUBLE PRECISION,
                to_weight DOUBLE PRECISION,
                challenger_alias TEXT,
                reason TEXT NOT NULL,
                actor TEXT NOT NULL,
                at DOUBLE PRECISION NOT NULL
            )
            """,
            "CREATE TRIGGER traffic_audit_append_only BEFORE UPDATE OR DELETE ON traffic_audit FOR EACH ROW EXECUTE FUNCTION driftwatch_append_only('traffic audit')",
            "DROP INDEX retrain_attempt_one_active",
            """
            CREATE UNIQUE INDEX retrain_attempt_one_active ON retrain_attempt (model)
                WHERE state IN ('triggered', 'training', 'gating', 'canary', 'promoting', 'verifying')
            """,
        ]),
        .init(version: 3, name: "manual approval", statements: [
            // An attempt waiting for a person, or approved by one, is active too.
            "DROP INDEX retrain_attempt_one_active",
            """
            CREATE UNIQUE INDEX retrain_attempt_one_active ON retrain_attempt (model)
                WHERE state IN ('triggered', 'training', 'gating', 'awaiting_approval', 'approved', 'canary', 'promoting', 'verifying')
            """,
        ]),
    ])
}
