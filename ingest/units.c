/* units.c - the table of units kvperf converts. */
#include "ingest/units.h"

#include <stddef.h>
#include <string.h>

#include "util/error.h"

struct unit {
	const char *name;  /* as written in input files */
	const char *canon; /* the canonical unit */
	double scale;      /* value * scale = value in canon */
};

/* Decimal prefixes are powers of 1000, binary ones (KiB) of 1024, as IEC
 * 80000-13 says; tools that write "KB" for 1024 bytes convert in their adapter. */
static const struct unit units[] = {
    {"s", "s", 1},
    {"sec", "s", 1},
    {"second", "s", 1},
    {"seconds", "s", 1},
    {"ms", "s", 1e-3},
    {"msec", "s", 1e-3},
    {"us", "s", 1e-6},
    {"usec", "s", 1e-6},
    {"\xc2\xb5s", "s", 1e-6}, /* µs, U+00B5 */
    {"\xce\xbcs", "s", 1e-6}, /* μs, U+03BC */
    {"ns", "s", 1e-9},
    {"nsec", "s", 1e-9},
    {"min", "s", 60},
    {"h", "s", 3600},
    {"B", "bytes", 1},
    {"byte", "bytes", 1},
    {"bytes", "bytes", 1},
    {"kB", "bytes", 1e3},
    {"KB", "bytes", 1e3},
    {"MB", "bytes", 1e6},
    {"GB", "bytes", 1e9},
    {"TB", "bytes", 1e12},
    {"KiB", "bytes", 1024.0},
    {"MiB", "bytes", 1048576.0},
    {"GiB", "bytes", 1073741824.0},
    {"TiB", "bytes", 1099511627776.0},
    {"B/s", "bytes/s", 1},
    {"bytes/s", "bytes/s", 1},
    {"kB/s", "bytes/s", 1e3},
    {"KB/s", "bytes/s", 1e3},
    {"MB/s", "bytes/s", 1e6},
    {"GB/s", "bytes/s", 1e9},
    {"KiB/s", "bytes/s", 1024.0},
    {"MiB/s", "bytes/s", 1048576.0},
    {"GiB/s", "bytes/s", 1073741824.0},
    {"bit/s", "bits/s", 1},
    {"bits/s", "bits/s", 1},
    {"bps", "bits/s", 1},
    {"kbit/s", "bits/s", 1e3},
    {"Kbit/s", "bits/s", 1e3},
    {"kbps", "bits/s", 1e3},
    {"Mbit/s", "bits/s", 1e6},
    {"Mbps", "bits/s", 1e6},
    {"Gbit/s", "bits/s", 1e9},
    {"Gbps", "bits/s", 1e9},
    {"ops/s", "ops/s", 1},
    {"op/s", "ops/s", 1},
    {"IOPS", "ops/s", 1},
    {"iops", "ops/s", 1},
    {"1/s", "ops/s", 1},
    {"events/s", "ops/s", 1},
    {"Mop/s", "ops/s", 1e6},
    {"Mops/s", "ops/s", 1e6},
    {"%", "percent", 1},
    {"percent", "percent", 1},
    {"%cpu", "percent", 1},
    {"%CPU", "percent", 1},
    {"", "count", 1},
    {"count", "count", 1},
};

/* What values a unit allows: by its canonical unit, except that a
 * percentage of one CPU ("%cpu", as top and pidstat write it) exceeds 100
 * when a task runs on several CPUs.  Units not listed (stored as written:
 * "degC", "delta", "bogo-ops/s") allow any finite value. */
static const struct domain {
	const char *unit;      /* as written (looked up first), or canonical */
	enum kv_domain domain; /* the values it allows */
	const char *what;      /* the quantity, for messages */
} domains[] = {
    {"%cpu", KV_DOMAIN_NONNEG, "a CPU percentage"},
    {"%CPU", KV_DOMAIN_NONNEG, "a CPU percentage"},
    {"s", KV_DOMAIN_NONNEG, "a time"},
    {"bytes", KV_DOMAIN_NONNEG, "a size"},
    {"bytes/s", KV_DOMAIN_NONNEG, "a byte rate"},
    {"bits/s", KV_DOMAIN_NONNEG, "a bit rate"},
    {"ops/s", KV_DOMAIN_NONNEG, "a rate"},
    {"count", KV_DOMAIN_NONNEG, "a count"},
    {"cores", KV_DOMAIN_NONNEG, "a number of cores"},
    {"percent", KV_DOMAIN_PERCENT, "a percentage"},
};

static const struct domain *domain_of(const char *unit)
{
	for (size_t i = 0; i < ARRAY_SIZE(domains); i++) {
		if (strcmp(unit, domains[i].unit) == 0) {
			return &domains[i];
		}
	}
	return NULL;
}

enum kv_domain kv_unit_domain(const char *unit, const char **what)
{
	const struct domain *d = domain_of(unit);
	const char *canon;
	double scale;

	if (d == NULL) {
		kv_unit_canon(unit, &canon, &scale);
		d = domain_of(canon);
	}
	*what = d != NULL ? d->what : NULL;
	return d != NULL ? d->domain : KV_DOMAIN_ANY;
}

bool kv_unit_canon(const char *unit, const char **canon, double *scale)
{
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		if (strcmp(unit, units[i].name) == 0) {
			*canon = units[i].canon;
			*scale = units[i].scale;
			return true;
		}
	}
	*canon = unit;
	*scale = 1;
	return false;
}

const char *kv_unit_direction(const char *canon)
{
	if (strcmp(canon, "s") == 0) {
		return "lower";
	}
	if (strcmp(canon, "bytes/s") == 0 || strcmp(canon, "bits/s") == 0 ||
	    strcmp(canon, "ops/s") == 0) {
		return "higher";
	}
	return NULL;
}
