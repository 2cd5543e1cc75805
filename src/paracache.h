/* paracache: paragraphs already set, remembered for the life of a process.
 *
 * Setting a paragraph (typography, hyphenation, pair-kerned widths,
 * total-fit) is a pure function of the text's runs (text, style, link),
 * its language, the width, the size, the style forced on every run, the
 * fonts (and whether they kern) and the hyphenation patterns. A batch lays
 * out the same body for every recipient: layout asks here first and sets a
 * paragraph only once. The key is the content itself (compared in full,
 * never a pointer), so a hit gives exactly the lines a fresh setting gives
 * and output never depends on the cache.
 *
 * Lines handed out stay valid until the next lf_paracache_trim() (layout
 * trims at its start, never in the middle of a document). One cache per
 * process: not for use from two threads at once. */
#ifndef LF_PARACACHE_H
#define LF_PARACACHE_H

#include "model.h"
#include "para.h"

typedef struct lf_paracache_key {
    unsigned long fonts;  /* lf_fonts_serial() */
    unsigned long hyph;   /* lf_hyph_serial(), 0 for none */
    int lang;             /* -1: no typography */
    double width, size;
    unsigned style_or;
} lf_paracache_key;

/* The lines of src under k, or NULL when not cached. */
const lf_lines *lf_paracache_get(const lf_rich *src, const lf_paracache_key *k);
/* Remember lines (taken: the cache frees them) set from `typo` (taken: the
 * lines borrow its link targets), the text src after typography, under
 * (src, k). Returns the cached lines. */
const lf_lines *lf_paracache_put(const lf_rich *src, const lf_paracache_key *k, lf_rich *typo,
                                 lf_lines *lines);
/* Between documents: when the cache holds more than its budget, forget the
 * entries that were never reused (a recipient's own lines), and if that is
 * not enough, everything. */
void lf_paracache_trim(void);
/* Forget everything (tests, the end of a process). */
void lf_paracache_clear(void);

#endif
