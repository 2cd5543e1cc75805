/* layout: document model → display list.
 *
 * Each language column is a flow of units: a unit is one line of text (or a
 * rule, or a slice of a call-out box) that is never split, with the space
 * above it (dropped at the top of a page) and a flag that keeps it on the same
 * page as the next unit (headings with what follows, orphans and widows).
 * Items inside a unit are positioned relative to the unit's top-left corner,
 * with y measured downwards; placing a unit translates them onto a page.
 *
 * Block N of every language forms a row: all columns of a row start at the
 * same height on the same page (if the first lines of one column do not fit,
 * every column moves to the next page); within a row each column flows on
 * its own, and the next row starts below the longest. */
#include "layout.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "para.h"
#include "paracache.h"
#include "typo.h"
#include "util.h"

#define MM 2.8346456693

/* Page design, in points. */
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define MARGIN_X (17 * MM)     /* left and right */
#define MARGIN_TOP (17 * MM)   /* top of the text area on pages without a band */
#define MARGIN_BOTTOM (13 * MM) /* lowest footer descender stays above this */
#define GUTTER (8 * MM)
#define SINGLE_W (140 * MM)    /* one column: about 65 characters a line */

#define BODY_SIZE 12.0
#define BODY_LEAD 17.0         /* 1.42 */
#define H1_SIZE 16.5
#define H1_LEAD 21.0
#define H2_SIZE 13.5
#define H2_LEAD 18.0
#define TITLE_SIZE 24.0
#define TITLE_LEAD 28.0
#define SUB_SIZE 11.0
#define SUB_LEAD 15.0
#define FOOT_SIZE 9.0
#define FOOT_LEAD 11.5
#define PUB_SIZE 10.5
#define PUB_LEAD 14.0

#define BULLET_INDENT 16.0
#define NOTE_PAD_X 12.0
#define NOTE_PAD_Y 8.0
#define NOTE_BAR 3.0

typedef struct unit {
    double before; /* space above, dropped at the top of a page */
    double h;      /* height */
    int keep;      /* keep on the same page as the next unit */
    int outline;   /* 0, or the outline level this unit starts */
    char *outline_title;
    lf_dpage items; /* relative: x from the column's left, y downwards from the unit's top */
} unit;

typedef struct flow {
    unit *u;
    size_t n, cap;
} flow;

/* Memory for units and their items, for the length of one layout: a document
 * has a few hundred units of one to a few items each, given back at once.
 * One 128 KB chunk is kept for the next layout of the process (a batch lays
 * out one document per recipient). */
typedef struct achunk {
    struct achunk *next;
    size_t used, cap; /* in max_align_t */
    max_align_t mem[];
} achunk;

#define ARENA_CHUNK 8192 /* max_align_t: 128 KB (the immunotherapy leaflet takes 58 KB) */

static achunk *arena_spare; /* kept between layouts; at most one chunk */

static void *arena_alloc(achunk **a, size_t bytes)
{
    size_t n = (bytes + sizeof(max_align_t) - 1) / sizeof(max_align_t);
    if (!*a || (*a)->cap - (*a)->used < n) {
        achunk *k;
        if (arena_spare && n <= arena_spare->cap) {
            k = arena_spare;
            arena_spare = NULL;
        } else {
            size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
            k = lf_xmalloc(sizeof *k + cap * sizeof(max_align_t));
            k->cap = cap;
        }
        k->next = *a;
        k->used = 0;
        *a = k;
    }
    void *p = &(*a)->mem[(*a)->used];
    (*a)->used += n;
    return p;
}

/* Give back the arena's memory: one chunk of the usual size is kept. */
static void arena_free(achunk **a)
{
    while (*a) {
        achunk *next = (*a)->next;
        if (!arena_spare && (*a)->cap == ARENA_CHUNK)
            arena_spare = *a;
        else
            free(*a);
        *a = next;
    }
}

typedef struct cursor {
    size_t page;
    double y; /* top of the next unit */
} cursor;

typedef struct lctx {
    lf_fonts *f;
    lf_hyph *const *hyph;
    const lf_layout_opts *o;
    const lf_leaflet *l;
    const lf_directory *dir;
    const lf_staff *who;
    lf_dlist *dl;
    lf_diags *d;
    int sect[LF_NLANG]; /* the structure element (Sect) of each language */
    int ncols;
    double col_x[LF_NLANG], col_w;
    double body_bottom; /* lowest y a body unit may reach */
    size_t section_page; /* first page of the current section (it has the band) */
    double band_bottom;
    lf_outline *ol[LF_NLANG]; /* outline entries per column, in order */
    size_t nol[LF_NLANG];
    int failed;
    /* per structure element: number of child elements, and the element that
     * continues it once it has LF_MAX_KIDS (or -1) */
    int *nkids, *cont;
    size_t kcap;
    achunk *arena; /* the units and their items */
} lctx;

/* libharu 2.3.0 refuses arrays of more than 8,191 items: an element never
 * gets more than this many child elements; a longer list or section goes on
 * in a second element of the same kind, next to the first. */
#define LF_MAX_KIDS 4000

typedef struct mctx {
    lf_fonts *f;
    double size;
} mctx;

static double measure(void *c, unsigned style, const char *s, size_t len)
{
    const mctx *m = c;
    return lf_fonts_width(m->f, style, m->size, s, len);
}

/* A new unit at the end of fl (the units are in the layout's arena). */
static unit *flow_add(lctx *c, flow *fl, double before, double h)
{
    if (fl->n == fl->cap) {
        size_t cap = fl->cap ? 2 * fl->cap : 8;
        unit *v = arena_alloc(&c->arena, cap * sizeof *v);
        if (fl->n)
            memcpy(v, fl->u, fl->n * sizeof *v);
        fl->u = v;
        fl->cap = cap;
    }
    unit *u = &fl->u[fl->n++];
    memset(u, 0, sizeof *u);
    u->before = before;
    u->h = h;
    return u;
}

/* Append an item to a unit, as lf_dpage_add does to a page (text copied
 * when not NULL); the unit's items are in the layout's arena. */
static lf_ditem *unit_add(lctx *c, unit *u, lf_dkind kind, double x, double y, double w, double h,
                          lf_color color, const char *text)
{
    lf_dpage *p = &u->items;
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 4;
        lf_ditem *v = arena_alloc(&c->arena, cap * sizeof *v);
        if (p->n)
            memcpy(v, p->v, p->n * sizeof *v);
        p->v = v;
        p->cap = cap;
    }
    lf_ditem *it = &p->v[p->n++];
    lf_ditem_init(it, kind, x, y, w, h, color, text);
    return it;
}

/* Units and their item arrays are in the arena; texts not handed to a page
 * are freed here. */
static void flow_free(flow *fl)
{
    for (size_t i = 0; i < fl->n; i++) {
        for (size_t j = 0; j < fl->u[i].items.n; j++)
            free(fl->u[i].items.v[j].text);
        free(fl->u[i].outline_title);
    }
    memset(fl, 0, sizeof *fl);
}

/* Keep short blocks whole; keep two lines together at each end of longer
 * ones (no orphan, no widow). Units [a, b) are the lines of one block. */
static void keep_lines(flow *fl, size_t a, size_t b)
{
    size_t n = b - a;
    if (n <= 1)
        return;
    if (n <= 3) {
        for (size_t i = a; i + 1 < b; i++)
            fl->u[i].keep = 1;
        return;
    }
    fl->u[a].keep = 1;
    fl->u[b - 2].keep = 1;
}

/* A piece of a text drawn in one face: bytes [off, off + len) of the text,
 * its advance in points (pair kerning inside the piece included, as the PDF
 * stage draws it). */
typedef struct lseg {
    int face;
    unsigned off, len;
    double w;
} lseg;

typedef struct segv {
    lseg *v;
    size_t n, cap;
} segv;

/* Split s into pieces by face (each code point in the face lf_fonts_pick
 * gives it) and measure them at `size`; appends to *out. Stops at the end or
 * at an invalid byte. */
