/* Unit tests for readab.c: syllables, words and sentences, reading-ease
 * scores, and the warnings on leaflets loaded from memory (a 30-word sentence
 * flagged, a plain leaflet quiet, capitals, italics, review date). */
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "readab.h"
#include "t.h"

static int syl(const char *w, lf_lang lang) { return lf_readab_syllables(w, strlen(w), lang); }

static size_t sentences(const char *s, lf_lang lang, size_t *words)
{
    return lf_readab_count(s, lang, words);
}

/* Load `yaml` as t.yaml (id: t) and analyse language `lang`. Returns the
 * number of warnings; *msgs gets them, one per line (caller frees). */
static size_t analyse(const char *yaml, lf_lang lang, lf_readab_stats *st, char **msgs,
                      long long today)
{
    lf_diags d = {0};
    lf_leaflet l;
    lf_buf b = {0};
    memset(st, 0, sizeof *st);
    if (lf_load_leaflet_mem("t.yaml", yaml, strlen(yaml), &l, &d) != 0) {
        for (size_t i = 0; i < d.n; i++)
            fprintf(stderr, "load: %s\n", d.v[i].msg);
        CHECK(!"fixture loads");
        lf_diags_free(&d);
        *msgs = lf_xstrdup("");
        return (size_t)-1;
    }
    lf_diags_free(&d);
    lf_readab_leaflet(&l, lang, st, &d);
    if (today)
        lf_readab_review(&l, today, &d);
    for (size_t i = 0; i < d.n; i++) {
        char *f = lf_diag_format(&d.v[i]);
        lf_buf_printf(&b, "%s\n", f);
        free(f);
    }
    size_t n = d.nwarnings;
    CHECK(d.nerrors == 0);
    lf_diags_free(&d);
    lf_leaflet_free(&l);
    *msgs = b.s ? lf_buf_take(&b) : lf_xstrdup("");
    return n;
}

static const char *head =
    "id: t\n"
    "languages: [en, fr]\n"
    "title: {en: \"Test leaflet\", fr: \"Dépliant d'essai\"}\n"
    "body:\n";

static char *doc(const char *body)
{
    return lf_xasprintf("%s%s", head, body);
}

