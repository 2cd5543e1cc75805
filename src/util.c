/* util: allocation, growable buffer, UTF-8. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
    fputs("leaflet: out of memory\n", stderr);
    abort();
}

void *lf_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *lf_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *lf_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom();
    return q;
}

void lf_xgrow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return;
    size_t c = *cap ? *cap : 8;
    while (c < need) {
        if (c > ((size_t)-1) / 2)
            oom();
        c *= 2;
    }
    if (size && c > ((size_t)-1) / size)
        oom();
    *p = lf_xrealloc(*p, c * size);
    *cap = c;
}

char *lf_xstrdup(const char *s)
{
    return lf_xstrndup(s, strlen(s));
}

char *lf_xstrndup(const char *s, size_t n)
{
    char *p = lf_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *lf_xasprintf(const char *fmt, ...)
{
    lf_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    lf_xgrow((void **)&b.s, &b.cap, (size_t)n + 1, 1);
    vsnprintf(b.s, (size_t)n + 1, fmt, aq);
    va_end(aq);
    return b.s;
}

uint64_t lf_hash64(const void *p, size_t n)
{
    /* FNV-1a over 8-byte words, then the tail; mixed at the end */
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0x100000001b3ull;
        h ^= h >> 29;
    }
    for (; i < n; i++)
        h = (h ^ s[i]) * 0x100000001b3ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

void lf_buf_add(lf_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap)
        lf_xgrow((void **)&b->s, &b->cap, b->len + n + 1, 1);
    if (n)
        memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void lf_buf_adds(lf_buf *b, const char *s)
{
    lf_buf_add(b, s, strlen(s));
}

void lf_buf_addc(lf_buf *b, char c)
{
    if (b->len + 2 > b->cap)
        lf_xgrow((void **)&b->s, &b->cap, b->len + 2, 1);
    b->s[b->len++] = c;
    b->s[b->len] = '\0';
}

void lf_buf_printf(lf_buf *b, const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0) {
        lf_xgrow((void **)&b->s, &b->cap, b->len + (size_t)n + 1, 1);
        vsnprintf(b->s + b->len, (size_t)n + 1, fmt, aq);
        b->len += (size_t)n;
    }
    va_end(aq);
}

void lf_buf_add_utf8(lf_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    lf_buf_add(b, u, n);
}

char *lf_buf_take(lf_buf *b)
{
    char *s = b->s ? b->s : lf_xstrdup("");
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void lf_buf_free(lf_buf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

int lf_utf8_next(const char *str, size_t len, size_t *i, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t k = *i;
    if (k >= len)
        return 0;
    unsigned c = s[k];
    uint32_t v;
    size_t n;
    if (c < 0x80) {
        *cp = c;
        *i = k + 1;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
    } else {
        return 0;
    }
    if (k + n > len)
        return 0;
    for (size_t j = 1; j < n; j++) {
        unsigned t = s[k + j];
        if ((t & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (t & 0x3F);
    }
    if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    *i = k + n;
    return 1;
}

int lf_utf8_valid(const char *s, size_t len, size_t *bad)
{
    size_t i = 0;
    uint32_t cp;
    while (i < len) {
        if (!lf_utf8_next(s, len, &i, &cp)) {
            if (bad)
                *bad = i;
            return 0;
        }
    }
    return 1;
}

size_t lf_utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}
