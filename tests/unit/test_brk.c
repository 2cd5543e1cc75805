/* test_brk: total-fit and first-fit on fixed-width material (every character
 * is 1 unit, a space is 1, a hyphen is 1). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "brk.h"
#include "t.h"
#include "util.h"

typedef struct para {
    lf_brk_node *v;
    size_t n, cap;
} para;

static void push(para *p, lf_brk_type t, double w, double pen, int flagged)
{
    lf_xgrow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v);
    p->v[p->n++] = (lf_brk_node){t, w, pen, flagged};
}

/* "aaa bb|cc d": words separated by spaces; "|" is a hyphenation point
 * (flagged penalty of width 1); "#" a forced break. */
static para build(const char *s)
{
    para p = {0};
    size_t run = 0;
    for (const char *c = s;; c++) {
        if (*c && *c != ' ' && *c != '|' && *c != '#') {
            run++;
            continue;
        }
        if (run)
            push(&p, LF_BRK_BOX, (double)run, 0, 0);
        run = 0;
        if (!*c)
            break;
        if (*c == ' ')
            push(&p, LF_BRK_GLUE, 1, 0, 0);
        else if (*c == '|')
            push(&p, LF_BRK_PENALTY, 1, 0, 1);
        else
            push(&p, LF_BRK_PENALTY, 0, -LF_BRK_INF, 0);
    }
    return p;
}

/* Natural width of the line after break a (SIZE_MAX: start) up to break b,
 * computed independently of brk.c. */
static double natural(const para *p, size_t a, size_t b)
{
    size_t s = a + 1, e = b;
    while (s < b && p->v[s].type != LF_BRK_BOX)
        s++;
    while (e > s && p->v[e - 1].type != LF_BRK_BOX)
        e--;
    double w = 0;
    for (size_t i = s; i < e; i++)
        if (p->v[i].type != LF_BRK_PENALTY)
            w += p->v[i].width;
    if (b < p->n && p->v[b].type == LF_BRK_PENALTY)
        w += p->v[b].width;
    return w;
}

static int flagged(const para *p, size_t b)
{
    return b < p->n && p->v[b].type == LF_BRK_PENALTY && p->v[b].flagged;
}

/* Every line fits (or is one box), breaks ascend, end at n, no flagged pair. */
static int valid(const para *p, double width, const size_t *br, size_t nb)
{
    if (nb == 0 || br[nb - 1] != p->n)
        return 0;
    size_t a = (size_t)-1;
    for (size_t i = 0; i < nb; i++) {
        if (i > 0 && br[i] <= br[i - 1])
            return 0;
        double w = natural(p, a, br[i]);
        if (w > width) {
            size_t boxes = 0;
            for (size_t k = a + 1; k < br[i]; k++)
                boxes += p->v[k].type == LF_BRK_BOX;
            if (boxes != 1)
                return 0;
        }
        if (i > 0 && flagged(p, br[i - 1]) && flagged(p, br[i]))
            return 0;
        a = br[i];
    }
    return 1;
}

static int same(const size_t *a, size_t na, const size_t *b, size_t nb)
{
    return na == nb && memcmp(a, b, na * sizeof *a) == 0;
}

static void test_simple(void)
{
    para p = build("aaa bbb ccc");
    size_t *br;
    size_t n = lf_brk_total_fit(p.v, p.n, 7, NULL, &br);
    CHECK(n == 2);
    CHECK(n == 2 && br[0] == 3 && br[1] == 5);
    CHECK(valid(&p, 7, br, n));
    /* Line 1 "aaa bbb" is full: cost 0; the last line is free. */
    CHECK(fabs(lf_brk_cost(p.v, p.n, 7, NULL, br, n)) < 1e-12);
    free(br);

    n = lf_brk_total_fit(p.v, p.n, 100, NULL, &br);
    CHECK(n == 1 && br[0] == p.n);
    free(br);
    free(p.v);

    /* No boxes: no lines. */
    p = build("");
    br = (size_t *)&p; /* must be reset to NULL */
    CHECK(lf_brk_total_fit(p.v, p.n, 10, NULL, &br) == 0 && br == NULL);
    free(p.v);
}

