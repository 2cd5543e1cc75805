/* test_pdfw: the office file writer (object streams, cross-reference
 * stream, syntax, its cache), and the paragraph cache's keying (paracache). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "paracache.h"
#include "pdfw.h"
#include "t.h"
#include "util.h"

static const char *find(const unsigned char *h, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; k <= n && i + k <= n; i++)
        if (memcmp(h + i, needle, k) == 0)
            return (const char *)h + i;
    return NULL;
}

/* The decompressed data of the n-th stream whose dictionary contains `key`. */
static unsigned char *stream_of(const unsigned char *pdf, size_t len, const char *key, int nth,
                                size_t *n)
{
    const char *k = (const char *)pdf;
    for (int i = 0; i <= nth; i++) {
        k = find((const unsigned char *)k + (i ? 1 : 0), len - (size_t)(k - (const char *)pdf) - (i ? 1 : 0), key);
        if (!k)
            return NULL;
    }
    size_t rest = len - (size_t)(k - (const char *)pdf);
    const char *l = find((const unsigned char *)k, rest, "/Length ");
    const char *s = find((const unsigned char *)k, rest, ">>\nstream\n");
    if (!l || !s)
        return NULL;
    unsigned long zlen = strtoul(l + 8, NULL, 10);
    uLongf cap = 1 << 16;
    unsigned char *out = malloc(cap);
    if (uncompress(out, &cap, (const Bytef *)s + 10, zlen) != Z_OK) {
        free(out);
        return NULL;
    }
    *n = cap;
    return out;
}

/* A one-page file: catalog, pages and page in group 1, info in group 0, a
 * content stream. */
static unsigned char *sample(lf_pdfw_cache *c, const char *title, size_t *len)
{
    static const unsigned char id[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0xff};
    lf_pdfw *w = lf_pdfw_new(c, 7);
    int cat = lf_pdfw_obj(w), pages = lf_pdfw_obj(w), info = lf_pdfw_obj(w), page = lf_pdfw_obj(w);
    int content = lf_pdfw_obj(w);
    CHECK(cat == 1 && pages == 2 && info == 3 && page == 4 && content == 5);
    lf_pdfw_stream(w, content, "", "BT ET\n", 6);
    lf_buf *b = lf_pdfw_body(w, info, 0);
    lf_buf_adds(b, "<</Title");
    lf_pdfw_text(b, title);
    lf_buf_adds(b, ">>");
    b = lf_pdfw_body(w, cat, 1);
    lf_buf_adds(b, "<</Type/Catalog/Pages 2 0 R>>");
    b = lf_pdfw_body(w, pages, 1);
    lf_buf_adds(b, "<</Type/Pages/Kids[4 0 R]/Count 1>>");
    b = lf_pdfw_body(w, page, 1);
    lf_buf_adds(b, "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 5 0 R/Resources<<>>>>");
    unsigned char *out = NULL;
    CHECK(lf_pdfw_finish(w, cat, info, id, &out, len) == 0);
    lf_pdfw_free(w);
    return out;
}


