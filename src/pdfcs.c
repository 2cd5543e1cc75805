/* pdfcs: content streams and embedded fonts, cached per batch. */
#include "pdfcs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "flate.h"
#include "pdfw.h"
#include "subset.h"

/* Compression settings. A content chunk is a libdeflate piece (lf_flate_piece)
 * at its caller's level (0: Z_CONTENT). Font programs and maps are
 * deflated with zlib (levels 1-9, strategies, a preset dictionary), a
 * base's glyphs with libdeflate (levels above 9). */
#define Z_CONTENT 6  /* content chunks that say nothing (libdeflate's level) */
#define Z_FONTFILE 6 /* TrueType programs: level 9 is no smaller, 1 is 2.4 % larger */
#define Z_FONTBASE 10 /* a base's glyphs, deflated once per batch (libdeflate) */
#define Z_FONTREC 1  /* a program's directory and what follows the base's glyphs
                        (libdeflate's level: 6 is 16 bytes a leaflet smaller, 0.04 M
                        instructions dearer) */
#define Z_TOUNICODE 12 /* libdeflate's level: once per set of rows */
/* CIDToGIDMap: 2 x (highest code point) bytes, mostly zeros: run-length
 * matching only is smaller than level 6 and ~3x cheaper */
#define Z_CIDMAP_STRATEGY Z_RLE
#define Z_CIDMAP_LEVEL 6   /* with Z_RLE, any level but 0 gives the same bytes */
/* Office CID maps in two pieces: below this code point (the Latin letters
 * of names) deflated per file, from it on (mostly the body's punctuation,
 * the same for every recipient but for rarer letters) deflated once per
 * content and found again (cidtail) */
#define Z_CIDMAP_SPLIT 0x300
#define N_CIDTAILS 8

/*** Hash table (open addressing on 64-bit hashes; keys compared in full) ***/

typedef struct entry {
    uint64_t hash;
    unsigned char *key; /* NULL: the value holds its own key (chunks) */
    size_t klen;
    void *val;          /* NULL: a free slot */
} entry;

typedef struct table {
    entry *v;
    size_t n, cap; /* cap: power of two */
} table;

static entry *table_find(table *t, uint64_t h, const void *key, size_t klen)
{
    if (!t->cap)
        return NULL;
    for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        entry *e = &t->v[i];
        if (!e->val)
            return NULL;
        if (e->hash == h && e->klen == klen && memcmp(e->key, key, klen) == 0)
            return e;
    }
}

static void table_put(table *t, uint64_t h, const void *key, size_t klen, void *val)
{
    if ((t->n + 1) * 2 > t->cap) {
        table old = *t;
        t->cap = old.cap ? old.cap * 2 : 64;
        t->v = lf_xcalloc(t->cap, sizeof *t->v);
        t->n = 0;
        for (size_t i = 0; i < old.cap; i++) {
            entry *e = &old.v[i];
            if (!e->val)
                continue;
            size_t j = e->hash & (t->cap - 1);
            while (t->v[j].val)
                j = (j + 1) & (t->cap - 1);
            t->v[j] = *e;
            t->n++;
        }
        free(old.v);
    }
    size_t j = h & (t->cap - 1);
    while (t->v[j].val)
        j = (j + 1) & (t->cap - 1);
    t->v[j].hash = h;
    t->v[j].key = NULL;
    if (key) {
        t->v[j].key = lf_xmalloc(klen ? klen : 1);
        if (klen)
            memcpy(t->v[j].key, key, klen);
    }
    t->v[j].klen = klen;
    t->v[j].val = val;
    t->n++;
}

/*** The cache ***/

/* A cached chunk: its deflated bytes and its key, everything they depend
 * on (compared in full on a hit: a hash alone never decides). */
typedef struct kitem {
    double x, y, w, h, size;
    int kind, font, color, bleed, type;
    const char *text;  /* into chunkval.strs; NULL: none */
} kitem;

typedef struct chunkval {
    uint64_t id;       /* lf_pdfcs_chunk.id; nonzero: no items kept */
    unsigned char *z;  /* raw deflate, ended by a sync flush */
    size_t zlen;
    uLong adler;       /* of the uncompressed bytes */
    size_t len;        /* uncompressed length */
    /* the key */
    int cmyk, tagged, mcid0, kerning, level, nfonts;
    double bleed, trim_w, trim_h, ox, oy;
    kitem *items;      /* the chunk's items but links */
    size_t nitems;
    char *strs;        /* per font its face_mode and name, then the texts,
                          each ended by NUL */
    size_t bytes;      /* held, for max_bytes */
} chunkval;

typedef struct fontval {
    lf_pdfcs_font pub;
    char *type0, *cidfont, *descriptor, *file_keys;
    unsigned char *file, *tounicode, *cidmap;
    uint32_t *wide;
} fontval;

typedef struct tuval {
    unsigned char *z;  /* zlib stream */
    size_t zlen;
} tuval;

typedef struct source {
    char *path;
    lf_subset_src *src; /* NULL: cannot be subset */
} source;

/* The upper part of a CID map (from Z_CIDMAP_SPLIT), deflated; known by
 * its entries (CID << 16 | GID, ascending), not by its bytes, which are
 * mostly zeros (up to 64 KB a font: never made but on a miss). */
typedef struct cidtail {
    uint32_t *ent;
    size_t nent;
    unsigned char *z;
    size_t len, zlen;  /* len: bytes of the part */
    uLong adler;
} cidtail;

/* A lean subset's base (lf_subset_base) and its glyphs deflated once: the
 * middle of every font program made on it. */
typedef struct baseval {
    lf_subset_base *b;  /* NULL: the face cannot be cut in two parts */
    unsigned char *z;   /* raw deflate, ended by a sync flush */
    size_t zlen, len;
    uLong adler;
} baseval;

struct lf_pdfcs {
    size_t max_bytes, bytes;
    size_t font_bytes;  /* what the fonts table holds (lf_pdfcs_trim) */
    table chunks, fonts;
    table tounicode;    /* compressed ToUnicode CMaps by encoding and code
                           points (get_tounicode; tuval) */
    table maps;         /* lf_pdfcs_maps's encodings by rows (tuval) */
    table bases;        /* lean subsets' bases by face and code points (baseval) */
    cidtail tails[N_CIDTAILS]; /* upper parts of CID maps (next: replaced next) */
    size_t tail_next;
    source *srcs;
    size_t nsrcs;
    z_stream z[2];     /* memLevel 8, 5 (deflate_raw) */
    int z_ready[2];
    lf_buf raw;        /* scratch */
};

lf_pdfcs *lf_pdfcs_new(size_t max_bytes)
{
    lf_pdfcs *c = lf_xcalloc(1, sizeof *c);
    c->max_bytes = max_bytes;
    return c;
}

static void free_chunks(lf_pdfcs *c)
{
    for (size_t i = 0; i < c->chunks.cap; i++)
        if (c->chunks.v[i].val) {
            chunkval *v = c->chunks.v[i].val;
            c->bytes -= v->bytes;
            free(v->z);
            free(v->items);
            free(v->strs);
            free(v);
        }
    free(c->chunks.v);
    memset(&c->chunks, 0, sizeof c->chunks);
}

/* Empty table t, each value freed by free_val. */
static void table_free(table *t, void (*free_val)(void *))
{
    for (size_t i = 0; i < t->cap; i++)
        if (t->v[i].val) {
            free_val(t->v[i].val);
            free(t->v[i].key);
        }
    free(t->v);
    memset(t, 0, sizeof *t);
}

