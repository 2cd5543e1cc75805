/* hyph: hyphenation points with libhyphen and Debian's hyphen-fr / hyphen-en-us
 * patterns. */
#ifndef LF_HYPH_H
#define LF_HYPH_H

#include <stddef.h>
#include "model.h"

typedef struct lf_hyph lf_hyph;

/* Open the patterns for `lang`. `dir` is the folder to look in first; then
 * the LEAFLET_HYPHEN_DIR environment variable, the installed copy
 * (<exe dir>/../share/leaflet/hyphen, then PREFIX/share/leaflet/hyphen), and
 * /usr/share/hyphen.
 * Returns NULL and reports an error (without position) when none is found. */
lf_hyph *lf_hyph_open(lf_lang lang, const char *dir, lf_diags *d);
void lf_hyph_close(lf_hyph *h);
/* A number that names these patterns in this process (never reused; 0 for
 * NULL): caches key on it, never on the pointer. */
unsigned long lf_hyph_serial(const lf_hyph *h);

/* Find where the word w[0..len) (UTF-8, letters only; the caller strips
 * punctuation) may be hyphenated. Stores byte offsets (0 < off < len; a hyphen
 * goes before w[off]) in pos, ascending, at most max of them; returns their
 * number. At least 2 characters stay before and 3 after each point. */
size_t lf_hyph_points(lf_hyph *h, const char *w, size_t len, size_t *pos, size_t max);

#endif
