/* xalloc.c - allocation that prints and aborts on failure. */
#include "util/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(size_t size)
{
	fprintf(stderr, "kvperf: out of memory (allocating %zu bytes)\n", size);
	abort();
}

void *kv_xmalloc(size_t size)
{
	void *p = malloc(size > 0 ? size : 1);

	if (p == NULL) {
		die(size);
	}
	return p;
}

void *kv_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n > 0 ? n : 1, size > 0 ? size : 1);

	if (p == NULL) {
		die(n * size);
	}
	return p;
}

void *kv_xreallocarray(void *p, size_t n, size_t size)
{
	void *q;

	if (size != 0 && n > SIZE_MAX / size) {
		die(SIZE_MAX);
	}
	q = realloc(p, n * size > 0 ? n * size : 1);
	if (q == NULL) {
		die(n * size);
	}
	return q;
}

char *kv_xstrdup(const char *s)
{
	return kv_xstrndup(s, strlen(s));
}

char *kv_xstrndup(const char *s, size_t n)
{
	char *p = kv_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
