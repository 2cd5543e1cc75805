/* model: the document model the loader builds and the typesetter walks.
 * It knows nothing of YAML, fonts or PDF. Every node keeps its input position
 * so later stages can still point an error at the content. The model owns all
 * its strings; lf_leaflet_free / lf_directory_free release everything. */
#ifndef LF_MODEL_H
#define LF_MODEL_H

#include <stddef.h>
#include "diag.h"

typedef enum { LF_FR = 0, LF_EN = 1, LF_NLANG = 2 } lf_lang;
const char *lf_lang_code(lf_lang l);          /* "fr", "en" */
int lf_lang_parse(const char *s);             /* LF_FR, LF_EN, or -1 */

/* Inline markup: a text is a sequence of runs. */
/* LF_OWN: set by the layout on text that comes from the recipient's staff
 * entry (no effect on how it is set; the PDF stage keeps such characters
 * out of the fonts' shared part). */
enum { LF_BOLD = 1u, LF_ITALIC = 2u, LF_OWN = 8u };
typedef struct lf_run {
    char *text;     /* what is printed (UTF-8, escapes resolved) */
    unsigned style; /* LF_BOLD | LF_ITALIC (| LF_OWN in the layout) */
    char *href;     /* link target when the run is a link, else NULL */
    lf_pos pos;     /* where the run starts in the input */
} lf_run;

typedef struct lf_rich {
    lf_run *runs;
    size_t n;
} lf_rich;

/* Translatable text: one rich text per language. A plain YAML string fills
 * every language (`have` = all bits). */
typedef struct lf_text {
    lf_rich t[LF_NLANG];
    unsigned have;  /* bit (1u << lang) set when that language is present */
    lf_pos pos;     /* the mapping (or plain string) in the input */
    lf_pos lpos[LF_NLANG]; /* each language's value */
} lf_text;

typedef enum {
    LF_BLK_HEADING,    /* level 1, in the outline */
    LF_BLK_SUBHEADING, /* level 2, in the outline under its heading */
    LF_BLK_PARA,
    LF_BLK_NOTE,       /* a highlighted call-out */
    LF_BLK_BULLETS
} lf_block_kind;

typedef struct lf_item {
    lf_text text;
    struct lf_item *sub; /* nested bullets (one level at most) */
    size_t nsub;
    lf_pos pos;
} lf_item;

typedef struct lf_block {
    lf_block_kind kind;
    lf_pos pos;
    lf_text text;     /* all kinds but bullets */
    lf_item *items;   /* bullets */
    size_t nitems;
} lf_block;

typedef struct lf_date {
    int y, m, d;      /* all 0 when absent */
    lf_pos pos;
} lf_date;
int lf_date_present(const lf_date *d);
int lf_date_cmp(const lf_date *a, const lf_date *b);

typedef struct lf_leaflet {
    char *file;       /* path as given; positions borrow it */
    char *id;
    lf_lang langs[LF_NLANG];
    int nlangs;
    char *reference;  /* optional: NULL when absent */
    char *version;    /* optional */
    lf_date published, review;
    lf_text title;
    lf_text subtitle; int has_subtitle;
    lf_block *blocks;
    size_t nblocks;
} lf_leaflet;

typedef struct lf_staff {
    char *id;
    lf_pos pos;
    char *name;  lf_pos name_pos;
    lf_text job_title;
    lf_text specialty; int has_specialty;
    lf_text location;  int has_location;
    char *phone;       /* optional: NULL when absent */
    char *email;       /* optional */
    char **pubs;       /* publications, plain citations */
    lf_pos *pubs_pos;
    size_t npubs;
} lf_staff;

typedef struct lf_directory {
    char *file;
    lf_text org_name;
    lf_text org_address; int has_org_address;
    char *org_phone;    /* optional */
    char *org_website;  /* optional */
    lf_staff *staff;
    size_t nstaff;
} lf_directory;

void lf_rich_free(lf_rich *r);
void lf_text_free(lf_text *t);
void lf_leaflet_free(lf_leaflet *l);   /* frees members, not l itself */
void lf_directory_free(lf_directory *d);
const lf_staff *lf_directory_find(const lf_directory *d, const char *id);

/* A deep copy of r. */
void lf_rich_copy(lf_rich *dst, const lf_rich *src);

/* Plain text of a rich text (runs concatenated, links as their text). Caller frees. */
char *lf_rich_plain(const lf_rich *r);

#endif
