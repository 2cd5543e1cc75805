/* pdf: turns a display list into the PDF bytes of a profile.
 *
 * Office files are written directly (pdfw.c: object numbers handed out so
 * that the body's objects keep their bytes from one recipient to the next,
 * object streams, a cross-reference stream). Print and archive files go
 * through libharu 2.3.0, one document per call; every libharu status is
 * checked, the first failure reported as "PDF: libharu error 0x....", and
 * whatever reaches into libharu's internal structures is in pdfx.c; its
 * classic layout (every dictionary uncompressed, an xref table) is then
 * repacked by pdfpack.c (object streams, a cross-reference stream). Page
 * content and fonts come from pdfcs.c in both cases. Nothing is shared
 * between calls but the caches (lf_pdf_cache), which never change a byte:
 * safe after fork. The output depends only on the inputs (no clock: dates come from
 * dl->date; /ID is the MD5 of the written bytes in print and archive, the
 * input digest in office).
 *
 * Profiles:
 *   office   MediaBox = trim, DeviceRGB.
 *   print    PDF/X-4 (header 1.6): MediaBox = trim + LF_PDF_SLUG each side,
 *            BleedBox = trim + LF_PDF_BLEED, TrimBox = trim, the page drawn
 *            translated by LF_PDF_SLUG; DeviceCMYK only; crop marks and a slug
 *            line in 100 % K (registration colour would be 400 % ink, over
 *            the 300 % limit); GTS_PDFX intent with an embedded CMYK profile.
 *   archive  PDF/A-2u (header 1.7): DeviceRGB, GTS_PDFA1 intent with sRGB,
 *            own XMP with a pdfaExtension description of the leaflet schema.
 */
#include "pdf.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "pdfcs.h"
#include "flate.h"
#include "pdfpack.h"
#include "pdfw.h"
#include "sha256.h"
#include "pdfx.h"
#include "util.h"

#define MM (72.0 / 25.4)
#define LF_PDF_BLEED (3 * MM)   /* bleed beyond the trim, print */
#define LF_PDF_SLUG (20 * MM)   /* media beyond the trim, print: marks + slug */
#define MARK_GAP (3 * MM)       /* crop marks start this far from the trim... */
#define MARK_LEN (10 * MM)      /* ...and are this long */
#define MARK_WIDTH 0.25
#define SLUG_SIZE 6.0

/* Output profiles (Debian package libgs-common, pulled in by ghostscript). */
#define ICC_CMYK "/usr/share/color/icc/ghostscript/default_cmyk.icc"
#define ICC_CMYK_ID "Custom"
#define ICC_CMYK_COND "Artifex CMYK SWOP Profile (Ghostscript default_cmyk.icc)"
#define ICC_CMYK_INFO "Artifex CMYK SWOP Profile"
#define ICC_RGB "/usr/share/color/icc/ghostscript/srgb.icc"
#define ICC_RGB_ID "sRGB IEC61966-2.1"
#define ICC_RGB_INFO "sRGB IEC61966-2.1 (Artifex Software sRGB ICC Profile)"

#define NS_LEAFLET "https://example.org/ns/leaflet/1.0/"

static const char *const profile_names[LF_NPROFILES] = {"office", "print", "archive"};

const char *lf_profile_name(lf_profile p)
{
    return (unsigned)p < LF_NPROFILES ? profile_names[p] : "?";
}

int lf_profile_parse(const char *s)
{
    for (int i = 0; s && i < LF_NPROFILES; i++)
        if (strcmp(s, profile_names[i]) == 0)
            return i;
    return -1;
}

/*** Render state and error handling ***/

/* An office file's body group as written (pdfw: bodies and their numbers and
 * offsets), for the next document whose display list has the same body
 * (lf_dlist.body_id) and whose objects got the same numbers (nums: every
 * number those bodies name). */
typedef struct bodygroup {
    unsigned long id;
    int *nums;
    size_t nnums;
    char *bytes;
    size_t len;
    size_t *starts;
    size_t n;
} bodygroup;
#define NBODYGROUPS 4

struct lf_pdf_cache {
    lf_pdfcs *cs;        /* fonts and page content */
    lf_pdfw_cache *w;    /* office: compressed object streams */
    bodygroup bg[NBODYGROUPS]; /* office: body groups kept (bg_next: replaced next) */
    size_t bg_next;
    lf_buf icc[LF_NPROFILES]; /* print, archive: the output profile, deflated */
    /* pick_fonts's scratch, kept zeroed between documents: per face a bit
     * set of code points (1,024 words), twice; code point lists */
    uint64_t *bits;
    size_t nbits;        /* words in each of the two halves */
    uint32_t *cps;
    /* the code points of a kept body (lf_dlist.body_id): per page the length
     * of its part before the card (k), per face its characters */
    unsigned long body_id;
    size_t *body_k, body_np;
    uint32_t *body_cps;  /* face << 16 | code point */
    size_t body_n;
};

typedef struct render {
    HPDF_Doc pdf;
    HPDF_STATUS err_no, err_detail; /* first error seen by the handler */
    const lf_dlist *dl;
    lf_fonts *f;
    lf_profile p;
    const lf_pdf_meta *meta;
    lf_diags *d;
    int failed;               /* an error has been reported */
    size_t nfaces;
    double ox, oy;            /* trim origin in the media box */
    double mw, mh;            /* media box size */
    char date_xmp[80];
    char date_pdf[80];        /* D:YYYYMMDDHHmmSS+00'00' */
    unsigned char digest[16]; /* of everything the document is made from */
    char *producer;
    /* tagged PDF (when the display list has structure elements) */
    int tagged;
    lf_pdfx_tree *tree;
    char *attached;           /* per element: already a kid of its parent */
    struct dkids *kids;       /* direct writer: per element, its kids */
    size_t pageno;            /* the page being drawn */
    int *mc;                  /* current page: element of each marked-content sequence */
    size_t nmc, mccap;
    /* what pdfcs builds: fonts and page contents (cached per batch) */
    lf_pdfcs *cs;
    const char **fnames;      /* per face: resource name, NULL when unused */
    const lf_pdfcs_font **pfont; /* per face: its font, NULL when unused */
    unsigned char *onebyte;   /* per face: its font is onebyte (lf_pdfcs_font) */
    const lf_dpage *footer;   /* office: the page whose footer is the Form
                                 XObject /Footer, drawn by every page with the
                                 same footer; NULL: none */
    HPDF_Dict *fobj;          /* per face: the Type0 font object */
    lf_dpage *marks;          /* print: per page, crop marks and slug line */
    struct lf_pdf_cache *cache;
} render;

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    render *r = user_data;
    if (!r->err_no) {
        r->err_no = error_no;
        r->err_detail = detail_no;
    }
}

/* Report a failed libharu call once; returns -1. */
static int hfail(render *r, HPDF_STATUS st, const char *what)
{
    if (!r->failed) {
        HPDF_STATUS code = r->err_no ? r->err_no : HPDF_GetError(r->pdf);
        HPDF_STATUS detail = r->err_no ? r->err_detail : HPDF_GetErrorDetail(r->pdf);
        if (!code)
            code = st;
        lf_error(r->d, (lf_pos){0}, "PDF: libharu error 0x%04X (detail %u) in %s",
                 (unsigned)code, (unsigned)detail, what);
        r->failed = 1;
    }
    return -1;
}

#define CHK(r, call)                                                              \
    do {                                                                          \
        HPDF_STATUS chk_st_ = (call);                                             \
        if (chk_st_ != HPDF_OK || (r)->err_no)                                    \
            return hfail((r), chk_st_, #call);                                    \
    } while (0)

static int fail(render *r, const char *fmt, ...) LF_PRINTF(2, 3);
static int fail(render *r, const char *fmt, ...)
{
    if (!r->failed) {
        va_list ap;
        va_start(ap, fmt);
        lf_vdiag(r->d, LF_ERROR, (lf_pos){0}, fmt, ap);
        va_end(ap);
        r->failed = 1;
    }
    return -1;
}

/*** Small helpers ***/

static const char *nz(const char *s)
{
    return s && *s ? s : NULL;
}

/* XML text: escape markup characters, drop what XML 1.0 cannot carry. */
static void xml_add(lf_buf *b, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        size_t start = i;
        uint32_t cp;
        if (!lf_utf8_next(s, n, &i, &cp)) {
            lf_buf_adds(b, "\xEF\xBF\xBD");
            i++;
            continue;
        }
        switch (cp) {
        case '&': lf_buf_adds(b, "&amp;"); break;
        case '<': lf_buf_adds(b, "&lt;"); break;
        case '>': lf_buf_adds(b, "&gt;"); break;
        case '"': lf_buf_adds(b, "&quot;"); break;
        case '\'': lf_buf_adds(b, "&apos;"); break;
        default:
            if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xfffe ||
                cp == 0xffff)
                break;
            lf_buf_add(b, s + start, i - start);
        }
    }
}

static void xml_elem(lf_buf *b, const char *tag, const char *text)
{
    if (!nz(text))
        return;
    lf_buf_printf(b, "   <%s>", tag);
    xml_add(b, text);
    lf_buf_printf(b, "</%s>\n", tag);
}

/* A URI as 7-bit ASCII: bytes outside printable ASCII percent-encoded. */
static char *uri_ascii(const char *s)
{
    lf_buf b = {0};
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= 0x20 || c >= 0x7f)
            lf_buf_printf(&b, "%%%02X", c);
        else
            lf_buf_addc(&b, (char)c);
    }
    return lf_buf_take(&b);
}

static void sha_uuid(const unsigned char md[16], char out[37])
{
    unsigned char u[16];
    memcpy(u, md, 16);
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x50); /* version 5: name-based, SHA */
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
             u[13], u[14], u[15]);
}

/* A digest of everything the document is made from, for the XMP IDs and
 * the office files' /ID: the first 16 bytes of a SHA-256. */
static void input_digest(const render *r, unsigned char md[16])
{
    const lf_dlist *dl = r->dl;
    const lf_pdf_meta *m = r->meta;
    lf_sha256 h;
    lf_sha256_init(&h);
    lf_buf b = {0};
    lf_buf_printf(&b, "%s|%s|%.3f|%.3f|%lld\n", lf_profile_name(r->p), r->producer, dl->width,
                  dl->height, dl->date);
    const char *strs[] = {dl->title, dl->subject, dl->keywords, dl->author, dl->lang, dl->creator};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        lf_buf_printf(&b, "%s\x1f", strs[i] ? strs[i] : "");
    if (m) {
        const char *ms[] = {m->file_name, m->reference, m->version, m->published, m->review,
                            m->recipient};
        for (size_t i = 0; i < sizeof ms / sizeof *ms; i++)
            lf_buf_printf(&b, "%s\x1f", ms[i] ? ms[i] : "");
        for (int i = 0; i < m->nlangs && i < 2; i++)
            lf_buf_printf(&b, "%s\x1f%s\x1f", m->langs[i] ? m->langs[i] : "",
                          m->titles[i] ? m->titles[i] : "");
    }
    lf_sha256_update(&h, b.s ? b.s : "", b.len);
    lf_buf_free(&b);
    for (size_t i = 0; i < dl->noutline; i++) {
        const lf_outline *o = &dl->outline[i];
        int64_t v[3] = {o->level, o->page, llround(o->y * 1000)};
        lf_sha256_update(&h, v, sizeof v);
        const char *t = o->title ? o->title : "";
        lf_sha256_update(&h, t, strlen(t) + 1);
    }
    /* the items in binary (no printf per item: this runs per document),
     * coordinates in thousandths of a point like the content streams */
    for (size_t pi = 0; pi < dl->npages; pi++) {
        uint64_t mark[2] = {0x70616765u, pi}; /* "page", index */
        lf_sha256_update(&h, mark, sizeof mark);
        for (size_t i = 0; i < dl->pages[pi].n; i++) {
            const lf_ditem *it = &dl->pages[pi].v[i];
            int64_t v[9] = {(int64_t)it->kind, llround(it->x * 1000), llround(it->y * 1000),
                            llround(it->w * 1000),   llround(it->h * 1000), (int64_t)it->font,
                            llround(it->size * 1000), (int64_t)it->color, (int64_t)it->bleed};
            lf_sha256_update(&h, v, sizeof v);
            const char *t = it->text ? it->text : "";
            lf_sha256_update(&h, t, strlen(t) + 1);
        }
    }
    unsigned char full[32];
    lf_sha256_final(&h, full);
    memcpy(md, full, 16);
}

