/* test_util.c - SHA-256 against the FIPS 180-4 examples, strbuf, errors. */
#include <stdlib.h>
#include <string.h>

#include "tests/unit/tcmocka.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/strbuf.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sha256_known_vectors),
	    cmocka_unit_test(sha256_million_a_in_pieces),
	    cmocka_unit_test(strbuf_grows_and_formats),
	    cmocka_unit_test(error_where_and_message),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
