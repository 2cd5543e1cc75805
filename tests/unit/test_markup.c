/* Unit tests for markup.c: inline markup → runs, and its errors.
 *
 * Decisions tested here:
 *  - a backslash before anything but `*`, `<`, `\` is kept literally
 *    (`C:\dossier` stays as written; nothing else is markup);
 *  - `*` and `**` pair with their own kind only; `***` splits;
 *  - a link prints its target (mailto: without the scheme) and keeps the style
 *    around it. */
#include <stdlib.h>
#include <string.h>

#include "markup.h"
#include "t.h"

/* Runs as text: "plain|b:bold|i:ital|bi:both|@https://x:text|"; or the
 * diagnostics, one per line, when the parse fails. */
static char *dump(const char *s)
{
    lf_diags d = {0};
    lf_rich r = {0};
    lf_pos start = {"t.yaml", 3, 5};
    lf_buf b = {0};
    int rc = lf_markup_parse(s, strlen(s), start, &r, &d);
    if (rc == 0) {
        for (size_t i = 0; i < r.n; i++) {
            const lf_run *u = &r.runs[i];
            if (u->style & LF_BOLD)
                lf_buf_addc(&b, 'b');
            if (u->style & LF_ITALIC)
                lf_buf_addc(&b, 'i');
            if (u->href)
                lf_buf_printf(&b, "@%s", u->href);
            if (u->style || u->href)
                lf_buf_addc(&b, ':');
            lf_buf_printf(&b, "%s|", u->text);
        }
        if (d.n)
            lf_buf_adds(&b, "(diagnostics on success!)");
    } else {
        if (r.n || r.runs)
            lf_buf_adds(&b, "(runs on failure!)");
        for (size_t i = 0; i < d.n; i++) {
            char *f = lf_diag_format(&d.v[i]);
            lf_buf_printf(&b, "%s%s", i ? "\n" : "", f);
            free(f);
        }
    }
    lf_rich_free(&r);
    lf_diags_free(&d);
    return lf_buf_take(&b);
}

#define T(in, want)                  \
    do {                             \
        char *got_ = dump(in);       \
        CHECK_STR(got_, want);       \
        free(got_);                  \
    } while (0)

static void test_positions(void)
{
    /* run positions: each run starts where its first character is */
    lf_diags d = {0};
    lf_rich r = {0};
    lf_pos start = {"t.yaml", 2, 10};
    const char *s = "ab **cd**\né *f*";
    CHECK(lf_markup_parse(s, strlen(s), start, &r, &d) == 0);
    CHECK(r.n == 4);
    if (r.n == 4) {
        CHECK(r.runs[0].pos.line == 2 && r.runs[0].pos.col == 10);
        CHECK(r.runs[1].pos.line == 2 && r.runs[1].pos.col == 15); /* "cd" */
        CHECK(r.runs[2].pos.line == 2 && r.runs[2].pos.col == 19); /* the "\n" */
        CHECK_STR(r.runs[2].text, "\n\xc3\xa9 ");
        CHECK(r.runs[3].pos.line == 3 && r.runs[3].pos.col == 4);  /* "f" */
        CHECK(r.runs[3].style == LF_ITALIC);
    }
    lf_rich_free(&r);
    lf_diags_free(&d);

    /* mapped positions */
    lf_pos map[5] = {{"m", 7, 1}, {"m", 7, 2}, {"m", 8, 4}, {"m", 8, 5}, {"m", 8, 6}};
    CHECK(lf_markup_parse_mapped("a b**", 5, map, &r, &d) == -1);
    CHECK(d.n == 1);
    if (d.n == 1) {
        char *f = lf_diag_format(&d.v[0]);
        CHECK_STR(f, "m:8:5: error: unmatched closing `**` (bold)");
        free(f);
    }
    lf_rich_free(&r);
    lf_diags_free(&d);
}

