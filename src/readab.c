/* readab: words, sentences, syllables, reading ease; warnings for long
 * sentences, capitals, long italics and a passed review date. */
#include "readab.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- characters ----------------------------------------------------------- */

/* Lowercase of a Latin letter (ASCII, Latin-1, œ/Œ, Ÿ), else 0. */
static uint32_t lower_of(uint32_t c)
{
    if (c >= 'a' && c <= 'z')
        return c;
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0xDF && c <= 0xFF && c != 0xF7)
        return c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c == 0x152 || c == 0x153)
        return 0x153;
    if (c == 0x178)
        return 0xFF;
    if (c >= 0x100 && c <= 0x24F)
        return c; /* other Latin Extended letters: a letter, case unknown here */
    return 0;
}

static int is_upper(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) || c == 0x152 ||
           c == 0x178;
}

static int is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static int is_wordch(uint32_t c) { return lower_of(c) || is_digit(c); }
/* Inside a word when between two word characters: apostrophes and hyphens
 * (l’immunothérapie, est-ce, CAR-T), and the dots of e.g. or 3.5. */
static int is_joiner(uint32_t c) { return c == '\'' || c == 0x2019 || c == '-' || c == 0x2011 || c == '.'; }
static int is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x202F ||
           c == 0x2009;
}
static int is_stop(uint32_t c) { return c == '.' || c == '!' || c == '?' || c == 0x2026; }
/* May stand between a sentence's final stop and the space after it. */
static int is_closer(uint32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x2019 || c == 0x201D ||
           c == 0xBB || c == 0x203A || is_stop(c);
}

/* ---- syllables -------------------------------------------------------------- */

static int is_vowel(uint32_t c, lf_lang lang)
{
    (void)lang;
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
        return 1;
    case 0xE0: case 0xE2: case 0xE4: case 0xE6: case 0xE8: case 0xE9: case 0xEA: case 0xEB:
    case 0xEE: case 0xEF: case 0xF4: case 0xF6: case 0xF9: case 0xFB: case 0xFC: case 0xFF:
    case 0x153:
        return 1;
    default:
        return 0;
    }
}

int lf_readab_syllables(const char *w, size_t len, lf_lang lang)
{
    uint32_t v[128];
    size_t n = 0, i = 0, digits = 0;
    uint32_t c;
    while (i < len && lf_utf8_next(w, len, &i, &c)) {
        if (is_digit(c))
            digits++;
        uint32_t l = lower_of(c);
        if (l && n < sizeof v / sizeof *v)
            v[n++] = l;
    }
    if (n == 0)
        return digits ? (int)(digits < 4 ? digits : 4) : 0;
    /* drop the silent ending, then count vowel groups */
    size_t end = n;
    int groups_before_end = 0;
    if (lang == LF_EN) {
        if (n > 3 && v[n - 1] == 's' && v[n - 2] == 'e') {
            uint32_t p = v[n - 3];
            int sounded = p == 's' || p == 'x' || p == 'z' || p == 'c' || p == 'g' ||
                          (p == 'h' && n > 4 && (v[n - 4] == 'c' || v[n - 4] == 's'));
            if (!sounded && !is_vowel(p, lang))
                end = n - 2;
        } else if (n > 3 && v[n - 1] == 'd' && v[n - 2] == 'e') {
            uint32_t p = v[n - 3];
            if (p != 't' && p != 'd' && !is_vowel(p, lang))
                end = n - 2;
        } else if (n > 2 && v[n - 1] == 'e') {
            uint32_t p = v[n - 2];
            /* -le after a consonant is sounded (ta-ble); -ee, -ye are vowels */
            int sounded = (p == 'l' && n > 3 && !is_vowel(v[n - 3], lang)) || is_vowel(p, lang);
            if (!sounded)
                end = n - 1;
        }
    } else {
        /* silent final -e, -es after a consonant or é (i-dée, ar-mées) */
        if (n > 2 && v[n - 1] == 'e' && (!is_vowel(v[n - 2], lang) || v[n - 2] == 0xE9))
            end = n - 1;
        else if (n > 3 && v[n - 1] == 's' && v[n - 2] == 'e' &&
                 (!is_vowel(v[n - 3], lang) || v[n - 3] == 0xE9))
            end = n - 2;
    }
    int groups = 0, in = 0;
    for (size_t k = 0; k < end; k++) {
        uint32_t ch = v[k];
        /* English: y at the start of a word is a consonant (yes, your) */
        int vow = is_vowel(ch, lang) && !(lang == LF_EN && ch == 'y' && k == 0);
        /* French: é or è ends a vowel group (ré-a-li-té, cré-er) */
        if (vow && in && lang == LF_FR && k > 0 && (v[k - 1] == 0xE9 || v[k - 1] == 0xE8))
            in = 0;
        if (vow && !in)
            groups++;
        in = vow;
    }
    groups_before_end = groups;
    if (groups_before_end == 0) {
        /* the whole word was the "silent" ending (the, le, des): count it */
        in = 0;
        for (size_t k = 0; k < n; k++) {
            int vow = is_vowel(v[k], lang);
            if (vow && !in)
                groups++;
            in = vow;
        }
    }
    return groups > 0 ? groups : 1;
}

