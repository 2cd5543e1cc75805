/* test_pdfcs: page content chunks. The operators (Td for a line below the
 * previous one at the same x, Tm otherwise; 2-byte codes in literal strings
 * with \ ( ) and CR escaped), the zlib stream (inflated back), and the chunk
 * cache: a chunk found in the cache has the bytes of one built afresh, and
 * a change to any item, to the level, to the translation or to a face's
 * encoding is not found. The one-byte encoding (lf_pdfcs_code) over the
 * whole BMP, its codes in content, and the CMaps that decode it. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "t.h"
#include "pdfcs.h"
#include "util.h"

static const char *const names[] = {"Face-Regular", "Face-Bold"};

static lf_pdfcs_page page(void)
{
    lf_pdfcs_page pg = {0};
    pg.trim_w = 595.276;
    pg.trim_h = 841.89;
    pg.font_names = names;
    pg.nfonts = 2;
    return pg;
}

static void text(lf_ditem *it, double x, double y, int font, const char *s)
{
    memset(it, 0, sizeof *it);
    it->kind = LF_D_TEXT;
    it->x = x;
    it->y = y;
    it->font = font;
    it->size = 12;
    it->color = LF_C_TEXT;
    it->text = lf_xstrdup(s);
    it->elem = -1;
    it->lang = -1;
}

/* The content stream of one chunk, built with cache c. */
static lf_buf stream(lf_pdfcs *c, const lf_pdfcs_page *pg, const lf_pdfcs_chunk *ch)
{
    lf_buf z = {0};
    char *err = NULL;
    CHECK(lf_pdfcs_content(c, pg, ch, 1, &z, &err) == 0);
    CHECK(err == NULL);
    free(err);
    return z;
}

static lf_buf fresh(const lf_pdfcs_page *pg, const lf_pdfcs_chunk *ch)
{
    lf_pdfcs *c = lf_pdfcs_new(1u << 20);
    lf_buf z = stream(c, pg, ch);
    lf_pdfcs_free(c);
    return z;
}

