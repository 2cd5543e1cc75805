/* layout: the document model → a display list of positioned pages.
 * Measures without drawing (widths from fonts, lines from para), so the same
 * code decides heights and positions. Parallel layout starts block N of each
 * language at the same height; sequential puts one language after the other,
 * the second on a new page; one language is a single column. Reserves the
 * footer band (the recipient's contact, organisation, document control,
 * page n / N) on every page and ends with a contact card. Paragraphs set and
 * measured for one document are reused by the next (paracache.h), and so is
 * a single-section body placed for an earlier recipient whose footer was as
 * tall: one layout at a time per process. */
#ifndef LF_LAYOUT_H
#define LF_LAYOUT_H

#include "draw.h"
#include "fonts.h"
#include "hyph.h"
#include "model.h"

typedef enum { LF_LAYOUT_PARALLEL, LF_LAYOUT_SEQUENTIAL } lf_layout_mode;

typedef struct lf_layout_opts {
    lf_layout_mode mode;
    lf_lang langs[LF_NLANG]; /* which languages, in which order */
    int nlangs;
    long long date;          /* document date (epoch seconds), for the display list */
} lf_layout_opts;

/* Lay out leaflet l for recipient `who` (NULL: the generic leaflet, with
 * ruled lines to write a name and phone by hand). `dir` may be NULL (no
 * organisation). hyph[lang] may be NULL (no hyphenation). Returns 0 and fills
 * *out (free with lf_dlist_free), or reports to d and returns -1. */
int lf_layout(const lf_leaflet *l, const lf_directory *dir, const lf_staff *who,
              const lf_layout_opts *o, lf_fonts *f, lf_hyph *const hyph[LF_NLANG],
              lf_dlist *out, lf_diags *d);

/* Forget the bodies kept for later recipients (they name l, dir and the
 * options by address: call this before freeing or reusing those). */
void lf_layout_forget(void);
/* How often a body was kept, reused, and found not to fit the card (then
 * laid out afresh), since the process started. */
void lf_layout_memo_stats(unsigned long *kept, unsigned long *reused, unsigned long *redone);

#endif
