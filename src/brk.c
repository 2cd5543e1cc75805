/* brk: total-fit line breaking for ragged-right text (Knuth & Plass, 1981,
 * shaped like neatroff's fmt.c).
 *
 * The input is a list of boxes (unbreakable widths), glue (a space) and
 * penalties (possible breaks, maybe with a hyphen). A break may happen at
 *   - a glue node that directly follows a box (the glue is dropped), or
 *   - a penalty node whose penalty is < LF_BRK_INF (the line gets its width),
 *   - the end of the nodes (index n), always,
 * provided some box follows it (a break with nothing after it is pointless).
 * A line starts at the first box after its break: glue and penalties right
 * after a break belong to nobody. Its natural width runs from that box to the
 * last box before its break (trailing glue does not count), plus the width of
 * the penalty it ends at.
 *
 * Cost scale (unit: "one empty line"):
 *   - a line that is not the last costs r*r, r = (width - natural) / width,
 *     so a full line costs 0 and an empty one 1 (a line half full: 0.25);
 *   - the last line (and a line ended by a forced break) costs 0, plus
 *     short_last_penalty when the paragraph has more than one line and the
 *     last line is shorter than 1/6 of the width;
 *   - a break at a penalty adds its penalty (when > -INF), and a flagged
 *     break also adds params->hyphen_penalty;
 *   - a flagged break right after a flagged break is forbidden;
 *   - a line wider than `width` (beyond a rounding tolerance of 1e-9 of the
 *     width) is forbidden unless it is one box alone (that box then stands
 *     alone, at cost 0 for its shortfall).
 * The defaults (hyphen_penalty 0.5, short_last_penalty 0.3) make a hyphen
 * worth it only when it saves a line from being about 70 % empty.
 *
 * Total-fit is dynamic programming over breakpoints: best[b] = cheapest
 * breaking that ends a line at b. Only "active" breakpoints (from which a
 * line could still reach the current one without overflowing) are tried, so
 * the run time is O(n * breakpoints per line). Ties go to the earliest
 * previous break. When the input cannot be broken within the width (an
 * unbreakable run of several boxes wider than the line), a "rescue" line
 * that overflows is taken at a very high cost, so there is always an answer.
 */
#include "brk.h"

#include <math.h>
#include <stdlib.h>

#include "util.h"

const lf_brk_params lf_brk_defaults = {
    .hyphen_penalty = 0.5,
    .short_last_penalty = 0.3,
};

#define START ((size_t)-1)  /* the break "before" node 0; START + 1 == 0 */
#define NONE ((size_t)-2)
#define RESCUE_COST 1e6     /* an overflowing line forced by the input */
/* Widths are sums of measured doubles, added in different orders here (prefix
 * sums) and by the caller: a line "fits" up to this much over the width. */
#define FIT_EPS(w) (1e-9 * ((w) > 1 ? (w) : 1))

typedef struct ctx {
    const lf_brk_node *v;
    size_t n;
    double width;
    const lf_brk_params *p;
    double *W;        /* W[i]: widths of boxes and glue in v[0..i); n + 1 entries */
    size_t *nextbox;  /* nextbox[i]: first box at index >= i, n when none; n + 1 */
    size_t *endbox;   /* endbox[i]: 1 + last box at index < i, 0 when none; n + 1 */
} ctx;

typedef struct line {
    double content;  /* boxes and glue, without the penalty width */
    double natural;  /* content + penalty width */
    int nbox;        /* 0, 1, or 2 meaning "two or more" */
} line;

static int ctx_init(ctx *c, const lf_brk_node *v, size_t n, double width,
                    const lf_brk_params *p)
{
    c->v = v;
    c->n = n;
    c->width = width;
    c->p = p ? p : &lf_brk_defaults;
    c->W = lf_xmalloc((n + 1) * sizeof *c->W);
    c->nextbox = lf_xmalloc((n + 1) * sizeof *c->nextbox);
    c->endbox = lf_xmalloc((n + 1) * sizeof *c->endbox);
    int boxes = 0;
    c->W[0] = 0;
    c->endbox[0] = 0;
    for (size_t i = 0; i < n; i++) {
        double w = v[i].type == LF_BRK_PENALTY ? 0 : v[i].width;
        c->W[i + 1] = c->W[i] + w;
        c->endbox[i + 1] = v[i].type == LF_BRK_BOX ? i + 1 : c->endbox[i];
        if (v[i].type == LF_BRK_BOX)
            boxes = 1;
    }
    c->nextbox[n] = n;
    for (size_t i = n; i-- > 0;)
        c->nextbox[i] = v[i].type == LF_BRK_BOX ? i : c->nextbox[i + 1];
    return boxes;
}

