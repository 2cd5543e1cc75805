/* markup: inline markup of the content format → runs.
 *
 *   **bold**   *italic*   <https://…>  <mailto:…>   \*  \<  \\
 *
 * Two passes, in the manner of CommonMark's delimiter stack but stricter:
 *
 * 1. Tokenise into text, links and runs of `*`. A run can open when the next
 *    character exists and is not white space, and can close when the previous
 *    character exists and is not white space.
 * 2. Match runs left to right with a stack of openers. A closing run takes
 *    from the opener on top of the stack only (so bold and italic must nest);
 *    a match uses 2 stars (bold) when both sides have 2 left, else 1 (italic).
 *    A `*` never closes a `**` or the reverse (`**bold*` is an error) unless one
 *    side is a longer run such as `***` that can be split.
 *    Openers consume stars from their end, closers from their start, so the
 *    stars left over in a run are contiguous: that is where an error points.
 *
 * Backslash: `\*`, `\<` and `\\` give the character itself; a backslash
 * before anything else (or at the end) is kept as a literal backslash, since
 * nothing else is markup. A `>` alone is plain text. Links: `<https://…>` or
 * `<mailto:…>`, no white space inside; the text printed is the target
 * (without "mailto:"); the link keeps the bold/italic style around it.
 *
 * Every step is linear in the input (the opener stack is only ever looked at
 * on top), so any input is parsed in bounded time. */
#include "markup.h"

#include <stdlib.h>
#include <string.h>

/*** Positions ***/

/* The position of s[i]: either from the caller's map or by counting. */
typedef struct cursor {
    const char *s;
    size_t len, i;
    const lf_pos *map; /* NULL: count from `cur` */
    lf_pos cur;        /* position of s[i] */
} cursor;

/* Move to byte `to` (> c->i, at a code-point start or len). */
static void cur_advance(cursor *c, size_t to)
{
    while (c->i < to) {
        size_t j = c->i;
        uint32_t cp;
        if (!lf_utf8_next(c->s, c->len, &j, &cp)) {
            cp = (unsigned char)c->s[j];
            j++;
        }
        if (!c->map) {
            if (cp == '\n') {
                c->cur.line++;
                c->cur.col = 1;
            } else {
                c->cur.col++;
            }
        }
        c->i = j;
    }
    if (c->map && c->i < c->len)
        c->cur = c->map[c->i];
}

/* Position of the star k bytes (= k columns) after the run at `at`. */
static lf_pos star_pos(const cursor *c, size_t off, lf_pos at, size_t k)
{
    if (c->map)
        return c->map[off + k];
    at.col += (int)k;
    return at;
}

/*** Tokens ***/

enum { TK_TEXT, TK_LINK, TK_STARS };

typedef struct token {
    int kind;
    lf_pos pos;
    char *text, *href; /* TEXT, LINK (owned until moved into a run) */
    /* STARS */
    size_t off;        /* byte offset of the first star */
    int n, lo, hi;     /* run length; stars left are [lo, hi) */
    int can_open, can_close, pushed;
    int open_b, open_i, close_b, close_i;
} token;

typedef struct tokens {
    token *v;
    size_t n, cap;
} tokens;

static token *tok_new(tokens *t, int kind, lf_pos pos)
{
    lf_xgrow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v);
    token *k = &t->v[t->n++];
    memset(k, 0, sizeof *k);
    k->kind = kind;
    k->pos = pos;
    return k;
}

static void toks_free(tokens *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].text);
        free(t->v[i].href);
    }
    free(t->v);
}

static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
           cp == 0x2009 || cp == 0x202F || cp == 0x2007 || cp == 0x3000 ||
           cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

/* The code point before s[i] (0 at the start). */
static uint32_t cp_before(const char *s, size_t len, size_t i)
{
    if (i == 0)
        return 0;
    size_t j = i - 1;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80 && i - j < 4)
        j--;
    uint32_t cp;
    size_t k = j;
    if (!lf_utf8_next(s, len, &k, &cp))
        return (unsigned char)s[i - 1];
    return cp;
}

static uint32_t cp_at(const char *s, size_t len, size_t i)
{
    uint32_t cp;
    if (i >= len)
        return 0;
    if (!lf_utf8_next(s, len, &i, &cp))
        return (unsigned char)s[i];
    return cp;
}

/* A link starts at s[i] == '<'. Returns the index just after `>` and fills
 * the token, or returns 0 after reporting why it is not a link. */
