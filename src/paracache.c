/* paracache: paragraphs already set (see paracache.h). A chained hash table
 * of entries that own a copy of the source runs (the key, compared in
 * full), the text after typography (the lines borrow its link targets) and
 * the lines. */
#include "paracache.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "typo.h"
#include "util.h"

#define PC_BUDGET (4u << 20) /* bytes, roughly: trimmed above this */

typedef struct entry {
    struct entry *next;
    uint64_t hash;
    lf_paracache_key k;
    lf_rich src, typo;
    lf_lines lines;
    void *aux; /* lf_paracache_set_aux */
    void (*aux_free)(void *);
    size_t aux_bytes;
    size_t bytes;
    unsigned hits;
} entry;

static struct {
    entry **tab;
    size_t cap, n, bytes;
} pc;

/* Eight bytes at a time (the body is hashed once per recipient); the hash
 * only picks a chain, entries are compared in full. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 29;
    }
    w = (uint64_t)n << 56;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)s[i] << (8 * i);
    h = (h ^ w) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

static uint64_t hash_of(const lf_rich *src, const lf_paracache_key *k)
{
    uint64_t h = 0xcbf29ce484222325ull;
    h = mix(h, &k->fonts, sizeof k->fonts);
    h = mix(h, &k->hyph, sizeof k->hyph);
    h = mix(h, &k->lang, sizeof k->lang);
    h = mix(h, &k->width, sizeof k->width);
    h = mix(h, &k->size, sizeof k->size);
    h = mix(h, &k->style_or, sizeof k->style_or);
    for (size_t i = 0; i < src->n; i++) {
        const lf_run *r = &src->runs[i];
        h = mix(h, r->text, strlen(r->text) + 1);
        h = mix(h, &r->style, sizeof r->style);
        if (r->href)
            h = mix(h, r->href, strlen(r->href) + 1);
        h = mix(h, "\x1e", 1);
    }
    return h;
}

static int same_key(const lf_paracache_key *a, const lf_paracache_key *b)
{
    return a->fonts == b->fonts && a->hyph == b->hyph && a->lang == b->lang &&
           a->width == b->width && a->size == b->size && a->style_or == b->style_or;
}

static int same_text(const lf_rich *a, const lf_rich *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        const lf_run *x = &a->runs[i], *y = &b->runs[i];
        if (x->style != y->style || strcmp(x->text, y->text) != 0 || !x->href != !y->href ||
            (x->href && strcmp(x->href, y->href) != 0))
            return 0;
    }
    return 1;
}

static entry *find(const lf_rich *src, const lf_paracache_key *k, uint64_t h)
{
    if (!pc.cap)
        return NULL;
    for (entry *e = pc.tab[h & (pc.cap - 1)]; e; e = e->next)
        if (e->hash == h && same_key(&e->k, k) && same_text(&e->src, src)) {
            e->hits++;
            return e;
        }
    return NULL;
}

const lf_lines *lf_paracache_get(const lf_rich *src, const lf_paracache_key *k)
{
    entry *e = find(src, k, hash_of(src, k));
    return e ? &e->lines : NULL;
}

static size_t rich_bytes(const lf_rich *r)
{
    size_t b = sizeof *r + r->n * sizeof *r->runs;
    for (size_t i = 0; i < r->n; i++)
        b += strlen(r->runs[i].text) + 1 + (r->runs[i].href ? strlen(r->runs[i].href) + 1 : 0);
    return b;
}

static size_t lines_bytes(const lf_lines *l)
{
    size_t b = l->n * sizeof *l->v;
    for (size_t i = 0; i < l->n; i++) {
        b += l->v[i].n * sizeof *l->v[i].frags;
        for (size_t k = 0; k < l->v[i].n; k++)
            b += strlen(l->v[i].frags[k].text) + 1;
    }
    return b;
}

static void entry_free(entry *e)
{
    if (e->aux_free)
        e->aux_free(e->aux);
    lf_rich_free(&e->src);
    lf_rich_free(&e->typo);
    lf_lines_free(&e->lines);
    free(e);
}

static void insert(entry *e)
{
    size_t i = e->hash & (pc.cap - 1);
    e->next = pc.tab[i];
    pc.tab[i] = e;
}

static entry *add(const lf_rich *src, const lf_paracache_key *k, uint64_t h, lf_rich *typo,
                  lf_lines *lines)
{
    if (pc.n + 1 > pc.cap / 2) { /* grow and rehash */
        size_t ocap = pc.cap;
        entry **old = pc.tab;
        pc.cap = ocap ? ocap * 2 : 256;
        pc.tab = lf_xcalloc(pc.cap, sizeof *pc.tab);
        for (size_t i = 0; i < ocap; i++)
            for (entry *e = old[i], *nx; e; e = nx) {
                nx = e->next;
                insert(e);
            }
        free(old);
    }
    entry *e = lf_xcalloc(1, sizeof *e);
    e->hash = h;
    e->k = *k;
    lf_rich_copy(&e->src, src);
    e->typo = *typo;
    e->lines = *lines;
    *typo = (lf_rich){0};
    *lines = (lf_lines){0};
    e->bytes = sizeof *e + rich_bytes(&e->src) + rich_bytes(&e->typo) + lines_bytes(&e->lines);
    insert(e);
    pc.n++;
    pc.bytes += e->bytes;
    return e;
}

