/* subset: TrueType subsets through hb-subset. */
#include "subset.h"

#include <hb.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

/* The tables a lean subset copies from, as HarfBuzz hands them out. */
enum { T_GLYF, T_LOCA, T_HMTX, T_HEAD, T_HHEA, T_MAXP, NT };

struct lf_subset_src {
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;   /* scale = upem: advances in font units */
    lf_subset_info info;
    hb_blob_t *tb[NT]; /* lean two-part subsets: the source's tables */
    const unsigned char *t[NT];
    unsigned tlen[NT];
    unsigned nglyphs, nhm; /* maxp numGlyphs, hhea numberOfHMetrics */
    int long_loca;
    int parts_ok;      /* the tables above are usable */
};

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static int s16(const unsigned char *p)
{
    unsigned v = be16(p);
    return v >= 0x8000 ? (int)v - 0x10000 : (int)v;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The tables a two-part subset is made from, checked for size once so that
 * glyph look-ups need only check the glyph's own bytes. */
static void load_parts(lf_subset_src *s)
{
    static const hb_tag_t tags[NT] = {
        HB_TAG('g', 'l', 'y', 'f'), HB_TAG('l', 'o', 'c', 'a'), HB_TAG('h', 'm', 't', 'x'),
        HB_TAG('h', 'e', 'a', 'd'), HB_TAG('h', 'h', 'e', 'a'), HB_TAG('m', 'a', 'x', 'p')};
    for (int i = 0; i < NT; i++) {
        s->tb[i] = hb_face_reference_table(s->face, tags[i]);
        s->t[i] = (const unsigned char *)hb_blob_get_data(s->tb[i], &s->tlen[i]);
    }
    if (s->tlen[T_HEAD] < 54 || s->tlen[T_HHEA] < 36 || s->tlen[T_MAXP] < 32 ||
        be32(s->t[T_MAXP]) != 0x00010000u)
        return;
    s->nglyphs = be16(s->t[T_MAXP] + 4);
    s->nhm = be16(s->t[T_HHEA] + 34);
    s->long_loca = be16(s->t[T_HEAD] + 50) != 0;
    size_t need_loca = (size_t)(s->nglyphs + 1) * (s->long_loca ? 4 : 2);
    if (s->nglyphs == 0 || s->nhm == 0 || s->nhm > s->nglyphs || s->tlen[T_LOCA] < need_loca ||
        s->tlen[T_HMTX] < 4u * s->nhm + 2u * (s->nglyphs - s->nhm))
        return;
    s->parts_ok = 1;
}

lf_subset_src *lf_subset_open(const char *path)
{
    /* HarfBuzz maps the file read-only (or reads it): nothing that a fork
     * could share a file offset on. */
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob)
        return NULL;
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
    hb_blob_t *head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned hlen = 0;
    const unsigned char *h = (const unsigned char *)hb_blob_get_data(head, &hlen);
    int ok = hb_blob_get_length(glyf) > 0 && hlen >= 54 && hb_face_get_upem(face) > 0;
    hb_blob_destroy(glyf);
    if (!ok) {
        hb_blob_destroy(head);
        hb_face_destroy(face);
        hb_blob_destroy(blob);
        return NULL;
    }
    lf_subset_src *s = lf_xcalloc(1, sizeof *s);
    s->blob = blob;
    s->face = face;
    s->font = hb_font_create(face);
    s->info.upem = hb_face_get_upem(face);
    hb_font_set_scale(s->font, (int)s->info.upem, (int)s->info.upem);
    for (int i = 0; i < 4; i++)
        s->info.bbox[i] = s16(h + 36 + 2 * i);
    hb_blob_destroy(head);
    hb_blob_t *post = hb_face_reference_table(face, HB_TAG('p', 'o', 's', 't'));
    unsigned plen = 0;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(post, &plen);
    if (plen >= 8)
        s->info.italic_angle = s16(p + 4) + be16(p + 6) / 65536.0;
    hb_blob_destroy(post);
    unsigned nlen = sizeof s->info.psname;
    if (hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &nlen,
                            s->info.psname) == 0)
        strcpy(s->info.psname, "Font");
    /* a PDF name without delimiters or spaces */
    for (char *c = s->info.psname; *c; c++)
        if (*c <= ' ' || *c > '~' || strchr("()<>[]{}/%#", *c))
            *c = '-';
    load_parts(s);
    return s;
}