static void ctx_free(ctx *c)
{
    free(c->W);
    free(c->nextbox);
    free(c->endbox);
}

static int is_forced(const ctx *c, size_t b)
{
    return b == c->n ||
           (c->v[b].type == LF_BRK_PENALTY && c->v[b].penalty <= -LF_BRK_INF);
}

static int is_flagged(const ctx *c, size_t b)
{
    return b != START && b < c->n && c->v[b].type == LF_BRK_PENALTY && c->v[b].flagged;
}

static int is_breakpoint(const ctx *c, size_t b)
{
    if (b == c->n)
        return 1;
    if (b > c->n || c->nextbox[b + 1] >= c->n)
        return 0;
    const lf_brk_node *x = &c->v[b];
    if (x->type == LF_BRK_GLUE)
        return b > 0 && c->v[b - 1].type == LF_BRK_BOX;
    if (x->type == LF_BRK_PENALTY)
        return x->penalty < LF_BRK_INF;
    return 0;
}

/* The line after break a (START: the paragraph's start) up to break b. */
static void measure_line(const ctx *c, size_t a, size_t b, line *L)
{
    size_t s = c->nextbox[a + 1];
    size_t e = c->endbox[b];
    if (s >= e) {
        L->content = 0;
        L->nbox = 0;
    } else {
        L->content = c->W[e] - c->W[s];
        L->nbox = e - 1 > s ? 2 : 1;
    }
    L->natural = L->content;
    if (b < c->n && c->v[b].type == LF_BRK_PENALTY)
        L->natural += c->v[b].width;
}

/* A line that can never become feasible again, whatever break comes later. */
static int is_dead(const ctx *c, const line *L)
{
    return L->nbox > 1 && L->content > c->width + FIT_EPS(c->width);
}

/* Cost of the line a → b (see the top of the file); HUGE_VAL when forbidden. */
static double line_cost(const ctx *c, size_t a, size_t b, const line *L)
{
    int forced = is_forced(c, b);
    if (L->nbox == 0)
        return forced ? 0 : HUGE_VAL;
    if (L->nbox > 1 && L->natural > c->width + FIT_EPS(c->width))
        return HUGE_VAL;
    if (is_flagged(c, a) && is_flagged(c, b))
        return HUGE_VAL;
    double cost = 0;
    if (!forced) {
        if (c->width > 0 && L->natural < c->width) {
            double r = (c->width - L->natural) / c->width;
            cost = r * r;
        }
    } else if (b == c->n && a != START && L->natural < c->width / 6) {
        cost += c->p->short_last_penalty;
    }
    if (b < c->n && c->v[b].type == LF_BRK_PENALTY) {
        if (c->v[b].penalty > -LF_BRK_INF)
            cost += c->v[b].penalty;
        if (c->v[b].flagged)
            cost += c->p->hyphen_penalty;
    }
    return cost;
}

/* Follow prev[] back from the end; store the breaks in order. */
static size_t collect(const ctx *c, const size_t *prev, size_t **breaks)
{
    size_t k = 0;
    for (size_t b = c->n; b != START; b = prev[b])
        k++;
    size_t *out = lf_xmalloc(k * sizeof *out);
    size_t i = k;
    for (size_t b = c->n; b != START; b = prev[b])
        out[--i] = b;
    *breaks = out;
    return k;
}