/* ---- words and sentences ------------------------------------------------------ */

/* Abbreviations that end in a dot. Titles never end a sentence (Dr. Martin);
 * the others end one only before a capital (e.g. the…; …, etc. Then…). */
static const char *const title_en[] = {"dr", "mr", "mrs", "ms", "prof", "st", NULL};
static const char *const title_fr[] = {"m", "mme", "mlle", "dr", "pr", "me", NULL};
static const char *const abbrev_en[] = {"e.g", "i.e", "etc", "vs", "cf", "approx", "fig", NULL};
static const char *const abbrev_fr[] = {"cf", "etc", "ex", "p", "env", "fig", "vol", "c.-à-d", NULL};

static int in_list(const char *w, size_t len, const char *const *list)
{
    char low[16];
    if (len >= sizeof low)
        return 0;
    for (size_t i = 0; i < len; i++)
        low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
    low[len] = '\0';
    for (; *list; list++)
        if (strcmp(low, *list) == 0)
            return 1;
    return 0;
}

/* 0: not an abbreviation; 1: one that ends a sentence only before a capital;
 * 2: one that never does (a title, an initial). */
static int abbrev_kind(const char *w, size_t len, lf_lang lang)
{
    if (lf_utf8_count(w, len) == 1)
        return 2;
    if (in_list(w, len, lang == LF_FR ? title_fr : title_en))
        return 2;
    return in_list(w, len, lang == LF_FR ? abbrev_fr : abbrev_en);
}

/* One word of a text: byte range. */
typedef struct word {
    size_t a, b;
} word;

/* A sentence: its words [w0, w1). */
typedef struct sentence {
    size_t w0, w1;
} sentence;

typedef struct scan {
    word *w;
    size_t nw, capw;
    sentence *s;
    size_t ns, caps;
} scan;

static void scan_free(scan *sc)
{
    free(sc->w);
    free(sc->s);
}

