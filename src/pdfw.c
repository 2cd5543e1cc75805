/* pdfw: a PDF file written directly (see pdfw.h).
 *
 * Layout of the file: header; the stream objects in the order they were
 * given; one object stream per non-empty group (numbered after every object
 * of the caller); the cross-reference stream (the last number); startxref.
 * An object stream holds "num offset" pairs, then the bodies, each followed
 * by a newline. Cross-reference entries are 1 + 4 + 2 bytes (type, offset
 * or object stream, generation or index): files stay under 4 GB (checked),
 * object streams hold at most PACK_MAX objects. */
#include "pdfw.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "flate.h"

#define PACK_MAX 4096 /* objects per object stream (the index field has 2 bytes) */

/*** The cache of compressed object streams ***/

typedef struct centry {
    uint64_t hash;
    int level;
    unsigned char *raw, *z;
    size_t rawlen, zlen;
} centry;

struct lf_pdfw_cache {
    centry *v;
    size_t n, cap, bytes, max_bytes;
};

lf_pdfw_cache *lf_pdfw_cache_new(size_t max_bytes)
{
    lf_pdfw_cache *c = lf_xcalloc(1, sizeof *c);
    c->max_bytes = max_bytes;
    return c;
}

static void cache_empty(lf_pdfw_cache *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].raw);
        free(c->v[i].z);
    }
    c->n = 0;
    c->bytes = 0;
}

void lf_pdfw_cache_free(lf_pdfw_cache *c)
{
    if (!c)
        return;
    cache_empty(c);
    free(c->v);
    free(c);
}

/*** The writer ***/

typedef struct xent {
    unsigned char type; /* 0 not written yet, 1 at an offset, 2 in an object stream */
    unsigned char group;
    size_t f2;          /* offset, or the object stream's number */
    size_t f3;          /* index in the object stream */
} xent;

struct lf_pdfw {
    lf_pdfw_cache *cache;
    lf_buf out;
    xent *x;
    size_t nx, xcap;    /* objects 0..nx-1 */
    lf_buf grp[LF_PDFW_GROUPS];  /* bodies, each followed by '\n' */
    lf_buf hdr;                  /* scratch: an object stream's pairs */
    size_t *starts[LF_PDFW_GROUPS]; /* per group: object numbers in order, with offsets */
    size_t nstarts[LF_PDFW_GROUPS], capstarts[LF_PDFW_GROUPS];
    int open;           /* the object whose body is being written, or 0 */
    int level[LF_PDFW_GROUPS]; /* compression level of each group's object streams */
};

lf_pdfw *lf_pdfw_new(lf_pdfw_cache *c, int minor)
{
    lf_pdfw *w = lf_xcalloc(1, sizeof *w);
    w->cache = c;
    for (int g = 0; g < LF_PDFW_GROUPS; g++)
        w->level[g] = LF_PDFW_LEVEL;
    w->nx = 1; /* object 0: the head of the free list */
    lf_xgrow((void **)&w->x, &w->xcap, 64, sizeof *w->x);
    memset(w->x, 0, sizeof *w->x);
    lf_buf_adds(&w->out, "%PDF-1.");
    lf_buf_addc(&w->out, (char)('0' + (minor < 0 ? 0 : minor > 9 ? 9 : minor)));
    lf_buf_adds(&w->out, "\n%\xE2\xE3\xCF\xD3\n");
    return w;
}

void lf_pdfw_free(lf_pdfw *w)
{
    if (!w)
        return;
    lf_buf_free(&w->out);
    lf_buf_free(&w->hdr);
    for (int g = 0; g < LF_PDFW_GROUPS; g++) {
        lf_buf_free(&w->grp[g]);
        free(w->starts[g]);
    }
    free(w->x);
    free(w);
}

void lf_pdfw_level(lf_pdfw *w, int g, int level)
{
    if (g >= 0 && g < LF_PDFW_GROUPS && level >= 1 && level <= LF_FLATE_MAX)
        w->level[g] = level;
}