static void fontval_free(void *p)
{
    fontval *v = p;
    free(v->type0);
    free(v->cidfont);
    free(v->descriptor);
    free(v->file_keys);
    free(v->file);
    free(v->tounicode);
    free(v->cidmap);
    free(v->wide);
    free(v);
}

static void tuval_free(void *p)
{
    tuval *v = p;
    free(v->z);
    free(v);
}

static void baseval_free(void *p)
{
    baseval *v = p;
    lf_subset_base_free(v->b);
    free(v->z);
    free(v);
}

static void free_fonts(lf_pdfcs *c)
{
    table_free(&c->fonts, fontval_free);
    table_free(&c->tounicode, tuval_free);
    table_free(&c->maps, tuval_free);
    table_free(&c->bases, baseval_free);
    for (size_t i = 0; i < N_CIDTAILS; i++) {
        free(c->tails[i].ent);
        free(c->tails[i].z);
        memset(&c->tails[i], 0, sizeof c->tails[i]);
    }
    c->font_bytes = 0;
}

void lf_pdfcs_trim(lf_pdfcs *c)
{
    /* Names with rare letters make a subset each: without a bound a batch
     * of many thousands would keep them all. */
    if (c->max_bytes && c->font_bytes > c->max_bytes / 2)
        free_fonts(c);
}

void lf_pdfcs_free(lf_pdfcs *c)
{
    if (!c)
        return;
    free_chunks(c);
    free_fonts(c);
    for (size_t i = 0; i < c->nsrcs; i++) {
        free(c->srcs[i].path);
        lf_subset_close(c->srcs[i].src);
    }
    free(c->srcs);
    for (int i = 0; i < 2; i++)
        if (c->z_ready[i])
            deflateEnd(&c->z[i]);
    lf_buf_free(&c->raw);
    free(c);
}

/* Raw deflate of data into *z (caller frees), ended by a sync flush so that
 * the next piece starts on a byte boundary. Same bytes for the same data
 * and settings: level, strategy, and memLevel 8, or 5 when small (a
 * 4,096-entry hash instead of 32,768: a reset clears 8 KB, not 64 KB; as
 * good for run-length matching (CID maps), which uses no hash; worse for
 * font programs). */
static int deflate_zraw(lf_pdfcs *c, int level, int strategy, int small, const void *data,
                        size_t len, unsigned char **z, size_t *zlen)
{
    small = !!small;
    z_stream *zs = &c->z[small];
    if (!c->z_ready[small]) {
        memset(zs, 0, sizeof *zs);
        if (deflateInit2(zs, level, Z_DEFLATED, -15, small ? 5 : 8, strategy) != Z_OK)
            return -1;
        c->z_ready[small] = 1;
    } else if (deflateReset(zs) != Z_OK || deflateParams(zs, level, strategy) != Z_OK) {
        return -1;
    }
    size_t cap = deflateBound(zs, (uLong)len) + 16;
    unsigned char *out = lf_xmalloc(cap);
    zs->next_in = (Bytef *)(uintptr_t)data;
    zs->avail_in = (uInt)len;
    zs->next_out = out;
    zs->avail_out = (uInt)cap;
    int r = deflate(zs, Z_SYNC_FLUSH);
    if (r != Z_OK || zs->avail_in != 0) {
        free(out);
        return -1;
    }
    *z = out;
    *zlen = cap - zs->avail_out;
    return 0;
}

/* The same, at zlib levels 1-9, or libdeflate's 10-12 (lf_flate_piece:
 * a few per cent smaller than zlib's 9, for what is compressed once per
 * batch; strategy and small are then ignored). */
static int deflate_raw(lf_pdfcs *c, int level, int strategy, int small, const void *data,
                       size_t len, unsigned char **z, size_t *zlen)
{
    if (level > 9) {
        return lf_flate_piece(lf_flate_process(), level, data, len, z, zlen);
    }
    return deflate_zraw(c, level, strategy, small, data, len, z, zlen);
}

/* A zlib stream made of raw pieces (each ended on a byte boundary, none
 * final): zlib_open writes the header, the caller the pieces, zlib_close an
 * empty final block and the Adler-32 of everything (adler32_combine). */
static void zlib_open(lf_buf *b)
{
    lf_buf_add(b, "\x78\xda", 2); /* 32K window, best compression: 0x78da % 31 == 0 */
}

static void zlib_close(lf_buf *b, uLong adler)
{
    unsigned char tail[6] = {0x03, 0x00, /* final empty fixed-Huffman block */
                             (unsigned char)(adler >> 24), (unsigned char)(adler >> 16),
                             (unsigned char)(adler >> 8), (unsigned char)adler};
    lf_buf_add(b, (const char *)tail, 6);
}

static uLong adler_of(const void *data, size_t len)
{
    return adler32(adler32(0, NULL, 0), data, (uInt)len);
}

/* A complete zlib stream of data. */
static int deflate_zlib(lf_pdfcs *c, int level, int strategy, int small, const void *data,
                        size_t len, unsigned char **z, size_t *zlen)
{
    unsigned char *raw;
    size_t rlen;
    if (deflate_raw(c, level, strategy, small, data, len, &raw, &rlen))
        return -1;
    lf_buf b = {0};
    zlib_open(&b);
    lf_buf_add(&b, (const char *)raw, rlen);
    free(raw);
    zlib_close(&b, adler_of(data, len));
    *zlen = b.len;
    *z = (unsigned char *)lf_buf_take(&b);
    return 0;
}

/*** Content streams ***/

/* A number of thousandths as a real: at most 3 decimals, no trailing
 * zeros, no "-0". */
static void put_milli(lf_buf *b, long long m)
{
    lf_pdfw_milli(b, m, 0); /* ".5", not "0.5" */
}

static void put_int(lf_buf *b, long v)
{
    put_milli(b, (long long)v * 1000);
}

/* A real rounded to 3 decimals. */
static void put_real(lf_buf *b, double v)
{
    put_milli(b, llround(v * 1000.0));
}

static void put_reals(lf_buf *b, const double *v, int n, const char *op)
{
    for (int i = 0; i < n; i++) {
        put_real(b, v[i]);
        lf_buf_addc(b, ' ');
    }
    lf_buf_adds(b, op);
    lf_buf_addc(b, '\n');
}

typedef struct cstate {
    const lf_pdfcs_page *pg;
    int fill, stroke, font, in_text;
    double fsize, lwidth;
    int mcid;
    long long tx, ty; /* in a text object: the text line matrix's origin,
                         in thousandths of a point (Td moves relative to it) */
    int tm;           /* a Tm was set in this text object */
} cstate;

/* The structure type of an item's element, or NULL (an artifact). */
static const char *elem_type(const lf_pdfcs_page *pg, const lf_ditem *it)
{
    if (!pg->dl || it->elem < 0 || (size_t)it->elem >= pg->dl->nelems)
        return NULL;
    return lf_stype_name(pg->dl->elems[it->elem].type);
}

static void set_color(lf_buf *b, cstate *s, lf_color c, int stroke)
{
    int *cur = stroke ? &s->stroke : &s->fill;
    if (*cur == (int)c)
        return;
    const lf_colordef *cd = &lf_palette[c];
    if (s->pg->cmyk)
        put_reals(b, cd->cmyk, 4, stroke ? "K" : "k");
    else
        put_reals(b, cd->rgb, 3, stroke ? "RG" : "rg");
    *cur = (int)c;
}

static void begin_text(lf_buf *b, cstate *s)
{
    if (!s->in_text) {
        lf_buf_adds(b, "BT\n");
        s->in_text = 1;
        s->tx = s->ty = 0; /* BT: the line matrix is the identity */
        s->tm = 0;
    }
}