/* Split s into words and sentences. */
static void scan_text(const char *s, size_t len, lf_lang lang, scan *sc)
{
    memset(sc, 0, sizeof *sc);
    size_t i = 0, w0 = 0;
    uint32_t c;
    while (i < len) {
        size_t at = i;
        if (!lf_utf8_next(s, len, &i, &c))
            break;
        if (is_wordch(c)) {
            /* a word: word characters, with joiners between them */
            size_t e = i;
            for (;;) {
                size_t j = e;
                uint32_t d;
                if (j >= len || !lf_utf8_next(s, len, &j, &d))
                    break;
                if (is_wordch(d)) {
                    e = j;
                    continue;
                }
                size_t k = j;
                uint32_t f;
                if (is_joiner(d) && k < len && lf_utf8_next(s, len, &k, &f) && is_wordch(f)) {
                    e = j;
                    continue;
                }
                break;
            }
            lf_xgrow((void **)&sc->w, &sc->capw, sc->nw + 1, sizeof *sc->w);
            sc->w[sc->nw++] = (word){at, e};
            i = e;
            continue;
        }
        if (!is_stop(c) || sc->nw == w0)
            continue;
        /* a stop: closers may follow; then a space or the end */
        size_t j = i;
        uint32_t d = 0;
        while (j < len) {
            size_t k = j;
            if (!lf_utf8_next(s, len, &k, &d) || !is_closer(d))
                break;
            j = k;
        }
        size_t k = j;
        if (j < len && (!lf_utf8_next(s, len, &k, &d) || !is_space(d)))
            continue; /* 3.5, www.example.org */
        if (c == '.') {
            const word *last = &sc->w[sc->nw - 1];
            int kind = last->b == at ? abbrev_kind(s + last->a, last->b - last->a, lang) : 0;
            if (kind == 2)
                continue;
            if (kind == 1) {
                size_t m = k;
                uint32_t e = 0;
                while (m < len && lf_utf8_next(s, len, &m, &e) && is_space(e))
                    ;
                if (!is_upper(e))
                    continue; /* the end of the text ends the sentence anyway */
            }
        }
        lf_xgrow((void **)&sc->s, &sc->caps, sc->ns + 1, sizeof *sc->s);
        sc->s[sc->ns++] = (sentence){w0, sc->nw};
        w0 = sc->nw;
        i = j;
    }
    if (sc->nw > w0) {
        lf_xgrow((void **)&sc->s, &sc->caps, sc->ns + 1, sizeof *sc->s);
        sc->s[sc->ns++] = (sentence){w0, sc->nw};
    }
}

size_t lf_readab_count(const char *s, lf_lang lang, size_t *words)
{
    scan sc;
    scan_text(s, strlen(s), lang, &sc);
    size_t n = sc.ns;
    if (words)
        *words = sc.nw;
    scan_free(&sc);
    return n;
}

double lf_readab_score(lf_lang lang, size_t words, size_t sentences, size_t syllables)
{
    if (!words || !sentences)
        return 0;
    double wps = (double)words / (double)sentences, spw = (double)syllables / (double)words;
    return lang == LF_FR ? 207.0 - 1.015 * wps - 73.6 * spw : 206.835 - 1.015 * wps - 84.6 * spw;
}

const char *lf_readab_band(double s)
{
    return s >= 90 ? "very easy" : s >= 80 ? "easy" : s >= 70 ? "fairly easy"
         : s >= 60 ? "standard" : s >= 50 ? "fairly difficult" : s >= 30 ? "difficult"
         : "very difficult";
}

const char *lf_readab_formula(lf_lang lang) { return lang == LF_FR ? "Kandel–Moles" : "Flesch"; }

/* ---- one rich text ------------------------------------------------------------- */

/* The runs of a rich text laid end to end, with where each starts. */
typedef struct flat {
    char *s;
    size_t len;
    size_t *start; /* start[i]: offset of run i; start[n] = len */
    const lf_rich *r;
} flat;

static void flat_make(flat *f, const lf_rich *r)
{
    lf_buf b = {0};
    f->start = lf_xcalloc(r->n + 1, sizeof *f->start);
    for (size_t i = 0; i < r->n; i++) {
        f->start[i] = b.len;
        lf_buf_adds(&b, r->runs[i].text ? r->runs[i].text : "");
    }
    f->start[r->n] = b.len;
    f->len = b.len;
    f->s = b.s ? lf_buf_take(&b) : lf_xstrdup("");
    f->r = r;
}

static void flat_free(flat *f)
{
    free(f->s);
    free(f->start);
}

/* The input position of byte `off`: the position of the run it lies in. */
static lf_pos flat_pos(const flat *f, size_t off)
{
    size_t k = 0;
    while (k + 1 < f->r->n && f->start[k + 1] <= off)
        k++;
    return f->r->n ? f->r->runs[k].pos : (lf_pos){0};
}

