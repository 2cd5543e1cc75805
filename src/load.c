/* load: content YAML (libyaml) → document model, or diagnostics.
 *
 * Three steps, each reporting every problem it can before the next runs:
 *
 *  1. Input: size limit (LF_MAX_FILE), UTF-8 check (line:col of the first bad
 *     byte), a leading BOM skipped, a table of line starts that follows
 *     libyaml's idea of a line break (\r\n, \r, \n, NEL, LS, PS).
 *  2. Events → a small tree of our own (scalars, lists, mappings with their
 *     marks). libyaml's event parser is used, not yaml_parser_load, so that
 *     anchors, aliases, tags and extra documents are refused before anything
 *     is expanded; nesting deeper than MAX_DEPTH stops the parse.
 *  3. Tree → model, following ../shared/spec/content-format.md. Unknown keys
 *     (with the nearest known key), missing translations, wrong types, empty
 *     text, bad ids and dates, markup errors: all are reported, then the
 *     diagnostics of this file are put in file order.
 *
 * Positions: diagnostics borrow the file name the caller passed (it must
 * outlive them); the model's positions borrow the model's own copy (`file`).
 *
 * Positions of characters inside scalars (for markup errors and runs): the
 * text libyaml gives is aligned with the raw bytes of the scalar (see
 * scalar_map): folded lines, block-scalar indentation, '' in single quotes
 * and \-escapes in double quotes are followed, so the line and column are
 * exact for everything an author normally writes. Where alignment fails (an
 * unusual escape), a character gets the position of the last aligned one. */
#include "load.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "markup.h"

#define MAX_DEPTH 64

/*** Input ***/

typedef struct src {
    const char *file; /* caller's name: diagnostics */
    const char *raw;  /* after the BOM */
    size_t len;
    size_t *lines;    /* byte offset of each line start */
    size_t nlines;
    size_t *ck;       /* see src_checkpoints */
    size_t nck;
    struct nblock *nodes; /* the tree's nodes and scalars (src_free) */
} src;

/* The parse tree's nodes and scalar texts come from blocks freed together
 * (a staff directory of 1,000 people is some 50,000 of them). */
typedef struct nblock {
    struct nblock *next;
    size_t used, cap;
    max_align_t data[];
} nblock;