static size_t scan_link(const char *s, size_t len, size_t i, lf_pos pos, tokens *t,
                        lf_diags *d)
{
    size_t j = i + 1, end = j;
    while (end < len && s[end] != '>' && s[end] != '<' && !is_space(cp_at(s, len, end)) &&
           (unsigned char)s[end] >= 0x20)
        end++;
    size_t tlen = end - j;
    const char *tgt = s + j;
    size_t skip;
    if (tlen >= 8 && memcmp(tgt, "https://", 8) == 0)
        skip = 8;
    else if (tlen >= 7 && memcmp(tgt, "mailto:", 7) == 0)
        skip = 7;
    else {
        /* A scheme-like prefix (http:, ftp:, file:) or something else? */
        size_t k = 0;
        while (k < tlen && ((tgt[k] >= 'a' && tgt[k] <= 'z') || (tgt[k] >= 'A' && tgt[k] <= 'Z') ||
                            (k > 0 && ((tgt[k] >= '0' && tgt[k] <= '9') || tgt[k] == '+' ||
                                       tgt[k] == '-' || tgt[k] == '.'))))
            k++;
        if (k > 0 && k < tlen && tgt[k] == ':' && k <= 32)
            lf_error(d, pos, "link scheme `%.*s:` is not allowed: use `<https://…>` or `<mailto:…>`",
                     (int)k, tgt);
        else {
            lf_error(d, pos, "`<` does not start a link (`<https://…>` or `<mailto:…>`)");
            lf_note(d, pos, "write `\\<` for a literal `<`");
        }
        return 0;
    }
    if (end >= len || s[end] != '>') {
        lf_error(d, pos, "unclosed link: `>` expected before %s",
                 end >= len ? "the end of the text" : "white space or `<`");
        return 0;
    }
    if (tlen == skip) {
        lf_error(d, pos, "link has no address");
        return 0;
    }
    token *k = tok_new(t, TK_LINK, pos);
    k->href = lf_xstrndup(tgt, tlen);
    if (skip == 7)
        k->text = lf_xstrndup(tgt + 7, tlen - 7);
    else
        k->text = lf_xstrndup(tgt, tlen);
    return end + 1;
}

/* Pass 1. Returns the number of errors reported. */
static int tokenize(cursor *c, tokens *t, lf_diags *d)
{
    const char *s = c->s;
    size_t len = c->len;
    int errors = 0;
    lf_buf text = {0};
    lf_pos text_pos = {0};

#define FLUSH_TEXT()                                                   \
    do {                                                               \
        if (text.len) {                                            \
            token *k_ = tok_new(t, TK_TEXT, text_pos);             \
            k_->text = lf_buf_take(&text);                         \
        }                                                          \
    } while (0)

    while (c->i < len) {
        size_t i = c->i;
        char ch = s[i];
        if (ch == '*') {
            FLUSH_TEXT();
            size_t j = i;
            while (j < len && s[j] == '*')
                j++;
            token *k = tok_new(t, TK_STARS, c->cur);
            k->off = i;
            k->n = (int)(j - i > 1000000 ? 1000000 : j - i);
            k->lo = 0;
            k->hi = k->n;
            uint32_t prev = cp_before(s, len, i), next = cp_at(s, len, j);
            k->can_open = j < len && !is_space(next);
            k->can_close = i > 0 && !is_space(prev);
            cur_advance(c, j);
            continue;
        }
        if (ch == '<') {
            size_t after = scan_link(s, len, i, c->cur, t, d);
            if (after) {
                /* the link token was appended after pending text: fix order */
                if (text.len) {
                    token link = t->v[t->n - 1];
                    t->n--;
                    FLUSH_TEXT();
                    lf_xgrow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v);
                    t->v[t->n++] = link;
                }
                cur_advance(c, after);
                continue;
            }
            errors++;
            /* fall through: keep `<` as text and go on */
        }
        if (!text.len)
            text_pos = c->cur;
        if (ch == '\\' && i + 1 < len && (s[i + 1] == '*' || s[i + 1] == '<' || s[i + 1] == '\\')) {
            lf_buf_addc(&text, s[i + 1]);
            cur_advance(c, i + 2);
            continue;
        }
        size_t j = i;
        uint32_t cp;
        if (!lf_utf8_next(s, len, &j, &cp))
            j = i + 1; /* not expected: the loader checked UTF-8 */
        lf_buf_add(&text, s + i, j - i);
        cur_advance(c, j);
    }
    FLUSH_TEXT();
