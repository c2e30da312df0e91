/*
 * sim_trend.c - a simulation with known truth for kvperf trend (issue #16):
 * synthetic histories whose change points are known go through kv_trend()
 * all at once, as `kvperf trend` runs them (so the adjustment across series
 * is part of what is measured), and the program reports precision, recall,
 * position error, the direction of the verdicts and the false-alarm rate on
 * step-free series, for the default method and the alternatives
 * docs/trend.md compares.  Output is markdown; a fixed seed makes it
 * reproducible.
 *
 * The histories: N series of R runs (default 1,000 x 60), each run one
 * value level x (1 + cv z), z standard normal, cv uniform in 2-10%.  Half
 * are step-free; of the other half 70% have one step and 30% two, each of
 * 5-20% (up or down: the level is multiplied or divided by 1 + s) at a
 * random place at least 5 runs from either end (two steps at least 10
 * apart).  A fifth of each half has one or two outlier runs, moved by
 * 5-8 standard deviations.  A detected change point matches a true one
 * within +-3 runs (each matched once).
 *
 * --quick (the test): 400 series, and exit 1 when the default's false-alarm
 * rate on step-free series is above 5% or its recall below 50%.
 *
 * usage: sim_trend [--quick] [--seed N] [--series N] [--runs N] [--threads N]
 */
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/trend.h"
#include "util/xalloc.h"

#define LIT(s)   ((char *)(uintptr_t)(s))
#define TOL      3
#define MAXSTEPS 2

struct truth {
	size_t nsteps;
	size_t at[MAXSTEPS];   /* first run of the new level */
	double size[MAXSTEPS]; /* s: the level times (1 + s), or divided by it when down */
	bool up[MAXSTEPS];
	double cv;
	size_t noutliers;
	bool higher;
};

static double normal(struct kv_rng *r)
{
	/* Box-Muller */
	double u = kv_rng_double(r), v = kv_rng_double(r);
	return sqrt(-2 * log1p(-u)) * cos(2 * M_PI * v);
}

static double uniform(struct kv_rng *r, double a, double b)
{
	return a + (b - a) * kv_rng_double(r);
}

struct data {
	struct kv_series *s;
	struct truth *t;
	double *x;
	size_t *off;
	int64_t *ids;
	struct kv_trend_run *runs;
	char (*times)[32];
	size_t n, nruns;
};

static void make(struct data *d, size_t n, size_t R, uint64_t seed)
{
	struct kv_rng rng;

	kv_rng_seed(&rng, seed);
	d->n = n;
	d->nruns = R;
	d->s = kv_xcalloc(n, sizeof(*d->s));
	d->t = kv_xcalloc(n, sizeof(*d->t));
	d->x = kv_xmalloc(n * R * sizeof(*d->x));
	d->off = kv_xmalloc((R + 1) * sizeof(*d->off));
	d->ids = kv_xmalloc(R * sizeof(*d->ids));
	d->runs = kv_xcalloc(R, sizeof(*d->runs));
	d->times = kv_xmalloc(R * sizeof(*d->times));
	for (size_t j = 0; j <= R; j++) {
		d->off[j] = j;
	}
	for (size_t j = 0; j < R; j++) {
		d->ids[j] = (int64_t)j + 1;
		snprintf(d->times[j], sizeof(d->times[j]), "2026-01-01T%02u:%02u:00Z",
			 (unsigned)(j / 60 % 24), (unsigned)(j % 60));
		d->runs[j].id = d->ids[j];
		d->runs[j].start_time = d->times[j];
	}
	for (size_t i = 0; i < n; i++) {
		struct truth *t = &d->t[i];
		double *x = d->x + i * R;
		t->cv = uniform(&rng, 0.02, 0.10);
		t->higher = i % 2 == 1;
		if (i >= n / 2) {
			t->nsteps = kv_rng_double(&rng) < 0.3 ? 2 : 1;
			if (t->nsteps == 1) {
				t->at[0] = 5 + kv_rng_bounded(&rng, R - 9);
			} else {
				t->at[0] = 5 + kv_rng_bounded(&rng, (R - 10) / 2 - 4);
				t->at[1] = t->at[0] + 10 +
					   kv_rng_bounded(&rng, R - 5 - (t->at[0] + 10) + 1);
			}
			for (size_t k = 0; k < t->nsteps; k++) {
				t->size[k] = uniform(&rng, 0.05, 0.20);
				t->up[k] = kv_rng_double(&rng) < 0.5;
			}
		}
		double level = 100;
		size_t k = 0;
		for (size_t j = 0; j < R; j++) {
			while (k < t->nsteps && t->at[k] == j) {
				level =
				    t->up[k] ? level * (1 + t->size[k]) : level / (1 + t->size[k]);
				k++;
			}
			x[j] = level * (1 + t->cv * normal(&rng));
		}
		if (kv_rng_double(&rng) < 0.2) {
			t->noutliers = 1 + kv_rng_bounded(&rng, 2);
			for (size_t o = 0; o < t->noutliers; o++) {
				size_t j = kv_rng_bounded(&rng, R);
				double sd =
				    uniform(&rng, 5, 8) * (kv_rng_double(&rng) < 0.5 ? -1 : 1);
				x[j] += sd * t->cv * x[j];
			}
		}
		struct kv_series *s = &d->s[i];
		s->config = LIT("sim");
		s->tool = LIT("sim");
		s->benchmark = LIT("history");
		s->params = LIT("");
		s->metric = LIT(t->higher ? "throughput" : "latency");
		s->unit = LIT(t->higher ? "ops/s" : "s");
		s->direction = LIT(t->higher ? "higher" : "lower");
		s->kind = LIT("sample");
		s->metric_id = (int64_t)i;
		s->n_runs = R;
		s->run_off = d->off;
		s->run_id = d->ids;
		s->run_mean = x;
	}
	kv_trend_order_runs(d->runs, R, KV_TREND_BY_TIME, NULL);
}

