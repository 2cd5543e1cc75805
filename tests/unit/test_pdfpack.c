/* test_pdfpack: libharu's classic layout repacked into an object stream and
 * a cross-reference stream (pdfpack): numbers, references, streams kept as
 * they are, the /ID placeholder, and input that is not in the expected
 * shape (an error, never a crash). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "pdfpack.h"
#include "t.h"
#include "util.h"

#define ZID "<00000000000000000000000000000000>"
#define XMP "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n<x:xmpmeta/>\n" \
            "<?xpacket end=\"w\"?>"

static unsigned char zdata[64];
static size_t zdata_len;

/* A file in the shape libharu 2.3.0 writes: objects in number order, each
 * stream's /Length an indirect integer (object 5 for 4, object 8 for 7,
 * written after their streams), an xref table, a trailer with a zero /ID.
 * Object 9 is a Flate stream with a direct /Length; object 10 a bare
 * integer that is not a length. `body` (may be NULL) replaces object 6. */
static char *sample(int minor, const char *body6, size_t *len)
{
    static const char content[] = "BT ET\n";
    if (!zdata_len) {
        uLongf zl = sizeof zdata;
        compress2(zdata, &zl, (const Bytef *)"0 0 1 rg 0 0 10 10 re f\n", 24, 9);
        zdata_len = zl;
    }
    const char *objs[11] = {
        NULL,
        "<<\n/Type /Catalog\n/Pages 2 0 R\n/Metadata 7 0 R\n/Lang (see 7 0 R \\(not a reference\\))\n"
        "/OutputIntents [ <<\n/Type /OutputIntent\n/DestOutputProfile 9 0 R\n>> ]\n>>",
        "<<\n/Type /Pages\n/Kids [ 6 0 R ]\n/Count 1\n>>",
        "<<\n/Producer <FEFF0037002000300020005200>\n/Extra 10 0 R\n/Title (a\\051 6 0 R)\n>>",
        NULL, /* content, /Length 5 0 R */
        "6",
        "<<\n/Type /Page\n/Parent 2 0 R\n/MediaBox [ 0 0 200 200 ]\n/Contents 4 0 R\n"
        "/Resources <<\n/N6 9 0 R\n>>\n/Annots [<<\n/P 6 0 R>>]\n>>",
        NULL, /* XMP, /Length 8 0 R */
        NULL, /* its length */
        NULL, /* Flate, direct /Length */
        "42",
    };
    lf_buf b = {0};
    size_t off[11] = {0};
    lf_buf_printf(&b, "%%PDF-1.%d\n%%\xb7\xbe\xad\xaa\n", minor);
    for (int i = 1; i < 11; i++) {
        off[i] = b.len;
        lf_buf_printf(&b, "%d 0 obj\n", i);
        if (i == 4)
            lf_buf_printf(&b, "<<\n/Length 5 0 R\n>>\nstream\r\n%s\nendstream", content);
        else if (i == 7)
            lf_buf_adds(&b, "<<\n/Length 8 0 R\n/Type /Metadata\n/Subtype /XML\n>>\nstream\r\n" XMP
                            "\nendstream");
        else if (i == 8)
            lf_buf_printf(&b, "%zu", strlen(XMP));
        else if (i == 9) {
            lf_buf_printf(&b, "<<\n/Length %zu\n/N 3\n/Filter [ /FlateDecode ]\n>>\nstream\r\n", zdata_len);
            lf_buf_add(&b, (const char *)zdata, zdata_len);
            lf_buf_adds(&b, "\nendstream");
        } else
            lf_buf_adds(&b, i == 6 && body6 ? body6 : objs[i]);
        lf_buf_adds(&b, "\nendobj\n");
    }
    size_t x = b.len;
    lf_buf_adds(&b, "xref\n0 11\n0000000000 65535 f\r\n");
    for (int i = 1; i < 11; i++)
        lf_buf_printf(&b, "%010zu 00000 n\r\n", off[i]);
    lf_buf_printf(&b, "trailer\n<<\n/ID [ " ZID " " ZID " ]\n/Root 1 0 R\n/Info 3 0 R\n/Size 11\n>>\n"
                      "startxref\n%zu\n%%%%EOF\n", x);
    *len = b.len;
    return lf_buf_take(&b);
}