int lf_pdfw_obj(lf_pdfw *w)
{
    lf_xgrow((void **)&w->x, &w->xcap, w->nx + 1, sizeof *w->x);
    memset(&w->x[w->nx], 0, sizeof *w->x);
    return (int)w->nx++;
}

/* Close the body being written: its terminating newline. */
static void close_body(lf_pdfw *w)
{
    if (w->open) {
        lf_buf_addc(&w->grp[w->x[w->open].group], '\n');
        w->open = 0;
    }
}

lf_buf *lf_pdfw_body(lf_pdfw *w, int num, int g)
{
    close_body(w);
    if (num <= 0 || (size_t)num >= w->nx || w->x[num].type || g < 0 || g >= LF_PDFW_GROUPS)
        abort(); /* a programming error: numbers come from lf_pdfw_obj, each written once */
    xent *e = &w->x[num];
    e->type = 2;
    e->group = (unsigned char)g;
    lf_xgrow((void **)&w->starts[g], &w->capstarts[g], 2 * (w->nstarts[g] + 1),
             sizeof *w->starts[g]);
    w->starts[g][2 * w->nstarts[g]] = (size_t)num;
    w->starts[g][2 * w->nstarts[g] + 1] = w->grp[g].len;
    w->nstarts[g]++;
    w->open = num;
    return &w->grp[g];
}

size_t lf_pdfw_group(lf_pdfw *w, int g, const char **bytes, size_t *len, const size_t **starts)
{
    close_body(w);
    if (g < 0 || g >= LF_PDFW_GROUPS)
        abort();
    *bytes = w->grp[g].s;
    *len = w->grp[g].len;
    *starts = w->starts[g];
    return w->nstarts[g];
}

void lf_pdfw_group_put(lf_pdfw *w, int g, const char *bytes, size_t len, const size_t *starts,
                       size_t n)
{
    close_body(w);
    if (g < 0 || g >= LF_PDFW_GROUPS || w->grp[g].len || w->nstarts[g])
        abort(); /* a programming error: only into an empty group */
    for (size_t i = 0; i < n; i++) {
        size_t num = starts[2 * i];
        if (num == 0 || num >= w->nx || w->x[num].type || starts[2 * i + 1] > len)
            abort();
        w->x[num].type = 2;
        w->x[num].group = (unsigned char)g;
    }
    lf_buf_add(&w->grp[g], bytes, len);
    lf_xgrow((void **)&w->starts[g], &w->capstarts[g], 2 * (n ? n : 1), sizeof *w->starts[g]);
    memcpy(w->starts[g], starts, 2 * n * sizeof *starts);
    w->nstarts[g] = n;
}

static void stream_obj(lf_pdfw *w, int num, const char *keys, const void *data, size_t len)
{
    xent *e = &w->x[num];
    e->type = 1;
    e->f2 = w->out.len;
    lf_buf *b = &w->out;
    lf_pdfw_int(b, num);
    lf_buf_adds(b, " 0 obj\n<<");
    lf_buf_adds(b, keys);
    lf_buf_adds(b, "/Length ");
    lf_pdfw_int(b, (long long)len);
    lf_buf_adds(b, ">>\nstream\n");
    lf_buf_add(b, data, len);
    lf_buf_adds(b, "\nendstream\nendobj\n");
}

void lf_pdfw_stream(lf_pdfw *w, int num, const char *keys, const void *data, size_t len)
{
    close_body(w);
    if (num <= 0 || (size_t)num >= w->nx || w->x[num].type)
        abort(); /* as in lf_pdfw_body */
    stream_obj(w, num, keys ? keys : "", data, len);
}

static int deflate_any(int level, const unsigned char *in, size_t n, lf_buf *out)
{
    return lf_flate_zlib(lf_flate_process(), level, in, n, out);
}

int lf_pdfw_stream_deflate(lf_pdfw *w, int num, const char *keys, const void *raw, size_t len)
{
    lf_buf z = {0}, k = {0};
    int rc = deflate_any(LF_PDFW_LEVEL, raw, len, &z);
    if (rc == 0) {
        lf_buf_adds(&k, keys ? keys : "");
        lf_buf_adds(&k, "/Filter/FlateDecode");
        lf_pdfw_stream(w, num, k.s, z.s, z.len);
    }
    lf_buf_free(&z);
    lf_buf_free(&k);
    return rc;
}