void lf_subset_close(lf_subset_src *s)
{
    if (!s)
        return;
    for (int i = 0; i < NT; i++)
        hb_blob_destroy(s->tb[i]);
    hb_font_destroy(s->font);
    hb_face_destroy(s->face);
    hb_blob_destroy(s->blob);
    free(s);
}

void lf_subset_get_info(const lf_subset_src *s, lf_subset_info *out)
{
    *out = s->info;
}

int lf_subset_make(lf_subset_src *src, const uint32_t *cps, size_t n, int lean, lf_subset *out)
{
    memset(out, 0, sizeof *out);
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return -1;
    hb_set_t *u = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < n; i++)
        hb_set_add(u, cps[i]);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    /* Tables a PDF viewer never reads for a CIDFontType2 drawn by glyph id
     * (ISO 32000-1 9.9: glyf, head, hhea, hmtx, loca, maxp are what it
     * needs, with cvt, fpgm, prep when hinted): layout, names, and cmap,
     * OS/2 and post (the CIDToGIDMap maps codes to glyphs). */
    static const char drop[][5] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern",
                                   "DSIG", "hdmx", "VDMX", "LTSH", "gasp", "name", "STAT",
                                   "MVAR", "HVAR", "vhea", "vmtx", "meta", "morx", "feat",
                                   "cmap", "OS/2", "post"};
    /* the last three only when lean: print and archive files keep them, the
     * shape their preflights were checked against */
    size_t ndrop = sizeof drop / sizeof *drop - (lean ? 0 : 3);
    hb_set_t *dt = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < ndrop; i++)
        hb_set_add(dt, HB_TAG(drop[i][0], drop[i][1], drop[i][2], drop[i][3]));
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(src->face, in);
    hb_subset_input_destroy(in);
    if (!plan)
        return -1;
    hb_face_t *sub = hb_subset_plan_execute_or_fail(plan);
    hb_blob_t *b = sub ? hb_face_reference_blob(sub) : hb_blob_get_empty();
    unsigned len = 0;
    const char *data = hb_blob_get_data(b, &len);
    int rc = -1;
    if (data && len > 12) {
        out->data = lf_xmalloc(len);
        memcpy(out->data, data, len);
        out->len = len;
        out->n = n;
        out->gid = lf_xcalloc(n ? n : 1, sizeof *out->gid);
        out->adv = lf_xcalloc(n ? n : 1, sizeof *out->adv);
        /* New glyph ids from the plan's mapping (the subset has no cmap);
         * advances from the source. */
        const hb_map_t *old2new = hb_subset_plan_old_to_new_glyph_mapping(plan);
        for (size_t i = 0; i < n; i++) {
            hb_codepoint_t og = 0;
            if (hb_font_get_nominal_glyph(src->font, cps[i], &og)) {
                hb_codepoint_t g = hb_map_get(old2new, og);
                if (g != HB_MAP_VALUE_INVALID && g <= 0xffff)
                    out->gid[i] = (uint16_t)g;
                hb_position_t a = hb_font_get_glyph_h_advance(src->font, og);
                out->adv[i] = (uint16_t)(a < 0 ? 0 : a > 0xffff ? 0xffff : a);
            }
        }
        rc = 0;
    }
    hb_blob_destroy(b);
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    return rc;
}

void lf_subset_free(lf_subset *s)
{
    free(s->data);
    free(s->gid);
    free(s->adv);
    memset(s, 0, sizeof *s);
}

/*** Lean subsets in two parts ***/

#define ABSENT 0xffffu /* a source glyph not (yet) in the subset */
#define MAX_DEPTH 16   /* composite glyphs nested deeper are refused */

struct lf_subset_base {
    const lf_subset_src *src;
    uint16_t *map;      /* per source glyph: its id in the subset, or ABSENT */
    uint16_t *old;      /* per subset glyph: the source glyph */
    size_t n;
    unsigned char *glyf; /* the glyphs, a multiple of 4 bytes */
    size_t glyf_len;
    uint32_t *off;      /* n + 1 offsets into glyf */
    uint32_t glyf_sum;  /* its table checksum */
};

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v & 0xffff);
}

/* Table checksum of len bytes (padded with zeros to a multiple of 4). */
static uint32_t tsum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 4 <= len; i += 4)
        sum += be32(p + i);
    if (i < len) {
        unsigned char last[4] = {0};
        memcpy(last, p + i, len - i);
        sum += be32(last);
    }
    return sum;
}