static const unsigned char *find(const unsigned char *h, size_t n, const char *needle, size_t k)
{
    for (size_t i = 0; k <= n && i + k <= n; i++)
        if (memcmp(h + i, needle, k) == 0)
            return h + i;
    return NULL;
}
#define FIND(h, n, s) find((h), (n), (s), sizeof(s) - 1)

/* The decompressed data of the stream whose dictionary starts with `head`. */
static unsigned char *inflate_of(const unsigned char *pdf, size_t len, const char *head, size_t *n)
{
    const unsigned char *k = find(pdf, len, head, strlen(head));
    if (!k)
        return NULL;
    size_t rest = len - (size_t)(k - pdf);
    const unsigned char *l = FIND(k, rest, "/Length ");
    const unsigned char *s = FIND(k, rest, ">>\nstream\n");
    if (!l || !s)
        return NULL;
    unsigned long zlen = strtoul((const char *)l + 8, NULL, 10);
    uLongf cap = 1 << 16;
    unsigned char *out = malloc(cap);
    if (uncompress(out, &cap, s + 10, zlen) != Z_OK) {
        free(out);
        return NULL;
    }
    *n = cap;
    return out;
}

static void test_pack(void)
{
    size_t len;
    char *in = sample(7, NULL, &len);
    unsigned char *out = NULL, *out2 = NULL;
    size_t olen = 0, olen2 = 0, id_at = 0, id_at2 = 0;
    CHECK(lf_pdfpack((unsigned char *)in, len, &out, &olen, &id_at) == 0);
    CHECK(out != NULL);
    if (!out) {
        free(in);
        return;
    }
    CHECK(olen < len);
    CHECK(memcmp(out, "%PDF-1.7\n%", 10) == 0);
    CHECK(FIND(out, olen, "trailer") == NULL);
    CHECK(FIND(out, olen, "\nxref\n") == NULL);
    CHECK(FIND(out, olen, "/Type/ObjStm") != NULL);
    CHECK(FIND(out, olen, "/Type/XRef/Size 11/") != NULL); /* 0, 8 objects, the object stream, itself */
    CHECK(FIND(out, olen, "/Root 1 0 R/Info 3 0 R") != NULL);
    CHECK(id_at + 68 <= olen && memcmp(out + id_at, ZID ZID "]", 69) == 0);
    CHECK(id_at > 4 && memcmp(out + id_at - 4, "/ID[", 4) == 0);
    CHECK(olen > 6 && memcmp(out + olen - 6, "%%EOF\n", 6) == 0);
    /* streams: the dictionary's entries and data as they were, /Length
     * inlined, the length objects gone (5 and 8), numbers closed up */
    CHECK(FIND(out, olen, "4 0 obj\n<</Length 6>>\nstream\nBT ET\n\nendstream\nendobj\n") != NULL);
    CHECK(FIND(out, olen, "6 0 obj\n<</Type /Metadata\n/Subtype /XML\n/Length 86>>\nstream\n" XMP
                          "\nendstream\nendobj\n") != NULL);
    CHECK(strlen(XMP) == 86);
    const unsigned char *z = FIND(out, olen, "7 0 obj\n<</N 3\n/Filter [ /FlateDecode ]\n/Length ");
    CHECK(z != NULL);
    if (z) {
        const unsigned char *d = FIND(z, olen - (size_t)(z - out), ">>\nstream\n");
        CHECK(d && memcmp(d + 10, zdata, zdata_len) == 0 &&
              memcmp(d + 10 + zdata_len, "\nendstream", 10) == 0);
    }
    CHECK(FIND(out, olen, "1 0 obj") == NULL); /* dictionaries are in the object stream */

    /* the object stream: pairs for 1 2 3 5 8, then the bodies renumbered */
    size_t n = 0;
    unsigned char *os = inflate_of(out, olen, "<</Type/ObjStm/N 5/", &n);
    CHECK(os != NULL);
    if (os) {
        CHECK(n > 10 && memcmp(os, "1 0 2 ", 6) == 0);
        CHECK(FIND(os, n, " 3 ") && FIND(os, n, " 5 ") && FIND(os, n, " 8 "));
        CHECK(FIND(os, n, "/Metadata 6 0 R\n") != NULL);
        CHECK(FIND(os, n, "/Lang (see 7 0 R \\(not a reference\\))") != NULL);
        CHECK(FIND(os, n, "/DestOutputProfile 7 0 R\n>> ]") != NULL);
        CHECK(FIND(os, n, "/Kids [ 5 0 R ]") != NULL);
        CHECK(FIND(os, n, "<FEFF0037002000300020005200>\n/Extra 8 0 R\n/Title (a\\051 6 0 R)") != NULL);
        CHECK(FIND(os, n, "/Contents 4 0 R\n/Resources <<\n/N6 7 0 R\n>>\n/Annots [<<\n/P 5 0 R>>]") != NULL);
        CHECK(FIND(os, n, "\n42\n") != NULL); /* not a length: kept */
        CHECK(FIND(os, n, "\n6\n") == NULL);  /* a length: gone */
        free(os);
    }
    /* the cross-reference stream: 11 entries of 7 bytes */
    unsigned char *xs = t_unpredict(inflate_of(out, olen, "<</Type/XRef", &n), &n, 7);
    CHECK(xs != NULL && n == 11 * 7);
    if (xs && n == 11 * 7) {
        CHECK(xs[0] == 0 && xs[5] == 0xff && xs[6] == 0xff); /* the free list's head */
        CHECK(xs[7 * 1] == 2 && xs[7 * 1 + 4] == 9 && xs[7 * 1 + 6] == 0); /* in stream 9, first */
        CHECK(xs[7 * 8] == 2 && xs[7 * 8 + 6] == 4);
        int ok = 1;
        for (int i = 4; i <= 10; i++) {
            if (i == 5 || i == 8)
                continue;
            size_t o = (size_t)xs[7 * i + 1] << 24 | (size_t)xs[7 * i + 2] << 16 |
                       (size_t)xs[7 * i + 3] << 8 | xs[7 * i + 4];
            char head[16];
            int hl = snprintf(head, sizeof head, "%d 0 obj\n", i);
            ok &= xs[7 * i] == 1 && o + (size_t)hl < olen && memcmp(out + o, head, (size_t)hl) == 0;
        }
        CHECK(ok);
    }
    free(xs);
    CHECK(t_qpdf_ok(out, olen) != 0);

    /* same input, same bytes */
    CHECK(lf_pdfpack((unsigned char *)in, len, &out2, &olen2, &id_at2) == 0);
    CHECK(out2 && olen2 == olen && memcmp(out, out2, olen) == 0 && id_at2 == id_at);
    free(out2);
    free(out);
    free(in);

    /* the header's version is kept; a non-zero /ID is carried over */
    in = sample(6, NULL, &len);
    const unsigned char *e = FIND((unsigned char *)in, len, "/ID [ <0");
    CHECK(e != NULL);
    if (e) {
        size_t at = (size_t)(e - (unsigned char *)in);
        memcpy(in + at + 7, "AB", 2);
        memcpy(in + at + 7 + 35, "AB", 2);
    }
    CHECK(lf_pdfpack((unsigned char *)in, len, &out, &olen, &id_at) == 0);
    CHECK(out && memcmp(out, "%PDF-1.6\n", 9) == 0);
    CHECK(out && id_at + 68 <= olen && memcmp(out + id_at, "<AB000000", 9) == 0 &&
          memcmp(out + id_at + 34, "<AB000000", 9) == 0);
    free(out);
    free(in);
}

