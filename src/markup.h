/* markup: inline markup of the content format → runs.
 *   **bold**   *italic*   <https://…>  <mailto:…>   \*  \<  \\  (escapes)
 * Nothing else is markup: a `*` or `<` that cannot pair is an error at its
 * position. Bold and italic may nest (***both***, **bold *and italic***);
 * a link is printed as its target (mailto: links without the "mailto:"). */
#ifndef LF_MARKUP_H
#define LF_MARKUP_H

#include "model.h"

/* Parse s[0..len) (valid UTF-8). `start` is the position of s[0] in the input;
 * positions inside s are found by advancing it (a newline moves to the next
 * line, column 1). Adjacent runs with the same style are merged; empty runs are
 * dropped. Returns 0 on success; on error reports to d, returns -1, and
 * leaves *out empty. */
int lf_markup_parse(const char *s, size_t len, lf_pos start, lf_rich *out, lf_diags *d);

/* The same, with the input position of every character given by map[i] for
 * each byte s[i] that starts a code point (map has len entries). The loader
 * uses it for scalars whose text differs from the file (folded lines, block
 * scalars, escapes in quoted strings). */
int lf_markup_parse_mapped(const char *s, size_t len, const lf_pos *map, lf_rich *out,
                           lf_diags *d);

#endif
