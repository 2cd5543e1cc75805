/* fonts: fontconfig lookup (with the bundled fonts/ folder), coverage and
 * fallback per code point, advance widths through HarfBuzz. */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "util.h"

#ifndef LF_PREFIX
#define LF_PREFIX "/usr/local"
#endif

#define MAX_FACES 32
#define KDIR 0x180u /* Basic Latin to Latin Extended-A */

typedef struct face {
    char *path;
    hb_blob_t *blob;
    hb_face_t *hbface;
    hb_font_t *hbfont;
    unsigned upem;
    double ascent, descent, cap_height; /* 1/1000 em */
    float *adv[256]; /* BMP advances by page, 1/1000 em; NAN = not in font */
    /* pair kerning cache: open addressing, key (a << 32 | b) + 1, 0 = empty */
    uint64_t *kkey;
    float *kval;
    /* pairs of code points below KDIR: a direct table, one row per first code
     * point, made when first needed (1.5 KB each); NAN = not looked up */
    float *kdir[KDIR];
    size_t kcap, kn;
} face;

struct lf_fonts {
    face faces[MAX_FACES];
    size_t nfaces;
    int kerning;          /* apply the fonts' pair kerning */
    hb_buffer_t *buf;     /* reused for kerning look-ups */
    /* Fallback choice per BMP code point and style, -2 = not looked up yet. */
    signed char *pick[4][256];
    unsigned long serial; /* lf_fonts_serial */
};

static unsigned long serial_last; /* per process */

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The bundled fonts folder: beside the executable (source tree), else the
 * install prefix. */
static char *default_fontdir(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char *p = lf_xasprintf("%s/fonts", exe);
            if (is_dir(p))
                return p;
            free(p);
            p = lf_xasprintf("%s/../share/leaflet/fonts", exe);
            if (is_dir(p))
                return p;
            free(p);
        }
    }
    return lf_xstrdup(LF_PREFIX "/share/leaflet/fonts");
}

static int load_face(face *fc, const char *path)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob)
        return -1;
    hb_face_t *hf = hb_face_create(blob, 0);
    unsigned upem = hb_face_get_upem(hf);
    if (hb_face_get_glyph_count(hf) == 0 || upem == 0) {
        hb_face_destroy(hf);
        hb_blob_destroy(blob);
        return -1;
    }
    memset(fc, 0, sizeof *fc);
    fc->path = lf_xstrdup(path);
    fc->blob = blob;
    fc->hbface = hf;
    fc->hbfont = hb_font_create(hf);
    fc->upem = upem;
    hb_font_set_scale(fc->hbfont, (int)upem, (int)upem);
    hb_position_t v;
    double k = 1000.0 / upem;
    hb_font_extents_t ext;
    if (hb_font_get_h_extents(fc->hbfont, &ext)) {
        fc->ascent = ext.ascender * k;
        fc->descent = ext.descender * k;
    } else {
        fc->ascent = 800;
        fc->descent = -200;
    }
    fc->cap_height = hb_ot_metrics_get_position(fc->hbfont, HB_OT_METRICS_TAG_CAP_HEIGHT, &v)
                         ? v * k
                         : 0.7 * 1000;
    return 0;
}

static void free_face(face *fc)
{
    free(fc->kkey);
    free(fc->kval);
    for (unsigned i = 0; i < KDIR; i++)
        free(fc->kdir[i]);
    for (int i = 0; i < 256; i++)
        free(fc->adv[i]);
    hb_font_destroy(fc->hbfont);
    hb_face_destroy(fc->hbface);
    hb_blob_destroy(fc->blob);
    free(fc->path);
}

