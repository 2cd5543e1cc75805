/* para: one paragraph of rich text → lines, through brk's total-fit.
 *
 * 1. The runs are read as one sequence of characters, each remembering its
 *    run and byte offset. Words are separated by U+0020, tab, CR and LF (a run
 *    of them is one space); U+00A0 and U+202F are part of the word, so they
 *    keep their neighbours together. A word may take fragments of several
 *    runs ("**PD-1**," is a bold "PD-1" and a plain ","), one box each.
 * 2. Inside a word, a break may go
 *    - after an explicit hyphen (- or U+2010) that follows at least 3 letters
 *      and is followed by a letter and at least 3 more characters in all
 *      ("anti-PD-1" may break after "anti-"; "PD-1", "CTLA-4" never): no
 *      hyphen is added, penalty EXPLICIT_PENALTY, not flagged;
 *    - at a hyphenation point of a letter sequence (lf_hyph_points on each
 *      maximal run of letters, so "l’immunothérapie" hyphenates
 *      "immunothérapie"), not in links, not in words with a digit, "@" or "/":
 *      a "-" is added; flagged penalty (brk adds hyphen_penalty).
 * 3. A word wider than the line has its hyphenation points unflagged (its
 *    pieces may then follow each other), and any piece still too wide is cut
 *    between code points, with a "-", so that no piece overflows.
 * 4. Between words: glue (the space measured as " " in its own run's style),
 *    preceded by an infinite penalty when the next word starts with ; : ! ? »
 *    or the previous one ends with « (no break there, in any language).
 *    Only if such a group ("« dit-il »") is itself wider than the line do its
 *    no-break penalties become a very high finite one (NOBREAK_FALLBACK), so
 *    that it breaks there rather than overflow.
 * 5. After lf_brk_total_fit, each line's boxes and inner spaces are joined
 *    into fragments of the same style and link; each fragment is measured as
 *    a whole and placed after the previous one. */
#include "para.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "brk.h"
#include "util.h"

#define EXPLICIT_PENALTY 0.05
#define NOBREAK_FALLBACK 100.0 /* see relax_nobreaks */

enum { K_BOX, K_GLUE, K_NOBREAK, K_HYPH, K_CUT, K_EXPL };
enum { O_NONE = 0, O_HYPH, O_CUT, O_EXPL }; /* a break after a character */

typedef struct pch {
    uint32_t cp;
    size_t run, off, len; /* bytes runs[run].text[off..off+len) */
} pch;

typedef struct item {
    int k;
    size_t run, off, len; /* the text of a box; the run of a glue */
} item;

typedef struct para {
    const lf_rich *text;
    double width;
    lf_measure_fn measure;
    void *ctx;
    lf_hyph *h;
    pch *ch;
    size_t nch, chcap;
    lf_brk_node *nodes;
    item *items;
    size_t n, ncap, icap;
    double hyw[4], spw[4]; /* hyphen and space widths per style, < 0: unknown */
    /* scratch, reused from word to word */
    unsigned char *opp;
    size_t oppcap;
    lf_buf hb;          /* a letter sequence to hyphenate */
    size_t *hstart, *hpos;
    size_t hcap;
} para;

static int is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

static int is_break_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static unsigned run_style(const para *p, size_t run)
{
    return p->text->runs[run].style;
}

static double hyphen_w(para *p, unsigned style)
{
    double *w = &p->hyw[style & 3];
    if (*w < 0)
        *w = p->measure(p->ctx, style, "-", 1);
    return *w;
}

static double space_w(para *p, unsigned style)
{
    double *w = &p->spw[style & 3];
    if (*w < 0)
        *w = p->measure(p->ctx, style, " ", 1);
    return *w;
}

static double measure_chars(para *p, size_t a, size_t b)
{
    /* Characters a..b (inclusive), all in one run, are contiguous bytes. */
    const pch *x = &p->ch[a], *y = &p->ch[b];
    return p->measure(p->ctx, run_style(p, x->run), p->text->runs[x->run].text + x->off,
                      y->off + y->len - x->off);
}

static void push(para *p, lf_brk_type t, double w, double pen, int flagged, item it)
{
    lf_xgrow((void **)&p->nodes, &p->ncap, p->n + 1, sizeof *p->nodes);
    lf_xgrow((void **)&p->items, &p->icap, p->n + 1, sizeof *p->items);
    p->nodes[p->n] = (lf_brk_node){t, w, pen, flagged};
    p->items[p->n] = it;
    p->n++;
}

/* Width of the word's characters [a, b) (indices into p->ch), measured by
 * run slices. */
