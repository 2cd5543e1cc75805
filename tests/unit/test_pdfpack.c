/* test_pdfpack: the office file's object stream and cross-reference stream
 * (pdfpack), and the paragraph cache's keying (paracache). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "paracache.h"
#include "pdfpack.h"
#include "t.h"
#include "util.h"

#define ZID "<00000000000000000000000000000000>"

/* A small file in the shape libharu 2.3.0 writes: objects in number order,
 * a stream whose /Length is an indirect integer, an xref table, a trailer
 * with a zero /ID. */
static char *sample(size_t *len)
{
    static const char content[] = "BT ET\n";
    const char *objs[7] = {
        NULL,
        "<<\n/Type /Catalog\n/Pages 2 0 R\n>>",
        "<<\n/Type /Pages\n/Kids [ 6 0 R ]\n/Count 1\n>>",
        "<<\n/Producer (test)\n>>",
        NULL, /* the stream */
        "6",
        "<<\n/Type /Page\n/Parent 2 0 R\n/MediaBox [ 0 0 200 200 ]\n/Contents 4 0 R\n"
        "/Resources << >>\n>>",
    };
    lf_buf b = {0};
    size_t off[7] = {0};
    lf_buf_adds(&b, "%PDF-1.7\n%\xb7\xbe\xad\xaa\n");
    for (int i = 1; i < 7; i++) {
        off[i] = b.len;
        lf_buf_printf(&b, "%d 0 obj\n", i);
        if (i == 4)
            lf_buf_printf(&b, "<<\n/Length 5 0 R\n>>\nstream\r\n%s\nendstream", content);
        else
            lf_buf_adds(&b, objs[i]);
        lf_buf_adds(&b, "\nendobj\n");
    }
    size_t x = b.len;
    lf_buf_adds(&b, "xref\n0 7\n0000000000 65535 f\r\n");
    for (int i = 1; i < 7; i++)
        lf_buf_printf(&b, "%010zu 00000 n\r\n", off[i]);
    lf_buf_printf(&b, "trailer\n<<\n/ID [ " ZID " " ZID " ]\n/Root 1 0 R\n/Info 3 0 R\n/Size 7\n>>\n"
                      "startxref\n%zu\n%%%%EOF\n", x);
    *len = b.len;
    return lf_buf_take(&b);
}

static const char *find(const unsigned char *h, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; k <= n && i + k <= n; i++)
        if (memcmp(h + i, needle, k) == 0)
            return (const char *)h + i;
    return NULL;
}

/* The decompressed stream of the object whose dictionary contains `key`. */
static unsigned char *stream_of(const unsigned char *pdf, size_t len, const char *key, size_t *n)
{
    const char *k = find(pdf, len, key);
    if (!k)
        return NULL;
    const char *l = find((const unsigned char *)k, len - (size_t)(k - (const char *)pdf), "/Length ");
    const char *s = find((const unsigned char *)k, len - (size_t)(k - (const char *)pdf), "stream\r\n");
    if (!l || !s)
        return NULL;
    unsigned long zlen = strtoul(l + 8, NULL, 10);
    uLongf cap = 1 << 16;
    unsigned char *out = malloc(cap);
    if (uncompress(out, &cap, (const Bytef *)s + 8, zlen) != Z_OK) {
        free(out);
        return NULL;
    }
    *n = cap;
    return out;
}