static void test_total_beats_first(void)
{
    /* Width 6. First-fit: "aaa bb" | "cc" | "ddddd": 0 + (4/6)^2 = 0.444.
     * Total-fit: "aaa" | "bb cc" | "ddddd": (3/6)^2 + (1/6)^2 = 0.278. */
    para p = build("aaa bb cc ddddd");
    size_t *bt, *bf;
    size_t nt = lf_brk_total_fit(p.v, p.n, 6, NULL, &bt);
    size_t nf = lf_brk_first_fit(p.v, p.n, 6, NULL, &bf);
    double ct = lf_brk_cost(p.v, p.n, 6, NULL, bt, nt);
    double cf = lf_brk_cost(p.v, p.n, 6, NULL, bf, nf);
    CHECK(nt == 3 && nf == 3);
    CHECK(ct < cf);
    CHECK(!same(bt, nt, bf, nf));
    CHECK(fabs(ct - (0.25 + 1.0 / 36)) < 1e-9);
    CHECK(fabs(cf - 16.0 / 36) < 1e-9);
    CHECK(nt == 3 && bt[0] == 1 && bt[1] == 5);  /* after "aaa", after "cc" */
    CHECK(nf == 3 && bf[0] == 3 && bf[1] == 5);  /* after "bb", after "cc" */
    CHECK(valid(&p, 6, bt, nt) && valid(&p, 6, bf, nf));
    free(bt);
    free(bf);
    free(p.v);
}

static void test_overlong(void)
{
    /* A box wider than the line stands alone. */
    para p = build("aa bbbbbbbbbb cc");
    size_t *br;
    size_t n = lf_brk_total_fit(p.v, p.n, 5, NULL, &br);
    CHECK(n == 3);
    CHECK(n == 3 && br[0] == 1 && br[1] == 3 && br[2] == p.n);
    CHECK(valid(&p, 5, br, n));
    free(br);
    n = lf_brk_first_fit(p.v, p.n, 5, NULL, &br);
    CHECK(n == 3 && br[0] == 1 && br[1] == 3);
    free(br);
    free(p.v);

    /* An overlong box first and last. */
    p = build("bbbbbbbbbb");
    n = lf_brk_total_fit(p.v, p.n, 5, NULL, &br);
    CHECK(n == 1 && br[0] == p.n);
    free(br);
    free(p.v);

    /* Two glued boxes wider than the line (the caller should have split
     * them): still an answer, every break valid, just an overflow. */
    p = build("aa bbbb|bbbb cc");
    p.v[3].penalty = LF_BRK_INF; /* make the hyphen point unbreakable */
    n = lf_brk_total_fit(p.v, p.n, 5, NULL, &br);
    CHECK(n == 3 && br[n - 1] == p.n);
    free(br);
    free(p.v);
}

static void test_hyphen_defaults(void)
{
    /* A hyphen that only tightens a 45 %-short line is not worth it:
     * "aaaaaaaaaaa" (r 0.45: 0.2025) beats "aaaaaaaaaaa bbbbb-" (0.01 + 0.5). */
    para p = build("aaaaaaaaaaa bbbbb|bbbb ccc");
    size_t *br;
    size_t n = lf_brk_total_fit(p.v, p.n, 20, NULL, &br);
    CHECK(n == 2 && br[0] == 1);
    free(br);
    free(p.v);

    /* A hyphen that saves a very short line is: "aaaa" alone costs 0.64. */
    p = build("aaaa bbbbbbbb|bbbbbbbbbb cc");
    n = lf_brk_total_fit(p.v, p.n, 20, NULL, &br);
    CHECK(n == 2 && br[0] == 3 && p.v[3].type == LF_BRK_PENALTY);
    CHECK(n == 2 && fabs(lf_brk_cost(p.v, p.n, 20, NULL, br, n) - (0.09 + 0.5)) < 1e-9);
    free(br);
    /* With a huge hyphen penalty it is not. */
    lf_brk_params no = lf_brk_defaults;
    no.hyphen_penalty = 5;
    n = lf_brk_total_fit(p.v, p.n, 20, &no, &br);
    CHECK(n == 3 && br[0] == 1);
    free(br);
    free(p.v);
}