static int read_file(const char *path, unsigned char **out, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    lf_buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0)
        lf_buf_add(&b, tmp, n);
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        lf_buf_free(&b);
        return -1;
    }
    *len = b.len;
    *out = (unsigned char *)lf_buf_take(&b);
    return 0;
}

/*** Tagged PDF: the structure tree ***/

/* The direct writer's record of an element's kids, in reading order (the
 * libharu path hands them to pdfx as they come). */
typedef enum { KID_MCID, KID_ELEM, KID_ANNOT } kid_kind;
typedef struct dkid {
    kid_kind kind;
    int page;     /* KID_MCID, KID_ANNOT: page index */
    int v;        /* the MCID, element or annotation index */
} dkid;
typedef struct dkids {
    dkid *v;
    size_t n, cap;
    int pg;       /* page of the first MCID (its /Pg), or -1 */
} dkids;

static void add_kid(render *r, int e, kid_kind kind, int page, int v)
{
    dkids *k = &r->kids[e];
    lf_xgrow((void **)&k->v, &k->cap, k->n + 1, sizeof *k->v);
    k->v[k->n++] = (dkid){kind, page, v};
    if (kind == KID_MCID && k->pg < 0)
        k->pg = page;
}

/* Make element e a kid of its parent, and so on up, the first time content
 * of e is met: kids come in the order their content is drawn, which layout
 * makes the reading order (a whole language, then the other). */
static int attach(render *r, int e)
{
    int chain[64], n = 0;
    for (int x = e; x > 0 && !r->attached[x] && n < 64; x = r->dl->elems[x].parent)
        chain[n++] = x;
    for (int k = n - 1; k >= 0; k--) {
        int x = chain[k];
        if (r->tree)
            CHK(r, lf_pdfx_tree_kid_elem(r->tree, r->dl->elems[x].parent, x));
        else
            add_kid(r, r->dl->elems[x].parent, KID_ELEM, -1, x);
        r->attached[x] = 1;
    }
    return 0;
}

static const char *lang_tag(int lang)
{
    return lang == 0 ? "fr-FR" : lang == 1 ? "en-GB" : NULL; /* lf_lang order */
}

/* Per element: the character a label drawn as a shape stands for (its
 * /ActualText), or NULL. Caller frees the array. */
static const char **actual_texts(const lf_dlist *dl)
{
    const char **actual = lf_xcalloc(dl->nelems ? dl->nelems : 1, sizeof *actual);
    for (size_t p = 0; p < dl->npages; p++)
        for (size_t i = 0; i < dl->pages[p].n; i++) {
            const lf_ditem *it = &dl->pages[p].v[i];
            if (it->elem >= 0 && (size_t)it->elem < dl->nelems && dl->elems[it->elem].type == LF_S_LBL)
                actual[it->elem] = it->kind == LF_D_DOT ? "\xe2\x80\xa2" : "\xe2\x80\x93";
        }
    return actual;
}

/* Every structure element of the display list, before any content. */
static int tree_start(render *r)
{
    const lf_dlist *dl = r->dl;
    if (!dl->nelems)
        return 0;
    r->tree = lf_pdfx_tree_new(r->pdf, dl->nelems);
    if (!r->tree)
        return hfail(r, HPDF_GetError(r->pdf), "structure tree");
    r->attached = lf_xcalloc(dl->nelems, 1);
    const char **actual = actual_texts(dl);
    int rc = 0;
    for (size_t i = 0; i < dl->nelems && rc == 0; i++) {
        const lf_selem *e = &dl->elems[i];
        HPDF_STATUS st = lf_pdfx_tree_elem(r->tree, (int)i, lf_stype_name(e->type), e->parent,
                                           lang_tag(e->lang), actual[i]);
        if (st != HPDF_OK)
            rc = hfail(r, st, "structure element");
    }
    free(actual);
    return rc;
}

/*** Pages ***/



/* A link item's area in media coordinates, as x0 y0 x1 y1 with x0 <= x1,
 * y0 <= y1. */
static void link_rect(const render *r, const lf_ditem *it, double rc[4])
{
    double x0 = it->x + r->ox, y0 = it->y + r->oy;
    double x1 = x0 + it->w, y1 = y0 + it->h;
    rc[0] = x0 < x1 ? x0 : x1;
    rc[2] = x0 < x1 ? x1 : x0;
    rc[1] = y0 < y1 ? y0 : y1;
    rc[3] = y0 < y1 ? y1 : y0;
}

static int add_link(render *r, HPDF_Page pg, const lf_ditem *it)
{
    if (!nz(it->text))
        return fail(r, "PDF: link without a URI");
    double rc[4];
    link_rect(r, it, rc);
    HPDF_Rect rect = {(HPDF_REAL)rc[0], (HPDF_REAL)rc[1], (HPDF_REAL)rc[2], (HPDF_REAL)rc[3]};
    char *uri = uri_ascii(it->text);
    HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(pg, rect, uri);
    free(uri);
    if (!a || r->err_no)
        return hfail(r, HPDF_GetError(r->pdf), "HPDF_Page_CreateURILinkAnnot");
    CHK(r, HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0));
    CHK(r, lf_pdfx_annot_flags(a, 4));
    CHK(r, lf_pdfx_annot_contents(a, it->text)); /* its description, for assistive technology */
    if (r->tree && it->elem >= 0 && (size_t)it->elem < r->dl->nelems) {
        if (attach(r, it->elem))
            return -1;
        CHK(r, lf_pdfx_tree_kid_annot(r->tree, it->elem, pg, a));
    }
    return 0;
}

/* Crop marks at the four corners and the slug line, in media coordinates
 * (100 % K in print), as display items of page `pageno`. */
static void make_marks(render *r, size_t pageno, lf_dpage *out)
{
    const double x0 = r->ox, y0 = r->oy, x1 = r->ox + r->dl->width, y1 = r->oy + r->dl->height;
    const double g = MARK_GAP, l = MARK_LEN;
    const double xs[2] = {x0, x1}, ys[2] = {y0, y1};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double x = xs[i], y = ys[j];
            double dx = i ? 1 : -1, dy = j ? 1 : -1;
            /* horizontal mark, on the line of the horizontal trim edge */
            lf_dpage_add(out, LF_D_LINE, x + dx * g, y, dx * l, 0, LF_C_TEXT, NULL)->size =
                MARK_WIDTH;
            /* vertical mark */
            lf_dpage_add(out, LF_D_LINE, x, y + dy * g, 0, dy * l, LF_C_TEXT, NULL)->size =
                MARK_WIDTH;
        }

    /* Slug: below the trim, clear of the bleed and of the vertical marks. */
    const lf_pdf_meta *m = r->meta;
    lf_buf b = {0};
    const char *sep = "";
    if (m && nz(m->file_name)) {
        lf_buf_adds(&b, m->file_name);
        sep = "  \xC2\xB7  ";
    }
    if (m && nz(m->reference)) {
        lf_buf_printf(&b, "%sref. %s", sep, m->reference);
        sep = "  \xC2\xB7  ";
    }
    if (m && nz(m->version)) {
        lf_buf_printf(&b, "%sversion %s", sep, m->version);
        sep = "  \xC2\xB7  ";
    }
    if (m && nz(m->recipient)) {
        lf_buf_printf(&b, "%s%s", sep, m->recipient);
        sep = "  \xC2\xB7  ";
    }
    lf_buf_printf(&b, "%s%.10s  \xC2\xB7  page %zu/%zu  \xC2\xB7  PDF/X-4", sep, r->date_xmp,
                  pageno + 1, r->dl->npages);
    lf_ditem *t = lf_dpage_add(out, LF_D_TEXT, x0 + g + 6, y0 - LF_PDF_BLEED - 4 * MM - SLUG_SIZE,
                               0, 0, LF_C_TEXT, b.s);
    t->font = LF_FACE_REGULAR;
    t->size = SLUG_SIZE;
    lf_buf_free(&b);
}

/* Code points of one text in a per-face bit set (65536 bits per face), and
 * in a second one too when also is not NULL; hi[face]: above the highest
 * word set. */
static int note_cps(render *r, uint64_t *bits, uint64_t *also, unsigned *hi, const lf_ditem *it)
{
    if (it->kind != LF_D_TEXT || !it->text || !*it->text)
        return 0;
    if (!r->f || it->font < 0 || (size_t)it->font >= r->nfaces)
        return fail(r, "PDF: text uses face %d, which is not loaded", it->font);
    uint64_t *set = bits + (size_t)it->font * 1024;
    uint64_t *set2 = also ? also + (size_t)it->font * 1024 : set;
    unsigned top = 2; /* ASCII */
    const char *s = it->text;
    size_t n = strlen(s), i = 0;
    uint32_t cp;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { /* ASCII: most of the text */
            set[c >> 6] |= 1ull << (c & 63);
            set2[c >> 6] |= 1ull << (c & 63);
            i++;
            continue;
        }
        if (!lf_utf8_next(s, n, &i, &cp))
            return fail(r, "PDF: text is not valid UTF-8: \"%s\"", s);
        if (cp > 0xffff)
            return fail(r, "PDF: text has a character beyond U+FFFF, which the PDF stage "
                           "cannot draw: \"%s\"", s);
        set[cp >> 6] |= 1ull << (cp & 63);
        set2[cp >> 6] |= 1ull << (cp & 63);
        if ((cp >> 6) + 1 > top)
            top = (cp >> 6) + 1;
    }
    if (top > hi[it->font])
        hi[it->font] = top;
    return 0;
}

/* The code points of a face's bit set (words below hi), ascending; their
 * number. The words are left zeroed. */
static size_t set_cps(uint64_t *set, unsigned hi, uint32_t *cps)
{
    size_t n = 0;
    for (uint32_t w = 0; w < hi; w++) {
        for (uint64_t v = set[w]; v; v &= v - 1)
            cps[n++] = w * 64 + (uint32_t)__builtin_ctzll(v);
        set[w] = 0;
    }
    return n;
}

/* The fonts: per face, a subset of exactly the characters the document
 * shows in it (pdfcs builds each once per batch): r->pfont, r->fnames.
 * Office files are lean and made on a base: the characters of every text
 * but the recipient's own (lf_ditem.own: name, job title, phone...), the
 * same for all recipients of a batch but for the labels of the fields they
 * have, whose glyphs pdfcs cuts and compresses once. */
