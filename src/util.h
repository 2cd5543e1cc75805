/* util: allocation that aborts on exhaustion, a growable byte buffer, UTF-8.
 *
 * Out-of-memory is the one failure that aborts (see the design notes); every
 * other failure is returned to the caller. */
#ifndef LF_UTIL_H
#define LF_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#if defined(__GNUC__)
#define LF_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define LF_PRINTF(a, b)
#endif

void *lf_xmalloc(size_t n);
void *lf_xcalloc(size_t n, size_t size);
void *lf_xrealloc(void *p, size_t n);
/* Grow an array *p of *cap elements of size `size` so that it holds at least `need`. */
void lf_xgrow(void **p, size_t *cap, size_t need, size_t size);
char *lf_xstrdup(const char *s);
char *lf_xstrndup(const char *s, size_t n);
char *lf_xasprintf(const char *fmt, ...) LF_PRINTF(1, 2);

/* A 64-bit hash of p[0..n) for in-memory tables (not cryptographic). */
uint64_t lf_hash64(const void *p, size_t n);

/* A growable, always NUL-terminated byte buffer. Zero-initialise to start. */
typedef struct lf_buf {
    char *s;
    size_t len, cap;
} lf_buf;
void lf_buf_add(lf_buf *b, const char *s, size_t n);
void lf_buf_adds(lf_buf *b, const char *s);
void lf_buf_addc(lf_buf *b, char c);
void lf_buf_printf(lf_buf *b, const char *fmt, ...) LF_PRINTF(2, 3);
void lf_buf_add_utf8(lf_buf *b, uint32_t cp);
/* Hand the string to the caller (never NULL); the buffer is reset. */
char *lf_buf_take(lf_buf *b);
void lf_buf_free(lf_buf *b);

/* Decode one UTF-8 code point at s[*i] (s has len bytes). On success stores it
 * in *cp, advances *i and returns 1. On malformed input (overlong, surrogate,
 * > U+10FFFF, truncated) returns 0 and leaves *i unchanged. At end returns 0. */
int lf_utf8_next(const char *s, size_t len, size_t *i, uint32_t *cp);
/* Returns 1 when s[0..len) is valid UTF-8; otherwise 0 and *bad = offset of the
 * first bad byte. */
int lf_utf8_valid(const char *s, size_t len, size_t *bad);
/* Number of code points in a valid UTF-8 string. */
size_t lf_utf8_count(const char *s, size_t len);

#endif