/* The bytes of source glyph g (an empty glyph has none). */
static int src_glyph(const lf_subset_src *s, unsigned g, const unsigned char **p, size_t *len)
{
    if (g >= s->nglyphs)
        return -1;
    const unsigned char *l = s->t[T_LOCA];
    size_t a, b;
    if (s->long_loca) {
        a = be32(l + 4 * g);
        b = be32(l + 4 * g + 4);
    } else {
        a = 2u * be16(l + 2 * g);
        b = 2u * be16(l + 2 * g + 2);
    }
    if (b < a || b > s->tlen[T_GLYF])
        return -1;
    *p = s->t[T_GLYF] + a;
    *len = b - a;
    return 0;
}

/* The length of a composite glyph's component record with these flags:
 * flags, glyph index, two arguments (bytes or words), then no scale, one,
 * an x and a y, or a 2 x 2 matrix (F2DOT14 each). */
static size_t comp_len(unsigned flags)
{
    return 4 + ((flags & 1) ? 4 : 2) + ((flags & 8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0);
}

/* Mark glyph g and the components it is built from in bits, unless the base
 * map (NULL: none) already has them. */
static int want(const lf_subset_src *s, const uint16_t *base, uint64_t *bits, unsigned g, int depth)
{
    if (g >= s->nglyphs || depth > MAX_DEPTH)
        return -1;
    if ((base && base[g] != ABSENT) || (bits[g >> 6] >> (g & 63) & 1))
        return 0;
    bits[g >> 6] |= 1ull << (g & 63);
    const unsigned char *p;
    size_t len;
    if (src_glyph(s, g, &p, &len))
        return -1;
    if (len < 10 || s16(p) >= 0)
        return 0;
    size_t q = 10;
    unsigned flags;
    do {
        if (q + 4 > len)
            return -1;
        flags = be16(p + q);
        if (want(s, base, bits, be16(p + q + 2), depth + 1))
            return -1;
        q += comp_len(flags);
    } while (flags & 0x20);
    return 0;
}

/* Append source glyph g to b without its hinting instructions and trailing
 * padding, its components renumbered by map, padded to an even length. */
static int put_glyph(const lf_subset_src *s, const uint16_t *map, unsigned g, lf_buf *b)
{
    const unsigned char *p;
    size_t len;
    if (src_glyph(s, g, &p, &len))
        return -1;
    if (len == 0)
        return 0;
    if (len < 10)
        return -1;
    int nc = s16(p);
    if (nc >= 0) {
        size_t o = 10 + 2 * (size_t)nc;
        if (o + 2 > len)
            return -1;
        unsigned npts = nc ? be16(p + o - 2) + 1u : 0;
        size_t q = o + 2 + be16(p + o), xb = 0, yb = 0;
        for (unsigned k = 0; k < npts;) {
            if (q >= len)
                return -1;
            unsigned f = p[q++], rep = 1;
            if (f & 8) {
                if (q >= len)
                    return -1;
                rep += p[q++];
            }
            xb += rep * ((f & 2) ? 1u : (f & 16) ? 0u : 2u);
            yb += rep * ((f & 4) ? 1u : (f & 32) ? 0u : 2u);
            k += rep;
        }
        size_t end = q + xb + yb;
        if (end > len)
            return -1;
        size_t fo = o + 2 + be16(p + o);
        lf_buf_add(b, (const char *)p, o);
        lf_buf_add(b, "\0\0", 2);
        lf_buf_add(b, (const char *)p + fo, end - fo);
    } else {
        lf_buf_add(b, (const char *)p, 10);
        size_t q = 10;
        unsigned flags;
        do {
            if (q + 4 > len)
                return -1;
            flags = be16(p + q);
            unsigned cg = be16(p + q + 2);
            size_t cl = comp_len(flags);
            if (q + cl > len || cg >= s->nglyphs || map[cg] == ABSENT)
                return -1;
            unsigned char h[4];
            put16(h, flags & ~0x100u); /* WE_HAVE_INSTRUCTIONS: not any more */
            put16(h + 2, map[cg]);
            lf_buf_add(b, (const char *)h, 4);
            lf_buf_add(b, (const char *)p + q + 4, cl - 4);
            q += cl;
        } while (flags & 0x20);
    }
    if (b->len & 1)
        lf_buf_addc(b, '\0');
    return 0;
}

static unsigned nominal(const lf_subset_src *s, uint32_t cp)
{
    hb_codepoint_t g = 0;
    return hb_font_get_nominal_glyph(s->font, cp, &g) && g < s->nglyphs ? (unsigned)g : 0;
}

lf_subset_base *lf_subset_base_make(const lf_subset_src *src, const uint32_t *cps, size_t n)
{
    if (!src->parts_ok)
        return NULL;
    size_t nw = (src->nglyphs + 63) / 64;
    uint64_t *bits = lf_xcalloc(nw, sizeof *bits);
    int bad = want(src, NULL, bits, 0, 0);
    for (size_t i = 0; i < n && !bad; i++)
        bad = want(src, NULL, bits, nominal(src, cps[i]), 0);
    lf_subset_base *b = lf_xcalloc(1, sizeof *b);
    b->src = src;
    b->map = lf_xmalloc(src->nglyphs * sizeof *b->map);
    memset(b->map, 0xff, src->nglyphs * sizeof *b->map);
    b->old = lf_xmalloc(src->nglyphs * sizeof *b->old);
    for (size_t w = 0; w < nw; w++)
        for (uint64_t v = bits[w]; v; v &= v - 1) {
            unsigned g = (unsigned)(w * 64 + (size_t)__builtin_ctzll(v));
            b->map[g] = (uint16_t)b->n;
            b->old[b->n++] = (uint16_t)g;
        }
    free(bits);
    lf_buf gl = {0};
    b->off = lf_xmalloc((b->n + 1) * sizeof *b->off);
    for (size_t i = 0; i < b->n && !bad; i++) {
        b->off[i] = (uint32_t)gl.len;
        if (i > 0) /* .notdef stays empty, as hb-subset leaves it */
            bad = put_glyph(src, b->map, b->old[i], &gl);
    }
    /* so that the glyphs after these start aligned: padding after the last
     * glyph that has an outline (empty glyphs have no bytes at all) */
    size_t end = gl.len;
    while (gl.len % 4)
        lf_buf_addc(&gl, '\0');
    b->off[b->n] = (uint32_t)gl.len;
    for (size_t i = b->n; i-- > 0 && b->off[i] == end;)
        b->off[i] = (uint32_t)gl.len;
    b->glyf_len = gl.len;
    b->glyf = (unsigned char *)lf_buf_take(&gl);
    b->glyf_sum = tsum(b->glyf, b->glyf_len);
    if (bad || b->glyf_len > 0x7fffffffu) {
        lf_subset_base_free(b);
        return NULL;
    }
    return b;
}

void lf_subset_base_free(lf_subset_base *b)
{
    if (!b)
        return;
    free(b->map);
    free(b->old);
    free(b->glyf);
    free(b->off);
    free(b);
}

const unsigned char *lf_subset_base_glyf(const lf_subset_base *b, size_t *len)
{
    *len = b->glyf_len;
    return b->glyf;
}

int lf_subset_make_on(const lf_subset_src *src, const lf_subset_base *base, const uint32_t *cps,
                      size_t n, lf_subset *out)
{
    memset(out, 0, sizeof *out);
    if (!src->parts_ok || base->src != src)
        return -1;
    size_t ng = src->nglyphs, nw = (ng + 63) / 64;
    uint64_t *bits = lf_xcalloc(nw, sizeof *bits);
    unsigned *og = lf_xmalloc((n ? n : 1) * sizeof *og);
    int bad = 0;
    for (size_t i = 0; i < n && !bad; i++) {
        og[i] = nominal(src, cps[i]);
        bad = want(src, base->map, bits, og[i], 0);
    }
    /* the glyphs beyond the base, in source order */
    uint16_t *map = lf_xmalloc(ng * sizeof *map);
    memcpy(map, base->map, ng * sizeof *map);
    uint16_t *old = lf_xmalloc(ng * sizeof *old);
    memcpy(old, base->old, base->n * sizeof *old);
    size_t total = base->n;
    for (size_t w = 0; w < nw; w++)
        for (uint64_t v = bits[w]; v; v &= v - 1) {
            unsigned g = (unsigned)(w * 64 + (size_t)__builtin_ctzll(v));
            map[g] = (uint16_t)total;
            old[total++] = (uint16_t)g;
        }
    free(bits);
    lf_buf more = {0};
    uint32_t *off = lf_xmalloc((total + 1) * sizeof *off);
    memcpy(off, base->off, base->n * sizeof *off);
    for (size_t i = base->n; i < total && !bad; i++) {
        off[i] = (uint32_t)(base->glyf_len + more.len);
        bad = put_glyph(src, map, old[i], &more);
    }
    size_t glyf_len = base->glyf_len + more.len;
    off[total] = (uint32_t)glyf_len;
    int lng = glyf_len > 0x1fffe;
    if (bad || glyf_len > 0x7fffffffu) {
        free(og), free(map), free(old), free(off);
        lf_buf_free(&more);
        return -1;
    }

    /* Tables in the order of their tags (the directory's), glyf first in
     * the file so that the base's glyphs sit at a fixed place, each table
     * on a 4-byte boundary. */
    enum { O_GLYF, O_HEAD, O_HHEA, O_HMTX, O_LOCA, O_MAXP };
    static const char tags[6][5] = {"glyf", "head", "hhea", "hmtx", "loca", "maxp"};
    size_t tl[6] = {glyf_len, 54, 36, 4 * total, (total + 1) * (lng ? 4 : 2), 32};
    size_t to[6], at = 12 + 16 * 6;
    for (int i = 0; i < 6; i++) {
        to[i] = at;
        at += (tl[i] + 3) & ~(size_t)3;
    }
    unsigned char *d = lf_xcalloc(at, 1);
    if (base->glyf_len)
        memcpy(d + to[O_GLYF], base->glyf, base->glyf_len);
    if (more.len)
        memcpy(d + to[O_GLYF] + base->glyf_len, more.s, more.len);
    lf_buf_free(&more);

    unsigned char *h = d + to[O_HEAD];
    memcpy(h, src->t[T_HEAD], 54);
    put32(h + 8, 0); /* checkSumAdjustment: below */
    put16(h + 50, lng ? 1 : 0);
    unsigned char *hh = d + to[O_HHEA];
    memcpy(hh, src->t[T_HHEA], 36);
    put16(hh + 34, (unsigned)total);
    const unsigned char *hm = src->t[T_HMTX];
    unsigned char *m = d + to[O_HMTX];
    for (size_t i = 0; i < total; i++) {
        unsigned g = old[i];
        unsigned last = src->nhm - 1;
        memcpy(m + 4 * i, hm + 4 * (g < src->nhm ? g : last), 2);
        memcpy(m + 4 * i + 2, g < src->nhm ? hm + 4 * g + 2 : hm + 4 * src->nhm + 2 * (g - src->nhm), 2);
    }
    unsigned char *l = d + to[O_LOCA];
    for (size_t i = 0; i <= total; i++) {
        if (lng)
            put32(l + 4 * i, off[i]);
        else
            put16(l + 2 * i, off[i] / 2);
    }
    unsigned char *mx = d + to[O_MAXP];
    memcpy(mx, src->t[T_MAXP], 32);
    put16(mx + 4, (unsigned)total);
    /* no hinting: as hb-subset leaves maxp without instructions */
    put16(mx + 14, 1);
    memset(mx + 16, 0, 12);

    put32(d, 0x00010000);
    put16(d + 4, 6);
    put16(d + 6, 64); /* searchRange, entrySelector, rangeShift for 6 tables */
    put16(d + 8, 2);
    put16(d + 10, 32);
    uint32_t file_sum = 0;
    for (int i = 0; i < 6; i++) {
        unsigned char *e = d + 12 + 16 * i;
        uint32_t sum = i == O_GLYF ? base->glyf_sum + tsum(d + to[i] + base->glyf_len,
                                                           glyf_len - base->glyf_len)
                                   : tsum(d + to[i], tl[i]);
        memcpy(e, tags[i], 4);
        put32(e + 4, sum);
        put32(e + 8, (uint32_t)to[i]);
        put32(e + 12, (uint32_t)tl[i]);
        file_sum += sum;
    }
    file_sum += tsum(d, 12 + 16 * 6);
    put32(h + 8, 0xb1b0afbau - file_sum);

    out->data = d;
    out->len = at;
    out->base_off = to[O_GLYF];
    out->base_len = base->glyf_len;
    out->n = n;
    out->gid = lf_xcalloc(n ? n : 1, sizeof *out->gid);
    out->adv = lf_xcalloc(n ? n : 1, sizeof *out->adv);
    for (size_t i = 0; i < n; i++) {
        if (og[i]) {
            out->gid[i] = map[og[i]];
            hb_position_t a = hb_font_get_glyph_h_advance(src->font, og[i]);
            out->adv[i] = (uint16_t)(a < 0 ? 0 : a > 0xffff ? 0xffff : a);
        }
    }
    free(og), free(map), free(old), free(off);
    return 0;
}