static int pick_fonts(render *r)
{
    int lean = r->p == LF_PROFILE_OFFICE;
    lf_pdf_cache *c = r->cache;
    size_t words = (r->nfaces ? r->nfaces : 1) * 1024;
    if (c->nbits < words) {
        free(c->bits);
        c->bits = lf_xcalloc(2 * words, sizeof *c->bits);
        c->nbits = words;
    }
    if (!c->cps)
        c->cps = lf_xmalloc(2 * 65536 * sizeof *c->cps);
    uint64_t *bits = c->bits, *shared = lean ? c->bits + c->nbits : NULL;
    unsigned *hi = lf_xcalloc(r->nfaces ? r->nfaces : 1, sizeof *hi);
    int rc = 0;
    const lf_dlist *dl = r->dl;
    /* a kept body's part of each page (before the card) has the same
     * characters for every recipient: noted once, then taken as noted */
    size_t np = dl->npages, *ks = lf_xmalloc((np ? np : 1) * sizeof *ks);
    for (size_t p = 0; p < np; p++)
        ks[p] = dl->body_id ? lf_pdfcs_shared_prefix(dl, &dl->pages[p]) : 0;
    int known = dl->body_id && c->body_id == dl->body_id && c->body_np == np &&
                memcmp(c->body_k, ks, np * sizeof *ks) == 0;
    if (known) {
        for (size_t j = 0; j < c->body_n; j++) {
            unsigned face = c->body_cps[j] >> 16, cp = c->body_cps[j] & 0xffff;
            bits[face * 1024 + (cp >> 6)] |= 1ull << (cp & 63);
            if (shared) /* the body is nobody's own */
                shared[face * 1024 + (cp >> 6)] |= 1ull << (cp & 63);
            if ((cp >> 6) + 1 > hi[face])
                hi[face] = (cp >> 6) + 1;
        }
    } else if (dl->body_id) {
        for (size_t p = 0; p < np && rc == 0; p++)
            for (size_t i = 0; i < ks[p] && rc == 0; i++)
                rc = note_cps(r, bits, dl->pages[p].v[i].own ? NULL : shared, hi,
                              &dl->pages[p].v[i]);
        size_t n = 0;
        for (size_t face = 0; face < r->nfaces && rc == 0; face++)
            for (unsigned w = 0; w < hi[face]; w++)
                n += (size_t)__builtin_popcountll(bits[face * 1024 + w]);
        if (rc == 0 && r->nfaces <= 0xffff) {
            c->body_cps = lf_xrealloc(c->body_cps, (n ? n : 1) * sizeof *c->body_cps);
            c->body_n = 0;
            for (size_t face = 0; face < r->nfaces; face++)
                for (unsigned w = 0; w < hi[face]; w++)
                    for (uint64_t v = bits[face * 1024 + w]; v; v &= v - 1)
                        c->body_cps[c->body_n++] =
                            (uint32_t)face << 16 | (w * 64 + (uint32_t)__builtin_ctzll(v));
            free(c->body_k);
            c->body_k = ks;
            ks = NULL;
            c->body_np = np;
            c->body_id = dl->body_id;
        }
    }
    const size_t *from = c->body_id == dl->body_id && dl->body_id ? c->body_k : NULL;
    for (size_t p = 0; p < np && rc == 0; p++) {
        const lf_dpage *dp = &dl->pages[p];
        for (size_t i = from ? from[p] : 0; i < dp->n && rc == 0; i++)
            rc = note_cps(r, bits, dp->v[i].own ? NULL : shared, hi, &dp->v[i]);
        for (size_t i = 0; r->marks && i < r->marks[p].n && rc == 0; i++)
            rc = note_cps(r, bits, NULL, hi, &r->marks[p].v[i]);
    }
    free(ks);
    uint32_t *cps = c->cps, *base = cps + 65536;
    for (size_t face = 0; face < r->nfaces; face++) {
        /* zeroed again whatever happens: the next document starts clean */
        size_t n = set_cps(bits + face * 1024, hi[face], cps);
        size_t nb = shared ? set_cps(shared + face * 1024, hi[face], base) : 0;
        if (!n || rc)
            continue;
        char *err = NULL;
        /* lean subsets (no cmap, OS/2, post) in office files */
        const lf_pdfcs_font *pf = lf_pdfcs_font_get(r->cs, r->f, (int)face, cps, n,
                                                    shared ? base : NULL, nb, lean, &err);
        if (!pf) {
            rc = fail(r, "%s", err);
            free(err);
            continue;
        }
        r->fnames[face] = pf->name;
        for (size_t k = 0; k < face; k++) /* two faces, one PostScript name */
            if (r->fnames[k] && strcmp(r->fnames[k], pf->name) == 0)
                r->fnames[face] = NULL;
        if (!r->fnames[face]) {
            rc = fail(r, "PDF: two fonts are named %s", pf->name);
            continue;
        }
        r->pfont[face] = pf;
        r->onebyte[face] = (unsigned char)pf->onebyte;
    }
    if (rc) /* a text may have stopped half-way, past hi */
        memset(c->bits, 0, 2 * c->nbits * sizeof *c->bits);
    free(hi);
    return rc;
}

/* The fonts as libharu objects. */
static int load_fonts(render *r)
{
    if (pick_fonts(r))
        return -1;
    for (size_t face = 0; face < r->nfaces; face++) {
        const lf_pdfcs_font *pf = r->pfont[face];
        if (!pf)
            continue;
        r->fobj[face] = lf_pdfx_font(r->pdf, pf->type0, pf->cidfont, pf->descriptor, pf->file_keys,
                                     pf->file, pf->file_len, pf->tounicode, pf->tounicode_len,
                                     pf->cidmap, pf->cidmap_len);
        if (!r->fobj[face] || r->err_no)
            return hfail(r, HPDF_GetError(r->pdf), "font objects");
    }
    return 0;
}

/* Tagged PDF, per page: the elements of the marked-content sequences (their
 * MCIDs are their order, as pdfcs numbers them) become kids of their
 * elements; links become kids through their annotations. */
/* Where a page's content chunks start: the body (the same for every
 * recipient) is [0, *k), the contact card [*k, *fa), the footer from *fa,
 * its last item the page number. */
static void chunk_bounds(const lf_dlist *dl, const lf_dpage *dp, size_t *k, size_t *fa)
{
    *k = lf_pdfcs_shared_prefix(dl, dp);
    *fa = dp->n;
    while (*fa > *k && dp->v[*fa - 1].elem < 0)
        (*fa)--;
}

static int tag_items(render *r, HPDF_Page pg, const lf_dpage *dp)
{
    size_t k, fa;
    chunk_bounds(r->dl, dp, &k, &fa);
    const lf_ditem *prev = NULL; /* as pdfcs sees the chunks */
    for (size_t i = 0; i < dp->n; i++) {
        const lf_ditem *it = &dp->v[i];
        if (i == k || i == fa || (i + 1 == dp->n && dp->n > fa))
            prev = NULL;
        if (it->kind == LF_D_LINK)
            continue;
        int starts = lf_pdfcs_run_starts(r->dl, prev, it);
        prev = it;
        if (!starts || it->elem < 0 || (size_t)it->elem >= r->dl->nelems)
            continue;
        if (attach(r, it->elem))
            return -1;
        lf_xgrow((void **)&r->mc, &r->mccap, r->nmc + 1, sizeof *r->mc);
        int mcid = (int)r->nmc;
        r->mc[r->nmc++] = it->elem;
        if (r->tree)
            CHK(r, lf_pdfx_tree_kid_mcid(r->tree, it->elem, pg, mcid));
        else
            add_kid(r, it->elem, KID_MCID, (int)r->pageno, mcid);
    }
    return 0;
}

/* Where a page's footer starts: its trailing run of artifacts (as
 * chunk_bounds's fa, which the card, not an artifact, never reaches). */
static size_t footer_start(const lf_dpage *dp)
{
    size_t fa = dp->n;
    while (fa > 0 && dp->v[fa - 1].elem < 0)
        fa--;
    return fa;
}

/* Whether pages a and b have the same footer items, page number left
 * out. */
static int same_footer(const lf_dpage *a, const lf_dpage *b)
{
    size_t fa = footer_start(a), fb = footer_start(b);
    if (a->n <= fa + 1 || a->n - fa != b->n - fb)
        return 0;
    for (size_t i = 0; i + 1 < a->n - fa; i++) {
        const lf_ditem *x = &a->v[fa + i], *y = &b->v[fb + i];
        if (x->kind != y->kind || x->x != y->x || x->y != y->y || x->w != y->w || x->h != y->h ||
            x->font != y->font || x->size != y->size || x->color != y->color ||
            x->bleed != y->bleed || x->elem != y->elem || x->lang != y->lang || x->own != y->own ||
            !x->text != !y->text || (x->text && strcmp(x->text, y->text) != 0))
            return 0;
    }
    return 1;
}

/* The settings of pdfcs for this document's pages. */
static lf_pdfcs_page pdfcs_page(const render *r)
{
    lf_pdfcs_page pp = {r->p == LF_PROFILE_PRINT, r->p == LF_PROFILE_PRINT ? LF_PDF_BLEED : 0,
                        r->dl->width, r->dl->height, r->fnames, (int)r->nfaces, r->f, r->dl,
                        r->tagged, r->onebyte};
    return pp;
}

/* A page's content stream (FlateDecode) appended to z. */
static int page_content(render *r, const lf_dpage *dp, size_t pageno, lf_buf *z)
{
    /* Marks first, in media coordinates (print); then the part of the page
     * that is the same for every recipient (compressed once per batch);
     * then the contact card; then the footer (the same on every page of a
     * leaflet: compressed once per leaflet; in office, r->footer, the Form
     * XObject that the page draws when its footer is that one), and its
     * last item, the page number, on its own (the same in every leaflet).
     * Every chunk is wrapped in q ... Q; the body, the footer and the page
     * number are compressed once and found again by their items. */
    size_t k, fa;
    chunk_bounds(r->dl, dp, &k, &fa);
    lf_pdfcs_chunk ch[5];
    size_t nch = 0;
    if (r->marks)
        ch[nch++] = (lf_pdfcs_chunk){r->marks[pageno].v, r->marks[pageno].n, 0, 0, 0, 0, 0, 0, NULL};
    int marked0 = 0; /* the sequences of the body that belong to elements */
    const lf_ditem *prev = NULL;
    for (size_t i = 0; i < k; i++) {
        const lf_ditem *it = &dp->v[i];
        if (it->kind == LF_D_LINK)
            continue;
        marked0 += lf_pdfcs_run_starts(r->dl, prev, it) && it->elem >= 0 &&
                   (size_t)it->elem < r->dl->nelems;
        prev = it;
    }
    /* libdeflate's levels: 10 for what is compressed once per batch (body,
     * page number: 3.5 % smaller than zlib's 9; 12 gains 0.5 % more for 50 %
     * more time, which each worker spends at its start), 1 for what each
     * recipient brings (card, footer: 60 bytes a leaflet more than 6 for
     * 0.13 M instructions less) */
    enum { ZONCE = 10, ZREC = 1 };
    /* a kept body's part of the page: the same items for the same body,
     * page and length (the card may start on this page or the next); the
     * three packed without loss */
    uint64_t id = 0;
    if (r->dl->body_id && r->dl->body_id < (1ul << 24) && pageno < (1u << 16) && k < (1u << 24))
        id = (uint64_t)r->dl->body_id << 40 | (uint64_t)pageno << 24 | k;
    ch[nch++] = (lf_pdfcs_chunk){dp->v, k, r->ox, r->oy, 1, 0, ZONCE, id, NULL};
    if (fa > k)
        ch[nch++] = (lf_pdfcs_chunk){dp->v + k, fa - k, r->ox, r->oy, 0, marked0, ZREC, 0, NULL};
    /* the footer: drawn by the XObject when it is the one there */
    if (dp->n > fa + 1 && r->footer && same_footer(r->footer, dp))
        ch[nch++] = (lf_pdfcs_chunk){NULL, 0, 0, 0, 0, 0, ZREC, 0, "/Footer Do\n"};
    else if (dp->n > fa + 1)
        ch[nch++] = (lf_pdfcs_chunk){dp->v + fa, dp->n - 1 - fa, r->ox, r->oy, 1, 0, ZREC, 0, NULL};
    if (dp->n > fa)
        ch[nch++] = (lf_pdfcs_chunk){dp->v + dp->n - 1, 1, r->ox, r->oy, 1, 0, ZONCE, 0, NULL};
    lf_pdfcs_page pp = pdfcs_page(r);
    char *err = NULL;
    if (lf_pdfcs_content(r->cs, &pp, ch, nch, z, &err)) {
        int rc = fail(r, "%s", err);
        free(err);
        return rc;
    }
    return 0;
}

