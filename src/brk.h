/* brk: total-fit line breaking (Knuth & Plass, 1981) for ragged-right text.
 * Pure and deterministic: input is boxes, glue and penalties with widths;
 * output is where the lines end. Glue does not stretch (ragged right): a line
 * costs the square of its shortfall (width - natural width, relative to the
 * width), except the last line; penalties add their cost; a flagged
 * (hyphen) break right after another flagged break is forbidden. */
#ifndef LF_BRK_H
#define LF_BRK_H

#include <stddef.h>

#define LF_BRK_INF 10000.0 /* penalty >= INF: never break; <= -INF: must break */

typedef enum { LF_BRK_BOX, LF_BRK_GLUE, LF_BRK_PENALTY } lf_brk_type;

typedef struct lf_brk_node {
    lf_brk_type type;
    double width;   /* box, glue: its width; penalty: width added when broken here (the hyphen) */
    double penalty; /* penalty nodes only */
    int flagged;    /* penalty nodes only: a hyphenation break */
} lf_brk_node;

typedef struct lf_brk_params {
    double hyphen_penalty;    /* cost added for a hyphenated line (e.g. 0.5: high) */
    double short_last_penalty;/* cost when the last line is shorter than 1/6 of the width */
} lf_brk_params;
extern const lf_brk_params lf_brk_defaults;

/* Break nodes[0..n) into lines of `width`. A break at a glue node drops the
 * glue; at a penalty node the line gets the penalty's width. On success
 * returns the number of lines and stores in *breaks (caller frees) the index
 * of each line's break node, the last one being n (the end). Lines never exceed
 * `width` unless a single box is wider than it (the caller splits such boxes
 * first); then that box stands alone on its line. Returns 0 for no boxes. */
size_t lf_brk_total_fit(const lf_brk_node *nodes, size_t n, double width,
                        const lf_brk_params *p, size_t **breaks);
/* First-fit (greedy), for comparison and tests; same contract. */
size_t lf_brk_first_fit(const lf_brk_node *nodes, size_t n, double width,
                        const lf_brk_params *p, size_t **breaks);
/* The total cost of a breaking, as total-fit measures it (for tests). */
double lf_brk_cost(const lf_brk_node *nodes, size_t n, double width,
                   const lf_brk_params *p, const size_t *breaks, size_t nbreaks);

#endif
