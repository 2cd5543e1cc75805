/* layout and its caches: a document laid out from warm caches (paragraphs
 * set, and their fragments measured, for an earlier recipient; typography of
 * recurring texts; the body kept for an earlier recipient whose footer was
 * as tall) is the same display list, item for item, as one laid out from
 * cold caches; in each, headings and the paragraph that introduces a list
 * stay on the page of what follows them. Also the paragraph cache's
 * typography and side-data entries. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fonts.h"
#include "hyph.h"
#include "layout.h"
#include "load.h"
#include "paracache.h"
#include "t.h"
#include "util.h"

static const char leaflet_yaml[] =
    "id: t\n"
    "languages: [fr, en]\n"
    "reference: T-1\n"
    "version: \"2\"\n"
    "published: 2026-01-02\n"
    "review: 2027-01-02\n"
    "title:\n  fr: \"Essai\"\n  en: \"Test\"\n"
    "body:\n"
    "  - heading:\n      fr: \"Qu'est-ce ?\"\n      en: \"What is it?\"\n"
    "  - para:\n"
    "      fr: \"Voir <https://example.org/une/adresse/assez/longue> puis **gras** et *italique* ; "
    "anticonstitutionnellement, l'immunothérapie « dit-il ».\"\n"
    "      en: \"See <https://example.org/a/rather/long/address> then **bold** and *italic*; "
    "the immunotherapy department, said he.\"\n"
    "  - bullets:\n"
    "      - fr: \"Un\"\n        en: \"One\"\n"
    "        bullets:\n"
    "          - fr: \"Un et demi <mailto:a@example.org>\"\n            en: \"One and a half <mailto:a@example.org>\"\n"
    "      - fr: \"Deux\"\n        en: \"Two\"\n"
    "  - note:\n      fr: \"Appelez **tout de suite**.\"\n      en: \"Call **at once**.\"\n";

/* A body whose last unit keeps with what follows (a heading): where it goes
 * depends on the card's first group too. */
static const char heading_last[] = "  - heading:\n      fr: \"Et ensuite\"\n      en: \"And then\"\n";

static const char staff_yaml[] =
    "organisation:\n"
    "  name:\n    fr: \"Centre d'essai\"\n    en: \"Test centre\"\n"
    "  phone: \"+33 1 99 00 10 00\"\n"
    "  website: \"https://example.org\"\n"
    "staff:\n"
    "  - id: a\n"
    "    name: \"Łukasz Wiśniewski \xe2\x98\x8e\"\n" /* ☎: a fallback face */
    "    job_title:\n      fr: \"Infirmier\"\n      en: \"Nurse\"\n"
    "    specialty:\n      fr: \"Soins de support\"\n      en: \"Supportive care\"\n"
    "    phone: \"+33 1 99 00 01 07\"\n"
    "    email: \"a@example.org\"\n"
    "    publications:\n      - \"Wiśniewski Ł. Un article. Rev Exemple. 2024;1:1–2.\"\n"
    "  - id: b\n"
    "    name: \"Nguyễn Thị Hương\"\n"
    "    job_title:\n      fr: \"Oncologue\"\n      en: \"Oncologist\"\n"
    "    location:\n      fr: \"Bâtiment B\"\n      en: \"Building B\"\n"
    /* footers as tall, cards not: the long name wraps in the card only */
    "  - id: c\n"
    "    name: \"Ana Roy\"\n"
    "    job_title:\n      fr: \"Interne\"\n      en: \"Resident\"\n"
    "  - id: d\n"
    "    name: \"Marie-Éléonore Dupont-Aignan de la Tour\"\n"
    "    job_title:\n      fr: \"Interne\"\n      en: \"Resident\"\n"
    /* a taller footer: the body ends higher on every page */
    "  - id: e\n"
    "    name: \"Jean Martin\"\n"
    "    job_title:\n      fr: \"Infirmière coordinatrice du parcours de soins en cancérologie thoracique\"\n"
    "      en: \"Coordinating nurse for the thoracic cancer care pathway and its follow-up\"\n"
    "    specialty:\n      fr: \"Soins de support et éducation thérapeutique des patients\"\n"
    "      en: \"Supportive care and therapeutic patient education\"\n"
    "    location:\n      fr: \"Hôpital de jour d'oncologie, bâtiment B, deuxième étage, aile est\"\n"
    "      en: \"Oncology day unit, building B, second floor, east wing\"\n";

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int differ(int verbose, const char *fmt, ...) LF_PRINTF(2, 3);
static int differ(int verbose, const char *fmt, ...)
{
    if (verbose) {
        va_list ap;
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
    }
    return 0;
}

