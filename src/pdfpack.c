/* pdfpack: object streams and a cross-reference stream (see pdfpack.h).
 *
 * The input is parsed only as far as libharu 2.3.0 writes it: the xref
 * table gives every object's offset; objects come in number order, each
 * "N 0 obj\n" BODY "\nendobj\n"; a stream's BODY is DICT "\nstream\r\n"
 * DATA "\nendstream"; a stream's /Length is "/Length K 0 R" where object K
 * is a bare integer. Anything else: -1, and the caller keeps the input. */
#include "pdfpack.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util.h"

#define PACK_MAX 4096 /* objects per object stream */
#define ZID "<00000000000000000000000000000000>"

typedef struct pobj {
    size_t body, body_len;  /* BODY in the input */
    size_t dict_len;        /* streams: DICT's length; 0 for other objects */
    long len_ref;           /* streams: K of "/Length K 0 R", or 0 */
    size_t len_at, len_n;   /* where "K 0 R" is in the input, and its length */
    int drop;               /* a length object, inlined */
    int used;               /* in the xref table */
} pobj;

static const unsigned char *find(const unsigned char *h, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; k <= n && i <= n - k; i++)
        if (h[i] == (unsigned char)needle[0] && memcmp(h + i, needle, k) == 0)
            return h + i;
    return NULL;
}

static const unsigned char *rfind(const unsigned char *h, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k > n)
        return NULL;
    for (size_t i = n - k + 1; i-- > 0;)
        if (memcmp(h + i, needle, k) == 0)
            return h + i;
    return NULL;
}

/* Decimal digits at p[0..n) as a number; -1 when not all digits. */
static long digits(const unsigned char *p, size_t n)
{
    if (n == 0 || n > 12)
        return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* "/Key N 0 R" in the trailer: N, or -1. */
static long trailer_ref(const unsigned char *t, size_t n, const char *key)
{
    const unsigned char *p = find(t, n, key);
    if (!p)
        return -1;
    p += strlen(key);
    size_t rest = n - (size_t)(p - t), k = 0;
    while (k < rest && p[k] >= '0' && p[k] <= '9')
        k++;
    if (k + 4 > rest || memcmp(p + k, " 0 R", 4) != 0)
        return -1;
    return digits(p, k);
}

/* A zlib stream of in[0..n) appended to out. Level 5 and a 2^14-entry hash:
 * these dictionaries are small and alike, a larger search buys little. */
static int zdeflate(const unsigned char *in, size_t n, lf_buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 5, Z_DEFLATED, 15, 7, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    size_t cap = deflateBound(&z, (uLong)n) + 16, at = out->len;
    lf_xgrow((void **)&out->s, &out->cap, at + cap + 1, 1);
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)out->s + at;
    z.avail_out = (uInt)cap;
    int r = deflate(&z, Z_FINISH);
    size_t got = cap - z.avail_out;
    deflateEnd(&z);
    if (r != Z_STREAM_END)
        return -1;
    out->len = at + got;
    return 0;
}

static void put_entry(unsigned char *e, int type, size_t f2, unsigned f3)
{
    e[0] = (unsigned char)type;
    e[1] = (unsigned char)(f2 >> 24);
    e[2] = (unsigned char)(f2 >> 16);
    e[3] = (unsigned char)(f2 >> 8);
    e[4] = (unsigned char)f2;
    e[5] = (unsigned char)(f3 >> 8);
    e[6] = (unsigned char)f3;
}

/* Parse the input; fills o[0..n). Returns the number of objects (xref
 * size), or -1. */
