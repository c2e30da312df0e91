-- Version 3: per-run aggregates of every metric, so that compare reads one
-- row per run instead of every sample.  The rows of the samples already in
-- the database are computed by kvperf after this step (schema/db_agg.c:
-- kv_db_agg_fill), with the same arithmetic as at import.
CREATE TABLE run_metric (
	metric_id INTEGER NOT NULL REFERENCES metric (id),
	config    TEXT NOT NULL,              -- the run's configuration: a series is one key range
	run_id    INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
	n         INTEGER NOT NULL CHECK (n > 0), -- samples
	mean      REAL NOT NULL,              -- their mean, rounded once from extended precision
	m2        REAL NOT NULL CHECK (m2 >= 0), -- sum of squared deviations from the mean
	minimum   REAL NOT NULL,
	maximum   REAL NOT NULL,
	PRIMARY KEY (metric_id, config, run_id)
) WITHOUT ROWID;
