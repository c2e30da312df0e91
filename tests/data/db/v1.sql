-- A kvperf database at schema version 1, as kvperf 0.1.0 wrote it: the
-- sysbench fixture (tests/data/native-sysbench) imported, then dumped with
-- Python's sqlite3 iterdump.  The migration test restores and opens it.
PRAGMA user_version = 1;
PRAGMA application_id = 1802924134;
BEGIN TRANSACTION;
CREATE TABLE benchmark (
	id     INTEGER PRIMARY KEY,
	tool   TEXT NOT NULL CHECK (tool <> ''),
	name   TEXT NOT NULL CHECK (name <> ''),
	params TEXT NOT NULL,                 -- canonical: 'k=v' pairs sorted by key, joined by ','
	UNIQUE (tool, name, params)
);
INSERT INTO "benchmark" VALUES(1,'sysbench','cpu','threads=1');
INSERT INTO "benchmark" VALUES(2,'sysbench','cpu','threads=2');
INSERT INTO "benchmark" VALUES(3,'sysbench','memory','block_size=1024KiB,threads=1');
CREATE TABLE label (
	run_id INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
	key    TEXT NOT NULL CHECK (key <> ''),
	value  TEXT NOT NULL,
	PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
INSERT INTO "label" VALUES(1,'competing_load','none');
INSERT INTO "label" VALUES(2,'competing_load','none');
INSERT INTO "label" VALUES(3,'competing_load','none');
INSERT INTO "label" VALUES(4,'competing_load','none');
INSERT INTO "label" VALUES(5,'competing_load','none');
INSERT INTO "label" VALUES(6,'competing_load','none');
INSERT INTO "label" VALUES(7,'competing_load','none');
INSERT INTO "label" VALUES(8,'competing_load','none');
INSERT INTO "label" VALUES(9,'competing_load','none');
INSERT INTO "label" VALUES(10,'competing_load','none');
INSERT INTO "label" VALUES(11,'competing_load','none');
INSERT INTO "label" VALUES(12,'competing_load','none');
INSERT INTO "label" VALUES(13,'competing_load','none');
INSERT INTO "label" VALUES(14,'competing_load','none');
INSERT INTO "label" VALUES(15,'competing_load','none');
INSERT INTO "label" VALUES(16,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(17,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(18,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(19,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(20,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(21,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(22,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(23,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(24,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(25,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(26,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(27,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(28,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(29,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(30,'competing_load','stress-ng-cpu');
INSERT INTO "label" VALUES(16,'cpuset','0');
INSERT INTO "label" VALUES(17,'cpuset','0');
INSERT INTO "label" VALUES(18,'cpuset','0');
INSERT INTO "label" VALUES(19,'cpuset','0');
INSERT INTO "label" VALUES(20,'cpuset','0');
INSERT INTO "label" VALUES(21,'cpuset','0');
INSERT INTO "label" VALUES(22,'cpuset','0');
INSERT INTO "label" VALUES(23,'cpuset','0');
INSERT INTO "label" VALUES(24,'cpuset','0');
INSERT INTO "label" VALUES(25,'cpuset','0');
INSERT INTO "label" VALUES(26,'cpuset','0');
INSERT INTO "label" VALUES(27,'cpuset','0');
INSERT INTO "label" VALUES(28,'cpuset','0');
INSERT INTO "label" VALUES(29,'cpuset','0');
INSERT INTO "label" VALUES(30,'cpuset','0');
INSERT INTO "label" VALUES(1,'cpuset','0-1');
INSERT INTO "label" VALUES(2,'cpuset','0-1');
INSERT INTO "label" VALUES(3,'cpuset','0-1');
INSERT INTO "label" VALUES(4,'cpuset','0-1');
INSERT INTO "label" VALUES(5,'cpuset','0-1');
INSERT INTO "label" VALUES(6,'cpuset','0-1');
INSERT INTO "label" VALUES(7,'cpuset','0-1');
INSERT INTO "label" VALUES(8,'cpuset','0-1');
INSERT INTO "label" VALUES(9,'cpuset','0-1');
INSERT INTO "label" VALUES(10,'cpuset','0-1');
INSERT INTO "label" VALUES(11,'cpuset','0-1');
INSERT INTO "label" VALUES(12,'cpuset','0-1');
INSERT INTO "label" VALUES(13,'cpuset','0-1');
INSERT INTO "label" VALUES(14,'cpuset','0-1');
INSERT INTO "label" VALUES(15,'cpuset','0-1');
INSERT INTO "label" VALUES(1,'report','cpu-threads1-r1.txt');
INSERT INTO "label" VALUES(16,'report','cpu-threads1-r1.txt');
INSERT INTO "label" VALUES(2,'report','cpu-threads1-r2.txt');
INSERT INTO "label" VALUES(17,'report','cpu-threads1-r2.txt');
INSERT INTO "label" VALUES(3,'report','cpu-threads1-r3.txt');
INSERT INTO "label" VALUES(18,'report','cpu-threads1-r3.txt');
INSERT INTO "label" VALUES(4,'report','cpu-threads1-r4.txt');
INSERT INTO "label" VALUES(19,'report','cpu-threads1-r4.txt');
INSERT INTO "label" VALUES(5,'report','cpu-threads1-r5.txt');
INSERT INTO "label" VALUES(20,'report','cpu-threads1-r5.txt');
INSERT INTO "label" VALUES(6,'report','cpu-threads2-r1.txt');
INSERT INTO "label" VALUES(21,'report','cpu-threads2-r1.txt');
INSERT INTO "label" VALUES(7,'report','cpu-threads2-r2.txt');
INSERT INTO "label" VALUES(22,'report','cpu-threads2-r2.txt');
INSERT INTO "label" VALUES(8,'report','cpu-threads2-r3.txt');
INSERT INTO "label" VALUES(23,'report','cpu-threads2-r3.txt');
INSERT INTO "label" VALUES(9,'report','cpu-threads2-r4.txt');
INSERT INTO "label" VALUES(24,'report','cpu-threads2-r4.txt');
INSERT INTO "label" VALUES(10,'report','cpu-threads2-r5.txt');
INSERT INTO "label" VALUES(25,'report','cpu-threads2-r5.txt');
INSERT INTO "label" VALUES(11,'report','memory-block1M-r1.txt');
INSERT INTO "label" VALUES(26,'report','memory-block1M-r1.txt');
INSERT INTO "label" VALUES(12,'report','memory-block1M-r2.txt');
INSERT INTO "label" VALUES(27,'report','memory-block1M-r2.txt');
INSERT INTO "label" VALUES(13,'report','memory-block1M-r3.txt');
INSERT INTO "label" VALUES(28,'report','memory-block1M-r3.txt');
INSERT INTO "label" VALUES(14,'report','memory-block1M-r4.txt');
INSERT INTO "label" VALUES(29,'report','memory-block1M-r4.txt');
INSERT INTO "label" VALUES(15,'report','memory-block1M-r5.txt');
INSERT INTO "label" VALUES(30,'report','memory-block1M-r5.txt');
CREATE TABLE metric (
	id           INTEGER PRIMARY KEY,
	benchmark_id INTEGER NOT NULL REFERENCES benchmark (id) ON DELETE CASCADE,
	name         TEXT NOT NULL CHECK (name <> ''),
	unit         TEXT NOT NULL,           -- canonical: s, bytes, bytes/s, bits/s, ops/s, percent, ...
	orig_unit    TEXT NOT NULL,           -- the unit the first imported file used
	direction    TEXT NOT NULL CHECK (direction IN ('higher', 'lower')), -- which is better
	UNIQUE (benchmark_id, name)
);
INSERT INTO "metric" VALUES(1,1,'events_per_second','ops/s','events/s','higher');
INSERT INTO "metric" VALUES(2,1,'latency_avg','s','ms','lower');
INSERT INTO "metric" VALUES(3,1,'latency_p95','s','ms','lower');
INSERT INTO "metric" VALUES(4,2,'events_per_second','ops/s','events/s','higher');
INSERT INTO "metric" VALUES(5,2,'latency_avg','s','ms','lower');
INSERT INTO "metric" VALUES(6,2,'latency_p95','s','ms','lower');
INSERT INTO "metric" VALUES(7,3,'transfer_rate','bytes/s','MiB/s','higher');
INSERT INTO "metric" VALUES(8,3,'latency_avg','s','ms','lower');
INSERT INTO "metric" VALUES(9,3,'latency_p95','s','ms','lower');
CREATE TABLE param (
	benchmark_id INTEGER NOT NULL REFERENCES benchmark (id) ON DELETE CASCADE,
	key          TEXT NOT NULL,
	value        TEXT NOT NULL,
	num          REAL,                    -- value as a number when it is one (for sweeps)
	PRIMARY KEY (benchmark_id, key)
) WITHOUT ROWID;
INSERT INTO "param" VALUES(1,'threads','1',1.0);
INSERT INTO "param" VALUES(2,'threads','2',2.0);
INSERT INTO "param" VALUES(3,'block_size','1024KiB',NULL);
INSERT INTO "param" VALUES(3,'threads','1',1.0);
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
INSERT INTO "run" VALUES(1,1,0,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(2,1,1,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(3,1,2,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(4,1,3,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(5,1,4,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(6,1,5,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(7,1,6,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(8,1,7,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(9,1,8,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(10,1,9,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(11,1,10,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(12,1,11,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(13,1,12,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(14,1,13,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(15,1,14,'baseline',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(16,2,0,'constrained',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(17,2,1,'constrained',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(18,2,2,'constrained',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(19,2,3,'constrained',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(20,2,4,'constrained',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(21,2,5,'constrained',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(22,2,6,'constrained',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(23,2,7,'constrained',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(24,2,8,'constrained',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(25,2,9,'constrained',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(26,2,10,'constrained',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(27,2,11,'constrained',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(28,2,12,'constrained',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(29,2,13,'constrained',NULL,NULL,'sysbench','1.0.20');
INSERT INTO "run" VALUES(30,2,14,'constrained',NULL,NULL,'sysbench','1.0.20');
CREATE TABLE sample (
	run_id    INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
	metric_id INTEGER NOT NULL REFERENCES metric (id),
	seq       INTEGER NOT NULL,           -- position within the run, from 0
	value     REAL NOT NULL,              -- in the metric's canonical unit
	PRIMARY KEY (run_id, metric_id, seq)
) WITHOUT ROWID;
INSERT INTO "sample" VALUES(1,1,0,5389.01);
INSERT INTO "sample" VALUES(1,2,0,0.00019);
INSERT INTO "sample" VALUES(1,3,0,0.0002);
INSERT INTO "sample" VALUES(2,1,0,5275.36);
INSERT INTO "sample" VALUES(2,2,0,0.00019);
INSERT INTO "sample" VALUES(2,3,0,0.0002);
INSERT INTO "sample" VALUES(3,1,0,5257.73);
INSERT INTO "sample" VALUES(3,2,0,0.00019);
INSERT INTO "sample" VALUES(3,3,0,0.0002);
INSERT INTO "sample" VALUES(4,1,0,5227.95);
INSERT INTO "sample" VALUES(4,2,0,0.00019);
INSERT INTO "sample" VALUES(4,3,0,0.0002);
INSERT INTO "sample" VALUES(5,1,0,5262.02);
INSERT INTO "sample" VALUES(5,2,0,0.00019);
INSERT INTO "sample" VALUES(5,3,0,0.0002);
INSERT INTO "sample" VALUES(6,4,0,10484.36);
INSERT INTO "sample" VALUES(6,5,0,0.00019);
INSERT INTO "sample" VALUES(6,6,0,0.0002);
INSERT INTO "sample" VALUES(7,4,0,10491.82);
INSERT INTO "sample" VALUES(7,5,0,0.00019);
INSERT INTO "sample" VALUES(7,6,0,0.0002);
INSERT INTO "sample" VALUES(8,4,0,10500.45);
INSERT INTO "sample" VALUES(8,5,0,0.00019);
INSERT INTO "sample" VALUES(8,6,0,0.0002);
INSERT INTO "sample" VALUES(9,4,0,10453.07);
INSERT INTO "sample" VALUES(9,5,0,0.00019);
INSERT INTO "sample" VALUES(9,6,0,0.0002);
INSERT INTO "sample" VALUES(10,4,0,10399.21);
INSERT INTO "sample" VALUES(10,5,0,0.00019);
INSERT INTO "sample" VALUES(10,6,0,0.00021);
INSERT INTO "sample" VALUES(11,7,0,33745870520.32);
INSERT INTO "sample" VALUES(11,8,0,3.0e-05);
INSERT INTO "sample" VALUES(11,9,0,3.0e-05);
INSERT INTO "sample" VALUES(12,7,0,34358427648.0);
INSERT INTO "sample" VALUES(12,8,0,3.0e-05);
INSERT INTO "sample" VALUES(12,9,0,3.0e-05);
INSERT INTO "sample" VALUES(13,7,0,34270368235.52);
INSERT INTO "sample" VALUES(13,8,0,3.0e-05);
INSERT INTO "sample" VALUES(13,9,0,3.0e-05);
INSERT INTO "sample" VALUES(14,7,0,34638596669.44);
INSERT INTO "sample" VALUES(14,8,0,3.0e-05);
INSERT INTO "sample" VALUES(14,9,0,3.0e-05);
INSERT INTO "sample" VALUES(15,7,0,34206205870.08);
INSERT INTO "sample" VALUES(15,8,0,3.0e-05);
INSERT INTO "sample" VALUES(15,9,0,3.0e-05);
INSERT INTO "sample" VALUES(16,1,0,2557.78);
INSERT INTO "sample" VALUES(16,2,0,3.90000000000000047149e-04);
INSERT INTO "sample" VALUES(16,3,0,0.00023);
INSERT INTO "sample" VALUES(17,1,0,2576.47);
INSERT INTO "sample" VALUES(17,2,0,3.90000000000000047149e-04);
INSERT INTO "sample" VALUES(17,3,0,0.00023);
INSERT INTO "sample" VALUES(18,1,0,2560.78);
INSERT INTO "sample" VALUES(18,2,0,3.90000000000000047149e-04);
INSERT INTO "sample" VALUES(18,3,0,0.00023);
INSERT INTO "sample" VALUES(19,1,0,2588.1);
INSERT INTO "sample" VALUES(19,2,0,3.90000000000000047149e-04);
INSERT INTO "sample" VALUES(19,3,0,0.00022);
INSERT INTO "sample" VALUES(20,1,0,2558.73);
INSERT INTO "sample" VALUES(20,2,0,3.90000000000000047149e-04);
INSERT INTO "sample" VALUES(20,3,0,0.00024);
INSERT INTO "sample" VALUES(21,4,0,3414.31);
INSERT INTO "sample" VALUES(21,5,0,0.00058);
INSERT INTO "sample" VALUES(21,6,0,0.00022);
INSERT INTO "sample" VALUES(22,4,0,3400.73);
INSERT INTO "sample" VALUES(22,5,0,0.00059);
INSERT INTO "sample" VALUES(22,6,0,0.00023);
INSERT INTO "sample" VALUES(23,4,0,3388.37);
INSERT INTO "sample" VALUES(23,5,0,0.00059);
INSERT INTO "sample" VALUES(23,6,0,0.00025);
INSERT INTO "sample" VALUES(24,4,0,3431.48);
INSERT INTO "sample" VALUES(24,5,0,0.00058);
INSERT INTO "sample" VALUES(24,6,0,0.00024);
INSERT INTO "sample" VALUES(25,4,0,3398.39);
INSERT INTO "sample" VALUES(25,5,0,0.00059);
INSERT INTO "sample" VALUES(25,6,0,2.80000000000000029681e-04);
INSERT INTO "sample" VALUES(26,7,0,16689125130.24);
INSERT INTO "sample" VALUES(26,8,0,6.0e-05);
INSERT INTO "sample" VALUES(26,9,0,3.0e-05);
INSERT INTO "sample" VALUES(27,7,0,16805150064.64);
INSERT INTO "sample" VALUES(27,8,0,6.0e-05);
INSERT INTO "sample" VALUES(27,9,0,3.0e-05);
INSERT INTO "sample" VALUES(28,7,0,16761676103.68);
INSERT INTO "sample" VALUES(28,8,0,6.0e-05);
INSERT INTO "sample" VALUES(28,9,0,3.0e-05);
INSERT INTO "sample" VALUES(29,7,0,16726150348.8);
INSERT INTO "sample" VALUES(29,8,0,6.0e-05);
INSERT INTO "sample" VALUES(29,9,0,3.0e-05);
INSERT INTO "sample" VALUES(30,7,0,16778484776.96);
INSERT INTO "sample" VALUES(30,8,0,6.0e-05);
INSERT INTO "sample" VALUES(30,9,0,3.0e-05);
CREATE TABLE source (
	id          INTEGER PRIMARY KEY,
	sha256      TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64), -- content hash: re-import is a no-op
	path        TEXT NOT NULL,            -- as given on the command line
	format      TEXT NOT NULL,            -- adapter that read it ('native', 'fio', ...)
	size        INTEGER NOT NULL CHECK (size >= 0), -- bytes
	imported_at TEXT NOT NULL             -- UTC, ISO 8601
);
INSERT INTO "source" VALUES(1,'5c856247c07431eee0b1ee6abf61a79ebbf27d9ddb127fddc1db4019346b19ca','tests/data/native-sysbench/sysbench-baseline.json','native',6260,'2026-11-25T03:26:58Z');
INSERT INTO "source" VALUES(2,'e1a468287bad01515caeb85d8758001a182cfc9f2369d4a060ccc11c1c56df0f','tests/data/native-sysbench/sysbench-constrained.json','native',6265,'2026-11-25T03:26:58Z');
CREATE INDEX run_config ON run (config);
CREATE INDEX label_key ON label (key, value);
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
COMMIT;
