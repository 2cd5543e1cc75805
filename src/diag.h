/* diag: diagnostics that point at the input, printed GCC style:
 *     FILE:LINE:COL: error: WHAT
 *     FILE:LINE:COL: note: HINT
 * Stages collect them; only main prints them. */
#ifndef LF_DIAG_H
#define LF_DIAG_H

#include <stdio.h>
#include "util.h"

/* A place in an input file. `file` is borrowed: it must outlive the
 * diagnostics (the loader keeps the file name alive as long as the model).
 * line and col are 1-based; col counts characters (as libyaml does).
 * line == 0 means "the file as a whole"; file == NULL means "no file". */
typedef struct lf_pos {
    const char *file;
    int line, col;
} lf_pos;

typedef enum { LF_ERROR, LF_WARNING, LF_NOTE } lf_severity;

typedef struct lf_diag {
    lf_severity sev;
    lf_pos pos;
    char *msg;
} lf_diag;

#define LF_DIAG_LIMIT 50 /* errors kept per collection; more are counted only */

typedef struct lf_diags {
    lf_diag *v;
    size_t n, cap;
    size_t nerrors;  /* all errors reported, including those past the limit */
    size_t nwarnings;
    size_t dropped;  /* errors not stored because of LF_DIAG_LIMIT */
} lf_diags;

void lf_error(lf_diags *d, lf_pos pos, const char *fmt, ...) LF_PRINTF(3, 4);
void lf_warning(lf_diags *d, lf_pos pos, const char *fmt, ...) LF_PRINTF(3, 4);
/* A note attaches to the diagnostic reported just before it (a hint). */
void lf_note(lf_diags *d, lf_pos pos, const char *fmt, ...) LF_PRINTF(3, 4);
void lf_vdiag(lf_diags *d, lf_severity sev, lf_pos pos, const char *fmt, va_list ap);
/* Print every diagnostic, one line each; with color when `color` is set. */
void lf_diags_print(const lf_diags *d, FILE *f, int color);
void lf_diags_free(lf_diags *d);
/* Move every diagnostic of src to the end of dst (src is left empty). */
void lf_diags_append(lf_diags *dst, lf_diags *src);
/* Format one diagnostic as it is printed (no colour, no newline). Caller frees. */
char *lf_diag_format(const lf_diag *g);

#endif
