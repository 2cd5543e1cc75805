/* test_hyph: hyphenation points from the Debian patterns (hyphen-fr,
 * hyphen-en-us), byte offsets, limits, and where patterns are looked for. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hyph.h"
#include "t.h"
#include "util.h"

/* libhyphen 2.8.8 loses ~130 bytes inside hnj_hyphen_load for hyph_fr.dic
 * (its own bug, once per load): not ours to report. */
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

/* The word with "-" at each point, e.g. "im-mu-no". */
static char *show(lf_hyph *h, const char *w)
{
    size_t pos[64];
    size_t n = lf_hyph_points(h, w, strlen(w), pos, 64);
    lf_buf b = {0};
    size_t last = 0;
    for (size_t i = 0; i < n; i++) {
        lf_buf_add(&b, w + last, pos[i] - last);
        lf_buf_addc(&b, '-');
        last = pos[i];
    }
    lf_buf_adds(&b, w + last);
    return lf_buf_take(&b);
}

static void check(lf_hyph *h, const char *w, const char *want, int line)
{
    char *got = show(h, w);
    if (strcmp(got, want) == 0) {
        t_ok++;
    } else {
        t_bad++;
        fprintf(stderr, "%s:%d: hyphenate(\"%s\")\n  got:      \"%s\"\n  expected: \"%s\"\n",
                __FILE__, line, w, got, want);
    }
    free(got);
}
#define HY(h, w, want) check(h, w, want, __LINE__)

