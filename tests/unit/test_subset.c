/* subset: lean subsets made on a base (lf_subset_make_on) are valid
 * TrueType programs (directory, checksums, table sizes that agree), draw
 * every character with the outline and advance it has in the source font
 * (HarfBuzz reads them back, composite glyphs included), keep the base's
 * glyphs first with the same bytes whatever else the subset holds, and
 * agree with hb-subset's lean subsets glyph for glyph. */
#include <hb.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "subset.h"
#include "t.h"
#include "util.h"

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* An outline drawn by HarfBuzz, as a hash of every drawing call. */
typedef struct drawn {
    uint64_t h;
    unsigned calls;
} drawn;

static void mix(drawn *d, int op, float a, float b, float c, float e, float f, float g)
{
    float v[6] = {a, b, c, e, f, g};
    d->h = (d->h ^ (uint64_t)op) * 0x100000001b3ull;
    for (int i = 0; i < 6; i++) {
        int32_t q = (int32_t)(v[i] * 64.0f);
        d->h = (d->h ^ (uint32_t)q) * 0x100000001b3ull;
    }
    d->calls++;
}

static void mv(hb_draw_funcs_t *df, void *d, hb_draw_state_t *st, float x, float y, void *u)
{
    (void)df, (void)st, (void)u;
    mix(d, 1, x, y, 0, 0, 0, 0);
}
static void ln(hb_draw_funcs_t *df, void *d, hb_draw_state_t *st, float x, float y, void *u)
{
    (void)df, (void)st, (void)u;
    mix(d, 2, x, y, 0, 0, 0, 0);
}
static void qd(hb_draw_funcs_t *df, void *d, hb_draw_state_t *st, float cx, float cy, float x,
               float y, void *u)
{
    (void)df, (void)st, (void)u;
    mix(d, 3, cx, cy, x, y, 0, 0);
}
static void cu(hb_draw_funcs_t *df, void *d, hb_draw_state_t *st, float c1x, float c1y, float c2x,
               float c2y, float x, float y, void *u)
{
    (void)df, (void)st, (void)u;
    mix(d, 4, c1x, c1y, c2x, c2y, x, y);
}
static void cl(hb_draw_funcs_t *df, void *d, hb_draw_state_t *st, void *u)
{
    (void)df, (void)st, (void)u;
    mix(d, 5, 0, 0, 0, 0, 0, 0);
}

static hb_draw_funcs_t *funcs(void)
{
    static hb_draw_funcs_t *f;
    if (!f) {
        f = hb_draw_funcs_create();
        hb_draw_funcs_set_move_to_func(f, mv, NULL, NULL);
        hb_draw_funcs_set_line_to_func(f, ln, NULL, NULL);
        hb_draw_funcs_set_quadratic_to_func(f, qd, NULL, NULL);
        hb_draw_funcs_set_cubic_to_func(f, cu, NULL, NULL);
        hb_draw_funcs_set_close_path_func(f, cl, NULL, NULL);
        hb_draw_funcs_make_immutable(f);
    }
    return f;
}

static drawn draw(hb_font_t *font, unsigned gid)
{
    drawn d = {0xcbf29ce484222325ull, 0};
    hb_font_get_glyph_shape(font, gid, funcs(), &d);
    return d;
}

static hb_font_t *font_of(const unsigned char *data, size_t len, hb_blob_t **blob)
{
    *blob = hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(*blob, 0);
    hb_font_t *font = hb_font_create(face);
    hb_face_destroy(face);
    return font;
}

/* The directory: six tables in tag order, inside the file, each table's
 * checksum right, the whole file summing to 0xB1B0AFBA; numGlyphs agrees
 * with hhea, hmtx and loca. Returns numGlyphs (0: broken). */
static unsigned check_program(const lf_subset *s)
{
    const unsigned char *d = s->data;
    CHECK(s->len >= 12 + 16 * 6 && s->len % 4 == 0);
    if (s->len < 12 + 16 * 6)
        return 0;
    CHECK(be32(d) == 0x00010000u);
    CHECK(be16(d + 4) == 6);
    static const char tags[6][5] = {"glyf", "head", "hhea", "hmtx", "loca", "maxp"};
    const unsigned char *t[6] = {0};
    uint32_t len[6] = {0}, all = 0;
    for (size_t i = 0; i < s->len; i += 4)
        all += be32(d + i);
    CHECK(all == 0xb1b0afbau);
    for (int i = 0; i < 6; i++) {
        const unsigned char *e = d + 12 + 16 * i;
        uint32_t off = be32(e + 8);
        len[i] = be32(e + 12);
        CHECK(memcmp(e, tags[i], 4) == 0);
        CHECK(off % 4 == 0 && off + len[i] <= s->len);
        if (off + len[i] > s->len)
            return 0;
        t[i] = d + off;
        uint32_t sum = 0;
        for (uint32_t k = 0; k < len[i]; k += 4) {
            unsigned char w[4] = {0};
            memcpy(w, t[i] + k, len[i] - k < 4 ? len[i] - k : 4);
            if (i == 1 && k == 8) /* head's checkSumAdjustment counts as 0 */
                memset(w, 0, 4);
            sum += be32(w);
        }
        CHECK(sum == be32(e + 4));
    }
    CHECK(t[0] == d + s->base_off); /* glyf first: the base's glyphs at a fixed place */
    unsigned n = be16(t[5] + 4);
    CHECK(len[1] == 54 && len[2] == 36 && len[5] == 32);
    CHECK(be16(t[2] + 34) == n);
    CHECK(len[3] == 4u * n);
    int lng = be16(t[1] + 50) != 0;
    CHECK(len[4] == (n + 1u) * (lng ? 4 : 2));
    uint32_t last = lng ? be32(t[4] + 4 * n) : 2u * be16(t[4] + 2 * n);
    CHECK(last == len[0]);
    CHECK(be16(t[5] + 14) == 1 && be16(t[5] + 26) == 0); /* no hinting left */
    return n;
}

