/* test_para: paragraphs into lines with a fake measure (every code point is
 * 1 unit, in every style). */
#include <stdlib.h>
#include <string.h>

#include "brk.h"
#include "para.h"
#include "t.h"
#include "util.h"

#define NB "\xC2\xA0"      /* U+00A0 */
#define NN "\xE2\x80\xAF"  /* U+202F */
#define LAQ "\xC2\xAB"     /* « */
#define RAQ "\xC2\xBB"     /* » */

/* libhyphen 2.8.8 loses ~130 bytes inside hnj_hyphen_load (its own bug). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libhyphen.so\n";
}
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}

static int calls;
static double fake_measure(void *ctx, unsigned style, const char *s, size_t len)
{
    calls++;
    return (double)lf_utf8_count(s, len);
}

/* A rich text from (text, style, href) triples, ended by a NULL text. */
static lf_rich mk(const char *t0, ...)
{
    lf_rich r = {0};
    size_t cap = 0;
    va_list ap;
    va_start(ap, t0);
    for (const char *t = t0; t; t = va_arg(ap, const char *)) {
        unsigned style = va_arg(ap, unsigned);
        const char *href = va_arg(ap, const char *);
        lf_xgrow((void **)&r.runs, &cap, r.n + 1, sizeof *r.runs);
        r.runs[r.n++] = (lf_run){lf_xstrdup(t), style, href ? lf_xstrdup(href) : NULL, {0}};
    }
    va_end(ap);
    return r;
}
#define PLAIN(s) mk(s, 0u, (const char *)NULL, (const char *)NULL)

static char *line_text(const lf_line *L)
{
    lf_buf b = {0};
    for (size_t k = 0; k < L->n; k++)
        lf_buf_adds(&b, L->frags[k].text);
    return lf_buf_take(&b);
}

static lf_lines set(const lf_rich *r, double width, lf_hyph *h)
{
    lf_lines out;
    int rc = lf_para_set(r, width, fake_measure, NULL, h, &out);
    CHECK(rc == 0);
    return out;
}

/* Lines as one string, "|" between them. */
static char *all_lines(const lf_lines *l)
{
    lf_buf b = {0};
    for (size_t i = 0; i < l->n; i++) {
        char *t = line_text(&l->v[i]);
        if (i)
            lf_buf_addc(&b, '|');
        lf_buf_adds(&b, t);
        free(t);
    }
    return lf_buf_take(&b);
}

#define CHECK_LINES(l, want)            \
    do {                                \
        char *t_s = all_lines(&(l));    \
        CHECK_STR(t_s, want);           \
        free(t_s);                      \
    } while (0)

/* Widths agree with the frags, and no line exceeds the width. */
static int lines_ok(const lf_lines *l, double width)
{
    for (size_t i = 0; i < l->n; i++) {
        const lf_line *L = &l->v[i];
        double x = 0;
        for (size_t k = 0; k < L->n; k++) {
            const lf_frag *f = &L->frags[k];
            if (f->x != x || f->w != (double)lf_utf8_count(f->text, strlen(f->text)))
                return 0;
            x += f->w;
        }
        if (L->width != x || L->width > width || L->n == 0)
            return 0;
    }
    return 1;
}

static void test_basic(void)
{
    lf_rich r = PLAIN("  aaa bbb\n ccc\tddd  ");
    lf_lines l = set(&r, 7, NULL);
    CHECK(l.n == 2);
    CHECK_LINES(l, "aaa bbb|ccc ddd");
    CHECK(l.n == 2 && l.v[0].n == 1 && l.v[0].width == 7 && !l.v[0].hyphenated);
    CHECK(lines_ok(&l, 7));
    lf_lines_free(&l);
    lf_rich_free(&r);

    r = PLAIN(" \n ");
    l = set(&r, 10, NULL);
    CHECK(l.n == 0 && l.v == NULL);
    lf_lines_free(&l);
    lf_rich_free(&r);

    lf_lines bad;
    CHECK(lf_para_set(&r, 0, fake_measure, NULL, NULL, &bad) == -1);
    CHECK(lf_para_set(&r, 10, NULL, NULL, NULL, &bad) == -1);
}

