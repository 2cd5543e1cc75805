/* flate: zlib streams with libdeflate (see flate.h). */
#include "flate.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct lf_flate {
    struct libdeflate_compressor *c[LF_FLATE_MAX + 1]; /* per level, made on first use */
    z_stream in;        /* lf_flate_piece: finds the last block (inflateReset) */
    int in_ready;
    lf_buf tmp;         /* what it inflates to */
};

lf_flate *lf_flate_new(void)
{
    return lf_xcalloc(1, sizeof(lf_flate));
}

lf_flate *lf_flate_process(void)
{
    static lf_flate *f;
    if (!f)
        f = lf_flate_new();
    return f;
}

void lf_flate_free(lf_flate *f)
{
    if (!f)
        return;
    for (int i = 0; i <= LF_FLATE_MAX; i++)
        libdeflate_free_compressor(f->c[i]);
    if (f->in_ready)
        inflateEnd(&f->in);
    lf_buf_free(&f->tmp);
    free(f);
}

static struct libdeflate_compressor *compressor(lf_flate *f, int level)
{
    level = level < 1 ? 1 : level > LF_FLATE_MAX ? LF_FLATE_MAX : level;
    if (!f->c[level])
        f->c[level] = libdeflate_alloc_compressor(level);
    return f->c[level];
}

int lf_flate_zlib(lf_flate *f, int level, const void *in, size_t n, lf_buf *out)
{
    struct libdeflate_compressor *c = compressor(f, level);
    if (!c)
        return -1;
    size_t cap = libdeflate_zlib_compress_bound(c, n), at = out->len;
    lf_xgrow((void **)&out->s, &out->cap, at + cap + 1, 1);
    size_t got = libdeflate_zlib_compress(c, in, n, out->s + at, cap);
    if (got == 0)
        return -1;
    out->len = at + got;
    out->s[out->len] = '\0';
    return 0;
}

/* Where the last block of the raw deflate stream p[0..len) starts and where
 * its data ends, in bits from the start (bit 0 is the low bit of p[0]);
 * inflating it must give exactly n bytes. */
static int last_block(lf_flate *f, const unsigned char *p, size_t len, size_t n, size_t *last,
                      size_t *end)
{
    z_stream *s = &f->in;
    if (!f->in_ready) {
        memset(s, 0, sizeof *s);
        if (inflateInit2(s, -15) != Z_OK)
            return -1;
        f->in_ready = 1;
    } else if (inflateReset(s) != Z_OK) {
        return -1;
    }
    lf_xgrow((void **)&f->tmp.s, &f->tmp.cap, n + 1, 1);
    s->next_in = (Bytef *)(uintptr_t)p;
    s->avail_in = (uInt)len;
    s->next_out = (Bytef *)f->tmp.s;
    s->avail_out = (uInt)n;
    size_t at = 0, stop = 0;
    int r, seen = 0;
    /* Z_BLOCK: inflate returns at the end of each block (data_type: the
     * unused bits of the last byte read, +128 at a block's end, +64 when
     * that block is the last); the call after the last block's end says
     * Z_STREAM_END, without the count */
    while ((r = inflate(s, Z_BLOCK)) == Z_OK) {
        size_t bit = s->total_in * 8 - (size_t)(s->data_type & 63);
        if ((s->data_type & 128) && (s->data_type & 64))
            stop = bit, seen = 1;
        else if (s->data_type & 128)
            at = bit;
    }
    *last = at;
    *end = seen ? stop : s->total_in * 8 - (size_t)(s->data_type & 63);
    return r == Z_STREAM_END && s->total_out == n ? 0 : -1;
}

int lf_flate_piece(lf_flate *f, int level, const void *in, size_t n, unsigned char **z,
                   size_t *zlen)
{
    if (n <= LF_FLATE_STORED) { /* a stored block: header 000, to the byte, LEN, NLEN, data */
        unsigned char *out = lf_xmalloc(5 + n);
        out[0] = 0;
        out[1] = (unsigned char)n;
        out[2] = (unsigned char)(n >> 8);
        out[3] = (unsigned char)~out[1];
        out[4] = (unsigned char)~out[2];
        if (n)
            memcpy(out + 5, in, n);
        *z = out;
        *zlen = 5 + n;
        return 0;
    }
    struct libdeflate_compressor *c = compressor(f, level);
    if (!c)
        return -1;
    size_t cap = libdeflate_deflate_compress_bound(c, n) + 8;
    unsigned char *out = lf_xmalloc(cap);
    size_t got = libdeflate_deflate_compress(c, in, n, out, cap);
    size_t last, end;
    if (got == 0 || last_block(f, out, got, n, &last, &end) || (end + 7) / 8 != got) {
        free(out);
        return -1;
    }
    out[last / 8] &= (unsigned char)~(1u << (last % 8)); /* BFINAL off */
    if (end % 8)
        out[end / 8] &= (unsigned char)((1u << (end % 8)) - 1);
    /* an empty stored block: header 000 (3 bits), to the byte, 00 00 FF FF */
    size_t k = (end + 3 + 7) / 8;
    memset(out + got, 0, k - got);
    static const unsigned char sync[4] = {0x00, 0x00, 0xff, 0xff};
    memcpy(out + k, sync, 4);
    *z = out;
    *zlen = k + 4;
    return 0;
}