static void test_flagged(void)
{
    /* Breaking after both hyphens would be cheapest, but is forbidden. */
    para p = build("aaaa|aaaa bbbb|bbbb cc");
    size_t bad[3] = {1, 5, p.n};
    CHECK(isinf(lf_brk_cost(p.v, p.n, 10, NULL, bad, 3)));
    size_t *br;
    size_t n = lf_brk_total_fit(p.v, p.n, 5, NULL, &br);
    CHECK(valid(&p, 5, br, n));
    free(br);
    n = lf_brk_first_fit(p.v, p.n, 5, NULL, &br);
    CHECK(valid(&p, 5, br, n));
    free(br);
    free(p.v);

    /* A breaking that is not made of breakpoints costs infinity. */
    p = build("aaa bbb");
    size_t mid[2] = {0, p.n}; /* 0 is a box */
    CHECK(isinf(lf_brk_cost(p.v, p.n, 10, NULL, mid, 2)));
    size_t noend[1] = {1};
    CHECK(isinf(lf_brk_cost(p.v, p.n, 10, NULL, noend, 1)));
    free(p.v);
}

static void test_forced_and_short_last(void)
{
    para p = build("aaa#bbb ccc");
    size_t *br;
    size_t n = lf_brk_total_fit(p.v, p.n, 100, NULL, &br);
    CHECK(n == 2 && br[0] == 1 && br[1] == p.n);
    free(br);
    free(p.v);

    /* Short last line (1 < 12/6): 0.3 extra. */
    p = build("aaaaaaaaaa b");
    size_t two[2] = {1, p.n};
    double c = lf_brk_cost(p.v, p.n, 12, NULL, two, 2);
    CHECK(fabs(c - ((2.0 / 12) * (2.0 / 12) + 0.3)) < 1e-9);
    free(p.v);
}

static unsigned long lcg = 12345;
static unsigned rnd(unsigned m)
{
    lcg = lcg * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((lcg >> 33) % m);
}

/* A long pseudo-random paragraph with hyphenation points. */
static para random_para(size_t words)
{
    lf_buf b = {0};
    for (size_t i = 0; i < words; i++) {
        if (i)
            lf_buf_addc(&b, ' ');
        unsigned len = 1 + rnd(12);
        for (unsigned k = 0; k < len; k++) {
            if (k >= 2 && k + 3 <= len && rnd(3) == 0)
                lf_buf_addc(&b, '|');
            lf_buf_addc(&b, 'x');
        }
    }
    para p = build(b.s);
    lf_buf_free(&b);
    return p;
}

static void test_random(void)
{
    para p = random_para(3000);
    int ok = 1, better = 1;
    double widths[] = {12, 25, 40, 66};
    for (size_t w = 0; w < 4; w++) {
        size_t *bt, *bf, *bt2;
        size_t nt = lf_brk_total_fit(p.v, p.n, widths[w], NULL, &bt);
        size_t nf = lf_brk_first_fit(p.v, p.n, widths[w], NULL, &bf);
        size_t nt2 = lf_brk_total_fit(p.v, p.n, widths[w], NULL, &bt2);
        ok &= valid(&p, widths[w], bt, nt) && valid(&p, widths[w], bf, nf);
        ok &= same(bt, nt, bt2, nt2); /* deterministic */
        double ct = lf_brk_cost(p.v, p.n, widths[w], NULL, bt, nt);
        double cf = lf_brk_cost(p.v, p.n, widths[w], NULL, bf, nf);
        better &= ct <= cf && isfinite(ct);
        free(bt);
        free(bf);
        free(bt2);
    }
    CHECK(ok);
    CHECK(better);
    free(p.v);
}

static void test_speed(void)
{
    para p = random_para(100000);
    clock_t t0 = clock();
    size_t *br;
    size_t n = lf_brk_total_fit(p.v, p.n, 60, NULL, &br);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(n > 10000 && valid(&p, 60, br, n));
    CHECK(secs < 5.0); /* about 0.1 s here under ASan; quadratic would be minutes */
    free(br);
    free(p.v);
}

int main(void)
{
    test_simple();
    test_total_beats_first();
    test_overlong();
    test_hyphen_defaults();
    test_flagged();
    test_forced_and_short_last();
    test_random();
    test_speed();
    return T_DONE("test_brk");
}
