/*
 * netperf.c - k8s-netperf results: the --json documents (an array, one per
 * scenario) and result-<time>.csv (read by header name: the columns moved
 * between releases).  One run per file; one benchmark per profile
 * (TCP_STREAM, UDP_STREAM, TCP_RR, TCP_CRR) and scenario parameters.
 *
 * Every value is a per-run summary: k8s-netperf averages its own samples
 * (throughput, the P99 latency of each sample, retransmits, UDP loss), so
 * comparisons run across runs.  Its own confidence interval is over those
 * samples, within one run; it is checked, not stored.  A throughput of 0 is
 * what k8s-netperf writes when it could not process a result ("setting
 * value to zero"): left out with a note, never imported as data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/adapt.h"
#include "ingest/format.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* k8s-netperf's unit names to kvperf's. */
static const char *unit_of(const char *u)
{
	if (strcmp(u, "Mb/s") == 0) {
		return "Mbit/s"; /* netperf's 10^6 bits per second */
	}
	if (strcmp(u, "OP/s") == 0) {
		return "ops/s";
	}
	return u;
}

/* One scenario, as both formats give it. */
struct row {
	const char *driver, *profile, *tput_unit, *lat_unit;
	const char *same_node, *host_network, *service, *external, *across_az;
	double duration, parallelism, msg_size, burst, samples;
	bool have_burst;
	double tput, lat, ci_lo, ci_hi, retrans, loss;
	bool have_ci, have_lat, have_retrans, have_loss;
	/* where the values are, for a refused one: the JSON document's path,
	 * or each CSV field's line and column */
	const char *path;
	int tput_line, tput_col, lat_line, lat_col;
};

struct notes {
	struct kv_strbuf zero; /* scenarios whose throughput was 0 */
	struct kv_strbuf ci;   /* scenarios whose interval misses their mean */
};

static void scenario_name(const struct row *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s %s %g", r->driver, r->profile, r->msg_size);
}

/* Where the value of member key (JSON) or at line, col (CSV) is. */
static struct kv_origin origin(const struct row *r, const char *key, int line, int col, char *buf,
			       size_t size)
{
	struct kv_origin o = {.line = line, .col = col};

	if (r->path != NULL) {
		snprintf(buf, size, "%s.%s", r->path, key);
		o = (struct kv_origin){.path = buf};
	}
	return o;
}

/* Writes one scenario: benchmark, parameters, metrics. */
static int put_row(struct kv_sink *s, const struct row *r, struct notes *nt, struct kv_error *err)
{
	struct kv_params p = {0};
	char name[160], at[600];
	struct kv_origin from;
	int ret = -1;

	kv_params_add(&p, "driver", r->driver);
	kv_params_addnum(&p, "message_size", r->msg_size);
	kv_params_addnum(&p, "parallelism", r->parallelism);
	kv_params_addnum(&p, "duration", r->duration);
	/* settings at their defaults are left out, so that the JSON and the CSV
	 * of every release name a scenario alike */
	if (r->have_burst && r->burst > 0) {
		kv_params_addnum(&p, "burst", r->burst);
	}
	if (r->same_node != NULL) {
		kv_params_add(&p, "same_node", r->same_node);
	}
	if (r->host_network != NULL) {
		kv_params_add(&p, "host_network", r->host_network);
	}
	if (r->service != NULL) {
		kv_params_add(&p, "service", r->service);
	}
	if (r->external != NULL && strcmp(r->external, "false") != 0) {
		kv_params_add(&p, "external_server", r->external);
	}
	if (r->across_az != NULL && strcmp(r->across_az, "false") != 0) {
		kv_params_add(&p, "across_az", r->across_az);
	}
	if (kv_sink_benchmark(s, "k8s-netperf", r->profile, p.v, p.n, err) < 0) {
		goto out;
	}
	scenario_name(r, name, sizeof(name));
	from = origin(r, "throughput", r->tput_line, r->tput_col, at, sizeof(at));
	if (!(r->tput > 0) && !(r->tput < 0)) {
		kv_strbuf_addf(&nt->zero, "%s%s", nt->zero.len ? "; " : "", name);
	} else if (kv_sink_metric_kind(s, "throughput", unit_of(r->tput_unit), "higher", "summary",
				       &r->tput, 1, &from, err) < 0) {
		goto out; /* a negative one is refused with its value */
	}
	if (r->have_ci && r->samples > 1 && r->tput > 0 &&
	    (r->ci_lo > r->tput || r->ci_hi < r->tput)) {
		kv_strbuf_addf(&nt->ci, "%s%s", nt->ci.len ? "; " : "", name);
	}
	/* a latency of 0 is not measured (left out); a negative one is refused */
	from = origin(r, "latency", r->lat_line, r->lat_col, at, sizeof(at));
	if (r->have_lat && (r->lat > 0 || r->lat < 0) &&
	    kv_sink_metric_kind(s, "latency_p99", unit_of(r->lat_unit), "lower", "summary", &r->lat,
				1, &from, err) < 0) {
		goto out;
	}
	from = origin(r, "tcpRetransmits", 0, 0, at, sizeof(at));
	if (r->have_retrans && strstr(r->profile, "TCP_STREAM") != NULL &&
	    kv_sink_metric_kind(s, "tcp_retransmits", "count", "lower", "summary", &r->retrans, 1,
				&from, err) < 0) {
		goto out;
	}
	from = origin(r, "udpLossPercent", 0, 0, at, sizeof(at));
	if (r->have_loss && strstr(r->profile, "UDP_STREAM") != NULL &&
	    kv_sink_metric_kind(s, "udp_loss", "%", "lower", "summary", &r->loss, 1, &from, err) <
		0) {
		goto out;
	}
	ret = 0;
out:
	kv_params_release(&p);
	return ret;
}