static void split_faces(lf_fonts *f, const char *s, unsigned style, double size, segv *out)
{
    size_t len = strlen(s), i = 0, start = 0;
    int face = -1, first = 1;
    double w = 0;
    uint32_t cp, prev = 0;
    while (1) {
        size_t at = i;
        int fi = -1;
        int more = i < len && lf_utf8_next(s, len, &i, &cp);
        if (more)
            fi = lf_fonts_pick(f, style, cp);
        if (more && fi < 0)
            fi = (int)(style & 3); /* checked before layout; never happens */
        if (!more || fi != face) {
            if (face >= 0 && at > start) {
                lf_xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
                out->v[out->n++] = (lseg){face, (unsigned)start, (unsigned)(at - start),
                                          w * size / 1000.0};
            }
            if (!more)
                break;
            face = fi;
            start = at;
            w = 0;
            first = 1;
        }
        /* the same sums, in the same order, as measuring the piece alone */
        w += lf_fonts_advance(f, face, cp);
        if (!first)
            w += lf_fonts_kern(f, face, prev, cp);
        prev = cp;
        first = 0;
    }
}

/* Draw the pieces of s (from split_faces) from x on: one text item each. */
static double place_segs(lctx *c, unit *u, double x, double y, const char *s, const lseg *v,
                         size_t n, double size, lf_color color, int elem, int lang, int own)
{
    double x0 = x, segx = x;
    for (size_t k = 0; k < n; k++) {
        lf_ditem *it = unit_add(c, u, LF_D_TEXT, segx, y, v[k].w, 0, color, NULL);
        it->text = lf_xstrndup(s + v[k].off, v[k].len);
        it->font = v[k].face;
        it->size = size;
        it->elem = elem;
        it->lang = lang;
        it->own = own;
        segx += v[k].w;
    }
    return segx - x0;
}

/* Draw text in one face per code point's coverage: split into items by face. */
static double emit_text(lctx *c, unit *u, double x, double y, const char *s, unsigned style,
                        double size, lf_color color, int elem, int lang)
{
    segv sv = {0};
    split_faces(c->f, s, style, size, &sv);
    double w = place_segs(c, u, x, y, s, sv.v, sv.n, size, color, elem, lang, 0);
    free(sv.v);
    return w;
}

/* The pieces of every fragment of a set paragraph, measured once: kept with
 * the paragraph in the cache, so a recipient's copy of the body is placed
 * without looking up a face, advance or kerning pair again. */
typedef struct lmeas {
    double size;
    unsigned style_or;
    size_t *f0;   /* per line: its first fragment in the flat list; [nlines]: all */
    size_t *s0;   /* per fragment of the flat list: its first piece; [nfrags]: all */
    lseg *segs;
} lmeas;

static void lmeas_free(void *p)
{
    lmeas *m = p;
    if (!m)
        return;
    free(m->f0);
    free(m->s0);
    free(m->segs);
    free(m);
}

static lmeas *lmeas_make(lf_fonts *f, const lf_lines *ls, double size, unsigned style_or,
                         size_t *bytes)
{
    lmeas *m = lf_xcalloc(1, sizeof *m);
    m->size = size;
    m->style_or = style_or;
    m->f0 = lf_xmalloc((ls->n + 1) * sizeof *m->f0);
    size_t nf = 0;
    for (size_t i = 0; i < ls->n; i++) {
        m->f0[i] = nf;
        nf += ls->v[i].n;
    }
    m->f0[ls->n] = nf;
    m->s0 = lf_xmalloc((nf + 1) * sizeof *m->s0);
    segv sv = {0};
    size_t k = 0;
    for (size_t i = 0; i < ls->n; i++)
        for (size_t j = 0; j < ls->v[i].n; j++) {
            m->s0[k++] = sv.n;
            split_faces(f, ls->v[i].frags[j].text, ls->v[i].frags[j].style | style_or, size, &sv);
        }
    m->s0[nf] = sv.n;
    m->segs = sv.v;
    *bytes = sizeof *m + (ls->n + 1) * sizeof *m->f0 + (nf + 1) * sizeof *m->s0 +
             sv.cap * sizeof *sv.v;
    return m;
}

/* The measured pieces of cached lines ls at `size` (style_or on every
 * fragment): from the cache, else measured and left there. */
static const lmeas *lines_meas(lctx *c, const lf_lines *ls, double size, unsigned style_or)
{
    lmeas *m = lf_paracache_aux(ls);
    if (m && m->size == size && m->style_or == style_or)
        return m;
    size_t bytes;
    m = lmeas_make(c->f, ls, size, style_or, &bytes);
    lf_paracache_set_aux(ls, m, bytes, lmeas_free);
    return m;
}

/* A new structure element. */
static int new_elem(lctx *c, lf_stype t, int parent, int lang)
{
    while (parent >= 0 && c->cont[parent] >= 0)
        parent = c->cont[parent];
    if (parent >= 0 && c->nkids[parent] >= LF_MAX_KIDS) {
        const lf_selem *p = &c->dl->elems[parent];
        int next = new_elem(c, p->type, p->parent, p->lang);
        c->cont[parent] = next;
        parent = next;
    }
    int e = lf_dlist_add_elem(c->dl, t, parent, lang);
    size_t kcap = c->kcap;
    lf_xgrow((void **)&c->nkids, &c->kcap, (size_t)e + 1, sizeof *c->nkids);
    if (c->kcap != kcap || !c->cont) /* not once per element: quadratic under ASan */
        c->cont = lf_xrealloc(c->cont, c->kcap * sizeof *c->cont);
    c->nkids[e] = 0;
    c->cont[e] = -1;
    if (parent >= 0)
        c->nkids[parent]++;
    return e;
}

/* One set line (line li of ls, measured in m) into a unit: text fragments;
 * links with an underline, their own Link element (inside `elem`) and an
 * annotation. */
static void emit_line(lctx *c, unit *u, const lf_lines *ls, size_t li, const lmeas *m, double x,
                      double y, double size, lf_color color, int elem, int lang)
{
    const lf_line *ln = &ls->v[li];
    size_t fb = m->f0[li];
    for (size_t i = 0; i < ln->n; i++) {
        const lf_frag *fr = &ln->frags[i];
        lf_color col = fr->href ? LF_C_ACCENT : color;
        int e = fr->href && elem >= 0 ? new_elem(c, LF_S_LINK, elem, -1) : elem;
        size_t s0 = m->s0[fb + i], s1 = m->s0[fb + i + 1];
        double w =
            place_segs(c, u, x + fr->x, y, fr->text, m->segs + s0, s1 - s0, size, col, e, lang,
                       (fr->style & LF_OWN) != 0);
        if (fr->href) {
            lf_ditem *ul = unit_add(c, u, LF_D_LINE, x + fr->x, y + size * 0.12, w, 0,
                                    LF_C_ACCENT, NULL);
            ul->size = size / 18.0;
            lf_ditem *lk = unit_add(c, u, LF_D_LINK, x + fr->x, y + size * 0.25, w,
                                    size * 1.0, LF_C_ACCENT, fr->href);
            lk->elem = e;
            lk->lang = lang;
        }
    }
}

/* Set a rich text (typography applied here) into lines of `width`. The
 * lines belong to the paragraph cache (the same body is set once per
 * process, not once per recipient) and stay valid for this layout. */
static const lf_lines *set_rich_x(lctx *c, const lf_rich *r, int lang, double width, double size,
                                  unsigned style_or, int report)
{
    lf_hyph *h = lang >= 0 ? c->hyph[lang] : NULL;
    lf_paracache_key key = {lf_fonts_serial(c->f), lf_hyph_serial(h), lang, width, size, style_or};
    const lf_lines *hit = lf_paracache_get(r, &key);
    if (hit)
        return hit;
    lf_rich t;
    lf_rich_copy(&t, r);
    if (lang >= 0)
        lf_typo_apply(&t, (lf_lang)lang);
    for (size_t i = 0; i < t.n; i++)
        t.runs[i].style |= style_or;
    mctx m = {c->f, size};
    lf_lines ls = {0};
    if (lf_para_set(&t, width, measure, &m, h, &ls) != 0) {
        lf_lines_free(&ls);
        lf_rich_free(&t);
        if (report) {
            lf_error(c->d, r->n ? r->runs[0].pos : (lf_pos){0}, "cannot set this text");
            c->failed = 1;
        }
        return NULL;
    }
    /* the lines borrow the runs' link targets: the cache keeps both */
    return lf_paracache_put(r, &key, &t, &ls);
}

static const lf_lines *set_rich(lctx *c, const lf_rich *r, int lang, double width, double size,
                                unsigned style_or)
{
    return set_rich_x(c, r, lang, width, size, style_or, 1);
}

