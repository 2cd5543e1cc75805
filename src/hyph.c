/* hyph: hyphenation points from libhyphen (Debian's hyphen-fr, hyphen-en-us).
 *
 * Patterns must be UTF-8 (line 1 of the .dic says so; libhyphen sets
 * dict->utf8). Words are lowercased before matching: ASCII, Latin-1 and Latin
 * Extended-A capitals have a lowercase form of the same byte length, so byte
 * offsets in the lowercased copy are offsets in the original word. A word with
 * any other character (digits, punctuation, other scripts) is not hyphenated,
 * nor a word shorter than 5 characters or longer than MAX_WORD bytes.
 * At least 2 characters stay before a point and 3 after it, whatever the
 * pattern file says (hyph_fr.dic allows 2 after). */
#include "hyph.h"

#include <hyphen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define MIN_WORD 5
#define LEFT_MIN 2
#define RIGHT_MIN 3
#define MAX_WORD 256 /* bytes; longer "words" are not words */

struct lf_hyph {
    HyphenDict *dict;
    lf_lang lang;
    unsigned long serial; /* lf_hyph_serial */
};

static unsigned long serial_last; /* per process */

static const char *const fr_files[] = {"hyph_fr.dic", "hyph_fr_FR.dic", NULL};
static const char *const en_files[] = {"hyph_en_US.dic", "hyph_en.dic", NULL};

/* Is the file's first line "UTF-8"? */
static int file_is_utf8(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[64];
    int ok = 0;
    if (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        ok = strcmp(line, "UTF-8") == 0;
    }
    fclose(f);
    return ok;
}

static HyphenDict *try_dir(const char *dir, const char *const *files)
{
    for (size_t i = 0; files[i]; i++) {
        char *path = lf_xasprintf("%s/%s", dir, files[i]);
        HyphenDict *d = NULL;
        if (file_is_utf8(path)) {
            d = hnj_hyphen_load(path);
            if (d && !d->utf8) {
                hnj_hyphen_free(d);
                d = NULL;
            }
        }
        free(path);
        if (d)
            return d;
    }
    return NULL;
}

/* The installed copy: <exe dir>/../share/leaflet/hyphen (make install puts
 * the patterns there), found wherever the tree was installed. */
static char *installed_dir(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    return lf_xasprintf("%s/../share/leaflet/hyphen", exe);
}

lf_hyph *lf_hyph_open(lf_lang lang, const char *dir, lf_diags *d)
{
    const char *const *files = lang == LF_FR ? fr_files : lang == LF_EN ? en_files : NULL;
    const char *dirs[5];
    size_t nd = 0;
    if (dir && *dir)
        dirs[nd++] = dir;
    const char *env = getenv("LEAFLET_HYPHEN_DIR");
    if (env && *env)
        dirs[nd++] = env;
    char *inst = installed_dir();
    if (inst)
        dirs[nd++] = inst;
    dirs[nd++] = LF_PREFIX "/share/leaflet/hyphen";
    dirs[nd++] = "/usr/share/hyphen";

    HyphenDict *dict = NULL;
    for (size_t i = 0; files && i < nd && !dict; i++)
        dict = try_dir(dirs[i], files);
    if (!dict) {
        lf_buf where = {0};
        for (size_t i = 0; i < nd; i++) {
            if (i)
                lf_buf_adds(&where, ", ");
            lf_buf_adds(&where, dirs[i]);
        }
        lf_error(d, (lf_pos){0}, "no hyphenation patterns for %s (looked in %s)",
                 lf_lang_code(lang), where.s);
        lf_buf_free(&where);
        free(inst);
        return NULL;
    }
    free(inst);
    lf_hyph *h = lf_xcalloc(1, sizeof *h);
    h->dict = dict;
    h->lang = lang;
    h->serial = ++serial_last;
    return h;
}

unsigned long lf_hyph_serial(const lf_hyph *h)
{
    return h ? h->serial : 0;
}

void lf_hyph_close(lf_hyph *h)
{
    if (!h)
        return;
    hnj_hyphen_free(h->dict);
    free(h);
}

/* Lowercase form of a letter, or 0 when cp is not a letter we know the case
 * of. The result has the same UTF-8 length as cp. */
static uint32_t lower_letter(uint32_t cp)
{
    if (cp >= 'a' && cp <= 'z')
        return cp;
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp >= 0xDF && cp <= 0xFF && cp != 0xF7)
        return cp;                       /* ß à … ÿ */
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 32;                  /* À … Þ */
    if (cp == 0x178)
        return 0xFF;                     /* Ÿ */
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
        return cp | 1;                   /* pairs: even upper, odd lower */
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return (cp & 1) ? cp + 1 : cp;   /* pairs: odd upper, even lower */
    if (cp == 0x138 || cp == 0x149 || cp == 0x17F)
        return cp;                       /* ĸ ŉ ſ */
    return 0;
}

size_t lf_hyph_points(lf_hyph *h, const char *w, size_t len, size_t *pos, size_t max)
{
    if (!h || !w || len > MAX_WORD || max == 0)
        return 0;
    lf_buf lw = {0};
    size_t i = 0, nchars = 0;
    uint32_t cp;
    while (i < len) {
        if (!lf_utf8_next(w, len, &i, &cp)) {
            lf_buf_free(&lw);
            return 0;
        }
        uint32_t lc = lower_letter(cp);
        if (!lc) {
            lf_buf_free(&lw);
            return 0; /* digits, punctuation, unknown case */
        }
        lf_buf_add_utf8(&lw, lc);
        nchars++;
    }
    if (nchars < MIN_WORD || lw.len != len) {
        lf_buf_free(&lw);
        return 0;
    }

    char *hy = lf_xcalloc(len + 5, 1);
    char **rep = NULL;
    int *rpos = NULL, *cut = NULL;
    size_t k = 0;
    if (hnj_hyphen_hyphenate2(h->dict, lw.s, (int)len, hy, NULL, &rep, &rpos, &cut) == 0) {
        /* For UTF-8 dictionaries libhyphen compacts hy[] (and rep[]) to one
         * entry per character: hy[c] & 1 means "a point after character c". */
        size_t off = 0; /* byte offset of character c + 1 */
        i = 0;
        for (size_t c = 0; c + 1 < nchars && k < max; c++) {
            lf_utf8_next(w, len, &i, &cp);
            off = i;
            if (!(hy[c] & 1) || (rep && rep[c]))
                continue; /* no point, or a non-standard one (a change of spelling) */
            if (c + 1 < LEFT_MIN || nchars - (c + 1) < RIGHT_MIN)
                continue;
            pos[k++] = off;
        }
    }
    if (rep) {
        for (size_t j = 0; j < len; j++)
            free(rep[j]);
        free(rep);
    }
    free(rpos);
    free(cut);
    free(hy);
    lf_buf_free(&lw);
    return k;
}
