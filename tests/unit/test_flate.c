/* flate: zlib streams inflate back to their input; raw pieces end on a
 * byte boundary with no final block, so that pieces of any size and kind
 * (text, binary, empty or a few bytes (stored), larger than one block)
 * concatenated behind a zlib header, with a final empty block and the
 * combined Adler-32, inflate to the concatenated inputs; the same input
 * gives the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "flate.h"
#include "t.h"
#include "util.h"

/* Inflate the zlib stream z[0..zlen): exactly want[0..n)? */
static int inflates_to(const unsigned char *z, size_t zlen, const unsigned char *want, size_t n)
{
    unsigned char *got = malloc(n + 16);
    uLongf glen = (uLongf)(n + 16);
    int r = uncompress(got, &glen, z, (uLong)zlen);
    int ok = r == Z_OK && glen == n && memcmp(got, want, n) == 0;
    free(got);
    return ok;
}

static uint32_t rnd_state = 12345;
static unsigned rnd(void)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return rnd_state >> 16;
}

int main(void)
{
    lf_flate *f = lf_flate_new();
    /* inputs: PDF-like text, noise, nothing, a long repetitive text that
     * makes several blocks, one byte */
    enum { NIN = 5 };
    unsigned char *in[NIN];
    size_t n[NIN] = {3000, 2000, 0, 300000, 1};
    lf_buf t = {0};
    while (t.len < n[0])
        lf_buf_printf(&t, "[(Les inhibiteurs de points de contr)20(\xc3\xb4le)]TJ 0 -17 Td %zu\n",
                      t.len);
    in[0] = malloc(n[0]);
    memcpy(in[0], t.s, n[0]);
    lf_buf_free(&t);
    in[1] = malloc(n[1]);
    for (size_t i = 0; i < n[1]; i++)
        in[1][i] = (unsigned char)rnd();
    in[2] = malloc(1);
    in[3] = malloc(n[3]);
    for (size_t i = 0; i < n[3]; i++) /* words of a small alphabet: many blocks */
        in[3][i] = (unsigned char)(i % 7 == 0 ? ' ' : 'a' + rnd() % 11);
    in[4] = malloc(1);
    in[4][0] = 'Q';

    for (int level = 1; level <= LF_FLATE_MAX; level += 5) {
        /* whole streams */
        for (int i = 0; i < NIN; i++) {
            lf_buf z = {0};
            lf_buf_adds(&z, "keep"); /* appended to what the buffer holds */
            CHECK(lf_flate_zlib(f, level, in[i], n[i], &z) == 0);
            CHECK(memcmp(z.s, "keep", 4) == 0);
            CHECK(inflates_to((const unsigned char *)z.s + 4, z.len - 4, in[i], n[i]));
            lf_buf_free(&z);
        }
        /* pieces, concatenated in two orders */
        static const int orders[2][NIN] = {{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}};
        for (int o = 0; o < 2; o++) {
            lf_buf s = {0}, all = {0};
            lf_buf_add(&s, "\x78\xda", 2);
            uLong ad = adler32(0, NULL, 0);
            int bad = 0;
            for (int k = 0; k < NIN; k++) {
                int i = orders[o][k];
                unsigned char *z;
                size_t zl;
                if (lf_flate_piece(f, level, in[i], n[i], &z, &zl)) {
                    bad = 1;
                    continue;
                }
                if (n[i] > LF_FLATE_STORED) /* ends with an empty stored block */
                    CHECK(zl >= 4 && memcmp(z + zl - 4, "\x00\x00\xff\xff", 4) == 0);
                else /* one stored block, not final */
                    CHECK(zl == n[i] + 5 && z[0] == 0 && z[1] == (n[i] & 255) &&
                          memcmp(z + 5, in[i], n[i]) == 0);
                lf_buf_add(&s, (const char *)z, zl);
                lf_buf_add(&all, (const char *)in[i], n[i]);
                ad = adler32_combine(ad, adler32(adler32(0, NULL, 0), in[i], (uInt)n[i]),
                                     (z_off_t)n[i]);
                free(z);
            }
            CHECK(!bad);
            unsigned char tail[6] = {0x03, 0x00, (unsigned char)(ad >> 24),
                                     (unsigned char)(ad >> 16), (unsigned char)(ad >> 8),
                                     (unsigned char)ad};
            lf_buf_add(&s, (const char *)tail, 6);
            CHECK(inflates_to((const unsigned char *)s.s, s.len, (const unsigned char *)all.s,
                              all.len));
            lf_buf_free(&s);
            lf_buf_free(&all);
        }
    }
    /* the same input, the same bytes, whatever came before */
    unsigned char *a, *b;
    size_t al, bl;
    CHECK(lf_flate_piece(f, 12, in[0], n[0], &a, &al) == 0);
    lf_flate *g = lf_flate_new();
    CHECK(lf_flate_piece(g, 12, in[0], n[0], &b, &bl) == 0);
    CHECK(al == bl && memcmp(a, b, al) == 0);
    free(a);
    free(b);
    /* smaller than zlib's best on PDF-like text */
    CHECK(lf_flate_piece(f, 12, in[0], n[0], &a, &al) == 0);
    CHECK(al < compressBound(n[0]));
    uLongf zl = compressBound(n[0]);
    unsigned char *zb = malloc(zl);
    CHECK(compress2(zb, &zl, in[0], n[0], 9) == Z_OK);
    CHECK(al <= zl); /* raw piece + 4 vs zlib header + adler: a fair margin */
    free(zb);
    free(a);
    lf_flate_free(g);
    for (int i = 0; i < NIN; i++)
        free(in[i]);
    lf_flate_free(f);
    return T_DONE("test_flate");
}