/* Baseline of a line of `size` in a line box of height `lead`: caps centred. */
static double baseline(lctx *c, double lead, double size)
{
    return lead / 2 + lf_fonts_cap_height(c->f, 0) / 1000.0 * size / 2;
}

/* A text block: one unit per line, at x offset `indent`, width `width`.
 * Returns the (cached) lines, NULL when the text could not be set. */
static const lf_lines *add_text(lctx *c, flow *fl, const lf_rich *r, int lang, double indent,
                                double width, double size, double lead, double before,
                                unsigned style_or, lf_color color, int elem)
{
    const lf_lines *ls = set_rich(c, r, lang, width, size, style_or);
    if (!ls)
        return NULL;
    const lmeas *m = lines_meas(c, ls, size, style_or);
    double y = baseline(c, lead, size);
    for (size_t i = 0; i < ls->n; i++) {
        unit *u = flow_add(c, fl, i == 0 ? before : 0, lead);
        emit_line(c, u, ls, i, m, indent, y, size, color, elem, lang);
    }
    return ls;
}

static void add_heading(lctx *c, flow *fl, const lf_rich *r, int lang, int level)
{
    int h1 = level == 1;
    size_t a = fl->n;
    int e = new_elem(c, h1 ? LF_S_H1 : LF_S_H2, c->sect[lang], -1);
    const lf_lines *ls = add_text(c, fl, r, lang, 0, c->col_w, h1 ? H1_SIZE : H2_SIZE,
                                  h1 ? H1_LEAD : H2_LEAD, h1 ? 16 : 10, LF_BOLD, LF_C_ACCENT, e);
    for (size_t i = a; i < fl->n; i++)
        fl->u[i].keep = 1; /* with the next block */
    if (fl->n > a) {
        fl->u[a].outline = level + 1;
        /* the text after typography that the lines were set from */
        fl->u[a].outline_title = lf_rich_plain(lf_paracache_typo(ls));
    }
}

static void add_para(lctx *c, flow *fl, const lf_rich *r, int lang)
{
    size_t a = fl->n;
    add_text(c, fl, r, lang, 0, c->col_w, BODY_SIZE, BODY_LEAD, 8, 0, LF_C_TEXT,
             new_elem(c, LF_S_P, c->sect[lang], -1));
    keep_lines(fl, a, fl->n);
}

/* A call-out: tinted box with an accent bar, sliced per line so it can
 * follow the text across a page break. */
static void add_note(lctx *c, flow *fl, const lf_rich *r, int lang)
{
    double w = c->col_w - NOTE_PAD_X - NOTE_PAD_X / 2;
    const lf_lines *lsp = set_rich(c, r, lang, w, BODY_SIZE, 0);
    if (!lsp)
        return;
    const lf_lines ls = *lsp;
    const lmeas *m = lines_meas(c, lsp, BODY_SIZE, 0);
    size_t a = fl->n;
    int e = new_elem(c, LF_S_NOTE, c->sect[lang], -1);
    for (size_t i = 0; i < ls.n; i++) {
        int first = i == 0, last = i + 1 == ls.n;
        double h = BODY_LEAD + (first ? NOTE_PAD_Y : 0) + (last ? NOTE_PAD_Y : 0);
        unit *u = flow_add(c, fl, first ? 12 : 0, h);
        lf_ditem *bg = unit_add(c, u, LF_D_RECT, 0, h, c->col_w, h, LF_C_TINT, NULL);
        (void)bg;
        unit_add(c, u, LF_D_RECT, 0, h, NOTE_BAR, h, LF_C_ACCENT, NULL);
        emit_line(c, u, lsp, i, m, NOTE_PAD_X,
                  (first ? NOTE_PAD_Y : 0) + baseline(c, BODY_LEAD, BODY_SIZE), BODY_SIZE,
                  LF_C_TEXT, e, lang);
        u->keep = !last && ls.n <= 8; /* a call-out of up to 8 lines is never split */
    }
    if (ls.n > 8)
        keep_lines(fl, a, fl->n);
}

/* Move the item just added to a unit to the front: a label is drawn, and
 * so read, before its text. */
static void to_front(unit *u)
{
    if (u->items.n < 2)
        return;
    lf_ditem t = u->items.v[u->items.n - 1];
    memmove(&u->items.v[1], &u->items.v[0], (u->items.n - 1) * sizeof t);
    u->items.v[0] = t;
}

/* A list item: LI with its label (the bullet) and body; a nested list goes
 * inside the body. */
static void add_bullet(lctx *c, flow *fl, const lf_item *it, int lang, int depth, int first, int list)
{
    double indent = BULLET_INDENT * (depth + 1);
    size_t a = fl->n;
    int li = new_elem(c, LF_S_LI, list, -1);
    int lbl = new_elem(c, LF_S_LBL, li, -1);
    int body = new_elem(c, LF_S_LBODY, li, -1);
    add_text(c, fl, &it->text.t[lang], lang, indent, c->col_w - indent, BODY_SIZE, BODY_LEAD,
             first ? 8 : 3, 0, LF_C_TEXT, body);
    if (fl->n > a) {
        unit *u = &fl->u[a];
        double y = baseline(c, BODY_LEAD, BODY_SIZE);
        if (depth == 0) {
            double r = 2.4;
            lf_ditem *dot = unit_add(c, u, LF_D_DOT, indent - BULLET_INDENT + 3,
                                     y - BODY_SIZE * 0.36 + r, 2 * r, 2 * r, LF_C_ACCENT, NULL);
            dot->elem = lbl;
            to_front(u);
        } else {
            lf_ditem *dash = unit_add(c, u, LF_D_LINE, indent - BULLET_INDENT + 2,
                                      y - BODY_SIZE * 0.33, 7, 0, LF_C_ACCENT, NULL);
            dash->size = 1.2;
            dash->elem = lbl;
            to_front(u);
        }
    }
    keep_lines(fl, a, fl->n);
    if (it->nsub && fl->n > a)
        fl->u[fl->n - 1].keep = 1; /* an item stays on the page of its first sub-item */
    if (it->nsub) {
        int sub = new_elem(c, LF_S_L, body, -1);
        for (size_t i = 0; i < it->nsub; i++)
            add_bullet(c, fl, &it->sub[i], lang, depth + 1, 0, sub);
    }
}

static void add_block(lctx *c, flow *fl, const lf_block *b, int lang)
{
    switch (b->kind) {
    case LF_BLK_HEADING:
        add_heading(c, fl, &b->text.t[lang], lang, 1);
        break;
    case LF_BLK_SUBHEADING:
        add_heading(c, fl, &b->text.t[lang], lang, 2);
        break;
    case LF_BLK_PARA:
        add_para(c, fl, &b->text.t[lang], lang);
        break;
    case LF_BLK_NOTE:
        add_note(c, fl, &b->text.t[lang], lang);
        break;
    case LF_BLK_BULLETS: {
        int list = new_elem(c, LF_S_L, c->sect[lang], -1);
        for (size_t i = 0; i < b->nitems; i++)
            add_bullet(c, fl, &b->items[i], lang, 0, i == 0, list);
        break;
    }
    }
}

/* ---- labels ---------------------------------------------------------- */

enum { L_CONTACT, L_JOB, L_SPECIALTY, L_LOCATION, L_PHONE, L_EMAIL, L_PUBS, L_NAME, L_PAGE, L_REF,
       L_VERSION, L_PUBLISHED, L_REVIEW, L_NLABELS };
static const char *const labels[L_NLABELS][LF_NLANG] = {
    [L_CONTACT] = {"Votre contact", "Your contact"},
    [L_JOB] = {"Intitulé du poste", "Job title"},
    [L_SPECIALTY] = {"Spécialité", "Specialty"},
    [L_LOCATION] = {"Lieu d’exercice", "Place of practice"},
    [L_PHONE] = {"Téléphone", "Phone"},
    [L_EMAIL] = {"Courriel", "Email"},
    [L_PUBS] = {"Publications", "Publications"},
    [L_NAME] = {"Nom", "Name"},
    [L_PAGE] = {"page", "page"},
    [L_REF] = {"Réf.", "Ref."},
    [L_VERSION] = {"version", "version"},
    [L_PUBLISHED] = {"publié le", "published"},
    [L_REVIEW] = {"révision", "review"},
};