/* Find a face of the family through fontconfig. Returns the file path or NULL. */
static char *match_face(const char *family, int bold, int italic)
{
    FcPattern *p = FcPatternCreate();
    FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(p, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(p, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    FcPatternAddInteger(p, FC_WIDTH, FC_WIDTH_NORMAL);
    FcPatternAddString(p, FC_FONTFORMAT, (const FcChar8 *)"TrueType");
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult r;
    /* The bundled (application) fonts first, so output does not depend on
     * what else is installed; then the system's. */
    FcFontSet *app = FcConfigGetFonts(NULL, FcSetApplication);
    FcPattern *m = NULL;
    char *path = NULL;
    for (int pass = 0; pass < 2 && !path; pass++) {
        m = pass == 0 ? (app ? FcFontSetMatch(NULL, &app, 1, p, &r) : NULL) : FcFontMatch(NULL, p, &r);
        if (!m)
            continue;
        FcChar8 *fam = NULL, *file = NULL;
        int w = 0, s = 0;
        if (FcPatternGetString(m, FC_FAMILY, 0, &fam) == FcResultMatch &&
            FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
            FcPatternGetInteger(m, FC_WEIGHT, 0, &w) == FcResultMatch &&
            FcPatternGetInteger(m, FC_SLANT, 0, &s) == FcResultMatch &&
            strcasecmp((const char *)fam, family) == 0 &&
            (w >= FC_WEIGHT_BOLD) == !!bold && (s != FC_SLANT_ROMAN) == !!italic)
            path = lf_xstrdup((const char *)file);
        FcPatternDestroy(m);
    }
    FcPatternDestroy(p);
    return path;
}

lf_fonts *lf_fonts_open(const char *family, const char *fontdir, lf_diags *d)
{
    static const char *const style_name[4] = {"Regular", "Bold", "Italic", "Bold Italic"};
    if (!FcInit()) {
        lf_error(d, (lf_pos){0}, "fontconfig could not be initialised");
        return NULL;
    }
    char *dir = fontdir ? lf_xstrdup(fontdir) : default_fontdir();
    if (is_dir(dir))
        FcConfigAppFontAddDir(NULL, (const FcChar8 *)dir);
    lf_fonts *f = lf_xcalloc(1, sizeof *f);
    f->kerning = 1;
    f->serial = ++serial_last;
    f->buf = hb_buffer_create();
    for (int s = 0; s < 4; s++) {
        char *path = match_face(family, s & LF_BOLD, s & LF_ITALIC);
        if (!path) {
            lf_error(d, (lf_pos){0}, "font '%s %s' not found (bundled folder: %s)", family,
                     style_name[s], dir);
            goto fail;
        }
        if (load_face(&f->faces[s], path) != 0) {
            lf_error(d, (lf_pos){0}, "font file '%s' cannot be read as a TrueType font", path);
            free(path);
            goto fail;
        }
        free(path);
        f->nfaces++;
    }
    free(dir);
    return f;
fail:
    free(dir);
    lf_fonts_close(f);
    return NULL;
}

void lf_fonts_close(lf_fonts *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nfaces; i++)
        free_face(&f->faces[i]);
    for (int s = 0; s < 4; s++)
        for (int i = 0; i < 256; i++)
            free(f->pick[s][i]);
    hb_buffer_destroy(f->buf);
    free(f);
    FcFini();
}

static double face_advance(face *fc, uint32_t cp)
{
    if (cp > 0xFFFF)
        return NAN;
    float **page = &fc->adv[cp >> 8];
    if (!*page) {
        *page = lf_xmalloc(256 * sizeof **page);
        for (unsigned i = 0; i < 256; i++) {
            hb_codepoint_t g;
            uint32_t c = (cp & ~0xFFu) | i;
            if (hb_font_get_nominal_glyph(fc->hbfont, c, &g) && g != 0)
                (*page)[i] = (float)(hb_font_get_glyph_h_advance(fc->hbfont, g) * 1000.0 / fc->upem);
            else
                (*page)[i] = NAN;
        }
    }
    return (*page)[cp & 0xFF];
}

/* Code points that are never drawn: controls, and format characters that a
 * font may map but that would print as nothing or reorder text. */
static int undrawable(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp > 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

/* A fallback face that has cp: through fontconfig, TrueType files only
 * (libharu 2.3 cannot embed CFF outlines). Returns its index or -1. */
static int find_fallback(lf_fonts *f, unsigned style, uint32_t cp)
{
    /* Already loaded fallbacks first, so a document uses few faces. */
    for (size_t i = 4; i < f->nfaces; i++)
        if (!isnan(face_advance(&f->faces[i], cp)))
            return (int)i;
    if (f->nfaces >= MAX_FACES)
        return -1;
    FcPattern *p = FcPatternCreate();
    FcCharSet *cs = FcCharSetCreate();
    FcCharSetAddChar(cs, cp);
    FcPatternAddCharSet(p, FC_CHARSET, cs);
    FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)"sans-serif");
    FcPatternAddInteger(p, FC_WEIGHT, (style & LF_BOLD) ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult r;
    FcFontSet *set = FcFontSort(NULL, p, FcFalse, NULL, &r);
    FcPatternDestroy(p);
    int found = -1;
    for (int i = 0; set && i < set->nfont && found < 0; i++) {
        FcChar8 *file = NULL, *fmt = NULL;
        FcCharSet *mcs = NULL;
        int index = 0;
        FcPattern *m = set->fonts[i];
        if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch ||
            FcPatternGetCharSet(m, FC_CHARSET, 0, &mcs) != FcResultMatch ||
            !FcCharSetHasChar(mcs, cp))
            continue;
        if (FcPatternGetString(m, FC_FONTFORMAT, 0, &fmt) != FcResultMatch ||
            strcmp((const char *)fmt, "TrueType") != 0)
            continue;
        if (FcPatternGetInteger(m, FC_INDEX, 0, &index) == FcResultMatch && index != 0)
            continue;
        size_t len = strlen((const char *)file);
        if (len < 4 || strcasecmp((const char *)file + len - 4, ".ttf") != 0)
            continue;
        face *fc = &f->faces[f->nfaces];
        if (load_face(fc, (const char *)file) != 0)
            continue;
        if (isnan(face_advance(fc, cp))) {
            free_face(fc);
            continue;
        }
        found = (int)f->nfaces++;
    }
    if (set)
        FcFontSetDestroy(set);
    FcCharSetDestroy(cs);
    return found;
}