static void release(struct data *d)
{
	free(d->s);
	free(d->t);
	free(d->x);
	free(d->off);
	free(d->ids);
	free(d->runs);
	free(d->times);
}

struct score {
	size_t truths, detections, matched, null_series, null_alarms, null_out, null_out_alarms;
	size_t wrong_dir;  /* matched, with a verdict against the true direction */
	size_t no_verdict; /* change points with verdict ~ */
	double abs_err;
	size_t exact;
	size_t truths2, found2; /* the true change points of series with two steps */
	/* recall by signal to noise s / cv: < 1, 1-2, 2-4, >= 4 */
	size_t snr_truths[4], snr_found[4];
	double secs;
};

static size_t snr_band(double s, double cv)
{
	double r = s / cv;
	return r < 1 ? 0 : r < 2 ? 1 : r < 4 ? 2 : 3;
}

static void score(const struct data *d, const struct kv_trend_result *r, struct score *sc)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct truth *t = &d->t[i];
		const struct kv_trend_series *ts = &r->s[i];
		bool used[64] = {false};
		sc->detections += ts->nchanges;
		for (size_t j = 0; j < ts->nchanges; j++) {
			sc->no_verdict += ts->changes[j].verdict == KV_SAME;
		}
		if (t->nsteps == 0) {
			sc->null_series++;
			sc->null_alarms += ts->nchanges > 0;
			if (t->noutliers > 0) {
				sc->null_out++;
				sc->null_out_alarms += ts->nchanges > 0;
			}
		}
		for (size_t k = 0; k < t->nsteps; k++) {
			size_t best = SIZE_MAX, err = TOL + 1;
			sc->truths++;
			sc->truths2 += t->nsteps == 2;
			size_t band = snr_band(t->size[k], t->cv);
			sc->snr_truths[band]++;
			for (size_t j = 0; j < ts->nchanges && j < 64; j++) {
				size_t at = ts->changes[j].index;
				size_t e = at > t->at[k] ? at - t->at[k] : t->at[k] - at;
				if (!used[j] && e < err) {
					err = e;
					best = j;
				}
			}
			if (best == SIZE_MAX) {
				continue;
			}
			used[best] = true;
			sc->matched++;
			sc->found2 += t->nsteps == 2;
			sc->snr_found[band]++;
			sc->abs_err += (double)err;
			sc->exact += err == 0;
			/* up is worse for a lower-is-better metric */
			enum kv_verdict want = t->up[k] != t->higher ? KV_WORSE : KV_BETTER;
			enum kv_verdict got = ts->changes[best].verdict;
			sc->wrong_dir += got != KV_SAME && got != want;
		}
	}
}

struct variant {
	const char *name;
	enum kv_trend_method method;
	size_t min_segment;
	enum kv_adjust adjust;
};

