/* draw: the display list and the colour palette. */
#include "draw.h"

#include <stdlib.h>
#include <string.h>
#include "util.h"

/* Contrast on white (WCAG 2): text 21:1, accent #00565F 8.2:1, muted #4A4A4A
 * 8.9:1; white on the band 8.2:1. CMYK values are the print equivalents
 * (measured through Ghostscript's default_cmyk.icc); black and grey type is
 * pure K (no rich black for type); the accent is three inks, no magenta
 * (C100 Y25 K60, 185 % ink), so that coloured type registers on fewer plates. */
const lf_colordef lf_palette[LF_NCOLORS] = {
    [LF_C_TEXT] = {{0, 0, 0}, {0, 0, 0, 1}},
    [LF_C_ACCENT] = {{0.0, 0.337, 0.373}, {1.0, 0.0, 0.25, 0.60}},
    [LF_C_MUTED] = {{0.29, 0.29, 0.29}, {0, 0, 0, 0.82}},
    [LF_C_TINT] = {{0.902, 0.949, 0.949}, {0.10, 0.0, 0.04, 0.0}},
    [LF_C_RULE] = {{0.55, 0.55, 0.55}, {0, 0, 0, 0.55}},
    [LF_C_BAND] = {{0.0, 0.337, 0.373}, {1.0, 0.0, 0.25, 0.60}},
    [LF_C_WHITE] = {{1, 1, 1}, {0, 0, 0, 0}},
};

lf_dpage *lf_dlist_add_page(lf_dlist *dl)
{
    dl->pages = lf_xrealloc(dl->pages, (dl->npages + 1) * sizeof *dl->pages);
    lf_dpage *p = &dl->pages[dl->npages++];
    memset(p, 0, sizeof *p);
    return p;
}

void lf_ditem_init(lf_ditem *it, lf_dkind kind, double x, double y, double w, double h,
                   lf_color color, const char *text)
{
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
    it->color = color;
    it->text = text ? lf_xstrdup(text) : NULL;
    it->elem = -1;
    it->lang = -1;
    it->size = kind == LF_D_LINE ? 0.5 : 0;
}

lf_ditem *lf_dpage_add(lf_dpage *p, lf_dkind kind, double x, double y, double w, double h,
                       lf_color color, const char *text)
{
    lf_xgrow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v);
    lf_ditem *it = &p->v[p->n++];
    lf_ditem_init(it, kind, x, y, w, h, color, text);
    return it;
}

void lf_dlist_add_outline(lf_dlist *dl, int level, const char *title, int page, double y)
{
    dl->outline = lf_xrealloc(dl->outline, (dl->noutline + 1) * sizeof *dl->outline);
    lf_outline *o = &dl->outline[dl->noutline++];
    o->level = level;
    o->title = lf_xstrdup(title);
    o->page = page;
    o->y = y;
}

int lf_dlist_add_elem(lf_dlist *dl, lf_stype type, int parent, int lang)
{
    /* capacity 16, then doubling (at each power of two): a 100,000-item list
     * makes 400,000 elements, and one realloc per element is quadratic
     * wherever realloc copies (ASan, valgrind, other C libraries) */
    size_t n = dl->nelems;
    if (n < 16 ? n == 0 : (n & (n - 1)) == 0)
        dl->elems = lf_xrealloc(dl->elems, (n < 16 ? 16 : 2 * n) * sizeof *dl->elems);
    lf_selem *e = &dl->elems[dl->nelems];
    e->type = type;
    e->parent = parent;
    e->lang = lang;
    return (int)dl->nelems++;
}

const char *lf_stype_name(lf_stype t)
{
    static const char *const names[LF_NSTYPES] = {
        [LF_S_DOCUMENT] = "Document", [LF_S_SECT] = "Sect", [LF_S_H1] = "H1",
        [LF_S_H2] = "H2",   [LF_S_P] = "P",     [LF_S_NOTE] = "Note",
        [LF_S_L] = "L",     [LF_S_LI] = "LI",   [LF_S_LBL] = "Lbl",
        [LF_S_LBODY] = "LBody", [LF_S_LINK] = "Link"};
    return (unsigned)t < LF_NSTYPES ? names[t] : "Span";
}

void lf_dlist_free(lf_dlist *dl)
{
    for (size_t i = 0; i < dl->npages; i++) {
        for (size_t j = 0; j < dl->pages[i].n; j++)
            free(dl->pages[i].v[j].text);
        free(dl->pages[i].v);
    }
    free(dl->pages);
    for (size_t i = 0; i < dl->noutline; i++)
        free(dl->outline[i].title);
    free(dl->outline);
    free(dl->elems);
    free(dl->title);
    free(dl->subject);
    free(dl->keywords);
    free(dl->author);
    free(dl->lang);
    free(dl->creator);
    memset(dl, 0, sizeof *dl);
}
