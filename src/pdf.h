/* pdf: the only stage that includes hpdf.h. Turns a display list into the
 * PDF bytes of a profile (office written by pdfw, print and archive by
 * libharu 2.3.0). Profiles:
 *   office   plain A4, RGB, fonts embedded, outline, links, /Lang, info,
 *            object streams.
 *   print    PDF/X-4: 3 mm bleed, TrimBox/BleedBox, crop marks, slug line,
 *            DeviceCMYK only (text 100 % K), GTS_PDFX output intent + ICC.
 *   archive  PDF/A-2u: own XMP, GTS_PDFA1 output intent (sRGB ICC), /ID from
 *            the content.
 * Output depends only on the inputs: the same display list gives the same bytes. */
#ifndef LF_PDF_H
#define LF_PDF_H

#include <stddef.h>
#include "draw.h"
#include "fonts.h"
#include "diag.h"

typedef enum { LF_PROFILE_OFFICE, LF_PROFILE_PRINT, LF_PROFILE_ARCHIVE, LF_NPROFILES } lf_profile;
const char *lf_profile_name(lf_profile p);   /* "office", "print", "archive" */
int lf_profile_parse(const char *s);         /* or -1 */

typedef struct lf_pdf_meta {
    const char *file_name;   /* output file name, for the print slug line */
    const char *reference;   /* leaflet reference, may be NULL */
    const char *version;     /* may be NULL */
    const char *published;   /* ISO date or NULL */
    const char *review;      /* ISO date or NULL */
    const char *recipient;   /* staff id or "generic" */
    const char *langs[2];    /* BCP 47 codes of the languages, in order */
    const char *titles[2];   /* the title in each language */
    int nlangs;
} lf_pdf_meta;

/* What the PDF stage builds once and reuses from document to document
 * (fonts cut to the characters used, compressed page content that is the
 * same for every recipient): one per process, never shared across fork.
 * It never changes the output, only how fast it comes. At most
 * LF_PDF_CACHE_MAX bytes of page content are kept. */
typedef struct lf_pdf_cache lf_pdf_cache;
#define LF_PDF_CACHE_MAX (3u << 20)
lf_pdf_cache *lf_pdf_cache_new(void);
void lf_pdf_cache_free(lf_pdf_cache *c);
int lf_pdf_render_cached(lf_pdf_cache *c, const lf_dlist *dl, lf_fonts *f, lf_profile p,
                         const lf_pdf_meta *meta, unsigned char **out, size_t *len, lf_diags *d);

/* Render dl with fonts f in profile p. On success returns 0 and hands the
 * bytes to *out / *len (caller frees). On failure reports to d, returns -1. */
int lf_pdf_render(const lf_dlist *dl, lf_fonts *f, lf_profile p, const lf_pdf_meta *meta,
                  unsigned char **out, size_t *len, lf_diags *d);

#endif