static void end_text(lf_buf *b, cstate *s)
{
    if (s->in_text) {
        lf_buf_adds(b, "ET\n");
        s->in_text = 0;
    }
}

static int put_text(lf_buf *b, cstate *s, const lf_ditem *it, double ox, double oy, char **err)
{
    const char *t = it->text;
    size_t n = strlen(t), i = 0;
    if (!n)
        return 0;
    begin_text(b, s);
    if (s->font != it->font || s->fsize != it->size) {
        if (it->font < 0 || it->font >= s->pg->nfonts || !s->pg->font_names[it->font]) {
            *err = lf_xasprintf("PDF: text uses face %d, which is not loaded", it->font);
            return -1;
        }
        lf_buf_addc(b, '/');
        lf_buf_adds(b, s->pg->font_names[it->font]);
        lf_buf_addc(b, ' ');
        put_real(b, it->size);
        lf_buf_adds(b, " Tf\n");
        s->font = it->font;
        s->fsize = it->size;
    }
    set_color(b, s, it->color, 0);
    /* Position: from the start of the text object (BT: the identity) or
     * of the previous line at the same x, a Td ("0 -17 Td" repeats from
     * line to line); else an absolute Tm. Td only ever adds 0 to x, so
     * glyphs land where an absolute Tm would put them. */
    long long x = llround((it->x + ox) * 1000.0), y = llround((it->y + oy) * 1000.0);
    if (s->tx == x || (s->tx == 0 && s->ty == 0 && s->tm == 0)) {
        put_milli(b, x - s->tx);
        lf_buf_addc(b, ' ');
        put_milli(b, y - s->ty);
        lf_buf_adds(b, " Td\n");
    } else {
        lf_buf_adds(b, "1 0 0 1 ");
        put_milli(b, x);
        lf_buf_addc(b, ' ');
        put_milli(b, y);
        lf_buf_adds(b, " Tm\n");
        s->tm = 1;
    }
    s->tx = x;
    s->ty = y;
    /* Tj, or one TJ array whose numbers are the font's pair kerning in
     * 1/1000 em (what layout measured), subtracted from the position. The
     * codes (2-byte, or lf_pdfcs_code's) go into literal strings as they
     * are (escaping only \, ( and ), and CR, which a reader would take for
     * an end of line): half the bytes of hex, and they compress better. */
    size_t start = b->len;
    char tmp[256];
    size_t k = 0;
    tmp[k++] = '[';
    tmp[k++] = '(';
    uint32_t cp = 0, prev = 0;
    int kerned = 0, onebyte = s->pg->onebyte && s->pg->onebyte[it->font];
    for (int first = 1; i < n; first = 0) {
        if (!lf_utf8_next(t, n, &i, &cp) || cp > 0xffff) {
            *err = lf_xasprintf(cp > 0xffff ? "PDF: text has a character beyond U+FFFF, which "
                                              "the PDF stage cannot draw: \"%s\""
                                            : "PDF: text is not valid UTF-8: \"%s\"", t);
            return -1;
        }
        if (k > sizeof tmp - 32) {
            lf_buf_add(b, tmp, k);
            k = 0;
        }
        double kern = first || !s->pg->f ? 0 : lf_fonts_kern(s->pg->f, it->font, prev, cp);
        if (kern != 0) {
            /* )N( with N = -kern rounded, an integer */
            long v = lround(-kern);
            char d[24];
            int nd = 0, neg = v < 0;
            unsigned long a = neg ? 0ul - (unsigned long)v : (unsigned long)v;
            do {
                d[nd++] = (char)('0' + a % 10);
                a /= 10;
            } while (a);
            tmp[k++] = ')';
            if (neg)
                tmp[k++] = '-';
            while (nd)
                tmp[k++] = d[--nd];
            tmp[k++] = '(';
            kerned = 1;
        }
        unsigned char by[2] = {(unsigned char)(cp >> 8), (unsigned char)cp};
        int nby = onebyte ? lf_pdfcs_code(cp, by) : 2;
        if (!nby) {
            *err = lf_xasprintf("PDF: U+%04X has no code in the one-byte encoding", (unsigned)cp);
            return -1;
        }
        for (int j = 0; j < nby; j++) {
            unsigned char ch = by[j];
            if (ch == '(' || ch == ')' || ch == '\\') {
                tmp[k++] = '\\';
                tmp[k++] = (char)ch;
            } else if (ch == '\r') {
                tmp[k++] = '\\';
                tmp[k++] = 'r';
            } else {
                tmp[k++] = (char)ch;
            }
        }
        prev = cp;
    }
    lf_buf_add(b, tmp, k);
    if (kerned) {
        lf_buf_adds(b, ")]TJ\n");
    } else { /* drop the "[" */
        memmove(b->s + start, b->s + start + 1, b->len - start - 1);
        b->len--;
        lf_buf_adds(b, ")Tj\n");
    }
    return 0;
}

static void put_rect(lf_buf *b, cstate *s, const lf_ditem *it, double ox, double oy)
{
    double x0 = it->x, y0 = it->y, x1 = it->x + it->w, y1 = it->y + it->h, t;
    if (x1 < x0)
        t = x0, x0 = x1, x1 = t;
    if (y1 < y0)
        t = y0, y0 = y1, y1 = t;
    if (it->bleed && s->pg->bleed > 0) {
        const double eps = 0.01, W = s->pg->trim_w, H = s->pg->trim_h, bl = s->pg->bleed;
        if (x0 <= eps)
            x0 -= bl;
        if (y0 <= eps)
            y0 -= bl;
        if (x1 >= W - eps)
            x1 += bl;
        if (y1 >= H - eps)
            y1 += bl;
    }
    end_text(b, s);
    set_color(b, s, it->color, 0);
    x0 += ox, x1 += ox, y0 += oy, y1 += oy;
    if (it->kind == LF_D_DOT) {
        /* Bullets: the same four curves about the origin every time, moved
         * into place by a cm, so that deflate finds them again (a list of
         * ten costs about the bytes of one) */
        const double k = 0.5522847498307936;
        double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, r = (x1 - x0) / 2;
        double cm[6] = {1, 0, 0, 1, cx, cy};
        lf_buf_adds(b, "q ");
        put_reals(b, cm, 6, "cm");
        double m[2] = {-r, 0};
        put_reals(b, m, 2, "m");
        double c1[6] = {-r, r * k, -r * k, r, 0, r};
        double c2[6] = {r * k, r, r, r * k, r, 0};
        double c3[6] = {r, -r * k, r * k, -r, 0, -r};
        double c4[6] = {-r * k, -r, -r, -r * k, -r, 0};
        put_reals(b, c1, 6, "c");
        put_reals(b, c2, 6, "c");
        put_reals(b, c3, 6, "c");
        put_reals(b, c4, 6, "c");
        lf_buf_adds(b, "f Q\n");
        return;
    } else {
        double r[4] = {x0, y0, x1 - x0, y1 - y0};
        put_reals(b, r, 4, "re");
    }
    lf_buf_adds(b, "f\n");
}

static void put_line(lf_buf *b, cstate *s, const lf_ditem *it, double ox, double oy)
{
    double w = it->size > 0 ? it->size : 0.5;
    end_text(b, s);
    set_color(b, s, it->color, 1);
    if (s->lwidth != w) {
        put_reals(b, &w, 1, "w");
        s->lwidth = w;
    }
    double m[2] = {it->x + ox, it->y + oy}, l[2] = {it->x + it->w + ox, it->y + it->h + oy};
    put_reals(b, m, 2, "m");
    put_reals(b, l, 2, "l");
    lf_buf_adds(b, "S\n");
}

