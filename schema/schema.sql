-- kvperf database schema, version 3 (PRAGMA user_version = 3).
--
-- One row per thing a user would name: an imported file (source), one
-- execution of a tool (run) with free key/value labels, a benchmark (tool +
-- name + canonical parameters), a benchmark's measured quantity (metric),
-- and one number (sample), with the aggregates of each run's samples of a
-- metric (run_metric).  A fresh database gets this file; an older one
-- gets the numbered files in schema/migrations/ in order, and the tests
-- check that both end in the same schema.

CREATE TABLE source (
	id          INTEGER PRIMARY KEY,
	sha256      TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64), -- content hash: re-import is a no-op
	path        TEXT NOT NULL,            -- as given on the command line
	format      TEXT NOT NULL,            -- adapter that read it ('native', 'fio', ...)
	size        INTEGER NOT NULL CHECK (size >= 0), -- bytes
	imported_at TEXT NOT NULL             -- UTC, ISO 8601
);

CREATE TABLE run (
	id           INTEGER PRIMARY KEY,
	source_id    INTEGER NOT NULL REFERENCES source (id) ON DELETE CASCADE,
	seq          INTEGER NOT NULL,        -- position of the run in its source, from 0
	config       TEXT NOT NULL CHECK (config <> ''), -- 'baremetal', 'kubevirt-tuned', ...
	start_time   TEXT,                    -- ISO 8601 as the tool wrote it, if known
	host         TEXT,
	tool         TEXT,                    -- NULL when a native run mixes tools
	tool_version TEXT,
	UNIQUE (source_id, seq)
);
CREATE INDEX run_config ON run (config);

CREATE TABLE label (
	run_id INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
	key    TEXT NOT NULL CHECK (key <> ''),
	value  TEXT NOT NULL,
	PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE INDEX label_key ON label (key, value);

CREATE TABLE benchmark (
	id     INTEGER PRIMARY KEY,
	tool   TEXT NOT NULL CHECK (tool <> ''),
	name   TEXT NOT NULL CHECK (name <> ''),
	params TEXT NOT NULL,                 -- canonical: 'k=v' pairs sorted by key, joined by ','
	UNIQUE (tool, name, params)
);

CREATE TABLE param (
	benchmark_id INTEGER NOT NULL REFERENCES benchmark (id) ON DELETE CASCADE,
	key          TEXT NOT NULL,
	value        TEXT NOT NULL,
	num          REAL,                    -- value as a number when it is one (for sweeps)
	PRIMARY KEY (benchmark_id, key)
) WITHOUT ROWID;

CREATE TABLE metric (
	id           INTEGER PRIMARY KEY,
	benchmark_id INTEGER NOT NULL REFERENCES benchmark (id) ON DELETE CASCADE,
	name         TEXT NOT NULL CHECK (name <> ''),
	unit         TEXT NOT NULL,           -- canonical: s, bytes, bytes/s, bits/s, ops/s, percent, ...
	orig_unit    TEXT NOT NULL,           -- the unit the first imported file used
	direction    TEXT NOT NULL CHECK (direction IN ('higher', 'lower')), -- which is better
	-- 'sample': each value one measurement; 'summary': one value per run (a P50, an average)
	kind         TEXT NOT NULL DEFAULT 'sample' CHECK (kind IN ('sample', 'summary')),
	UNIQUE (benchmark_id, name)
);

CREATE TABLE sample (
	run_id    INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
	metric_id INTEGER NOT NULL REFERENCES metric (id),
	seq       INTEGER NOT NULL,           -- position within the run, from 0
	value     REAL NOT NULL,              -- in the metric's canonical unit
	PRIMARY KEY (run_id, metric_id, seq)
) WITHOUT ROWID;

-- Per run x metric: count, mean, sum of squared deviations, extremes of its
-- samples, written with them in the same transaction (kv_db_add_samples), so
-- that compare's default reads one row per run.  sum = n * mean, variance =
-- m2 / (n - 1): the mean is rounded once from an extended-precision two-pass
-- sum (as analysis' kv_mean), m2 is two-pass, never a raw sum of squares.
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

-- Views for ad-hoc SQL: sqlite3 kvperf.db 'select * from samples_v'

CREATE VIEW samples_v AS
SELECT r.config, r.id AS run_id, r.host, r.start_time, b.tool, b.name AS benchmark, b.params,
       m.name AS metric, m.unit, m.direction, s.seq, s.value, src.path AS source
FROM sample s
JOIN run r ON r.id = s.run_id
JOIN metric m ON m.id = s.metric_id
JOIN benchmark b ON b.id = m.benchmark_id
JOIN source src ON src.id = r.source_id;

CREATE VIEW runs_v AS
SELECT r.id AS run_id, r.config, r.start_time, r.host, r.tool, r.tool_version,
       src.path AS source, src.format, src.sha256,
       (SELECT count(*) FROM sample s WHERE s.run_id = r.id) AS samples,
       (SELECT group_concat(l.key || '=' || l.value, ',')
          FROM (SELECT key, value FROM label WHERE run_id = r.id ORDER BY key) AS l) AS labels
FROM run r JOIN source src ON src.id = r.source_id;

CREATE VIEW metrics_v AS
SELECT r.config, b.tool, b.name AS benchmark, b.params, m.name AS metric, m.unit, m.direction,
       count(*) AS n, count(DISTINCT s.run_id) AS runs, avg(s.value) AS mean,
       min(s.value) AS min, max(s.value) AS max
FROM sample s
JOIN run r ON r.id = s.run_id
JOIN metric m ON m.id = s.metric_id
JOIN benchmark b ON b.id = m.benchmark_id
GROUP BY r.config, m.id;