/* A label in every language of the leaflet: "Spécialité / Specialty". */
static void label_all(lctx *c, lf_buf *b, int which)
{
    for (int i = 0; i < c->o->nlangs; i++) {
        const char *s = labels[which][c->o->langs[i]];
        if (i > 0 && strcmp(s, labels[which][c->o->langs[0]]) == 0)
            continue;
        if (i > 0)
            lf_buf_adds(b, " / ");
        lf_buf_adds(b, s);
    }
}

/* A translatable text in every language, joined by " / " (once if equal). */
static void text_all(lctx *c, lf_buf *b, const lf_text *t)
{
    char *first = NULL;
    for (int i = 0; i < c->o->nlangs; i++) {
        int lang = c->o->langs[i];
        char *s = lf_rich_plain(lf_paracache_typo_text(&t->t[lang], (lf_lang)lang));
        if (i == 0) {
            lf_buf_adds(b, s);
            first = s;
            continue;
        }
        if (strcmp(s, first) != 0) {
            lf_buf_adds(b, " / ");
            lf_buf_adds(b, s);
        }
        free(s);
    }
    free(first);
}

/* Append a run to a rich text under construction. */
static void run_add(lf_rich *r, const char *text, unsigned style, const char *href)
{
    r->runs = lf_xrealloc(r->runs, (r->n + 1) * sizeof *r->runs);
    lf_run *x = &r->runs[r->n++];
    memset(x, 0, sizeof *x);
    x->text = lf_xstrdup(text);
    x->style = style;
    x->href = href ? lf_xstrdup(href) : NULL;
}

/* "Label : value" into a rich text. */
static void pair_add(lctx *c, lf_rich *r, int label, const char *value, unsigned vstyle,
                     const char *href)
{
    lf_buf b = {0};
    label_all(c, &b, label);
    lf_buf_adds(&b, "\xc2\xa0: ");
    run_add(r, b.s, LF_ITALIC, NULL);
    lf_buf_free(&b);
    run_add(r, value, vstyle, href);
}

/* ---- footer ---------------------------------------------------------- */

typedef struct footer {
    flow fl[2];    /* two columns of lines, items relative to the column's top-left */
    double hcol[2];
    double h;      /* the taller column */
} footer;

#define FOOT_COL_W ((PAGE_W - 2 * MARGIN_X - GUTTER) / 2)

/* Set r (consumed) in footer column `col`. */
static void add_footer_line(lctx *c, footer *ft, int col, lf_rich *r, lf_color color)
{
    double w = FOOT_COL_W - (col == 1 ? 48 : 0); /* room for the page number */
    /* no typography, no hyphenation; through the cache: the organisation's
     * and the document's lines are the same for every recipient */
    const lf_lines *ls = set_rich_x(c, r, -1, w, FOOT_SIZE, 0, 0);
    if (ls) {
        const lmeas *m = lines_meas(c, ls, FOOT_SIZE, 0);
        for (size_t i = 0; i < ls->n; i++) {
            unit *u = flow_add(c, &ft->fl[col], 0, FOOT_LEAD);
            emit_line(c, u, ls, i, m, 0, baseline(c, FOOT_LEAD, FOOT_SIZE), FOOT_SIZE, color, -1,
                      -1);
            ft->hcol[col] += FOOT_LEAD;
        }
    }
    lf_rich_free(r);
    ft->h = fmax(ft->hcol[0], ft->hcol[1]);
}

/* One "Label : value" line in footer column col. The footer is a running
 * artifact: no link annotation there (PDF/UA wants every annotation in the
 * structure); the contact card carries the clickable address. */
static void footer_pair(lctx *c, footer *ft, int col, int label, const char *value, unsigned vstyle)
{
    lf_rich r = {0};
    pair_add(c, &r, label, value, vstyle, NULL);
    add_footer_line(c, ft, col, &r, LF_C_TEXT);
}

/* A write-in rule after the last text of the footer's last line in column col. */
static void footer_write_in(lctx *c, footer *ft, int col)
{
    if (ft->fl[col].n == 0)
        return; /* nothing set in the column (cannot happen with a label) */
    unit *u = &ft->fl[col].u[ft->fl[col].n - 1];
    double lx = 0;
    for (size_t i = 0; i < u->items.n; i++)
        if (u->items.v[i].kind == LF_D_TEXT)
            lx = fmax(lx, u->items.v[i].x + u->items.v[i].w);
    double end = FOOT_COL_W - (col == 1 ? 48 : 0);
    lf_ditem *ln = unit_add(c, u, LF_D_LINE, lx + 4, baseline(c, FOOT_LEAD, FOOT_SIZE) + 1.5,
                            end - lx - 4, 0, LF_C_RULE, NULL);
    ln->size = 0.6;
}

/* The footer: who to contact (left), how, and the document control (right). */
static void build_footer(lctx *c, footer *ft)
{
    lf_rich r = {0};
    lf_buf b = {0};
    const lf_staff *s = c->who;
    if (s) {
        run_add(&r, s->name, LF_BOLD | LF_OWN, NULL);
        add_footer_line(c, ft, 0, &r, LF_C_TEXT);
        text_all(c, &b, &s->job_title);
        footer_pair(c, ft, 0, L_JOB, b.s, LF_OWN);
        lf_buf_free(&b);
        if (s->has_specialty) {
            text_all(c, &b, &s->specialty);
            footer_pair(c, ft, 0, L_SPECIALTY, b.s, LF_OWN);
            lf_buf_free(&b);
        }
        if (s->has_location) {
            text_all(c, &b, &s->location);
            footer_pair(c, ft, 0, L_LOCATION, b.s, LF_OWN);
            lf_buf_free(&b);
        }
        if (s->phone)
            footer_pair(c, ft, 1, L_PHONE, s->phone, LF_OWN);
        if (s->email)
            footer_pair(c, ft, 1, L_EMAIL, s->email, LF_OWN);
    } else {
        /* generic: ruled lines to write a name and a phone number by hand */
        label_all(c, &b, L_CONTACT);
        run_add(&r, b.s, LF_BOLD, NULL);
        lf_buf_free(&b);
        add_footer_line(c, ft, 0, &r, LF_C_TEXT);
        footer_pair(c, ft, 0, L_NAME, "\xc2\xa0", 0);
        footer_write_in(c, ft, 0);
        footer_pair(c, ft, 1, L_PHONE, "\xc2\xa0", 0);
        footer_write_in(c, ft, 1);
    }
    /* organisation and document control */
    if (c->dir) {
        lf_rich o = {0};
        text_all(c, &b, &c->dir->org_name);
        run_add(&o, b.s, LF_BOLD, NULL);
        lf_buf_free(&b);
        add_footer_line(c, ft, 1, &o, LF_C_MUTED);
        if (c->dir->org_phone || c->dir->org_website) {
            if (c->dir->org_phone)
                run_add(&o, c->dir->org_phone, 0, NULL);
            if (c->dir->org_phone && c->dir->org_website)
                run_add(&o, " · ", 0, NULL);
            if (c->dir->org_website)
                run_add(&o, c->dir->org_website, 0, NULL);
            add_footer_line(c, ft, 1, &o, LF_C_MUTED);
        }
    }
    const lf_leaflet *l = c->l;
    if (l->reference) {
        label_all(c, &b, L_REF);
        lf_buf_printf(&b, "\xc2\xa0%s", l->reference);
    }
    if (l->version)
        lf_buf_printf(&b, "%sv%s", b.len ? " · " : "", l->version);
    if (lf_date_present(&l->published)) {
        lf_buf_adds(&b, b.len ? " · " : "");
        label_all(c, &b, L_PUBLISHED);
        lf_buf_printf(&b, "\xc2\xa0%04d-%02d-%02d", l->published.y, l->published.m, l->published.d);
    }
    if (lf_date_present(&l->review)) {
        lf_buf_adds(&b, b.len ? " · " : "");
        label_all(c, &b, L_REVIEW);
        lf_buf_printf(&b, "\xc2\xa0%04d-%02d-%02d", l->review.y, l->review.m, l->review.d);
    }
    if (b.len) {
        lf_rich o = {0};
        run_add(&o, b.s, 0, NULL);
        add_footer_line(c, ft, 1, &o, LF_C_MUTED);
    }
    lf_buf_free(&b);
}

/* ---- placing ----------------------------------------------------------- */

static lf_dpage *page_at(lctx *c, size_t p)
{
    while (c->dl->npages <= p)
        lf_dlist_add_page(c->dl);
    return &c->dl->pages[p];
}

