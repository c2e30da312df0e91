-- Version 2: a metric is a 'sample' (each value is one measurement) or a
-- 'summary' (each run contributes one summary value, such as its P50 or
-- average: comparisons then run across runs, not across the VMs or requests
-- a run summarised).
ALTER TABLE metric ADD COLUMN kind TEXT NOT NULL DEFAULT 'sample'
	CHECK (kind IN ('sample', 'summary'));