static void *src_alloc(src *in, size_t bytes)
{
    bytes = (bytes + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    nblock *b = in->nodes;
    if (!b || b->cap - b->used < bytes) {
        size_t cap = bytes > 60000 ? bytes : 60000;
        b = lf_xmalloc(sizeof *b + cap);
        b->next = in->nodes;
        b->used = 0;
        b->cap = cap;
        in->nodes = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += bytes;
    return p;
}

static void src_free(src *in)
{
    while (in->nodes) {
        nblock *next = in->nodes->next;
        free(in->nodes);
        in->nodes = next;
    }
    free(in->lines);
    free(in->ck);
}

/* Length of the line break at raw[i], 0 when none (libyaml's breaks). */
static size_t break_len(const char *raw, size_t len, size_t i)
{
    const unsigned char *s = (const unsigned char *)raw;
    if (i >= len)
        return 0;
    if (s[i] == '\r')
        return i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
    if (s[i] == '\n')
        return 1;
    if (s[i] == 0xC2 && i + 1 < len && s[i + 1] == 0x85)
        return 2;
    if (s[i] == 0xE2 && i + 2 < len && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
        return 3;
    return 0;
}

static void src_lines(src *in)
{
    size_t cap = 0;
    lf_xgrow((void **)&in->lines, &cap, 1, sizeof *in->lines);
    in->lines[0] = 0;
    in->nlines = 1;
    for (size_t i = 0; i < in->len;) {
        size_t b = break_len(in->raw, in->len, i);
        if (b) {
            i += b;
            lf_xgrow((void **)&in->lines, &cap, in->nlines + 1, sizeof *in->lines);
            in->lines[in->nlines++] = i;
        } else {
            i++;
        }
    }
}

/* Position of byte offset `off` (1-based line and column in characters). */
static lf_pos src_pos(const src *in, size_t off)
{
    size_t lo = 0, hi = in->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (in->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    lf_pos p = {in->file, (int)lo + 1, 1};
    size_t start = in->lines[lo];
    if (off > in->len)
        off = in->len;
    p.col = (int)lf_utf8_count(in->raw + start, off - start) + 1;
    return p;
}

/* Checkpoints: the byte offset of every CK_STEP-th character, so that a
 * libyaml mark (whose index counts characters) becomes a byte offset in
 * bounded time. Call on valid UTF-8. */
#define CK_STEP 64
static void src_checkpoints(src *in)
{
    size_t cap = 0, ncp = 0;
    lf_xgrow((void **)&in->ck, &cap, 1, sizeof *in->ck);
    in->nck = 0;
    for (size_t i = 0; i < in->len; i++) {
        if (((unsigned char)in->raw[i] & 0xC0) == 0x80)
            continue;
        if (ncp % CK_STEP == 0) {
            lf_xgrow((void **)&in->ck, &cap, in->nck + 1, sizeof *in->ck);
            in->ck[in->nck++] = i;
        }
        ncp++;
    }
}

/* Byte offset of the character at libyaml mark index `index`. */
static size_t src_offset(const src *in, size_t index)
{
    size_t k = index / CK_STEP;
    if (k >= in->nck)
        return in->len;
    size_t i = in->ck[k];
    for (size_t n = index % CK_STEP; n > 0 && i < in->len; n--) {
        i++;
        while (i < in->len && ((unsigned char)in->raw[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

/*** The tree ***/

enum { N_SCALAR, N_SEQ, N_MAP };

typedef struct node {
    int kind;
    lf_pos pos;               /* start, 1-based, file = caller's name */
    size_t line0, col0, idx;  /* libyaml start mark */
    size_t eidx;              /* libyaml end mark's index */
    char *s;                  /* scalar value */
    size_t len;
    int style;                /* yaml_scalar_style_t */
    struct node **kid;        /* list items; mapping: key, value, key, value… */
    size_t n, cap;
} node;

/* The kid lists (nodes and texts go with src_free). */
static void node_free(node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++)
        node_free(n->kid[i]);
    free(n->kid);
}

static lf_pos mark_pos(const src *in, yaml_mark_t m)
{
    lf_pos p = {in->file, (int)m.line + 1, (int)m.column + 1};
    return p;
}

static node *node_new(src *in, int kind, const yaml_event_t *ev)
{
    node *n = src_alloc(in, sizeof *n);
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->pos = mark_pos(in, ev->start_mark);
    n->line0 = ev->start_mark.line;
    n->col0 = ev->start_mark.column;
    n->idx = ev->start_mark.index;
    n->eidx = ev->end_mark.index;
    return n;
}

static void node_add(node *parent, node *kid)
{
    lf_xgrow((void **)&parent->kid, &parent->cap, parent->n + 1, sizeof *parent->kid);
    parent->kid[parent->n++] = kid;
}

static void report_yaml_error(const src *in, yaml_parser_t *p, lf_diags *d)
{
    const char *problem = p->problem ? p->problem : "cannot parse the YAML";
    lf_pos pos;
    if (p->error == YAML_READER_ERROR) {
        pos = src_pos(in, p->problem_offset);
        if (p->problem_value != -1)
            lf_error(d, pos, "%s (U+%04X)", problem, (unsigned)p->problem_value);
        else
            lf_error(d, pos, "%s", problem);
        return;
    }
    if (p->error == YAML_MEMORY_ERROR) {
        fputs("leaflet: out of memory\n", stderr);
        abort();
    }
    pos = mark_pos(in, p->problem_mark);
    lf_error(d, pos, "%s", problem);
    if (p->context)
        lf_note(d, mark_pos(in, p->context_mark), "%s that starts here", p->context);
    size_t off = src_offset(in, p->problem_mark.index);
    char at = off < in->len ? in->raw[off] : 0;
    if (strstr(problem, "cannot start any token") && at == '\t')
        lf_note(d, pos, "indent with spaces: YAML does not allow tabs here");
    else if (strstr(problem, "cannot start any token") && (at == '@' || at == '`'))
        lf_note(d, pos, "text that starts with `%c` must be quoted", at);
    else if (strstr(problem, "mapping values are not allowed"))
        lf_note(d, pos, "text that contains `: ` must be quoted, e.g. fr: \"Attention : …\"");
    else if (p->context && (strstr(p->context, "alias") || strstr(p->context, "anchor")))
        lf_note(d, pos, "text that starts with `*` or `&` must be quoted, e.g. \"**Important** …\"");
}

static char *tag_name(const yaml_char_t *tag)
{
    const char *t = (const char *)tag;
    const char *std = "tag:yaml.org,2002:";
    if (strncmp(t, std, strlen(std)) == 0)
        return lf_xasprintf("!!%s", t + strlen(std));
    return lf_xstrdup(t);
}

/* Check an event for anchors and tags: report, return 1 when refused. */
static int refuse_props(const src *in, const yaml_event_t *ev, const yaml_char_t *anchor,
                        const yaml_char_t *tag, lf_diags *d)
{
    int bad = 0;
    if (anchor) {
        lf_error(d, mark_pos(in, ev->start_mark),
                 "anchor `&%s` is not allowed (write the content out in full)", (const char *)anchor);
        bad = 1;
    }
    if (tag) {
        char *t = tag_name(tag);
        lf_error(d, mark_pos(in, ev->start_mark), "tag `%s` is not allowed (remove it)", t);
        free(t);
        bad = 1;
    }
    return bad;
}

/* Parse the events into a tree. Returns the root (or NULL when the file has
 * no document) and sets *ok = 0 when anything was refused. */
static node *parse_tree(src *in, lf_diags *d, int *ok)
{
    yaml_parser_t p;
    yaml_event_t ev;
    node *root = NULL, *stack[MAX_DEPTH + 1];
    int depth = 0, ndocs = 0, done = 0;
    size_t e0 = d->nerrors;

    if (!yaml_parser_initialize(&p)) {
        fputs("leaflet: out of memory\n", stderr);
        abort();
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)in->raw, in->len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    while (!done) {
        if (!yaml_parser_parse(&p, &ev)) {
            report_yaml_error(in, &p, d);
            break;
        }
        node *n = NULL;
        int open = 0, stop = 0;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++ndocs > 1) {
                lf_error(d, mark_pos(in, ev.start_mark),
                         "a second YAML document: a file holds one document only");
                stop = 1;
            }
            break;
        case YAML_ALIAS_EVENT: {
            lf_error(d, mark_pos(in, ev.start_mark),
                     "alias `*%s` is not allowed (write the content out in full)",
                     (const char *)ev.data.alias.anchor);
            size_t off = src_offset(in, ev.end_mark.index);
            if (off < in->len && in->raw[off] == '*')
                lf_note(d, mark_pos(in, ev.start_mark),
                        "text that starts with `*` must be quoted, e.g. \"*italic* …\"");
            n = node_new(in, N_SCALAR, &ev);
            n->s = src_alloc(in, 1);
            n->s[0] = '\0';
            break;
        }
        case YAML_SCALAR_EVENT:
            refuse_props(in, &ev, ev.data.scalar.anchor, ev.data.scalar.tag, d);
            n = node_new(in, N_SCALAR, &ev);
            n->s = src_alloc(in, ev.data.scalar.length + 1);
            memcpy(n->s, ev.data.scalar.value, ev.data.scalar.length);
            n->s[ev.data.scalar.length] = '\0';
            n->len = ev.data.scalar.length;
            n->style = ev.data.scalar.style;
            break;
        case YAML_SEQUENCE_START_EVENT:
            refuse_props(in, &ev, ev.data.sequence_start.anchor, ev.data.sequence_start.tag, d);
            n = node_new(in, N_SEQ, &ev);
            open = 1;
            break;
        case YAML_MAPPING_START_EVENT:
            refuse_props(in, &ev, ev.data.mapping_start.anchor, ev.data.mapping_start.tag, d);
            n = node_new(in, N_MAP, &ev);
            open = 1;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth > 0)
                depth--;
            break;
        default:
            break;
        }
        if (n) {
            if (depth > 0)
                node_add(stack[depth - 1], n);
            else if (!root)
                root = n;
            else
                node_free(n); /* cannot happen: one document */
            if (open) {
                if (depth >= MAX_DEPTH) {
                    lf_error(d, n->pos, "nested too deeply (more than %d levels)", MAX_DEPTH);
                    stop = 1;
                } else {
                    stack[depth++] = n;
                }
            }
        }
        yaml_event_delete(&ev);
        if (stop)
            break;
    }
    yaml_parser_delete(&p);
    *ok = d->nerrors == e0;
    return root;
}

/*** Checking helpers ***/

typedef struct ctx {
    lf_diags *d;
    const src *in;
    int langs_known;          /* leaflet with valid `languages` */
    unsigned langmask;        /* those languages */
    const lf_lang *langs;
    int nlangs;
} ctx;

static const char *found(const node *n)
{
    if (n->kind == N_SEQ)
        return "a list";
    if (n->kind == N_MAP)
        return "a mapping";
    return n->len ? "text" : "nothing";
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Levenshtein distance, letters compared without case; long strings give a
 * large distance (bounded time). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 1000;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = lower((unsigned char)a[i - 1]) == lower((unsigned char)b[j - 1]) ? 0 : 1;
            size_t v = diag + cost;
            if (row[j] + 1 < v)
                v = row[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
        }
    }
    return row[lb];
}

static const char *suggest(const char *key, const char *const *names, size_t n)
{
    size_t len = strlen(key), limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    const char *best = NULL;
    size_t bestd = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t dist = edit_distance(key, names[i]);
        if (dist < bestd) {
            bestd = dist;
            best = names[i];
        }
    }
    return best;
}

static void unknown_key(ctx *c, const node *k, const char *const *names, size_t n)
{
    const char *s = suggest(k->s, names, n);
    if (s) {
        lf_error(c->d, k->pos, "unknown key `%s` (did you mean `%s`?)", k->s, s);
        return;
    }
    lf_error(c->d, k->pos, "unknown key `%s`", k->s);
    lf_buf b = {0};
    for (size_t i = 0; i < n; i++)
        lf_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
    lf_note(c->d, k->pos, "known keys here: %s", b.s ? b.s : "");
    lf_buf_free(&b);
}

/* The values of a mapping's known keys (NULL when absent); unknown,
 * duplicate and non-text keys are reported. */
static void get_fields(ctx *c, const node *map, const char *const *names, size_t n, node **val,
                       node **key)
{
    for (size_t i = 0; i < n; i++)
        val[i] = key[i] = NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        node *k = map->kid[i], *v = map->kid[i + 1];
        if (k->kind != N_SCALAR) {
            lf_error(c->d, k->pos, "expected a key name, found %s", found(k));
            continue;
        }
        size_t j = 0;
        while (j < n && strcmp(k->s, names[j]) != 0)
            j++;
        if (j == n) {
            unknown_key(c, k, names, n);
            continue;
        }
        if (key[j]) {
            lf_error(c->d, k->pos, "duplicate key `%s`", k->s);
            lf_note(c->d, key[j]->pos, "`%s` is first given here", k->s);
            continue;
        }
        key[j] = k;
        val[j] = v;
    }
}

static void missing(ctx *c, const node *map, const char *name)
{
    lf_error(c->d, map->pos, "missing required key `%s`", name);
}

/* Only spaces: ASCII white space and the Unicode space separators (U+00A0,
 * U+202F, U+2000..U+200A...), which print nothing either. */
static int is_blank(const char *s, size_t len)
{
    size_t i = 0;
    uint32_t cp;
    while (i < len) {
        if (!lf_utf8_next(s, len, &i, &cp))
            return 0;
        if (cp != ' ' && cp != '\t' && cp != '\n' && cp != '\r' && cp != 0xA0 && cp != 0x1680 &&
            !(cp >= 0x2000 && cp <= 0x200A) && cp != 0x202F && cp != 0x205F && cp != 0x3000)
            return 0;
    }
    return 1;
}

/* Control characters other than tab and newline (from escapes). */
static int check_controls(ctx *c, const node *v)
{
    for (size_t i = 0; i < v->len; i++) {
        unsigned char ch = (unsigned char)v->s[i];
        if ((ch < 0x20 && ch != '\t' && ch != '\n') || ch == 0x7F) {
            lf_error(c->d, v->pos, "control character U+%04X in text", ch);
            return -1;
        }
    }
    return 0;
}

/* A plain string value (no markup). Empty values are errors. */
static int get_string(ctx *c, const node *v, const char *name, char **out)
{
    if (v->kind != N_SCALAR) {
        lf_error(c->d, v->pos, "`%s`: expected text, found %s", name, found(v));
        return -1;
    }
    if (is_blank(v->s, v->len) || (v->style == YAML_PLAIN_SCALAR_STYLE && strcmp(v->s, "~") == 0)) {
        lf_error(c->d, v->pos, "empty `%s`", name);
        return -1;
    }
    if (check_controls(c, v))
        return -1;
    *out = lf_xstrndup(v->s, v->len);
    return 0;
}

/* [a-z0-9][a-z0-9-]{0,63} */
static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (i > 0 && ch == '-');
        if (!ok)
            return 0;
    }
    return 1;
}