int main(void)
{
    const char *path = "fonts/NotoSans-Regular.ttf";
    lf_subset_src *src = lf_subset_open(path);
    CHECK(src != NULL);
    if (!src)
        return T_DONE("test_subset");
    hb_blob_t *sb = hb_blob_create_from_file_or_fail(path);
    hb_face_t *sface = hb_face_create(sb, 0);
    hb_font_t *sfont = hb_font_create(sface);

    /* the base: what a leaflet's body shows; then two recipients */
    static const uint32_t base[] = {' ', ',', '.', 'a', 'b', 'c', 'e', 0xe9 /* é */, 0x2019};
    /* é and ễ are composites in Noto Sans (base letter and accents) */
    static const uint32_t one[] = {' ', ',', '.', 'K', 'W', 'a', 'b', 'c', 'e', 0xe9, 0x141 /* Ł */,
                                   0x1ec5 /* ễ */, 0x2019};
    static const uint32_t two[] = {' ', '.', 'Z', 'a', 'b', 'c', 'e', 0xe9, 0xeb /* ë */, 0x2019};
    lf_subset_base *b = lf_subset_base_make(src, base, sizeof base / sizeof *base);
    CHECK(b != NULL);
    if (!b)
        return T_DONE("test_subset");
    size_t blen;
    const unsigned char *bg = lf_subset_base_glyf(b, &blen);
    CHECK(blen > 0 && blen % 4 == 0);

    const uint32_t *sets[2] = {one, two};
    size_t ns[2] = {sizeof one / sizeof *one, sizeof two / sizeof *two};
    lf_subset sub[2];
    for (int k = 0; k < 2; k++) {
        CHECK(lf_subset_make_on(src, b, sets[k], ns[k], &sub[k]) == 0);
        unsigned n = check_program(&sub[k]);
        CHECK(n > ns[k] / 2);
        /* the base's glyphs, byte for byte, where the base says */
        CHECK(sub[k].base_len == blen);
        CHECK(memcmp(sub[k].data + sub[k].base_off, bg, blen) == 0);
        hb_blob_t *blob;
        hb_font_t *font = font_of(sub[k].data, sub[k].len, &blob);
        for (size_t i = 0; i < ns[k]; i++) {
            hb_codepoint_t og = 0;
            CHECK(hb_font_get_nominal_glyph(sfont, sets[k][i], &og));
            unsigned g = sub[k].gid[i];
            CHECK(g > 0 && g < n);
            drawn a = draw(sfont, og), c = draw(font, g);
            CHECK(a.h == c.h && a.calls == c.calls);
            CHECK(sets[k][i] == ' ' || a.calls > 0);
            CHECK(sub[k].adv[i] == hb_font_get_glyph_h_advance(sfont, og));
            CHECK(hb_font_get_glyph_h_advance(font, g) == (hb_position_t)sub[k].adv[i]);
        }
        hb_font_destroy(font);
        hb_blob_destroy(blob);
    }
    /* a base character has the same glyph id in both; others come after */
    CHECK(sub[0].gid[5] == sub[1].gid[3]); /* 'a' */
    CHECK(sub[0].gid[9] == sub[1].gid[7]); /* é */
    CHECK(sub[0].gid[3] > sub[0].gid[5] && sub[1].gid[2] > sub[1].gid[3]); /* K, Z */
    /* what hb-subset's lean subset draws, glyph for glyph */
    lf_subset hb;
    CHECK(lf_subset_make(src, one, ns[0], 1, &hb) == 0);
    {
        hb_blob_t *b1, *b2;
        hb_font_t *f1 = font_of(hb.data, hb.len, &b1), *f2 = font_of(sub[0].data, sub[0].len, &b2);
        for (size_t i = 0; i < ns[0]; i++) {
            drawn x = draw(f1, hb.gid[i]), y = draw(f2, sub[0].gid[i]);
            CHECK(x.h == y.h && hb.adv[i] == sub[0].adv[i]);
        }
        hb_font_destroy(f1);
        hb_font_destroy(f2);
        hb_blob_destroy(b1);
        hb_blob_destroy(b2);
    }
    lf_subset_free(&hb);
    /* the same input, the same bytes */
    lf_subset again;
    CHECK(lf_subset_make_on(src, b, one, ns[0], &again) == 0);
    CHECK(again.len == sub[0].len && memcmp(again.data, sub[0].data, again.len) == 0);
    lf_subset_free(&again);
    /* a base with nothing but .notdef; a subset with no characters */
    lf_subset_base *e = lf_subset_base_make(src, NULL, 0);
    CHECK(e != NULL);
    if (e) {
        lf_subset z;
        CHECK(lf_subset_make_on(src, e, NULL, 0, &z) == 0);
        CHECK(check_program(&z) == 1);
        lf_subset_free(&z);
        lf_subset_base_free(e);
    }
    for (int k = 0; k < 2; k++)
        lf_subset_free(&sub[k]);
    lf_subset_base_free(b);
    lf_subset_close(src);
    hb_font_destroy(sfont);
    hb_face_destroy(sface);
    hb_blob_destroy(sb);
    return T_DONE("test_subset");
}
