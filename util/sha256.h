/*
 * sha256.h - SHA-256 (FIPS 180-4), for the content hash that makes
 * re-importing a file a no-op.
 */
#ifndef UTIL_SHA256_H
#define UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define KV_SHA256_LEN     32
#define KV_SHA256_HEX_LEN 64

struct kv_sha256 {
	uint32_t h[8];     /* chaining state */
	uint64_t nbytes;   /* message length so far, in bytes */
	uint8_t block[64]; /* pending partial block */
	size_t fill;       /* bytes pending in block */
};

void kv_sha256_init(struct kv_sha256 *s);
void kv_sha256_update(struct kv_sha256 *s, const void *data, size_t len);
void kv_sha256_final(struct kv_sha256 *s, uint8_t out[KV_SHA256_LEN]);
/* Hashes data and writes 64 lower-case hex digits and a NUL to hex. */
void kv_sha256_hex(const void *data, size_t len, char hex[KV_SHA256_HEX_LEN + 1]);

#endif