/* The compressed bytes of raw[0..n): from the cache, or compressed now (and
 * kept). The result stays valid until the next call. */
static int compress_cached(lf_pdfw *w, int level, const unsigned char *raw, size_t n,
                           lf_buf *tmp, const unsigned char **z, size_t *zlen)
{
    lf_pdfw_cache *c = w->cache;
    uint64_t h = lf_hash64(raw, n);
    for (size_t i = 0; c && i < c->n; i++)
        if (c->v[i].hash == h && c->v[i].level == level && c->v[i].rawlen == n &&
            memcmp(c->v[i].raw, raw, n) == 0) {
            *z = c->v[i].z;
            *zlen = c->v[i].zlen;
            return 0;
        }
    tmp->len = 0;
    if (deflate_any(level, raw, n, tmp))
        return -1;
    *z = (const unsigned char *)tmp->s;
    *zlen = tmp->len;
    if (!c || n + tmp->len > c->max_bytes / 4)
        return 0;
    if (c->bytes + n + tmp->len > c->max_bytes || c->n >= 256)
        cache_empty(c);
    lf_xgrow((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v);
    centry *e = &c->v[c->n++];
    e->hash = h;
    e->level = level;
    e->raw = lf_xmalloc(n ? n : 1);
    memcpy(e->raw, raw, n);
    e->rawlen = n;
    e->z = lf_xmalloc(tmp->len ? tmp->len : 1);
    memcpy(e->z, tmp->s, tmp->len);
    e->zlen = tmp->len;
    c->bytes += n + tmp->len;
    return 0;
}

static void put_entry(unsigned char *e, int type, size_t f2, size_t f3)
{
    e[0] = (unsigned char)type;
    e[1] = (unsigned char)(f2 >> 24);
    e[2] = (unsigned char)(f2 >> 16);
    e[3] = (unsigned char)(f2 >> 8);
    e[4] = (unsigned char)f2;
    e[5] = (unsigned char)(f3 >> 8);
    e[6] = (unsigned char)f3;
}

static const char hexd[] = "0123456789ABCDEF";

int lf_pdfw_finish(lf_pdfw *w, int root, int info, const unsigned char id[16],
                   unsigned char **out, size_t *len)
{
    close_body(w);
    *out = NULL;
    *len = 0;
    lf_buf z = {0};
    int rc = 0;
    /* per non-empty group, object streams of at most PACK_MAX objects */
    for (int g = 0; g < LF_PDFW_GROUPS && rc == 0; g++) {
        const size_t *st = w->starts[g];
        for (size_t i0 = 0; i0 < w->nstarts[g] && rc == 0; i0 += PACK_MAX) {
            size_t n = w->nstarts[g] - i0 < PACK_MAX ? w->nstarts[g] - i0 : PACK_MAX;
            size_t from = st[2 * i0 + 1];
            size_t to = i0 + n < w->nstarts[g] ? st[2 * (i0 + n) + 1] : w->grp[g].len;
            int s = lf_pdfw_obj(w);
            lf_buf *h = &w->hdr;
            h->len = 0;
            for (size_t i = 0; i < n; i++) {
                size_t num = st[2 * (i0 + i)];
                w->x[num].f2 = (size_t)s;
                w->x[num].f3 = i;
                lf_pdfw_int(h, (long long)num);
                lf_buf_addc(h, ' ');
                lf_pdfw_int(h, (long long)(st[2 * (i0 + i) + 1] - from));
                lf_buf_addc(h, i + 1 < n ? ' ' : '\n');
            }
            size_t first = h->len;
            lf_buf_add(h, w->grp[g].s + from, to - from);
            const unsigned char *zp;
            size_t zl;
            if (compress_cached(w, w->level[g], (const unsigned char *)h->s, h->len, &z, &zp, &zl)) {
                rc = -1;
                break;
            }
            lf_buf kb = {0};
            lf_buf_adds(&kb, "/Type/ObjStm/N ");
            lf_pdfw_int(&kb, (long long)n);
            lf_buf_adds(&kb, "/First ");
            lf_pdfw_int(&kb, (long long)first);
            lf_buf_adds(&kb, "/Filter/FlateDecode");
            stream_obj(w, s, kb.s, zp, zl);
            lf_buf_free(&kb);
        }
    }
    for (size_t i = 1; i < w->nx && rc == 0; i++)
        if (!w->x[i].type) /* every object the caller numbered was written */
            rc = -1;
    if (rc == 0) {
        int xs = lf_pdfw_obj(w);
        w->x[xs].type = 1;
        w->x[xs].f2 = w->out.len;
        if (w->out.len > 0xffffffffu)
            rc = -1;
        /* the entries as rows of PNG's Up predictor (a filter byte 2, then
         * each byte less the one above it): the entries of an object
         * stream differ from the row above in their index only, a third
         * of the deflated bytes */
        size_t ne = w->nx;
        unsigned char *xe = lf_xmalloc(ne * 8), prev[7] = {0}, cur[7];
        for (size_t i = 0; i < ne; i++) {
            const xent *e = &w->x[i];
            if (i == 0)
                put_entry(cur, 0, 0, 65535);
            else
                put_entry(cur, e->type, e->f2, e->f3);
            xe[8 * i] = 2;
            for (int j = 0; j < 7; j++)
                xe[8 * i + 1 + (size_t)j] = (unsigned char)(cur[j] - prev[j]);
            memcpy(prev, cur, sizeof prev);
        }
        z.len = 0;
        if (rc == 0)
            rc = deflate_any(LF_PDFW_LEVEL, xe, ne * 8, &z);
        free(xe);
        if (rc == 0) {
            lf_buf k = {0};
            lf_buf_adds(&k, "/Type/XRef/Size ");
            lf_pdfw_int(&k, (long long)ne);
            lf_buf_adds(&k, "/W[1 4 2]/Root ");
            lf_pdfw_ref(&k, root);
            if (info > 0) {
                lf_buf_adds(&k, "/Info ");
                lf_pdfw_ref(&k, info);
            }
            lf_buf_adds(&k, "/ID[<");
            char hex[33];
            for (int i = 0; i < 16; i++) {
                hex[2 * i] = hexd[id[i] >> 4];
                hex[2 * i + 1] = hexd[id[i] & 15];
            }
            hex[32] = '\0';
            lf_buf_adds(&k, hex);
            lf_buf_adds(&k, "><");
            lf_buf_adds(&k, hex);
            lf_buf_adds(&k, ">]/Filter/FlateDecode/DecodeParms<</Columns 7/Predictor 12>>");
            size_t at = w->x[xs].f2;
            stream_obj(w, xs, k.s, z.s, z.len);
            lf_buf_free(&k);
            lf_buf_adds(&w->out, "startxref\n");
            lf_pdfw_int(&w->out, (long long)at);
            lf_buf_adds(&w->out, "\n%%EOF\n");
        }
    }
    lf_buf_free(&z);
    if (rc)
        return -1;
    *len = w->out.len;
    *out = (unsigned char *)lf_buf_take(&w->out);
    return 0;
}

/*** Syntax ***/

void lf_pdfw_int(lf_buf *b, long long v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    unsigned long long a = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        *--p = (char)('0' + a % 10);
        a /= 10;
    } while (a);
    if (v < 0)
        *--p = '-';
    lf_buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

void lf_pdfw_ref(lf_buf *b, int num)
{
    lf_pdfw_int(b, num);
    lf_buf_add(b, " 0 R", 4);
}

void lf_pdfw_milli(lf_buf *b, long long m, int lead0)
{
    char tmp[32];
    int neg = m < 0;
    unsigned long long a = neg ? 0ull - (unsigned long long)m : (unsigned long long)m;
    unsigned long long ip = a / 1000, fp = a % 1000;
    char *p = tmp + sizeof tmp;
    int frac = fp != 0;
    if (frac) {
        int digits = 3;
        while (fp % 10 == 0) {
            fp /= 10;
            digits--;
        }
        for (int i = 0; i < digits; i++) {
            *--p = (char)('0' + fp % 10);
            fp /= 10;
        }
        *--p = '.';
    }
    if (lead0 || ip || !frac)
        do {
            *--p = (char)('0' + ip % 10);
            ip /= 10;
        } while (ip);
    if (neg)
        *--p = '-';
    lf_buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

void lf_pdfw_real(lf_buf *b, double v)
{
    lf_pdfw_milli(b, llround(v * 1000.0), 1);
}

/* One byte of a literal string: \ ( ) escaped, end-of-line bytes as \n
 * \r (a raw one would be read as a newline). */
static void lit_byte(lf_buf *b, unsigned c)
{
    if (c == '(' || c == ')' || c == '\\') {
        lf_buf_addc(b, '\\');
        lf_buf_addc(b, (char)c);
    } else if (c == '\n' || c == '\r') {
        lf_buf_addc(b, '\\');
        lf_buf_addc(b, c == '\n' ? 'n' : 'r');
    } else {
        lf_buf_addc(b, (char)c);
    }
}

/* The PDFDocEncoding byte of a code point (ISO 32000-1, D.2) from the
 * printable ones: ASCII, Latin-1 but U+00A0 and U+00AD (0xA0 is the euro
 * there, 0xAD nothing), and the typographic marks of 0x80-0x9E; 0: none. */
static unsigned char pdfdoc_byte(uint32_t cp)
{
    static const uint16_t high[31] = {
        0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203a, 0x2212,
        0x2030, 0x201e, 0x201c, 0x201d, 0x2018, 0x2019, 0x201a, 0x2122, 0xfb01, 0xfb02, 0x0141,
        0x0152, 0x0160, 0x0178, 0x017d, 0x0131, 0x0142, 0x0153, 0x0161, 0x017e};
    if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa1 && cp <= 0xff && cp != 0xad))
        return (unsigned char)cp;
    if (cp == 0x20ac)
        return 0xa0;
    for (int i = 0; i < 31; i++)
        if (high[i] == cp)
            return (unsigned char)(0x80 + i);
    return 0;
}