static int same(const lf_buf *a, const lf_buf *b)
{
    return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* The stream inflated (NUL bytes kept: *n is the length). */
static unsigned char *inflated(const lf_buf *z, size_t *n)
{
    uLongf cap = 1u << 16;
    unsigned char *out = lf_xmalloc(cap);
    int r = uncompress(out, &cap, (const Bytef *)z->s, (uLong)z->len);
    CHECK(r == Z_OK);
    *n = r == Z_OK ? cap : 0;
    return out;
}

static int has(const unsigned char *s, size_t n, const char *what, size_t wn)
{
    for (size_t i = 0; i + wn <= n; i++)
        if (memcmp(s + i, what, wn) == 0)
            return 1;
    return 0;
}
#define HAS(s, n, lit) has(s, n, lit, sizeof lit - 1)

static void test_operators(void)
{
    lf_ditem v[4];
    text(&v[0], 10, 700, 0, "A(");
    text(&v[1], 10, 683, 0, "\xC4\x8D\\");      /* U+010D: bytes 01 0D; U+005C */
    text(&v[2], 30.5, 683, 1, ")");
    text(&v[3], 30.5, 666.25, 1, "x");
    lf_pdfcs_page pg = page();
    lf_pdfcs_chunk ch = {v, 4, 0, 0, 1, 0, 9, 0, NULL};
    lf_buf z = fresh(&pg, &ch);
    size_t n = 0;
    unsigned char *s = inflated(&z, &n);
    CHECK(HAS(s, n, "q\nBT\n/Face-Regular 12 Tf\n0 0 0 rg\n10 700 Td\n(\0A\0\\()Tj\n"));
    CHECK(HAS(s, n, "\n0 -17 Td\n(\1\\r\0\\\\)Tj\n"));
    CHECK(HAS(s, n, "\n/Face-Bold 12 Tf\n1 0 0 1 30.5 683 Tm\n(\0\\))Tj\n"));
    CHECK(HAS(s, n, "\n0 -16.75 Td\n(\0x)Tj\nET\nQ\n"));
    CHECK(!HAS(s, n, "<"));
    free(s);
    lf_buf_free(&z);
    for (int i = 0; i < 4; i++)
        free(v[i].text);
}

static void test_cache(void)
{
    enum { N = 40 };
    lf_ditem v[N];
    char tmp[64];
    for (int i = 0; i < N; i++) {
        snprintf(tmp, sizeof tmp, "line %d of the body, the same for every recipient", i);
        text(&v[i], 48.189, 780 - 17 * i, i % 2, tmp);
    }
    lf_pdfcs_page pg = page();
    lf_pdfcs_chunk ch = {v, N, 0, 0, 1, 0, 9, 0, NULL};
    lf_pdfcs *c = lf_pdfcs_new(1u << 20);
    lf_buf a = stream(c, &pg, &ch), b = stream(c, &pg, &ch), f = fresh(&pg, &ch);
    CHECK(same(&a, &b)); /* found in the cache */
    CHECK(same(&a, &f)); /* as built afresh */

    /* one character changed, same length: not found, built afresh */
    v[17].text[3] = 'X';
    lf_buf d = stream(c, &pg, &ch), df = fresh(&pg, &ch);
    CHECK(!same(&d, &a));
    CHECK(same(&d, &df));
    v[17].text[3] = 'e';
    /* a coordinate moved by a thousandth */
    v[30].x += 0.001;
    lf_buf e = stream(c, &pg, &ch), ef = fresh(&pg, &ch);
    CHECK(!same(&e, &a));
    CHECK(same(&e, &ef));
    v[30].x -= 0.001;
    /* the same items at another level: their own bytes, the same content */
    ch.level = 1;
    lf_buf g = stream(c, &pg, &ch), gf = fresh(&pg, &ch);
    CHECK(same(&g, &gf));
    CHECK(!same(&g, &a));
    size_t n1 = 0, n9 = 0;
    unsigned char *s1 = inflated(&g, &n1), *s9 = inflated(&a, &n9);
    CHECK(n1 == n9 && n1 > 0 && memcmp(s1, s9, n1) == 0);
    free(s1);
    free(s9);
    ch.level = 9;
    /* moved as a whole: another chunk */
    ch.oy = 5;
    lf_buf h = stream(c, &pg, &ch), hf = fresh(&pg, &ch);
    CHECK(same(&h, &hf));
    CHECK(!same(&h, &a));
    ch.oy = 0;
    /* back to the first: still found, still the same */
    lf_buf k = stream(c, &pg, &ch);
    CHECK(same(&k, &a));
    /* not cacheable: the same bytes too */
    ch.cache = 0;
    lf_buf m = stream(c, &pg, &ch);
    CHECK(same(&m, &a));

    lf_buf *all[] = {&a, &b, &f, &d, &df, &e, &ef, &g, &gf, &h, &hf, &k, &m};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        lf_buf_free(all[i]);
    lf_pdfcs_free(c);
    for (int i = 0; i < N; i++)
        free(v[i].text);
}

/* Every code point: a code or none as documented, decoded back by reading
 * the first byte (one byte or two: no code is the prefix of another), its
 * number the CID, inside the codespace. */
static void test_codes(void)
{
    static uint32_t back[65536]; /* code as a number -> code point + 1 */
    memset(back, 0, sizeof back);
    int bad = 0, n1 = 0, n2 = 0;
    for (uint32_t cp = 0; cp < 0x10000; cp++) {
        unsigned char c[2];
        int n = lf_pdfcs_code(cp, c);
        int want = (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) ? 1
                   : cp >= 0x100 && cp < 0x4000                              ? 2
                                                                             : 0;
        if (n != want) {
            bad++;
            continue;
        }
        if (!n)
            continue;
        int first_one = (c[0] >= 0x20 && c[0] <= 0x7e) || c[0] >= 0xa0;
        uint32_t v = n == 1 ? c[0] : (uint32_t)c[0] << 8 | c[1];
        if (first_one != (n == 1) || v != lf_pdfcs_cid(cp) || back[v])
            bad++;
        back[v] = cp + 1;
        /* the codespace: <20>-<7E>, <A0>-<FF>, <0100>-<1FFF>, <8000>-<9FFF> */
        if (n == 2 && !((c[0] >= 0x01 && c[0] <= 0x1f) || (c[0] >= 0x80 && c[0] <= 0x9f)))
            bad++;
        if (n == 1)
            n1++;
        else
            n2++;
    }
    CHECK(bad == 0);
    CHECK(n1 == 95 + 96);
    CHECK(n2 == 0x4000 - 0x100);
    unsigned char c[2];
    CHECK(lf_pdfcs_code(0xe9, c) == 1 && c[0] == 0xe9);                  /* é */
    CHECK(lf_pdfcs_code(0x2019, c) == 2 && c[0] == 0x80 && c[1] == 0x19); /* ’ */
    CHECK(lf_pdfcs_cid(0x2019) == 0x8019);
    CHECK(lf_pdfcs_code(0x1ec5, c) == 2 && c[0] == 0x1e && c[1] == 0xc5); /* ễ */
    CHECK(lf_pdfcs_cid(0x1ec5) == 0x1ec5);
    CHECK(lf_pdfcs_code(0x4e2d, c) == 0); /* 中 */
    CHECK(lf_pdfcs_code(0x09, c) == 0 && lf_pdfcs_code(0x85, c) == 0);
}

/* Text in a onebyte face: its codes; in the other, 2-byte codes; the
 * same items with another encoding are another chunk. */
static void test_onebyte(void)
{
    lf_ditem v[2];
    text(&v[0], 10, 700, 0, "A\xC3\xA9\xE2\x80\x99\xC5\x81("); /* A é ’ Ł ( */
    text(&v[1], 10, 683, 1, "A\xC3\xA9");
    lf_pdfcs_page pg = page();
    const unsigned char modes[2] = {1, 0};
    pg.onebyte = modes;
    lf_pdfcs_chunk ch = {v, 2, 0, 0, 1, 0, 9, 0, NULL};
    lf_pdfcs *c = lf_pdfcs_new(1u << 20);
    lf_buf a = stream(c, &pg, &ch), f = fresh(&pg, &ch);
    CHECK(same(&a, &f));
    size_t n = 0;
    unsigned char *s = inflated(&a, &n);
    CHECK(HAS(s, n, "(A\xE9\x80\x19\x01\x41\\()Tj\n"));
    CHECK(HAS(s, n, "(\0A\0\xE9)Tj\n"));
    free(s);
    pg.onebyte = NULL; /* Identity-H everywhere: not the cached chunk */
    lf_buf b = stream(c, &pg, &ch), bf = fresh(&pg, &ch);
    CHECK(!same(&a, &b));
    CHECK(same(&b, &bf));
    s = inflated(&b, &n);
    CHECK(HAS(s, n, "(\0A\0\xE9\x20\x19\x01\x41\0\\()Tj\n"));
    free(s);
    /* a character without a code in a face said to be onebyte: an error */
    free(v[1].text);
    v[1].text = lf_xstrdup("\xE4\xB8\xAD"); /* U+4E2D */
    const unsigned char both[2] = {1, 1};
    pg.onebyte = both;
    lf_buf z = {0};
    char *err = NULL;
    CHECK(lf_pdfcs_content(c, &pg, &ch, 1, &z, &err) == -1);
    CHECK(err && strstr(err, "U+4E2D"));
    free(err);
    lf_buf_free(&z);
    lf_buf_free(&a);
    lf_buf_free(&f);
    lf_buf_free(&b);
    lf_buf_free(&bf);
    lf_pdfcs_free(c);
    free(v[0].text);
    free(v[1].text);
}

/* The CMaps of the onebyte fonts: the encoding, a cidrange per row of all
 * of them (row 0: its two of one byte) to lf_pdfcs_cid's CIDs; the
 * ToUnicode, a bfrange for row 0 and a bfchar for each other code point of
 * any of them; fonts not onebyte left out; each made once. */
static void test_maps(void)
{
    static const uint32_t wa[] = {0x141, 0x2019}, wb[] = {0x1ec5, 0x2019}, wc[] = {0x4e2d};
    lf_pdfcs_font a = {0}, b = {0}, other = {0};
    a.onebyte = b.onebyte = 1;
    a.rows[0] = 1 << 0 | 1 << 1;                /* U+00xx, U+01xx */
    a.rows[0x20 >> 3] = 1 << (0x20 & 7);
    a.wide = wa, a.nwide = 2;
    b.rows[0] = 1;
    b.rows[0x1e >> 3] = 1 << (0x1e & 7);
    b.rows[0x20 >> 3] = 1 << (0x20 & 7);
    b.wide = wb, b.nwide = 2;
    other.rows[0x4e >> 3] = 1 << (0x4e & 7);
    other.wide = wc, other.nwide = 1;
    const lf_pdfcs_font *fonts[] = {&a, NULL, &other, &b};
    lf_pdfcs *c = lf_pdfcs_new(1u << 20);
    const unsigned char *cm, *tu, *cm2, *tu2;
    size_t cml, tul, cml2, tul2;
    CHECK(lf_pdfcs_maps(c, fonts, 4, &cm, &cml, &tu, &tul) == 0);
    CHECK(lf_pdfcs_maps(c, fonts, 4, &cm2, &cml2, &tu2, &tul2) == 0);
    CHECK(cm == cm2 && tu == tu2 && cml == cml2 && tul == tul2);
    lf_buf zc = {0}, zt = {0};
    lf_buf_add(&zc, (const char *)cm, cml);
    lf_buf_add(&zt, (const char *)tu, tul);
    size_t n = 0;
    unsigned char *s = inflated(&zc, &n);
    CHECK(HAS(s, n, "/CMapName /" LF_PDFCS_CMAP " def\n"));
    CHECK(HAS(s, n, "4 begincodespacerange\n<20> <7E>\n<A0> <FF>\n<0100> <1FFF>\n"
                    "<8000> <9FFF>\nendcodespacerange\n"));
    CHECK(HAS(s, n, "5 begincidrange\n<20> <7E> 32\n<A0> <FF> 160\n<0100> <01FF> 256\n"
                    "<1E00> <1EFF> 7680\n<8000> <80FF> 32768\nendcidrange\n"));
    CHECK(!HAS(s, n, "4E"));
    free(s);
    s = inflated(&zt, &n);
    CHECK(HAS(s, n, "/CMapType 2 def\n4 begincodespacerange\n"));
    CHECK(HAS(s, n, "2 beginbfrange\n<20> <7E> <0020>\n<A0> <FF> <00A0>\nendbfrange\n"
                    "3 beginbfchar\n<0141> <0141>\n<1EC5> <1EC5>\n<8019> <2019>\nendbfchar\n"));
    CHECK(!HAS(s, n, "4E2D"));
    free(s);
    lf_buf_free(&zc);
    lf_buf_free(&zt);
    lf_pdfcs_free(c);
}

int main(void)
{
    test_operators();
    test_cache();
    test_codes();
    test_onebyte();
    test_maps();
    return T_DONE("test_pdfcs");
}