static double page_top(lctx *c, size_t p)
{
    return p == c->section_page ? c->band_bottom - 6 : PAGE_H - MARGIN_TOP;
}

static int at_top(lctx *c, cursor k)
{
    return k.y >= page_top(c, k.page) - 0.01;
}

static void new_page(lctx *c, cursor *k)
{
    k->page++;
    k->y = page_top(c, k->page);
    page_at(c, k->page);
}

/* Height of the keep-group of fl that starts at unit i (with its space
 * above unless at the top), continuing into the rows that follow while the
 * last unit of a row keeps with what follows: next[0], next[LF_NLANG], …,
 * nnext of them (a heading, the paragraph that introduces a list, the
 * list's first item). */
static int looked_ahead; /* group_height went on into the last of the rows
                            that follow (the card: body memo) */

static double group_height(const flow *fl, size_t i, int top, const flow *next, size_t nnext)
{
    double h = 0;
    const flow *f = fl;
    size_t k = i, j = 0;
    int first = 1;
    while (k < f->n) {
        const unit *u = &f->u[k];
        h += u->h + ((first && top) ? 0 : u->before);
        first = 0;
        if (!u->keep)
            break;
        k++;
        if (k == f->n && j < nnext && next[j * LF_NLANG].n) {
            f = &next[j * LF_NLANG];
            k = 0;
            if (++j == nnext)
                looked_ahead = 1;
        }
    }
    return h;
}

static void place_unit(lctx *c, int col, unit *u, size_t page, double top)
{
    lf_dpage *pg = page_at(c, page);
    double x0 = c->col_x[col];
    lf_xgrow((void **)&pg->v, &pg->cap, pg->n + u->items.n, sizeof *pg->v);
    for (size_t i = 0; i < u->items.n; i++) {
        lf_ditem *s = &u->items.v[i];
        lf_ditem *it = &pg->v[pg->n++];
        *it = *s; /* the text goes with it */
        it->x = x0 + s->x;
        it->y = top - s->y;
        s->text = NULL;
    }
}

/* Outline entries are gathered per column in placement order. */
static void outline_add(lctx *c, int col, int level, char *title, size_t page, double y)
{
    c->ol[col] = lf_xrealloc(c->ol[col], (c->nol[col] + 1) * sizeof *c->ol[col]);
    lf_outline *o = &c->ol[col][c->nol[col]++];
    o->level = level;
    o->title = title;
    o->page = (int)page;
    o->y = y;
}

/* Place one row: flows[col] for each column, all starting at *k; the nnext
 * rows that follow are next[0..nnext) (LF_NLANG flows each). */
static void place_row(lctx *c, flow *rows, flow *next, size_t nnext, cursor *k)
{
    int top = at_top(c, *k);
    for (int col = 0; col < c->ncols; col++) {
        if (!rows[col].n)
            continue;
        double need = group_height(&rows[col], 0, top, next ? &next[col] : NULL, nnext);
        if (!top && need > k->y - c->body_bottom) {
            new_page(c, k);
            break;
        }
    }
    cursor end = *k;
    for (int col = 0; col < c->ncols; col++) {
        cursor p = *k;
        flow *fl = &rows[col];
        for (size_t i = 0; i < fl->n; i++) {
            int t = at_top(c, p);
            int group_start = i == 0 || !fl->u[i - 1].keep;
            if (group_start && !t) {
                double gh = group_height(fl, i, 0, next ? &next[col] : NULL, nnext);
                if (gh > p.y - c->body_bottom) {
                    new_page(c, &p);
                    t = 1;
                }
            } else if (!t && fl->u[i].h + fl->u[i].before > p.y - c->body_bottom) {
                new_page(c, &p); /* a keep-group taller than a page */
                t = 1;
            }
            unit *u = &fl->u[i];
            if (!t)
                p.y -= u->before;
            if (u->outline) {
                outline_add(c, col, u->outline, u->outline_title, p.page, p.y);
                u->outline_title = NULL;
            }
            place_unit(c, col, u, p.page, p.y);
            p.y -= u->h;
        }
        if (p.page > end.page || (p.page == end.page && p.y < end.y))
            end = p;
    }
    *k = end;
}

/* ---- the title band ----------------------------------------------------- */

/* The band at the top of a section's first page: subtitle and title per
 * column, white on the accent colour, running into the bleed. */
static void place_band(lctx *c, size_t page, const int *langs)
{
    flow fl[LF_NLANG] = {{0}};
    double hmax = 0;
    for (int col = 0; col < c->ncols; col++) {
        int lang = langs[col];
        int title = new_elem(c, LF_S_H1, c->sect[lang], -1); /* read first */
        int sub = c->l->has_subtitle ? new_elem(c, LF_S_P, c->sect[lang], -1) : -1;
        if (c->l->has_subtitle)
            add_text(c, &fl[col], &c->l->subtitle.t[lang], lang, 0, c->col_w, SUB_SIZE, SUB_LEAD, 0,
                     0, LF_C_WHITE, sub);
        size_t a = fl[col].n;
        const lf_lines *ls = add_text(c, &fl[col], &c->l->title.t[lang], lang, 0, c->col_w,
                                      TITLE_SIZE, TITLE_LEAD, c->l->has_subtitle ? 4 : 0, LF_BOLD,
                                      LF_C_WHITE, title);
        if (fl[col].n > a) {
            fl[col].u[a].outline = 1;
            /* the text after typography that the lines were set from */
            fl[col].u[a].outline_title = lf_rich_plain(lf_paracache_typo(ls));
        }
        double h = 0;
        for (size_t i = 0; i < fl[col].n; i++)
            h += fl[col].u[i].h + fl[col].u[i].before;
        hmax = fmax(hmax, h);
    }
    double top = PAGE_H - 15 * MM;
    c->band_bottom = top - hmax - 9 * MM;
    lf_dpage *pg = page_at(c, page);
    lf_ditem *band = lf_dpage_add(pg, LF_D_RECT, 0, c->band_bottom, PAGE_W, PAGE_H - c->band_bottom,
                                  LF_C_BAND, NULL);
    band->bleed = 1;
    for (int col = 0; col < c->ncols; col++) {
        double y = top;
        for (size_t i = 0; i < fl[col].n; i++) {
            unit *u = &fl[col].u[i];
            y -= u->before;
            if (u->outline) {
                outline_add(c, col, u->outline, u->outline_title, page, PAGE_H);
                u->outline_title = NULL;
            }
            place_unit(c, col, u, page, y);
            y -= u->h;
        }
        flow_free(&fl[col]);
    }
}

/* ---- contact card ---------------------------------------------------- */

