/* paracache: paragraphs already set, remembered for the life of a process.
 *
 * Setting a paragraph (typography, hyphenation, pair-kerned widths,
 * total-fit) is a pure function of the text's runs (text, style, link),
 * its language, the width, the size, the style forced on every run, the
 * fonts (and whether they kern) and the hyphenation patterns. A batch lays
 * out the same body for every recipient: layout asks here first and sets a
 * paragraph only once. The key is the content itself (compared in full,
 * never a pointer), so a hit gives exactly the lines a fresh setting gives
 * and output never depends on the cache. The same table remembers the
 * typography of recurring texts (titles, the organisation's name) and keeps
 * one datum per paragraph that its user derives from the lines (layout: the
 * fragments split by face and measured), both pure functions of the key too.
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
/* The text after typography that `lines` (handed out by this cache) were set
 * from: layout takes outline titles from it instead of applying typography
 * again. Valid as long as the lines. */
const lf_rich *lf_paracache_typo(const lf_lines *lines);
/* One datum derived from cached lines by the caller (layout keeps the
 * measured pieces of their fragments there), or NULL. lf_paracache_set_aux
 * hands it over (freed with the entry by free_fn; any previous one is freed
 * first); `bytes` counts towards the cache's budget. */
void *lf_paracache_aux(const lf_lines *lines);
void lf_paracache_set_aux(const lf_lines *lines, void *aux, size_t bytes, void (*free_fn)(void *));
/* src after typography for `lang` (lf_typo_apply on a copy), remembered and
 * trimmed like the paragraphs (under the key {0, 0, lang, 0, 0, 0}: width 0
 * is never a paragraph's). Valid until the next lf_paracache_trim(). */
const lf_rich *lf_paracache_typo_text(const lf_rich *src, lf_lang lang);
/* Between documents: when the cache holds more than its budget, forget the
 * entries that were never reused (a recipient's own lines), and if that is
 * not enough, everything. */
void lf_paracache_trim(void);
/* Forget everything (tests, the end of a process). */
void lf_paracache_clear(void);

#endif
