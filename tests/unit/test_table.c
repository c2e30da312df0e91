/* test_table.c - text alignment by display width, and CSV quoting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/table.h"
#include "tests/unit/tcmocka.h"

static char *render(void (*print)(struct kv_table *, FILE *), struct kv_table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	print(t, f);
	fclose(f);
	return buf;
}

static void as_text(struct kv_table *t, FILE *f)
{
	kv_table_print_text(t, f, "");
}

static void as_csv(struct kv_table *t, FILE *f)
{
	kv_table_print_csv(t, f);
}

static void text_aligns_by_display_width(void **state)
{
	const char *head[] = {"name", "value"};
	const bool right[] = {false, true};
	struct kv_table *t = kv_table_new(2, head, right);
	const char *r1[] = {"latency \xc2\xb5s", "5"};
	const char *r2[] = {"x", "12345"};

	(void)state;
	kv_table_add(t, r1);
	kv_table_add(t, r2);
	char *s = render(as_text, t);
	assert_string_equal(s, "name        value\n"
			       "latency \xc2\xb5s      5\n"
			       "x           12345\n");
	free(s);
	kv_table_free(t);
	assert_int_equal(kv_display_width("\xc2\xb5s"), 2);
}

static void csv_quotes_what_needs_it(void **state)
{
	const char *head[] = {"a", "b"};
	struct kv_table *t = kv_table_new(2, head, NULL);
	const char *r1[] = {"plain", "with,comma"};
	const char *r2[] = {"say \"hi\"", "two\nlines"};
	const char *r3[] = {NULL, ""};

	(void)state;
	kv_table_add(t, r1);
	kv_table_add(t, r2);
	kv_table_add(t, r3);
	assert_int_equal(kv_table_rows(t), 3);
	char *s = render(as_csv, t);
	assert_string_equal(s, "a,b\nplain,\"with,comma\"\n\"say \"\"hi\"\"\",\"two\nlines\"\n,\n");
	free(s);
	kv_table_free(t);
	kv_table_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(text_aligns_by_display_width),
	    cmocka_unit_test(csv_quotes_what_needs_it),
	};
	return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