static void add_card(lctx *c, flow *fl, int lang)
{
    int card = new_elem(c, LF_S_SECT, c->sect[lang], -1);
    lf_rich r = {0};
    /* accent rule above the card */
    unit *u = flow_add(c, fl, 18, 6);
    lf_ditem *rule = unit_add(c, u, LF_D_LINE, 0, 1, c->col_w, 0, LF_C_ACCENT, NULL);
    rule->size = 1.5;
    u->keep = 1;
    run_add(&r, labels[L_CONTACT][lang], 0, NULL);
    size_t a = fl->n;
    add_text(c, fl, &r, lang, 0, c->col_w, H2_SIZE, H2_LEAD, 2, LF_BOLD, LF_C_ACCENT,
             new_elem(c, LF_S_H2, card, -1));
    for (size_t i = a; i < fl->n; i++)
        fl->u[i].keep = 1;
    lf_rich_free(&r);
    const lf_staff *s = c->who;
    if (!s) {
        /* ruled lines to write a name, job title and phone by hand */
        static const int fields[] = {L_NAME, L_JOB, L_PHONE};
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
            unit *w = flow_add(c, fl, 0, 30);
            lf_buf b = {0};
            lf_buf_adds(&b, labels[fields[i]][lang]);
            lf_rich t = {0};
            run_add(&t, b.s, 0, NULL);
            lf_typo_apply(&t, (lf_lang)lang);
            double y = 30 - 7;
            double tw = emit_text(c, w, 0, y, t.runs[0].text, 0, BODY_SIZE, LF_C_TEXT,
                                  new_elem(c, LF_S_P, card, -1), lang);
            lf_ditem *ln = unit_add(c, w, LF_D_LINE, tw + 6, y + 2, c->col_w - tw - 6, 0,
                                    LF_C_RULE, NULL);
            ln->size = 0.75;
            lf_rich_free(&t);
            lf_buf_free(&b);
            if (i + 1 < sizeof fields / sizeof fields[0])
                w->keep = 1;
        }
        return;
    }
    lf_rich nm = {0};
    run_add(&nm, s->name, LF_BOLD | LF_OWN, NULL);
    a = fl->n;
    add_text(c, fl, &nm, -1, 0, c->col_w, BODY_SIZE, BODY_LEAD, 4, 0, LF_C_TEXT,
             new_elem(c, LF_S_P, card, -1));
    lf_rich_free(&nm);
    typedef struct field {
        int label;
        const lf_rich *val;
        const char *plain;
        const char *href;
    } field;
    field rows[5];
    int n = 0;
    char *mail = s->email ? lf_xasprintf("mailto:%s", s->email) : NULL;
    rows[n++] = (field){L_JOB, &s->job_title.t[lang], NULL, NULL};
    if (s->has_specialty)
        rows[n++] = (field){L_SPECIALTY, &s->specialty.t[lang], NULL, NULL};
    if (s->has_location)
        rows[n++] = (field){L_LOCATION, &s->location.t[lang], NULL, NULL};
    if (s->phone)
        rows[n++] = (field){L_PHONE, NULL, s->phone, NULL};
    if (s->email)
        rows[n++] = (field){L_EMAIL, NULL, s->email, mail};
    for (int i = 0; i < n; i++) {
        lf_rich t = {0};
        lf_buf b = {0};
        lf_buf_printf(&b, lang == LF_FR ? "%s\xc2\xa0: " : "%s: ", labels[rows[i].label][lang]);
        run_add(&t, b.s, LF_BOLD, NULL);
        lf_buf_free(&b);
        if (rows[i].val)
            for (size_t j = 0; j < rows[i].val->n; j++)
                run_add(&t, rows[i].val->runs[j].text, rows[i].val->runs[j].style | LF_OWN,
                        rows[i].val->runs[j].href);
        else
            run_add(&t, rows[i].plain, LF_OWN, rows[i].href);
        if (rows[i].plain) { /* phone, email: no typography on the value */
            lf_rich lab = {0};
            run_add(&lab, t.runs[0].text, LF_BOLD, NULL);
            const lf_rich *tl = lf_paracache_typo_text(&lab, (lf_lang)lang);
            free(t.runs[0].text);
            t.runs[0].text = lf_xstrdup(tl->runs[0].text);
            lf_rich_free(&lab);
            add_text(c, fl, &t, -1, 0, c->col_w, BODY_SIZE, BODY_LEAD, 0, 0, LF_C_TEXT,
                     new_elem(c, LF_S_P, card, -1));
        } else {
            add_text(c, fl, &t, lang, 0, c->col_w, BODY_SIZE, BODY_LEAD, 0, 0, LF_C_TEXT,
                     new_elem(c, LF_S_P, card, -1));
        }
        lf_rich_free(&t);
    }
    free(mail);
    keep_lines(fl, a, fl->n);
    if (s->npubs) {
        lf_rich t = {0};
        lf_buf b = {0};
        lf_buf_printf(&b, lang == LF_FR ? "%s\xc2\xa0:" : "%s:", labels[L_PUBS][lang]);
        run_add(&t, b.s, LF_BOLD, NULL);
        lf_buf_free(&b);
        size_t p0 = fl->n;
        add_text(c, fl, &t, lang, 0, c->col_w, BODY_SIZE, BODY_LEAD, 6, 0, LF_C_TEXT,
                 new_elem(c, LF_S_P, card, -1));
        for (size_t i = p0; i < fl->n; i++)
            fl->u[i].keep = 1;
        lf_rich_free(&t);
        int list = new_elem(c, LF_S_L, card, -1);
        for (size_t i = 0; i < s->npubs; i++) {
            lf_rich pr = {0};
            run_add(&pr, s->pubs[i], LF_OWN, NULL);
            size_t q = fl->n;
            int li = new_elem(c, LF_S_LI, list, -1);
            int lbl = new_elem(c, LF_S_LBL, li, -1);
            add_text(c, fl, &pr, -1, BULLET_INDENT, c->col_w - BULLET_INDENT, PUB_SIZE, PUB_LEAD,
                     3, 0, LF_C_TEXT, new_elem(c, LF_S_LBODY, li, -1));
            if (fl->n > q) {
                lf_ditem *dash = unit_add(c, &fl->u[q], LF_D_LINE, 3,
                                          baseline(c, PUB_LEAD, PUB_SIZE) - PUB_SIZE * 0.33, 6, 0,
                                          LF_C_ACCENT, NULL);
                dash->size = 1;
                dash->elem = lbl;
                to_front(&fl->u[q]);
            }
            keep_lines(fl, q, fl->n);
            lf_rich_free(&pr);
        }
    }
}

/* ---- the whole document ----------------------------------------------- */

static void place_footers(lctx *c, footer *ft)
{
    size_t np = c->dl->npages;
    for (size_t p = 0; p < np; p++) {
        lf_dpage *pg = &c->dl->pages[p];
        double top = MARGIN_BOTTOM + ft->h;
        lf_ditem *rule = lf_dpage_add(pg, LF_D_LINE, MARGIN_X, top + 6, PAGE_W - 2 * MARGIN_X, 0,
                                      LF_C_RULE, NULL);
        rule->size = 0.5;
        for (int col = 0; col < 2; col++) {
            double y = top, x = MARGIN_X + col * (FOOT_COL_W + GUTTER);
            for (size_t i = 0; i < ft->fl[col].n; i++) {
                unit *u = &ft->fl[col].u[i];
                for (size_t j = 0; j < u->items.n; j++) {
                    const lf_ditem *s = &u->items.v[j];
                    lf_ditem *it = lf_dpage_add(pg, s->kind, x + s->x, y - s->y, s->w, s->h,
                                                s->color, s->text);
                    it->font = s->font;
                    it->size = s->size;
                    it->own = s->own;
                }
                y -= u->h;
            }
        }
        char num[64];
        snprintf(num, sizeof num, "%s %zu / %zu", labels[L_PAGE][c->o->langs[0]], p + 1, np);
        double w = lf_fonts_width(c->f, LF_BOLD, FOOT_SIZE, num, strlen(num));
        unit tmp = {0};
        emit_text(c, &tmp, 0, 0, num, LF_BOLD, FOOT_SIZE, LF_C_TEXT, -1, -1);
        for (size_t j = 0; j < tmp.items.n; j++) {
            lf_ditem *s = &tmp.items.v[j];
            lf_ditem *it = lf_dpage_add(pg, LF_D_TEXT, PAGE_W - MARGIN_X - w + s->x,
                                        top - baseline(c, FOOT_LEAD, FOOT_SIZE), s->w, 0, s->color,
                                        s->text);
            it->font = s->font;
            it->size = s->size;
            free(s->text);
        }
    }
}

static char *joined_title(const lf_leaflet *l, const lf_layout_opts *o, const lf_text *t)
{
    lf_buf b = {0};
    for (int i = 0; i < o->nlangs; i++) {
        char *s = lf_rich_plain(lf_paracache_typo_text(&t->t[o->langs[i]], o->langs[i]));
        if (i)
            lf_buf_adds(&b, " / ");
        lf_buf_adds(&b, s);
        free(s);
    }
    (void)l;
    return lf_buf_take(&b);
}

/* ---- the body, once per footer height ------------------------------------ */

/* Two recipients' leaflets differ in the footer and the contact card only.
 * Where the body goes depends on the footer's height (the lowest line a
 * body unit may reach) and, when the body's last unit keeps with what
 * follows, on the height of the card's first keep-group. Everything a
 * single-section layout builds before it places the card (structure
 * elements, pages and their items, outline entries, where the card starts)
 * is kept under those, and copied for the next recipient that has the same:
 * the same display list as laid out afresh (tests/unit/test_layout.c). A
 * sequential layout of two languages is not kept: its second section
 * follows the first one's card. */
