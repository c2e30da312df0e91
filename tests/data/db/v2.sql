-- A kvperf database at schema version 2, as kvperf wrote it before the
-- per-run aggregates (version 3): the sysbench fixture (tests/data/native-sysbench)
-- and examples/samples/gbench (--config-from-dir; runs of 5 iterations)
-- imported, then dumped with Python's sqlite3 iterdump.
PRAGMA user_version = 2;
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
INSERT INTO "benchmark" VALUES(4,'gbench','BM_Sum','arg0=1024');
INSERT INTO "benchmark" VALUES(5,'gbench','BM_Sum','arg0=65536');
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
	-- 'sample': each value one measurement; 'summary': one value per run (a P50, an average)
	kind         TEXT NOT NULL DEFAULT 'sample' CHECK (kind IN ('sample', 'summary')),
	UNIQUE (benchmark_id, name)
);
INSERT INTO "metric" VALUES(1,1,'events_per_second','ops/s','events/s','higher','sample');
INSERT INTO "metric" VALUES(2,1,'latency_avg','s','ms','lower','sample');
INSERT INTO "metric" VALUES(3,1,'latency_p95','s','ms','lower','sample');
INSERT INTO "metric" VALUES(4,2,'events_per_second','ops/s','events/s','higher','sample');
INSERT INTO "metric" VALUES(5,2,'latency_avg','s','ms','lower','sample');
INSERT INTO "metric" VALUES(6,2,'latency_p95','s','ms','lower','sample');
INSERT INTO "metric" VALUES(7,3,'transfer_rate','bytes/s','MiB/s','higher','sample');
INSERT INTO "metric" VALUES(8,3,'latency_avg','s','ms','lower','sample');
INSERT INTO "metric" VALUES(9,3,'latency_p95','s','ms','lower','sample');
INSERT INTO "metric" VALUES(10,4,'real_time','s','ns','lower','sample');
INSERT INTO "metric" VALUES(11,4,'cpu_time','s','ns','lower','sample');
INSERT INTO "metric" VALUES(12,4,'bytes_per_second','bytes/s','B/s','higher','sample');
INSERT INTO "metric" VALUES(13,4,'items_per_second','ops/s','ops/s','higher','sample');
INSERT INTO "metric" VALUES(14,5,'real_time','s','ns','lower','sample');
INSERT INTO "metric" VALUES(15,5,'cpu_time','s','ns','lower','sample');
INSERT INTO "metric" VALUES(16,5,'bytes_per_second','bytes/s','B/s','higher','sample');
INSERT INTO "metric" VALUES(17,5,'items_per_second','ops/s','ops/s','higher','sample');
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
INSERT INTO "param" VALUES(4,'arg0','1024',1024.0);
INSERT INTO "param" VALUES(5,'arg0','65536',65536.0);
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
INSERT INTO "run" VALUES(31,3,0,'baseline','2026-11-25T01:21:06Z','vm','gbench',NULL);
INSERT INTO "run" VALUES(32,4,0,'baseline','2026-11-25T01:21:07Z','vm','gbench',NULL);
INSERT INTO "run" VALUES(33,5,0,'baseline','2026-11-25T01:21:07Z','vm','gbench',NULL);
INSERT INTO "run" VALUES(34,6,0,'baseline','2026-11-25T01:21:08Z','vm','gbench',NULL);
INSERT INTO "run" VALUES(35,7,0,'baseline','2026-11-25T01:21:09Z','vm','gbench',NULL);
INSERT INTO "run" VALUES(36,8,0,'baseline','2026-11-25T01:21:03Z','vm','gbench',NULL);
INSERT INTO "run" VALUES(37,9,0,'constrained','2026-11-25T01:21:16Z','vm','gbench',NULL);
INSERT INTO "run" VALUES(38,10,0,'constrained','2026-11-25T01:21:17Z','vm','gbench',NULL);
INSERT INTO "run" VALUES(39,11,0,'constrained','2026-11-25T01:21:19Z','vm','gbench',NULL);
INSERT INTO "run" VALUES(40,12,0,'constrained','2026-11-25T01:21:20Z','vm','gbench',NULL);
INSERT INTO "run" VALUES(41,13,0,'constrained','2026-11-25T01:21:21Z','vm','gbench',NULL);
INSERT INTO "run" VALUES(42,14,0,'constrained','2026-11-25T01:21:10Z','vm','gbench',NULL);
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
INSERT INTO "sample" VALUES(31,10,0,4.6293072953644822747e-07);
INSERT INTO "sample" VALUES(31,11,0,4.62896112318443069422e-07);
INSERT INTO "sample" VALUES(31,12,0,1.76972754404219894406e+10);
INSERT INTO "sample" VALUES(31,13,0,2.21215943005274868018e+09);
INSERT INTO "sample" VALUES(31,14,0,3.14316142305056075751e-05);
INSERT INTO "sample" VALUES(31,15,0,3.14318298476926695278e-05);
INSERT INTO "sample" VALUES(31,16,0,1.66801615604471969601e+10);
INSERT INTO "sample" VALUES(31,17,0,2.08502019505589962001e+09);
INSERT INTO "sample" VALUES(32,10,0,4.59566846973411188316e-07);
INSERT INTO "sample" VALUES(32,11,0,4.59570336040122660046e-07);
INSERT INTO "sample" VALUES(32,12,0,1.78253454532905273441e+10);
INSERT INTO "sample" VALUES(32,13,0,2.2281681816613159179e+09);
INSERT INTO "sample" VALUES(32,14,0,3.14483478646482072843e-05);
INSERT INTO "sample" VALUES(32,15,0,3.14468029950083197057e-05);
INSERT INTO "sample" VALUES(32,16,0,1.66722194330286102299e+10);
INSERT INTO "sample" VALUES(32,17,0,2.08402742912857627858e+09);
INSERT INTO "sample" VALUES(33,10,0,4.62871934568310286744e-07);
INSERT INTO "sample" VALUES(33,11,0,4.62838990596420643769e-07);
INSERT INTO "sample" VALUES(33,12,0,1.769945956680027771e+10);
INSERT INTO "sample" VALUES(33,13,0,2.21243244585003471375e+09);
INSERT INTO "sample" VALUES(33,14,0,3.12187593944017365899e-05);
INSERT INTO "sample" VALUES(33,15,0,3.12162947612732176493e-05);
INSERT INTO "sample" VALUES(33,16,0,1.67953309003997859954e+10);
INSERT INTO "sample" VALUES(33,17,0,2.09941636254997324954e+09);
INSERT INTO "sample" VALUES(34,10,0,4.55854830204838923964e-07);
INSERT INTO "sample" VALUES(34,11,0,4.55843763722895427455e-07);
INSERT INTO "sample" VALUES(34,12,0,1.79710695899305229186e+10);
INSERT INTO "sample" VALUES(34,13,0,2.24638369874131536493e+09);
INSERT INTO "sample" VALUES(34,14,0,3.10939192256835626867e-05);
INSERT INTO "sample" VALUES(34,15,0,3.1090507565643088711e-05);
INSERT INTO "sample" VALUES(34,16,0,1.68632821092753829961e+10);
INSERT INTO "sample" VALUES(34,17,0,2.10791026365942287435e+09);
INSERT INTO "sample" VALUES(35,10,0,4.64758312448206906868e-07);
INSERT INTO "sample" VALUES(35,11,0,4.64708709578061723377e-07);
INSERT INTO "sample" VALUES(35,12,0,1.76282471818486709594e+10);
INSERT INTO "sample" VALUES(35,13,0,2.20353089773108386999e+09);
INSERT INTO "sample" VALUES(35,14,0,3.09407806015181560069e-05);
INSERT INTO "sample" VALUES(35,15,0,3.09410119853512430168e-05);
INSERT INTO "sample" VALUES(35,16,0,1.69447592809252548223e+10);
INSERT INTO "sample" VALUES(35,17,0,2.11809491011565685278e+09);
INSERT INTO "sample" VALUES(36,10,0,4.60438425847302531916e-07);
INSERT INTO "sample" VALUES(36,10,1,4.59156321843227213652e-07);
INSERT INTO "sample" VALUES(36,10,2,4.59034610187342401697e-07);
INSERT INTO "sample" VALUES(36,10,3,4.5944693188396420495e-07);
INSERT INTO "sample" VALUES(36,10,4,4.60028503590691653906e-07);
INSERT INTO "sample" VALUES(36,11,0,4.60388843028483541169e-07);
INSERT INTO "sample" VALUES(36,11,1,4.59099562474988522661e-07);
INSERT INTO "sample" VALUES(36,11,2,4.5893906798633017155e-07);
INSERT INTO "sample" VALUES(36,11,3,4.59416835922259929238e-07);
INSERT INTO "sample" VALUES(36,11,4,4.6001117003196443948e-07);
INSERT INTO "sample" VALUES(36,12,0,1.77936544815295944214e+10);
INSERT INTO "sample" VALUES(36,12,1,1.7843624062365112305e+10);
INSERT INTO "sample" VALUES(36,12,2,1.78498641136474456791e+10);
INSERT INTO "sample" VALUES(36,12,3,1.78313012485815963747e+10);
INSERT INTO "sample" VALUES(36,12,4,1.7808263219849136353e+10);
INSERT INTO "sample" VALUES(36,13,0,2.22420681019119930257e+09);
INSERT INTO "sample" VALUES(36,13,1,2.23045300779563903802e+09);
INSERT INTO "sample" VALUES(36,13,2,2.23123301420593070994e+09);
INSERT INTO "sample" VALUES(36,13,3,2.22891265607269954684e+09);
INSERT INTO "sample" VALUES(36,13,4,2.22603290248114204412e+09);
INSERT INTO "sample" VALUES(36,14,0,3.12926360285269221199e-05);
INSERT INTO "sample" VALUES(36,14,1,3.13383765914258398703e-05);
INSERT INTO "sample" VALUES(36,14,2,3.14607951753371702964e-05);
INSERT INTO "sample" VALUES(36,14,3,3.15604613581244565164e-05);
INSERT INTO "sample" VALUES(36,14,4,3.14365753852632407111e-05);
INSERT INTO "sample" VALUES(36,15,0,3.12901946616037717288e-05);
INSERT INTO "sample" VALUES(36,15,1,3.13373020996202507814e-05);
INSERT INTO "sample" VALUES(36,15,2,3.14579299754299911541e-05);
INSERT INTO "sample" VALUES(36,15,3,3.15509210408755744105e-05);
INSERT INTO "sample" VALUES(36,15,4,3.14368005360732578738e-05);
INSERT INTO "sample" VALUES(36,16,0,1.67556643756951255796e+10);
INSERT INTO "sample" VALUES(36,16,1,1.67304766164395942685e+10);
INSERT INTO "sample" VALUES(36,16,2,1.66663223044075603485e+10);
INSERT INTO "sample" VALUES(36,16,3,1.66172011055006084443e+10);
INSERT INTO "sample" VALUES(36,16,4,1.66775241455754184719e+10);
INSERT INTO "sample" VALUES(36,17,0,2.09445804696189069745e+09);
INSERT INTO "sample" VALUES(36,17,1,2.09130957705494928368e+09);
INSERT INTO "sample" VALUES(36,17,2,2.08329028805094504362e+09);
INSERT INTO "sample" VALUES(36,17,3,2.07715013818757605543e+09);
INSERT INTO "sample" VALUES(36,17,4,2.0846905181969273091e+09);
INSERT INTO "sample" VALUES(37,10,0,9.15164929203546341669e-07);
INSERT INTO "sample" VALUES(37,11,0,4.58295388650997302833e-07);
INSERT INTO "sample" VALUES(37,12,0,1.78749343826332931519e+10);
INSERT INTO "sample" VALUES(37,13,0,2.23436679782916164404e+09);
INSERT INTO "sample" VALUES(37,14,0,6.29287409612077730351e-05);
INSERT INTO "sample" VALUES(37,15,0,3.14614117448910873961e-05);
INSERT INTO "sample" VALUES(37,16,0,16664477876.9388);
INSERT INTO "sample" VALUES(37,17,0,2083059734.61735);
INSERT INTO "sample" VALUES(38,10,0,9.14155903672863268897e-07);
INSERT INTO "sample" VALUES(38,11,0,4.5772724347734310246e-07);
INSERT INTO "sample" VALUES(38,12,0,1.78971213025590705865e+10);
INSERT INTO "sample" VALUES(38,13,0,2.23714016281988382342e+09);
INSERT INTO "sample" VALUES(38,14,0,6.2211839388590458753e-05);
INSERT INTO "sample" VALUES(38,15,0,3.11757719317678274077e-05);
INSERT INTO "sample" VALUES(38,16,0,1.68171617738117752075e+10);
INSERT INTO "sample" VALUES(38,17,0,2.10214522172647190088e+09);
INSERT INTO "sample" VALUES(39,10,0,9.1942521663195e-07);
INSERT INTO "sample" VALUES(39,11,0,4.59400209977030708199e-07);
INSERT INTO "sample" VALUES(39,12,0,1.78319465731406326296e+10);
INSERT INTO "sample" VALUES(39,13,0,2.22899332164257907859e+09);
INSERT INTO "sample" VALUES(39,14,0,6.23072621110623e-05);
INSERT INTO "sample" VALUES(39,15,0,3.11913038888888928599e-05);
INSERT INTO "sample" VALUES(39,16,0,1.68087875347450408933e+10);
INSERT INTO "sample" VALUES(39,17,0,2101098441.84313);
INSERT INTO "sample" VALUES(40,10,0,9.05006726615761887804e-07);
INSERT INTO "sample" VALUES(40,11,0,4.54134190903225281373e-07);
INSERT INTO "sample" VALUES(40,12,0,1.80387210742863731381e+10);
INSERT INTO "sample" VALUES(40,13,0,2.25484013428579664227e+09);
INSERT INTO "sample" VALUES(40,14,0,6.1786630810426159603e-05);
INSERT INTO "sample" VALUES(40,15,0,3.10250059079255450524e-05);
INSERT INTO "sample" VALUES(40,16,0,1.68988847755889434821e+10);
INSERT INTO "sample" VALUES(40,17,0,2.11236059694861793515e+09);
INSERT INTO "sample" VALUES(41,10,0,9.28323065116884397259e-07);
INSERT INTO "sample" VALUES(41,11,0,4.65613361751897238431e-07);
INSERT INTO "sample" VALUES(41,12,0,1.75939968070871620179e+10);
INSERT INTO "sample" VALUES(41,13,0,2.19924960088589525213e+09);
INSERT INTO "sample" VALUES(41,14,0,6.16679985734132661079e-05);
INSERT INTO "sample" VALUES(41,15,0,3.09334267529902355174e-05);
INSERT INTO "sample" VALUES(41,16,0,1.69489143309775352475e+10);
INSERT INTO "sample" VALUES(41,17,0,2.11861429137219190593e+09);
INSERT INTO "sample" VALUES(42,10,0,9.46662095863371376349e-07);
INSERT INTO "sample" VALUES(42,10,1,9.17658701150354197059e-07);
INSERT INTO "sample" VALUES(42,10,2,9.10088081647680929766e-07);
INSERT INTO "sample" VALUES(42,10,3,9.2139797602077342549e-07);
INSERT INTO "sample" VALUES(42,10,4,9.23978918291099e-07);
INSERT INTO "sample" VALUES(42,11,0,4.73191368502201284949e-07);
INSERT INTO "sample" VALUES(42,11,1,4.57712020801071201546e-07);
INSERT INTO "sample" VALUES(42,11,2,4.5704611602886187913e-07);
INSERT INTO "sample" VALUES(42,11,3,4.59155254028686126647e-07);
INSERT INTO "sample" VALUES(42,11,4,4.63905286149976158957e-07);
INSERT INTO "sample" VALUES(42,12,0,1.73122346376060142524e+10);
INSERT INTO "sample" VALUES(42,12,1,1.78977165285339355474e+10);
INSERT INTO "sample" VALUES(42,12,2,1.79237930543592796327e+10);
INSERT INTO "sample" VALUES(42,12,3,1.78414597853827400211e+10);
INSERT INTO "sample" VALUES(42,12,4,1.76587770059416961673e+10);
INSERT INTO "sample" VALUES(42,13,0,2.16402932970075178144e+09);
INSERT INTO "sample" VALUES(42,13,1,2.23721456606674194331e+09);
INSERT INTO "sample" VALUES(42,13,2,2240474131.79491);
INSERT INTO "sample" VALUES(42,13,3,2.23018247317284250253e+09);
INSERT INTO "sample" VALUES(42,13,4,2.20734712574271202097e+09);
INSERT INTO "sample" VALUES(42,14,0,6.21930917235796786382e-05);
INSERT INTO "sample" VALUES(42,14,1,6.19533476312746588226e-05);
INSERT INTO "sample" VALUES(42,14,2,6.18651860231161e-05);
INSERT INTO "sample" VALUES(42,14,3,6.20041098667526157121e-05);
INSERT INTO "sample" VALUES(42,14,4,6.13486945906457e-05);
INSERT INTO "sample" VALUES(42,15,0,3.12705223429275550907e-05);
INSERT INTO "sample" VALUES(42,15,1,3.10348247284130188388e-05);
INSERT INTO "sample" VALUES(42,15,2,3.09561784074364543598e-05);
INSERT INTO "sample" VALUES(42,15,3,3.10919277634673805132e-05);
INSERT INTO "sample" VALUES(42,15,4,3.08860453578228532083e-05);
INSERT INTO "sample" VALUES(42,16,0,1.6766205381873903274e+10);
INSERT INTO "sample" VALUES(42,16,1,1.68935382940959091186e+10);
INSERT INTO "sample" VALUES(42,16,2,1.69364575012932739262e+10);
INSERT INTO "sample" VALUES(42,16,3,1.68625118387169227601e+10);
INSERT INTO "sample" VALUES(42,16,4,1.69749151736969699859e+10);
INSERT INTO "sample" VALUES(42,17,0,2.09577567273423790925e+09);
INSERT INTO "sample" VALUES(42,17,1,2.11169228676198863993e+09);
INSERT INTO "sample" VALUES(42,17,2,2.11705718766165924067e+09);
INSERT INTO "sample" VALUES(42,17,3,2.10781397983961534502e+09);
INSERT INTO "sample" VALUES(42,17,4,2.1218643967121212483e+09);
CREATE TABLE source (
	id          INTEGER PRIMARY KEY,
	sha256      TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64), -- content hash: re-import is a no-op
	path        TEXT NOT NULL,            -- as given on the command line
	format      TEXT NOT NULL,            -- adapter that read it ('native', 'fio', ...)
	size        INTEGER NOT NULL CHECK (size >= 0), -- bytes
	imported_at TEXT NOT NULL             -- UTC, ISO 8601
);
INSERT INTO "source" VALUES(1,'5c856247c07431eee0b1ee6abf61a79ebbf27d9ddb127fddc1db4019346b19ca','tests/data/native-sysbench/sysbench-baseline.json','native',6260,'2026-11-29T23:06:46Z');
INSERT INTO "source" VALUES(2,'e1a468287bad01515caeb85d8758001a182cfc9f2369d4a060ccc11c1c56df0f','tests/data/native-sysbench/sysbench-constrained.json','native',6265,'2026-11-29T23:06:46Z');
INSERT INTO "source" VALUES(3,'e02b22ba33c1e0a4a8711e4b1c319a14372d7113392f7398561b64cb39035d47','examples/samples/gbench/baseline/BM_Sum-r1.json','gbench',1729,'2026-11-29T23:06:46Z');
INSERT INTO "source" VALUES(4,'9083b721e21146226e4bdf51c00f6fb29134f1e5da4bcabf455aaf2eaa9e5b6d','examples/samples/gbench/baseline/BM_Sum-r2.json','gbench',1729,'2026-11-29T23:06:46Z');
INSERT INTO "source" VALUES(5,'2cdbf53a07605d0b1497fbef3707ed5ca6a5a9f82b0a01b5337bca8bf66c3399','examples/samples/gbench/baseline/BM_Sum-r3.json','gbench',1729,'2026-11-29T23:06:46Z');
INSERT INTO "source" VALUES(6,'ef0708ed358ef625dff50882c644e340f5d26333a7222fcfe0a22d808d6c59c1','examples/samples/gbench/baseline/BM_Sum-r4.json','gbench',1729,'2026-11-29T23:06:46Z');
INSERT INTO "source" VALUES(7,'a0b5ad542f3a0ef0030ad6698f80800f3d189c270ffacf8f7380e6ae001e64b7','examples/samples/gbench/baseline/BM_Sum-r5.json','gbench',1729,'2026-11-29T23:06:46Z');
INSERT INTO "source" VALUES(8,'3a92c035ec200fbd8c1f0878065e3977bc4da63bef8f6b410972ed2b204a8a82','examples/samples/gbench/baseline/BM_Sum-reps5.json','gbench',9702,'2026-11-29T23:06:46Z');
INSERT INTO "source" VALUES(9,'073aab9de1bb32f5a7e36f04877c78c2398a4aaa2cfb8dde58c499bd8cb4b278','examples/samples/gbench/constrained/BM_Sum-r1.json','gbench',1731,'2026-11-29T23:06:46Z');
INSERT INTO "source" VALUES(10,'7ab693636b2bd106cb6bf550da310623ae9ff577dc4d4a1231caabe5285f749c','examples/samples/gbench/constrained/BM_Sum-r2.json','gbench',1731,'2026-11-29T23:06:46Z');
INSERT INTO "source" VALUES(11,'c69559d716d3e1b8decf330b25bed90b222720367fb833ecb2eec90dd9f01d63','examples/samples/gbench/constrained/BM_Sum-r3.json','gbench',1731,'2026-11-29T23:06:46Z');
INSERT INTO "source" VALUES(12,'618bc44e2a1ca89f7b857aa74f639396965a35fdb113a46f97add90eb2c548ea','examples/samples/gbench/constrained/BM_Sum-r4.json','gbench',1731,'2026-11-29T23:06:46Z');
INSERT INTO "source" VALUES(13,'1369482215d680396c810650d127b544653a0c864cbe9cc1439912be5f220843','examples/samples/gbench/constrained/BM_Sum-r5.json','gbench',1731,'2026-11-29T23:06:46Z');
INSERT INTO "source" VALUES(14,'851f9d0909d65ef9e6eb08579d3907dd5e9e4289389c759c123da21106e78110','examples/samples/gbench/constrained/BM_Sum-reps5.json','gbench',9701,'2026-11-29T23:06:46Z');
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