static long parse(const unsigned char *in, size_t len, pobj **objs, long *root, long *info,
                  size_t *first_obj)
{
    const unsigned char *sx = rfind(in, len, "startxref\n");
    if (!sx)
        return -1;
    const unsigned char *q = sx + 10;
    size_t k = 0;
    while (q + k < in + len && q[k] >= '0' && q[k] <= '9')
        k++;
    long xoff = digits(q, k);
    if (xoff < 0 || (size_t)xoff + 5 > len || memcmp(in + xoff, "xref\n0 ", 7) != 0)
        return -1;
    const unsigned char *p = in + xoff + 7;
    k = 0;
    while (p + k < in + len && p[k] >= '0' && p[k] <= '9')
        k++;
    long n = digits(p, k);
    if (n < 2 || p + k >= in + len || p[k] != '\n')
        return -1;
    const unsigned char *tab = p + k + 1;
    if ((size_t)(tab - in) + (size_t)n * 20 > len || (size_t)n > len / 20)
        return -1;
    const unsigned char *tr = tab + (size_t)n * 20;
    size_t trn = len - (size_t)(tr - in);
    if (trn < 8 || memcmp(tr, "trailer\n", 8) != 0 || !find(tr, trn, "/ID [ " ZID " " ZID " ]"))
        return -1;
    *root = trailer_ref(tr, trn, "/Root ");
    *info = trailer_ref(tr, trn, "/Info ");
    if (*root <= 0 || *root >= n || *info == 0 || *info >= n)
        return -1;

    pobj *o = lf_xcalloc((size_t)n, sizeof *o);
    size_t prev_end = 0;
    *first_obj = 0;
    for (long i = 1; i < n; i++) {
        const unsigned char *e = tab + (size_t)i * 20;
        if (e[17] != 'n' || memcmp(e + 10, " 00000 ", 7) != 0)
            goto bad;
        long off = digits(e, 10);
        if (off <= 0 || (size_t)off < prev_end || (size_t)off >= (size_t)xoff)
            goto bad;
        if (i == 1)
            *first_obj = (size_t)off;
        else if ((size_t)off != prev_end)
            goto bad;
        char head[32];
        int hl = snprintf(head, sizeof head, "%ld 0 obj\n", i);
        if ((size_t)off + (size_t)hl > len || memcmp(in + off, head, (size_t)hl) != 0)
            goto bad;
        /* the object ends where the next one starts (or the xref) */
        size_t end = (size_t)xoff;
        if (i + 1 < n) {
            long noff = digits(tab + (size_t)(i + 1) * 20, 10);
            if (noff <= off || (size_t)noff > (size_t)xoff)
                goto bad;
            end = (size_t)noff;
        }
        if (end < (size_t)off + (size_t)hl + 8 || memcmp(in + end - 8, "\nendobj\n", 8) != 0)
            goto bad;
        o[i].body = (size_t)off + (size_t)hl;
        o[i].body_len = end - 8 - o[i].body;
        o[i].used = 1;
        prev_end = end;
        const unsigned char *b = in + o[i].body;
        const unsigned char *st = find(b, o[i].body_len, "\nstream\r\n");
        if (st) {
            if (o[i].body_len < 10 || memcmp(b + o[i].body_len - 10, "\nendstream", 10) != 0)
                goto bad;
            o[i].dict_len = (size_t)(st - b);
            const unsigned char *l = find(b, o[i].dict_len, "/Length ");
            if (l) {
                const unsigned char *v = l + 8;
                size_t m = 0, rest = o[i].dict_len - (size_t)(v - b);
                while (m < rest && v[m] >= '0' && v[m] <= '9')
                    m++;
                if (m + 4 <= rest && memcmp(v + m, " 0 R", 4) == 0) {
                    o[i].len_ref = digits(v, m);
                    o[i].len_at = (size_t)(v - in);
                    o[i].len_n = m + 4;
                }
            }
        }
    }
    if (prev_end != (size_t)xoff)
        goto bad;
    /* length objects: bare integers, only referenced as a stream's /Length */
    for (long i = 1; i < n; i++) {
        long r = o[i].len_ref;
        if (r <= 0)
            continue;
        if (r >= n || o[r].dict_len || digits(in + o[r].body, o[r].body_len) < 0 || r == *root ||
            r == *info)
            goto bad;
        o[r].drop = 1;
    }
    *objs = o;
    return n;
bad:
    free(o);
    return -1;
}

