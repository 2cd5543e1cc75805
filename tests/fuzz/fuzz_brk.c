/* fuzz_brk: line breaking. (1) lf_para_set (with French hyphenation) on
 * arbitrary valid UTF-8 runs and a width from the first two bytes, with a
 * fake measure (each code point 2..14.3 pt): no line wider than the measure,
 * no character dropped or added (but the hyphens at hyphenated line ends).
 * (2) lf_brk_total_fit and lf_brk_first_fit on nodes made from the bytes:
 * breaks ascending, the last one the end, no overfull line but a lone box. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "brk.h"
#include "hyph.h"
#include "para.h"
#include "util.h"
#include "fuzz.h"

static lf_hyph *hyph;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    lf_diags d = {0};
    hyph = lf_hyph_open(LF_FR, NULL, &d); /* NULL: no hyphenation */
    lf_diags_free(&d);
    return 0;
}

static double cp_width(uint32_t cp, unsigned style)
{
    return (double)(cp % 13 + 2) * ((style & LF_BOLD) ? 1.1 : 1.0);
}

static double measure(void *ctx, unsigned style, const char *s, size_t len)
{
    (void)ctx;
    double w = 0;
    size_t i = 0;
    uint32_t cp;
    while (i < len) {
        if (!lf_utf8_next(s, len, &i, &cp))
            abort(); /* para must hand over whole code points */
        w += cp_width(cp, style);
    }
    return w;
}

static size_t ink(const char *s) /* code points that are not word spaces */
{
    size_t n = 0, i = 0, len = strlen(s);
    uint32_t cp;
    while (i < len && lf_utf8_next(s, len, &i, &cp))
        n += cp != ' ' && cp != '\t' && cp != '\n' && cp != '\r';
    return n;
}

static void para_case(const uint8_t *data, size_t size)
{
    if (size < 2)
        return;
    double width = 40.0 + (double)((data[0] | data[1] << 8) % 500);
    const char *s = (const char *)data + 2;
    size -= 2;
    size_t bad;
    if (!lf_utf8_valid(s, size, &bad) || memchr(s, 0, size))
        return;
    char *buf = lf_xstrndup(s, size);
    lf_rich r = {0};
    size_t cap = 0, in = 0;
    for (char *p = buf;;) {
        char *e = strchr(p, '\x01');
        if (e)
            *e = '\0';
        if (*p) {
            lf_xgrow((void **)&r.runs, &cap, r.n + 1, sizeof *r.runs);
            r.runs[r.n] = (lf_run){lf_xstrdup(p), (unsigned)r.n & 3u,
                                   r.n % 4 == 3 ? lf_xstrdup("https://example.org") : NULL,
                                   {"fuzz.yaml", 1, 1}};
            in += ink(p);
            r.n++;
        }
        if (!e)
            break;
        p = e + 1;
    }
    lf_lines L;
    if (lf_para_set(&r, width, measure, NULL, hyph, &L) == 0) {
        size_t out = 0, hyphens = 0;
        for (size_t i = 0; i < L.n; i++) {
            const lf_line *line = &L.v[i];
            double right = 0;
            for (size_t k = 0; k < line->n; k++) {
                const lf_frag *f = &line->frags[k];
                must(f->text && lf_utf8_valid(f->text, strlen(f->text), &bad));
                out += ink(f->text);
                if (f->x + f->w > right)
                    right = f->x + f->w;
            }
            hyphens += line->hyphenated != 0;
            must(right <= width + 1e-6);
            must(line->width <= width + 1e-6);
        }
        must(out >= in && out - in <= hyphens);
        lf_lines_free(&L);
    }
    lf_rich_free(&r);
    free(buf);
}

static double natural(const lf_brk_node *v, size_t n, size_t a, size_t b)
{
    size_t s = a, e = b;
    while (s < b && v[s].type != LF_BRK_BOX)
        s++;
    while (e > s && v[e - 1].type != LF_BRK_BOX)
        e--;
    double w = 0;
    for (size_t i = s; i < e; i++)
        if (v[i].type != LF_BRK_PENALTY)
            w += v[i].width;
    if (b < n && v[b].type == LF_BRK_PENALTY)
        w += v[b].width;
    return w;
}

static void check_breaks(const lf_brk_node *v, size_t n, double width, size_t nb, size_t *br)
{
    size_t boxes = 0;
    for (size_t i = 0; i < n; i++)
        boxes += v[i].type == LF_BRK_BOX;
    if (!boxes) {
        must(nb == 0);
        free(br);
        return;
    }
    must(nb >= 1 && br && br[nb - 1] == n);
    /* brk may overflow a line only when the input has an unbreakable run
     * (boxes between two consecutive break points) wider than the line */
    int all_fit = 1;
    for (size_t a = 0, k = 0; k <= n; k++)
        if (k == n || (v[k].type == LF_BRK_GLUE && k > 0 && v[k - 1].type == LF_BRK_BOX) ||
            (v[k].type == LF_BRK_PENALTY && v[k].penalty < LF_BRK_INF)) {
            all_fit &= natural(v, n, a, k) <= width;
            a = k + 1;
        }
    /* every forced break is taken (when a box follows it) */
    for (size_t k = 0, j = 0; k < n; k++)
        if (v[k].type == LF_BRK_PENALTY && v[k].penalty <= -LF_BRK_INF) {
            size_t nx = k + 1;
            while (nx < n && v[nx].type != LF_BRK_BOX)
                nx++;
            while (j < nb && br[j] < k)
                j++;
            must(nx == n || (j < nb && br[j] == k));
        }
    size_t a = 0;
    for (size_t i = 0; i < nb; i++) {
        must(i == 0 || br[i] > br[i - 1]);
        must(br[i] <= n);
        if (all_fit)
            must(natural(v, n, a, br[i]) <= width + 1e-6 * width);
        a = br[i] + 1;
    }
    free(br);
}

static void brk_case(const uint8_t *data, size_t size)
{
    size_t n = size / 2;
    if (n < 1 || n > 4096)
        return;
    lf_brk_node *v = calloc(n, sizeof *v);
    if (!v)
        return;
    for (size_t i = 0; i < n; i++) {
        uint8_t t = data[2 * i], w = data[2 * i + 1];
        switch (t % 4) {
        case 0:
        case 1:
            v[i] = (lf_brk_node){LF_BRK_BOX, 1.0 + (w % 40), 0, 0};
            break;
        case 2:
            v[i] = (lf_brk_node){LF_BRK_GLUE, 1.0 + (w % 4), 0, 0};
            break;
        default:
            v[i] = (lf_brk_node){LF_BRK_PENALTY, (w & 1) ? 2.0 : 0.0,
                                 (t & 0x80) ? LF_BRK_INF : (t & 0x40) ? -LF_BRK_INF : (w % 7) / 7.0,
                                 0}; /* unflagged: flagged pairs may force overfull lines */
        }
    }
    double width = 5.0 + (double)(data[0] % 100);
    size_t *br = NULL;
    size_t nb = lf_brk_total_fit(v, n, width, NULL, &br);
    if (nb)
        must(!isnan(lf_brk_cost(v, n, width, NULL, br, nb)));
    check_breaks(v, n, width, nb, br);
    br = NULL;
    nb = lf_brk_first_fit(v, n, width, NULL, &br);
    check_breaks(v, n, width, nb, br);
    free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    para_case(data, size);
    brk_case(data, size);
    return 0;
}