/* The first words of s[a..b), for a message: at most 6 words or 40 bytes. */
static char *excerpt(const char *s, const word *w, size_t w0, size_t w1)
{
    size_t last = w0 + 6 < w1 ? w0 + 6 : w1;
    size_t a = w[w0].a, b = w[last - 1].b;
    int cut = last < w1;
    if (b - a > 40) {
        b = a + 40;
        while (b > a && ((unsigned char)s[b] & 0xC0) == 0x80)
            b--;
        cut = 1;
    }
    lf_buf o = {0};
    for (size_t i = a; i < b; i++)
        lf_buf_addc(&o, s[i] == '\n' || s[i] == '\t' ? ' ' : s[i]);
    if (cut)
        lf_buf_adds(&o, "…");
    return lf_buf_take(&o);
}

typedef struct ctx {
    lf_lang lang;
    lf_readab_stats *st;
    lf_diags *d;
} ctx;

static void warn(ctx *c, lf_pos pos, const char *fmt, ...) LF_PRINTF(3, 4);
static void warn(ctx *c, lf_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lf_vdiag(c->d, LF_WARNING, pos, fmt, ap);
    va_end(ap);
    c->st->warnings++;
}

/* Capitals: runs of all-capital words (2+ letters each). */
static void check_caps(ctx *c, const flat *f, const scan *sc)
{
    for (size_t i = 0; i < sc->nw;) {
        size_t j = i, letters = 0;
        for (; j < sc->nw; j++) {
            const char *w = f->s + sc->w[j].a;
            size_t len = sc->w[j].b - sc->w[j].a, k = 0, nl = 0, nu = 0;
            uint32_t ch;
            while (k < len && lf_utf8_next(w, len, &k, &ch))
                if (lower_of(ch)) {
                    nl++;
                    nu += is_upper(ch) != 0;
                }
            if (nl < 2 || nu != nl)
                break;
            if (nl > letters)
                letters = nl;
        }
        if (j - i >= 2 || (j - i == 1 && letters >= LF_READAB_CAPS_LEN)) {
            char *x = excerpt(f->s, sc->w, i, j);
            warn(c, flat_pos(f, sc->w[i].a),
                 "%s: %zu word%s in capitals (\"%s\"): capitals are hard to read; use **bold** for emphasis",
                 lf_lang_code(c->lang), j - i, j - i == 1 ? "" : "s", x);
            free(x);
        }
        i = j > i ? j : i + 1;
    }
}

/* Italic spans (consecutive italic runs) of more than LF_READAB_ITALIC words. */
static void check_italics(ctx *c, const lf_rich *r)
{
    for (size_t i = 0; i < r->n;) {
        if (!(r->runs[i].style & LF_ITALIC)) {
            i++;
            continue;
        }
        size_t j = i;
        lf_buf b = {0};
        for (; j < r->n && (r->runs[j].style & LF_ITALIC); j++)
            lf_buf_adds(&b, r->runs[j].text ? r->runs[j].text : "");
        size_t words = 0;
        if (b.s)
            lf_readab_count(b.s, c->lang, &words);
        if (words > LF_READAB_ITALIC)
            warn(c, r->runs[i].pos,
                 "%s: %zu words in italics: italics are for a word or two (a name, a term); "
                 "longer passages are hard to read",
                 lf_lang_code(c->lang), words);
        lf_buf_free(&b);
        i = j;
    }
}