static void test_pack(void)
{
    size_t len;
    char *in = sample(&len);
    unsigned char *out = NULL, *out2 = NULL;
    size_t olen = 0, olen2 = 0, id_at = 0, id_at2 = 0;
    CHECK(lf_pdfpack((unsigned char *)in, len, &out, &olen, &id_at) == 0);
    if (!out) {
        free(in);
        return;
    }
    CHECK(memcmp(out, "%PDF-1.7\n", 9) == 0);
    CHECK(find(out, olen, "/Type /ObjStm") != NULL);
    CHECK(find(out, olen, "/Type /XRef") != NULL);
    CHECK(find(out, olen, "/Root 1 0 R") != NULL);
    CHECK(find(out, olen, "/Info 3 0 R") != NULL);
    CHECK(find(out, olen, "trailer") == NULL);
    CHECK(find(out, olen, "4 0 obj\n<<\n/Length 6\n>>\nstream\r\nBT ET\n\nendstream\nendobj\n") != NULL);
    CHECK(find(out, olen, "5 0 obj") == NULL); /* the length object is inlined */
    CHECK(find(out, olen, "1 0 obj") == NULL); /* dictionaries are in the object stream */
    CHECK(id_at + 72 <= olen && memcmp(out + id_at, "[ " ZID " " ZID " ]", 72) == 0);
    CHECK(olen > 6 && memcmp(out + olen - 6, "%%EOF\n", 6) == 0);

    /* the object stream: "1 0 2 o 3 o 6 o" then the dictionaries */
    size_t n = 0;
    unsigned char *os = stream_of(out, olen, "/Type /ObjStm", &n);
    CHECK(os != NULL);
    if (os) {
        CHECK(n > 8 && memcmp(os, "1 0 2 ", 6) == 0);
        CHECK(find(os, n, "<<\n/Type /Catalog\n/Pages 2 0 R\n>>") != NULL);
        CHECK(find(os, n, "/Contents 4 0 R") != NULL);
        CHECK(find(os, n, "\n6\n") == NULL);
        free(os);
    }
    /* the xref stream: 9 entries of 7 bytes (0..6, the object stream 7, itself 8) */
    unsigned char *xs = stream_of(out, olen, "/Type /XRef", &n);
    CHECK(xs != NULL && n == 9 * 7);
    if (xs && n == 9 * 7) {
        CHECK(xs[0] == 0 && xs[5] == 0xff && xs[6] == 0xff); /* free head */
        CHECK(xs[7 * 5] == 0);                              /* the inlined length */
        CHECK(xs[7 * 1] == 2 && xs[7 * 1 + 4] == 7 && xs[7 * 1 + 6] == 0); /* in stream 7, index 0 */
        CHECK(xs[7 * 6] == 2 && xs[7 * 6 + 6] == 3);
        size_t o4 = (size_t)xs[7 * 4 + 1] << 24 | (size_t)xs[7 * 4 + 2] << 16 |
                    (size_t)xs[7 * 4 + 3] << 8 | xs[7 * 4 + 4];
        CHECK(xs[7 * 4] == 1 && o4 < olen && memcmp(out + o4, "4 0 obj\n", 8) == 0);
    }
    free(xs);

    /* same input, same bytes */
    CHECK(lf_pdfpack((unsigned char *)in, len, &out2, &olen2, &id_at2) == 0);
    CHECK(out2 && olen2 == olen && memcmp(out, out2, olen) == 0 && id_at2 == id_at);
    free(out2);

    /* qpdf reads it (when installed) */
    char path[] = "/tmp/test-pdfpack-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0) {
        FILE *f = fdopen(fd, "wb");
        fwrite(out, 1, olen, f);
        fclose(f);
        char cmd[256];
        snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", path);
        int st = system(cmd);
        if (access("/usr/bin/qpdf", X_OK) == 0)
            CHECK(st == 0);
        unlink(path);
    }
    free(out);

    /* anything else is refused, nothing allocated */
    unsigned char *none = NULL;
    CHECK(lf_pdfpack((const unsigned char *)"%PDF-1.7\n", 9, &none, &olen, &id_at) == -1 && !none);
    CHECK(lf_pdfpack((unsigned char *)in, len / 2, &none, &olen, &id_at) == -1 && !none);
    char *bad = lf_xstrdup(in);
    char *e = strstr(bad, "2 0 obj");
    if (e)
        e[0] = '9'; /* an object that is not where the table says */
    CHECK(lf_pdfpack((unsigned char *)bad, len, &none, &olen, &id_at) == -1 && !none);
    free(bad);
    bad = lf_xstrdup(in);
    e = strstr(bad, "/ID [ <0");
    if (e)
        e[7] = '1'; /* no zero placeholder */
    CHECK(lf_pdfpack((unsigned char *)bad, len, &none, &olen, &id_at) == -1 && !none);
    free(bad);
    free(in);
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
    test_pack();
    test_paracache();
    return T_DONE("pdfpack");
}
