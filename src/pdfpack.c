/* pdfpack: object streams and a cross-reference stream (see pdfpack.h).
 *
 * The input is parsed only as far as libharu 2.3.0 writes it, and checked
 * as it is read:
 *   "%PDF-1.d\n" ... objects ... "xref\n0 N\n" N entries of 20 bytes
 *   "trailer\n<<\n" ... "\n>>\nstartxref\nOFFSET\n%%EOF\n"
 * the xref entries in number order and contiguous: object i at the offset
 * the table gives, "i 0 obj\n" BODY "\nendobj\n", ending where object i+1
 * starts (the last where the table starts). A stream's BODY is
 * "<<\n/Length L\n" ENTRIES ">>\nstream\r\n" DATA "\nendstream", L either a
 * number or "K 0 R" with object K a bare integer; L must be DATA's length.
 * Anything else: -1, and the caller reports an error.
 *
 * References ("N 0 R" outside strings and names) are rewritten to the new
 * numbers; a reference to an object that does not exist, or to a length
 * object outside a /Length, is an error too. */
#include "pdfpack.h"

#include <stdlib.h>
#include <string.h>

#include "pdfw.h"
#include "util.h"

typedef struct pobj {
    size_t body, body_len; /* BODY in the input */
    size_t dict_len;       /* streams: "<<...>>"; 0 for other objects */
    size_t keys, keys_len; /* streams: the entries after /Length */
    size_t data, data_len; /* streams: DATA */
    int is_len;            /* a length object: inlined, not written */
    int num;               /* the new number */
} pobj;

typedef struct packin {
    const unsigned char *s;
    size_t len;
    long n;             /* the xref table's size: objects 0..n-1 */
    pobj *o;
    int minor;          /* %PDF-1.<minor> */
    long root, info;
    unsigned char id[16];
} packin;

static const unsigned char *find(const unsigned char *h, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k == 0 || k > n)
        return NULL;
    const unsigned char *end = h + n - k + 1;
    for (const unsigned char *p = h; p < end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p));
        if (!p)
            return NULL;
        if (memcmp(p, needle, k) == 0)
            return p;
    }
    return NULL;
}

