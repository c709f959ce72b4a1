/*
 * sha256: SHA-256 (FIPS 180-4), for the audit trail's hash chain.  Written
 * for frontdesk and placed in the public domain; no library needed.
 */
#ifndef FRONTDESK_SHA256_H
#define FRONTDESK_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;              /* bytes so far */
	unsigned char buf[64];
	size_t n;                  /* bytes in buf */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* The digest of data as 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif
