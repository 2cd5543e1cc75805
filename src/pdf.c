/* pdf: draws a display list with libharu 2.3.0 and returns the PDF bytes.
 *
 * One libharu document per call, fonts loaded into it lazily (only the faces
 * the display list uses), nothing shared between calls: safe after fork and
 * per thread. Every libharu status is checked; the first failure is reported
 * as "PDF: libharu error 0x....". Whatever reaches into libharu's internal
 * structures is in pdfx.c. The output depends only on the inputs (no clock:
 * dates come from dl->date, /ID is the MD5 of the written bytes).
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
    HPDF_Font *font;          /* per face, loaded on first use */
    unsigned char (*rows)[32];/* per face: high bytes of the codes shown */
    HPDF_Encoder utf8;
    double ox, oy;            /* trim origin in the media box */
    double mw, mh;            /* media box size */
    char date_xmp[80];
    char *producer;
    /* graphics state tracking on the current page */
    int fill, stroke, face;
    double fsize, lwidth;
    int in_text;
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

static void md5_uuid(const unsigned char md[16], char out[37])
{
    unsigned char u[16];
    memcpy(u, md, 16);
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x30); /* version 3: name-based, MD5 */
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
             u[13], u[14], u[15]);
}

/* A digest of everything the document is made from, for the XMP IDs. */
static void input_digest(const render *r, unsigned char md[16])
{
    const lf_dlist *dl = r->dl;
    const lf_pdf_meta *m = r->meta;
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
    for (size_t pi = 0; pi < dl->npages; pi++) {
        lf_buf_printf(&b, "\npage %zu\n", pi);
        for (size_t i = 0; i < dl->pages[pi].n; i++) {
            const lf_ditem *it = &dl->pages[pi].v[i];
            lf_buf_printf(&b, "%d %.3f %.3f %.3f %.3f %d %.3f %d %d %s\n", (int)it->kind, it->x,
                          it->y, it->w, it->h, it->font, it->size, (int)it->color, it->bleed,
                          it->text ? it->text : "");
        }
    }
    for (size_t i = 0; i < dl->noutline; i++)
        lf_buf_printf(&b, "o %d %d %.3f %s\n", dl->outline[i].level, dl->outline[i].page,
                      dl->outline[i].y, dl->outline[i].title ? dl->outline[i].title : "");
    lf_pdfx_md5(b.s ? b.s : "", b.len, md);
    lf_buf_free(&b);
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

/*** Fonts and text ***/

static int use_face(render *r, int face)
{
    if (!r->f || face < 0 || (size_t)face >= r->nfaces) {
        return fail(r, "PDF: text uses face %d, which is not loaded", face);
    }
    if (r->font[face])
        return 0;
    const char *path = lf_fonts_path(r->f, face);
    if (!path)
        return fail(r, "PDF: no font file for face %d", face);
    const char *name = HPDF_LoadTTFontFromFile(r->pdf, path, HPDF_TRUE);
    if (!name || r->err_no)
        return hfail(r, HPDF_GetError(r->pdf), "HPDF_LoadTTFontFromFile");
    HPDF_Font font = HPDF_GetFont(r->pdf, name, "UTF-8");
    if (!font || r->err_no)
        return hfail(r, HPDF_GetError(r->pdf), "HPDF_GetFont");
    r->font[face] = font;
    return 0;
}

/* Check that UTF-8 text is drawable by libharu's UTF-8 encoder (valid, BMP
 * only) and note the code rows it uses for the face's ToUnicode map. */
static int note_text(render *r, int face, const char *s)
{
    size_t n = strlen(s), i = 0;
    uint32_t cp;
    while (i < n) {
        if (!lf_utf8_next(s, n, &i, &cp))
            return fail(r, "PDF: text is not valid UTF-8: \"%s\"", s);
        if (cp > 0xffff)
            return fail(r, "PDF: text has a character beyond U+FFFF, which libharu 2.3.0 "
                           "cannot draw: \"%s\"", s);
        r->rows[face][cp >> 11] |= (unsigned char)(1u << ((cp >> 8) & 7));
    }
    return 0;
}

static int set_fill(render *r, HPDF_Page pg, lf_color c)
{
    if ((unsigned)c >= LF_NCOLORS)
        return fail(r, "PDF: unknown colour in the display list");
    if (r->fill == (int)c)
        return 0;
    const lf_colordef *cd = &lf_palette[c];
    if (r->p == LF_PROFILE_PRINT)
        CHK(r, HPDF_Page_SetCMYKFill(pg, (HPDF_REAL)cd->cmyk[0], (HPDF_REAL)cd->cmyk[1],
                                     (HPDF_REAL)cd->cmyk[2], (HPDF_REAL)cd->cmyk[3]));
    else
        CHK(r, HPDF_Page_SetRGBFill(pg, (HPDF_REAL)cd->rgb[0], (HPDF_REAL)cd->rgb[1],
                                    (HPDF_REAL)cd->rgb[2]));
    r->fill = (int)c;
    return 0;
}

static int set_stroke(render *r, HPDF_Page pg, lf_color c)
{
    if ((unsigned)c >= LF_NCOLORS)
        return fail(r, "PDF: unknown colour in the display list");
    if (r->stroke == (int)c)
        return 0;
    const lf_colordef *cd = &lf_palette[c];
    if (r->p == LF_PROFILE_PRINT)
        CHK(r, HPDF_Page_SetCMYKStroke(pg, (HPDF_REAL)cd->cmyk[0], (HPDF_REAL)cd->cmyk[1],
                                       (HPDF_REAL)cd->cmyk[2], (HPDF_REAL)cd->cmyk[3]));
    else
        CHK(r, HPDF_Page_SetRGBStroke(pg, (HPDF_REAL)cd->rgb[0], (HPDF_REAL)cd->rgb[1],
                                      (HPDF_REAL)cd->rgb[2]));
    r->stroke = (int)c;
    return 0;
}

static int end_text(render *r, HPDF_Page pg)
{
    if (r->in_text) {
        CHK(r, HPDF_Page_EndText(pg));
        r->in_text = 0;
    }
    return 0;
}

/* Show s with the font's pair kerning (lf_fonts_kern, what layout measured):
 * one TJ array whose numbers are the adjustments in 1/1000 em (subtracted
 * from the position); plain Tj through libharu when there is none. Codes
 * are the BMP code points as 2-byte strings (libharu's UTF-8 CID fonts);
 * every code still goes through libharu's width lookup, so its glyph is
 * embedded. */
static int show_kerned(render *r, HPDF_Page pg, int face, const char *s)
{
    size_t n = strlen(s), i = 0;
    uint32_t cp, prev = 0;
    int first = 1, kerned = 0;
    lf_buf tj = {0};
    lf_buf_adds(&tj, "[<");
    while (lf_utf8_next(s, n, &i, &cp)) {
        double k = first ? 0 : lf_fonts_kern(r->f, face, prev, cp);
        if (k != 0) {
            lf_buf_printf(&tj, ">%d<", (int)lround(-k));
            kerned = 1;
        }
        lf_buf_printf(&tj, "%04X", (unsigned)cp);
        prev = cp;
        first = 0;
    }
    lf_buf_adds(&tj, ">]TJ\n");
    int rc = 0;
    if (!kerned) {
        lf_buf_free(&tj);
        CHK(r, HPDF_Page_ShowText(pg, s));
        return 0;
    }
    HPDF_TextWidth tw = HPDF_Font_TextWidth(r->font[face], (const HPDF_BYTE *)s, (HPDF_UINT)n);
    (void)tw;
    if (r->err_no || lf_pdfx_page_raw(pg, tj.s, tj.len) != HPDF_OK)
        rc = hfail(r, HPDF_GetError(r->pdf), "TJ");
    lf_buf_free(&tj);
    return rc;
}

static int draw_text(render *r, HPDF_Page pg, int face, double size, lf_color c, double x,
                     double y, const char *s)
{
    if (!s || !*s)
        return 0;
    if (!(size > 0 && size < 1000))
        return fail(r, "PDF: bad font size for \"%s\"", s);
    if (use_face(r, face) || note_text(r, face, s))
        return -1;
    if (!r->in_text) {
        CHK(r, HPDF_Page_BeginText(pg));
        r->in_text = 1;
        r->face = -1;
    }
    if (r->face != face || r->fsize != size) {
        CHK(r, HPDF_Page_SetFontAndSize(pg, r->font[face], (HPDF_REAL)size));
        r->face = face;
        r->fsize = size;
    }
    if (set_fill(r, pg, c))
        return -1;
    CHK(r, HPDF_Page_SetTextMatrix(pg, 1, 0, 0, 1, (HPDF_REAL)x, (HPDF_REAL)y));
    return show_kerned(r, pg, face, s);
}

/*** Pages ***/

static int draw_rect(render *r, HPDF_Page pg, const lf_ditem *it)
{
    double x0 = it->x, y0 = it->y, x1 = it->x + it->w, y1 = it->y + it->h, t;
    if (x1 < x0)
        t = x0, x0 = x1, x1 = t;
    if (y1 < y0)
        t = y0, y0 = y1, y1 = t;
    if (it->bleed && r->p == LF_PROFILE_PRINT) {
        const double eps = 0.01, W = r->dl->width, H = r->dl->height;
        if (x0 <= eps)
            x0 -= LF_PDF_BLEED;
        if (y0 <= eps)
            y0 -= LF_PDF_BLEED;
        if (x1 >= W - eps)
            x1 += LF_PDF_BLEED;
        if (y1 >= H - eps)
            y1 += LF_PDF_BLEED;
    }
    if (end_text(r, pg) || set_fill(r, pg, it->color))
        return -1;
    if (it->kind == LF_D_DOT)
        CHK(r, HPDF_Page_Circle(pg, (HPDF_REAL)((x0 + x1) / 2), (HPDF_REAL)((y0 + y1) / 2),
                                (HPDF_REAL)((x1 - x0) / 2)));
    else
        CHK(r, HPDF_Page_Rectangle(pg, (HPDF_REAL)x0, (HPDF_REAL)y0, (HPDF_REAL)(x1 - x0),
                                   (HPDF_REAL)(y1 - y0)));
    CHK(r, HPDF_Page_Fill(pg));
    return 0;
}

static int draw_line(render *r, HPDF_Page pg, const lf_ditem *it)
{
    double w = it->size > 0 ? it->size : 0.5;
    if (end_text(r, pg) || set_stroke(r, pg, it->color))
        return -1;
    if (r->lwidth != w) {
        CHK(r, HPDF_Page_SetLineWidth(pg, (HPDF_REAL)w));
        r->lwidth = w;
    }
    CHK(r, HPDF_Page_MoveTo(pg, (HPDF_REAL)it->x, (HPDF_REAL)it->y));
    CHK(r, HPDF_Page_LineTo(pg, (HPDF_REAL)(it->x + it->w), (HPDF_REAL)(it->y + it->h)));
    CHK(r, HPDF_Page_Stroke(pg));
    return 0;
}

static int add_link(render *r, HPDF_Page pg, const lf_ditem *it)
{
    if (!nz(it->text))
        return fail(r, "PDF: link without a URI");
    double x0 = it->x + r->ox, y0 = it->y + r->oy;
    double x1 = x0 + it->w, y1 = y0 + it->h, t;
    if (x1 < x0)
        t = x0, x0 = x1, x1 = t;
    if (y1 < y0)
        t = y0, y0 = y1, y1 = t;
    HPDF_Rect rect = {(HPDF_REAL)x0, (HPDF_REAL)y0, (HPDF_REAL)x1, (HPDF_REAL)y1};
    char *uri = uri_ascii(it->text);
    HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(pg, rect, uri);
    free(uri);
    if (!a || r->err_no)
        return hfail(r, HPDF_GetError(r->pdf), "HPDF_Page_CreateURILinkAnnot");
    CHK(r, HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0));
    CHK(r, lf_pdfx_annot_flags(a, 4));
    return 0;
}

