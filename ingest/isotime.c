/* isotime.c - ISO 8601 times checked against the calendar, stored in UTC. */
#include "ingest/isotime.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The first second of the years 0001 and 10000, in seconds since 1970. */
#define FIRST_SECOND (-62135596800.0)
#define END_SECOND   253402300800.0

/* A time as written, split into its fields. */
struct fields {
	int y, mo, d, h, mi, sec; /* as written */
	double frac;              /* the fraction of a second, 0 <= frac < 1 */
	bool has_time, has_sec, has_zone;
	int off_h, off_m, off_sign; /* the offset from UTC */
	const char *zone;           /* where the zone starts in the text */
	size_t zone_len;
};

/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar
 * (Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms"). */
static long long days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* The date of a day since 1970-01-01 (the same source). */
static void civil_from_days(long long z, long long *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Reads n digits at *p into *v and moves past them. */
static bool digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i])) {
			return false;
		}
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return true;
}

/* The syntax: false when s is not an ISO 8601 time of the forms above. */
static bool split(const char *s, struct fields *f)
{
	const char *p = s;

	memset(f, 0, sizeof(*f));
	if (!digits(&p, 4, &f->y) || *p++ != '-' || !digits(&p, 2, &f->mo) || *p++ != '-' ||
	    !digits(&p, 2, &f->d)) {
		return false;
	}
	if (*p == '\0') {
		return true;
	}
	if (*p != 'T' && *p != 't' && *p != ' ') {
		return false;
	}
	p++;
	if (!digits(&p, 2, &f->h) || *p++ != ':' || !digits(&p, 2, &f->mi)) {
		return false;
	}
	f->has_time = true;
	if (*p == ':') {
		p++;
		if (!digits(&p, 2, &f->sec)) {
			return false;
		}
		f->has_sec = true;
		if (*p == '.' || *p == ',') { /* ISO 8601 allows either mark */
			double scale = 0.1;
			p++;
			if (!isdigit((unsigned char)*p)) {
				return false;
			}
			for (; isdigit((unsigned char)*p); p++, scale /= 10) {
				f->frac += (*p - '0') * scale;
			}
		}
	}
	f->zone = p;
	if (*p == 'Z' || *p == 'z') {
		p++;
		f->has_zone = true;
	} else if (*p == '+' || *p == '-') {
		f->off_sign = *p++ == '-' ? -1 : 1;
		if (!digits(&p, 2, &f->off_h)) {
			return false;
		}
		if (*p == ':') {
			p++;
			if (!digits(&p, 2, &f->off_m)) {
				return false;
			}
		} else if (isdigit((unsigned char)*p) && !digits(&p, 2, &f->off_m)) {
			return false;
		}
		f->has_zone = true;
	}
	f->zone_len = (size_t)(p - f->zone);
	return *p == '\0';
}

/* Checks f against the calendar and gives seconds since 1970 (whole, and
 * the fraction apart); on failure writes the reason to why. */
static bool check(const struct fields *f, long long *whole, char *why, size_t size)
{
	if (f->mo < 1 || f->mo > 12) {
		snprintf(why, size, "there is no month %d", f->mo);
		return false;
	}
	if (f->d < 1 || f->d > days_in_month(f->y, f->mo)) {
		snprintf(why, size, "%04d-%02d has no day %d", f->y, f->mo, f->d);
		return false;
	}
	if (f->h > 23) {
		snprintf(why, size, "there is no hour %d", f->h);
		return false;
	}
	if (f->mi > 59) {
		snprintf(why, size, "there is no minute %d", f->mi);
		return false;
	}
	if (f->sec > 60) {
		snprintf(why, size, "there is no second %d", f->sec);
		return false;
	}
	if (f->off_h > 23 || f->off_m > 59) {
		snprintf(why, size, "there is no UTC offset %.*s", (int)f->zone_len, f->zone);
		return false;
	}
	long long off = f->off_sign * (f->off_h * 3600LL + f->off_m * 60LL);
	long long t = days_from_civil(f->y, f->mo, f->d) * 86400LL + f->h * 3600LL + f->mi * 60LL +
		      f->sec - off;
	if (f->sec == 60) {
		/* a leap second is the 61st second of 23:59 UTC: stored as 23:59:59 */
		long long minute = (((t - 60) % 86400 + 86400) % 86400) / 60;
		if (minute != 23 * 60 + 59) {
			snprintf(why, size,
				 "there is no second 60 at %02lld:%02lld UTC (a leap second is "
				 "23:59:60 UTC)",
				 minute / 60, minute % 60);
			return false;
		}
		t--;
	}
	if ((double)t < FIRST_SECOND) {
		snprintf(why, size, "it falls before year 1 in UTC");
		return false;
	}
	if ((double)t >= END_SECOND) {
		snprintf(why, size, "it falls after year 9999 in UTC");
		return false;
	}
	*whole = t;
	return true;
}

/* Reads s; on failure writes the whole message to msg. */
static bool parse(const char *s, bool rfc3339, long long *whole, double *frac, char *msg,
		  size_t size)
{
	struct fields f;
	char why[160];

	if (!split(s, &f) || (rfc3339 && (!f.has_sec || !f.has_zone))) {
		snprintf(msg, size, "expected %s, got \"%s\"",
			 rfc3339 ? "an RFC 3339 time"
				 : "an ISO 8601 time such as 2026-11-25T01:11:00Z",
			 s);
		return false;
	}
	if (!check(&f, whole, why, sizeof(why))) {
		snprintf(msg, size, "\"%s\" is not a valid time: %s", s, why);
		return false;
	}
	*frac = f.frac;
	return true;
}

static void format(long long t, char *out)
{
	long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	long long rest = t - days * 86400, y;
	char buf[96]; /* room for what the compiler cannot bound: y is 1 to 9999 */
	int m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(buf, sizeof(buf), "%04lld-%02d-%02dT%02lld:%02lld:%02lldZ", y, m, d, rest / 3600,
		 rest / 60 % 60, rest % 60);
	memcpy(out, buf, KV_TIME_SIZE - 1);
	out[KV_TIME_SIZE - 1] = '\0';
}

bool kv_time_syntax(const char *s)
{
	struct fields f;

	return split(s, &f);
}

bool kv_time_norm(const char *s, char *out, char *msg, size_t size)
{
	long long t;
	double frac;

	if (!parse(s, false, &t, &frac, msg, size)) {
		return false;
	}
	format(t, out);
	return true;
}

bool kv_time_epoch(const char *s, bool rfc3339, double *secs, char *msg, size_t size)
{
	long long t;
	double frac;

	if (!parse(s, rfc3339, &t, &frac, msg, size)) {
		return false;
	}
	*secs = (double)t + frac;
	return true;
}

bool kv_time_from_epoch(double secs, char *out)
{
	if (!(secs >= FIRST_SECOND && secs < END_SECOND)) {
		return false;
	}
	format((long long)floor(secs), out);
	return true;
}
