/* test_typo: French and English typography, per rule, across runs, links. */
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "typo.h"
#include "util.h"

#define NB "\xC2\xA0"       /* U+00A0 NO-BREAK SPACE */
#define NN "\xE2\x80\xAF"   /* U+202F NARROW NO-BREAK SPACE */
#define APO "\xE2\x80\x99"  /* ’ */
#define LSQ "\xE2\x80\x98"  /* ‘ */
#define LDQ "\xE2\x80\x9C"  /* “ */
#define RDQ "\xE2\x80\x9D"  /* ” */
#define LAQ "\xC2\xAB"      /* « */
#define RAQ "\xC2\xBB"      /* » */

/* Check one string, and that a second pass changes nothing. */
static void check(const char *in, lf_lang lang, const char *want, int line)
{
    char *got = lf_typo_string(in, lang);
    char *again = lf_typo_string(got, lang);
    if (strcmp(got, want) == 0 && strcmp(again, got) == 0) {
        t_ok++;
    } else {
        t_bad++;
        fprintf(stderr, "%s:%d: typo(\"%s\")\n  got:      \"%s\"\n  again:    \"%s\"\n  expected: \"%s\"\n",
                __FILE__, line, in, got, again, want);
    }
    free(got);
    free(again);
}
#define FR(in, want) check(in, LF_FR, want, __LINE__)
#define EN(in, want) check(in, LF_EN, want, __LINE__)

static lf_run mkrun(const char *text, unsigned style, const char *href)
{
    lf_run r = {.text = lf_xstrdup(text), .style = style,
                .href = href ? lf_xstrdup(href) : NULL};
    return r;
}

/* A heap copy of n runs, as the loader builds them (lf_rich_free frees it). */
static lf_rich mkrich(const lf_run *v, size_t n)
{
    lf_rich r = {lf_xmalloc(n * sizeof *v), n};
    memcpy(r.runs, v, n * sizeof *v);
    return r;
}

static void test_runs(void)
{
    /* A space at the end of run 1, ":" at the start of run 2. */
    lf_run v[2] = {mkrun("Attention ", 0, NULL), mkrun(": ne pas jeter", LF_BOLD, NULL)};
    lf_rich r = mkrich(v, 2);
    lf_typo_apply(&r, LF_FR);
    CHECK_STR(r.runs[0].text, "Attention" NB);
    CHECK_STR(r.runs[1].text, ": ne pas jeter");
    CHECK(r.runs[1].style == LF_BOLD);
    lf_rich_free(&r);

    /* A sign at the start of a run glued to a word in the run before. */
    lf_run w[2] = {mkrun("Pourquoi", LF_ITALIC, NULL), mkrun("? Parce que", 0, NULL)};
    r = mkrich(w, 2);
    lf_typo_apply(&r, LF_FR);
    CHECK_STR(r.runs[0].text, "Pourquoi");
    CHECK_STR(r.runs[1].text, NN "? Parce que");
    lf_rich_free(&r);

    /* Links are untouched, but context still flows around them. */
    lf_run x[3] = {mkrun("Voir ", 0, NULL), mkrun("l'aide: \"ici\"", 0, "https://ex.fr/a?b=c;d"),
                   mkrun(" : c'est \"simple\" !", 0, NULL)};
    r = mkrich(x, 3);
    lf_typo_apply(&r, LF_FR);
    CHECK_STR(r.runs[0].text, "Voir ");
    CHECK_STR(r.runs[1].text, "l'aide: \"ici\"");
    CHECK_STR(r.runs[1].href, "https://ex.fr/a?b=c;d");
    CHECK_STR(r.runs[2].text, NB ": c" APO "est " LAQ NB "simple" NB RAQ NN "!");
    lf_rich_free(&r);

    /* Quotes spanning runs: opening in run 1, closing in run 3. */
    lf_run y[3] = {mkrun("dit \"", 0, NULL), mkrun("stop", LF_BOLD, NULL), mkrun("\".", 0, NULL)};
    r = mkrich(y, 3);
    lf_typo_apply(&r, LF_FR);
    CHECK_STR(r.runs[0].text, "dit " LAQ NB);
    CHECK_STR(r.runs[1].text, "stop");
    CHECK_STR(r.runs[2].text, NB RAQ ".");
    lf_rich_free(&r);

    /* English across runs: the apostrophe in run 2 closes a word of run 1. */
    lf_run z[2] = {mkrun("the patient", 0, NULL), mkrun("'s \"file\"", LF_ITALIC, NULL)};
    r = mkrich(z, 2);
    lf_typo_apply(&r, LF_EN);
    CHECK_STR(r.runs[1].text, APO "s " LDQ "file" RDQ);
    lf_rich_free(&r);

    /* Empty runs survive. */
    lf_run e[2] = {mkrun("", 0, NULL), mkrun("Oui !", 0, NULL)};
    r = mkrich(e, 2);
    lf_typo_apply(&r, LF_FR);
    CHECK(r.n == 2);
    CHECK_STR(r.runs[0].text, "");
    CHECK_STR(r.runs[1].text, "Oui" NN "!");
    lf_rich_free(&r);
}

