/* cmd_formats.c - kvperf formats: the input formats and what they yield. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "ingest/ingest.h"

static int run(int argc, char **argv, struct kv_global *g);

const struct kv_cmd kv_cmd_formats = {
    "formats", run,
    "usage: kvperf formats\n"
    "\n"
    "Lists the input formats kvperf reads, in the order it tries them, with the\n"
    "metrics each yields.  'kvperf import --format <name>' forces one.\n",
    "list the input formats and the metrics they yield"};

static int run(int argc, char **argv, struct kv_global *g)
{
	const struct kv_format_info *f;
	size_t n;

	(void)g;
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		fputs(kv_cmd_formats.usage, stdout);
		return 0;
	}
	if (argc > 1) {
		return kv_cli_usage_error(&kv_cmd_formats, "unexpected argument '%s'", argv[1]);
	}
	f = kv_formats(&n);
	for (size_t i = 0; i < n; i++) {
		printf("%s\n    %s\n    metrics: %s\n", f[i].name, f[i].description, f[i].metrics);
	}
	return 0;
}