int lf_fonts_pick(lf_fonts *f, unsigned style, uint32_t cp)
{
    style &= 3;
    if (undrawable(cp))
        return -1;
    if (!isnan(face_advance(&f->faces[style], cp)))
        return (int)style;
    signed char **page = &f->pick[style][cp >> 8];
    if (!*page) {
        *page = lf_xmalloc(256);
        memset(*page, -2, 256);
    }
    signed char *slot = &(*page)[cp & 0xFF];
    if (*slot == -2)
        *slot = (signed char)find_fallback(f, style, cp);
    return *slot;
}

double lf_fonts_advance(lf_fonts *f, int fi, uint32_t cp)
{
    if (fi < 0 || (size_t)fi >= f->nfaces)
        return 0;
    double a = face_advance(&f->faces[fi], cp);
    return isnan(a) ? 0 : a;
}

/* The font's own pair adjustment (GPOS, or kern) for a followed by b, as
 * HarfBuzz positions them with kerning on and ligatures and contextual
 * alternates off. 1/1000 em; loosening capped well below a space. */
static double shape_pair(lf_fonts *f, face *fc, uint32_t a, uint32_t b)
{
    static const hb_feature_t feats[] = {
        {HB_TAG('k', 'e', 'r', 'n'), 1, 0, (unsigned)-1},
        {HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1},
        {HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
        {HB_TAG('c', 'a', 'l', 't'), 0, 0, (unsigned)-1},
        {HB_TAG('d', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
    };
    hb_buffer_t *buf = f->buf;
    hb_buffer_clear_contents(buf);
    uint32_t cps[2] = {a, b};
    hb_buffer_add_codepoints(buf, cps, 2, 0, 2);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, HB_SCRIPT_LATIN);
    hb_shape(fc->hbfont, buf, feats, sizeof feats / sizeof feats[0]);
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    hb_codepoint_t ga, gb;
    if (n != 2 || !hb_font_get_nominal_glyph(fc->hbfont, a, &ga) ||
        !hb_font_get_nominal_glyph(fc->hbfont, b, &gb) || info[0].codepoint != ga ||
        info[1].codepoint != gb || pos[1].x_offset != 0 || pos[1].y_offset != 0)
        return 0; /* substituted or mark-positioned: leave it alone */
    double k = (pos[0].x_advance - hb_font_get_glyph_h_advance(fc->hbfont, ga)) * 1000.0 / fc->upem;
    return k > LF_KERN_MAX ? LF_KERN_MAX : k;
}

double lf_fonts_kern(lf_fonts *f, int fi, uint32_t a, uint32_t b)
{
    if (!f->kerning || fi < 0 || (size_t)fi >= f->nfaces || a > 0xFFFF || b > 0xFFFF || a == ' ' ||
        b == ' ')
        return 0;
    face *fc = &f->faces[fi];
    if (a < KDIR && b < KDIR) { /* Latin: a direct table (at most 576 KB per face that kerns) */
        float **row = &fc->kdir[a];
        if (!*row) {
            *row = lf_xmalloc(KDIR * sizeof **row);
            for (size_t i = 0; i < KDIR; i++)
                (*row)[i] = NAN;
        }
        float *slot = &(*row)[b];
        if (isnan(*slot))
            *slot = (float)shape_pair(f, fc, a, b);
        return *slot;
    }
    if (fc->kn * 2 >= fc->kcap) { /* grow and rehash */
        size_t ncap = fc->kcap ? fc->kcap * 2 : 1024;
        uint64_t *nk = lf_xcalloc(ncap, sizeof *nk);
        float *nv = lf_xcalloc(ncap, sizeof *nv);
        for (size_t i = 0; i < fc->kcap; i++)
            if (fc->kkey[i]) {
                size_t h = (size_t)((fc->kkey[i] * 0x9E3779B97F4A7C15ull) >> 20) & (ncap - 1);
                while (nk[h])
                    h = (h + 1) & (ncap - 1);
                nk[h] = fc->kkey[i];
                nv[h] = fc->kval[i];
            }
        free(fc->kkey);
        free(fc->kval);
        fc->kkey = nk;
        fc->kval = nv;
        fc->kcap = ncap;
    }
    uint64_t key = ((uint64_t)a << 32 | b) + 1;
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (fc->kcap - 1);
    while (fc->kkey[h]) {
        if (fc->kkey[h] == key)
            return fc->kval[h];
        h = (h + 1) & (fc->kcap - 1);
    }
    double k = shape_pair(f, fc, a, b);
    fc->kkey[h] = key;
    fc->kval[h] = (float)k;
    fc->kn++;
    return fc->kval[h];
}

void lf_fonts_set_kerning(lf_fonts *f, int on)
{
    if (f->kerning != on)
        f->serial = ++serial_last;
    f->kerning = on;
}

int lf_fonts_kerning(const lf_fonts *f)
{
    return f->kerning;
}

/* lf_fonts_pick and the advance in that face, in one look-up when the
 * style's own face has cp. */
static int pick_advance(lf_fonts *f, unsigned style, uint32_t cp, double *adv)
{
    style &= 3;
    if (cp < 0x100 && cp >= 0x20 && (cp < 0x7F || cp >= 0xA0)) { /* drawable Latin-1 */
        const float *page = f->faces[style].adv[0];
        if (page && !isnan(page[cp])) {
            *adv = page[cp];
            return (int)style;
        }
    }
    int fi = lf_fonts_pick(f, style, cp);
    if (fi >= 0)
        *adv = face_advance(&f->faces[fi], cp);
    return fi;
}

/* lf_fonts_kern, straight from the direct table when the pair is there. */
static double kern_fast(lf_fonts *f, int fi, uint32_t a, uint32_t b)
{
    if (f->kerning && a < KDIR && b < KDIR && a != ' ' && b != ' ') {
        const float *t = f->faces[fi].kdir[a];
        if (t && !isnan(t[b]))
            return t[b];
    }
    return lf_fonts_kern(f, fi, a, b);
}

double lf_fonts_width(lf_fonts *f, unsigned style, double size, const char *s, size_t len)
{
    double w = 0;
    size_t i = 0;
    uint32_t cp, prev = 0;
    int pface = -1;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            cp = (unsigned char)s[i++];
        } else if (!lf_utf8_next(s, len, &i, &cp)) {
            i++;
            pface = -1;
            continue;
        }
        double adv = 0;
        int fi = pick_advance(f, style, cp, &adv);
        if (fi >= 0) {
            w += adv;
            if (fi == pface)
                w += kern_fast(f, fi, prev, cp);
        }
        pface = fi;
        prev = cp;
    }
    return w * size / 1000.0;
}