/*** Text positions and markup ***/

static int is_ws_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n';
}

/* Align the text libyaml produced for scalar v with the raw input and return
 * the position of each of its bytes that starts a character (see the top of
 * the file). Returns NULL when the text is the raw input as is: then *start is
 * the position of its first character. */
static lf_pos *scalar_map(ctx *c, const node *v, lf_pos *start)
{
    const src *in = c->in;
    size_t ri = src_offset(in, v->idx);
    size_t line = v->line0 + 1, col = v->col0 + 1;
    int quoted = v->style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                 v->style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    int block = v->style == YAML_LITERAL_SCALAR_STYLE || v->style == YAML_FOLDED_SCALAR_STYLE;
    if (quoted && ri < in->len) {
        ri++; /* the quote */
        col++;
    } else if (block) {
        ri = v->line0 + 1 < in->nlines ? in->lines[v->line0 + 1] : in->len;
        line++;
        col = 1;
    }
    start->file = in->file;
    start->line = (int)line;
    start->col = (int)col;
    if (!block && ri + v->len <= in->len && memcmp(in->raw + ri, v->s, v->len) == 0)
        return NULL;

    size_t end = src_offset(in, v->eidx);
    if (end < ri)
        end = ri;
    lf_pos *map = lf_xmalloc((v->len + 1) * sizeof *map);
    int dq = v->style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    for (size_t ci = 0; ci < v->len;) {
        size_t cj = ci;
        uint32_t want;
        if (!lf_utf8_next(v->s, v->len, &cj, &want)) {
            want = (unsigned char)v->s[ci];
            cj = ci + 1;
        }
        /* search forward for `want`, skipping white space freely and a few
         * other characters (quotes, escapes) */
        size_t si = ri, sl = line, sc = col, skipped = 0, steps = 0;
        int hit = 0;
        while (si < end && steps++ < 256) {
            size_t b = break_len(in->raw, in->len, si);
            size_t sj = si;
            uint32_t have;
            if (b) {
                have = '\n';
                sj = si + b;
            } else if (!lf_utf8_next(in->raw, in->len, &sj, &have)) {
                have = (unsigned char)in->raw[si];
                sj = si + 1;
            }
            if (dq && have == '\\' && sj < end && !break_len(in->raw, in->len, sj)) {
                /* an escape stands for one character */
                char e = in->raw[sj];
                size_t elen = e == 'x' ? 4 : e == 'u' ? 6 : e == 'U' ? 10 : 2;
                if (si + elen > end)
                    elen = end - si;
                hit = 1;
                map[ci] = (lf_pos){in->file, (int)sl, (int)sc};
                si += elen;
                sc += elen; /* escapes are ASCII */
                break;
            }
            if (have == want || (is_ws_cp(want) && (b || have == ' ' || have == '\t'))) {
                hit = 1;
                map[ci] = (lf_pos){in->file, (int)sl, (int)sc};
                si = sj;
                if (b) {
                    sl++;
                    sc = 1;
                } else {
                    sc++;
                }
                break;
            }
            if (!(b || have == ' ' || have == '\t') && ++skipped > 12)
                break;
            si = sj;
            if (b) {
                sl++;
                sc = 1;
            } else {
                sc++;
            }
        }
        if (hit) {
            ri = si;
            line = sl;
            col = sc;
        } else {
            map[ci] = (lf_pos){in->file, (int)line, (int)col};
        }
        for (size_t k = ci + 1; k < cj; k++)
            map[k] = map[ci];
        ci = cj;
    }
    return map;
}