const lf_lines *lf_paracache_put(const lf_rich *src, const lf_paracache_key *k, lf_rich *typo,
                                 lf_lines *lines)
{
    return &add(src, k, hash_of(src, k), typo, lines)->lines;
}

const lf_rich *lf_paracache_typo_text(const lf_rich *src, lf_lang lang)
{
    /* width 0: never a paragraph's (lf_para_set refuses it) */
    lf_paracache_key k = {0, 0, (int)lang, 0, 0, 0};
    uint64_t h = hash_of(src, &k);
    entry *e = find(src, &k, h);
    if (!e) {
        lf_rich t;
        lf_rich_copy(&t, src);
        lf_typo_apply(&t, lang);
        lf_lines none = {0};
        e = add(src, &k, h, &t, &none);
    }
    return &e->typo;
}

/* The entry that holds `lines` (handed out by get or put). */
static entry *entry_of(const lf_lines *lines)
{
    return (entry *)(void *)((char *)(uintptr_t)lines - offsetof(entry, lines));
}

const lf_rich *lf_paracache_typo(const lf_lines *lines)
{
    return &entry_of(lines)->typo;
}

void *lf_paracache_aux(const lf_lines *lines)
{
    return entry_of(lines)->aux;
}

void lf_paracache_set_aux(const lf_lines *lines, void *aux, size_t bytes, void (*free_fn)(void *))
{
    entry *e = entry_of(lines);
    if (e->aux_free)
        e->aux_free(e->aux);
    e->bytes -= e->aux_bytes;
    pc.bytes -= e->aux_bytes;
    e->aux = aux;
    e->aux_free = free_fn;
    e->aux_bytes = bytes;
    e->bytes += bytes;
    pc.bytes += bytes;
}

/* Drop the entries for which keep() is false; reset the hit counts. */
static void sweep(int all)
{
    for (size_t i = 0; i < pc.cap; i++) {
        entry **pp = &pc.tab[i];
        while (*pp) {
            entry *e = *pp;
            if (all || e->hits == 0) {
                *pp = e->next;
                pc.n--;
                pc.bytes -= e->bytes;
                entry_free(e);
            } else {
                e->hits = 0;
                pp = &e->next;
            }
        }
    }
}

void lf_paracache_trim(void)
{
    if (pc.bytes <= PC_BUDGET)
        return;
    sweep(0);
    if (pc.bytes > PC_BUDGET / 2)
        sweep(1);
}

void lf_paracache_clear(void)
{
    sweep(1);
    free(pc.tab);
    memset(&pc, 0, sizeof pc);
}
