/*
 * isotime.h - reading the times that result files carry, and storing them
 * in one form.
 *
 * A run's start time is stored as "YYYY-MM-DDTHH:MM:SSZ": UTC, whole
 * seconds (a fraction is dropped), so that times from every format compare
 * and sort as text.  What is read is ISO 8601 as tools write it:
 * "YYYY-MM-DD", optionally "T" (or "t" or a space) and "HH:MM", ":SS",
 * ".fraction", and "Z" or an offset (+HH:MM, +HHMM or +HH).  A time
 * without an offset is taken as UTC.  Every field is checked against the
 * calendar: months 1 to 12, the days of that month (29 February in leap
 * years only), hours 0 to 23, minutes 0 to 59, seconds 0 to 59 (60 only for
 * a leap second, 23:59:60 UTC, stored as 23:59:59), offsets up to 23:59,
 * and the UTC result within the years 0001 to 9999.
 */
#ifndef INGEST_ISOTIME_H
#define INGEST_ISOTIME_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes of "YYYY-MM-DDTHH:MM:SSZ" and its NUL. */
#define KV_TIME_SIZE 21

/* Reads s and writes its stored form to out (KV_TIME_SIZE bytes).  On
 * failure returns false and writes to msg (size bytes) why, as the rest of
 * an error message: "\"2026-13-01\" is not a valid time: there is no month
 * 13", or "expected an ISO 8601 time such as 2026-11-25T01:11:00Z, got
 * \"yesterday\"". */
bool kv_time_norm(const char *s, char *out, char *msg, size_t size);

/* Whether s has the form of an ISO 8601 time above, whatever its values. */
bool kv_time_syntax(const char *s);

/* Reads s to seconds since 1970-01-01T00:00:00Z, its fraction kept.  With
 * rfc3339, the time of day with seconds and the offset are required, as
 * RFC 3339 says.  Fails as kv_time_norm() does. */
bool kv_time_epoch(const char *s, bool rfc3339, double *secs, char *msg, size_t size);

/* Writes the stored form of secs (seconds since 1970, the fraction
 * dropped) to out (KV_TIME_SIZE bytes); false when it falls outside the
 * years 0001 to 9999 (or is not finite). */
bool kv_time_from_epoch(double secs, char *out);

#endif