static int parse_rich(ctx *c, const node *v, lf_rich *out)
{
    lf_pos start;
    lf_pos *map = scalar_map(c, v, &start);
    int rc = map ? lf_markup_parse_mapped(v->s, v->len, map, out, c->d)
                 : lf_markup_parse(v->s, v->len, start, out, c->d);
    free(map);
    return rc;
}

static void rich_copy(lf_rich *dst, const lf_rich *src_)
{
    dst->n = src_->n;
    dst->runs = src_->n ? lf_xcalloc(src_->n, sizeof *dst->runs) : NULL;
    for (size_t i = 0; i < src_->n; i++) {
        dst->runs[i] = src_->runs[i];
        dst->runs[i].text = lf_xstrdup(src_->runs[i].text);
        dst->runs[i].href = src_->runs[i].href ? lf_xstrdup(src_->runs[i].href) : NULL;
    }
}

static int text_empty(const node *v)
{
    return is_blank(v->s, v->len) || (v->style == YAML_PLAIN_SCALAR_STYLE && strcmp(v->s, "~") == 0);
}

/* A translatable text: a plain string (every language) or {fr: …, en: …}.
 * `extra` is a key allowed besides the languages (handled by the caller). */
static int get_text(ctx *c, const node *v, const char *name, lf_text *out, const char *extra)
{
    size_t e0 = c->d->nerrors;
    memset(out, 0, sizeof *out);
    out->pos = v->pos;
    if (v->kind == N_SEQ) {
        lf_error(c->d, v->pos, "`%s`: expected text, found a list", name);
        return -1;
    }
    if (v->kind == N_SCALAR) {
        if (text_empty(v)) {
            lf_error(c->d, v->pos, "empty text in `%s`", name);
            return -1;
        }
        if (check_controls(c, v) || parse_rich(c, v, &out->t[0]))
            return -1;
        for (int l = 1; l < LF_NLANG; l++)
            rich_copy(&out->t[l], &out->t[0]);
        out->have = (1u << LF_NLANG) - 1;
        for (int l = 0; l < LF_NLANG; l++)
            out->lpos[l] = v->pos;
        return 0;
    }
    unsigned seen = 0;
    const node *first[LF_NLANG] = {0};
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const node *k = v->kid[i], *val = v->kid[i + 1];
        if (k->kind != N_SCALAR) {
            lf_error(c->d, k->pos, "expected a language (fr, en), found %s", found(k));
            continue;
        }
        int l = lf_lang_parse(k->s);
        if (l < 0) {
            if (extra && strcmp(k->s, extra) == 0)
                continue;
            const char *names[3] = {"fr", "en", extra};
            const char *s = suggest(k->s, names, extra ? 3 : 2);
            if (s)
                lf_error(c->d, k->pos, "unknown key `%s` (did you mean `%s`?)", k->s, s);
            else if (c->langs_known)
                lf_error(c->d, k->pos, "unknown language `%s` (this leaflet's languages: %s%s%s)",
                         k->s, lf_lang_code(c->langs[0]), c->nlangs > 1 ? ", " : "",
                         c->nlangs > 1 ? lf_lang_code(c->langs[1]) : "");
            else
                lf_error(c->d, k->pos, "unknown language `%s` (expected fr or en)", k->s);
            continue;
        }
        if (seen & (1u << l)) {
            lf_error(c->d, k->pos, "duplicate key `%s`", k->s);
            lf_note(c->d, first[l]->pos, "`%s` is first given here", k->s);
            continue;
        }
        seen |= 1u << l;
        first[l] = k;
        if (c->langs_known && !(c->langmask & (1u << l))) {
            lf_error(c->d, k->pos, "`%s` is not a language of this leaflet (languages: %s%s%s)",
                     k->s, lf_lang_code(c->langs[0]), c->nlangs > 1 ? ", " : "",
                     c->nlangs > 1 ? lf_lang_code(c->langs[1]) : "");
            continue;
        }
        if (val->kind != N_SCALAR) {
            lf_error(c->d, val->pos, "`%s`: expected text, found %s", k->s, found(val));
            continue;
        }
        if (text_empty(val)) {
            lf_error(c->d, val->pos, "empty `%s` text in `%s`", k->s, name);
            continue;
        }
        if (check_controls(c, val) || parse_rich(c, val, &out->t[l]))
            continue;
        out->have |= 1u << l;
        out->lpos[l] = val->pos;
    }
    if (c->langs_known) {
        for (int i = 0; i < c->nlangs; i++)
            if (!(seen & (1u << c->langs[i])))
                lf_error(c->d, v->pos, "missing `%s` translation in `%s`", lf_lang_code(c->langs[i]),
                         name);
    } else if (!seen && c->d->nerrors == e0) {
        lf_error(c->d, v->pos, "`%s` has no text: expected `fr` and/or `en`", name);
    }
    return c->d->nerrors == e0 ? 0 : -1;
}