static void notes_flush(struct kv_sink *s, struct notes *nt)
{
	if (nt->zero.len > 0) {
		kv_sink_warn(s, "a throughput of 0 is k8s-netperf's missing result, left out: %s",
			     nt->zero.buf);
	}
	if (nt->ci.len > 0) {
		kv_sink_warn(s, "k8s-netperf's own interval does not hold its mean: %s",
			     nt->ci.buf);
	}
	kv_strbuf_release(&nt->zero);
	kv_strbuf_release(&nt->ci);
}

/* ---- JSON ---- */

static bool detect_json(json_t *root)
{
	json_t *d = json_array_get(root, 0);

	return json_is_object(d) && json_is_string(json_object_get(d, "driver")) &&
	       json_is_string(json_object_get(d, "profile")) &&
	       json_object_get(d, "tputMetric") != NULL;
}

static const char *bool_text(json_t *v)
{
	return json_is_true(v) ? "true" : json_is_false(v) ? "false" : NULL;
}

static int get_bool(struct kv_jctx *c, json_t *d, const char *key, const char **out)
{
	json_t *v = json_object_get(d, key);

	*out = NULL;
	if (v == NULL) {
		return 0;
	}
	if (!json_is_boolean(v)) {
		size_t m = kv_jctx_key(c, key);
		kv_jctx_fail(c, "expected true or false, got %s", kv_json_kind(v));
		kv_jctx_pop(c, m);
		return -1;
	}
	*out = bool_text(v);
	return 0;
}