static void test_no_break_before_signs(void)
{
    /* Ordinary spaces before ; : ! ? » and after «: never a break there, at
     * any width that holds the widest group ("« dit-il »", 10). */
    lf_rich r = PLAIN("Oui ; non : peut-être ! Quoi ? " LAQ " dit-il " RAQ " ensuite fin");
    for (double w = 10; w <= 30; w++) {
        lf_lines l = set(&r, w, NULL);
        int ok = l.n > 1;
        for (size_t i = 0; i < l.n; i++) {
            char *t = line_text(&l.v[i]);
            size_t n = strlen(t);
            ok &= !strchr(";:!?", t[0]) && strncmp(t, RAQ, 2) != 0;
            ok &= !(n >= 2 && strcmp(t + n - 2, LAQ) == 0);
            free(t);
        }
        if (!ok)
            fprintf(stderr, "  at width %g\n", w);
        CHECK(ok);
        lf_lines_free(&l);
    }
    /* Narrower than the group: it breaks inside rather than overflow. */
    lf_lines l = set(&r, 8, NULL);
    CHECK(lines_ok(&l, 8));
    CHECK_LINES(l, "Oui ;|non :|peut-|être !|Quoi ? " LAQ "|dit-il " RAQ "|ensuite|fin");
    lf_lines_free(&l);
    lf_rich_free(&r);
}

static void test_nbsp(void)
{
    /* NBSP and NNBSP glue their neighbours: "yy zz" cannot be split. */
    lf_rich r = PLAIN("xxxx yy" NB "zz Oui" NN "!");
    lf_lines l = set(&r, 6, NULL);
    CHECK_LINES(l, "xxxx|yy" NB "zz|Oui" NN "!");
    CHECK(lines_ok(&l, 6));
    lf_lines_free(&l);
    lf_rich_free(&r);
}

static void test_overlong(void)
{
    size_t len = 50000;
    char *w = lf_xmalloc(len + 1);
    for (size_t i = 0; i < len; i++)
        w[i] = (char)('a' + i % 26);
    w[len] = '\0';
    lf_rich r = mk("Start ", 0u, (const char *)NULL, w, LF_BOLD, (const char *)NULL,
                   " end", 0u, (const char *)NULL, (const char *)NULL);
    lf_lines l = set(&r, 40, NULL);
    CHECK(lines_ok(&l, 40));
    CHECK(l.n >= 50000 / 39);
    /* Joined back without the added hyphens, the text is intact. */
    lf_buf b = {0};
    int hy_ok = 1;
    for (size_t i = 0; i < l.n; i++) {
        char *t = line_text(&l.v[i]);
        size_t n = strlen(t);
        if (l.v[i].hyphenated) {
            hy_ok &= n > 0 && t[n - 1] == '-';
            n--;
        }
        if (i && !l.v[i - 1].hyphenated)
            lf_buf_addc(&b, ' ');
        lf_buf_add(&b, t, n);
        free(t);
    }
    CHECK(hy_ok);
    char *want = lf_xasprintf("Start %s end", w);
    CHECK(b.s && strcmp(b.s, want) == 0);
    free(want);
    lf_buf_free(&b);
    /* Pieces of the word keep its style. */
    CHECK(l.n > 2 && l.v[1].n == 1 && l.v[1].frags[0].style == LF_BOLD);
    CHECK(l.n > 2 && l.v[1].hyphenated && l.v[1].width == 40);
    lf_lines_free(&l);
    lf_rich_free(&r);
    free(w);

    /* A tiny width: one character per line, never more than fits (plus
     * hyphen), no crash. */
    r = PLAIN("abcdef");
    l = set(&r, 2, NULL);
    CHECK_LINES(l, "a-|b-|c-|d-|ef");
    lf_lines_free(&l);
    lf_rich_free(&r);
}

static void test_styles(void)
{
    /* "Le **PD-1**, un" : bold keeps its style; spaces join fragments. */
    lf_rich r = mk("Le ", 0u, (const char *)NULL, "PD-1", LF_BOLD, (const char *)NULL,
                   ", un mot ", 0u, (const char *)NULL, "lien", 0u, "https://ex.fr",
                   (const char *)NULL);
    lf_lines l = set(&r, 100, NULL);
    CHECK(l.n == 1);
    if (l.n == 1) {
        lf_line *L = &l.v[0];
        CHECK(L->n == 4);
        if (L->n == 4) {
            CHECK_STR(L->frags[0].text, "Le ");
            CHECK(L->frags[0].style == 0 && L->frags[0].x == 0);
            CHECK_STR(L->frags[1].text, "PD-1");
            CHECK(L->frags[1].style == LF_BOLD && L->frags[1].x == 3 && L->frags[1].w == 4);
            CHECK_STR(L->frags[2].text, ", un mot ");
            CHECK(L->frags[2].x == 7 && L->frags[2].href == NULL);
            CHECK_STR(L->frags[3].text, "lien");
            CHECK(L->frags[3].href == r.runs[3].href); /* borrowed */
            CHECK(L->width == 20);
        }
    }
    lf_lines_free(&l);

    /* The bold word and its comma stay together on a narrow line. */
    l = set(&r, 6, NULL);
    CHECK_LINES(l, "Le|PD-1,|un mot|lien");
    CHECK(l.n == 4 && l.v[1].n == 2 && l.v[1].frags[0].style == LF_BOLD &&
          l.v[1].frags[1].style == 0);
    lf_lines_free(&l);
    lf_rich_free(&r);
}