/*** Dates ***/

static int days_in(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static int get_date(ctx *c, const node *v, const char *name, lf_date *out)
{
    out->pos = v->pos;
    if (v->kind != N_SCALAR) {
        lf_error(c->d, v->pos, "`%s`: expected a date (YYYY-MM-DD), found %s", name, found(v));
        return -1;
    }
    const char *s = v->s;
    int ok = v->len == 10 && s[4] == '-' && s[7] == '-';
    for (int i = 0; ok && i < 10; i++)
        if (i != 4 && i != 7 && !(s[i] >= '0' && s[i] <= '9'))
            ok = 0;
    if (!ok) {
        lf_error(c->d, v->pos, "`%s`: `%.40s` is not an ISO date (YYYY-MM-DD)", name, s);
        return -1;
    }
    int y = atoi(s), m = atoi(s + 5), dd = atoi(s + 8);
    if (y < 1 || m < 1 || m > 12 || dd < 1 || dd > days_in(y, m)) {
        lf_error(c->d, v->pos, "`%s`: %s is not a real date", name, s);
        return -1;
    }
    out->y = y;
    out->m = m;
    out->d = dd;
    return 0;
}

/*** Leaflet ***/

static const char *const block_kinds[] = {"heading", "subheading", "para", "note", "bullets"};

static void get_items(ctx *c, const node *v, lf_item **items, size_t *nitems, int level)
{
    if (v->kind != N_SEQ) {
        lf_error(c->d, v->pos, "`bullets`: expected a list of items, found %s", found(v));
        return;
    }
    if (v->n == 0) {
        lf_error(c->d, v->pos, "`bullets` has no items");
        return;
    }
    *items = lf_xcalloc(v->n, sizeof **items);
    *nitems = v->n;
    for (size_t i = 0; i < v->n; i++) {
        const node *it = v->kid[i];
        lf_item *out = &(*items)[i];
        out->pos = it->pos;
        if (it->kind == N_SEQ) {
            lf_error(c->d, it->pos, "expected a bullet item (text), found a list");
            continue;
        }
        if (it->kind == N_MAP) {
            for (size_t j = 0; j + 1 < it->n; j += 2) {
                const node *k = it->kid[j];
                if (k->kind != N_SCALAR || strcmp(k->s, "bullets") != 0)
                    continue;
                if (level >= 1) {
                    lf_error(c->d, k->pos, "bullets nested too deeply: one nested level at most");
                    continue;
                }
                if (out->sub) /* duplicate `bullets` key */
                    lf_error(c->d, k->pos, "duplicate key `bullets`");
                else
                    get_items(c, it->kid[j + 1], &out->sub, &out->nsub, level + 1);
            }
        }
        get_text(c, it, "bullets", &out->text, "bullets");
    }
}

static void get_block(ctx *c, const node *b, lf_block *out)
{
    out->pos = b->pos;
    if (b->kind != N_MAP) {
        lf_error(c->d, b->pos,
                 "expected a block (heading, subheading, para, note or bullets), found %s", found(b));
        return;
    }
    node *val[5], *key[5];
    size_t e0 = c->d->nerrors;
    get_fields(c, b, block_kinds, 5, val, key);
    int kind = -1;
    for (size_t i = 0; i + 1 < b->n; i += 2) { /* in file order */
        const node *k = b->kid[i];
        for (int j = 0; j < 5; j++) {
            if (key[j] != k)
                continue;
            if (kind < 0)
                kind = j;
            else
                lf_error(c->d, k->pos,
                         "a block has exactly one of heading, subheading, para, note, bullets; "
                         "found `%s` and `%s`",
                         block_kinds[kind], block_kinds[j]);
        }
    }
    if (kind < 0) {
        if (c->d->nerrors == e0)
            lf_error(c->d, b->pos,
                     "a block has exactly one of heading, subheading, para, note, bullets; found none");
        return;
    }
    out->kind = (lf_block_kind)kind;
    if (kind == LF_BLK_BULLETS)
        get_items(c, val[kind], &out->items, &out->nitems, 0);
    else
        get_text(c, val[kind], block_kinds[kind], &out->text, NULL);
}

static const char *const leaflet_keys[] = {"id",    "languages", "reference", "version", "published",
                                           "review", "title",    "subtitle",  "body"};
enum { K_ID, K_LANGS, K_REF, K_VERSION, K_PUB, K_REVIEW, K_TITLE, K_SUBTITLE, K_BODY, K_N };

/* The file's base name without .yaml / .yml. */
static char *base_id(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 5 && strcmp(b + n - 5, ".yaml") == 0)
        n -= 5;
    else if (n > 4 && strcmp(b + n - 4, ".yml") == 0)
        n -= 4;
    return lf_xstrndup(b, n);
}