#undef FLUSH_TEXT
    lf_buf_free(&text);
    return errors;
}

/*** Matching ***/

static const char *star_label(int n)
{
    return n == 1 ? " (italic)" : n == 2 ? " (bold)" : n == 3 ? " (bold italic)" : "";
}

static int match(cursor *c, tokens *t, lf_diags *d)
{
    size_t *stack = NULL, sn = 0, scap = 0;
    for (size_t i = 0; i < t->n; i++) {
        token *k = &t->v[i];
        if (k->kind != TK_STARS)
            continue;
        if (k->can_close) {
            while (k->lo < k->hi && sn) {
                token *o = &t->v[stack[sn - 1]];
                int orem = o->hi - o->lo, crem = k->hi - k->lo;
                /* `*` and `**` only pair with their own kind; longer runs split */
                if (o->n <= 2 && k->n <= 2 && o->n != k->n)
                    break;
                int use = orem >= 2 && crem >= 2 ? 2 : 1;
                if (use == 2) {
                    o->open_b++;
                    k->close_b++;
                } else {
                    o->open_i++;
                    k->close_i++;
                }
                o->hi -= use;
                k->lo += use;
                if (o->lo == o->hi)
                    sn--;
            }
        }
        if (k->can_open && k->lo < k->hi) {
            lf_xgrow((void **)&stack, &scap, sn + 1, sizeof *stack);
            stack[sn++] = i;
            k->pushed = 1;
        }
    }
    free(stack);

    int errors = 0;
    for (size_t i = 0; i < t->n; i++) {
        token *k = &t->v[i];
        if (k->kind != TK_STARS || k->lo == k->hi)
            continue;
        int left = k->hi - k->lo;
        lf_pos p = star_pos(c, k->off, k->pos, (size_t)k->lo);
        int shown = left > 8 ? 8 : left;
        if (k->pushed)
            lf_error(d, p, "unclosed `%.*s`%s", shown, "********", star_label(left));
        else if (k->can_close)
            lf_error(d, p, "unmatched closing `%.*s`%s", shown, "********", star_label(left));
        else
            lf_error(d, p, "lone `%.*s` (write `\\*` for a literal asterisk)", shown, "********");
        errors++;
    }
    return errors;
}

/*** Runs ***/

static void add_run(lf_rich *out, size_t *cap, token *k, unsigned style)
{
    if (!k->text || !k->text[0])
        return;
    if (out->n && !k->href) {
        lf_run *last = &out->runs[out->n - 1];
        if (!last->href && last->style == style) {
            size_t a = strlen(last->text), b = strlen(k->text);
            last->text = lf_xrealloc(last->text, a + b + 1);
            memcpy(last->text + a, k->text, b + 1);
            return;
        }
    }
    lf_xgrow((void **)&out->runs, cap, out->n + 1, sizeof *out->runs);
    lf_run *r = &out->runs[out->n++];
    r->text = k->text;
    r->href = k->href;
    r->style = style;
    r->pos = k->pos;
    k->text = k->href = NULL;
}

static int markup_parse(const char *s, size_t len, lf_pos start, const lf_pos *map, lf_rich *out,
                        lf_diags *d)
{
    out->runs = NULL;
    out->n = 0;
    cursor c = {s, len, 0, map, start};
    if (map && len)
        c.cur = map[0];
    tokens t = {0};
    int errors = tokenize(&c, &t, d);
    errors += match(&c, &t, d);
    if (errors) {
        toks_free(&t);
        return -1;
    }
    size_t cap = 0;
    int bold = 0, ital = 0;
    for (size_t i = 0; i < t.n; i++) {
        token *k = &t.v[i];
        if (k->kind == TK_STARS) {
            bold += k->open_b - k->close_b;
            ital += k->open_i - k->close_i;
            continue;
        }
        add_run(out, &cap, k, (bold > 0 ? LF_BOLD : 0u) | (ital > 0 ? LF_ITALIC : 0u));
    }
    toks_free(&t);
    return 0;
}

int lf_markup_parse(const char *s, size_t len, lf_pos start, lf_rich *out, lf_diags *d)
{
    return markup_parse(s, len, start, NULL, out, d);
}

int lf_markup_parse_mapped(const char *s, size_t len, const lf_pos *map, lf_rich *out,
                           lf_diags *d)
{
    lf_pos none = {0};
    return markup_parse(s, len, none, map, out, d);
}
