/* model: helpers and destructors for the document model. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

static const char *const lang_codes[LF_NLANG] = {"fr", "en"};

const char *lf_lang_code(lf_lang l)
{
    return (unsigned)l < LF_NLANG ? lang_codes[l] : "?";
}

int lf_lang_parse(const char *s)
{
    for (int i = 0; i < LF_NLANG; i++)
        if (strcmp(s, lang_codes[i]) == 0)
            return i;
    return -1;
}

int lf_date_present(const lf_date *d)
{
    return d->y != 0;
}

int lf_date_cmp(const lf_date *a, const lf_date *b)
{
    long x = a->y * 10000L + a->m * 100L + a->d;
    long y = b->y * 10000L + b->m * 100L + b->d;
    return (x > y) - (x < y);
}

void lf_rich_free(lf_rich *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->runs[i].text);
        free(r->runs[i].href);
    }
    free(r->runs);
    r->runs = NULL;
    r->n = 0;
}

void lf_text_free(lf_text *t)
{
    for (int i = 0; i < LF_NLANG; i++)
        lf_rich_free(&t->t[i]);
    t->have = 0;
}

static void items_free(lf_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        lf_text_free(&v[i].text);
        items_free(v[i].sub, v[i].nsub);
    }
    free(v);
}

void lf_leaflet_free(lf_leaflet *l)
{
    for (size_t i = 0; i < l->nblocks; i++) {
        lf_text_free(&l->blocks[i].text);
        items_free(l->blocks[i].items, l->blocks[i].nitems);
    }
    free(l->blocks);
    lf_text_free(&l->title);
    lf_text_free(&l->subtitle);
    free(l->id);
    free(l->reference);
    free(l->version);
    free(l->file);
    memset(l, 0, sizeof *l);
}

void lf_directory_free(lf_directory *d)
{
    for (size_t i = 0; i < d->nstaff; i++) {
        lf_staff *s = &d->staff[i];
        free(s->id);
        free(s->name);
        lf_text_free(&s->job_title);
        lf_text_free(&s->specialty);
        lf_text_free(&s->location);
        free(s->phone);
        free(s->email);
        for (size_t j = 0; j < s->npubs; j++)
            free(s->pubs[j]);
        free(s->pubs);
        free(s->pubs_pos);
    }
    free(d->staff);
    lf_text_free(&d->org_name);
    lf_text_free(&d->org_address);
    free(d->org_phone);
    free(d->org_website);
    free(d->file);
    memset(d, 0, sizeof *d);
}

const lf_staff *lf_directory_find(const lf_directory *d, const char *id)
{
    for (size_t i = 0; i < d->nstaff; i++)
        if (strcmp(d->staff[i].id, id) == 0)
            return &d->staff[i];
    return NULL;
}

char *lf_rich_plain(const lf_rich *r)
{
    lf_buf b = {0};
    for (size_t i = 0; i < r->n; i++)
        lf_buf_adds(&b, r->runs[i].text);
    return lf_buf_take(&b);
}

void lf_rich_copy(lf_rich *dst, const lf_rich *src)
{
    dst->n = src->n;
    dst->runs = lf_xcalloc(src->n ? src->n : 1, sizeof *dst->runs);
    for (size_t i = 0; i < src->n; i++) {
        dst->runs[i] = src->runs[i];
        dst->runs[i].text = lf_xstrdup(src->runs[i].text);
        dst->runs[i].href = src->runs[i].href ? lf_xstrdup(src->runs[i].href) : NULL;
    }
}