typedef struct bodymemo {
    unsigned long id;       /* lf_dlist.body_id of the lists made from it */
    /* key */
    const lf_leaflet *l;
    const lf_directory *dir;
    lf_layout_opts o;
    unsigned long fserial, hserial[LF_NLANG];
    double body_bottom;
    int ahead;              /* the card's first group mattered: card_h too */
    double card_h[LF_NLANG];
    /* what lf_layout had built */
    lf_selem *elems;
    size_t nelems;
    int *nkids, *cont;      /* of the elements before the card's */
    lf_dpage *pages;
    size_t npages;
    lf_outline *ol[LF_NLANG];
    size_t nol[LF_NLANG];
    int sect[LF_NLANG];
    size_t section_page;
    double band_bottom;
    cursor k;
} bodymemo;

#define NMEMO 8
static bodymemo *memos[NMEMO];
static size_t memo_next; /* the slot to replace next */
static unsigned long n_kept, n_reused, n_redone, last_id;

static void memo_free(bodymemo *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->npages; i++) {
        for (size_t j = 0; j < m->pages[i].n; j++)
            free(m->pages[i].v[j].text);
        free(m->pages[i].v);
    }
    free(m->pages);
    for (int c = 0; c < LF_NLANG; c++) {
        for (size_t i = 0; i < m->nol[c]; i++)
            free(m->ol[c][i].title);
        free(m->ol[c]);
    }
    free(m->elems);
    free(m->nkids);
    free(m->cont);
    free(m);
}

static void copy_pages(lf_dpage **to, const lf_dpage *from, size_t n)
{
    *to = lf_xcalloc(n ? n : 1, sizeof **to);
    for (size_t i = 0; i < n; i++) {
        lf_dpage *p = &(*to)[i];
        p->n = p->cap = from[i].n;
        p->v = lf_xmalloc((p->n ? p->n : 1) * sizeof *p->v);
        for (size_t j = 0; j < p->n; j++) {
            p->v[j] = from[i].v[j];
            if (from[i].v[j].text)
                p->v[j].text = lf_xstrdup(from[i].v[j].text);
        }
    }
}

static lf_outline *copy_outline(const lf_outline *from, size_t n)
{
    if (!n)
        return NULL; /* as a column without entries has */
    lf_outline *to = lf_xmalloc(n * sizeof *to);
    for (size_t i = 0; i < n; i++) {
        to[i] = from[i];
        to[i].title = from[i].title ? lf_xstrdup(from[i].title) : NULL;
    }
    return to;
}

static int memo_key_is(const bodymemo *m, const lctx *c)
{
    return m->l == c->l && m->dir == c->dir && m->o.mode == c->o->mode &&
           m->o.nlangs == c->o->nlangs && m->o.date == c->o->date &&
           memcmp(m->o.langs, c->o->langs, sizeof m->o.langs) == 0 &&
           m->fserial == lf_fonts_serial(c->f) &&
           m->hserial[0] == lf_hyph_serial(c->hyph[0]) &&
           m->hserial[1] == lf_hyph_serial(c->hyph[1]) && m->body_bottom == c->body_bottom;
}

static int same_items(const lf_dpage *a, const lf_dpage *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t j = 0; j < a->n; j++) {
        const lf_ditem *x = &a->v[j], *y = &b->v[j];
        if (x->kind != y->kind || x->x != y->x || x->y != y->y || x->w != y->w ||
            x->h != y->h || x->font != y->font || x->size != y->size || x->color != y->color ||
            x->bleed != y->bleed || x->elem != y->elem || x->lang != y->lang ||
            x->own != y->own || !x->text != !y->text || (x->text && strcmp(x->text, y->text) != 0))
            return 0;
    }
    return 1;
}

/* Two kept bodies alike in all they hold (kept under different keys: a
 * footer of another height that moved nothing, say): one body_id for both,
 * so that what the PDF stage keeps per body serves both. */
static int same_body(const bodymemo *a, const bodymemo *b)
{
    if (a->nelems != b->nelems || a->npages != b->npages ||
        memcmp(a->elems, b->elems, a->nelems * sizeof *a->elems) != 0)
        return 0;
    for (size_t i = 0; i < a->npages; i++)
        if (!same_items(&a->pages[i], &b->pages[i]))
            return 0;
    for (int c = 0; c < LF_NLANG; c++) {
        if (a->nol[c] != b->nol[c])
            return 0;
        for (size_t i = 0; i < a->nol[c]; i++) {
            const lf_outline *x = &a->ol[c][i], *y = &b->ol[c][i];
            if (x->level != y->level || x->page != y->page || x->y != y->y ||
                !x->title != !y->title || (x->title && strcmp(x->title, y->title) != 0))
                return 0;
        }
    }
    return 1;
}

/* Keep what c has built before the card: elements [0, nel) with the child
 * counts they had then (nkids, cont: copies the caller hands over), pages,
 * outline entries, the cursor k. */
static void memo_save(lctx *c, size_t nel, int *nkids, int *cont, cursor k, int ahead,
                      const double card_h[LF_NLANG])
{
    bodymemo *m = lf_xcalloc(1, sizeof *m);
    m->l = c->l;
    m->dir = c->dir;
    m->o = *c->o;
    m->fserial = lf_fonts_serial(c->f);
    for (int i = 0; i < LF_NLANG; i++) {
        m->hserial[i] = lf_hyph_serial(c->hyph[i]);
        m->card_h[i] = ahead ? card_h[i] : 0;
        m->sect[i] = c->sect[i];
        m->nol[i] = c->nol[i];
        m->ol[i] = copy_outline(c->ol[i], c->nol[i]);
    }
    m->body_bottom = c->body_bottom;
    m->ahead = ahead;
    m->nelems = nel;
    m->elems = lf_xmalloc((nel ? nel : 1) * sizeof *m->elems);
    memcpy(m->elems, c->dl->elems, nel * sizeof *m->elems);
    m->nkids = nkids;
    m->cont = cont;
    m->npages = c->dl->npages;
    copy_pages(&m->pages, c->dl->pages, c->dl->npages);
    m->section_page = c->section_page;
    m->band_bottom = c->band_bottom;
    m->k = k;
    for (size_t i = 0; i < NMEMO && !m->id; i++)
        if (memos[i] && memos[i]->l == m->l && memos[i]->dir == m->dir && same_body(memos[i], m))
            m->id = memos[i]->id;
    if (!m->id)
        m->id = ++last_id;
    c->dl->body_id = m->id;
    memo_free(memos[memo_next]);
    memos[memo_next] = m;
    memo_next = (memo_next + 1) % NMEMO;
    n_kept++;
}

void lf_layout_forget(void)
{
    for (size_t i = 0; i < NMEMO; i++) {
        memo_free(memos[i]);
        memos[i] = NULL;
    }
    memo_next = 0;
}

void lf_layout_memo_stats(unsigned long *kept, unsigned long *reused, unsigned long *redone)
{
    *kept = n_kept;
    *reused = n_reused;
    *redone = n_redone;
}

/* Put a kept body into c (which has built nothing yet). */
static void memo_restore(lctx *c, const bodymemo *m, cursor *k)
{
    lf_dlist *dl = c->dl;
    size_t n = m->nelems, cap = 16;
    while (cap < n) /* the capacity lf_dlist_add_elem assumes */
        cap *= 2;
    dl->elems = lf_xmalloc(cap * sizeof *dl->elems);
    memcpy(dl->elems, m->elems, n * sizeof *dl->elems);
    dl->nelems = n;
    lf_xgrow((void **)&c->nkids, &c->kcap, n + 1, sizeof *c->nkids);
    c->cont = lf_xrealloc(c->cont, c->kcap * sizeof *c->cont);
    memcpy(c->nkids, m->nkids, n * sizeof *c->nkids);
    memcpy(c->cont, m->cont, n * sizeof *c->cont);
    copy_pages(&dl->pages, m->pages, m->npages);
    dl->npages = m->npages;
    for (int i = 0; i < LF_NLANG; i++) {
        c->sect[i] = m->sect[i];
        c->nol[i] = m->nol[i];
        c->ol[i] = copy_outline(m->ol[i], m->nol[i]);
    }
    c->section_page = m->section_page;
    c->band_bottom = m->band_bottom;
    *k = m->k;
    dl->body_id = m->id;
}

/* The card's first keep-group per column (what group_height adds when it
 * goes on into the card). */
static void card_heights(const flow *card, int ncols, double h[LF_NLANG])
{
    for (int col = 0; col < LF_NLANG; col++)
        h[col] = col < ncols && card[col].n ? group_height(&card[col], 0, 0, NULL, 0) : 0;
}

