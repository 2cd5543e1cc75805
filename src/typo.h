/* typo: typography per language, text → text, run by run (runs keep their
 * styles; context carries across run boundaries).
 * fr: ' → ’; "…" → « … » with U+00A0 inside; U+202F before ; ! ? and U+00A0
 *     before : (replacing the ordinary space the author typed, or inserting
 *     one); U+00A0 after « and before » (also when the author typed « »).
 *     Link runs (href != NULL) are left untouched.
 * en: ' → ’ only (and "…" → “…”). */
#ifndef LF_TYPO_H
#define LF_TYPO_H

#include "model.h"

/* Rewrite r's runs in place for language `lang`. */
void lf_typo_apply(lf_rich *r, lf_lang lang);
/* The same on one plain UTF-8 string (for staff fields, tests). Caller frees. */
char *lf_typo_string(const char *s, lf_lang lang);

#endif
