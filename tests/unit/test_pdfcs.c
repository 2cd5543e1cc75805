/* test_pdfcs: page content chunks. The operators (Td for a line below the
 * previous one at the same x, Tm otherwise; 2-byte codes in literal strings
 * with \ ( ) and CR escaped), the zlib stream (inflated back), and the chunk
 * cache: a chunk found in the cache has the bytes of one built afresh, and
 * a change to any item, to the level or to the translation is not found. */
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
    lf_pdfcs_chunk ch = {v, 4, 0, 0, 1, 0, 9, 0};
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
    lf_pdfcs_chunk ch = {v, N, 0, 0, 1, 0, 9, 0};
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

int main(void)
{
    test_operators();
    test_cache();
    return T_DONE("test_pdfcs");
}