/* The uncompressed operators of one chunk. */
int lf_pdfcs_run_starts(const lf_dlist *dl, const lf_ditem *prev, const lf_ditem *it)
{
    if (!prev)
        return 1;
    size_t n = dl ? dl->nelems : 0;
    int a = prev->elem >= 0 && (size_t)prev->elem < n ? prev->elem : -1;
    int b = it->elem >= 0 && (size_t)it->elem < n ? it->elem : -1;
    return a != b || (prev->kind == LF_D_TEXT) != (it->kind == LF_D_TEXT);
}

static int chunk_ops(const lf_pdfcs_page *pg, const lf_pdfcs_chunk *ch, lf_buf *b, char **err)
{
    cstate s = {pg, -1, -1, -1, 0, -1, -1, ch->mcid0, 0, 0, 0};
    const lf_ditem *prev = NULL; /* tagged: the last item of the open sequence */
    lf_buf_adds(b, "q\n");
    if (ch->ops) {
        lf_buf_adds(b, ch->ops);
        lf_buf_adds(b, "Q\n");
        return 0;
    }
    for (size_t i = 0; i < ch->n; i++) {
        const lf_ditem *it = &ch->v[i];
        if (pg->tagged && it->kind != LF_D_LINK && lf_pdfcs_run_starts(pg->dl, prev, it)) {
            /* one marked-content sequence per run of items of one element
             * (or of artifacts), all text or all graphics: text runs nest
             * inside a text object, the others outside any */
            if (prev)
                lf_buf_adds(b, "EMC\n");
            if (it->kind == LF_D_TEXT)
                begin_text(b, &s);
            else
                end_text(b, &s);
            const char *ty = elem_type(pg, it);
            if (ty) {
                lf_buf_addc(b, '/');
                lf_buf_adds(b, ty);
                lf_buf_adds(b, "<</MCID ");
                put_int(b, s.mcid++);
                lf_buf_adds(b, ">>BDC\n");
            } else {
                lf_buf_adds(b, "/Artifact BMC\n");
            }
        }
        if (pg->tagged && it->kind != LF_D_LINK)
            prev = it;
        if ((it->kind == LF_D_TEXT || it->kind == LF_D_RECT || it->kind == LF_D_DOT) &&
            (unsigned)it->color >= LF_NCOLORS) {
            *err = lf_xstrdup("PDF: unknown colour in the display list");
            return -1;
        }
        switch (it->kind) {
        case LF_D_TEXT:
            if (!it->text || !*it->text)
                break;
            if (!(it->size > 0 && it->size < 1000)) {
                *err = lf_xasprintf("PDF: bad font size for \"%s\"", it->text);
                return -1;
            }
            if (put_text(b, &s, it, ch->ox, ch->oy, err))
                return -1;
            break;
        case LF_D_RECT:
        case LF_D_DOT: put_rect(b, &s, it, ch->ox, ch->oy); break;
        case LF_D_LINE:
            if ((unsigned)it->color >= LF_NCOLORS) {
                *err = lf_xstrdup("PDF: unknown colour in the display list");
                return -1;
            }
            put_line(b, &s, it, ch->ox, ch->oy);
            break;
        case LF_D_LINK: break;
        default: *err = lf_xstrdup("PDF: unknown display item kind"); return -1;
        }
    }
    if (prev)
        lf_buf_adds(b, "EMC\n");
    end_text(b, &s);
    lf_buf_adds(b, "Q\n");
    return 0;
}

/* The structure type that a chunk's bytes depend on (elem_type's): -1
 * for none. */
static int item_type(const lf_pdfcs_page *pg, const lf_ditem *it)
{
    return pg->tagged && pg->dl && it->elem >= 0 && (size_t)it->elem < pg->dl->nelems
               ? (int)pg->dl->elems[it->elem].type
               : -1;
}

static uint64_t mix(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x100000001b3ull;
    return h ^ (h >> 29);
}

static uint64_t dbits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

/* Doubles are compared by their bits, as they are hashed (same bits, same
 * bytes out; -0 and 0 only miss). */
static int same(double a, double b)
{
    return dbits(a) == dbits(b);
}

/* How the face's text is encoded, part of a chunk's key: '1' one-byte
 * (lf_pdfcs_code), '2' Identity-H. */
static char face_mode(const lf_pdfcs_page *pg, int i)
{
    return pg->onebyte && pg->onebyte[i] ? '1' : '2';
}

/* The hash of everything a chunk's bytes depend on, read from its items
 * (no key is built); *nitems and *nstr count what a copy needs. */
static uint64_t chunk_hash(const lf_pdfcs_page *pg, const lf_pdfcs_chunk *ch, int level,
                           size_t *nitems, size_t *nstr)
{
    uint64_t h = 0xcbf29ce484222325ull;
    h = mix(h, (uint64_t)(unsigned)pg->cmyk | (uint64_t)(unsigned)pg->tagged << 8 |
                   (uint64_t)(unsigned)level << 16 | (uint64_t)(unsigned)ch->mcid0 << 32);
    h = mix(h, (uint64_t)(unsigned)(pg->f ? lf_fonts_kerning(pg->f) : 0) |
                   (uint64_t)(unsigned)pg->nfonts << 32);
    h = mix(h, dbits(pg->bleed));
    h = mix(h, dbits(pg->trim_w));
    h = mix(h, dbits(pg->trim_h));
    h = mix(h, dbits(ch->ox));
    h = mix(h, dbits(ch->oy));
    size_t ns = 0, ni = 0;
    for (int i = 0; i < pg->nfonts; i++) {
        const char *nm = pg->font_names[i] ? pg->font_names[i] : "";
        size_t l = strlen(nm);
        h = mix(h, lf_hash64(nm, l) ^ (uint64_t)face_mode(pg, i));
        ns += l + 2;
    }
    h = mix(h, ch->id);
    for (size_t i = 0; !ch->id && i < ch->n; i++) {
        const lf_ditem *it = &ch->v[i];
        if (it->kind == LF_D_LINK)
            continue;
        ni++;
        h = mix(h, dbits(it->x));
        h = mix(h, dbits(it->y));
        h = mix(h, dbits(it->w));
        h = mix(h, dbits(it->h));
        h = mix(h, dbits(it->size));
        h = mix(h, (uint64_t)(unsigned)it->kind | (uint64_t)(unsigned)it->font << 32);
        h = mix(h, (uint64_t)(unsigned)it->color | (uint64_t)(unsigned)it->bleed << 32);
        h = mix(h, (uint64_t)(unsigned)item_type(pg, it));
        if (it->text) {
            size_t l = strlen(it->text);
            h = mix(h, lf_hash64(it->text, l) ^ l);
            ns += l + 1;
        } else {
            h = mix(h, ~(uint64_t)0);
        }
    }
    *nitems = ni;
    *nstr = ns;
    return h;
}

