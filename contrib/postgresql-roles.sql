-- postgresql-roles.sql - kvperf's two roles on a PostgreSQL database.
--
-- Run it once, as the role that owns (or will own) kvperf's tables, on the
-- database kvperf uses (psql -v ON_ERROR_STOP=1 -f postgresql-roles.sql
-- "postgresql://owner@host/kvperf"); it needs CREATEROLE to make the two
-- group roles, which a superuser may make beforehand instead.  Before or
-- after the owner's first import made the tables: the default privileges
-- below cover the tables the owner makes later (a newer kvperf's
-- migration, which only the owner can run).
--
--   kvperf_writer  imports and pushes (CI jobs): reads, and adds rows; it
--                  can change or delete nothing already there.
--   kvperf_reader  compare, report, trend, runs, pull (people): reads only;
--                  an import is refused ("permission denied for table
--                  source") and changes nothing.
--
-- Then give each job or person a login in one of them:
--   CREATE ROLE nightly_ci LOGIN PASSWORD '...' IN ROLE kvperf_writer;
--   CREATE ROLE alice LOGIN PASSWORD '...' IN ROLE kvperf_reader;
-- Neither may create tables: a database without kvperf's tables is set up
-- by the owner (its first import makes them).
CREATE ROLE kvperf_reader NOLOGIN;
CREATE ROLE kvperf_writer NOLOGIN;
GRANT CONNECT ON DATABASE :"DBNAME" TO kvperf_reader, kvperf_writer;
GRANT USAGE ON SCHEMA public TO kvperf_reader, kvperf_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO kvperf_reader;
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO kvperf_writer;
-- a run's id is taken from its sequence before its row is written
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO kvperf_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO kvperf_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO kvperf_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO kvperf_writer;