/* One text: capitals and italics always; counts and long sentences for body text. */
static void analyse(ctx *c, const lf_rich *r, int body)
{
    flat f;
    flat_make(&f, r);
    scan sc;
    scan_text(f.s, f.len, c->lang, &sc);
    check_caps(c, &f, &sc);
    check_italics(c, r);
    if (body) {
        lf_readab_stats *st = c->st;
        st->words += sc.nw;
        st->sentences += sc.ns;
        for (size_t i = 0; i < sc.nw; i++)
            st->syllables +=
                (size_t)lf_readab_syllables(f.s + sc.w[i].a, sc.w[i].b - sc.w[i].a, c->lang);
        for (size_t i = 0; i < sc.ns; i++) {
            const sentence *s = &sc.s[i];
            size_t n = s->w1 - s->w0;
            lf_pos pos = flat_pos(&f, sc.w[s->w0].a);
            if (n > st->longest) {
                st->longest = n;
                st->longest_pos = pos;
            }
            if (n > LF_READAB_LONG) {
                st->long_sentences++;
                char *x = excerpt(f.s, sc.w, s->w0, s->w1);
                warn(c, pos,
                     "%s: sentence of %zu words (\"%s\"): aim for 10–15, at most %d; split it",
                     lf_lang_code(c->lang), n, x, LF_READAB_LONG);
                free(x);
            }
        }
    }
    scan_free(&sc);
    flat_free(&f);
}

static void analyse_items(ctx *c, const lf_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        analyse(c, &v[i].text.t[c->lang], 1);
        analyse_items(c, v[i].sub, v[i].nsub);
    }
}

void lf_readab_leaflet(const lf_leaflet *l, lf_lang lang, lf_readab_stats *st, lf_diags *d)
{
    memset(st, 0, sizeof *st);
    st->lang = lang;
    ctx c = {lang, st, d};
    analyse(&c, &l->title.t[lang], 0);
    if (l->has_subtitle)
        analyse(&c, &l->subtitle.t[lang], 0);
    for (size_t i = 0; i < l->nblocks; i++) {
        const lf_block *b = &l->blocks[i];
        switch (b->kind) {
        case LF_BLK_HEADING:
        case LF_BLK_SUBHEADING:
            analyse(&c, &b->text.t[lang], 0);
            break;
        case LF_BLK_PARA:
        case LF_BLK_NOTE:
            analyse(&c, &b->text.t[lang], 1);
            break;
        case LF_BLK_BULLETS:
            analyse_items(&c, b->items, b->nitems);
            break;
        }
    }
    st->mean = st->sentences ? (double)st->words / (double)st->sentences : 0;
    st->score = lf_readab_score(lang, st->words, st->sentences, st->syllables);
}

/* ---- review date ---------------------------------------------------------------- */

static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int lf_readab_review(const lf_leaflet *l, long long today, lf_diags *d)
{
    if (!lf_date_present(&l->review))
        return 0;
    long long day = today >= 0 ? today / 86400 : (today - 86399) / 86400;
    long long rev = days_from_civil(l->review.y, l->review.m, l->review.d);
    if (rev >= day)
        return 0;
    long long y = 0, m = 0, dd = 0;
    { /* civil from days (Howard Hinnant) */
        long long z = day + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
        long long doe = z - era * 146097;
        long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long long mp = (5 * doy + 2) / 153;
        dd = doy - (153 * mp + 2) / 5 + 1;
        m = mp < 10 ? mp + 3 : mp - 9;
        y = yoe + era * 400 + (m <= 2);
    }
    lf_warning(d, l->review.pos,
               "review date %04d-%02d-%02d has passed (today is %04lld-%02lld-%02lld): this "
               "leaflet must be reviewed before it is handed out",
               l->review.y, l->review.m, l->review.d, y, m, dd);
    return 1;
}

char *lf_readab_summary(const lf_readab_stats *st)
{
    lf_buf b = {0};
    lf_buf_printf(&b, "%s: %zu word%s, %zu sentence%s", lf_lang_code(st->lang), st->words,
                  st->words == 1 ? "" : "s", st->sentences, st->sentences == 1 ? "" : "s");
    if (st->sentences)
        lf_buf_printf(&b, ", %.1f words/sentence, longest %zu, %s %.0f (%s)", st->mean,
                      st->longest, lf_readab_formula(st->lang), st->score,
                      lf_readab_band(st->score));
    return lf_buf_take(&b);
}