static const struct variant variants[] = {
    {"max-t, min segment 3, BH (default)", KV_TREND_MAXT, 3, KV_ADJ_BH},
    {"max-t, min segment 5, BH", KV_TREND_MAXT, 5, KV_ADJ_BH},
    {"max-t, min segment 3, no adjustment", KV_TREND_MAXT, 3, KV_ADJ_NONE},
    {"max-t on the pooled t's n - 2 df, min segment 3, BH", KV_TREND_EXACT_DF, 3, KV_ADJ_BH},
    {"naive split p, min segment 3, BH", KV_TREND_NAIVE, 3, KV_ADJ_BH},
    {"naive split p, min segment 3, no adjustment", KV_TREND_NAIVE, 3, KV_ADJ_NONE},
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	size_t n = 1000, R = 60;
	uint64_t seed = 16;
	int threads = 0;
	bool quick = false;
	struct score sc[sizeof(variants) / sizeof(variants[0])] = {0};
	size_t nv = sizeof(variants) / sizeof(variants[0]);

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			quick = true;
			n = 400;
		} else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0) {
			seed = strtoull(argv[++i], NULL, 10);
		} else if (i + 1 < argc && strcmp(argv[i], "--series") == 0) {
			n = strtoull(argv[++i], NULL, 10);
		} else if (i + 1 < argc && strcmp(argv[i], "--runs") == 0) {
			R = strtoull(argv[++i], NULL, 10);
		} else if (i + 1 < argc && strcmp(argv[i], "--threads") == 0) {
			threads = atoi(argv[++i]);
		} else {
			fputs("usage: sim_trend [--quick] [--seed N] [--series N] [--runs N] "
			      "[--threads N]\n",
			      stderr);
			return 2;
		}
	}
	if (n < 2 || R < 30) {
		fputs("sim_trend: at least 2 series of 30 runs\n", stderr);
		return 2;
	}
	struct data d;
	make(&d, n, R, seed);
	for (size_t v = 0; v < nv; v++) {
		struct kv_trend_opts o;
		struct kv_trend_result r;
		struct kv_error err;
		kv_trend_opts_init(&o);
		o.method = variants[v].method;
		o.min_segment = variants[v].min_segment;
		o.adjust = variants[v].adjust;
		o.threads = threads;
		double t0 = now();
		if (kv_trend(d.s, d.n, d.runs, d.nruns, &o, &r, &err) < 0) {
			fprintf(stderr, "sim_trend: %s\n", err.msg);
			release(&d);
			return 1;
		}
		sc[v].secs = now() - t0;
		score(&d, &r, &sc[v]);
		kv_trend_result_release(&r);
	}
	printf("%zu series of %zu runs (seed %" PRIu64 "): %zu step-free (%zu with outlier runs), "
	       "%zu true change points; a detection within +-%d runs matches\n\n",
	       n, R, seed, sc[0].null_series, sc[0].null_out, sc[0].truths, TOL);
	printf("| method | false alarms (step-free series) | with outliers | precision | recall "
	       "| mean position error | exact | wrong direction | verdict ~ | time |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
	for (size_t v = 0; v < nv; v++) {
		const struct score *s = &sc[v];
		printf("| %s | %.1f%% (%zu/%zu) | %.1f%% (%zu/%zu) | %.1f%% | %.1f%% | %.2f runs | "
		       "%.0f%% | %zu | %zu | %.2f s |\n",
		       variants[v].name, 100.0 * (double)s->null_alarms / (double)s->null_series,
		       s->null_alarms, s->null_series,
		       s->null_out ? 100.0 * (double)s->null_out_alarms / (double)s->null_out : 0.0,
		       s->null_out_alarms, s->null_out,
		       s->detections ? 100.0 * (double)s->matched / (double)s->detections : 100.0,
		       100.0 * (double)s->matched / (double)s->truths,
		       s->matched ? s->abs_err / (double)s->matched : 0.0,
		       s->matched ? 100.0 * (double)s->exact / (double)s->matched : 0.0,
		       s->wrong_dir, s->no_verdict, s->secs);
	}
	printf("\nRecall by the step's size over the noise (s / cv), and on the series with "
	       "two steps, per method:\n\n");
	printf("| method | s/cv < 1 | 1-2 | 2-4 | >= 4 | two-step series |\n"
	       "|---|---:|---:|---:|---:|---:|\n");
	for (size_t v = 0; v < nv; v++) {
		printf("| %s", variants[v].name);
		for (int b = 0; b < 4; b++) {
			printf(" | %.0f%% (%zu)",
			       sc[v].snr_truths[b] ? 100.0 * (double)sc[v].snr_found[b] /
							 (double)sc[v].snr_truths[b]
						   : 0.0,
			       sc[v].snr_truths[b]);
		}
		printf(" | %.0f%% (%zu) |\n",
		       sc[v].truths2 ? 100.0 * (double)sc[v].found2 / (double)sc[v].truths2 : 0.0,
		       sc[v].truths2);
	}
	release(&d);
	if (quick) {
		double fa = (double)sc[0].null_alarms / (double)sc[0].null_series;
		double rec = (double)sc[0].matched / (double)sc[0].truths;
		if (fa > 0.05 || rec < 0.5 || sc[0].wrong_dir > 0) {
			fprintf(stderr,
				"sim_trend: the default's false alarms %.1f%% (at most 5%%), "
				"recall %.1f%% (at least 50%%), wrong directions %zu\n",
				100 * fa, 100 * rec, sc[0].wrong_dir);
			return 1;
		}
	}
	return 0;
}