/* Every point is between characters, ascending, 2 characters before, 3 after. */
static int limits_ok(lf_hyph *h, const char *w)
{
    size_t pos[64], len = strlen(w);
    size_t n = lf_hyph_points(h, w, len, pos, 64);
    size_t total = lf_utf8_count(w, len);
    for (size_t i = 0; i < n; i++) {
        if (pos[i] == 0 || pos[i] >= len || (i && pos[i] <= pos[i - 1]))
            return 0;
        if (((unsigned char)w[pos[i]] & 0xC0) == 0x80)
            return 0;
        size_t before = lf_utf8_count(w, pos[i]);
        if (before < 2 || total - before < 3)
            return 0;
    }
    return 1;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_dirs(void)
{
    char dir[] = "/tmp/test_hyph.XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    char *fr = lf_xasprintf("%s/hyph_fr.dic", dir);
    char *en = lf_xasprintf("%s/hyph_en_US.dic", dir);
    /* Our own French patterns: a break between "a" and "b" only. */
    write_file(fr, "UTF-8\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\na1b\n");
    /* Not UTF-8: skipped, the system's English patterns are used. */
    write_file(en, "ISO8859-1\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 3\nh1y\n");
    lf_diags d = {0};
    lf_hyph *h = lf_hyph_open(LF_FR, dir, &d);
    CHECK(h != NULL);
    /* "aab|baab|b": the point after 6 leaves 2 characters: dropped. */
    HY(h, "aabbaabb", "aa-bbaabb");
    HY(h, "immunothérapie", "immunothérapie");
    lf_hyph_close(h);
    h = lf_hyph_open(LF_EN, dir, &d);
    CHECK(h != NULL);
    HY(h, "hyphenation", "hy-phen-ation");
    lf_hyph_close(h);
    CHECK(d.nerrors == 0);

    /* LEAFLET_HYPHEN_DIR is used when no folder is given. */
    setenv("LEAFLET_HYPHEN_DIR", dir, 1);
    h = lf_hyph_open(LF_FR, NULL, &d);
    HY(h, "aabbaabb", "aa-bbaabb");
    lf_hyph_close(h);
    unsetenv("LEAFLET_HYPHEN_DIR");

    remove(fr);
    remove(en);
    rmdir(dir);
    free(fr);
    free(en);

    /* Nothing for an unknown language: an error without position. */
    h = lf_hyph_open((lf_lang)LF_NLANG, "/nonexistent", &d);
    CHECK(h == NULL);
    CHECK(d.nerrors == 1);
    CHECK(d.n == 1 && d.v[0].pos.file == NULL && d.v[0].pos.line == 0);
    CHECK(d.n == 1 && strstr(d.v[0].msg, "no hyphenation patterns for") != NULL);
    CHECK(d.n == 1 && strstr(d.v[0].msg, "looked in /nonexistent, ") != NULL);
    lf_diags_free(&d);
}

int main(void)
{
    lf_diags d = {0};
    lf_hyph *fr = lf_hyph_open(LF_FR, NULL, &d);
    lf_hyph *en = lf_hyph_open(LF_EN, NULL, &d);
    CHECK(fr != NULL && en != NULL && d.nerrors == 0);
    if (!fr || !en) {
        lf_diags_print(&d, stderr, 0);
        return T_DONE("test_hyph");
    }

    /* French, accented: byte offsets land between characters. */
    HY(fr, "immunothérapie", "im-mu-no-thé-ra-pie");
    size_t pos[16];
    const char *w = "immunothérapie";
    size_t n = lf_hyph_points(fr, w, strlen(w), pos, 16);
    CHECK(n == 5 && pos[0] == 2 && pos[3] == 10 && pos[4] == 12);
    HY(fr, "médicament", "mé-di-ca-ment");
    HY(fr, "chimiothérapie", "chi-mio-thé-ra-pie");
    HY(fr, "hôpital", "hô-pi-tal");
    HY(fr, "traitement", "trai-te-ment");
    HY(fr, "inflammatoire", "in-flam-ma-toire");
    /* Capitals are lowercased for matching; offsets are the original's. */
    HY(fr, "Immunothérapie", "Im-mu-no-thé-ra-pie");
    HY(fr, "IMMUNOTHÉRAPIE", "IM-MU-NO-THÉ-RA-PIE");
    HY(fr, "Œsophage", "Œso-phage");
    /* At most 3 characters after the last point, 2 before the first. */
    HY(fr, "effets", "ef-fets");
    HY(fr, "ÉLÉMENT", "ÉLÉ-MENT");

    /* English. */
    HY(en, "hyphenation", "hy-phen-ation");
    HY(en, "Hyphenation", "Hy-phen-ation");
    HY(en, "treatment", "treat-ment");
    HY(en, "medication", "med-i-ca-tion");
    HY(en, "inflammation", "in-flam-ma-tion");

    /* Short words, digits, punctuation, unknown case, bad UTF-8: none. */
    HY(fr, "chat", "chat");
    HY(en, "cell", "cell");
    HY(fr, "covid19", "covid19");
    HY(fr, "l\xE2\x80\x99" "immunothérapie", "l\xE2\x80\x99" "immunothérapie");
    HY(fr, "anti-inflammatoire", "anti-inflammatoire");
    HY(en, "\xCE\xB1\xCE\xB2\xCE\xB3\xCE\xB4\xCE\xB5\xCE\xB6", "\xCE\xB1\xCE\xB2\xCE\xB3\xCE\xB4\xCE\xB5\xCE\xB6");
    HY(fr, "th\xC3" "rapie", "th\xC3" "rapie");
    CHECK(lf_hyph_points(fr, "", 0, pos, 16) == 0);
    CHECK(lf_hyph_points(NULL, "hyphenation", 11, pos, 16) == 0);

    /* `max` is respected. */
    CHECK(lf_hyph_points(fr, w, strlen(w), pos, 2) == 2 && pos[1] == 4);

    /* Limits hold over a word list. */
    const char *words[] = {"ordonnance", "infirmière", "pharmacien", "rendez", "lymphocytes",
                           "fatigue", "nausées", "diarrhée", "consultation", "ÉVÉNEMENTS",
                           "checkpoints", "appointment", "unfortunately", "physician"};
    int ok = 1;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        ok &= limits_ok(fr, words[i]) && limits_ok(en, words[i]);
    CHECK(ok);

    lf_hyph_close(fr);
    lf_hyph_close(en);
    lf_hyph_close(NULL);
    lf_diags_free(&d);

    test_dirs();
    return T_DONE("test_hyph");
}
