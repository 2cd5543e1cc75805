/* typo: French and English typography on rich text.
 *
 * The runs are read as one sequence of characters, each remembering its run;
 * the rules rewrite that sequence (a character inserted takes the run of the
 * character it belongs with), and the result is split back into the runs. So
 * context crosses run boundaries: "voir " + **": "** gives "voir" NBSP ":".
 * Characters of link runs (href != NULL) are never changed, removed or
 * inserted into; they only serve as context.
 *
 * French
 *   '            → ’ (always: French has no single quotes)
 *   "            → « when at the start, or after a space or ( [ { — – /;
 *                  otherwise » (a spaced closing quote, "un " mot " ici",
 *                  closes the open quotation)
 *   « and »      → NBSP after « and before » (typed or converted)
 *   ; ! ?        → NNBSP (U+202F) before
 *   :            → NBSP (U+00A0) before
 *   Spaces typed before the sign (U+0020, tab, newline; one or more, maybe in
 *   another run) are replaced by the one no-break space. When none was typed,
 *   one is inserted only if the sign follows a letter, a digit or a closing
 *   character ( ) ] } » ” ’ % ) and is followed by the end, a space, another
 *   sign, a closing character, a quote, "." or ",". So "10:30", "http://",
 *   "3:1", "a;b" and "?!" (the "!") stay glued. A no-break or thin space the author typed is
 *   kept as it is (never doubled). "..." is left alone.
 * English
 *   '            → ‘ when at the start or after a space, ( [ { “ — – / and
 *                  followed by a letter; otherwise ’ (apostrophe, closing;
 *                  so '90s → ’90s)
 *   "            → “ in the same opening places, otherwise ”
 * Already-correct text is unchanged, so applying twice is the same as once. */
#include "typo.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define NBSP 0x00A0u
#define NNBSP 0x202Fu

typedef struct tch {
    uint32_t cp;   /* the code point, or the byte when raw */
    size_t run;
    int raw;       /* an invalid UTF-8 byte, passed through */
} tch;

typedef struct tvec {
    tch *v;
    size_t n, cap;
} tvec;

static void tpush(tvec *t, uint32_t cp, size_t run, int raw)
{
    lf_xgrow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v);
    t->v[t->n++] = (tch){cp, run, raw};
}

static int is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Spaces that already keep the sign attached: NBSP, NNBSP, thin, hair. */
static int is_fixed_space(uint32_t c)
{
    return c == NBSP || c == NNBSP || c == 0x2009 || c == 0x200A || c == 0x2007;
}

static int is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
           (c >= 0x370 && c <= 0x3FF) || (c >= 0x400 && c <= 0x4FF);
}

static int is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static int is_closing(uint32_t c)
{
    return c == ')' || c == ']' || c == '}' || c == 0xBB /* » */ ||
           c == 0x201D /* ” */ || c == 0x2019 /* ’ */ || c == '%';
}

static int is_fr_sign(uint32_t c)
{
    return c == ';' || c == '!' || c == '?' || c == ':';
}

/* Where an opening quote belongs: c is the character before it (0: start). */
static int opens_after(uint32_t c)
{
    return c == 0 || is_space(c) || is_fixed_space(c) || c == '(' || c == '[' ||
           c == '{' || c == 0x2014 || c == 0x2013 || c == '/';
}

typedef struct typo {
    const lf_run *runs;
    const tch *in;
    size_t nin;
    tvec out;
    int open;      /* double quotes opened and not yet closed */
} typo;

static int in_link(const typo *t, size_t run)
{
    return t->runs[run].href != NULL;
}

static uint32_t last_out(const typo *t)
{
    if (!t->out.n)
        return 0;
    const tch *c = &t->out.v[t->out.n - 1];
    return c->raw ? 0xFFFD : c->cp;
}

static uint32_t in_at(const typo *t, size_t i)
{
    if (i >= t->nin)
        return 0;
    return t->in[i].raw ? 0xFFFD : t->in[i].cp;
}

/* Before a French sign (or ») at input i, in run `run`: make the space before
 * it the no-break space `sp`. `insert` says whether to add one when the author
 * typed none. */
static void space_before(typo *t, uint32_t sp, size_t run, int insert)
{
    size_t k = t->out.n;
    while (k > 0 && !t->out.v[k - 1].raw && is_space(t->out.v[k - 1].cp) &&
           !in_link(t, t->out.v[k - 1].run))
        k--;
    if (k < t->out.n) {
        /* Typed spaces: the first becomes the no-break space, unless a fixed
         * space already precedes them. */
        if (k > 0 && !t->out.v[k - 1].raw && is_fixed_space(t->out.v[k - 1].cp)) {
            t->out.n = k;
        } else {
            t->out.v[k].cp = sp;
            t->out.n = k + 1;
        }
        return;
    }
    uint32_t p = last_out(t);
    if (p == 0 || is_space(p) || is_fixed_space(p) || !insert)
        return;
    tpush(&t->out, sp, run, 0);
}

/* After « at input i (already emitted): the NBSP that follows it. Returns the
 * input index to continue from. */
