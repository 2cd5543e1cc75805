/* sha256: SHA-256 (FIPS 180-4), for SHA256SUMS and content-derived IDs. */
#ifndef LF_SHA256_H
#define LF_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct lf_sha256 {
    uint32_t h[8];
    uint64_t len;
    unsigned char buf[64];
    size_t nbuf;
} lf_sha256;

void lf_sha256_init(lf_sha256 *s);
void lf_sha256_update(lf_sha256 *s, const void *data, size_t n);
void lf_sha256_final(lf_sha256 *s, unsigned char out[32]);
/* Hex digest of data (65 bytes with the NUL). */
void lf_sha256_hex(const void *data, size_t n, char out[65]);

/* For tests only: with on != 0, later updates use the portable compression
 * function even where the x86 SHA extensions are there; 0 restores the
 * automatic choice. Both keep the same state, so this may change between
 * the updates of one digest. Not thread-safe (a plain static). */
void lf_sha256_force_portable(int on);
/* 1 if updates use the SHA extensions now (built in, the CPU has them, not
 * forced portable), else 0. For tests and diagnostics. */
int lf_sha256_accelerated(void);

#endif
