/* draw: the display list, the hand-over from layout to the PDF stage.
 * Pages of positioned items in points, origin at the bottom-left corner of the
 * trimmed page. Layout fills it; pdf draws it. It owns its strings. */
#ifndef LF_DRAW_H
#define LF_DRAW_H

#include <stddef.h>

/* Colours are named; each has an RGB and a CMYK value (profiles choose). */
typedef enum {
    LF_C_TEXT,     /* body text: black (100 % K in print) */
    LF_C_ACCENT,   /* headings, rules, bullets: dark teal, AA+ contrast on white */
    LF_C_MUTED,    /* footer text: dark grey, AA on white */
    LF_C_TINT,     /* call-out background: light tint of the accent */
    LF_C_RULE,     /* hairlines, write-in lines: mid grey */
    LF_C_BAND,     /* title band at the top edge (touches the trim: bleeds) */
    LF_C_WHITE,    /* text on the band */
    LF_NCOLORS
} lf_color;

typedef struct lf_colordef {
    double rgb[3];   /* 0..1 */
    double cmyk[4];  /* 0..1 */
} lf_colordef;
extern const lf_colordef lf_palette[LF_NCOLORS];

typedef enum {
    LF_D_TEXT,  /* text at baseline (x, y), one font, advance w */
    LF_D_RECT,  /* filled rectangle, lower-left (x, y), size (w, h) */
    LF_D_LINE,  /* stroked line from (x, y) to (x + w, y + h), width `size` */
    LF_D_LINK,  /* link area, lower-left (x, y), size (w, h), URI in text */
    LF_D_DOT    /* filled circle inscribed in the box lower-left (x, y), size (w, h) */
} lf_dkind;

/* Logical structure, for tagged PDF: layout records what each box is. */
typedef enum {
    LF_S_DOCUMENT, /* the root (element 0) */
    LF_S_SECT,     /* one per language; the contact card is a Sect inside it */
    LF_S_H1,       /* the title, headings */
    LF_S_H2,       /* subheadings, the contact card's heading */
    LF_S_P,        /* paragraphs, the subtitle, contact lines */
    LF_S_NOTE,     /* call-outs */
    LF_S_L, LF_S_LI, LF_S_LBL, LF_S_LBODY,
    LF_S_LINK,     /* a link: its text and its annotation */
    LF_NSTYPES
} lf_stype;

typedef struct lf_selem {
    lf_stype type;
    int parent;       /* element index; -1 for the root */
    int lang;         /* lf_lang, or -1 (inherit) */
} lf_selem;

typedef struct lf_ditem {
    lf_dkind kind;
    double x, y, w, h;
    int font;         /* text: face index in lf_fonts */
    double size;      /* text: font size; line: line width */
    lf_color color;
    char *text;       /* text: UTF-8; link: URI */
    int bleed;        /* rect: extend by the bleed on the sides that touch the trim */
    int elem;         /* the structure element (index in lf_dlist.elems) it belongs
                         to; -1: an artifact (footer, page number, rules, marks) */
    int lang;         /* lf_lang of the text, -1 for none */
    int own;          /* text: from the recipient's staff entry (LF_OWN) */
} lf_ditem;

typedef struct lf_dpage {
    lf_ditem *v;
    size_t n, cap;
} lf_dpage;

typedef struct lf_outline {
    int level;        /* 1 (a language: its title), 2 (heading), 3 (subheading); nests under the last lower level */
    char *title;
    int page;         /* 0-based */
    double y;         /* top of the heading, points */
} lf_outline;

typedef struct lf_dlist {
    double width, height;  /* trim size, points */
    lf_dpage *pages;
    size_t npages;
    lf_outline *outline;
    size_t noutline;
    /* structure elements; element 0 is the Document; children of an element
     * are in reading order (their order in this array) */
    lf_selem *elems;
    size_t nelems;
    /* nonzero: everything before the contact card (its elements, the items
     * on the pages, the outline) is the same as in every other list of this
     * process with the same body_id (layout's kept bodies) */
    unsigned long body_id;
    /* document information (UTF-8) */
    char *title, *subject, *keywords, *author, *lang; /* lang: BCP 47, e.g. "fr-FR" */
    char *creator;       /* "leaflet 0.1" */
    long long date;      /* creation date, seconds since the epoch (UTC) */
} lf_dlist;

lf_dpage *lf_dlist_add_page(lf_dlist *dl);
/* Fill *it as a new item (text copied when not NULL; no element, no
 * language; lines 0.5 pt wide). */
void lf_ditem_init(lf_ditem *it, lf_dkind kind, double x, double y, double w, double h,
                   lf_color color, const char *text);
/* Append an item (text is copied when not NULL). Returns it for further fields. */
lf_ditem *lf_dpage_add(lf_dpage *p, lf_dkind kind, double x, double y, double w, double h,
                       lf_color color, const char *text);
void lf_dlist_add_outline(lf_dlist *dl, int level, const char *title, int page, double y);
/* Add a structure element; returns its index. */
int lf_dlist_add_elem(lf_dlist *dl, lf_stype type, int parent, int lang);
const char *lf_stype_name(lf_stype t); /* standard structure type: "H1", "LBody"... */
void lf_dlist_free(lf_dlist *dl);

#endif