static int load_json(json_t *root, const char *file, struct kv_sink *s, struct kv_error *err)
{
	struct kv_jctx c;
	struct kv_run_meta meta = {.tool = "k8s-netperf"};
	struct notes nt = {KV_STRBUF_INIT, KV_STRBUF_INIT};
	const char *virt = NULL, *hostnet = NULL;
	bool hostnet_mixed = false;
	size_t n = json_array_size(root);
	int ret = -1;

	kv_jctx_init(&c, file, err);
	if (!json_is_array(root) || n == 0) {
		return kv_jctx_fail(&c, "expected an array of k8s-netperf results");
	}
	json_t *d0 = json_array_get(root, 0);
	char when[KV_TIME_SIZE];
	meta.start_time = json_string_value(json_object_get(d0, "timestamp"));
	if (meta.start_time != NULL) {
		size_t m0 = kv_jctx_idx(&c, 0);
		if (kv_jtime(&c, "timestamp", meta.start_time, when) < 0) {
			return -1;
		}
		kv_jctx_pop(&c, m0);
		meta.start_time = when;
	}
	meta.tool_version = json_string_value(json_object_get(d0, "toolVersion"));
	if (meta.tool_version != NULL && *meta.tool_version == '\0') {
		meta.tool_version = NULL;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *d = json_array_get(root, i);
		const char *v = bool_text(json_object_get(d, "hostNetwork"));
		if (v != NULL && hostnet != NULL && strcmp(v, hostnet) != 0) {
			hostnet_mixed = true;
		}
		hostnet = hostnet ? hostnet : v;
		virt = virt ? virt : bool_text(json_object_get(d, "virt"));
	}
	if (kv_sink_run(s, &meta, err) < 0 ||
	    (virt != NULL && kv_sink_label(s, "k8s-netperf.virt", virt, err) < 0) ||
	    (hostnet != NULL && kv_sink_label(s, "k8s-netperf.hostNetwork",
					      hostnet_mixed ? "false,true" : hostnet, err) < 0)) {
		return kv_jctx_wrap(&c);
	}
	for (size_t i = 0; i < n; i++) {
		json_t *d = json_array_get(root, i), *conf;
		struct row r = {0};
		bool have;
		size_t m = kv_jctx_idx(&c, i);
		if (!json_is_object(d)) {
			kv_jctx_fail(&c, "expected an object, got %s", kv_json_kind(d));
			goto out;
		}
		if (kv_jget_str(&c, d, "driver", true, &r.driver) < 0 ||
		    kv_jget_str(&c, d, "profile", true, &r.profile) < 0 ||
		    kv_jget_str(&c, d, "tputMetric", true, &r.tput_unit) < 0 ||
		    kv_jget_str(&c, d, "ltcyMetric", false, &r.lat_unit) < 0 ||
		    kv_jget_num(&c, d, "throughput", true, &r.tput, NULL) < 0 ||
		    kv_jget_num(&c, d, "latency", false, &r.lat, &r.have_lat) < 0 ||
		    kv_jget_num(&c, d, "messageSize", true, &r.msg_size, NULL) < 0 ||
		    kv_jget_num(&c, d, "parallelism", true, &r.parallelism, NULL) < 0 ||
		    kv_jget_num(&c, d, "duration", true, &r.duration, NULL) < 0 ||
		    kv_jget_num(&c, d, "samples", false, &r.samples, &have) < 0 ||
		    kv_jget_num(&c, d, "burst", false, &r.burst, &r.have_burst) < 0 ||
		    kv_jget_num(&c, d, "tcpRetransmits", false, &r.retrans, &r.have_retrans) < 0 ||
		    kv_jget_num(&c, d, "udpLossPercent", false, &r.loss, &r.have_loss) < 0 ||
		    get_bool(&c, d, "local", &r.same_node) < 0 ||
		    get_bool(&c, d, "hostNetwork", &r.host_network) < 0 ||
		    get_bool(&c, d, "service", &r.service) < 0 ||
		    get_bool(&c, d, "acrossAZ", &r.across_az) < 0) {
			goto out;
		}
		r.lat_unit = r.lat_unit ? r.lat_unit : "usec";
		r.path = c.path;
		if (kv_jget_arr(&c, d, "confidence", false, &conf) < 0) {
			goto out;
		}
		if (conf != NULL) {
			size_t mc = kv_jctx_key(&c, "confidence");
			if (json_array_size(conf) != 2) {
				kv_jctx_fail(&c, "expected [low, high], got %zu values",
					     json_array_size(conf));
				goto out;
			}
			size_t m0 = kv_jctx_idx(&c, 0);
			if (kv_jnum(&c, json_array_get(conf, 0), &r.ci_lo) < 0) {
				goto out;
			}
			kv_jctx_pop(&c, m0);
			size_t m1 = kv_jctx_idx(&c, 1);
			if (kv_jnum(&c, json_array_get(conf, 1), &r.ci_hi) < 0) {
				goto out;
			}
			kv_jctx_pop(&c, m1);
			kv_jctx_pop(&c, mc);
			r.have_ci = true;
		}
		if (put_row(s, &r, &nt, err) < 0) {
			kv_jctx_wrap(&c);
			goto out;
		}
		kv_jctx_pop(&c, m);
	}
	ret = 0;
out:
	notes_flush(s, &nt);
	return ret;
}

/* ---- CSV ---- */

static const char CSV_HEAD[] = "Driver,Profile,";

static bool detect_text(const char *buf, size_t len)
{
	return len > sizeof(CSV_HEAD) && strncmp(buf, CSV_HEAD, sizeof(CSV_HEAD) - 1) == 0 &&
	       strstr(buf, "Throughput") != NULL;
}

/* A CSV text being read record by record (RFC 4180): a quoted field may
 * hold commas, doubled quotes and line breaks; records end with LF or CRLF. */
struct csv {
	char *p;   /* the next byte, in a writable copy of the text */
	char *bol; /* where the current line begins */
	int line;  /* the current line's number */
	const char *file;
	struct kv_error *err;
};

#define MAX_FIELDS 64

/* One record: its fields (unquoted, in place) and where each begins. */
struct record {
	char *f[MAX_FIELDS];
	int line[MAX_FIELDS], col[MAX_FIELDS];
	int n;          /* fields; more than MAX_FIELDS when there are too many */
	int first_line; /* the line the record starts on */
};