/* Free what the memo-less path would not have: outline entries per column. */
static void drop_columns(lctx *c)
{
    for (int i = 0; i < LF_NLANG; i++) {
        for (size_t j = 0; j < c->nol[i]; j++)
            free(c->ol[i][j].title);
        free(c->ol[i]);
        c->ol[i] = NULL;
        c->nol[i] = 0;
    }
}

/* The single section from a kept body: restores it, sets the card and
 * places it. 1 when done; 0 when nothing kept fits (c is as it was: when
 * the card's first group mattered and differs, what was restored is
 * dropped again). */
static int section_from_memo(lctx *c, const int *langs)
{
    for (size_t i = 0; i < NMEMO; i++) {
        const bodymemo *m = memos[i];
        if (!m || !memo_key_is(m, c))
            continue;
        cursor k;
        memo_restore(c, m, &k);
        flow card[LF_NLANG] = {{0}};
        for (int col = 0; col < c->ncols; col++)
            add_card(c, &card[col], langs[col]);
        double h[LF_NLANG];
        card_heights(card, c->ncols, h);
        int fits = 1;
        for (int col = 0; col < LF_NLANG; col++)
            fits &= h[col] == m->card_h[col];
        if (!m->ahead || fits) {
            flow rows[LF_NLANG] = {{0}};
            for (int col = 0; col < c->ncols; col++)
                rows[col] = card[col];
            place_row(c, rows, NULL, 0, &k);
            for (int col = 0; col < c->ncols; col++)
                flow_free(&card[col]);
            n_reused++;
            return 1;
        }
        n_redone++;
        /* the card's height mattered and differs: start again */
        for (int col = 0; col < c->ncols; col++)
            flow_free(&card[col]);
        drop_columns(c);
        lf_dlist *dl = c->dl;
        double w = dl->width, hh = dl->height;
        long long date = dl->date;
        lf_dlist_free(dl);
        dl->width = w, dl->height = hh, dl->date = date;
        free(c->nkids);
        free(c->cont);
        c->nkids = c->cont = NULL;
        c->kcap = 0;
        break; /* one try: a body that keeps with the card is rare */
    }
    return 0;
}

/* Lay out the body of one section: rows of blocks, then the card. */
static void place_section(lctx *c, const int *langs, cursor *k, int keep)
{
    size_t nb = c->l->nblocks;
    flow *rows = lf_xcalloc((nb + 1) * LF_NLANG, sizeof *rows);
    for (size_t b = 0; b < nb; b++)
        for (int col = 0; col < c->ncols; col++)
            add_block(c, &rows[b * LF_NLANG + col], &c->l->blocks[b], langs[col]);
    /* a paragraph right before a list introduces it ("… sont :"): its last
     * lines stay on the page of the list's first item */
    for (size_t b = 0; b + 1 < nb; b++)
        if (c->l->blocks[b].kind == LF_BLK_PARA && c->l->blocks[b + 1].kind == LF_BLK_BULLETS)
            for (int col = 0; col < c->ncols; col++) {
                flow *fl = &rows[b * LF_NLANG + col];
                if (fl->n)
                    fl->u[fl->n - 1].keep = 1;
            }
    /* for the memo: the elements before the card's, with their child counts */
    size_t nel = c->dl->nelems;
    int *nkids = keep ? lf_xmalloc((nel ? nel : 1) * sizeof *nkids) : NULL;
    int *cont = keep ? lf_xmalloc((nel ? nel : 1) * sizeof *cont) : NULL;
    if (keep) {
        memcpy(nkids, c->nkids, nel * sizeof *nkids);
        memcpy(cont, c->cont, nel * sizeof *cont);
    }
    for (int col = 0; col < c->ncols; col++)
        add_card(c, &rows[nb * LF_NLANG + col], langs[col]);
    for (size_t b = 0; b <= nb; b++) {
        if (b == nb && keep && !c->failed) {
            double h[LF_NLANG];
            card_heights(&rows[nb * LF_NLANG], c->ncols, h);
            memo_save(c, nel, nkids, cont, *k, looked_ahead, h);
            nkids = cont = NULL;
        }
        looked_ahead = 0;
        place_row(c, &rows[b * LF_NLANG], b < nb ? &rows[(b + 1) * LF_NLANG] : NULL, nb - b, k);
    }
    free(nkids);
    free(cont);
    for (size_t i = 0; i < (nb + 1) * LF_NLANG; i++)
        flow_free(&rows[i]);
    free(rows);
}

int lf_layout(const lf_leaflet *l, const lf_directory *dir, const lf_staff *who,
              const lf_layout_opts *o, lf_fonts *f, lf_hyph *const hyph[LF_NLANG], lf_dlist *out,
              lf_diags *d)
{
    memset(out, 0, sizeof *out);
    lf_paracache_trim(); /* between documents only: lines handed out stay valid */
    lctx c = {0};
    c.f = f;
    c.hyph = hyph;
    c.o = o;
    c.l = l;
    c.dir = dir;
    c.who = who;
    c.dl = out;
    c.d = d;
    out->width = PAGE_W;
    out->height = PAGE_H;
    out->date = o->date;

    footer ft = {0};
    build_footer(&c, &ft);
    c.body_bottom = MARGIN_BOTTOM + ft.h + 6 + 14;

    int parallel = o->nlangs == 2 && o->mode == LF_LAYOUT_PARALLEL;
    int nsections = parallel ? 1 : o->nlangs;
    c.ncols = parallel ? 2 : 1;
    if (parallel) {
        c.col_w = (PAGE_W - 2 * MARGIN_X - GUTTER) / 2;
        c.col_x[0] = MARGIN_X;
        c.col_x[1] = MARGIN_X + c.col_w + GUTTER;
    } else {
        c.col_w = SINGLE_W;
        c.col_x[0] = (PAGE_W - SINGLE_W) / 2;
    }
    lf_outline *all = NULL;
    size_t nall = 0;
    int kept = 0;
    if (nsections == 1) {
        int langs[LF_NLANG] = {(int)o->langs[0], (int)o->langs[c.ncols > 1 ? 1 : 0]};
        kept = section_from_memo(&c, langs);
    }
    if (!kept)
        new_elem(&c, LF_S_DOCUMENT, -1, -1); /* element 0 */
    for (int s = 0; s < nsections; s++) {
        int langs[LF_NLANG];
        for (int i = 0; i < c.ncols; i++)
            langs[i] = parallel ? (int)o->langs[i] : (int)o->langs[s];
        if (!kept) {
            for (int i = 0; i < c.ncols; i++)
                c.sect[langs[i]] = new_elem(&c, LF_S_SECT, 0, langs[i]);
            c.section_page = out->npages;
            page_at(&c, c.section_page);
            place_band(&c, c.section_page, langs);
            cursor k = {c.section_page, page_top(&c, c.section_page)};
            place_section(&c, langs, &k, nsections == 1);
        }
        for (int col = 0; col < c.ncols; col++) {
            all = lf_xrealloc(all, (nall + c.nol[col] + 1) * sizeof *all);
            memcpy(all + nall, c.ol[col], c.nol[col] * sizeof *all);
            nall += c.nol[col];
            free(c.ol[col]);
            c.ol[col] = NULL;
            c.nol[col] = 0;
        }
    }
    out->outline = all;
    out->noutline = nall;
    place_footers(&c, &ft);
    flow_free(&ft.fl[0]);
    flow_free(&ft.fl[1]);
    free(c.nkids);
    free(c.cont);
    arena_free(&c.arena);

    out->title = joined_title(l, o, &l->title);
    out->subject = l->has_subtitle ? joined_title(l, o, &l->subtitle) : lf_xstrdup("");
    out->author = dir ? joined_title(l, o, &dir->org_name) : lf_xstrdup("leaflet");
    lf_buf kw = {0};
    lf_buf_printf(&kw, "%s", l->id);
    if (l->reference)
        lf_buf_printf(&kw, ", %s", l->reference);
    lf_buf_printf(&kw, ", %s", who ? who->id : "generic");
    out->keywords = lf_buf_take(&kw);
    out->lang = lf_xstrdup(o->langs[0] == LF_FR ? "fr-FR" : "en-GB");
    out->creator = lf_xstrdup("leaflet " LF_VERSION);
    if (c.failed) {
        lf_dlist_free(out);
        return -1;
    }
    return 0;
}