int lf_pdfpack(const unsigned char *in, size_t len, unsigned char **out, size_t *outlen,
               size_t *id_at)
{
    pobj *o = NULL;
    long root, info;
    size_t first;
    long n = parse(in, len, &o, &root, &info, &first);
    if (n < 0)
        return -1;
    /* per object: type 1 offset, or type 2 index in the object stream owner[i] */
    size_t nmax = (size_t)n + (size_t)n / PACK_MAX + 2;
    size_t *off = lf_xcalloc(nmax, sizeof *off);
    long *owner = lf_xcalloc(nmax, sizeof *owner);
    unsigned char *type = lf_xcalloc(nmax, 1);
    lf_buf b = {0}, hdr = {0}, objs = {0};
    lf_buf_add(&b, (const char *)in, first);

    /* streams, as they are, /Length inlined */
    for (long i = 1; i < n; i++) {
        if (!o[i].dict_len)
            continue;
        type[i] = 1;
        off[i] = b.len;
        lf_buf_printf(&b, "%ld 0 obj\n", i);
        const unsigned char *body = in + o[i].body;
        if (o[i].len_ref > 0) {
            size_t pre = o[i].len_at - o[i].body;
            lf_buf_add(&b, (const char *)body, pre);
            const pobj *l = &o[o[i].len_ref];
            lf_buf_add(&b, (const char *)in + l->body, l->body_len);
            lf_buf_add(&b, (const char *)body + pre + o[i].len_n, o[i].body_len - pre - o[i].len_n);
        } else {
            lf_buf_add(&b, (const char *)body, o[i].body_len);
        }
        lf_buf_adds(&b, "\nendobj\n");
    }
    /* everything else in object streams of at most PACK_MAX objects (the
     * index in a stream is a 2-byte field of the xref stream) */
    long nstm = 0;
    int rc = 0;
    lf_buf z = {0};
    for (long i = 1; i < n && rc == 0;) {
        long s = n + nstm; /* this stream's number */
        size_t nin = 0;
        hdr.len = objs.len = 0;
        for (; i < n && nin < PACK_MAX; i++) {
            if (o[i].dict_len || o[i].drop)
                continue;
            type[i] = 2;
            off[i] = nin++;
            owner[i] = s;
            lf_buf_printf(&hdr, "%ld %zu ", i, objs.len);
            lf_buf_add(&objs, (const char *)in + o[i].body, o[i].body_len);
            lf_buf_addc(&objs, '\n');
        }
        if (!nin)
            break;
        hdr.s[hdr.len - 1] = '\n';
        size_t first_at = hdr.len;
        lf_buf_add(&hdr, objs.s, objs.len);
        z.len = 0;
        rc = zdeflate((const unsigned char *)hdr.s, hdr.len, &z);
        if (rc)
            break;
        type[s] = 1;
        off[s] = b.len;
        lf_buf_printf(&b, "%ld 0 obj\n<<\n/Type /ObjStm\n/N %zu\n/First %zu\n/Length %zu\n"
                          "/Filter /FlateDecode\n>>\nstream\r\n", s, nin, first_at, z.len);
        lf_buf_add(&b, z.s, z.len);
        lf_buf_adds(&b, "\nendstream\nendobj\n");
        nstm++;
    }
    const long xrs = n + nstm; /* the xref stream */
    if (b.len > 0xffffffffu) /* offsets are 4-byte fields */
        rc = -1;
    if (rc == 0) {
        /* the cross-reference stream */
        type[xrs] = 1;
        off[xrs] = b.len;
        size_t ne = (size_t)xrs + 1;
        unsigned char *x = lf_xmalloc(ne * 7);
        for (size_t i = 0; i < ne; i++) {
            if (type[i] == 1)
                put_entry(x + 7 * i, 1, off[i], 0);
            else if (type[i] == 2)
                put_entry(x + 7 * i, 2, (size_t)owner[i], (unsigned)off[i]);
            else
                put_entry(x + 7 * i, 0, 0, i == 0 ? 65535u : 0u);
        }
        z.len = 0;
        rc = zdeflate(x, ne * 7, &z);
        free(x);
        if (rc == 0) {
            lf_buf_printf(&b, "%ld 0 obj\n<<\n/Type /XRef\n/Size %zu\n/W [ 1 4 2 ]\n/Root %ld 0 R\n",
                          xrs, ne, root);
            if (info > 0)
                lf_buf_printf(&b, "/Info %ld 0 R\n", info);
            lf_buf_adds(&b, "/ID ");
            *id_at = b.len;
            lf_buf_adds(&b, "[ " ZID " " ZID " ]\n");
            lf_buf_printf(&b, "/Length %zu\n/Filter /FlateDecode\n>>\nstream\r\n", z.len);
            lf_buf_add(&b, z.s, z.len);
            lf_buf_printf(&b, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", off[xrs]);
        }
    }
    lf_buf_free(&z);
    lf_buf_free(&hdr);
    lf_buf_free(&objs);
    free(off);
    free(owner);
    free(type);
    free(o);
    if (rc) {
        lf_buf_free(&b);
        return -1;
    }
    *outlen = b.len;
    *out = (unsigned char *)lf_buf_take(&b);
    return 0;
}