static double measure_span(para *p, size_t a, size_t b)
{
    double w = 0;
    size_t s = a;
    for (size_t j = a; j < b; j++) {
        if (j + 1 == b || p->ch[j + 1].run != p->ch[s].run) {
            w += measure_chars(p, s, j);
            s = j + 1;
        }
    }
    return w;
}

/* Hyphenation points of the letter sequences of word [ws, we). */
static void find_hyph(para *p, size_t ws, size_t we, unsigned char *opp)
{
    for (size_t j = ws; j < we; j++) {
        uint32_t c = p->ch[j].cp;
        if ((c >= '0' && c <= '9') || c == '@' || c == '/')
            return;
    }
    size_t j = ws;
    while (j < we) {
        if (!is_letter(p->ch[j].cp)) {
            j++;
            continue;
        }
        size_t a = j;
        int link = 0;
        while (j < we && is_letter(p->ch[j].cp)) {
            link |= p->text->runs[p->ch[j].run].href != NULL;
            j++;
        }
        if (link || j - a < 5)
            continue;
        lf_buf *b = &p->hb;
        b->len = 0;
        size_t nbytes = 0;
        for (size_t k = a; k < j; k++)
            nbytes += p->ch[k].len;
        if (p->hcap < nbytes) {
            p->hcap = nbytes;
            p->hstart = lf_xrealloc(p->hstart, nbytes * sizeof *p->hstart);
            p->hpos = lf_xrealloc(p->hpos, nbytes * sizeof *p->hpos);
        }
        size_t *start = p->hstart, *pos = p->hpos;
        for (size_t k = a; k < j; k++) {
            start[k - a] = b->len;
            lf_buf_add(b, p->text->runs[p->ch[k].run].text + p->ch[k].off, p->ch[k].len);
        }
        size_t np = lf_hyph_points(p->h, b->s, b->len, pos, b->len);
        size_t k = 0;
        for (size_t q = 0; q < np; q++) {
            while (k < j - a && start[k] < pos[q])
                k++;
            if (k > 0 && k < j - a && start[k] == pos[q] && opp[a + k - 1 - ws] == O_NONE)
                opp[a + k - 1 - ws] = O_HYPH;
        }
    }
}

/* Cut the too-wide piece [a, b) of the word starting at ws; `endw` is what its
 * end adds (a hyphen, or nothing). */
static void cut_piece(para *p, size_t ws, size_t a, size_t b, double endw, unsigned char *opp)
{
    size_t n = b - a;
    double *cw = lf_xmalloc(n * sizeof *cw);
    double rest = 0;
    for (size_t j = a; j < b; j++) {
        cw[j - a] = measure_chars(p, j, j);
        rest += cw[j - a];
    }
    size_t s = a;
    while (s < b && rest + endw > p->width) {
        /* The longest piece from s that fits with its hyphen; at least one
         * character. */
        size_t e = s + 1;
        double w = cw[s - a];
        while (e < b && w + cw[e - a] + hyphen_w(p, run_style(p, p->ch[e].run)) <= p->width) {
            w += cw[e - a];
            e++;
        }
        if (e == b)
            break; /* the rest fits without a cut after all */
        opp[e - 1 - ws] = O_CUT;
        rest -= w;
        s = e;
    }
    free(cw);
}