/* Every field of every item, element and outline entry, and the document
 * information; prints the first difference. */
static int same_dlist(const lf_dlist *a, const lf_dlist *b, int verbose)
{
    if (a->width != b->width || a->height != b->height || a->npages != b->npages ||
        a->nelems != b->nelems || a->noutline != b->noutline || a->date != b->date)
        return differ(verbose, "sizes differ\n");
    for (size_t p = 0; p < a->npages; p++) {
        const lf_dpage *x = &a->pages[p], *y = &b->pages[p];
        if (x->n != y->n)
            return differ(verbose, "page %zu: %zu / %zu items\n", p, x->n, y->n);
        for (size_t i = 0; i < x->n; i++) {
            const lf_ditem *s = &x->v[i], *t = &y->v[i];
            if (s->kind != t->kind || s->x != t->x || s->y != t->y || s->w != t->w ||
                s->h != t->h || s->font != t->font || s->size != t->size || s->color != t->color ||
                s->bleed != t->bleed || s->elem != t->elem || s->lang != t->lang ||
                !same_str(s->text, t->text))
                return differ(verbose, "page %zu item %zu differs ('%s' / '%s')\n", p, i,
                              s->text ? s->text : "", t->text ? t->text : "");
        }
    }
    for (size_t i = 0; i < a->nelems; i++)
        if (a->elems[i].type != b->elems[i].type || a->elems[i].parent != b->elems[i].parent ||
            a->elems[i].lang != b->elems[i].lang)
            return differ(verbose, "element %zu differs\n", i);
    for (size_t i = 0; i < a->noutline; i++)
        if (a->outline[i].level != b->outline[i].level || a->outline[i].page != b->outline[i].page ||
            a->outline[i].y != b->outline[i].y || !same_str(a->outline[i].title, b->outline[i].title))
            return differ(verbose, "outline %zu differs\n", i);
    return same_str(a->title, b->title) && same_str(a->subject, b->subject) &&
           same_str(a->keywords, b->keywords) && same_str(a->author, b->author) &&
           same_str(a->lang, b->lang) && same_str(a->creator, b->creator);
}

static size_t count_kind(const lf_dlist *dl, lf_dkind k)
{
    size_t n = 0;
    for (size_t p = 0; p < dl->npages; p++)
        for (size_t i = 0; i < dl->pages[p].n; i++)
            n += dl->pages[p].v[i].kind == k;
    return n;
}

static int has_font_at_least(const lf_dlist *dl, int face)
{
    for (size_t p = 0; p < dl->npages; p++)
        for (size_t i = 0; i < dl->pages[p].n; i++)
            if (dl->pages[p].v[i].kind == LF_D_TEXT && dl->pages[p].v[i].font >= face)
                return 1;
    return 0;
}

typedef struct env {
    const lf_leaflet *l;
    const lf_directory *dir;
    lf_fonts *f;
    lf_hyph *hyph[LF_NLANG];
    lf_layout_opts o;
} env;

static int lay(env *e, const lf_staff *who, lf_dlist *out)
{
    lf_diags d = {0};
    int rc = lf_layout(e->l, e->dir, who, &e->o, e->f, e->hyph, out, &d);
    lf_diags_free(&d);
    return rc;
}

/* What is kept together, on every page break of a laid-out document: a
 * heading ends on the page where what follows it starts, and a paragraph
 * right before a list (it introduces it: "… sont :") on the page where the
 * list starts. Pages of an element: those of its items and of its
 * descendants' items. */
static int keeps_hold(const lf_dlist *dl, const char *what)
{
    size_t ne = dl->nelems;
    int *first = lf_xmalloc((ne ? ne : 1) * sizeof *first);
    int *last = lf_xmalloc((ne ? ne : 1) * sizeof *last);
    for (size_t e = 0; e < ne; e++)
        first[e] = last[e] = -1;
    for (size_t p = 0; p < dl->npages; p++)
        for (size_t i = 0; i < dl->pages[p].n; i++)
            for (int e = dl->pages[p].v[i].elem, depth = 0; e >= 0 && (size_t)e < ne && depth < 64;
                 e = dl->elems[e].parent, depth++) {
                if (first[e] < 0 || (int)p < first[e])
                    first[e] = (int)p;
                if ((int)p > last[e])
                    last[e] = (int)p;
            }
    int ok = 1, checked = 0;
    for (size_t e = 0; e < ne; e++) {
        lf_stype t = dl->elems[e].type;
        if (t != LF_S_H1 && t != LF_S_H2 && t != LF_S_P)
            continue;
        size_t s = e + 1; /* the next sibling */
        while (s < ne && dl->elems[s].parent != dl->elems[e].parent)
            s++;
        if (s == ne || last[e] < 0 || first[s] < 0 || (t == LF_S_P && dl->elems[s].type != LF_S_L))
            continue;
        checked++;
        if (last[e] != first[s]) {
            fprintf(stderr, "%s: element %zu (%s) ends on page %d, the next (%s) starts on %d\n",
                    what, e, lf_stype_name(t), last[e] + 1, lf_stype_name(dl->elems[s].type),
                    first[s] + 1);
            ok = 0;
        }
    }
    free(first);
    free(last);
    return ok && checked > 0;
}