static int draw_page(render *r, HPDF_Page pg, const lf_dpage *dp, size_t pageno)
{
    const double W = r->dl->width, H = r->dl->height;
    CHK(r, HPDF_Page_SetWidth(pg, (HPDF_REAL)r->mw));
    CHK(r, HPDF_Page_SetHeight(pg, (HPDF_REAL)r->mh));
    if (r->p == LF_PROFILE_PRINT) {
        CHK(r, lf_pdfx_page_box(pg, "BleedBox", r->ox - LF_PDF_BLEED, r->oy - LF_PDF_BLEED,
                                r->ox + W + LF_PDF_BLEED, r->oy + H + LF_PDF_BLEED));
        CHK(r, lf_pdfx_page_box(pg, "TrimBox", r->ox, r->oy, r->ox + W, r->oy + H));
    }
    lf_buf z = {0};
    if (page_content(r, dp, pageno, &z)) {
        lf_buf_free(&z);
        return -1;
    }
    HPDF_STATUS st = lf_pdfx_page_content(pg, z.s, z.len);
    lf_buf_free(&z);
    CHK(r, st);
    for (size_t f = 0; f < r->nfaces; f++)
        if (r->fobj[f])
            CHK(r, lf_pdfx_page_font(pg, r->fnames[f], r->fobj[f]));
    r->nmc = 0;
    if (r->tree && tag_items(r, pg, dp))
        return -1;
    for (size_t i = 0; i < dp->n; i++)
        if (dp->v[i].kind == LF_D_LINK && add_link(r, pg, &dp->v[i]))
            return -1;
    if (r->tree)
        CHK(r, lf_pdfx_tree_page(r->tree, pg, r->mc, r->nmc));
    return 0;
}

static int add_outline(render *r, HPDF_Page *pages)
{
    const lf_dlist *dl = r->dl;
    HPDF_Outline parents[4] = {NULL}; /* the last entry of each level */
    for (size_t i = 0; i < dl->noutline; i++) {
        const lf_outline *o = &dl->outline[i];
        if (o->page < 0 || (size_t)o->page >= dl->npages)
            return fail(r, "PDF: outline entry \"%s\" points past the last page",
                        o->title ? o->title : "");
        int level = o->level < 1 ? 1 : o->level > 3 ? 3 : o->level;
        HPDF_Outline parent = NULL; /* nearest entry of a lower level */
        for (int k = level - 1; k >= 1 && !parent; k--)
            parent = parents[k];
        HPDF_Outline item = HPDF_CreateOutline(r->pdf, parent, "", NULL);
        if (!item || r->err_no)
            return hfail(r, HPDF_GetError(r->pdf), "HPDF_CreateOutline");
        /* the title as a text string written here: libharu's UTF-8 encoder
         * costs a CMap set-up per document */
        CHK(r, lf_pdfx_outline_title(item, o->title ? o->title : ""));
        CHK(r, lf_pdfx_outline_item_fix(item));
        parents[level] = item;
        for (int k = level + 1; k < 4; k++)
            parents[k] = NULL;
        if (level < 3)
            CHK(r, HPDF_Outline_SetOpened(item, HPDF_TRUE));
        CHK(r, lf_pdfx_outline_dest_xyz(item, pages[o->page], r->ox, r->oy + o->y));
    }
    if (dl->noutline)
        CHK(r, HPDF_SetPageMode(r->pdf, HPDF_PAGE_MODE_USE_OUTLINE));
    return 0;
}

/*** Metadata ***/

/* The document's date, spelled for Info (D:...+00'00') and XMP: the same
 * instant, alike in both (PDFBox Preflight, for one, rejects "Z00'00'"
 * against "...Z"). */
static int doc_date(render *r)
{
    time_t t = (time_t)r->dl->date;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || tm.tm_year < 0 || tm.tm_year > 8099)
        return fail(r, "PDF: the document date is out of range");
    snprintf(r->date_xmp, sizeof r->date_xmp, "%04d-%02d-%02dT%02d:%02d:%02d+00:00",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    snprintf(r->date_pdf, sizeof r->date_pdf, "D:%04d%02d%02d%02d%02d%02d+00'00'",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return 0;
}

static int set_info(render *r)
{
    const lf_dlist *dl = r->dl;
    HPDF_Doc pdf = r->pdf;
    CHK(r, lf_pdfx_info_text(pdf, "Title", dl->title));
    CHK(r, lf_pdfx_info_text(pdf, "Author", dl->author));
    CHK(r, lf_pdfx_info_text(pdf, "Subject", dl->subject));
    CHK(r, lf_pdfx_info_text(pdf, "Keywords", dl->keywords));
    CHK(r, lf_pdfx_info_text(pdf, "Creator", dl->creator));
    CHK(r, lf_pdfx_info_text(pdf, "Producer", r->producer));

    struct tm tm;
    time_t t = (time_t)dl->date;
    gmtime_r(&t, &tm);
    HPDF_Date hd = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                    tm.tm_sec, '+', 0, 0};
    CHK(r, HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, hd));
    CHK(r, HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, hd));
    if (r->p == LF_PROFILE_PRINT) {
        CHK(r, lf_pdfx_info_text(pdf, "GTS_PDFXVersion", "PDF/X-4"));
        CHK(r, lf_pdfx_info_name(pdf, "Trapped", "False"));
    }
    if (nz(dl->lang))
        CHK(r, lf_pdfx_catalog_lang(pdf, dl->lang));
    CHK(r, lf_pdfx_catalog_display_doc_title(pdf));
    return 0;
}

static void xmp_custom(lf_buf *b, const lf_pdf_meta *m)
{
    if (!m)
        return;
    lf_buf_adds(b, "  <rdf:Description rdf:about=\"\" xmlns:leaflet=\"" NS_LEAFLET "\">\n");
    xml_elem(b, "leaflet:reference", m->reference);
    xml_elem(b, "leaflet:version", m->version);
    xml_elem(b, "leaflet:published", m->published);
    xml_elem(b, "leaflet:review", m->review);
    xml_elem(b, "leaflet:recipient", m->recipient);
    lf_buf_adds(b, "  </rdf:Description>\n");
}

/* The pdfaExtension description of the leaflet schema (PDF/A-2 wants every
 * property outside its predefined schemas described in the packet). */
static void xmp_extension(lf_buf *b)
{
    static const char *const props[][2] = {
        {"reference", "Leaflet reference"},
        {"version", "Leaflet version"},
        {"published", "Date the leaflet was published (ISO 8601)"},
        {"review", "Date the leaflet is due for review (ISO 8601)"},
        {"recipient", "Staff identifier this copy was made for, or generic"},
    };
    lf_buf_adds(b,
                "  <rdf:Description rdf:about=\"\"\n"
                "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
                "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
                "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
                "   <pdfaExtension:schemas>\n"
                "    <rdf:Bag>\n"
                "     <rdf:li rdf:parseType=\"Resource\">\n"
                "      <pdfaSchema:schema>Leaflet properties</pdfaSchema:schema>\n"
                "      <pdfaSchema:namespaceURI>" NS_LEAFLET "</pdfaSchema:namespaceURI>\n"
                "      <pdfaSchema:prefix>leaflet</pdfaSchema:prefix>\n"
                "      <pdfaSchema:property>\n"
                "       <rdf:Seq>\n");
    for (size_t i = 0; i < sizeof props / sizeof *props; i++)
        lf_buf_printf(b,
                      "        <rdf:li rdf:parseType=\"Resource\">\n"
                      "         <pdfaProperty:name>%s</pdfaProperty:name>\n"
                      "         <pdfaProperty:valueType>Text</pdfaProperty:valueType>\n"
                      "         <pdfaProperty:category>external</pdfaProperty:category>\n"
                      "         <pdfaProperty:description>%s</pdfaProperty:description>\n"
                      "        </rdf:li>\n",
                      props[i][0], props[i][1]);
    lf_buf_adds(b, "       </rdf:Seq>\n"
                   "      </pdfaSchema:property>\n"
                   "     </rdf:li>\n"
                   /* PDF/UA's identification is not one of PDF/A-2's predefined schemas */
                   "     <rdf:li rdf:parseType=\"Resource\">\n"
                   "      <pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>\n"
                   "      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
                   "      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
                   "      <pdfaSchema:property>\n"
                   "       <rdf:Seq>\n"
                   "        <rdf:li rdf:parseType=\"Resource\">\n"
                   "         <pdfaProperty:name>part</pdfaProperty:name>\n"
                   "         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
                   "         <pdfaProperty:category>internal</pdfaProperty:category>\n"
                   "         <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>\n"
                   "        </rdf:li>\n"
                   "       </rdf:Seq>\n"
                   "      </pdfaSchema:property>\n"
                   "     </rdf:li>\n"
                   "    </rdf:Bag>\n"
                   "   </pdfaExtension:schemas>\n"
                   "  </rdf:Description>\n");
}