/* Whether the cached v was made from the same inputs, item by item. */
static int chunk_same(const chunkval *v, const lf_pdfcs_page *pg, const lf_pdfcs_chunk *ch,
                      int level)
{
    if (v->id != ch->id || v->cmyk != pg->cmyk || v->tagged != pg->tagged || v->mcid0 != ch->mcid0 ||
        v->level != level || v->kerning != (pg->f ? lf_fonts_kerning(pg->f) : 0) ||
        v->nfonts != pg->nfonts || !same(v->bleed, pg->bleed) || !same(v->trim_w, pg->trim_w) ||
        !same(v->trim_h, pg->trim_h) || !same(v->ox, ch->ox) || !same(v->oy, ch->oy))
        return 0;
    const char *p = v->strs;
    for (int i = 0; i < pg->nfonts; i++) {
        const char *nm = pg->font_names[i] ? pg->font_names[i] : "";
        if (*p++ != face_mode(pg, i) || strcmp(p, nm) != 0)
            return 0;
        p += strlen(p) + 1;
    }
    if (ch->id) /* the caller vouches for the items */
        return 1;
    size_t j = 0;
    for (size_t i = 0; i < ch->n; i++) {
        const lf_ditem *it = &ch->v[i];
        if (it->kind == LF_D_LINK)
            continue;
        if (j == v->nitems)
            return 0;
        const kitem *k = &v->items[j++];
        if (!same(k->x, it->x) || !same(k->y, it->y) || !same(k->w, it->w) ||
            !same(k->h, it->h) || !same(k->size, it->size) || k->kind != (int)it->kind ||
            k->font != it->font || k->color != (int)it->color || k->bleed != it->bleed ||
            k->type != item_type(pg, it))
            return 0;
        if (!k->text != !it->text || (it->text && strcmp(k->text, it->text) != 0))
            return 0;
    }
    return j == v->nitems;
}

/* Copy the key of a chunk into v (nitems, nstr: from chunk_hash). */
static void chunk_keep(chunkval *v, const lf_pdfcs_page *pg, const lf_pdfcs_chunk *ch, int level,
                       size_t nitems, size_t nstr)
{
    v->id = ch->id;
    v->cmyk = pg->cmyk;
    v->tagged = pg->tagged;
    v->mcid0 = ch->mcid0;
    v->level = level;
    v->kerning = pg->f ? lf_fonts_kerning(pg->f) : 0;
    v->nfonts = pg->nfonts;
    v->bleed = pg->bleed;
    v->trim_w = pg->trim_w;
    v->trim_h = pg->trim_h;
    v->ox = ch->ox;
    v->oy = ch->oy;
    v->items = lf_xcalloc(nitems ? nitems : 1, sizeof *v->items);
    v->nitems = nitems;
    v->strs = lf_xmalloc(nstr ? nstr : 1);
    char *p = v->strs;
    for (int i = 0; i < pg->nfonts; i++) {
        const char *nm = pg->font_names[i] ? pg->font_names[i] : "";
        size_t l = strlen(nm) + 1;
        *p++ = face_mode(pg, i);
        memcpy(p, nm, l);
        p += l;
    }
    size_t j = 0;
    for (size_t i = 0; !ch->id && i < ch->n; i++) {
        const lf_ditem *it = &ch->v[i];
        if (it->kind == LF_D_LINK)
            continue;
        kitem *k = &v->items[j++];
        k->x = it->x, k->y = it->y, k->w = it->w, k->h = it->h, k->size = it->size;
        k->kind = (int)it->kind, k->font = it->font, k->color = (int)it->color;
        k->bleed = it->bleed, k->type = item_type(pg, it);
        k->text = NULL;
        if (it->text) {
            size_t l = strlen(it->text) + 1;
            memcpy(p, it->text, l);
            k->text = p;
            p += l;
        }
    }
    v->bytes = sizeof *v + nitems * sizeof *v->items + nstr + v->zlen;
}

static int chunk_z(lf_pdfcs *c, const lf_pdfcs_page *pg, const lf_pdfcs_chunk *ch, chunkval *out,
                   int *owned, char **err)
{
    int level = ch->level > 0 && ch->level <= LF_FLATE_MAX ? ch->level : Z_CONTENT;
    uint64_t h = 0;
    size_t nitems = 0, nstr = 0;
    if (ch->cache && !ch->ops) {
        h = chunk_hash(pg, ch, level, &nitems, &nstr);
        if (c->chunks.cap)
            for (size_t i = h & (c->chunks.cap - 1); c->chunks.v[i].val;
                 i = (i + 1) & (c->chunks.cap - 1))
                if (c->chunks.v[i].hash == h && chunk_same(c->chunks.v[i].val, pg, ch, level)) {
                    *out = *(chunkval *)c->chunks.v[i].val;
                    *owned = 0;
                    return 0;
                }
    }
    c->raw.len = 0;
    if (chunk_ops(pg, ch, &c->raw, err))
        return -1;
    chunkval v = {0};
    if (lf_flate_piece(lf_flate_process(), level, c->raw.s, c->raw.len, &v.z, &v.zlen)) {
        *err = lf_xstrdup("PDF: cannot compress a page's content");
        return -1;
    }
    v.adler = adler_of(c->raw.s, c->raw.len);
    v.len = c->raw.len;
    *out = v;
    *owned = 1;
    if (ch->cache && !ch->ops && c->max_bytes) {
        chunkval *keep = lf_xmalloc(sizeof *keep);
        *keep = v;
        chunk_keep(keep, pg, ch, level, nitems, nstr);
        if (c->bytes + keep->bytes > c->max_bytes)
            free_chunks(c);
        table_put(&c->chunks, h, NULL, 0, keep);
        c->bytes += keep->bytes;
        *owned = 0;
    }
    return 0;
}

int lf_pdfcs_content(lf_pdfcs *c, const lf_pdfcs_page *pg, const lf_pdfcs_chunk *chunks,
                     size_t nchunks, lf_buf *out, char **err)
{
    zlib_open(out);
    uLong adler = adler32(0, NULL, 0);
    for (size_t i = 0; i < nchunks; i++) {
        chunkval v;
        int owned = 0;
        if (chunk_z(c, pg, &chunks[i], &v, &owned, err))
            return -1;
        lf_buf_add(out, (const char *)v.z, v.zlen);
        adler = adler32_combine(adler, v.adler, (z_off_t)v.len);
        if (owned)
            free(v.z);
    }
    zlib_close(out, adler);
    return 0;
}

size_t lf_pdfcs_shared_prefix(const lf_dlist *dl, const lf_dpage *p)
{
    size_t n = p->n;
    while (n > 0 && p->v[n - 1].elem < 0)
        n--;
    for (size_t i = 0; i < n; i++) {
        int e = p->v[i].elem;
        /* in a section nested in a section: the contact card */
        for (int depth = 0; e >= 0 && (size_t)e < dl->nelems && depth < 64; depth++) {
            const lf_selem *el = &dl->elems[e];
            if (el->type == LF_S_SECT && el->parent >= 0 && (size_t)el->parent < dl->nelems &&
                dl->elems[el->parent].type == LF_S_SECT)
                return i;
            e = el->parent;
        }
    }
    return n;
}

/*** Fonts ***/

static source *get_source(lf_pdfcs *c, const char *path)
{
    for (size_t i = 0; i < c->nsrcs; i++)
        if (strcmp(c->srcs[i].path, path) == 0)
            return &c->srcs[i];
    c->srcs = lf_xrealloc(c->srcs, (c->nsrcs + 1) * sizeof *c->srcs);
    source *s = &c->srcs[c->nsrcs++];
    s->path = lf_xstrdup(path);
    s->src = lf_subset_open(path);
    return s;
}

static const char cmap_head[] = "/CIDInit /ProcSet findresource begin\n"
                                "12 dict begin\n"
                                "begincmap\n";
static const char cmap_tail[] = "endcmap\n"
                                "CMapName currentdict /CMap defineresource pop\n"
                                "end\n"
                                "end\n";

/* The codespace of lf_pdfcs_code. */
static const char onebyte_codespace[] = "4 begincodespacerange\n"
                                        "<20> <7E>\n"
                                        "<A0> <FF>\n"
                                        "<0100> <1FFF>\n"
                                        "<8000> <9FFF>\n"
                                        "endcodespacerange\n";

int lf_pdfcs_code(uint32_t cp, unsigned char out[2])
{
    if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff)) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x100 || cp >= 0x4000)
        return 0;
    uint32_t v = lf_pdfcs_cid(cp);
    out[0] = (unsigned char)(v >> 8);
    out[1] = (unsigned char)v;
    return 2;
}