/* Pack in[0..len): -1 and nothing handed over. */
static int refused(const char *in, size_t len)
{
    unsigned char *out = (unsigned char *)"x";
    size_t olen = 1, at = 0;
    int rc = lf_pdfpack((const unsigned char *)in, len, &out, &olen, &at);
    if (rc == 0)
        free(out);
    return rc == -1 && out == NULL && olen == 0;
}

/* The sample (*len bytes) with its first `from` replaced by `to` (same
 * length, so the xref table still points where it did). */
static char *edited(const char *from, const char *to, size_t *len)
{
    char *in = sample(7, NULL, len);
    const unsigned char *e = find((unsigned char *)in, *len, from, strlen(from));
    CHECK(e != NULL && strlen(from) == strlen(to));
    if (e && strlen(from) == strlen(to))
        memcpy(in + (e - (unsigned char *)in), to, strlen(to));
    return in;
}

static void test_refused(void)
{
    CHECK(refused("", 0));
    CHECK(refused("%PDF-1.7\n", 9));
    static const char junk[] = "%PDF-1.7\n%%EOF\nstartxref\n0\n%%EOF\n";
    CHECK(refused(junk, sizeof junk - 1));
    size_t len;
    char *in = sample(7, NULL, &len);
    CHECK(refused(in, len / 2));  /* truncated */
    CHECK(refused(in, len - 1));  /* no final newline */
    free(in);
    struct { const char *from, *to; } bad[] = {
        {"2 0 obj", "9 0 obj"},                  /* not where the table says */
        {"/Length 5 0 R", "/Length 4 0 R"},      /* a length that is a stream */
        {"/Length 8 0 R", "/Length 3 0 R"},      /* a length that is a dictionary */
        {"\n6\nendobj", "\n7\nendobj"},          /* a length that is not the data's */
        {"/Extra 10 0 R", "/Extra 11 0 R"},      /* a reference to no object */
        {"/Extra 10 0 R", "/Extra 8 0 R "},      /* to a length object elsewhere */
        {"/Extra 10 0 R", "/Extra 10 1 R"},      /* another generation */
        {"6 0 R)\n>>", "6 0 R(\n>>"},           /* an unterminated string */
        {"/Root 1 0 R", "/Root 5 0 R"},          /* the catalog is a length */
        {"/Size 11", "/Size 12"},
        {"/ID [ <0", "/ID [ <G"},                /* not hex */
        {"/Info 3 0 R", "/Prev 3 0 R"},          /* an update */
        {" 00000 n\r\n", " 00001 n\r\n"},        /* the catalog's generation */
        {"%PDF-1.7", "%PDF-2.0"},
        {"\nendstream\nendobj\n5 0 obj", "\nendstreaX\nendobj\n5 0 obj"},
        {"stream\r\nBT", "strea \r\nBT"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        in = edited(bad[i].from, bad[i].to, &len);
        int r = refused(in, len);
        if (!r)
            fprintf(stderr, "accepted: %s -> %s\n", bad[i].from, bad[i].to);
        CHECK(r);
        free(in);
    }

    /* Every prefix, and every byte changed: an error or a file, never a
     * crash (run under ASan by make sanitize-quick). */
    in = sample(7, NULL, &len);
    int crashed = 0, packed = 0;
    for (size_t k = 0; k < len; k++) {
        unsigned char *out = NULL;
        size_t olen = 0, at = 0;
        if (lf_pdfpack((unsigned char *)in, k, &out, &olen, &at) == 0) {
            packed++;
            free(out);
        }
        char save = in[k];
        for (int v = 0; v < 3; v++) {
            in[k] = (char)(v == 0 ? '0' : v == 1 ? '\n' : save ^ 0x20);
            out = NULL;
            if (lf_pdfpack((unsigned char *)in, len, &out, &olen, &at) == 0) {
                crashed += !(olen > 6 && memcmp(out + olen - 6, "%%EOF\n", 6) == 0 && at < olen);
                free(out);
            } else {
                crashed += out != NULL;
            }
        }
        in[k] = save;
    }
    CHECK(packed == 0); /* no proper prefix is a file */
    CHECK(crashed == 0);
    free(in);
}

int main(void)
{
    test_pack();
    test_refused();
    return T_DONE("pdfpack");
}