static char *make_xmp(render *r)
{
    const lf_dlist *dl = r->dl;
    const lf_pdf_meta *m = r->meta;
    lf_buf b = {0};
    char uuid[37];
    sha_uuid(r->digest, uuid);

    lf_buf_adds(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    if (r->p == LF_PROFILE_ARCHIVE)
        lf_buf_adds(&b, "  <rdf:Description rdf:about=\"\" "
                        "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                        "   <pdfaid:part>2</pdfaid:part>\n"
                        "   <pdfaid:conformance>U</pdfaid:conformance>\n"
                        "  </rdf:Description>\n");
    if (r->tagged)
        lf_buf_adds(&b, "  <rdf:Description rdf:about=\"\" "
                        "xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
                        "   <pdfuaid:part>1</pdfuaid:part>\n"
                        "  </rdf:Description>\n");
    if (r->p == LF_PROFILE_PRINT)
        lf_buf_adds(&b, "  <rdf:Description rdf:about=\"\" "
                        "xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\">\n"
                        "   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n"
                        "  </rdf:Description>\n");

    lf_buf_adds(&b, "  <rdf:Description rdf:about=\"\" "
                    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                    "   <dc:format>application/pdf</dc:format>\n");
    if (nz(dl->title)) {
        lf_buf_adds(&b, "   <dc:title>\n    <rdf:Alt>\n     <rdf:li xml:lang=\"x-default\">");
        xml_add(&b, dl->title);
        lf_buf_adds(&b, "</rdf:li>\n");
        for (int i = 0; m && i < m->nlangs && i < 2; i++) {
            if (!nz(m->langs[i]) || !nz(m->titles[i]))
                continue;
            lf_buf_adds(&b, "     <rdf:li xml:lang=\"");
            xml_add(&b, m->langs[i]);
            lf_buf_adds(&b, "\">");
            xml_add(&b, m->titles[i]);
            lf_buf_adds(&b, "</rdf:li>\n");
        }
        lf_buf_adds(&b, "    </rdf:Alt>\n   </dc:title>\n");
    }
    if (nz(dl->author)) {
        lf_buf_adds(&b, "   <dc:creator>\n    <rdf:Seq>\n     <rdf:li>");
        xml_add(&b, dl->author);
        lf_buf_adds(&b, "</rdf:li>\n    </rdf:Seq>\n   </dc:creator>\n");
    }
    if (nz(dl->subject)) {
        lf_buf_adds(&b, "   <dc:description>\n    <rdf:Alt>\n"
                        "     <rdf:li xml:lang=\"x-default\">");
        xml_add(&b, dl->subject);
        lf_buf_adds(&b, "</rdf:li>\n    </rdf:Alt>\n   </dc:description>\n");
    }
    if ((m && m->nlangs > 0) || nz(dl->lang)) {
        lf_buf_adds(&b, "   <dc:language>\n    <rdf:Bag>\n");
        int any = 0;
        for (int i = 0; m && i < m->nlangs && i < 2; i++)
            if (nz(m->langs[i])) {
                lf_buf_adds(&b, "     <rdf:li>");
                xml_add(&b, m->langs[i]);
                lf_buf_adds(&b, "</rdf:li>\n");
                any = 1;
            }
        if (!any) {
            lf_buf_adds(&b, "     <rdf:li>");
            xml_add(&b, dl->lang);
            lf_buf_adds(&b, "</rdf:li>\n");
        }
        lf_buf_adds(&b, "    </rdf:Bag>\n   </dc:language>\n");
    }
    lf_buf_adds(&b, "  </rdf:Description>\n");

    lf_buf_adds(&b, "  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
    xml_elem(&b, "xmp:CreateDate", r->date_xmp);
    xml_elem(&b, "xmp:ModifyDate", r->date_xmp);
    xml_elem(&b, "xmp:MetadataDate", r->date_xmp);
    xml_elem(&b, "xmp:CreatorTool", dl->creator);
    lf_buf_adds(&b, "  </rdf:Description>\n");

    lf_buf_adds(&b, "  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
    xml_elem(&b, "pdf:Producer", r->producer);
    xml_elem(&b, "pdf:Keywords", dl->keywords);
    if (r->p == LF_PROFILE_PRINT)
        xml_elem(&b, "pdf:Trapped", "False");
    lf_buf_adds(&b, "  </rdf:Description>\n");

    lf_buf_adds(&b, "  <rdf:Description rdf:about=\"\" "
                    "xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n");
    lf_buf_printf(&b, "   <xmpMM:DocumentID>uuid:%s</xmpMM:DocumentID>\n", uuid);
    lf_buf_printf(&b, "   <xmpMM:InstanceID>uuid:%s</xmpMM:InstanceID>\n", uuid);
    if (r->p == LF_PROFILE_PRINT) {
        xml_elem(&b, "xmpMM:VersionID", m && nz(m->version) ? m->version : "1");
        xml_elem(&b, "xmpMM:RenditionClass", "default");
    }
    lf_buf_adds(&b, "  </rdf:Description>\n");

    xmp_custom(&b, m);
    if (r->p == LF_PROFILE_ARCHIVE && m)
        xmp_extension(&b);
    lf_buf_adds(&b, " </rdf:RDF>\n</x:xmpmeta>\n");
    /* Room for in-place edits, as the XMP specification recommends (not in
     * office files: 2 KB per leaflet that nobody edits in place). */
    for (int i = 0; i < 20 && r->p != LF_PROFILE_OFFICE; i++)
        lf_buf_adds(&b, "                                                                    "
                        "                                \n");
    lf_buf_adds(&b, "<?xpacket end=\"w\"?>");
    return lf_buf_take(&b);
}

/* The output profile of the profile being made, deflated: read, checked and
 * compressed once per batch (libdeflate's 12: the CMYK profile is most of a
 * print file). */
static const lf_buf *icc_deflated(render *r)
{
    lf_buf *z = &r->cache->icc[r->p];
    if (z->len)
        return z;
    const char *path = r->p == LF_PROFILE_PRINT ? ICC_CMYK : ICC_RGB;
    unsigned char *icc = NULL;
    size_t len = 0;
    if (read_file(path, &icc, &len)) {
        lf_error(r->d, (lf_pos){path, 0, 0}, "PDF: cannot read the ICC output profile: %s",
                 strerror(errno));
        lf_note(r->d, (lf_pos){0}, "it comes with the Debian package libgs-common "
                                    "(apt-get install libgs-common)");
        r->failed = 1;
        return NULL;
    }
    /* The header must say what we claim: 'acsp', output or display class,
     * and the colour space the content uses. */
    const char *space = r->p == LF_PROFILE_PRINT ? "CMYK" : "RGB ";
    if (len < 128 || memcmp(icc + 36, "acsp", 4) != 0 || memcmp(icc + 16, space, 4) != 0) {
        free(icc);
        fail(r, "PDF: %s is not the expected ICC profile", path);
        return NULL;
    }
    lf_flate *fl = lf_flate_new();
    int bad = lf_flate_zlib(fl, LF_FLATE_MAX, icc, len, z);
    lf_flate_free(fl);
    free(icc);
    if (bad) {
        z->len = 0;
        fail(r, "PDF: cannot compress the ICC output profile %s", path);
        return NULL;
    }
    return z;
}

static int add_intent(render *r)
{
    const lf_buf *z = icc_deflated(r);
    if (!z)
        return -1;
    const unsigned char *icc = (const unsigned char *)z->s;
    HPDF_STATUS st;
    if (r->p == LF_PROFILE_PRINT)
        st = lf_pdfx_output_intent(r->pdf, "GTS_PDFX", ICC_CMYK_ID, ICC_CMYK_COND, ICC_CMYK_INFO,
                                   icc, z->len, 4);
    else
        st = lf_pdfx_output_intent(r->pdf, "GTS_PDFA1", ICC_RGB_ID, ICC_RGB_ID, ICC_RGB_INFO,
                                   icc, z->len, 3);
    CHK(r, st);
    return 0;
}

/*** The whole document ***/

static int check_palette(render *r)
{
    if (r->p != LF_PROFILE_PRINT)
        return 0;
    for (int c = 0; c < LF_NCOLORS; c++) {
        const double *k = lf_palette[c].cmyk;
        if (k[0] + k[1] + k[2] + k[3] > 3.0 + 1e-9) {
            return fail(r, "PDF: palette colour %d needs more than 300 %% ink", c);
        }
    }
    return 0;
}

/* What both writers check and set up first. */
static int prepare(render *r)
{
    const lf_dlist *dl = r->dl;
    if (dl->npages == 0)
        return fail(r, "PDF: the display list has no pages");
    if (!(dl->width > 0 && dl->height > 0 && dl->width < 14400 && dl->height < 14400))
        return fail(r, "PDF: bad page size");
    if (check_palette(r) || doc_date(r))
        return -1;
    if (r->p == LF_PROFILE_PRINT) {
        r->ox = r->oy = LF_PDF_SLUG;
    }
    r->mw = dl->width + 2 * r->ox;
    r->mh = dl->height + 2 * r->oy;
    input_digest(r, r->digest);
    return 0;
}

/* Print and archive: through libharu, whose classic file layout is then
 * repacked (pdfpack: object streams, a cross-reference stream; streams,
 * numbers aside, unchanged). */
static int build(render *r, unsigned char **out, size_t *len)
{
    const lf_dlist *dl = r->dl;
    HPDF_Doc pdf = r->pdf;
    CHK(r, HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL));
    if (set_info(r))
        return -1;

    if (tree_start(r))
        return -1;
    if (r->p == LF_PROFILE_PRINT) {
        r->marks = lf_xcalloc(dl->npages, sizeof *r->marks);
        for (size_t i = 0; i < dl->npages; i++)
            make_marks(r, i, &r->marks[i]);
    }
    if (load_fonts(r))
        return -1;
    HPDF_Page *pages = lf_xcalloc(dl->npages, sizeof *pages);
    for (size_t i = 0; i < dl->npages; i++) {
        pages[i] = HPDF_AddPage(pdf);
        if (!pages[i] || r->err_no) {
            free(pages);
            return hfail(r, HPDF_GetError(pdf), "HPDF_AddPage");
        }
        if (draw_page(r, pages[i], &dl->pages[i], i)) {
            free(pages);
            return -1;
        }
    }
    int rc = add_outline(r, pages);
    free(pages);
    if (rc)
        return -1;
    if (r->tree)
        CHK(r, lf_pdfx_tree_finish(r->tree, 0));

    { /* print and archive want XMP (PDF/UA too) */
        char *xmp = make_xmp(r);
        HPDF_STATUS st = lf_pdfx_catalog_metadata(pdf, xmp, strlen(xmp));
        free(xmp);
        CHK(r, st);
    }
    if (add_intent(r))
        return -1;
    CHK(r, lf_pdfx_set_version(pdf, r->p == LF_PROFILE_PRINT ? 6 : 7));
    CHK(r, lf_pdfx_id_placeholder(pdf));

    CHK(r, HPDF_SaveToStream(pdf));
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    if (r->err_no || size == 0)
        return hfail(r, HPDF_GetError(pdf), "HPDF_GetStreamSize");
    unsigned char *buf = lf_xmalloc(size);
    HPDF_UINT32 got = size;
    HPDF_STATUS st = HPDF_ReadFromStream(pdf, buf, &got);
    if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size) {
        free(buf);
        return hfail(r, st, "HPDF_ReadFromStream");
    }
    /* libharu's classic layout repacked: dictionaries in an object stream,
     * a cross-reference stream; then the /ID, the MD5 of the final bytes */
    unsigned char *packed = NULL;
    size_t plen = 0, id_at = 0;
    int prc = lf_pdfpack(buf, size, &packed, &plen, &id_at);
    free(buf);
    if (prc)
        return fail(r, "PDF: libharu's output could not be repacked (unexpected layout)");
    if (lf_pdfx_patch_id(packed, plen, id_at)) {
        free(packed);
        return fail(r, "PDF: the /ID placeholder was not found in the repacked file");
    }
    *out = packed;
    *len = plen;
    return 0;
}

/*** Office files, written directly (pdfw) ***
 *
 * The office profile does not go through libharu: its objects are written
 * by pdfw into object streams, in two groups. Numbers are handed out so
 * that what is the same for every recipient keeps its numbers and bytes:
 * first the catalog, page tree, Info, pages, structure tree root and fonts,
 * then the body group (every structure element outside the contact card,
 * the outline, the body's link annotations, the parent tree's arrays of the
 * pages without the card: compressed once per batch), then what is the
 * recipient's own (the card's elements and links, the parent tree,
 * streams). The fonts' dictionaries go with the recipient's own: fonts
 * differ with the letters of the recipient's name, and one object stream
 * compresses smaller and faster than two. */

enum { G_BODY, G_OWN };

typedef struct dannot {
    const lf_ditem *it;
    int page, obj;
    int key;      /* its parent tree key, or -1 (not tagged) */
    int card;     /* the contact card's: in the recipient's own group */
} dannot;

typedef struct direct {
    render *r;
    lf_pdfw *w;
    int catalog, pages, info, sroot, ptree, outlines, xmp;
    int *page_obj, *elem_obj, *out_obj, *page_key;
    int (*font_obj)[6];   /* per face: Type0, CIDFont, descriptor, file, CIDToGIDMap,
                             ToUnicode (0 when onebyte) */
    int fmaps[2];         /* the onebyte fonts' encoding CMap and ToUnicode
                             (lf_pdfcs_maps), 0 when none is */
    char *card;           /* per element: in the contact card */
    dannot *an;
    size_t nan, cap_an;
    int **page_annots;    /* per page: annotation indices, -1 ended */
    int **page_mc;        /* per page: element of each MCID */
    size_t *page_nmc;
    int *page_arr;        /* per page: its parent tree array as an object of
                             the body group (no MCID of the card), or 0 */
    int next_key;
    int body_kept;        /* the body group came from the cache: not written */
} direct;

/* In the contact card: a section inside a section, or inside one. */
static void mark_card(direct *d)
{
    const lf_dlist *dl = d->r->dl;
    for (size_t i = 0; i < dl->nelems; i++) {
        const lf_selem *e = &dl->elems[i];
        int p = e->parent;
        if (p >= 0 && (size_t)p < i)
            d->card[i] = d->card[p] ||
                         (e->type == LF_S_SECT && dl->elems[p].type == LF_S_SECT);
    }
}

static int d_link(direct *d, const lf_ditem *it)
{
    render *r = d->r;
    if (!nz(it->text))
        return fail(r, "PDF: link without a URI");
    lf_xgrow((void **)&d->an, &d->cap_an, d->nan + 1, sizeof *d->an);
    dannot *a = &d->an[d->nan];
    *a = (dannot){it, (int)r->pageno, 0, -1, 0};
    if (r->tagged && it->elem >= 0 && (size_t)it->elem < r->dl->nelems) {
        a->card = d->card[it->elem] != 0;
        if (attach(r, it->elem))
            return -1;
        a->key = d->next_key++;
        add_kid(r, it->elem, KID_ANNOT, (int)r->pageno, (int)d->nan);
    }
    d->nan++;
    return 0;
}

/* The kids of every element and the annotations, page by page, in the order
 * the libharu path meets them (parent tree keys: a page's links, then the
 * page). */
static int d_walk(direct *d)
{
    render *r = d->r;
    const lf_dlist *dl = r->dl;
    for (size_t p = 0; p < dl->npages; p++) {
        const lf_dpage *dp = &dl->pages[p];
        r->pageno = p;
        r->nmc = 0;
        if (r->tagged && tag_items(r, NULL, dp))
            return -1;
        size_t an0 = d->nan;
        for (size_t i = 0; i < dp->n; i++)
            if (dp->v[i].kind == LF_D_LINK && d_link(d, &dp->v[i]))
                return -1;
        d->page_annots[p] = lf_xmalloc((d->nan - an0 + 1) * sizeof **d->page_annots);
        for (size_t k = an0; k < d->nan; k++)
            d->page_annots[p][k - an0] = (int)k;
        d->page_annots[p][d->nan - an0] = -1;
        if (r->tagged) {
            d->page_key[p] = d->next_key++;
            d->page_mc[p] = lf_xmalloc((r->nmc ? r->nmc : 1) * sizeof **d->page_mc);
            memcpy(d->page_mc[p], r->mc, r->nmc * sizeof *r->mc);
            d->page_nmc[p] = r->nmc;
        }
    }
    return 0;
}

/* Object numbers, in the order that keeps the body's the same. */
static void d_number(direct *d)
{
    render *r = d->r;
    const lf_dlist *dl = r->dl;
    lf_pdfw *w = d->w;
    d->catalog = lf_pdfw_obj(w);
    d->pages = lf_pdfw_obj(w);
    d->info = lf_pdfw_obj(w);
    for (size_t p = 0; p < dl->npages; p++)
        d->page_obj[p] = lf_pdfw_obj(w);
    if (r->tagged)
        d->sroot = lf_pdfw_obj(w);
    int maps = 0;
    for (size_t f = 0; f < r->nfaces; f++)
        if (r->pfont[f]) {
            for (int k = 0; k < 6 - r->onebyte[f]; k++)
                d->font_obj[f][k] = lf_pdfw_obj(w);
            maps |= r->onebyte[f];
        }
    if (maps) {
        d->fmaps[0] = lf_pdfw_obj(w);
        d->fmaps[1] = lf_pdfw_obj(w);
    }
    for (int own = 0; own < 2; own++) {
        /* the card's own sections first: the body's sections name them */
        for (size_t i = 0; r->tagged && own && i < dl->nelems; i++)
            if (d->card[i] && !d->card[dl->elems[i].parent])
                d->elem_obj[i] = lf_pdfw_obj(w);
        for (size_t i = 0; r->tagged && i < dl->nelems; i++)
            if (d->card[i] == own && !d->elem_obj[i])
                d->elem_obj[i] = lf_pdfw_obj(w);
        if (!own && dl->noutline) {
            d->outlines = lf_pdfw_obj(w);
            for (size_t i = 0; i < dl->noutline; i++)
                d->out_obj[i] = lf_pdfw_obj(w);
        }
        /* the parent tree's arrays of the pages without the card: the same
         * for every recipient, in the body group */
        for (size_t p = 0; r->tagged && !own && p < dl->npages; p++) {
            int body = d->page_nmc[p] > 0;
            for (size_t m = 0; body && m < d->page_nmc[p]; m++)
                body = !d->card[d->page_mc[p][m]];
            if (body)
                d->page_arr[p] = lf_pdfw_obj(w);
        }
        for (size_t k = 0; k < d->nan; k++)
            if (d->an[k].card == own)
                d->an[k].obj = lf_pdfw_obj(w);
    }
    if (r->tagged)
        d->ptree = lf_pdfw_obj(w);
}

/* The elements of page p's MCIDs, as an array. */
static void page_array(const direct *d, lf_buf *b, size_t p)
{
    lf_buf_addc(b, '[');
    for (size_t m = 0; m < d->page_nmc[p]; m++) {
        if (m)
            lf_buf_addc(b, ' ');
        lf_pdfw_ref(b, d->elem_obj[d->page_mc[p][m]]);
    }
    lf_buf_addc(b, ']');
}

static void d_elements(direct *d)
{
    render *r = d->r;
    const lf_dlist *dl = r->dl;
    const char **actual = actual_texts(dl);
    for (size_t i = 0; i < dl->nelems; i++) {
        const lf_selem *e = &dl->elems[i];
        const dkids *k = &r->kids[i];
        if (d->body_kept && !d->card[i])
            continue;
        lf_buf *b = lf_pdfw_body(d->w, d->elem_obj[i], d->card[i] ? G_OWN : G_BODY);
        lf_buf_adds(b, "<</S/"); /* /Type /StructElem is optional */
        lf_buf_adds(b, lf_stype_name(e->type));
        lf_buf_adds(b, "/P ");
        lf_pdfw_ref(b, e->parent < 0 ? d->sroot : d->elem_obj[e->parent]);
        if (k->pg >= 0) {
            lf_buf_adds(b, "/Pg ");
            lf_pdfw_ref(b, d->page_obj[k->pg]);
        }
        lf_buf_adds(b, "/K[");
        for (size_t j = 0; j < k->n; j++) {
            const dkid *x = &k->v[j];
            if (j)
                lf_buf_addc(b, ' ');
            if (x->kind == KID_ELEM) {
                lf_pdfw_ref(b, d->elem_obj[x->v]);
            } else if (x->kind == KID_MCID && x->page == k->pg) {
                lf_pdfw_int(b, x->v);
            } else if (x->kind == KID_MCID) {
                lf_buf_adds(b, "<</Type/MCR/Pg ");
                lf_pdfw_ref(b, d->page_obj[x->page]);
                lf_buf_adds(b, "/MCID ");
                lf_pdfw_int(b, x->v);
                lf_buf_adds(b, ">>");
            } else {
                lf_buf_adds(b, "<</Type/OBJR/Pg ");
                lf_pdfw_ref(b, d->page_obj[x->page]);
                lf_buf_adds(b, "/Obj ");
                lf_pdfw_ref(b, d->an[x->v].obj);
                lf_buf_adds(b, ">>");
            }
        }
        lf_buf_addc(b, ']');
        const char *lang = lang_tag(e->lang);
        if (lang) {
            lf_buf_adds(b, "/Lang");
            lf_pdfw_text(b, lang);
        }
        if (actual[i]) {
            lf_buf_adds(b, "/ActualText");
            lf_pdfw_text(b, actual[i]);
        }
        lf_buf_adds(b, ">>");
    }
    free(actual);
    /* the parent tree: per page the elements of its MCIDs, per link its
     * element; the pages' arrays that are the same for every recipient are
     * objects of the body group */
    for (size_t p = 0; p < dl->npages && !d->body_kept; p++)
        if (d->page_arr[p])
            page_array(d, lf_pdfw_body(d->w, d->page_arr[p], G_BODY), p);
    lf_buf *b = lf_pdfw_body(d->w, d->ptree, G_OWN);
    lf_buf_adds(b, "<</Nums[");
    /* keys ascend as d_walk gave them out: a page's links, then the page */
    for (size_t p = 0; p < dl->npages; p++) {
        for (int *k = d->page_annots[p]; *k >= 0; k++)
            if (d->an[*k].key >= 0) {
                lf_pdfw_int(b, d->an[*k].key);
                lf_buf_addc(b, ' ');
                lf_pdfw_ref(b, d->elem_obj[d->an[*k].it->elem]);
                lf_buf_addc(b, ' ');
            }
        lf_pdfw_int(b, d->page_key[p]);
        lf_buf_addc(b, ' ');
        if (d->page_arr[p])
            lf_pdfw_ref(b, d->page_arr[p]);
        else
            page_array(d, b, p);
        if (p + 1 < dl->npages)
            lf_buf_addc(b, ' ');
    }
    lf_buf_adds(b, "]>>");
    b = lf_pdfw_body(d->w, d->sroot, G_OWN);
    lf_buf_adds(b, "<</Type/StructTreeRoot/K ");
    lf_pdfw_ref(b, d->elem_obj[0]);
    lf_buf_adds(b, "/ParentTree ");
    lf_pdfw_ref(b, d->ptree);
    lf_buf_adds(b, "/ParentTreeNextKey ");
    lf_pdfw_int(b, d->next_key);
    lf_buf_adds(b, ">>");
}

static void d_annots(direct *d)
{
    render *r = d->r;
    for (size_t k = 0; k < d->nan; k++) {
        const dannot *a = &d->an[k];
        const lf_ditem *it = a->it;
        if (d->body_kept && !a->card)
            continue;
        double rc[4];
        link_rect(r, it, rc);
        lf_buf *b = lf_pdfw_body(d->w, a->obj, a->card ? G_OWN : G_BODY);
        lf_buf_adds(b, "<</Type/Annot/Subtype/Link/Rect[");
        for (int i = 0; i < 4; i++) {
            if (i)
                lf_buf_addc(b, ' ');
            lf_pdfw_real(b, rc[i]);
        }
        lf_buf_adds(b, "]/Border[0 0 0]/A<</Type/Action/S/URI/URI");
        char *uri = uri_ascii(it->text);
        lf_pdfw_text(b, uri);
        free(uri);
        lf_buf_adds(b, ">>/F 4/Contents");
        lf_pdfw_text(b, it->text); /* its description, for assistive technology */
        lf_buf_adds(b, "/P ");
        lf_pdfw_ref(b, d->page_obj[a->page]);
        if (a->key >= 0) {
            lf_buf_adds(b, "/StructParent ");
            lf_pdfw_int(b, a->key);
        }
        lf_buf_adds(b, ">>");
    }
}

static void d_outline(direct *d)
{
    render *r = d->r;
    const lf_dlist *dl = r->dl;
    size_t n = dl->noutline;
    if (!n || d->body_kept)
        return;
    /* the tree: each entry nests under the last entry of a lower level */
    int *parent = lf_xmalloc(n * sizeof *parent), *first = lf_xmalloc(n * sizeof *first);
    int *last = lf_xmalloc(n * sizeof *last), *prev = lf_xmalloc(n * sizeof *prev);
    int *next = lf_xmalloc(n * sizeof *next), *count = lf_xcalloc(n, sizeof *count);
    int lastat[4] = {-1, -1, -1, -1}, rfirst = -1, rlast = -1;
    for (size_t i = 0; i < n; i++) {
        int level = dl->outline[i].level < 1 ? 1 : dl->outline[i].level > 3 ? 3 : dl->outline[i].level;
        int p = -1;
        for (int k = level - 1; k >= 1 && p < 0; k--)
            p = lastat[k];
        parent[i] = p;
        first[i] = last[i] = next[i] = -1;
        int *pl = p < 0 ? &rlast : &last[p];
        prev[i] = *pl;
        if (*pl >= 0)
            next[*pl] = (int)i;
        else if (p < 0)
            rfirst = (int)i;
        else
            first[p] = (int)i;
        *pl = (int)i;
        for (int a = p; a >= 0; a = parent[a])
            count[a]++; /* every entry is shown: those with kids are open */
        lastat[level] = (int)i;
        for (int k = level + 1; k < 4; k++)
            lastat[k] = -1;
    }
    lf_buf *b = lf_pdfw_body(d->w, d->outlines, G_BODY);
    lf_buf_adds(b, "<</Type/Outlines/First ");
    lf_pdfw_ref(b, d->out_obj[rfirst]);
    lf_buf_adds(b, "/Last ");
    lf_pdfw_ref(b, d->out_obj[rlast]);
    lf_buf_adds(b, "/Count ");
    lf_pdfw_int(b, (long long)n);
    lf_buf_adds(b, ">>");
    static const char *const keys[] = {"/Parent ", "/Prev ", "/Next ", "/First ", "/Last "};
    for (size_t i = 0; i < n; i++) {
        const lf_outline *o = &dl->outline[i];
        b = lf_pdfw_body(d->w, d->out_obj[i], G_BODY);
        lf_buf_adds(b, "<</Title");
        lf_pdfw_text(b, o->title ? o->title : "");
        const int refs[5] = {parent[i], prev[i], next[i], first[i], last[i]};
        for (int k = 0; k < 5; k++) {
            if (k > 0 && refs[k] < 0)
                continue;
            lf_buf_adds(b, keys[k]);
            lf_pdfw_ref(b, refs[k] < 0 ? d->outlines : d->out_obj[refs[k]]);
        }
        if (count[i]) {
            lf_buf_adds(b, "/Count ");
            lf_pdfw_int(b, count[i]);
        }
        lf_buf_adds(b, "/Dest[");
        lf_pdfw_ref(b, d->page_obj[o->page]);
        lf_buf_adds(b, "/XYZ ");
        lf_pdfw_real(b, r->ox);
        lf_buf_addc(b, ' ');
        lf_pdfw_real(b, r->oy + o->y);
        lf_buf_adds(b, " null]>>");
    }
    free(parent);
    free(first);
    free(last);
    free(prev);
    free(next);
    free(count);
}

/* A font dictionary: pdfcs's raw entries, then "K1 ref1" and "K2 ref2"
 * (K2 may close what K1 opened, as "]/ToUnicode " does). */
static void d_font_dict(direct *d, int num, const char *raw, const char *k1, int r1,
                        const char *k2, int r2)
{
    lf_buf *b = lf_pdfw_body(d->w, num, G_OWN);
    lf_buf_adds(b, "<<");
    lf_buf_adds(b, raw);
    lf_buf_adds(b, k1);
    lf_pdfw_ref(b, r1);
    if (k2) {
        lf_buf_adds(b, k2);
        lf_pdfw_ref(b, r2);
    }
    lf_buf_adds(b, ">>");
}

/* The fonts; those that are onebyte share an encoding and a ToUnicode
 * (lf_pdfcs_maps). */
static int d_fonts(direct *d)
{
    render *r = d->r;
    for (size_t f = 0; f < r->nfaces; f++) {
        const lf_pdfcs_font *pf = r->pfont[f];
        if (!pf)
            continue;
        const int *o = d->font_obj[f];
        lf_buf *b = lf_pdfw_body(d->w, o[0], G_OWN);
        lf_buf_adds(b, "<<");
        lf_buf_adds(b, pf->type0);
        if (pf->onebyte) {
            lf_buf_adds(b, "/Encoding ");
            lf_pdfw_ref(b, d->fmaps[0]);
        }
        lf_buf_adds(b, "/DescendantFonts[");
        lf_pdfw_ref(b, o[1]);
        lf_buf_adds(b, "]/ToUnicode ");
        lf_pdfw_ref(b, pf->onebyte ? d->fmaps[1] : o[5]);
        lf_buf_adds(b, ">>");
        d_font_dict(d, o[1], pf->cidfont, "/FontDescriptor ", o[2], "/CIDToGIDMap ", o[4]);
        d_font_dict(d, o[2], pf->descriptor, "/FontFile2 ", o[3], NULL, 0);
        lf_pdfw_stream(d->w, o[3], pf->file_keys, pf->file, pf->file_len);
        lf_pdfw_stream(d->w, o[4], "/Filter/FlateDecode", pf->cidmap, pf->cidmap_len);
        if (!pf->onebyte)
            lf_pdfw_stream(d->w, o[5], "/Filter/FlateDecode", pf->tounicode, pf->tounicode_len);
    }
    if (!d->fmaps[0])
        return 0;
    const unsigned char *cm, *tu;
    size_t cm_len, tu_len;
    if (lf_pdfcs_maps(r->cs, r->pfont, r->nfaces, &cm, &cm_len, &tu, &tu_len))
        return fail(r, "PDF: cannot compress the fonts' maps");
    lf_pdfw_stream(d->w, d->fmaps[0],
                   "/Type/CMap/CMapName/" LF_PDFCS_CMAP
                   "/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>"
                   "/WMode 0/Filter/FlateDecode",
                   cm, cm_len);
    lf_pdfw_stream(d->w, d->fmaps[1], "/Filter/FlateDecode", tu, tu_len);
    return 0;
}

/* <</Font<<...>>>>: the fonts of the document, by their names. */
static void d_font_resources(direct *d, lf_buf *b)
{
    render *r = d->r;
    lf_buf_adds(b, "<</Font<<");
    for (size_t f = 0; f < r->nfaces; f++)
        if (r->pfont[f]) {
            lf_buf_addc(b, '/');
            lf_buf_adds(b, r->fnames[f]);
            lf_buf_addc(b, ' ');
            lf_pdfw_ref(b, d->font_obj[f][0]);
        }
    lf_buf_adds(b, ">>>>");
}

static int d_pages(direct *d)
{
    render *r = d->r;
    const lf_dlist *dl = r->dl;
    lf_buf z = {0};
    lf_buf *b = lf_pdfw_body(d->w, d->pages, G_OWN);
    lf_buf_adds(b, "<</Type/Pages/Kids[");
    for (size_t p = 0; p < dl->npages; p++) {
        if (p)
            lf_buf_addc(b, ' ');
        lf_pdfw_ref(b, d->page_obj[p]);
    }
    lf_buf_adds(b, "]/Count ");
    lf_pdfw_int(b, (long long)dl->npages);
    lf_buf_adds(b, ">>");
    /* A footer on two pages or more (the recipient's contact, the
     * organisation, the leaflet's reference: the same on every page) is
     * a Form XObject that those pages draw: written once, not once a page */
    int footer = 0;
    r->footer = NULL;
    for (size_t p = 0; p < dl->npages && !r->footer; p++)
        for (size_t q = p + 1; q < dl->npages && !r->footer; q++)
            if (same_footer(&dl->pages[p], &dl->pages[q]))
                r->footer = &dl->pages[p];
    if (r->footer) {
        /* libdeflate's level 1, as the card's: 6 and 10 save 4 and 10 bytes */
        size_t fa = footer_start(r->footer);
        lf_pdfcs_chunk ch = {r->footer->v + fa, r->footer->n - 1 - fa, r->ox, r->oy, 0, 0, 1, 0,
                             NULL};
        lf_pdfcs_page pp = pdfcs_page(r);
        char *err = NULL;
        if (lf_pdfcs_content(r->cs, &pp, &ch, 1, &z, &err)) {
            int rc = fail(r, "%s", err);
            free(err);
            lf_buf_free(&z);
            return rc;
        }
        footer = lf_pdfw_obj(d->w);
        lf_buf k2 = {0};
        lf_buf_adds(&k2, "/Type/XObject/Subtype/Form/BBox[0 0 ");
        lf_pdfw_real(&k2, r->mw);
        lf_buf_addc(&k2, ' ');
        lf_pdfw_real(&k2, r->mh);
        lf_buf_adds(&k2, "]/Resources");
        d_font_resources(d, &k2);
        lf_buf_adds(&k2, "/Filter/FlateDecode");
        lf_pdfw_stream(d->w, footer, k2.s, z.s, z.len);
        lf_buf_free(&k2);
    }
    for (size_t p = 0; p < dl->npages; p++) {
        z.len = 0;
        if (page_content(r, &dl->pages[p], p, &z)) {
            lf_buf_free(&z);
            return -1;
        }
        int content = lf_pdfw_obj(d->w);
        lf_pdfw_stream(d->w, content, "/Filter/FlateDecode", z.s, z.len);
        b = lf_pdfw_body(d->w, d->page_obj[p], G_OWN);
        lf_buf_adds(b, "<</Type/Page/Parent ");
        lf_pdfw_ref(b, d->pages);
        lf_buf_adds(b, "/MediaBox[0 0 ");
        lf_pdfw_real(b, r->mw);
        lf_buf_addc(b, ' ');
        lf_pdfw_real(b, r->mh);
        lf_buf_adds(b, "]/Resources");
        d_font_resources(d, b);
        if (footer && same_footer(r->footer, &dl->pages[p])) {
            b->len -= 2; /* into the resources */
            lf_buf_adds(b, "/XObject<</Footer ");
            lf_pdfw_ref(b, footer);
            lf_buf_adds(b, ">>>>");
        }
        lf_buf_adds(b, "/Contents ");
        lf_pdfw_ref(b, content);
        if (d->an && d->page_annots[p][0] >= 0) { /* an index means an annotation */
            lf_buf_adds(b, "/Annots[");
            for (int *a = d->page_annots[p]; *a >= 0; a++) {
                if (a != d->page_annots[p])
                    lf_buf_addc(b, ' ');
                lf_pdfw_ref(b, d->an[*a].obj);
            }
            lf_buf_addc(b, ']');
        }
        if (r->tagged) {
            lf_buf_adds(b, "/StructParents ");
            lf_pdfw_int(b, d->page_key[p]);
            lf_buf_adds(b, "/Tabs/S");
        }
        lf_buf_adds(b, ">>");
    }
    lf_buf_free(&z);
    return 0;
}

static void d_info_catalog(direct *d)
{
    render *r = d->r;
    const lf_dlist *dl = r->dl;
    lf_buf *b = lf_pdfw_body(d->w, d->info, G_OWN);
    const char *const keys[] = {"/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer"};
    const char *const vals[] = {dl->title, dl->author, dl->subject, dl->keywords, dl->creator,
                                r->producer};
    lf_buf_adds(b, "<<");
    for (int i = 0; i < 6; i++)
        if (nz(vals[i])) {
            lf_buf_adds(b, keys[i]);
            lf_pdfw_text(b, vals[i]);
        }
    lf_buf_adds(b, "/CreationDate");
    lf_pdfw_text(b, r->date_pdf);
    lf_buf_adds(b, "/ModDate");
    lf_pdfw_text(b, r->date_pdf);
    lf_buf_adds(b, ">>");

    b = lf_pdfw_body(d->w, d->catalog, G_OWN);
    lf_buf_adds(b, "<</Type/Catalog/Pages ");
    lf_pdfw_ref(b, d->pages);
    if (dl->noutline) {
        lf_buf_adds(b, "/Outlines ");
        lf_pdfw_ref(b, d->outlines);
        lf_buf_adds(b, "/PageMode/UseOutlines");
    }
    if (nz(dl->lang)) {
        lf_buf_adds(b, "/Lang");
        lf_pdfw_text(b, dl->lang);
    }
    lf_buf_adds(b, "/ViewerPreferences<</DisplayDocTitle true>>");
    if (d->xmp) {
        lf_buf_adds(b, "/Metadata ");
        lf_pdfw_ref(b, d->xmp);
    }
    if (r->tagged) {
        lf_buf_adds(b, "/StructTreeRoot ");
        lf_pdfw_ref(b, d->sroot);
        lf_buf_adds(b, "/MarkInfo<</Marked true>>");
    }
    lf_buf_adds(b, ">>");
}

static void direct_free(direct *d, size_t npages)
{
    lf_pdfw_free(d->w);
    for (size_t p = 0; p < npages; p++) {
        free(d->page_annots[p]);
        free(d->page_mc[p]);
    }
    free(d->page_annots);
    free(d->page_mc);
    free(d->page_nmc);
    free(d->page_arr);
    free(d->page_obj);
    free(d->page_key);
    free(d->elem_obj);
    free(d->out_obj);
    free(d->font_obj);
    free(d->card);
    free(d->an);
}

/* Every object number the body group's bodies name: the structure tree
 * root, pages, outline, the body's elements and the card's sections (the
 * body's sections name them), the body's links (and their parent tree
 * keys), the parent tree's arrays in the body group. */
static int *body_nums(const direct *d, size_t *n)
{
    const lf_dlist *dl = d->r->dl;
    size_t cap = 4 + 2 * dl->npages + dl->nelems + dl->noutline + 3 * d->nan, k = 0;
    int *v = lf_xmalloc(cap * sizeof *v);
    v[k++] = d->sroot;
    v[k++] = d->outlines;
    v[k++] = (int)dl->npages;
    for (size_t p = 0; p < dl->npages; p++) {
        v[k++] = d->page_obj[p];
        v[k++] = d->page_arr[p];
    }
    for (size_t i = 0; i < dl->nelems; i++) {
        int p = dl->elems[i].parent;
        if (!d->card[i] || (p >= 0 && !d->card[p]))
            v[k++] = d->elem_obj[i];
    }
    for (size_t i = 0; i < dl->noutline; i++)
        v[k++] = d->out_obj[i];
    for (size_t a = 0; a < d->nan; a++)
        if (!d->an[a].card) {
            v[k++] = d->an[a].obj;
            v[k++] = d->an[a].key;
            v[k++] = d->an[a].page;
        }
    *n = k;
    return v;
}

static bodygroup *body_find(lf_pdf_cache *c, unsigned long id, const int *nums, size_t n)
{
    for (size_t i = 0; i < NBODYGROUPS; i++) {
        bodygroup *g = &c->bg[i];
        if (g->id == id && g->nnums == n && memcmp(g->nums, nums, n * sizeof *nums) == 0)
            return g;
    }
    return NULL;
}

static void body_forget(bodygroup *g)
{
    free(g->nums);
    free(g->bytes);
    free(g->starts);
    memset(g, 0, sizeof *g);
}

/* Keep the body group w has now (takes nums). */
static void body_keep(lf_pdf_cache *c, lf_pdfw *w, unsigned long id, int *nums, size_t n)
{
    bodygroup *g = &c->bg[c->bg_next];
    c->bg_next = (c->bg_next + 1) % NBODYGROUPS;
    body_forget(g);
    const char *bytes;
    const size_t *starts;
    g->n = lf_pdfw_group(w, G_BODY, &bytes, &g->len, &starts);
    g->bytes = lf_xmalloc(g->len ? g->len : 1);
    if (g->len)
        memcpy(g->bytes, bytes, g->len);
    g->starts = lf_xmalloc((g->n ? 2 * g->n : 1) * sizeof *g->starts);
    if (g->n)
        memcpy(g->starts, starts, 2 * g->n * sizeof *starts);
    g->id = id;
    g->nums = nums;
    g->nnums = n;
}

static int build_direct(render *r, lf_pdfw_cache *wc, unsigned char **out, size_t *len)
{
    const lf_dlist *dl = r->dl;
    direct d;
    memset(&d, 0, sizeof d);
    d.r = r;
    d.w = lf_pdfw_new(wc, 7);
    lf_pdfw_level(d.w, G_BODY, 10); /* compressed once per batch, as the body's content */
    size_t ne = dl->nelems ? dl->nelems : 1, np = dl->npages;
    d.page_obj = lf_xcalloc(np, sizeof *d.page_obj);
    d.page_key = lf_xcalloc(np, sizeof *d.page_key);
    d.page_annots = lf_xcalloc(np, sizeof *d.page_annots);
    d.page_mc = lf_xcalloc(np, sizeof *d.page_mc);
    d.page_nmc = lf_xcalloc(np, sizeof *d.page_nmc);
    d.page_arr = lf_xcalloc(np, sizeof *d.page_arr);
    d.elem_obj = lf_xcalloc(ne, sizeof *d.elem_obj);
    d.card = lf_xcalloc(ne, 1);
    d.out_obj = lf_xcalloc(dl->noutline ? dl->noutline : 1, sizeof *d.out_obj);
    d.font_obj = lf_xcalloc(r->nfaces ? r->nfaces : 1, sizeof *d.font_obj);
    int rc = 0;
    if (r->tagged) {
        r->attached = lf_xcalloc(ne, 1);
        r->kids = lf_xcalloc(ne, sizeof *r->kids);
        for (size_t i = 0; i < ne; i++)
            r->kids[i].pg = -1;
        mark_card(&d);
    }
    for (size_t i = 0; i < dl->noutline && rc == 0; i++)
        if (dl->outline[i].page < 0 || (size_t)dl->outline[i].page >= np)
            rc = fail(r, "PDF: outline entry \"%s\" points past the last page",
                      dl->outline[i].title ? dl->outline[i].title : "");
    if (rc == 0)
        rc = pick_fonts(r);
    if (rc == 0)
        rc = d_walk(&d);
    if (rc == 0) {
        d_number(&d);
        rc = d_fonts(&d);
    }
    if (rc == 0) {
        /* a body already written for another recipient: its group as it was */
        int *nums = NULL;
        size_t nn = 0;
        if (r->tagged && dl->body_id) {
            nums = body_nums(&d, &nn);
            const bodygroup *g = body_find(r->cache, dl->body_id, nums, nn);
            if (g) {
                lf_pdfw_group_put(d.w, G_BODY, g->bytes, g->len, g->starts, g->n);
                d.body_kept = 1;
            }
        }
        if (r->tagged)
            d_elements(&d);
        d_outline(&d);
        d_annots(&d);
        if (nums && !d.body_kept)
            body_keep(r->cache, d.w, dl->body_id, nums, nn);
        else
            free(nums);
        rc = d_pages(&d);
    }
    if (rc == 0 && r->tagged) { /* PDF/UA wants XMP */
        char *xmp = make_xmp(r);
        d.xmp = lf_pdfw_obj(d.w);
        if (lf_pdfw_stream_deflate(d.w, d.xmp, "/Type/Metadata/Subtype/XML", xmp, strlen(xmp)))
            rc = fail(r, "PDF: zlib failed on the XMP metadata");
        free(xmp);
    }
    if (rc == 0) {
        d_info_catalog(&d);
        if (lf_pdfw_finish(d.w, d.catalog, d.info, r->digest, out, len))
            rc = fail(r, "PDF: could not write the file (zlib)");
    }
    if (r->kids)
        for (size_t i = 0; i < ne; i++)
            free(r->kids[i].v);
    direct_free(&d, np);
    return rc;
}

int lf_pdf_render(const lf_dlist *dl, lf_fonts *f, lf_profile p, const lf_pdf_meta *meta,
                  unsigned char **out, size_t *len, lf_diags *d)
{
    lf_pdf_cache *c = lf_pdf_cache_new();
    int rc = lf_pdf_render_cached(c, dl, f, p, meta, out, len, d);
    lf_pdf_cache_free(c);
    return rc;
}

lf_pdf_cache *lf_pdf_cache_new(void)
{
    lf_pdf_cache *c = lf_xcalloc(1, sizeof *c);
    c->cs = lf_pdfcs_new(LF_PDF_CACHE_MAX);
    c->w = lf_pdfw_cache_new(LF_PDF_CACHE_MAX / 4);
    return c;
}

void lf_pdf_cache_free(lf_pdf_cache *c)
{
    if (!c)
        return;
    lf_pdfcs_free(c->cs);
    lf_pdfw_cache_free(c->w);
    for (int i = 0; i < LF_NPROFILES; i++)
        lf_buf_free(&c->icc[i]);
    free(c->bits);
    free(c->cps);
    free(c->body_k);
    free(c->body_cps);
    for (size_t i = 0; i < NBODYGROUPS; i++)
        body_forget(&c->bg[i]);
    free(c);
}

int lf_pdf_render_cached(lf_pdf_cache *cache, const lf_dlist *dl, lf_fonts *f, lf_profile p,
                         const lf_pdf_meta *meta, unsigned char **out, size_t *len, lf_diags *d)
{
    *out = NULL;
    *len = 0;
    if ((unsigned)p >= LF_NPROFILES) {
        lf_error(d, (lf_pos){0}, "PDF: unknown profile %d", (int)p);
        return -1;
    }
    render r;
    memset(&r, 0, sizeof r);
    r.dl = dl;
    r.f = f;
    r.p = p;
    r.meta = meta;
    r.d = d;
    r.nfaces = f ? lf_fonts_count(f) : 0;
    r.cs = cache->cs;
    r.cache = cache;
    r.tagged = dl->nelems > 0;
    lf_pdfcs_trim(r.cs); /* between documents: bounds what the cache keeps */
    r.fnames = lf_xcalloc(r.nfaces + 1, sizeof *r.fnames);
    r.pfont = lf_xcalloc(r.nfaces + 1, sizeof *r.pfont);
    r.onebyte = lf_xcalloc(r.nfaces + 1, 1);
    r.fobj = lf_xcalloc(r.nfaces + 1, sizeof *r.fobj);
    /* office files are written by pdfw, the others by libharu */
#ifdef LF_VERSION
    r.producer = p == LF_PROFILE_OFFICE ? lf_xstrdup("leaflet " LF_VERSION)
                                        : lf_xasprintf("leaflet %s (libharu %s)", LF_VERSION,
                                                       HPDF_GetVersion());
#else
    r.producer = p == LF_PROFILE_OFFICE ? lf_xstrdup("leaflet")
                                        : lf_xasprintf("leaflet (libharu %s)", HPDF_GetVersion());
#endif
    int rc = prepare(&r);
    if (rc == 0 && p == LF_PROFILE_OFFICE) {
        rc = build_direct(&r, cache->w, out, len);
    } else if (rc == 0) {
        r.pdf = HPDF_New(on_error, &r);
        if (!r.pdf) {
            lf_error(d, (lf_pos){0}, "PDF: libharu error 0x%04X: cannot create a document",
                     (unsigned)r.err_no);
            rc = -1;
        } else {
            rc = build(&r, out, len);
            HPDF_Free(r.pdf);
        }
    }
    free(r.fnames);
    free(r.pfont);
    free(r.onebyte);
    free(r.fobj);
    free(r.kids);
    for (size_t i = 0; r.marks && i < dl->npages; i++) {
        for (size_t k = 0; k < r.marks[i].n; k++)
            free(r.marks[i].v[k].text);
        free(r.marks[i].v);
    }
    free(r.marks);
    free(r.producer);
    lf_pdfx_tree_free(r.tree);
    free(r.attached);
    free(r.mc);
    return rc;
}