static void get_languages(ctx *c, const node *v, lf_leaflet *out)
{
    size_t e0 = c->d->nerrors;
    if (v->kind != N_SEQ) {
        lf_error(c->d, v->pos, "`languages`: expected a list such as [fr, en], found %s", found(v));
        return;
    }
    if (v->n < 1 || v->n > 2) {
        lf_error(c->d, v->pos, "`languages` lists 1 or 2 of fr, en (found %zu)", v->n);
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const node *k = v->kid[i];
        int l = k->kind == N_SCALAR ? lf_lang_parse(k->s) : -1;
        if (l < 0) {
            if (k->kind == N_SCALAR)
                lf_error(c->d, k->pos, "unknown language `%s` (expected fr or en)", k->s);
            else
                lf_error(c->d, k->pos, "expected a language (fr or en), found %s", found(k));
            continue;
        }
        if (out->nlangs == 1 && out->langs[0] == (lf_lang)l) {
            lf_error(c->d, k->pos, "language `%s` is listed twice", k->s);
            continue;
        }
        out->langs[out->nlangs++] = (lf_lang)l;
    }
    if (c->d->nerrors == e0) {
        c->langs_known = 1;
        c->langs = out->langs;
        c->nlangs = out->nlangs;
        for (int i = 0; i < out->nlangs; i++)
            c->langmask |= 1u << out->langs[i];
    }
}

static void check_leaflet(ctx *c, const node *root, const char *name, lf_leaflet *out)
{
    node *val[K_N], *key[K_N];
    get_fields(c, root, leaflet_keys, K_N, val, key);

    if (!val[K_ID]) {
        missing(c, root, "id");
    } else if (get_string(c, val[K_ID], "id", &out->id) == 0) {
        char *want = base_id(name);
        if (!valid_id(out->id))
            lf_error(c->d, val[K_ID]->pos,
                     "id `%s` is not valid: use 1 to 64 lowercase letters, digits and `-`, "
                     "not starting with `-`",
                     out->id);
        else if (strcmp(out->id, want) != 0)
            lf_error(c->d, val[K_ID]->pos, "id `%s` does not match the file name (expected `%s`)",
                     out->id, want);
        free(want);
    }
    if (!val[K_LANGS])
        missing(c, root, "languages");
    else
        get_languages(c, val[K_LANGS], out);
    if (val[K_REF])
        get_string(c, val[K_REF], "reference", &out->reference);
    if (val[K_VERSION])
        get_string(c, val[K_VERSION], "version", &out->version);
    int dates = 0;
    if (val[K_PUB])
        dates += get_date(c, val[K_PUB], "published", &out->published) == 0;
    if (val[K_REVIEW])
        dates += get_date(c, val[K_REVIEW], "review", &out->review) == 0;
    if (dates == 2 && lf_date_cmp(&out->review, &out->published) < 0) {
        lf_error(c->d, out->review.pos, "`review` (%04d-%02d-%02d) is before `published` (%04d-%02d-%02d)",
                 out->review.y, out->review.m, out->review.d, out->published.y, out->published.m,
                 out->published.d);
    }
    if (!val[K_TITLE])
        missing(c, root, "title");
    else
        get_text(c, val[K_TITLE], "title", &out->title, NULL);
    if (val[K_SUBTITLE]) {
        out->has_subtitle = 1;
        get_text(c, val[K_SUBTITLE], "subtitle", &out->subtitle, NULL);
    }
    if (!val[K_BODY]) {
        missing(c, root, "body");
    } else if (val[K_BODY]->kind != N_SEQ) {
        lf_error(c->d, val[K_BODY]->pos, "`body`: expected a list of blocks, found %s",
                 found(val[K_BODY]));
    } else if (val[K_BODY]->n == 0) {
        lf_error(c->d, val[K_BODY]->pos, "`body` has no blocks");
    } else {
        const node *b = val[K_BODY];
        out->blocks = lf_xcalloc(b->n, sizeof *out->blocks);
        out->nblocks = b->n;
        for (size_t i = 0; i < b->n; i++)
            get_block(c, b->kid[i], &out->blocks[i]);
    }
}

/*** Staff directory ***/

static const char *const org_keys[] = {"name", "address", "phone", "website"};
static const char *const staff_keys[] = {"id",       "name",  "job_title", "specialty",
                                         "location", "phone", "email",     "publications"};
static const char *const dir_keys[] = {"organisation", "staff"};

static void get_staff(ctx *c, const node *m, lf_staff *out, const node **ids, size_t idx)
{
    out->pos = m->pos;
    if (m->kind != N_MAP) {
        lf_error(c->d, m->pos, "expected a staff member (a mapping with id, name, job_title), found %s",
                 found(m));
        return;
    }
    node *val[8], *key[8];
    get_fields(c, m, staff_keys, 8, val, key);
    if (!val[0]) {
        missing(c, m, "id");
    } else if (get_string(c, val[0], "id", &out->id) == 0) {
        if (!valid_id(out->id)) {
            lf_error(c->d, val[0]->pos,
                     "staff id `%s` is not valid: use 1 to 64 lowercase letters, digits and `-`, "
                     "not starting with `-`",
                     out->id);
        } else {
            ids[idx] = val[0];
        }
    }
    if (!val[1])
        missing(c, m, "name");
    else if (get_string(c, val[1], "name", &out->name) == 0)
        out->name_pos = val[1]->pos;
    if (!val[2])
        missing(c, m, "job_title");
    else
        get_text(c, val[2], "job_title", &out->job_title, NULL);
    if (val[3]) {
        out->has_specialty = 1;
        get_text(c, val[3], "specialty", &out->specialty, NULL);
    }
    if (val[4]) {
        out->has_location = 1;
        get_text(c, val[4], "location", &out->location, NULL);
    }
    if (val[5])
        get_string(c, val[5], "phone", &out->phone);
    if (val[6])
        get_string(c, val[6], "email", &out->email);
    if (val[7]) {
        const node *p = val[7];
        if (p->kind != N_SEQ) {
            lf_error(c->d, p->pos, "`publications`: expected a list, found %s", found(p));
        } else if (p->n) {
            out->pubs = lf_xcalloc(p->n, sizeof *out->pubs);
            out->pubs_pos = lf_xcalloc(p->n, sizeof *out->pubs_pos);
            for (size_t i = 0; i < p->n; i++) {
                if (get_string(c, p->kid[i], "publications", &out->pubs[out->npubs]) == 0)
                    out->pubs_pos[out->npubs++] = p->kid[i]->pos;
            }
        }
    }
}