/* Crop marks at the four corners and the slug line, in media coordinates. */
static int draw_marks(render *r, HPDF_Page pg, size_t pageno)
{
    const double x0 = r->ox, y0 = r->oy, x1 = r->ox + r->dl->width, y1 = r->oy + r->dl->height;
    const double g = MARK_GAP, l = MARK_LEN;
    CHK(r, HPDF_Page_SetLineWidth(pg, MARK_WIDTH));
    CHK(r, HPDF_Page_SetCMYKStroke(pg, 0, 0, 0, 1));
    const double xs[2] = {x0, x1}, ys[2] = {y0, y1};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double x = xs[i], y = ys[j];
            double dx = i ? 1 : -1, dy = j ? 1 : -1;
            /* horizontal mark, on the line of the horizontal trim edge */
            CHK(r, HPDF_Page_MoveTo(pg, (HPDF_REAL)(x + dx * g), (HPDF_REAL)y));
            CHK(r, HPDF_Page_LineTo(pg, (HPDF_REAL)(x + dx * (g + l)), (HPDF_REAL)y));
            /* vertical mark */
            CHK(r, HPDF_Page_MoveTo(pg, (HPDF_REAL)x, (HPDF_REAL)(y + dy * g)));
            CHK(r, HPDF_Page_LineTo(pg, (HPDF_REAL)x, (HPDF_REAL)(y + dy * (g + l))));
        }
    CHK(r, HPDF_Page_Stroke(pg));

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
    r->fill = -1;
    int rc = draw_text(r, pg, LF_FACE_REGULAR, SLUG_SIZE, LF_C_TEXT, x0 + g + 6,
                       y0 - LF_PDF_BLEED - 4 * MM - SLUG_SIZE, b.s);
    lf_buf_free(&b);
    if (rc || end_text(r, pg))
        return -1;
    r->stroke = r->fill = r->face = -1;
    r->fsize = r->lwidth = -1;
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
    r->fill = r->stroke = r->face = -1;
    r->fsize = r->lwidth = -1;
    r->in_text = 0;
    /* Marks first, in media coordinates; then the trim's coordinates for the
     * rest of the page. (No q/Q: a page left with an unbalanced q after a
     * failure leaks libharu's saved graphics state.) */
    if (r->p == LF_PROFILE_PRINT && draw_marks(r, pg, pageno))
        return -1;
    if (r->ox != 0 || r->oy != 0)
        CHK(r, HPDF_Page_Concat(pg, 1, 0, 0, 1, (HPDF_REAL)r->ox, (HPDF_REAL)r->oy));
    for (size_t i = 0; i < dp->n; i++) {
        const lf_ditem *it = &dp->v[i];
        int rc = 0;
        switch (it->kind) {
        case LF_D_TEXT:
            rc = draw_text(r, pg, it->font, it->size, it->color, it->x, it->y, it->text);
            break;
        case LF_D_RECT:
        case LF_D_DOT: rc = draw_rect(r, pg, it); break;
        case LF_D_LINE: rc = draw_line(r, pg, it); break;
        case LF_D_LINK: rc = add_link(r, pg, it); break;
        default: rc = fail(r, "PDF: unknown display item kind");
        }
        if (rc)
            return -1;
    }
    return end_text(r, pg);
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
        HPDF_Outline item = HPDF_CreateOutline(r->pdf, parent, o->title ? o->title : "", r->utf8);
        if (!item || r->err_no)
            return hfail(r, HPDF_GetError(r->pdf), "HPDF_CreateOutline");
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

    time_t t = (time_t)dl->date;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || tm.tm_year < 0 || tm.tm_year > 8099)
        return fail(r, "PDF: the document date is out of range");
    HPDF_Date hd = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                    tm.tm_sec, '+', 0, 0};
    CHK(r, HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, hd));
    CHK(r, HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, hd));
    /* The same instant, spelled alike in Info (D:...+00'00') and XMP:
     * PDFBox Preflight, for one, rejects "Z00'00'" against "...Z". */
    snprintf(r->date_xmp, sizeof r->date_xmp, "%04d-%02d-%02dT%02d:%02d:%02d+00:00",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
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
                   "    </rdf:Bag>\n"
                   "   </pdfaExtension:schemas>\n"
                   "  </rdf:Description>\n");
}