static void test_write(void)
{
    lf_pdfw_cache *c = lf_pdfw_cache_new(1 << 20);
    size_t olen = 0, olen2 = 0, olen3 = 0;
    unsigned char *out = sample(c, "Soins (\\) et \xc2\xab effets \xc2\xbb", &olen);
    CHECK(out != NULL);
    if (!out)
        return;
    CHECK(memcmp(out, "%PDF-1.7\n", 9) == 0);
    CHECK(find(out, olen, "/Type/ObjStm/N 1/First 4") != NULL);  /* group 0: the info */
    CHECK(find(out, olen, "/Type/ObjStm/N 3/First ") != NULL);   /* group 1 */
    CHECK(find(out, olen, "/Type/XRef/Size 9/W[1 4 2]/Root 1 0 R/Info 3 0 R/ID[<0102030405060708090A0B0C0D0E0FFF><0102030405060708090A0B0C0D0E0FFF>]/Filter/FlateDecode/DecodeParms<</Columns 7/Predictor 12>>") != NULL);
    CHECK(find(out, olen, "5 0 obj\n<</Length 6>>\nstream\nBT ET\n\nendstream\nendobj\n") != NULL);
    CHECK(find(out, olen, "1 0 obj") == NULL); /* dictionaries are in object streams */
    CHECK(olen > 6 && memcmp(out + olen - 6, "%%EOF\n", 6) == 0);

    size_t n = 0;
    unsigned char *os = stream_of(out, olen, "/Type/ObjStm", 0, &n);
    CHECK(os != NULL);
    if (os) {
        /* PDFDocEncoding in a literal string: ( ) \ escaped, « » as their
         * Latin-1 bytes */
        static const char want[] = "3 0\n<</Title(Soins \\(\\\\\\) et \xab effets \xbb)>>";
        CHECK(n > sizeof want - 1 && memcmp(os, want, sizeof want - 1) == 0);
        free(os);
    }
    os = stream_of(out, olen, "/Type/ObjStm", 1, &n);
    CHECK(os != NULL);
    if (os) {
        CHECK(n > 8 && memcmp(os, "1 0 2 30 4 ", 11) == 0);
        CHECK(find(os, n, "<</Type/Catalog/Pages 2 0 R>>\n") != NULL);
        free(os);
    }
    /* the xref stream: 9 entries of 7 bytes (0..5, the object streams 6 and 7, itself 8),
     * under the Up predictor */
    unsigned char *xs = t_unpredict(stream_of(out, olen, "/Type/XRef", 0, &n), &n, 7);
    CHECK(xs != NULL && n == 9 * 7);
    if (xs && n == 9 * 7) {
        CHECK(xs[0] == 0 && xs[5] == 0xff && xs[6] == 0xff); /* free head */
        CHECK(xs[7 * 3] == 2 && xs[7 * 3 + 4] == 6 && xs[7 * 3 + 6] == 0); /* info: stream 6, index 0 */
        CHECK(xs[7 * 4] == 2 && xs[7 * 4 + 4] == 7 && xs[7 * 4 + 6] == 2); /* page: stream 7, index 2 */
        size_t o5 = (size_t)xs[7 * 5 + 1] << 24 | (size_t)xs[7 * 5 + 2] << 16 |
                    (size_t)xs[7 * 5 + 3] << 8 | xs[7 * 5 + 4];
        CHECK(xs[7 * 5] == 1 && o5 < olen && memcmp(out + o5, "5 0 obj\n", 8) == 0);
        size_t o8 = (size_t)xs[7 * 8 + 1] << 24 | (size_t)xs[7 * 8 + 2] << 16 |
                    (size_t)xs[7 * 8 + 3] << 8 | xs[7 * 8 + 4];
        CHECK(xs[7 * 8] == 1 && o8 < olen && memcmp(out + o8, "8 0 obj\n", 8) == 0);
    }
    free(xs);

    /* same input, same bytes: from the cache, and without one */
    unsigned char *out2 = sample(c, "Soins (\\) et \xc2\xab effets \xc2\xbb", &olen2);
    CHECK(out2 && olen2 == olen && memcmp(out, out2, olen) == 0);
    free(out2);
    out2 = sample(NULL, "Soins (\\) et \xc2\xab effets \xc2\xbb", &olen2);
    CHECK(out2 && olen2 == olen && memcmp(out, out2, olen) == 0);
    free(out2);
    /* another title: only group 0 differs */
    unsigned char *out3 = sample(c, "Plain (ASCII)", &olen3);
    CHECK(out3 && find(out3, olen3, "/Type/ObjStm/N 1/First 4") != NULL);
    os = out3 ? stream_of(out3, olen3, "/Type/ObjStm", 0, &n) : NULL;
    CHECK(os && n > 4 && memcmp(os, "3 0\n<</Title(Plain \\(ASCII\\))>>\n", 31) == 0);
    free(os);
    free(out3);

    /* qpdf reads it (when installed) */
    CHECK(t_qpdf_ok(out, olen) != 0);
    free(out);
    lf_pdfw_cache_free(c);

    /* syntax */
    lf_buf b = {0};
    lf_pdfw_real(&b, 595.2756);
    lf_buf_addc(&b, ' ');
    lf_pdfw_real(&b, -0.0001);
    lf_buf_addc(&b, ' ');
    lf_pdfw_real(&b, -12.5);
    lf_buf_addc(&b, ' ');
    lf_pdfw_int(&b, -42);
    lf_buf_addc(&b, ' ');
    lf_pdfw_ref(&b, 7);
    lf_buf_addc(&b, ' ');
    lf_pdfw_text(&b, "\xf0\x9f\x98\x80\xff\xc4\x8a");
    static const char want[] = "595.276 0 -12.5 -42 7 0 R (\xfe\xff\xd8\x3d\xde\x00\xff\xfd\x01\\n)";
    CHECK(b.len == sizeof want - 1 && memcmp(b.s, want, b.len) == 0);
    lf_buf_free(&b);
    /* PDFDocEncoding: Latin-1, ’ – € at their bytes there; UTF-16BE for
     * a no-break space (0xA0 is the euro), for what would read as a byte
     * order mark, and for a character it lacks */
    static const struct {
        const char *in, *want;
        size_t wlen;
    } texts[] = {
        {"l\xe2\x80\x99\xc3\xa9t\xc3\xa9 \xe2\x80\x93 5 \xe2\x82\xac", "(l\x90\xe9t\xe9 \x85 5 \xa0)", 13},
        {"a\xc2\xa0" "b", "(\xfe\xff\0a\0\xa0\0b)", 10},
        {"\xc3\xbe\xc3\xbfx", "(\xfe\xff\0\xfe\0\xff\0x)", 10},
        {"\xc5\x81\xc3\xb3" "d\xc5\xba", "(\xfe\xff\x01\x41\0\xf3\0d\x01\x7a)", 12},
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        lf_buf t = {0};
        lf_pdfw_text(&t, texts[i].in);
        CHECK(t.len == texts[i].wlen && memcmp(t.s, texts[i].want, t.len) == 0);
        lf_buf_free(&t);
    }
}