static void add_word(para *p, size_t ws, size_t we)
{
    size_t len = we - ws;
    lf_xgrow((void **)&p->opp, &p->oppcap, len, 1);
    unsigned char *opp = p->opp;
    memset(opp, 0, len);

    /* Explicit hyphens between letters. */
    for (size_t j = 1; j + 1 < len; j++) {
        uint32_t c = p->ch[ws + j].cp;
        if (c != '-' && c != 0x2010)
            continue;
        size_t nb = 0;
        while (nb < j && is_letter(p->ch[ws + j - 1 - nb].cp))
            nb++;
        if (nb >= 3 && is_letter(p->ch[ws + j + 1].cp) && len - (j + 1) >= 3)
            opp[j] = O_EXPL;
    }
    if (p->h)
        find_hyph(p, ws, we, opp);

    /* A word wider than the line: no flags, and cuts where needed. */
    double wordw = measure_span(p, ws, we);
    int overlong = wordw > p->width;
    if (overlong) {
        size_t s = 0;
        for (size_t j = 0; j < len; j++) {
            if (j + 1 < len && opp[j] == O_NONE)
                continue;
            double endw = opp[j] == O_HYPH ? hyphen_w(p, run_style(p, p->ch[ws + j].run)) : 0;
            if (measure_span(p, ws + s, ws + j + 1) + endw > p->width)
                cut_piece(p, ws, ws + s, ws + j + 1, endw, opp);
            s = j + 1;
        }
    }

    /* Boxes and penalties. */
    double hp = lf_brk_defaults.hyphen_penalty;
    size_t s = 0;
    for (size_t j = 0; j < len; j++) {
        int last = j + 1 == len;
        if (!last && opp[j] == O_NONE && p->ch[ws + j + 1].run == p->ch[ws + j].run)
            continue;
        const pch *c0 = &p->ch[ws + s], *c1 = &p->ch[ws + j];
        item it = {K_BOX, c0->run, c0->off, c1->off + c1->len - c0->off};
        /* the whole word in one run is one slice: measured above already */
        double bw = s == 0 && last && c0->run == c1->run ? wordw : measure_chars(p, ws + s, ws + j);
        push(p, LF_BRK_BOX, bw, 0, 0, it);
        s = j + 1;
        unsigned st = run_style(p, c1->run);
        item pi = {K_HYPH, c1->run, 0, 0};
        switch (last ? O_NONE : opp[j]) {
        case O_HYPH:
            push(p, LF_BRK_PENALTY, hyphen_w(p, st), overlong ? hp : 0, !overlong, pi);
            break;
        case O_CUT:
            pi.k = K_CUT;
            push(p, LF_BRK_PENALTY, hyphen_w(p, st), hp, 0, pi);
            break;
        case O_EXPL:
            pi.k = K_EXPL;
            push(p, LF_BRK_PENALTY, 0, EXPLICIT_PENALTY, 0, pi);
            break;
        default:
            break;
        }
    }
}

/* A stretch of nodes between two possible breaks that holds no-break
 * penalties and is wider than the line gets them relaxed (see the top). */
static void relax_nobreaks(para *p)
{
    size_t s = 0;
    double w = 0;
    int has = 0;
    for (size_t i = 0; i <= p->n; i++) {
        const lf_brk_node *x = i < p->n ? &p->nodes[i] : NULL;
        int brk = !x || (x->type == LF_BRK_GLUE && i > 0 && p->nodes[i - 1].type == LF_BRK_BOX) ||
                  (x->type == LF_BRK_PENALTY && x->penalty < LF_BRK_INF);
        if (brk) {
            double end = x && x->type == LF_BRK_PENALTY ? x->width : 0;
            if (has && w + end > p->width)
                for (size_t k = s; k < i; k++)
                    if (p->items[k].k == K_NOBREAK)
                        p->nodes[k].penalty = NOBREAK_FALLBACK;
            s = i + 1;
            w = 0;
            has = 0;
        } else if (x->type != LF_BRK_PENALTY) {
            if (x->type == LF_BRK_BOX || w > 0)
                w += x->width; /* glue right after a break does not count */
        } else {
            has |= p->items[i].k == K_NOBREAK;
        }
    }
}

/* Read the runs into p->ch. */
static void read_chars(para *p)
{
    size_t bytes = 0;
    for (size_t r = 0; r < p->text->n; r++)
        bytes += p->text->runs[r].text ? strlen(p->text->runs[r].text) : 0;
    lf_xgrow((void **)&p->ch, &p->chcap, bytes, sizeof *p->ch);
    for (size_t r = 0; r < p->text->n; r++) {
        const char *s = p->text->runs[r].text ? p->text->runs[r].text : "";
        size_t len = strlen(s), i = 0;
        while (i < len) {
            size_t at = i;
            uint32_t cp;
            if ((unsigned char)s[i] < 0x80) {
                cp = (unsigned char)s[i++];
            } else if (!lf_utf8_next(s, len, &i, &cp)) {
                cp = 0xFFFD; /* a stray byte: kept as one character */
                i = at + 1;
            }
            p->ch[p->nch++] = (pch){cp, r, at, i - at}; /* room reserved above */
        }
    }
}

