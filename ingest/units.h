/*
 * units.h - canonical units.  Samples are stored in one unit per kind of
 * quantity (s, bytes, bytes/s, bits/s, ops/s, percent), so two files that
 * write the same metric in ms and in us compare correctly.  Each known unit
 * also has a domain (a time cannot be negative, a percentage lies in 0 to
 * 100), which the sink checks.  The table is written out for users in
 * docs/formats.md.
 */
#ifndef INGEST_UNITS_H
#define INGEST_UNITS_H

#include <stdbool.h>

/* Looks unit up.  A known unit gives its canonical name and the factor that
 * converts a value to it (ms -> "s", 1e-3) and returns true; an unknown one
 * gives itself and 1 and returns false (it is stored as written). */
bool kv_unit_canon(const char *unit, const char **canon, double *scale);

/* What values a unit allows. */
enum kv_domain {
	KV_DOMAIN_ANY,     /* a unit kvperf does not know: any finite value */
	KV_DOMAIN_NONNEG,  /* times, sizes, rates, counts: 0 or more */
	KV_DOMAIN_PERCENT, /* a share of a whole: 0 to 100 */
};

/* Looks up the domain of unit (as written, since "%" and "%cpu" share a
 * canonical unit but not a domain); *what names the quantity for messages
 * ("a time", "a percentage"), or is NULL for KV_DOMAIN_ANY. */
enum kv_domain kv_unit_domain(const char *unit, const char **what);

/* Returns the direction a unit suggests ("higher" for rates, "lower" for
 * times), or NULL when it suggests none. */
const char *kv_unit_direction(const char *canon);

#endif