size_t lf_brk_total_fit(const lf_brk_node *nodes, size_t n, double width,
                        const lf_brk_params *p, size_t **breaks)
{
    *breaks = NULL;
    ctx c;
    if (!ctx_init(&c, nodes, n, width, p)) {
        ctx_free(&c);
        return 0;
    }
    double *best = lf_xmalloc((n + 1) * sizeof *best);
    size_t *prev = lf_xmalloc((n + 1) * sizeof *prev);
    size_t *act = NULL, nact = 0, cap = 0;
    lf_xgrow((void **)&act, &cap, 1, sizeof *act);
    act[nact++] = START;
    size_t last_dead = START;
    line L;

    for (size_t b = 0; b <= n; b++) {
        if (!is_breakpoint(&c, b))
            continue;
        int forced = is_forced(&c, b);
        double bc = HUGE_VAL;
        size_t bp = NONE, k = 0;
        for (size_t i = 0; i < nact; i++) {
            size_t a = act[i];
            measure_line(&c, a, b, &L);
            if (is_dead(&c, &L)) {
                last_dead = a;
                continue;
            }
            act[k++] = a;
            double lc = line_cost(&c, a, b, &L);
            if (lc == HUGE_VAL)
                continue;
            double t = (a == START ? 0 : best[a]) + lc;
            if (t < bc) {
                bc = t;
                bp = a;
            }
        }
        nact = k;
        if (bp == NONE && (nact == 0 || forced)) {
            /* Rescue: nothing fits; overflow from the most recent break. */
            bp = nact ? act[nact - 1] : last_dead;
            bc = (bp == START ? 0 : best[bp]) + RESCUE_COST;
        }
        if (bp == NONE)
            continue;
        best[b] = bc;
        prev[b] = bp;
        if (forced)
            nact = 0;
        if (b < n) {
            lf_xgrow((void **)&act, &cap, nact + 1, sizeof *act);
            act[nact++] = b;
        }
    }
    size_t k = collect(&c, prev, breaks);
    free(act);
    free(best);
    free(prev);
    ctx_free(&c);
    return k;
}

size_t lf_brk_first_fit(const lf_brk_node *nodes, size_t n, double width,
                        const lf_brk_params *p, size_t **breaks)
{
    *breaks = NULL;
    ctx c;
    if (!ctx_init(&c, nodes, n, width, p)) {
        ctx_free(&c);
        return 0;
    }
    size_t *out = NULL, nout = 0, cap = 0;
    line L;
    size_t a = START;
    for (;;) {
        size_t ok = NONE, first = NONE;
        for (size_t b = a + 1; b <= n; b++) {
            if (!is_breakpoint(&c, b))
                continue;
            if (first == NONE)
                first = b;
            measure_line(&c, a, b, &L);
            if (is_dead(&c, &L))
                break;
            if (line_cost(&c, a, b, &L) < HUGE_VAL)
                ok = b;
            if (is_forced(&c, b)) {
                if (ok == NONE)
                    ok = b;
                break;
            }
        }
        if (ok == NONE)
            ok = first; /* nothing fits: overflow as little as possible */
        lf_xgrow((void **)&out, &cap, nout + 1, sizeof *out);
        out[nout++] = ok;
        if (ok == n)
            break;
        a = ok;
    }
    ctx_free(&c);
    *breaks = out;
    return nout;
}

/* Infinite (HUGE_VAL) for a breaking that total-fit would never choose on
 * feasible input: a break that is not a breakpoint, an overflowing line of
 * several boxes (a rescue), two flagged breaks in a row, or no final n. */
double lf_brk_cost(const lf_brk_node *nodes, size_t n, double width,
                   const lf_brk_params *p, const size_t *breaks, size_t nbreaks)
{
    ctx c;
    double total = 0;
    if (!ctx_init(&c, nodes, n, width, p)) {
        ctx_free(&c);
        return nbreaks == 0 ? 0 : HUGE_VAL;
    }
    if (nbreaks == 0 || breaks[nbreaks - 1] != n)
        total = HUGE_VAL;
    size_t a = START;
    line L;
    for (size_t i = 0; i < nbreaks && total < HUGE_VAL; i++) {
        size_t b = breaks[i];
        if (b > n || (a != START && b <= a) || !is_breakpoint(&c, b)) {
            total = HUGE_VAL;
            break;
        }
        measure_line(&c, a, b, &L);
        total += line_cost(&c, a, b, &L);
        a = b;
    }
    ctx_free(&c);
    return total;
}
