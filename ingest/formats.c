/* formats.c - the table of input formats, in detection order. */
#include <string.h>

#include "ingest/format.h"

const struct kv_format *const kv_format_table[] = {
    &kv_format_native,     &kv_format_fio,        &kv_format_iperf3,   &kv_format_hyperfine,
    &kv_format_gbench,     &kv_format_cyclictest, &kv_format_sysbench, &kv_format_stressng,
    &kv_format_kubevirtci, &kv_format_kubeburner, &kv_format_kvstatus, &kv_format_netperf,
    &kv_format_stream,     &kv_format_npb,        &kv_format_pbench,   &kv_format_opensearch,
    &kv_format_prometheus, &kv_format_perfstat,
};

const size_t kv_format_count = sizeof(kv_format_table) / sizeof(kv_format_table[0]);

static struct kv_format_info infos[sizeof(kv_format_table) / sizeof(kv_format_table[0])];

const struct kv_format *kv_format_find(const char *name)
{
	for (size_t i = 0; i < kv_format_count; i++) {
		if (strcmp(kv_format_table[i]->info.name, name) == 0) {
			return kv_format_table[i];
		}
	}
	return NULL;
}

const struct kv_format_info *kv_formats(size_t *n)
{
	for (size_t i = 0; i < kv_format_count; i++) {
		infos[i] = kv_format_table[i]->info;
	}
	*n = kv_format_count;
	return infos;
}