static void check_directory(ctx *c, const node *root, lf_directory *out)
{
    node *val[2], *key[2];
    get_fields(c, root, dir_keys, 2, val, key);
    if (!val[0]) {
        missing(c, root, "organisation");
    } else if (val[0]->kind != N_MAP) {
        lf_error(c->d, val[0]->pos, "`organisation`: expected a mapping (name, address, phone, "
                                    "website), found %s", found(val[0]));
    } else {
        node *ov[4], *ok[4];
        get_fields(c, val[0], org_keys, 4, ov, ok);
        if (!ov[0])
            missing(c, val[0], "name");
        else
            get_text(c, ov[0], "name", &out->org_name, NULL);
        if (ov[1]) {
            out->has_org_address = 1;
            get_text(c, ov[1], "address", &out->org_address, NULL);
        }
        if (ov[2])
            get_string(c, ov[2], "phone", &out->org_phone);
        if (ov[3])
            get_string(c, ov[3], "website", &out->org_website);
    }
    if (!val[1]) {
        missing(c, root, "staff");
    } else if (val[1]->kind != N_SEQ) {
        if (!(val[1]->kind == N_SCALAR && val[1]->len == 0 && val[1]->style == YAML_PLAIN_SCALAR_STYLE))
            lf_error(c->d, val[1]->pos, "`staff`: expected a list, found %s", found(val[1]));
        /* `staff:` with nothing: an empty list */
    } else if (val[1]->n) {
        const node *sv = val[1];
        const node **ids = lf_xcalloc(sv->n, sizeof *ids);
        out->staff = lf_xcalloc(sv->n, sizeof *out->staff);
        out->nstaff = sv->n;
        for (size_t i = 0; i < sv->n; i++)
            get_staff(c, sv->kid[i], &out->staff[i], ids, i);
        /* duplicate ids: sort indices by id, compare neighbours (n log n) */
        size_t *ord = lf_xcalloc(sv->n, sizeof *ord), m = 0;
        for (size_t i = 0; i < sv->n; i++)
            if (ids[i])
                ord[m++] = i;
        /* insertion sort would be quadratic: use a merge sort */
        size_t *tmp = lf_xcalloc(m ? m : 1, sizeof *tmp);
        for (size_t w = 1; w < m; w *= 2) {
            for (size_t lo = 0; lo < m; lo += 2 * w) {
                size_t mid = lo + w < m ? lo + w : m, hi = lo + 2 * w < m ? lo + 2 * w : m;
                size_t a = lo, b = mid, k = lo;
                while (a < mid || b < hi) {
                    if (b >= hi ||
                        (a < mid && strcmp(ids[ord[a]]->s, ids[ord[b]]->s) <= 0))
                        tmp[k++] = ord[a++];
                    else
                        tmp[k++] = ord[b++];
                }
            }
            memcpy(ord, tmp, m * sizeof *ord);
        }
        for (size_t i = 1; i < m; i++) {
            const node *a = ids[ord[i - 1]], *b = ids[ord[i]];
            if (strcmp(a->s, b->s) == 0) {
                /* stable: ord[i-1] came first in the file; point at the first of the group */
                size_t f = i - 1;
                while (f > 0 && strcmp(ids[ord[f - 1]]->s, b->s) == 0)
                    f--;
                lf_error(c->d, b->pos, "duplicate staff id `%s`", b->s);
                lf_note(c->d, ids[ord[f]]->pos, "`%s` is first defined here", b->s);
            }
        }
        free(tmp);
        free(ord);
        free(ids);
    }
}

/*** Model positions: borrow the model's own file name ***/

static void fix_text(lf_text *t, const char *f)
{
    t->pos.file = f;
    for (int l = 0; l < LF_NLANG; l++) {
        t->lpos[l].file = f;
        for (size_t i = 0; i < t->t[l].n; i++)
            t->t[l].runs[i].pos.file = f;
    }
}

static void fix_items(lf_item *v, size_t n, const char *f)
{
    for (size_t i = 0; i < n; i++) {
        v[i].pos.file = f;
        fix_text(&v[i].text, f);
        fix_items(v[i].sub, v[i].nsub, f);
    }
}

/*** Diagnostics in file order ***/

typedef struct group {
    size_t start, n;
    int line, col;
} group;

static void sort_diags(lf_diags *d, size_t n0)
{
    if (d->n <= n0 + 1)
        return;
    size_t cnt = d->n - n0, ng = 0;
    group *g = lf_xcalloc(cnt, sizeof *g);
    for (size_t i = n0; i < d->n; i++) {
        if (d->v[i].sev == LF_NOTE && ng) {
            g[ng - 1].n++;
            continue;
        }
        g[ng].start = i;
        g[ng].n = 1;
        g[ng].line = d->v[i].pos.line;
        g[ng].col = d->v[i].pos.col;
        ng++;
    }
    for (size_t i = 1; i < ng; i++) { /* stable insertion sort: at most ~LF_DIAG_LIMIT groups */
        group x = g[i];
        size_t j = i;
        while (j > 0 && (g[j - 1].line > x.line || (g[j - 1].line == x.line && g[j - 1].col > x.col))) {
            g[j] = g[j - 1];
            j--;
        }
        g[j] = x;
    }
    lf_diag *v = lf_xcalloc(cnt, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < ng; i++)
        for (size_t j = 0; j < g[i].n; j++)
            v[k++] = d->v[g[i].start + j];
    memcpy(d->v + n0, v, cnt * sizeof *v);
    free(v);
    free(g);
}

/*** Entry points ***/

/* Steps 1 and 2. Returns the root (caller frees with node_free) or NULL after
 * reporting; fills *in (caller frees in->lines). */