static bool at_eol(const char *p)
{
	return *p == '\n' || (*p == '\r' && p[1] == '\n');
}

/* Reads the next record into r; returns 1, 0 at the end of the text, or -1
 * on a quote that is not closed. */
static int csv_record(struct csv *c, struct record *r)
{
	r->n = 0;
	r->first_line = c->line;
	if (*c->p == '\0') {
		return 0;
	}
	for (;;) {
		char *start = c->p, *w = c->p;
		int line = c->line, col = (int)(c->p - c->bol) + 1;
		if (*c->p == '"') {
			c->p++;
			for (;;) {
				if (*c->p == '\0') {
					return kv_fail_at(c->err, KV_EXIT_DATAERR, c->file, line,
							  col, "a quote that is not closed");
				}
				if (*c->p == '"' && c->p[1] == '"') {
					*w++ = '"';
					c->p += 2;
				} else if (*c->p == '"') {
					c->p++;
					break;
				} else {
					if (*c->p == '\n') {
						c->line++;
						c->bol = c->p + 1;
					}
					*w++ = *c->p++;
				}
			}
			if (*c->p != ',' && *c->p != '\0' && !at_eol(c->p)) {
				return kv_fail_at(c->err, KV_EXIT_DATAERR, c->file, c->line,
						  (int)(c->p - c->bol) + 1,
						  "a quote that is not closed");
			}
		} else {
			while (*c->p != ',' && *c->p != '\0' && !at_eol(c->p)) {
				*w++ = *c->p++;
			}
		}
		char end = *c->p;
		c->p += end == '\r' ? 2 : end != '\0';
		if (end == '\r' || end == '\n') {
			c->line++;
			c->bol = c->p;
		}
		*w = '\0'; /* the separator, or before it: already passed */
		if (r->n < MAX_FIELDS) {
			r->f[r->n] = start;
			r->line[r->n] = line;
			r->col[r->n] = col;
		}
		r->n++;
		if (end != ',') {
			return 1;
		}
	}
}

enum col {
	C_DRIVER,
	C_PROFILE,
	C_SAME_NODE,
	C_HOSTNET,
	C_SERVICE,
	C_EXTERNAL,
	C_VM,
	C_DURATION,
	C_PARALLEL,
	C_SAMPLES,
	C_MSGSIZE,
	C_BURST,
	C_CI_LO,
	C_CI_HI,
	C_TPUT,
	C_TPUT_UNIT,
	C_LAT,
	C_LAT_UNIT,
	NCOLS
};

static const char *const col_names[NCOLS] = {"Driver",
					     "Profile",
					     "Same node",
					     "Host Network",
					     "Service",
					     "External Server",
					     "VM mode",
					     "Duration",
					     "Parallelism",
					     "# of Samples",
					     "Message Size",
					     "Burst",
					     "Confidence metric - low",
					     "Confidence metric - high",
					     "Avg Throughput",
					     "Throughput Metric",
					     "99%tile Observed Latency",
					     "Latency Metric"};

static const bool required[NCOLS] = {
    [C_DRIVER] = true,  [C_PROFILE] = true, [C_DURATION] = true, [C_PARALLEL] = true,
    [C_MSGSIZE] = true, [C_TPUT] = true,    [C_TPUT_UNIT] = true};

static int load_text(const char *buf, size_t len, const char *file, struct kv_sink *s,
		     struct kv_error *err)
{
	char *text = kv_xmalloc(len + 1);
	struct csv c = {.p = text, .bol = text, .line = 1, .file = file, .err = err};
	struct record rec;
	int pos[NCOLS], nhead = 0, got, ret = -1;
	struct notes nt = {KV_STRBUF_INIT, KV_STRBUF_INIT};
	struct kv_run_meta meta = {.tool = "k8s-netperf"};
	const char *virt = NULL;
	size_t rows = 0;