static char *make_xmp(render *r)
{
    const lf_dlist *dl = r->dl;
    const lf_pdf_meta *m = r->meta;
    lf_buf b = {0};
    unsigned char md[16];
    char uuid[37];
    input_digest(r, md);
    md5_uuid(md, uuid);

    lf_buf_adds(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    if (r->p == LF_PROFILE_ARCHIVE)
        lf_buf_adds(&b, "  <rdf:Description rdf:about=\"\" "
                        "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                        "   <pdfaid:part>2</pdfaid:part>\n"
                        "   <pdfaid:conformance>U</pdfaid:conformance>\n"
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
    /* Room for in-place edits, as the XMP specification recommends. */
    for (int i = 0; i < 20; i++)
        lf_buf_adds(&b, "                                                                    "
                        "                                \n");
    lf_buf_adds(&b, "<?xpacket end=\"w\"?>");
    return lf_buf_take(&b);
}

static int add_intent(render *r)
{
    const char *path = r->p == LF_PROFILE_PRINT ? ICC_CMYK : ICC_RGB;
    unsigned char *icc = NULL;
    size_t len = 0;
    if (read_file(path, &icc, &len)) {
        lf_error(r->d, (lf_pos){path, 0, 0}, "PDF: cannot read the ICC output profile: %s",
                 strerror(errno));
        lf_note(r->d, (lf_pos){0}, "it comes with the Debian package libgs-common "
                                    "(apt-get install libgs-common)");
        r->failed = 1;
        return -1;
    }
    /* The header must say what we claim: 'acsp', output or display class,
     * and the colour space the content uses. */
    const char *space = r->p == LF_PROFILE_PRINT ? "CMYK" : "RGB ";
    if (len < 128 || memcmp(icc + 36, "acsp", 4) != 0 || memcmp(icc + 16, space, 4) != 0) {
        free(icc);
        return fail(r, "PDF: %s is not the expected ICC profile", path);
    }
    HPDF_STATUS st;
    if (r->p == LF_PROFILE_PRINT)
        st = lf_pdfx_output_intent(r->pdf, "GTS_PDFX", ICC_CMYK_ID, ICC_CMYK_COND, ICC_CMYK_INFO,
                                   icc, len, 4);
    else
        st = lf_pdfx_output_intent(r->pdf, "GTS_PDFA1", ICC_RGB_ID, ICC_RGB_ID, ICC_RGB_INFO,
                                   icc, len, 3);
    free(icc);
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

static int build(render *r, unsigned char **out, size_t *len)
{
    const lf_dlist *dl = r->dl;
    HPDF_Doc pdf = r->pdf;
    if (dl->npages == 0)
        return fail(r, "PDF: the display list has no pages");
    if (!(dl->width > 0 && dl->height > 0 && dl->width < 14400 && dl->height < 14400))
        return fail(r, "PDF: bad page size");
    if (check_palette(r))
        return -1;

    CHK(r, HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL));
    CHK(r, HPDF_UseUTFEncodings(pdf));
    CHK(r, HPDF_SetCurrentEncoder(pdf, "UTF-8"));
    r->utf8 = HPDF_GetEncoder(pdf, "UTF-8");
    if (!r->utf8 || r->err_no)
        return hfail(r, HPDF_GetError(pdf), "HPDF_GetEncoder");

    if (r->p == LF_PROFILE_PRINT) {
        r->ox = r->oy = LF_PDF_SLUG;
    }
    r->mw = dl->width + 2 * r->ox;
    r->mh = dl->height + 2 * r->oy;
    if (set_info(r))
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

    for (size_t i = 0; i < r->nfaces; i++)
        if (r->font[i])
            CHK(r, lf_pdfx_fix_font(pdf, r->font[i], r->rows[i],
                                    (int)(lf_fonts_cap_height(r->f, (int)i) + 0.5)));

    if (r->p != LF_PROFILE_OFFICE) {
        char *xmp = make_xmp(r);
        HPDF_STATUS st = lf_pdfx_catalog_metadata(pdf, xmp, strlen(xmp));
        free(xmp);
        CHK(r, st);
        if (add_intent(r))
            return -1;
    }
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
    if (lf_pdfx_patch_id(buf, size)) {
        free(buf);
        return fail(r, "PDF: the trailer /ID was not found in libharu's output");
    }
    *out = buf;
    *len = size;
    return 0;
}

int lf_pdf_render(const lf_dlist *dl, lf_fonts *f, lf_profile p, const lf_pdf_meta *meta,
                  unsigned char **out, size_t *len, lf_diags *d)
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
    r.font = lf_xcalloc(r.nfaces + 1, sizeof *r.font);
    r.rows = lf_xcalloc(r.nfaces + 1, sizeof *r.rows);
#ifdef LF_VERSION
    r.producer = lf_xasprintf("leaflet %s (libharu %s)", LF_VERSION, HPDF_GetVersion());
#else
    r.producer = lf_xasprintf("leaflet (libharu %s)", HPDF_GetVersion());
#endif
    r.pdf = HPDF_New(on_error, &r);
    int rc;
    if (!r.pdf) {
        lf_error(d, (lf_pos){0}, "PDF: libharu error 0x%04X: cannot create a document",
                 (unsigned)r.err_no);
        rc = -1;
    } else {
        rc = build(&r, out, len);
        HPDF_Free(r.pdf);
    }
    free(r.font);
    free(r.rows);
    free(r.producer);
    return rc;
}