uint32_t lf_pdfcs_cid(uint32_t cp)
{
    return cp >= 0x2000 && cp < 0x4000 ? cp + 0x6000 : cp;
}

/* "<code> " in hex, the code of cp: lf_pdfcs_code's, or 2 bytes. */
static void put_code(lf_buf *b, int onebyte, uint32_t cp)
{
    unsigned char c[2] = {(unsigned char)(cp >> 8), (unsigned char)cp};
    int n = onebyte ? lf_pdfcs_code(cp, c) : 2;
    lf_buf_addc(b, '<');
    for (int j = 0; j < n; j++)
        lf_buf_printf(b, "%02X", c[j]);
    lf_buf_adds(b, "> ");
}

/* ToUnicode for code points of row 0 (when row0) and wide[0..nwide)
 * (ascending, from U+0100), in 2-byte codes (Identity-H) or onebyte's:
 * a bfrange for row 0, whose destinations begin with a 0 byte, and a
 * bfchar for each of the others. (A bfrange would be shorter, but
 * Ghostscript 10's text extraction adds the first byte of a bfrange's
 * destination to the code's last: U+2019 came out as '9'.) At most 100
 * lines a block. */
static void tounicode_cmap(lf_buf *b, int onebyte, int row0, const uint32_t *wide, size_t nwide)
{
    lf_buf_adds(b, cmap_head);
    lf_buf_adds(b, "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n"
                   "/CMapType 2 def\n");
    lf_buf_adds(b, onebyte ? onebyte_codespace
                           : "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    if (row0)
        lf_buf_adds(b, onebyte ? "2 beginbfrange\n<20> <7E> <0020>\n<A0> <FF> <00A0>\nendbfrange\n"
                               : "1 beginbfrange\n<0000> <00FF> <0000>\nendbfrange\n");
    for (size_t i = 0; i < nwide; i++) {
        if (i % 100 == 0)
            lf_buf_printf(b, "%zu beginbfchar\n", nwide - i < 100 ? nwide - i : 100);
        put_code(b, onebyte, wide[i]);
        lf_buf_printf(b, "<%04X>\n", (unsigned)wide[i]);
        if (i % 100 == 99 || i + 1 == nwide)
            lf_buf_adds(b, "endbfchar\n");
    }
    lf_buf_adds(b, cmap_tail);
}

/* The ToUnicode of tounicode_cmap, compressed once per batch (NULL: zlib
 * failed). */
static const tuval *get_tounicode(lf_pdfcs *c, int onebyte, int row0, const uint32_t *wide,
                                  size_t nwide)
{
    size_t klen = 2 + 2 * nwide;
    unsigned char *key = lf_xmalloc(klen);
    key[0] = (unsigned char)(onebyte != 0);
    key[1] = (unsigned char)(row0 != 0);
    for (size_t i = 0; i < nwide; i++) {
        key[2 + 2 * i] = (unsigned char)(wide[i] >> 8);
        key[3 + 2 * i] = (unsigned char)wide[i];
    }
    uint64_t h = lf_hash64(key, klen);
    entry *e = table_find(&c->tounicode, h, key, klen);
    tuval *tu = e ? e->val : NULL;
    if (!tu) {
        lf_buf b = {0}, z = {0};
        tounicode_cmap(&b, onebyte, row0, wide, nwide);
        if (lf_flate_zlib(lf_flate_process(), Z_TOUNICODE, b.s, b.len, &z) == 0) {
            tu = lf_xmalloc(sizeof *tu);
            *tu = (tuval){(unsigned char *)z.s, z.len};
            table_put(&c->tounicode, h, key, klen, tu);
            c->font_bytes += klen + sizeof *tu + z.len;
        }
        lf_buf_free(&b);
    }
    free(key);
    return tu;
}

/* The encoding CMap of the onebyte fonts with code points in rows: a
 * cidrange a row (row 0: its two of one byte), none crossing a change in
 * the first byte (poppler reads only the last byte of a range); at most
 * 100 a block. */
static void encoding_cmap(lf_buf *b, const unsigned char rows[32])
{
    lf_buf_adds(b, cmap_head);
    lf_buf_adds(b, "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n"
                   "/CMapName /" LF_PDFCS_CMAP " def\n"
                   "/CMapType 1 def\n"
                   "/WMode 0 def\n");
    lf_buf_adds(b, onebyte_codespace);
    uint32_t first[66], last[66]; /* code points */
    int n = 0;
    if (rows[0] & 1) {
        first[n] = 0x20, last[n++] = 0x7e;
        first[n] = 0xa0, last[n++] = 0xff;
    }
    for (uint32_t r = 1; r < 0x40; r++)
        if (rows[r >> 3] & (1u << (r & 7))) {
            first[n] = r << 8;
            last[n++] = r << 8 | 0xff;
        }
    for (int i = 0; i < n; i++) {
        if (i % 100 == 0)
            lf_buf_printf(b, "%d begincidrange\n", n - i < 100 ? n - i : 100);
        put_code(b, 1, first[i]);
        put_code(b, 1, last[i]);
        lf_buf_printf(b, "%u\n", (unsigned)lf_pdfcs_cid(first[i]));
        if (i % 100 == 99 || i == n - 1)
            lf_buf_adds(b, "endcidrange\n");
    }
    lf_buf_adds(b, cmap_tail);
}

int lf_pdfcs_maps(lf_pdfcs *c, const lf_pdfcs_font *const *fonts, size_t nfonts,
                  const unsigned char **cmap, size_t *cmap_len, const unsigned char **tounicode,
                  size_t *tounicode_len)
{
    /* the union of the onebyte fonts' rows and wide code points */
    unsigned char rows[32] = {0};
    size_t nw = 0, nall = 0;
    for (size_t f = 0; f < nfonts; f++)
        if (fonts[f] && fonts[f]->onebyte)
            nall += fonts[f]->nwide;
    uint32_t *wide = lf_xmalloc((nall ? nall : 1) * sizeof *wide);
    for (size_t f = 0; f < nfonts; f++) {
        const lf_pdfcs_font *pf = fonts[f];
        if (!pf || !pf->onebyte)
            continue;
        for (int i = 0; i < 32; i++)
            rows[i] |= pf->rows[i];
        /* merge two ascending lists, without repeats */
        uint32_t *m = lf_xmalloc((nw + pf->nwide ? nw + pf->nwide : 1) * sizeof *m);
        size_t i = 0, j = 0, k = 0;
        while (i < nw || j < pf->nwide) {
            uint32_t a = i < nw ? wide[i] : UINT32_MAX, b = j < pf->nwide ? pf->wide[j] : UINT32_MAX;
            m[k++] = a < b ? a : b;
            i += a <= b;
            j += b <= a;
        }
        memcpy(wide, m, k * sizeof *m);
        nw = k;
        free(m);
    }
    const tuval *tu = get_tounicode(c, 1, rows[0] & 1, wide, nw);
    free(wide);
    entry *e = table_find(&c->maps, lf_hash64(rows, 32), rows, 32);
    tuval *cm = e ? e->val : NULL;
    if (!cm) {
        lf_buf b = {0}, z = {0};
        encoding_cmap(&b, rows);
        if (lf_flate_zlib(lf_flate_process(), Z_TOUNICODE, b.s, b.len, &z) == 0) {
            cm = lf_xmalloc(sizeof *cm);
            *cm = (tuval){(unsigned char *)z.s, z.len};
            table_put(&c->maps, lf_hash64(rows, 32), rows, 32, cm);
            c->font_bytes += 32 + sizeof *cm + z.len;
        }
        lf_buf_free(&b);
    }
    if (!tu || !cm)
        return -1;
    *cmap = cm->z;
    *cmap_len = cm->zlen;
    *tounicode = tu->z;
    *tounicode_len = tu->zlen;
    return 0;
}

/* The base for code points base[0..nb) of the face at path, made and
 * compressed on first use. */
static baseval *get_base(lf_pdfcs *c, const char *path, lf_subset_src *src, const uint32_t *base,
                         size_t nb)
{
    lf_buf k = {0};
    lf_buf_adds(&k, path);
    lf_buf_addc(&k, '\0');
    lf_buf_add(&k, (const char *)base, nb * sizeof *base);
    uint64_t h = lf_hash64(k.s, k.len);
    entry *e = table_find(&c->bases, h, k.s, k.len);
    if (e) {
        lf_buf_free(&k);
        return e->val;
    }
    baseval *v = lf_xcalloc(1, sizeof *v);
    v->b = lf_subset_base_make(src, base, nb);
    if (v->b) {
        const unsigned char *g = lf_subset_base_glyf(v->b, &v->len);
        if (deflate_raw(c, Z_FONTBASE, Z_DEFAULT_STRATEGY, 0, g, v->len, &v->z, &v->zlen)) {
            lf_subset_base_free(v->b);
            v->b = NULL;
        } else {
            v->adler = adler_of(g, v->len);
            c->font_bytes += v->zlen + v->len + k.len;
        }
    }
    table_put(&c->bases, h, k.s, k.len, v);
    lf_buf_free(&k);
    return v;
}

/* The zlib stream of a font program made on base bv: what comes before the
 * base's glyphs and what comes after deflated now (libdeflate pieces at
 * Z_FONTREC), the glyphs as compressed once. (Letting what comes after
 * refer back into the glyphs, as zlib's preset dictionary allows, saves
 * ~100 bytes a leaflet for 0.19 M instructions: not kept.) */
static int deflate_on_base(lf_pdfcs *c, const baseval *bv, const lf_subset *sub, unsigned char **z,
                           size_t *zlen)
{
    unsigned char *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0;
    size_t tail = sub->base_off + sub->base_len;
    lf_flate *fl = lf_flate_process();
    if (lf_flate_piece(fl, Z_FONTREC, sub->data, sub->base_off, &a, &alen) ||
        lf_flate_piece(fl, Z_FONTREC, sub->data + tail, sub->len - tail, &b, &blen)) {
        free(a);
        return -1;
    }
    uLong ad = adler_of(sub->data, sub->base_off);
    ad = adler32_combine(ad, bv->adler, (z_off_t)bv->len);
    ad = adler32_combine(ad, adler_of(sub->data + tail, sub->len - tail), (z_off_t)(sub->len - tail));
    lf_buf out = {0};
    zlib_open(&out);
    lf_buf_add(&out, (const char *)a, alen);
    lf_buf_add(&out, (const char *)bv->z, bv->zlen);
    lf_buf_add(&out, (const char *)b, blen);
    zlib_close(&out, ad);
    free(a);
    free(b);
    *zlen = out.len;
    *z = (unsigned char *)lf_buf_take(&out);
    return 0;
}

/* The zlib stream of an office CID map whose part below Z_CIDMAP_SPLIT is
 * map[0..2 x Z_CIDMAP_SPLIT) and whose entries from it on are ent[0..n)
 * (CID << 16 | GID, ascending; the map ends at the last): the first part
 * deflated now, the rest as deflated before when its entries are the same
 * (run-length strategy, sync-flushed pieces). */
static int cidmap_on_base(lf_pdfcs *c, const unsigned char *map, const uint32_t *ent, size_t n,
                          unsigned char **z, size_t *zlen)
{
    size_t cut = 2 * Z_CIDMAP_SPLIT;
    cidtail *ct = NULL;
    for (size_t i = 0; i < N_CIDTAILS && !ct; i++)
        if (c->tails[i].ent && c->tails[i].nent == n &&
            memcmp(c->tails[i].ent, ent, n * sizeof *ent) == 0)
            ct = &c->tails[i];
    if (!ct) {
        ct = &c->tails[c->tail_next];
        c->tail_next = (c->tail_next + 1) % N_CIDTAILS;
        free(ct->ent);
        free(ct->z);
        memset(ct, 0, sizeof *ct);
        size_t tl = 2 * ((ent[n - 1] >> 16) + 1) - cut;
        unsigned char *t = lf_xcalloc(tl, 1);
        for (size_t i = 0; i < n; i++) {
            size_t at = 2 * (ent[i] >> 16) - cut;
            t[at] = (unsigned char)(ent[i] >> 8);
            t[at + 1] = (unsigned char)ent[i];
        }
        int bad = deflate_raw(c, Z_CIDMAP_LEVEL, Z_CIDMAP_STRATEGY, 1, t, tl, &ct->z, &ct->zlen);
        ct->adler = adler_of(t, tl);
        free(t);
        if (bad)
            return -1;
        ct->ent = lf_xmalloc(n * sizeof *ent);
        memcpy(ct->ent, ent, n * sizeof *ent);
        ct->nent = n;
        ct->len = tl;
    }
    size_t tl = ct->len;
    unsigned char *a;
    size_t alen;
    if (deflate_raw(c, Z_CIDMAP_LEVEL, Z_CIDMAP_STRATEGY, 1, map, cut, &a, &alen))
        return -1;
    lf_buf out = {0};
    zlib_open(&out);
    lf_buf_add(&out, (const char *)a, alen);
    lf_buf_add(&out, (const char *)ct->z, ct->zlen);
    zlib_close(&out, adler32_combine(adler_of(map, cut), ct->adler, (z_off_t)tl));
    free(a);
    *zlen = out.len;
    *z = (unsigned char *)lf_buf_take(&out);
    return 0;
}

static fontval *build_font(lf_pdfcs *c, lf_fonts *f, int face, lf_subset_src *src,
                           const uint32_t *cps, size_t n, const uint32_t *base, size_t nb, int lean,
                           char **err)
{
    lf_subset sub;
    baseval *bv = lean && base ? get_base(c, lf_fonts_path(f, face), src, base, nb) : NULL;
    if (bv && (!bv->b || lf_subset_make_on(src, bv->b, cps, n, &sub)))
        bv = NULL;
    if (!bv && lf_subset_make(src, cps, n, lean, &sub)) {
        *err = lf_xasprintf("PDF: cannot subset the font %s", lf_fonts_path(f, face));
        return NULL;
    }
    lf_subset_info info;
    lf_subset_get_info(src, &info);
    fontval *v = lf_xcalloc(1, sizeof *v);
    /* subset tag: six capitals from the font and the set of characters */
    uint64_t h = lf_hash64(cps, n * sizeof *cps) ^ lf_hash64(info.psname, strlen(info.psname));
    char tag[8];
    for (int i = 0; i < 6; i++, h /= 26)
        tag[i] = (char)('A' + h % 26);
    tag[6] = '+';
    tag[7] = '\0';
    double em = 1000.0 / info.upem;
    /* the CIDs: the code points, or lf_pdfcs_cid's when every one has a
     * one-byte-encoding code (ascending either way) */
    int onebyte = lean;
    for (size_t i = 0; i < n && onebyte; i++) {
        unsigned char code[2];
        onebyte = lf_pdfcs_code(cps[i], code) > 0;
    }
    uint32_t *cids = lf_xmalloc((n ? n : 1) * sizeof *cids);
    for (size_t i = 0; i < n; i++)
        cids[i] = onebyte ? lf_pdfcs_cid(cps[i]) : cps[i];
    v->pub.onebyte = onebyte;

    lf_buf b = {0};
    /* onebyte: the document's encoding is added by the caller (lf_pdfcs_maps) */
    lf_buf_printf(&b, "/Type /Font\n/Subtype /Type0\n/BaseFont /%s%s\n%s", tag, info.psname,
                  onebyte ? "" : "/Encoding /Identity-H\n");
    v->type0 = lf_buf_take(&b);

    lf_buf_printf(&b, "/Type /Font\n/Subtype /CIDFontType2\n/BaseFont /%s%s\n"
                      "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>\n"
                      "/DW 0\n/W [",
                  tag, info.psname);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && cids[j] == cids[j - 1] + 1 && j - i < 64)
            j++;
        lf_buf_addc(&b, ' ');
        put_int(&b, (long)cids[i]);
        lf_buf_adds(&b, " [");
        for (size_t k = i; k < j; k++) {
            if (k > i)
                lf_buf_addc(&b, ' ');
            put_int(&b, lround(sub.gid[k] ? sub.adv[k] * em : 0));
        }
        lf_buf_addc(&b, ']');
        i = j;
    }
    lf_buf_adds(&b, " ]\n");
    v->cidfont = lf_buf_take(&b);

    int italic = info.italic_angle != 0 || (face >= 0 && (face & 2));
    int bold = face >= 0 && face < 4 && (face & 1);
    int flags = 32 | (italic ? 64 : 0) | (bold ? 262144 : 0);
    lf_buf_printf(&b, "/Type /FontDescriptor\n/FontName /%s%s\n/Flags %d\n/FontBBox [ %ld %ld %ld %ld ]\n"
                      "/ItalicAngle %g\n/Ascent %ld\n/Descent %ld\n/CapHeight %ld\n/StemV %d\n",
                  tag, info.psname, flags, lround(info.bbox[0] * em), lround(info.bbox[1] * em),
                  lround(info.bbox[2] * em), lround(info.bbox[3] * em),
                  round(info.italic_angle * 10) / 10, lround(lf_fonts_ascent(f, face)),
                  lround(lf_fonts_descent(f, face)), lround(lf_fonts_cap_height(f, face)),
                  bold ? 140 : 80);
    v->descriptor = lf_buf_take(&b);

    int bad = bv ? deflate_on_base(c, bv, &sub, &v->file, &v->pub.file_len)
                 : deflate_zlib(c, Z_FONTFILE, Z_DEFAULT_STRATEGY, 0, sub.data, sub.len, &v->file,
                                &v->pub.file_len);
    lf_buf_printf(&b, "/Filter /FlateDecode\n/Length1 %zu\n", sub.len);
    v->file_keys = lf_buf_take(&b);

    lf_buf_free(&b);
    /* ToUnicode: compressed once per set of code points (onebyte fonts
     * share the document's: lf_pdfcs_maps) */
    unsigned char *rows = v->pub.rows;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        rows[cps[i] >> 11] |= (unsigned char)(1u << ((cps[i] >> 8) & 7));
        k += cps[i] < 0x100;
    }
    v->wide = lf_xmalloc((n - k ? n - k : 1) * sizeof *v->wide);
    memcpy(v->wide, cps + k, (n - k) * sizeof *cps);
    v->pub.wide = v->wide;
    v->pub.nwide = n - k;
    const tuval *tu = onebyte ? NULL : get_tounicode(c, 0, k > 0, cps + k, n - k);
    bad |= !onebyte && !tu;
    if (tu) {
        v->tounicode = lf_xmalloc(tu->zlen);
        memcpy(v->tounicode, tu->z, tu->zlen);
        v->pub.tounicode_len = tu->zlen;
    }

    /* CIDToGIDMap: 2 bytes a CID up to the last; on a base, only the part
     * below Z_CIDMAP_SPLIT is made here (cidmap_on_base) */
    size_t maxcid = n ? cids[n - 1] : 0;
    int split = bv && maxcid >= Z_CIDMAP_SPLIT;
    size_t mlen = split ? 2 * Z_CIDMAP_SPLIT : 2 * (maxcid + 1), nt = 0;
    unsigned char *map = lf_xcalloc(mlen, 1);
    uint32_t *tail = split ? lf_xmalloc(n * sizeof *tail) : NULL;
    for (size_t i = 0; i < n; i++) {
        if (split && cids[i] >= Z_CIDMAP_SPLIT) {
            tail[nt++] = cids[i] << 16 | (sub.gid[i] & 0xffff);
            continue;
        }
        map[2 * cids[i]] = (unsigned char)(sub.gid[i] >> 8);
        map[2 * cids[i] + 1] = (unsigned char)sub.gid[i];
    }
    if (split)
        bad |= cidmap_on_base(c, map, tail, nt, &v->cidmap, &v->pub.cidmap_len);
    else
        bad |= deflate_zlib(c, Z_CIDMAP_LEVEL, Z_CIDMAP_STRATEGY, 1, map, mlen, &v->cidmap,
                            &v->pub.cidmap_len);
    free(map);
    free(tail);
    free(cids);
    lf_subset_free(&sub);
    snprintf(v->pub.name, sizeof v->pub.name, "%s", info.psname);
    v->pub.type0 = v->type0;
    v->pub.cidfont = v->cidfont;
    v->pub.descriptor = v->descriptor;
    v->pub.file_keys = v->file_keys;
    v->pub.file = v->file;
    v->pub.tounicode = v->tounicode;
    v->pub.cidmap = v->cidmap;
    if (bad) {
        *err = lf_xstrdup("PDF: zlib failed");
        free(v->type0), free(v->cidfont), free(v->descriptor), free(v->file_keys);
        free(v->file), free(v->tounicode), free(v->cidmap), free(v->wide), free(v);
        return NULL;
    }
    return v;
}

