/* diag: collect diagnostics, print them GCC style. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

void lf_vdiag(lf_diags *d, lf_severity sev, lf_pos pos, const char *fmt, va_list ap)
{
    if (sev == LF_ERROR) {
        d->nerrors++;
        if (d->nerrors > LF_DIAG_LIMIT) {
            d->dropped++;
            return;
        }
    } else if (sev == LF_WARNING) {
        d->nwarnings++;
    } else if (d->dropped) {
        return; /* the note's diagnostic was dropped */
    }
    lf_buf b = {0};
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n > 0) {
        lf_xgrow((void **)&b.s, &b.cap, (size_t)n + 1, 1);
        vsnprintf(b.s, (size_t)n + 1, fmt, aq);
        b.len = (size_t)n;
    }
    va_end(aq);
    lf_xgrow((void **)&d->v, &d->cap, d->n + 1, sizeof *d->v);
    d->v[d->n].sev = sev;
    d->v[d->n].pos = pos;
    d->v[d->n].msg = lf_buf_take(&b);
    d->n++;
}

#define LF_DIAG_FN(name, sev)                                       \
    void name(lf_diags *d, lf_pos pos, const char *fmt, ...)        \
    {                                                               \
        va_list ap;                                                 \
        va_start(ap, fmt);                                          \
        lf_vdiag(d, sev, pos, fmt, ap);                             \
        va_end(ap);                                                 \
    }
LF_DIAG_FN(lf_error, LF_ERROR)
LF_DIAG_FN(lf_warning, LF_WARNING)
LF_DIAG_FN(lf_note, LF_NOTE)

static const char *const sev_name[] = {"error", "warning", "note"};
static const char *const sev_color[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};

static void format_pos(lf_buf *b, lf_pos p)
{
    if (!p.file)
        lf_buf_adds(b, "leaflet: ");
    else if (p.line <= 0)
        lf_buf_printf(b, "%s: ", p.file);
    else
        lf_buf_printf(b, "%s:%d:%d: ", p.file, p.line, p.col > 0 ? p.col : 1);
}

char *lf_diag_format(const lf_diag *g)
{
    lf_buf b = {0};
    format_pos(&b, g->pos);
    lf_buf_printf(&b, "%s: %s", sev_name[g->sev], g->msg);
    return lf_buf_take(&b);
}

void lf_diags_print(const lf_diags *d, FILE *f, int color)
{
    for (size_t i = 0; i < d->n; i++) {
        const lf_diag *g = &d->v[i];
        lf_buf b = {0};
        format_pos(&b, g->pos);
        if (color)
            fprintf(f, "\033[1m%s\033[0m%s%s:\033[0m %s\n", b.s, sev_color[g->sev],
                    sev_name[g->sev], g->msg);
        else
            fprintf(f, "%s%s: %s\n", b.s, sev_name[g->sev], g->msg);
        lf_buf_free(&b);
    }
    if (d->dropped)
        fprintf(f, "leaflet: note: %zu more error%s not shown\n", d->dropped,
                d->dropped == 1 ? "" : "s");
}

void lf_diags_append(lf_diags *dst, lf_diags *src)
{
    for (size_t i = 0; i < src->n; i++) {
        lf_xgrow((void **)&dst->v, &dst->cap, dst->n + 1, sizeof *dst->v);
        dst->v[dst->n++] = src->v[i];
    }
    dst->nerrors += src->nerrors;
    dst->nwarnings += src->nwarnings;
    dst->dropped += src->dropped;
    free(src->v);
    memset(src, 0, sizeof *src);
}

void lf_diags_free(lf_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->v[i].msg);
    free(d->v);
    memset(d, 0, sizeof *d);
}