static int same_link(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

typedef struct fragb {
    lf_frag *v;
    size_t n, cap;
    lf_buf cur;
    unsigned style;
    const char *href;
    int open;
    size_t reserve; /* bytes to give a new fragment's buffer at once */
} fragb;

static void frag_flush(fragb *f)
{
    if (!f->open)
        return;
    lf_xgrow((void **)&f->v, &f->cap, f->n + 1, sizeof *f->v);
    f->v[f->n++] = (lf_frag){lf_buf_take(&f->cur), f->style, f->href, 0, 0};
    f->open = 0;
}

static void frag_add(fragb *f, const lf_run *run, const char *s, size_t len)
{
    if (f->open && (f->style != run->style || !same_link(f->href, run->href)))
        frag_flush(f);
    if (!f->open) {
        f->open = 1;
        f->style = run->style;
        f->href = run->href;
        lf_xgrow((void **)&f->cur.s, &f->cur.cap, f->reserve, 1);
    }
    lf_buf_add(&f->cur, s, len);
}

/* The line made of nodes (a, b), ending at break b. */
static void make_line(para *p, size_t a, size_t b, lf_line *L)
{
    size_t i0 = a + 1, i1 = b;
    while (i0 < b && p->nodes[i0].type != LF_BRK_BOX)
        i0++;
    while (i1 > i0 && p->nodes[i1 - 1].type != LF_BRK_BOX)
        i1--;
    fragb f = {0};
    f.reserve = 2; /* the line's bytes, a hyphen and the terminator */
    for (size_t i = i0; i < i1; i++)
        f.reserve += p->items[i].k == K_BOX ? p->items[i].len : p->items[i].k == K_GLUE;
    for (size_t i = i0; i < i1; i++) {
        const item *it = &p->items[i];
        const lf_run *run = &p->text->runs[it->run];
        if (it->k == K_BOX)
            frag_add(&f, run, run->text + it->off, it->len);
        else if (it->k == K_GLUE)
            frag_add(&f, run, " ", 1);
    }
    memset(L, 0, sizeof *L);
    if (b < p->n && (p->items[b].k == K_HYPH || p->items[b].k == K_CUT) && f.open) {
        lf_buf_addc(&f.cur, '-');
        L->hyphenated = 1;
    }
    frag_flush(&f);
    double x = 0;
    for (size_t k = 0; k < f.n; k++) {
        f.v[k].x = x;
        f.v[k].w = p->measure(p->ctx, f.v[k].style, f.v[k].text, strlen(f.v[k].text));
        x += f.v[k].w;
    }
    L->frags = f.v;
    L->n = f.n;
    L->width = x;
}

int lf_para_set(const lf_rich *text, double width, lf_measure_fn measure, void *ctx,
                lf_hyph *h, lf_lines *out)
{
    if (!out)
        return -1;
    out->v = NULL;
    out->n = 0;
    if (!text || !measure || !(width > 0) || !isfinite(width))
        return -1;
    para p = {.text = text, .width = width, .measure = measure, .ctx = ctx, .h = h};
    for (int i = 0; i < 4; i++)
        p.hyw[i] = p.spw[i] = -1;
    read_chars(&p);
    /* a break space makes at most a no-break penalty and a glue, another
     * character a box and a penalty: one allocation each */
    lf_xgrow((void **)&p.nodes, &p.ncap, 2 * p.nch + 1, sizeof *p.nodes);
    lf_xgrow((void **)&p.items, &p.icap, 2 * p.nch + 1, sizeof *p.items);

    size_t i = 0, prev_end = 0;
    int have_word = 0;
    while (i < p.nch) {
        size_t sp = i;
        while (i < p.nch && is_break_space(p.ch[i].cp))
            i++;
        if (i == p.nch)
            break; /* trailing spaces */
        size_t ws = i;
        while (i < p.nch && !is_break_space(p.ch[i].cp))
            i++;
        if (have_word) {
            uint32_t last = p.ch[prev_end - 1].cp, first = p.ch[ws].cp;
            item g = {K_GLUE, p.ch[sp].run, 0, 0};
            if (last == 0xAB || first == ';' || first == ':' || first == '!' ||
                first == '?' || first == 0xBB)
                push(&p, LF_BRK_PENALTY, 0, LF_BRK_INF, 0, (item){K_NOBREAK, 0, 0, 0});
            push(&p, LF_BRK_GLUE, space_w(&p, run_style(&p, g.run)), 0, 0, g);
        }
        add_word(&p, ws, i);
        have_word = 1;
        prev_end = i;
    }

    relax_nobreaks(&p);
    size_t *breaks = NULL;
    size_t nl = lf_brk_total_fit(p.nodes, p.n, width, &lf_brk_defaults, &breaks);
    if (nl) {
        out->v = lf_xcalloc(nl, sizeof *out->v);
        size_t a = (size_t)-1;
        for (size_t k = 0; k < nl; k++) {
            make_line(&p, a, breaks[k], &out->v[k]);
            a = breaks[k];
        }
        out->n = nl;
    }
    free(breaks);
    free(p.ch);
    free(p.nodes);
    free(p.items);
    free(p.opp);
    lf_buf_free(&p.hb);
    free(p.hstart);
    free(p.hpos);
    return 0;
}

void lf_lines_free(lf_lines *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        for (size_t k = 0; k < l->v[i].n; k++)
            free(l->v[i].frags[k].text);
        free(l->v[i].frags);
    }
    free(l->v);
    l->v = NULL;
    l->n = 0;
}