/* Decimal digits at p[0..n) as a number; -1 when not all digits. */
static long digits(const unsigned char *p, size_t n)
{
    if (n == 0 || n > 12)
        return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* The number of digits at p[0..n). */
static size_t ndigits(const unsigned char *p, size_t n)
{
    size_t k = 0;
    while (k < n && p[k] >= '0' && p[k] <= '9')
        k++;
    return k;
}

/* Character classes (PDF 1.7, 7.2.2): white space, delimiters, digits. */
enum { C_REG = 0, C_WS = 1, C_DELIM = 2, C_DIGIT = 4 };
static const unsigned char cls[256] = {
    [0] = C_WS, ['\t'] = C_WS, ['\n'] = C_WS, ['\f'] = C_WS, ['\r'] = C_WS, [' '] = C_WS,
    ['('] = C_DELIM, [')'] = C_DELIM, ['<'] = C_DELIM, ['>'] = C_DELIM, ['['] = C_DELIM,
    [']'] = C_DELIM, ['{'] = C_DELIM, ['}'] = C_DELIM, ['/'] = C_DELIM, ['%'] = C_DELIM,
    ['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT, ['4'] = C_DIGIT,
    ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT, ['8'] = C_DIGIT, ['9'] = C_DIGIT,
};

/* "/Key N 0 R" in the trailer t[0..n): N, or -1. */
static long trailer_ref(const unsigned char *t, size_t n, const char *key)
{
    const unsigned char *p = find(t, n, key);
    if (!p)
        return -1;
    p += strlen(key);
    size_t rest = n - (size_t)(p - t), k = ndigits(p, rest);
    if (k + 5 > rest || memcmp(p + k, " 0 R\n", 5) != 0)
        return -1;
    return digits(p, k);
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* The trailer t[0..n) (between "trailer\n" and "startxref"): /Root, /Info,
 * /Size, and /ID as two equal 16-byte hex strings; nothing that would need
 * more than copying (/Encrypt, /Prev, /XRefStm). */
static int parse_trailer(packin *p, const unsigned char *t, size_t n)
{
    if (n < 7 || memcmp(t, "<<\n", 3) != 0 || memcmp(t + n - 4, "\n>>\n", 4) != 0)
        return -1;
    if (find(t, n, "/Encrypt") || find(t, n, "/Prev") || find(t, n, "/XRefStm"))
        return -1;
    p->root = trailer_ref(t, n, "\n/Root ");
    p->info = trailer_ref(t, n, "\n/Info ");
    const unsigned char *s = find(t, n, "\n/Size ");
    if (!s || p->root <= 0 || p->root >= p->n || p->info == 0 || p->info >= p->n)
        return -1;
    s += 7;
    size_t k = ndigits(s, n - (size_t)(s - t));
    if (digits(s, k) != p->n)
        return -1;
    const unsigned char *id = find(t, n, "\n/ID [ <");
    if (!id || (size_t)(id - t) + 8 + 72 > n)
        return -1;
    id += 8; /* the first hex string's digits; then "> <", 32 more, "> ]" */
    if (memcmp(id + 32, "> <", 3) != 0 || memcmp(id + 67, "> ]", 3) != 0 ||
        memcmp(id, id + 35, 32) != 0)
        return -1;
    for (int i = 0; i < 16; i++) {
        int hi = hexval(id[2 * i]), lo = hexval(id[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        p->id[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

/* Object i's stream parts: its body has "\nstream\r\n" at st and ends with
 * "\nendstream". Marks its length object. */
static int parse_stream(packin *p, long i, const unsigned char *st)
{
    pobj *o = &p->o[i];
    const unsigned char *b = p->s + o->body;
    if (st - b < 2 || memcmp(st - 2, ">>", 2) != 0)
        return -1;
    o->dict_len = (size_t)(st - b);
    o->data = o->body + o->dict_len + 9;
    if (o->body_len < o->dict_len + 9 + 10)
        return -1;
    o->data_len = o->body_len - o->dict_len - 9 - 10;
    static const char head[] = "<<\n/Length ";
    size_t h = sizeof head - 1;
    if (o->dict_len < h + 3 || memcmp(b, head, h) != 0)
        return -1;
    const unsigned char *v = b + h;
    size_t rest = o->dict_len - h, k = ndigits(v, rest);
    long len;
    if (k + 5 <= rest && memcmp(v + k, " 0 R\n", 5) == 0) {
        long r = digits(v, k);
        if (r <= 0 || r >= p->n || r == i)
            return -1;
        const pobj *l = &p->o[r];
        len = digits(p->s + l->body, l->body_len); /* -1 for a stream too */
        p->o[r].is_len = 1;
        k += 4;
    } else {
        len = digits(v, k);
    }
    if (len < 0 || (size_t)len != o->data_len || k + 1 > rest || v[k] != '\n')
        return -1;
    o->keys = o->body + h + k + 1;
    o->keys_len = o->dict_len - h - k - 1 - 2; /* without the final ">>" */
    for (size_t j = 0; j < o->keys_len; j++)
        if (p->s[o->keys + j] == '\0')
            return -1; /* pdfw takes the entries as a C string */
    return 0;
}

/* Parse the input; fills p. Returns 0, or -1 (p->o freed). */
static int parse(packin *p, const unsigned char *in, size_t len)
{
    memset(p, 0, sizeof *p);
    p->s = in;
    p->len = len;
    if (len < 32 || memcmp(in, "%PDF-1.", 7) != 0 || in[7] < '0' || in[7] > '9' || in[8] != '\n')
        return -1;
    p->minor = in[7] - '0';
    /* the end: "startxref\nOFFSET\n%%EOF\n" */
    if (memcmp(in + len - 6, "%%EOF\n", 6) != 0)
        return -1;
    size_t e = len - 6, k = 0;
    if (e < 1 || in[e - 1] != '\n')
        return -1;
    while (k < e - 1 && in[e - 2 - k] >= '0' && in[e - 2 - k] <= '9')
        k++;
    long xoff = digits(in + e - 1 - k, k);
    size_t sx = e - 1 - k; /* the offset's first digit */
    if (xoff <= 9 || sx < 10 || memcmp(in + sx - 10, "startxref\n", 10) != 0 ||
        (size_t)xoff + 7 > sx - 10 || memcmp(in + xoff, "xref\n0 ", 7) != 0)
        return -1;
    const unsigned char *q = in + xoff + 7;
    k = ndigits(q, sx - (size_t)xoff - 7);
    long n = digits(q, k);
    if (n < 2 || q[k] != '\n')
        return -1;
    const unsigned char *tab = q + k + 1;
    size_t room = sx - 10 - (size_t)(tab - in);
    if ((size_t)n > room / 20)
        return -1;
    const unsigned char *tr = tab + (size_t)n * 20; /* "trailer\n<<\n...\n>>\n" */
    size_t trn = sx - 10 - (size_t)(tr - in);
    if (trn < 8 || memcmp(tr, "trailer\n", 8) != 0)
        return -1;
    p->n = n;
    if (parse_trailer(p, tr + 8, trn - 8))
        return -1;
    if (memcmp(tab, "0000000000 65535 f\r\n", 20) != 0)
        return -1;

    p->o = lf_xcalloc((size_t)n, sizeof *p->o);
    size_t prev_end = 9;
    for (long i = 1; i < n; i++) {
        const unsigned char *x = tab + (size_t)i * 20;
        if (memcmp(x + 10, " 00000 n\r\n", 10) != 0)
            goto bad;
        long off = digits(x, 10);
        if (off <= 0 || (size_t)off < prev_end || (size_t)off >= (size_t)xoff)
            goto bad;
        if (i > 1 && (size_t)off != prev_end)
            goto bad;
        /* "i 0 obj\n" */
        size_t hl = ndigits(in + off, (size_t)xoff - (size_t)off);
        if (digits(in + off, hl) != i || (size_t)off + hl + 7 > (size_t)xoff ||
            memcmp(in + off + hl, " 0 obj\n", 7) != 0)
            goto bad;
        hl += 7;
        /* the object ends where the next one starts (or the xref) */
        size_t end = (size_t)xoff;
        if (i + 1 < n) {
            long noff = digits(x + 20, 10);
            if (noff <= off || (size_t)noff > (size_t)xoff)
                goto bad;
            end = (size_t)noff;
        }
        if (end < (size_t)off + hl + 8 || memcmp(in + end - 8, "\nendobj\n", 8) != 0)
            goto bad;
        p->o[i].body = (size_t)off + hl;
        p->o[i].body_len = end - 8 - p->o[i].body;
        prev_end = end;
    }
    if (prev_end != (size_t)xoff)
        goto bad;
    /* streams, after every object is known (a length object may come later) */
    for (long i = 1; i < n; i++) {
        const pobj *o = &p->o[i];
        int ends = o->body_len >= 10 &&
                   memcmp(in + o->body + o->body_len - 10, "\nendstream", 10) == 0;
        const unsigned char *st = find(in + o->body, o->body_len, "\nstream\r\n");
        if (st ? !ends || parse_stream(p, i, st) : ends)
            goto bad;
    }
    for (long i = 1; i < n; i++)
        if (p->o[i].is_len && p->o[i].dict_len)
            goto bad; /* a stream as a length */
    if (p->o[p->root].is_len || p->o[p->root].dict_len || (p->info > 0 && p->o[p->info].is_len))
        goto bad;
    return 0;
bad:
    free(p->o);
    p->o = NULL;
    return -1;
}

/* s[0..n) appended to b with every reference "N 0 R" renumbered (strings,
 * hex strings, names and comments copied as they are). Returns 0, or -1 for
 * a reference to no object (or to a length object), or an unterminated
 * string. */
static int renumber(const packin *p, lf_buf *b, const unsigned char *s, size_t n)
{
    size_t from = 0, i = 0;
    unsigned char prev = C_WS; /* the class of the byte before s[i] */
    while (i < n) {
        unsigned char c = s[i], k = cls[c];
        if (k == C_REG || k == C_WS) {
            prev = k;
            i++;
            continue;
        }
        if (k == C_DIGIT) {
            size_t j = i + 1;
            while (j < n && cls[s[j]] == C_DIGIT)
                j++;
            if (prev == C_REG) { /* inside a token: a name's tail, a real's decimals */
                i = j;
                continue;
            }
            /* a number: the first of "N 0 R"? */
            size_t d = j, g, r;
            while (d < n && cls[s[d]] == C_WS)
                d++;
            for (g = d; g < n && cls[s[g]] == C_DIGIT; g++)
                ;
            for (r = g; r < n && cls[s[r]] == C_WS; r++)
                ;
            if (d > j && g > d && r > g && r < n && s[r] == 'R' &&
                (r + 1 == n || (cls[s[r + 1]] & (C_WS | C_DELIM)))) {
                long num = digits(s + i, j - i);
                if (digits(s + d, g - d) != 0 || num <= 0 || num >= p->n || !p->o[num].num)
                    return -1;
                lf_buf_add(b, (const char *)s + from, i - from);
                lf_pdfw_int(b, p->o[num].num);
                from = j;
                j = r + 1;
            }
            prev = C_REG;
            i = j;
            continue;
        }
        /* a delimiter */
        if (c == '(') { /* a literal string: balanced parentheses, \ escapes */
            int depth = 1;
            for (i++; i < n && depth; i++) {
                if (s[i] == '\\')
                    i++;
                else if (s[i] == '(')
                    depth++;
                else if (s[i] == ')')
                    depth--;
            }
            if (depth)
                return -1;
        } else if (c == '<' && i + 1 < n && s[i + 1] == '<') { /* a dictionary */
            i += 2;
        } else if (c == '<') { /* a hex string */
            const unsigned char *e = memchr(s + i, '>', n - i);
            if (!e)
                return -1;
            i = (size_t)(e - s) + 1;
        } else if (c == '%') { /* a comment, to the end of the line */
            while (i < n && s[i] != '\n' && s[i] != '\r')
                i++;
        } else if (c == '/') { /* a name */
            for (i++; i < n && cls[s[i]] != C_WS && cls[s[i]] != C_DELIM; i++)
                ;
        } else {
            i++;
        }
        prev = C_DELIM;
    }
    lf_buf_add(b, (const char *)s + from, n - from);
    return 0;
}

/* The offset of the hex strings of "/ID[" in the cross-reference stream's
 * dictionary (the last object, which startxref points at). */
static int find_id(const unsigned char *f, size_t len, size_t *at)
{
    const unsigned char *sx = NULL;
    for (size_t i = len >= 40 ? len - 40 : 0; i + 10 <= len && !sx; i++)
        if (memcmp(f + i, "startxref\n", 10) == 0)
            sx = f + i;
    if (!sx)
        return -1;
    long x = digits(sx + 10, ndigits(sx + 10, len - (size_t)(sx - f) - 10));
    if (x <= 0 || f + x >= sx)
        return -1;
    const unsigned char *d = f + x;
    const unsigned char *st = find(d, (size_t)(sx - d), ">>\nstream\n");
    const unsigned char *id = st ? find(d, (size_t)(st - d), "/ID[<") : NULL;
    if (!id)
        return -1;
    *at = (size_t)(id - f) + 4;
    return 0;
}

int lf_pdfpack(const unsigned char *in, size_t len, unsigned char **out, size_t *outlen,
               size_t *id_at)
{
    *out = NULL;
    *outlen = 0;
    packin p;
    if (parse(&p, in, len))
        return -1;
    lf_pdfw *w = lf_pdfw_new(NULL, p.minor); /* no cache: every file's bytes are its own */
    /* print and archive files are sent and kept, not made by the thousand
     * against the clock: the dictionaries at libdeflate's 9 */
    lf_pdfw_level(w, 0, LF_PDFPACK_LEVEL);
    for (long i = 1; i < p.n; i++)
        if (!p.o[i].is_len)
            p.o[i].num = lf_pdfw_obj(w);
    int rc = 0;
    lf_buf keys = {0};
    for (long i = 1; i < p.n && rc == 0; i++) {
        const pobj *o = &p.o[i];
        if (o->is_len)
            continue;
        if (o->dict_len) {
            keys.len = 0;
            rc = renumber(&p, &keys, in + o->keys, o->keys_len);
            if (rc == 0)
                lf_pdfw_stream(w, o->num, keys.s ? keys.s : "", in + o->data, o->data_len);
        } else {
            rc = renumber(&p, lf_pdfw_body(w, o->num, 0), in + o->body, o->body_len);
        }
    }
    lf_buf_free(&keys);
    unsigned char *f = NULL;
    size_t flen = 0;
    if (rc == 0)
        rc = lf_pdfw_finish(w, p.o[p.root].num, p.info > 0 ? p.o[p.info].num : 0, p.id, &f,
                            &flen);
    lf_pdfw_free(w);
    free(p.o);
    if (rc == 0 && find_id(f, flen, id_at))
        rc = -1;
    if (rc) {
        free(f);
        return -1;
    }
    *out = f;
    *outlen = flen;
    return 0;
}