static void run(lf_rich *r, const char *text, unsigned style, const char *href)
{
    r->runs = lf_xrealloc(r->runs, (r->n + 1) * sizeof *r->runs);
    memset(&r->runs[r->n], 0, sizeof r->runs[r->n]);
    r->runs[r->n].text = lf_xstrdup(text);
    r->runs[r->n].style = style;
    r->runs[r->n].href = href ? lf_xstrdup(href) : NULL;
    r->n++;
}

static const lf_lines *put_one(const lf_rich *src, const lf_paracache_key *k, const char *line)
{
    lf_rich typo = {0};
    lf_rich_copy(&typo, src);
    lf_lines ls = {0};
    ls.n = 1;
    ls.v = lf_xcalloc(1, sizeof *ls.v);
    ls.v[0].n = 1;
    ls.v[0].frags = lf_xcalloc(1, sizeof *ls.v[0].frags);
    ls.v[0].frags[0].text = lf_xstrdup(line);
    ls.v[0].frags[0].href = typo.runs[typo.n - 1].href; /* borrowed from typo */
    const lf_lines *got = lf_paracache_put(src, k, &typo, &ls);
    CHECK(typo.n == 0 && ls.n == 0); /* taken */
    return got;
}

static void test_paracache(void)
{
    lf_rich a = {0}, a2 = {0}, b = {0}, c = {0};
    run(&a, "Bonjour ", 0, NULL);
    run(&a, "monde", 1, "https://example.org");
    run(&a2, "Bonjour ", 0, NULL);
    run(&a2, "monde", 1, "https://example.org");
    run(&b, "Bonjour ", 0, NULL);
    run(&b, "monde", 1, "https://example.org/autre");
    run(&c, "Bonjour ", 0, NULL);
    run(&c, "monde", 2, "https://example.org");
    lf_paracache_key k = {1, 2, 0, 200.0, 12.0, 0};
    CHECK(lf_paracache_get(&a, &k) == NULL);
    const lf_lines *la = put_one(&a, &k, "Bonjour monde");
    CHECK(la && la->n == 1 && strcmp(la->v[0].frags[0].text, "Bonjour monde") == 0);
    /* found by content, not by address */
    CHECK(lf_paracache_get(&a2, &k) == la);
    CHECK(la->v[0].frags[0].href && strcmp(la->v[0].frags[0].href, "https://example.org") == 0);
    /* every part of the key counts */
    CHECK(lf_paracache_get(&b, &k) == NULL);
    CHECK(lf_paracache_get(&c, &k) == NULL);
    lf_paracache_key k2 = k;
    k2.width = 201.0;
    CHECK(lf_paracache_get(&a, &k2) == NULL);
    k2 = k, k2.size = 11.0;
    CHECK(lf_paracache_get(&a, &k2) == NULL);
    k2 = k, k2.lang = 1;
    CHECK(lf_paracache_get(&a, &k2) == NULL);
    k2 = k, k2.fonts = 3;
    CHECK(lf_paracache_get(&a, &k2) == NULL);
    k2 = k, k2.hyph = 0;
    CHECK(lf_paracache_get(&a, &k2) == NULL);
    k2 = k, k2.style_or = 1;
    CHECK(lf_paracache_get(&a, &k2) == NULL);
    /* many entries: the table grows, all are found again */
    for (int i = 0; i < 600; i++) {
        lf_rich r = {0};
        char t[32];
        snprintf(t, sizeof t, "texte %d", i);
        run(&r, t, 0, NULL);
        put_one(&r, &k, t);
        lf_rich_free(&r);
    }
    int found = 0;
    for (int i = 0; i < 600; i++) {
        lf_rich r = {0};
        char t[32];
        snprintf(t, sizeof t, "texte %d", i);
        run(&r, t, 0, NULL);
        const lf_lines *l = lf_paracache_get(&r, &k);
        found += l && strcmp(l->v[0].frags[0].text, t) == 0;
        lf_rich_free(&r);
    }
    CHECK(found == 600);
    lf_paracache_trim(); /* under budget: nothing forgotten */
    CHECK(lf_paracache_get(&a, &k) == la);
    lf_paracache_clear();
    CHECK(lf_paracache_get(&a, &k) == NULL);
    lf_rich_free(&a);
    lf_rich_free(&a2);
    lf_rich_free(&b);
    lf_rich_free(&c);
}

int main(void)
{
    test_write();
    test_paracache();
    return T_DONE("pdfw");
}