unsigned long lf_fonts_serial(const lf_fonts *f)
{
    return f->serial;
}

size_t lf_fonts_count(const lf_fonts *f)
{
    return f->nfaces;
}

const char *lf_fonts_path(const lf_fonts *f, int fi)
{
    return fi >= 0 && (size_t)fi < f->nfaces ? f->faces[fi].path : NULL;
}

double lf_fonts_ascent(const lf_fonts *f, int fi)
{
    return f->faces[fi].ascent;
}

double lf_fonts_descent(const lf_fonts *f, int fi)
{
    return f->faces[fi].descent;
}

double lf_fonts_cap_height(const lf_fonts *f, int fi)
{
    return f->faces[fi].cap_height;
}

int lf_fonts_check(lf_fonts *f, unsigned style, const char *s, lf_pos pos, lf_diags *d)
{
    size_t i = 0, len = strlen(s);
    uint32_t cp;
    int col = pos.col;
    while (i < len) {
        if (!lf_utf8_next(s, len, &i, &cp)) {
            lf_error(d, pos, "invalid UTF-8");
            return -1;
        }
        if (lf_fonts_pick(f, style, cp) < 0) {
            lf_pos p = pos;
            p.col = col;
            if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
                lf_error(d, p, "control character U+%04X cannot be printed", (unsigned)cp);
            else if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
                     (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF)
                lf_error(d, p, "invisible formatting character U+%04X is not allowed in text",
                         (unsigned)cp);
            else {
                lf_buf b = {0};
                lf_buf_add_utf8(&b, cp);
                lf_error(d, p, "no font has U+%04X '%s'%s", (unsigned)cp, b.s,
                         cp > 0xFFFF ? " (characters beyond U+FFFF cannot be embedded)" : "");
                lf_buf_free(&b);
            }
            return -1;
        }
        if (pos.line > 0)
            col++;
    }
    return 0;
}