static size_t space_after_open(typo *t, size_t i, size_t run)
{
    size_t j = i + 1;
    while (j < t->nin && !t->in[j].raw && is_space(t->in[j].cp) && !in_link(t, t->in[j].run))
        j++;
    if (j > i + 1) {
        uint32_t next = in_at(t, j);
        if (!is_fixed_space(next))
            tpush(&t->out, NBSP, t->in[i + 1].run, 0);
        return j;
    }
    uint32_t next = in_at(t, i + 1);
    if (next != 0 && !is_space(next) && !is_fixed_space(next))
        tpush(&t->out, NBSP, run, 0);
    return i + 1;
}

/* Does the straight double quote at input i open a quotation? After a space
 * it does, unless one is open and the quote is followed by a space, the end
 * or punctuation (the author spaced the closing quote: "un " mot " ici"). */
static int dq_opens(const typo *t, size_t i)
{
    if (!opens_after(last_out(t)))
        return 0;
    uint32_t n = in_at(t, i + 1);
    return !(t->open > 0 && (n == 0 || is_space(n) || is_fixed_space(n) || is_fr_sign(n) ||
                             n == '.' || n == ',' || is_closing(n)));
}

static int insert_ok(const typo *t, size_t i)
{
    uint32_t p = last_out(t), n = in_at(t, i + 1);
    int after_word = is_letter(p) || is_digit(p) || is_closing(p);
    int before_end = n == 0 || is_space(n) || is_fixed_space(n) || is_fr_sign(n) ||
                     is_closing(n) || n == '"' || n == '\'' || n == '.' || n == ',';
    return after_word && before_end;
}

static void rules_fr(typo *t)
{
    for (size_t i = 0; i < t->nin; i++) {
        const tch *c = &t->in[i];
        if (c->raw || in_link(t, c->run)) {
            tpush(&t->out, c->cp, c->run, c->raw);
            continue;
        }
        uint32_t cp = c->cp;
        if (cp == '\'') {
            tpush(&t->out, 0x2019, c->run, 0);
        } else if (cp == '"' || cp == 0xAB) {
            if (cp == 0xAB || dq_opens(t, i)) {
                t->open++;
                tpush(&t->out, 0xAB, c->run, 0);
                i = space_after_open(t, i, c->run) - 1;
            } else {
                t->open -= t->open > 0;
                space_before(t, NBSP, c->run, 1);
                tpush(&t->out, 0xBB, c->run, 0);
            }
        } else if (cp == 0xBB) {
            t->open -= t->open > 0;
            space_before(t, NBSP, c->run, 1);
            tpush(&t->out, cp, c->run, 0);
        } else if (is_fr_sign(cp)) {
            space_before(t, cp == ':' ? NBSP : NNBSP, c->run, insert_ok(t, i));
            tpush(&t->out, cp, c->run, 0);
        } else {
            tpush(&t->out, cp, c->run, 0);
        }
    }
}

static void rules_en(typo *t)
{
    for (size_t i = 0; i < t->nin; i++) {
        const tch *c = &t->in[i];
        if (c->raw || in_link(t, c->run)) {
            tpush(&t->out, c->cp, c->run, c->raw);
            continue;
        }
        uint32_t cp = c->cp, p = last_out(t);
        if (cp == '\'')
            cp = (opens_after(p) || p == 0x201C) && is_letter(in_at(t, i + 1)) ? 0x2018 : 0x2019;
        else if (cp == '"' && dq_opens(t, i))
            cp = 0x201C, t->open++;
        else if (cp == '"')
            cp = 0x201D, t->open -= t->open > 0;
        else if (cp == 0x201C)
            t->open++;
        else if (cp == 0x201D)
            t->open -= t->open > 0;
        tpush(&t->out, cp, c->run, 0);
    }
}

void lf_typo_apply(lf_rich *r, lf_lang lang)
{
    if (!r || r->n == 0 || (lang != LF_FR && lang != LF_EN))
        return;
    tvec in = {0};
    for (size_t k = 0; k < r->n; k++) {
        const char *s = r->runs[k].text ? r->runs[k].text : "";
        size_t len = strlen(s), i = 0;
        uint32_t cp;
        while (i < len) {
            if (lf_utf8_next(s, len, &i, &cp)) {
                tpush(&in, cp, k, 0);
            } else {
                tpush(&in, (unsigned char)s[i], k, 1);
                i++;
            }
        }
    }
    typo t = {.runs = r->runs, .in = in.v, .nin = in.n};
    if (lang == LF_FR)
        rules_fr(&t);
    else
        rules_en(&t);

    /* Split back: run indices in the output never decrease. */
    size_t j = 0;
    for (size_t k = 0; k < r->n; k++) {
        lf_buf b = {0};
        for (; j < t.out.n && t.out.v[j].run == k; j++) {
            if (t.out.v[j].raw)
                lf_buf_addc(&b, (char)t.out.v[j].cp);
            else
                lf_buf_add_utf8(&b, t.out.v[j].cp);
        }
        if (r->runs[k].href) {
            lf_buf_free(&b); /* links are untouched: keep the original */
            continue;
        }
        free(r->runs[k].text);
        r->runs[k].text = lf_buf_take(&b);
    }
    free(t.out.v);
    free(in.v);
}

char *lf_typo_string(const char *s, lf_lang lang)
{
    lf_run run = {.text = lf_xstrdup(s ? s : "")};
    lf_rich r = {.runs = &run, .n = 1};
    lf_typo_apply(&r, lang);
    return run.text;
}