static void test_explicit_hyphen(void)
{
    lf_rich r = PLAIN("xxxxxxx anti-tumoral");
    lf_lines l = set(&r, 13, NULL);
    CHECK_LINES(l, "xxxxxxx anti-|tumoral");
    CHECK(l.n == 2 && !l.v[0].hyphenated);
    lf_lines_free(&l);
    lf_rich_free(&r);

    /* Never inside "PD-1" or "CTLA-4". */
    r = PLAIN("xxxxxx PD-1 xxxx CTLA-4");
    l = set(&r, 10, NULL);
    CHECK_LINES(l, "xxxxxx|PD-1 xxxx|CTLA-4");
    lf_lines_free(&l);
    lf_rich_free(&r);

    /* "anti-PD-1" may break after "anti-". */
    r = PLAIN("xxxxxxxx anti-PD-1");
    l = set(&r, 14, NULL);
    CHECK_LINES(l, "xxxxxxxx anti-|PD-1");
    lf_lines_free(&l);
    lf_rich_free(&r);
}

static void test_hyphenation(lf_hyph *fr)
{
    /* Without hyphenation "aa" would stand alone (cost 0.77). */
    lf_rich r = PLAIN("aa immunothérapie est");
    lf_lines l = set(&r, 16, fr);
    CHECK_LINES(l, "aa immunothéra-|pie est");
    CHECK(l.n == 2 && l.v[0].hyphenated && l.v[0].width == 15);
    lf_lines_free(&l);
    /* Without patterns: no hyphen. */
    l = set(&r, 16, NULL);
    CHECK_LINES(l, "aa|immunothérapie|est");
    lf_lines_free(&l);
    lf_rich_free(&r);

    /* A hyphen is not worth a 30 %-short line. */
    r = PLAIN("aaaaaaaaaa immunothérapie");
    l = set(&r, 16, fr);
    CHECK_LINES(l, "aaaaaaaaaa|immunothérapie");
    lf_lines_free(&l);
    lf_rich_free(&r);

    /* Elided article: the core after ’ is hyphenated. */
    r = PLAIN("aaaa l\xE2\x80\x99immunothérapie");
    l = set(&r, 14, fr);
    CHECK_LINES(l, "aaaa l\xE2\x80\x99immuno-|thérapie");
    lf_lines_free(&l);
    lf_rich_free(&r);

    /* An overlong word splits at its hyphenation points when they suffice. */
    r = PLAIN("immunothérapie");
    l = set(&r, 8, fr);
    CHECK_LINES(l, "immuno-|thérapie");
    lf_lines_free(&l);
    lf_rich_free(&r);

    /* Links and words with digits are not hyphenated. */
    r = mk("aa ", 0u, (const char *)NULL, "immunothérapie", 0u, "https://x.fr",
           " immunothérapie2 est", 0u, (const char *)NULL, (const char *)NULL);
    l = set(&r, 16, fr);
    CHECK_LINES(l, "aa|immunothérapie|immunothérapie2|est");
    lf_lines_free(&l);
    lf_rich_free(&r);

    /* A long French paragraph: no two hyphenated lines in a row, no line
     * too wide, every hyphenated line ends in "-". */
    const char *text =
        "Votre médecin vous a proposé un traitement par immunothérapie. Ce "
        "traitement stimule les défenses naturelles de votre organisme contre "
        "les cellules cancéreuses. Les effets indésirables sont généralement "
        "modérés, mais certains nécessitent une consultation rapide : fièvre, "
        "diarrhée persistante, essoufflement, éruptions cutanées importantes, "
        "fatigue inhabituelle. Informez systématiquement votre pharmacien et "
        "votre infirmière de toute modification de vos médicaments habituels.";
    r = PLAIN(text);
    for (double w = 14; w <= 40; w += 2) {
        l = set(&r, w, fr);
        int ok = lines_ok(&l, w);
        for (size_t i = 0; i < l.n; i++) {
            if (!l.v[i].hyphenated)
                continue;
            char *t = line_text(&l.v[i]);
            ok &= t[strlen(t) - 1] == '-';
            free(t);
            ok &= !(i > 0 && l.v[i - 1].hyphenated);
        }
        if (!ok)
            fprintf(stderr, "  at width %g\n", w);
        CHECK(ok);
        lf_lines_free(&l);
    }
    lf_rich_free(&r);
}

int main(void)
{
    test_basic();
    test_no_break_before_signs();
    test_nbsp();
    test_overlong();
    test_styles();
    test_explicit_hyphen();

    lf_diags d = {0};
    lf_hyph *fr = lf_hyph_open(LF_FR, NULL, &d);
    CHECK(fr != NULL);
    if (fr)
        test_hyphenation(fr);
    lf_hyph_close(fr);
    lf_diags_free(&d);
    return T_DONE("test_para");
}
