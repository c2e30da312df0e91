/*
 * units.h - canonical units.  Samples are stored in one unit per kind of
 * quantity (s, bytes, bytes/s, bits/s, ops/s, percent), so two files that
 * write the same metric in ms and in us compare correctly.  The table is
 * written out for users in docs/formats.md.
 */
#ifndef INGEST_UNITS_H
#define INGEST_UNITS_H

#include <stdbool.h>

/* Looks unit up.  A known unit gives its canonical name and the factor that
 * converts a value to it (ms -> "s", 1e-3) and returns true; an unknown one
 * gives itself and 1 and returns false (it is stored as written). */
bool kv_unit_canon(const char *unit, const char **canon, double *scale);

/* Returns the direction a unit suggests ("higher" for rates, "lower" for
 * times), or NULL when it suggests none. */
const char *kv_unit_direction(const char *canon);

#endif