static node *load_tree(const char *name, const char *data, size_t len, src *in, lf_diags *d,
                       const char *what)
{
    memset(in, 0, sizeof *in);
    in->file = name;
    lf_pos whole = {name, 0, 0};
    if (len > LF_MAX_FILE) {
        lf_error(d, whole, "file too large (%zu bytes; the limit is 1 MiB)", len);
        return NULL;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    in->raw = data;
    in->len = len;
    src_lines(in);
    size_t bad;
    if (!lf_utf8_valid(data, len, &bad)) {
        lf_error(d, src_pos(in, bad), "invalid UTF-8 (byte 0x%02X): save the file as UTF-8",
                 (unsigned char)data[bad]);
        return NULL;
    }
    src_checkpoints(in);
    int ok;
    node *root = parse_tree(in, d, &ok);
    if (!ok) {
        node_free(root);
        return NULL;
    }
    if (!root || (root->kind == N_SCALAR && root->len == 0)) {
        lf_error(d, whole, "empty file: expected %s", what);
        node_free(root);
        return NULL;
    }
    if (root->kind != N_MAP) {
        lf_error(d, root->pos, "expected %s, found %s", what, found(root));
        node_free(root);
        return NULL;
    }
    return root;
}

int lf_load_leaflet_mem(const char *name, const char *data, size_t len, lf_leaflet *out,
                        lf_diags *d)
{
    size_t e0 = d->nerrors, n0 = d->n;
    memset(out, 0, sizeof *out);
    src in;
    node *root = load_tree(name, data, len, &in, d, "a leaflet (a mapping with id, languages, title, body)");
    if (root) {
        ctx c = {d, &in, 0, 0, NULL, 0};
        check_leaflet(&c, root, name, out);
    }
    node_free(root);
    src_free(&in);
    sort_diags(d, n0);
    if (d->nerrors != e0) {
        lf_leaflet_free(out);
        return -1;
    }
    out->file = lf_xstrdup(name);
    const char *f = out->file;
    out->published.pos.file = out->review.pos.file = f;
    fix_text(&out->title, f);
    fix_text(&out->subtitle, f);
    for (size_t i = 0; i < out->nblocks; i++) {
        out->blocks[i].pos.file = f;
        fix_text(&out->blocks[i].text, f);
        fix_items(out->blocks[i].items, out->blocks[i].nitems, f);
    }
    return 0;
}

int lf_load_directory_mem(const char *name, const char *data, size_t len, lf_directory *out,
                          lf_diags *d)
{
    size_t e0 = d->nerrors, n0 = d->n;
    memset(out, 0, sizeof *out);
    src in;
    node *root = load_tree(name, data, len, &in, d, "a staff directory (a mapping with organisation, staff)");
    if (root) {
        ctx c = {d, &in, 0, 0, NULL, 0};
        check_directory(&c, root, out);
    }
    node_free(root);
    src_free(&in);
    sort_diags(d, n0);
    if (d->nerrors != e0) {
        lf_directory_free(out);
        return -1;
    }
    out->file = lf_xstrdup(name);
    const char *f = out->file;
    fix_text(&out->org_name, f);
    fix_text(&out->org_address, f);
    for (size_t i = 0; i < out->nstaff; i++) {
        lf_staff *s = &out->staff[i];
        s->pos.file = s->name_pos.file = f;
        fix_text(&s->job_title, f);
        fix_text(&s->specialty, f);
        fix_text(&s->location, f);
        for (size_t j = 0; j < s->npubs; j++)
            s->pubs_pos[j].file = f;
    }
    return 0;
}

/* Read a whole file, at most LF_MAX_FILE bytes. Returns NULL after reporting. */
static char *read_file(const char *path, size_t *len, lf_diags *d)
{
    lf_pos whole = {path, 0, 0};
    FILE *f = fopen(path, "rb");
    if (!f) {
        lf_error(d, whole, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > LF_MAX_FILE) {
        lf_error(d, whole, "file too large (%lld bytes; the limit is 1 MiB)", (long long)st.st_size);
        fclose(f);
        return NULL;
    }
    char *buf = lf_xmalloc(LF_MAX_FILE + 2);
    size_t n = fread(buf, 1, LF_MAX_FILE + 1, f);
    if (ferror(f)) {
        lf_error(d, whole, "cannot read: %s", strerror(errno ? errno : EIO));
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    if (n > LF_MAX_FILE) {
        lf_error(d, whole, "file too large (more than 1 MiB)");
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

int lf_load_leaflet(const char *path, lf_leaflet *out, lf_diags *d)
{
    size_t len;
    memset(out, 0, sizeof *out);
    char *buf = read_file(path, &len, d);
    if (!buf)
        return -1;
    int rc = lf_load_leaflet_mem(path, buf, len, out, d);
    free(buf);
    return rc;
}

int lf_load_directory(const char *path, lf_directory *out, lf_diags *d)
{
    size_t len;
    memset(out, 0, sizeof *out);
    char *buf = read_file(path, &len, d);
    if (!buf)
        return -1;
    int rc = lf_load_directory_mem(path, buf, len, out, d);
    free(buf);
    return rc;
}

static void check_text_langs(const lf_text *t, const char *what, const lf_leaflet *l, lf_diags *d,
                             int *bad)
{
    for (int i = 0; i < l->nlangs; i++) {
        if (!(t->have & (1u << l->langs[i]))) {
            lf_error(d, t->pos, "missing `%s` translation in `%s` (needed by leaflet `%s`)",
                     lf_lang_code(l->langs[i]), what, l->id ? l->id : "?");
            *bad = 1;
        }
    }
}

int lf_check_staff_langs(const lf_directory *dir, const lf_leaflet *l, lf_diags *d)
{
    int bad = 0;
    check_text_langs(&dir->org_name, "name", l, d, &bad);
    if (dir->has_org_address)
        check_text_langs(&dir->org_address, "address", l, d, &bad);
    for (size_t i = 0; i < dir->nstaff; i++) {
        const lf_staff *s = &dir->staff[i];
        check_text_langs(&s->job_title, "job_title", l, d, &bad);
        if (s->has_specialty)
            check_text_langs(&s->specialty, "specialty", l, d, &bad);
        if (s->has_location)
            check_text_langs(&s->location, "location", l, d, &bad);
    }
    return bad ? -1 : 0;
}