int main(void)
{
    /* syllables, English */
    CHECK(syl("cat", LF_EN) == 1);
    CHECK(syl("the", LF_EN) == 1);
    CHECK(syl("made", LF_EN) == 1);      /* silent e */
    CHECK(syl("table", LF_EN) == 2);     /* -le is sounded */
    CHECK(syl("wanted", LF_EN) == 2);    /* -ted is sounded */
    CHECK(syl("jumped", LF_EN) == 1);    /* -ed is not */
    CHECK(syl("boxes", LF_EN) == 2);
    CHECK(syl("cells", LF_EN) == 1);
    CHECK(syl("defences", LF_EN) == 3);
    CHECK(syl("treatment", LF_EN) == 2);
    CHECK(syl("immunotherapy", LF_EN) == 6);
    CHECK(syl("infection", LF_EN) == 3);
    CHECK(syl("recognise", LF_EN) == 3);
    CHECK(syl("yes", LF_EN) == 1);       /* initial y is a consonant */
    CHECK(syl("Immunotherapy", LF_EN) == 6); /* case does not matter */
    CHECK(syl("body's", LF_EN) == 2);
    CHECK(syl("2026", LF_EN) == 4);      /* numbers: one per digit, at most 4 */
    CHECK(syl("12345678", LF_EN) == 4);
    CHECK(syl("-", LF_EN) == 0);
    /* syllables, French */
    CHECK(syl("le", LF_FR) == 1);
    CHECK(syl("les", LF_FR) == 1);
    CHECK(syl("système", LF_FR) == 2);   /* silent final e */
    CHECK(syl("cancéreuses", LF_FR) == 3); /* silent final -es */
    CHECK(syl("immunothérapie", LF_FR) == 6);
    CHECK(syl("IMMUNOTHÉRAPIE", LF_FR) == 6);
    CHECK(syl("réalité", LF_FR) == 4);   /* é ends a vowel group */
    CHECK(syl("idée", LF_FR) == 2);
    CHECK(syl("oiseau", LF_FR) == 2);
    CHECK(syl("patient", LF_FR) == 2);
    CHECK(syl("cœur", LF_FR) == 1);

    /* words and sentences */
    size_t w = 0;
    CHECK(sentences("The cat sat on the mat.", LF_EN, &w) == 1 && w == 6);
    CHECK(sentences("Is it safe? Yes! It is.", LF_EN, &w) == 3 && w == 6);
    CHECK(sentences("Take 2.5 mg twice a day. Then rest.", LF_EN, &w) == 2 && w == 8);
    CHECK(sentences("Some drugs, e.g. steroids, help. Others do not.", LF_EN, &w) == 2 && w == 8);
    CHECK(sentences("Dr. Martin will see you. Bring your card.", LF_EN, &w) == 2);
    CHECK(sentences("He said “stop.” Then he left.", LF_EN, &w) == 2 && w == 6);
    CHECK(sentences("Le Dr. Martin vous reçoit. Apportez votre carte.", LF_FR, &w) == 2 && w == 8);
    CHECK(sentences("Qu’est-ce que l’immunothérapie ? C’est un traitement.", LF_FR, &w) == 2 && w == 6);
    CHECK(sentences("Voir www.example.org pour plus d’informations", LF_FR, &w) == 1 && w == 5);
    CHECK(sentences("No stop at the end", LF_EN, &w) == 1 && w == 5);
    CHECK(sentences("", LF_EN, &w) == 0 && w == 0);
    CHECK(sentences("... !", LF_EN, &w) == 0 && w == 0);

    /* scores: formulas and bands */
    double s = lf_readab_score(LF_EN, 100, 10, 130);
    CHECK(s > 86.70 && s < 86.71); /* 206.835 - 10.15 - 109.98 */
    s = lf_readab_score(LF_FR, 100, 10, 150);
    CHECK(s > 86.4 && s < 86.5); /* 207 - 10.15 - 110.4 */
    CHECK(lf_readab_score(LF_EN, 0, 0, 0) == 0);
    CHECK(strcmp(lf_readab_band(95), "very easy") == 0);
    CHECK(strcmp(lf_readab_band(65), "standard") == 0);
    CHECK(strcmp(lf_readab_band(10), "very difficult") == 0);
    CHECK(strcmp(lf_readab_formula(LF_FR), "Kandel–Moles") == 0);

    lf_readab_stats st;
    char *m;

    /* a plain leaflet: short sentences, no warning, an easy score */
    char *plain = doc("  - heading: {en: \"Your treatment\", fr: \"Votre traitement\"}\n"
                      "  - para:\n"
                      "      en: \"You will have the drug once a week. A nurse gives it in a vein. It takes one hour.\"\n"
                      "      fr: \"Vous recevez le médicament une fois par semaine. Une infirmière le donne dans une veine. Cela dure une heure.\"\n"
                      "  - bullets:\n"
                      "      - {en: \"Drink water.\", fr: \"Buvez de l'eau.\"}\n"
                      "      - {en: \"Rest when you are tired.\", fr: \"Reposez-vous si vous êtes fatigué.\"}\n");
    CHECK(analyse(plain, LF_EN, &st, &m, 0) == 0);
    CHECK_STR(m, "");
    CHECK(st.sentences == 5 && st.words == 26);  /* headings are not counted */
    CHECK(st.longest == 8);
    CHECK(st.score > 80);                        /* easy or very easy */
    free(m);
    CHECK(analyse(plain, LF_FR, &st, &m, 0) == 0);
    CHECK(st.sentences == 5);
    CHECK(st.score > 60 && st.score < 100);
    free(m);
    char *sum = lf_readab_summary(&st);
    CHECK(strncmp(sum, "fr: ", 4) == 0 && strstr(sum, " sentences, ") && strstr(sum, "Kandel–Moles"));
    free(sum);
    free(plain);

    /* a 30-word sentence is flagged at its paragraph; 25 words is not */
    char *longs = doc("  - para:\n"
                      "      en: \"Short one. When you come to the hospital for your treatment you should bring your card, your list of medicines, your letters from the doctor and a friend who can help you.\"\n"
                      "      fr: \"Une phrase de vingt-cinq mots : un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf vingt.\"\n");
    CHECK(analyse(longs, LF_EN, &st, &m, 0) == 1);
    CHECK(strstr(m, "t.yaml:6:12: warning: en: sentence of 30 words (\"When you come to the hospital…\")") != NULL);
    CHECK(st.long_sentences == 1 && st.longest == 30);
    free(m);
    CHECK(analyse(longs, LF_FR, &st, &m, 0) == 0); /* exactly 25 words */
    CHECK(st.longest == 25);
    CHECK_STR(m, "");
    free(m);
    free(longs);

    /* a hard text scores low */
    char *hard = doc("  - para:\n"
                     "      en: \"Pharmacological immunomodulation necessitates comprehensive interdisciplinary evaluation of hepatotoxicity.\"\n"
                     "      fr: \"L'immunomodulation pharmacologique nécessite une évaluation interdisciplinaire approfondie de l'hépatotoxicité.\"\n");
    CHECK(analyse(hard, LF_EN, &st, &m, 0) == 0);
    CHECK(st.score < 30 && strcmp(lf_readab_band(st.score), "very difficult") == 0);
    free(m);
    CHECK(analyse(hard, LF_FR, &st, &m, 0) == 0);
    CHECK(st.score < 50);
    free(m);
    free(hard);

    /* capitals: shouting is flagged, acronyms are not */
    char *caps = doc("  - heading: {en: \"DO NOT STOP\", fr: \"N'ARRÊTEZ PAS\"}\n"
                     "  - para:\n"
                     "      en: \"CAR T-cells and CTLA-4 inhibitors. Call us IMMEDIATELY.\"\n"
                     "      fr: \"Les cellules CAR-T et les anti-CTLA-4. Appelez-nous.\"\n");
    CHECK(analyse(caps, LF_EN, &st, &m, 0) == 2);
    CHECK(strstr(m, "t.yaml:5:20: warning: en: 3 words in capitals (\"DO NOT STOP\")") != NULL);
    CHECK(strstr(m, "1 word in capitals (\"IMMEDIATELY\")") != NULL);
    free(m);
    CHECK(analyse(caps, LF_FR, &st, &m, 0) == 1);
    CHECK(strstr(m, "fr: 2 words in capitals") != NULL);
    free(m);
    free(caps);

    /* italics: a three-word name is fine, a sentence is not */
    char *ital = doc("  - para:\n"
                     "      en: \"It is called CAR (*Chimeric Antigen Receptor*). *Always read the label before you take it.*\"\n"
                     "      fr: \"On l'appelle CAR (*Chimeric Antigen Receptor*).\"\n");
    CHECK(analyse(ital, LF_EN, &st, &m, 0) == 1);
    CHECK(strstr(m, "en: 8 words in italics") != NULL);
    free(m);
    CHECK(analyse(ital, LF_FR, &st, &m, 0) == 0);
    free(m);
    free(ital);

    /* review date: passed, not passed, absent */
    char *rev = lf_xasprintf("id: t\nlanguages: [en]\npublished: 2020-01-01\nreview: 2021-06-30\n"
                             "title: Test\nbody:\n  - para: Short text.\n");
    long long jul2021 = 1625097600LL;  /* 2021-07-01T00:00:00Z */
    long long jun2021 = 1625011200LL;  /* 2021-06-30T00:00:00Z: the review day itself */
    CHECK(analyse(rev, LF_EN, &st, &m, jul2021) == 1);
    CHECK(strstr(m, "t.yaml:4:9: warning: review date 2021-06-30 has passed (today is 2021-07-01)") != NULL);
    free(m);
    CHECK(analyse(rev, LF_EN, &st, &m, jun2021) == 0);
    free(m);
    free(rev);
    char *norev = lf_xasprintf("id: t\nlanguages: [en]\ntitle: Test\nbody:\n  - para: Short text.\n");
    CHECK(analyse(norev, LF_EN, &st, &m, jul2021) == 0);
    free(m);
    free(norev);

    return T_DONE("unit-readab");
}