void lf_pdfw_text(lf_buf *b, const char *s)
{
    /* PDFDocEncoding when every character has a byte there (French text
     * mostly has: half the bytes of UTF-16), else UTF-16BE */
    size_t n = strlen(s), i = 0;
    int doc = 1;
    while (i < n && doc) {
        uint32_t cp;
        doc = lf_utf8_next(s, n, &i, &cp) && pdfdoc_byte(cp);
    }
    /* not if its bytes would begin as a byte order mark: þÿ (UTF-16BE),
     * ï»¿ (UTF-8, PDF 2.0) */
    if (doc && (strncmp(s, "\xc3\xbe\xc3\xbf", 4) == 0 ||
                strncmp(s, "\xc3\xaf\xc2\xbb\xc2\xbf", 6) == 0))
        doc = 0;
    lf_buf_addc(b, '(');
    if (doc) {
        for (i = 0; i < n;) {
            uint32_t cp = 0;
            lf_utf8_next(s, n, &i, &cp);
            lit_byte(b, pdfdoc_byte(cp));
        }
        lf_buf_addc(b, ')');
        return;
    }
    /* UTF-16BE with its byte order mark, as bytes of a literal string */
    lit_byte(b, 0xfe);
    lit_byte(b, 0xff);
    for (i = 0; i < n;) {
        uint32_t cp;
        if (!lf_utf8_next(s, n, &i, &cp)) {
            cp = 0xfffd;
            i++;
        }
        uint32_t units[2];
        int k = 0;
        if (cp >= 0x10000) {
            units[k++] = 0xd800 + ((cp - 0x10000) >> 10);
            units[k++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
        } else {
            units[k++] = cp;
        }
        for (int j = 0; j < k; j++) {
            lit_byte(b, units[j] >> 8);
            lit_byte(b, units[j] & 0xff);
        }
    }
    lf_buf_addc(b, ')');
}