int main(void)
{
    /* plain */
    T("", "");
    T("Bonjour", "Bonjour|");
    T("a > b", "a > b|");
    T("CTLA-4 2+2=4 _x_", "CTLA-4 2+2=4 _x_|");

    /* bold, italic, nesting */
    T("**gras**", "b:gras|");
    T("un *mot* ici", "un |i:mot| ici|");
    T("a **b** c", "a |b:b| c|");
    T("***both***", "bi:both|");
    T("**bold *and italic***", "b:bold |bi:and italic|");
    T("*italic **and bold***", "i:italic |bi:and bold|");
    T("**bold *it* bold**", "b:bold |bi:it|b: bold|");
    T("***bi* b**", "bi:bi|b: b|");
    T("***bi** i*", "bi:bi|i: i|");
    T("mi**lieu**x", "mi|b:lieu|x|");
    T("(*voir*)", "(|i:voir|)|");
    T("**a:** b", "b:a:| b|");
    T("**a** **b**", "b:a| |b:b|");   /* not merged across a plain run */
    T("**a****b**", "b:ab|");          /* adjacent runs of one style merge */
    T("*é*", "i:\xc3\xa9|");

    /* links */
    T("<https://example.org/a?b=c>", "@https://example.org/a?b=c:https://example.org/a?b=c|");
    T("Écrire à <mailto:info@ex.fr>.", "Écrire à |@mailto:info@ex.fr:info@ex.fr|.|");
    T("**<https://x.fr>**", "b@https://x.fr:https://x.fr|");
    T("<https://a.fr/*x*>", "@https://a.fr/*x*:https://a.fr/*x*|"); /* no markup inside */

    /* escapes */
    T("\\*pas italique\\*", "*pas italique*|");
    T("\\<pas un lien>", "<pas un lien>|");
    T("a\\\\b", "a\\b|");
    T("\\\\*i*", "\\|i:i|");
    T("C:\\dossier\\n", "C:\\dossier\\n|"); /* other backslashes are literal */
    T("fin\\", "fin\\|");
    T("2 \\* 3", "2 * 3|");

    /* errors: the position of the marker (start is 3:5) */
    T("**gras", "t.yaml:3:5: error: unclosed `**` (bold)");
    T("un *mot", "t.yaml:3:8: error: unclosed `*` (italic)");
    T("a **b*", "t.yaml:3:7: error: unclosed `**` (bold)\n"
                "t.yaml:3:10: error: unmatched closing `*` (italic)");
    T("mot** suite", "t.yaml:3:8: error: unmatched closing `**` (bold)");
    T("2 * 3", "t.yaml:3:7: error: lone `*` (write `\\*` for a literal asterisk)");
    T("***a**", "t.yaml:3:5: error: unclosed `*` (italic)");
    T("*a **b* c**", "t.yaml:3:5: error: unclosed `*` (italic)\n"
                     "t.yaml:3:11: error: unmatched closing `*` (italic)");
    T("x\n **y", "t.yaml:4:2: error: unclosed `**` (bold)");
    T("é *y", "t.yaml:3:7: error: unclosed `*` (italic)"); /* columns count characters */
    T("< 38 °C", "t.yaml:3:5: error: `<` does not start a link (`<https://…>` or `<mailto:…>`)\n"
                 "t.yaml:3:5: note: write `\\<` for a literal `<`");
    T("voir <http://x.fr>", "t.yaml:3:10: error: link scheme `http:` is not allowed: use "
                            "`<https://…>` or `<mailto:…>`");
    T("<https://x.fr", "t.yaml:3:5: error: unclosed link: `>` expected before the end of the text");
    T("<https://x.fr y>", "t.yaml:3:5: error: unclosed link: `>` expected before white space or `<`");
    T("<mailto:>", "t.yaml:3:5: error: link has no address");
    T("<a> et **b", "t.yaml:3:5: error: `<` does not start a link (`<https://…>` or `<mailto:…>`)\n"
                    "t.yaml:3:5: note: write `\\<` for a literal `<`\n"
                    "t.yaml:3:12: error: unclosed `**` (bold)");

    test_positions();

    /* bounded time on pathological input */
    size_t n = 200000;
    char *big = malloc(n * 2 + 1);
    for (size_t i = 0; i < n; i++) {
        big[2 * i] = 'a';
        big[2 * i + 1] = (i % 3) ? '*' : ' ';
    }
    big[2 * n] = 0;
    lf_diags d = {0};
    lf_rich r = {0};
    lf_pos p = {"big", 1, 1};
    lf_markup_parse(big, 2 * n, p, &r, &d);
    CHECK(d.nerrors > 0 || r.n > 0);
    lf_rich_free(&r);
    lf_diags_free(&d);
    memset(big, '*', 2 * n);
    CHECK(lf_markup_parse(big, 2 * n, p, &r, &d) == -1);
    lf_diags_free(&d);
    free(big);

    return T_DONE("test_markup");
}