const lf_pdfcs_font *lf_pdfcs_font_get(lf_pdfcs *c, lf_fonts *f, int face, const uint32_t *cps,
                                       size_t n, const uint32_t *base, size_t nb, int lean,
                                       char **err)
{
    const char *path = lf_fonts_path(f, face);
    if (!path) {
        *err = lf_xasprintf("PDF: no font file for face %d", face);
        return NULL;
    }
    /* key: path, face index (style flags), leanness, code points */
    lf_buf k = {0};
    lf_buf_adds(&k, path);
    lf_buf_addc(&k, '\0');
    lf_buf_add(&k, (const char *)&face, sizeof face);
    lf_buf_add(&k, (const char *)&lean, sizeof lean);
    lf_buf_add(&k, (const char *)cps, n * sizeof *cps);
    if (lean && base) {
        lf_buf_add(&k, (const char *)&nb, sizeof nb);
        lf_buf_add(&k, (const char *)base, nb * sizeof *base);
    }
    uint64_t h = lf_hash64(k.s, k.len);
    entry *e = table_find(&c->fonts, h, k.s, k.len);
    if (e) {
        lf_buf_free(&k);
        return &((fontval *)e->val)->pub;
    }
    source *s = get_source(c, path);
    if (!s->src) {
        *err = lf_xasprintf("PDF: %s is not a TrueType font that can be subset", path);
        lf_buf_free(&k);
        return NULL;
    }
    fontval *v = build_font(c, f, face, s->src, cps, n, base, nb, lean, err);
    if (v) {
        table_put(&c->fonts, h, k.s, k.len, v);
        c->font_bytes += k.len + v->pub.file_len + v->pub.tounicode_len + v->pub.cidmap_len +
                         strlen(v->type0) + strlen(v->cidfont) + strlen(v->descriptor) +
                         sizeof *v;
    }
    lf_buf_free(&k);
    return v ? &v->pub : NULL;
}