/* Each recipient laid out cold (caches emptied) and warm (after the others):
 * the same display list. */
static void check_warm_equals_cold(env *e, const char *what)
{
    size_t n = e->dir->nstaff;
    for (size_t r = 0; r <= n; r++) {
        const lf_staff *who = r < n ? &e->dir->staff[r] : NULL;
        lf_dlist cold, warm, other;
        lf_paracache_clear();
        lf_layout_forget();
        CHECK(lay(e, who, &cold) == 0);
        /* the others first, so that this one reuses what they left (not
         * its own kept body: only theirs) */
        lf_layout_forget();
        for (size_t q = 0; q <= n; q++) {
            if (q == r)
                continue;
            CHECK(lay(e, q < n ? &e->dir->staff[q] : NULL, &other) == 0);
            /* the comparison can fail: another recipient is another list */
            CHECK(!same_dlist(&cold, &other, 0));
            lf_dlist_free(&other);
        }
        CHECK(lay(e, who, &warm) == 0);
        int same = same_dlist(&cold, &warm, 1);
        if (!same)
            fprintf(stderr, "%s: recipient %s differs warm and cold\n", what,
                    who ? who->id : "generic");
        CHECK(same);
        CHECK(count_kind(&cold, LF_D_TEXT) > 20);
        CHECK(keeps_hold(&cold, what));
        lf_dlist_free(&cold);
        lf_dlist_free(&warm);
    }
}

static void test_layouts(lf_fonts *f, lf_hyph *const hyph[LF_NLANG], const lf_leaflet *l,
                         const lf_directory *dir, const char *name)
{
    env e = {l, dir, f, {hyph[0], hyph[1]}, {LF_LAYOUT_PARALLEL, {LF_FR, LF_EN}, 2, 0}};
    check_warm_equals_cold(&e, name);
    e.o.mode = LF_LAYOUT_SEQUENTIAL;
    e.o.langs[0] = LF_EN;
    e.o.langs[1] = LF_FR;
    check_warm_equals_cold(&e, name);
    e.o.nlangs = 1;
    check_warm_equals_cold(&e, name);
    lf_fonts_set_kerning(f, 0);
    e.o.mode = LF_LAYOUT_PARALLEL;
    e.o.nlangs = 2;
    check_warm_equals_cold(&e, name);
    lf_fonts_set_kerning(f, 1);
}

static int frees;
static void count_free(void *p)
{
    frees++;
    free(p);
}

static void test_paracache_extras(void)
{
    lf_paracache_clear();
    lf_rich r = {0};
    r.n = 1;
    r.runs = lf_xcalloc(1, sizeof *r.runs);
    r.runs[0].text = lf_xstrdup("Vraiment ? Oui !");
    const lf_rich *t = lf_paracache_typo_text(&r, LF_FR);
    CHECK(t && t->n == 1);
    /* French typography: a narrow no-break space before ? and ! */
    CHECK(t && t->n == 1 && strcmp(t->runs[0].text, "Vraiment\xe2\x80\xaf? Oui\xe2\x80\xaf!") == 0);
    CHECK(strcmp(r.runs[0].text, "Vraiment ? Oui !") == 0); /* the source is left alone */
    CHECK(lf_paracache_typo_text(&r, LF_FR) == t);          /* remembered */
    const lf_rich *te = lf_paracache_typo_text(&r, LF_EN);
    CHECK(te != t && strcmp(te->runs[0].text, "Vraiment ? Oui !") == 0);
    /* never a paragraph: no lines under any real key */
    lf_paracache_key k = {0, 0, LF_FR, 0, 0, 0};
    const lf_lines *none = lf_paracache_get(&r, &k);
    CHECK(none && none->n == 0);

    /* side data: kept with the entry, replaced, freed with it */
    lf_paracache_key k2 = {7, 0, -1, 100.0, 10.0, 0};
    lf_rich typo = {0};
    lf_rich_copy(&typo, &r);
    lf_lines ls = {0};
    const lf_lines *got = lf_paracache_put(&r, &k2, &typo, &ls);
    CHECK(lf_paracache_aux(got) == NULL);
    CHECK(lf_paracache_typo(got) && strcmp(lf_paracache_typo(got)->runs[0].text, r.runs[0].text) == 0);
    int *x = lf_xmalloc(sizeof *x);
    lf_paracache_set_aux(got, x, sizeof *x, count_free);
    CHECK(lf_paracache_aux(lf_paracache_get(&r, &k2)) == x);
    frees = 0;
    lf_paracache_set_aux(got, lf_xmalloc(4), 4, count_free);
    CHECK(frees == 1); /* the previous one */
    lf_paracache_clear();
    CHECK(frees == 2);
    CHECK(lf_paracache_get(&r, &k2) == NULL);
    lf_rich_free(&r);
}