	memcpy(text, buf, len);
	text[len] = '\0';
	for (int k = 0; k < NCOLS; k++) {
		pos[k] = -1;
	}
	while ((got = csv_record(&c, &rec)) > 0) {
		char **f = rec.f;
		int nf = rec.n, lineno = rec.first_line;
		if (nf == 1 && f[0][0] == '\0') {
			continue; /* an empty line */
		}
		if (nf > MAX_FIELDS) {
			kv_fail_at(err, KV_EXIT_DATAERR, file, lineno, 1, "more than %d columns",
				   MAX_FIELDS);
			goto out;
		}
		if (nhead == 0) { /* the header: columns by name */
			nhead = nf;
			for (int i = 0; i < nf; i++) {
				for (int k = 0; k < NCOLS; k++) {
					if (strcmp(f[i], col_names[k]) != 0) {
						continue;
					}
					if (pos[k] >= 0) {
						kv_fail_at(err, KV_EXIT_DATAERR, file, rec.line[i],
							   rec.col[i],
							   "a second column \"%s\" (the first is "
							   "column %d)",
							   col_names[k], pos[k] + 1);
						goto out;
					}
					pos[k] = i;
				}
			}
			for (int k = 0; k < NCOLS; k++) {
				if (required[k] && pos[k] < 0) {
					kv_fail_at(err, KV_EXIT_DATAERR, file, lineno, 1,
						   "no column \"%s\" in the header", col_names[k]);
					goto out;
				}
			}
			continue;
		}
		if (nf != nhead) {
			kv_fail_at(err, KV_EXIT_DATAERR, file, lineno, 1,
				   "%d fields where the header has %d (truncated?)", nf, nhead);
			goto out;
		}
		if (rows == 0) {
			if (pos[C_VM] >= 0) {
				virt = f[pos[C_VM]];
			}
			if (kv_sink_run(s, &meta, err) < 0 ||
			    (virt != NULL && kv_sink_label(s, "k8s-netperf.virt", virt, err) < 0)) {
				kv_err_in(err, file, lineno);
				goto out;
			}
		}
		struct row r = {0};
		struct {
			enum col k;
			double *v;
			bool *have;
		} nums[] = {{C_DURATION, &r.duration, NULL},    {C_PARALLEL, &r.parallelism, NULL},
			    {C_SAMPLES, &r.samples, NULL},      {C_MSGSIZE, &r.msg_size, NULL},
			    {C_BURST, &r.burst, &r.have_burst}, {C_CI_LO, &r.ci_lo, &r.have_ci},
			    {C_CI_HI, &r.ci_hi, &r.have_ci},    {C_TPUT, &r.tput, NULL},
			    {C_LAT, &r.lat, &r.have_lat}};
		for (size_t k = 0; k < sizeof(nums) / sizeof(nums[0]); k++) {
			int i = pos[nums[k].k];
			if (i < 0) {
				continue;
			}
			if (!kv_parse_double(f[i], nums[k].v)) {
				kv_fail_at(err, KV_EXIT_DATAERR, file, rec.line[i], rec.col[i],
					   "%s: expected a number, got \"%s\"",
					   col_names[nums[k].k], f[i]);
				goto out;
			}
			if (nums[k].have != NULL) {
				*nums[k].have = true;
			}
		}
		r.driver = f[pos[C_DRIVER]];
		r.profile = f[pos[C_PROFILE]];
		r.tput_unit = f[pos[C_TPUT_UNIT]];
		r.lat_unit = pos[C_LAT_UNIT] >= 0 ? f[pos[C_LAT_UNIT]] : "usec";
		r.same_node = pos[C_SAME_NODE] >= 0 ? f[pos[C_SAME_NODE]] : NULL;
		r.host_network = pos[C_HOSTNET] >= 0 ? f[pos[C_HOSTNET]] : NULL;
		r.service = pos[C_SERVICE] >= 0 ? f[pos[C_SERVICE]] : NULL;
		r.external = pos[C_EXTERNAL] >= 0 ? f[pos[C_EXTERNAL]] : NULL;
		r.tput_line = rec.line[pos[C_TPUT]];
		r.tput_col = rec.col[pos[C_TPUT]];
		if (pos[C_LAT] >= 0) {
			r.lat_line = rec.line[pos[C_LAT]];
			r.lat_col = rec.col[pos[C_LAT]];
		}
		if (put_row(s, &r, &nt, err) < 0) {
			/* the sink's message gets the line */
			kv_err_in(err, file, lineno);
			goto out;
		}
		rows++;
	}
	if (got < 0) {
		goto out;
	}
	if (rows == 0) {
		kv_fail_at(err, KV_EXIT_DATAERR, file, c.line > 1 ? c.line - 1 : 1, 1,
			   "no result rows after the header");
		goto out;
	}
	ret = 0;
out:
	notes_flush(s, &nt);
	free(text);
	return ret;
}

const struct kv_format kv_format_netperf = {
    .info = {.name = "k8s-netperf",
	     .description = "k8s-netperf --json results, or its result-<time>.csv (columns by "
			    "name); every value a per-run summary",
	     .metrics = "per profile and scenario: throughput (bits/s or ops/s), latency_p99 (s), "
			"tcp_retransmits, udp_loss (%)"},
    .detect_json = detect_json,
    .load_json = load_json,
    .detect_text = detect_text,
    .load_text = load_text,
};