int main(void)
{
    /* French: apostrophe. */
    FR("l'immunothérapie", "l" APO "immunothérapie");
    FR("aujourd'hui c'est", "aujourd" APO "hui c" APO "est");
    /* French: quotes. */
    FR("le \"traitement\" marche", "le " LAQ NB "traitement" NB RAQ " marche");
    FR("\"Oui\"", LAQ NB "Oui" NB RAQ);
    FR("(\"non\")", "(" LAQ NB "non" NB RAQ ")");
    FR("un \" mot \" espacé", "un " LAQ NB "mot" NB RAQ " espacé");
    FR("« déjà »", LAQ NB "déjà" NB RAQ);
    FR("«collés»", LAQ NB "collés" NB RAQ);
    /* French: ; ! ? get NNBSP, : gets NBSP; typed spaces replaced. */
    FR("Pourquoi ? Parce que !", "Pourquoi" NN "? Parce que" NN "!");
    FR("Pourquoi? Voilà!", "Pourquoi" NN "? Voilà" NN "!");
    FR("un; deux", "un" NN "; deux");
    FR("Note: lisez", "Note" NB ": lisez");
    FR("Note : lisez", "Note" NB ": lisez");
    FR("Note   : lisez", "Note" NB ": lisez");
    FR("Fin:", "Fin" NB ":");
    FR("Appelez le 15!", "Appelez le 15" NN "!");
    FR("Quoi?!", "Quoi" NN "?!");
    FR("(voir plus bas):", "(voir plus bas)" NB ":");
    /* French: no insertion inside tokens. */
    FR("à 10:30 le matin", "à 10:30 le matin");
    FR("http://example.fr/a?b=1", "http://example.fr/a?b=1");
    FR("un score de 3:1", "un score de 3:1");
    FR("a;b", "a;b");
    FR("Attendez...", "Attendez...");
    /* French: already correct is left alone (no doubling). */
    FR("Note" NB ": lisez", "Note" NB ": lisez");
    FR("Pourquoi" NN "?", "Pourquoi" NN "?");
    FR("Pourquoi" NB "?", "Pourquoi" NB "?");
    FR("Pourquoi" NB " ?", "Pourquoi" NB "?");
    FR("l" APO "eau " LAQ NB "pure" NB RAQ, "l" APO "eau " LAQ NB "pure" NB RAQ);
    FR("", "");

    /* English. */
    EN("don't", "don" APO "t");
    EN("the patient's file", "the patient" APO "s file");
    EN("'checkpoints'", LSQ "checkpoints" APO);
    EN("the 'checkpoints' work", "the " LSQ "checkpoints" APO " work");
    EN("in the '90s", "in the " APO "90s");
    EN("\"Hello\" she said", LDQ "Hello" RDQ " she said");
    EN("say \"yes\".", "say " LDQ "yes" RDQ ".");
    EN("Note: read this! Why?", "Note: read this! Why?");
    EN("(\"quoted\")", "(" LDQ "quoted" RDQ ")");
    EN("\"'nested'\"", LDQ LSQ "nested" APO RDQ);
    EN("Wait...", "Wait...");

    /* Invalid UTF-8 bytes pass through. */
    char *s = lf_typo_string("a\xFF" "b ?", LF_FR);
    CHECK_STR(s, "a\xFF" "b" NN "?");
    free(s);

    test_runs();
    return T_DONE("test_typo");
}