int main(void)
{
    lf_diags d = {0};
    lf_fonts *f = lf_fonts_open(LF_FAMILY, "fonts", &d);
    CHECK(f != NULL);
    lf_hyph *hyph[LF_NLANG] = {lf_hyph_open(LF_FR, NULL, &d), lf_hyph_open(LF_EN, NULL, &d)};
    lf_leaflet l = {0}, lc = {0};
    lf_directory dir = {0}, dirc = {0};
    int ok = f && lf_load_leaflet_mem("t.yaml", leaflet_yaml, strlen(leaflet_yaml), &l, &d) == 0 &&
             lf_load_directory_mem("s.yaml", staff_yaml, strlen(staff_yaml), &dir, &d) == 0;
    CHECK(ok);
    lf_leaflet lh = {0};
    char *hy = lf_xasprintf("%s%s", leaflet_yaml, heading_last);
    CHECK(lf_load_leaflet_mem("t.yaml", hy, strlen(hy), &lh, &d) == 0);
    free(hy);
    if (ok) {
        /* the links, the fallback face and the hyphenation are exercised */
        lf_layout_opts o = {LF_LAYOUT_PARALLEL, {LF_FR, LF_EN}, 2, 0};
        lf_dlist dl;
        CHECK(lf_layout(&l, &dir, &dir.staff[0], &o, f, hyph, &dl, &d) == 0);
        CHECK(count_kind(&dl, LF_D_LINK) >= 4);
        CHECK(has_font_at_least(&dl, 4));
        lf_dlist_free(&dl);
        unsigned long k0, r0, x0, k1, r1, x1;
        lf_layout_memo_stats(&k0, &r0, &x0);
        test_layouts(f, hyph, &l, &dir, "t.yaml");
        lf_layout_memo_stats(&k1, &r1, &x1);
        CHECK(k1 > k0 && r1 > r0); /* bodies were kept and reused */
        test_layouts(f, hyph, &lh, &dir, "h.yaml");
        unsigned long k2, r2, x2;
        lf_layout_memo_stats(&k2, &r2, &x2);
        CHECK(x2 > x1); /* a kept body that did not fit a card was laid out again */
    }
    int okc = f && lf_load_leaflet("content/leaflets/immunotherapy.yaml", &lc, &d) == 0 &&
              lf_load_directory("content/staff.yaml", &dirc, &d) == 0;
    CHECK(okc);
    if (okc)
        test_layouts(f, hyph, &lc, &dirc, "immunotherapy");
    /* the long leaflet with recipients whose footers differ in height */
    if (okc && ok)
        test_layouts(f, hyph, &lc, &dir, "immunotherapy, t's staff");
    test_paracache_extras();
    if (d.n)
        for (size_t i = 0; i < d.n; i++) {
            char *s = lf_diag_format(&d.v[i]);
            fprintf(stderr, "%s\n", s);
            free(s);
        }
    lf_paracache_clear();
    lf_layout_forget();
    lf_leaflet_free(&l);
    lf_leaflet_free(&lh);
    lf_leaflet_free(&lc);
    lf_directory_free(&dir);
    lf_directory_free(&dirc);
    for (int i = 0; i < LF_NLANG; i++)
        lf_hyph_close(hyph[i]);
    lf_fonts_close(f);
    lf_diags_free(&d);
    return T_DONE("test_layout");
}
