/* test_util.c - SHA-256 against the FIPS 180-4 examples, strbuf, errors,
 * escaping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/tcmocka.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* NIST's published SHA-256 example digests (FIPS 180-4 examples, CSRC). */
static void sha256_known_vectors(void **state)
{
	char hex[KV_SHA256_HEX_LEN + 1];

	(void)state;
	kv_sha256_hex("", 0, hex);
	assert_string_equal(hex,
			    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	kv_sha256_hex("abc", 3, hex);
	assert_string_equal(hex,
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	kv_sha256_hex(two, strlen(two), hex);
	assert_string_equal(hex,
			    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* One million 'a's, fed in uneven pieces to exercise the block buffering. */
static void sha256_million_a_in_pieces(void **state)
{
	struct kv_sha256 s;
	uint8_t md[KV_SHA256_LEN];
	char *a = malloc(1000000);
	size_t done = 0, step = 1;
	static const uint8_t want[KV_SHA256_LEN] = {0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92,
						    0x81, 0xa1, 0xc7, 0xe2, 0x84, 0xd7, 0x3e, 0x67,
						    0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97, 0x20, 0x0e,
						    0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0};

	(void)state;
	memset(a, 'a', 1000000);
	kv_sha256_init(&s);
	while (done < 1000000) {
		size_t n = step < 1000000 - done ? step : 1000000 - done;
		kv_sha256_update(&s, a + done, n);
		done += n;
		step = step * 3 % 257 + 1;
	}
	kv_sha256_final(&s, md);
	assert_memory_equal(md, want, KV_SHA256_LEN);
	free(a);
}

static void strbuf_grows_and_formats(void **state)
{
	struct kv_strbuf sb = KV_STRBUF_INIT;

	(void)state;
	assert_string_equal(kv_strbuf_str(&sb), "");
	for (int i = 0; i < 1000; i++) {
		kv_strbuf_addf(&sb, "%d,", i);
	}
	assert_int_equal(sb.len, strlen(sb.buf));
	assert_true(strncmp(sb.buf, "0,1,2,", 6) == 0);
	assert_string_equal(sb.buf + sb.len - 4, "999,");
	kv_strbuf_truncate(&sb, 2);
	assert_string_equal(sb.buf, "0,");
	char *s = kv_strbuf_detach(&sb);
	assert_null(sb.buf);
	assert_string_equal(s, "0,");
	free(s);
	kv_strbuf_release(&sb);
}

static void error_where_and_message(void **state)
{
	struct kv_error err;

	(void)state;
	kv_error_clear(&err);
	assert_int_equal(kv_fail_at(&err, KV_EXIT_DATAERR, "a.json", 12, 7, "'%c' expected", '}'),
			 -1);
	assert_int_equal(err.code, 65);
	assert_string_equal(err.where, "a.json:12:7");
	assert_string_equal(err.msg, "'}' expected");
	kv_fail_at(&err, KV_EXIT_DATAERR, "b.json", 0, 0, "x");
	assert_string_equal(err.where, "b.json");
	kv_fail(&err, KV_EXIT_FAILURE, "plain");
	assert_string_equal(err.where, "");
	assert_int_equal(kv_fail(NULL, 1, "no crash"), -1);
}

/* Every control character and every byte that is not UTF-8 shows as \xNN,
 * one escape per byte; UTF-8 text stays as it is. */
static void escape_shows_control_characters(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"", ""},
	    {"plain ascii ~!", "plain ascii ~!"},
	    {"\xc2\xb5s \xc3\x97 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 \xc2\xa0",
	     "\xc2\xb5s \xc3\x97 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 \xc2\xa0"},
	    {"\x1b]0;title\x07\x1b[2J", "\\x1b]0;title\\x07\\x1b[2J"},
	    {"a\nb\tc\rd\x01\x1f", "a\\x0ab\\x09c\\x0dd\\x01\\x1f"},
	    {"del\x7f", "del\\x7f"},
	    {"c1 \xc2\x80 \xc2\x9b \xc2\x9f", "c1 \\xc2\\x80 \\xc2\\x9b \\xc2\\x9f"},
	    {"\xff\xfe", "\\xff\\xfe"},
	    {"cut \xe6\x97", "cut \\xe6\\x97"},           /* a sequence cut short */
	    {"\x80 alone", "\\x80 alone"},                /* a lone continuation byte */
	    {"\xc0\xaf", "\\xc0\\xaf"},                   /* overlong "/" */
	    {"\xe0\x80\xaf", "\\xe0\\x80\\xaf"},          /* overlong, 3 bytes */
	    {"\xed\xa0\x80", "\\xed\\xa0\\x80"},          /* a UTF-16 surrogate */
	    {"\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"}, /* above U+10FFFF */
	    {"\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"},     /* U+10FFFF itself */
	    {"back\\x1b", "back\\x1b"},                   /* a backslash stays */
	};
	char buf[128];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t n = kv_escape_ctrl(cases[i].in, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
		assert_int_equal(n, strlen(cases[i].want));
		/* escaping escaped text changes nothing */
		char *again = kv_escape_dup(buf);
		assert_string_equal(again, buf);
		assert_true(kv_escape_clean(again));
		free(again);
		assert_true(kv_escape_clean(cases[i].in) ==
			    (strcmp(cases[i].in, cases[i].want) == 0));
	}
	assert_true(kv_utf8_valid("\x1b\xc2\x9b\xc2\xb5"));
	assert_false(kv_utf8_valid("a\xff"));
	assert_false(kv_utf8_valid("\xe6\x97"));
}

/* Truncation keeps whole characters and whole escapes; the return value is
 * the whole length, as with snprintf. */
static void escape_truncates_at_boundaries(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(kv_escape_ctrl("ab\x1b"
					"cd",
					buf, 6),
			 8);
	assert_string_equal(buf, "ab"); /* "\x1b" does not fit in the 3 bytes left */
	assert_int_equal(kv_escape_ctrl("a\xe6\x97\xa5"
					"b",
					buf, 4),
			 5);
	assert_string_equal(buf, "a"); /* nor the 3 bytes of U+65E5 in 2 */
	assert_int_equal(kv_escape_ctrl("abc", buf, 4), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(kv_escape_ctrl("\x1b", NULL, 0), 4);

	struct kv_strbuf sb = KV_STRBUF_INIT;
	kv_strbuf_adds(&sb, "[");
	kv_strbuf_add_escaped(&sb, "\x1b[2J");
	kv_strbuf_adds(&sb, "]");
	assert_string_equal(kv_strbuf_str(&sb), "[\\x1b[2J]");
	kv_strbuf_release(&sb);
}

/* JSON allows DEL and C1 raw inside strings: they become \u escapes. */
static void json_text_escapes_del_and_c1(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	kv_fputs_json("{\"a\": \"x\x7fy\xc2\x9bz\xc2\xb5\"}", f);
	fclose(f);
	assert_string_equal(buf, "{\"a\": \"x\\u007fy\\u009bz\xc2\xb5\"}");
	free(buf);
}

/* Reads what kv_error_print writes on stderr. */
static char *printed(const struct kv_error *err)
{
	char *buf = kv_xmalloc(4096);
	FILE *tmp = tmpfile();
	int saved = dup(STDERR_FILENO);
	size_t n;

	assert_non_null(tmp);
	fflush(stderr);
	dup2(fileno(tmp), STDERR_FILENO);
	kv_error_print(err, "kvperf");
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, 4095, tmp);
	buf[n] = '\0';
	fclose(tmp);
	return buf;
}

/* A message quoting a file's name or content is one line, escaped where it
 * is built and again where it is printed. */
static void error_messages_are_one_line(void **state)
{
	struct kv_error err;
	char *s;

	(void)state;
	kv_fail_at(&err, KV_EXIT_DATAERR, "bad\nkvperf: fake\x1b[2J.json", 3, 1, "near '%s'",
		   "\x1b]0;x\x07\xff");
	assert_string_equal(err.where, "bad\\x0akvperf: fake\\x1b[2J.json:3:1");
	assert_string_equal(err.msg, "near '\\x1b]0;x\\x07\\xff'");
	s = printed(&err);
	assert_string_equal(s, "kvperf: bad\\x0akvperf: fake\\x1b[2J.json:3:1: near "
			       "'\\x1b]0;x\\x07\\xff'\n");
	free(s);
	kv_fail_file(&err, KV_EXIT_DATAERR, "\xc2\xb5s.json", "unit '\xc2\xb5s' \xc3\x97 2");
	s = printed(&err);
	assert_string_equal(s, "kvperf: \xc2\xb5s.json: unit '\xc2\xb5s' \xc3\x97 2\n");
	free(s);
	/* where written directly, without kv_fail: escaped as it is printed */
	snprintf(err.where, sizeof(err.where), "%s", "a\nb");
	snprintf(err.msg, sizeof(err.msg), "%s", "c\rd\x9b");
	s = printed(&err);
	assert_string_equal(s, "kvperf: a\\x0ab: c\\x0dd\\x9b\n");
	free(s);
	/* a long message is cut at an escape's boundary, never inside one */
	char name[600];
	memset(name, '\x1b', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	kv_fail(&err, KV_EXIT_DATAERR, "x%s", name);
	assert_int_equal(strlen(err.msg), 1 + 4 * ((sizeof(err.msg) - 2) / 4));
	assert_true(kv_escape_clean(err.msg));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sha256_known_vectors),
	    cmocka_unit_test(sha256_million_a_in_pieces),
	    cmocka_unit_test(strbuf_grows_and_formats),
	    cmocka_unit_test(error_where_and_message),
	    cmocka_unit_test(escape_shows_control_characters),
	    cmocka_unit_test(escape_truncates_at_boundaries),
	    cmocka_unit_test(json_text_escapes_del_and_c1),
	    cmocka_unit_test(error_messages_are_one_line),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
