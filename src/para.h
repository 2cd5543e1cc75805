/* para: sets one paragraph (rich text, after typography) into lines.
 * Words are measured through a callback (the typesetter's fonts), hyphenation
 * points come from hyph, lines from brk's total-fit. Breaks are allowed at
 * ordinary spaces (never before ; : ! ? » or after «, in any language), after
 * an explicit hyphen between letters ("anti-PD-1" may break after "anti-"), and
 * at hyphenation points (with a high penalty). A word longer than the line is
 * hyphenated, or cut anywhere if it has no point left, never left to overflow. */
#ifndef LF_PARA_H
#define LF_PARA_H

#include "model.h"
#include "hyph.h"

/* Width in points of s[0..len) set in `style` (LF_BOLD|LF_ITALIC). */
typedef double (*lf_measure_fn)(void *ctx, unsigned style, const char *s, size_t len);

typedef struct lf_frag {
    char *text;        /* UTF-8 to draw (a trailing "-" added at a hyphen break) */
    unsigned style;
    const char *href;  /* borrowed from the run; NULL when not a link */
    double x;          /* offset from the line's start, points */
    double w;          /* measured width, points */
} lf_frag;

typedef struct lf_line {
    lf_frag *frags;
    size_t n;
    double width;      /* natural width of the line */
    int hyphenated;    /* ends with an inserted hyphen */
} lf_line;

typedef struct lf_lines {
    lf_line *v;
    size_t n;
} lf_lines;

/* Set `text` in lines of `width` points. `h` may be NULL (no hyphenation).
 * Returns 0 on success (out filled; free with lf_lines_free). */
int lf_para_set(const lf_rich *text, double width, lf_measure_fn measure, void *ctx,
                lf_hyph *h, lf_lines *out);
void lf_lines_free(lf_lines *l);

#endif
