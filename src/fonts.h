/* fonts: finds the type family through fontconfig (with the bundled fonts/
 * folder added as an application font folder), checks coverage, falls back
 * per character to another installed font that has it, and gives advance
 * widths. The typesetter asks it for widths; only the PDF stage asks it for
 * files. Font indices are stable for the life of an lf_fonts. */
#ifndef LF_FONTS_H
#define LF_FONTS_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"

#define LF_FAMILY "Noto Sans" /* the one place the family is named */

typedef struct lf_fonts lf_fonts;

/* Faces 0..3 are the family's regular, bold, italic, bold italic (index =
 * LF_BOLD|LF_ITALIC style bits). Fallback faces get indices from 4 on. */
enum { LF_FACE_REGULAR = 0, LF_FACE_BOLD = 1, LF_FACE_ITALIC = 2, LF_FACE_BOLDITALIC = 3 };

/* Open the family. `fontdir` is the bundled folder (NULL: look for it next
 * to the executable, then in the install prefix). Returns NULL after
 * reporting to d when a face cannot be found or loaded. */
lf_fonts *lf_fonts_open(const char *family, const char *fontdir, lf_diags *d);
void lf_fonts_close(lf_fonts *f);

/* The face that draws code point cp for style `style`: the style's own face
 * when it has cp, else a fallback face (found through fontconfig, loaded once).
 * Returns -1 when no installed font has it. */
int lf_fonts_pick(lf_fonts *f, unsigned style, uint32_t cp);
/* Advance width of cp in face `face`, in units of 1/1000 em. */
double lf_fonts_advance(lf_fonts *f, int face, uint32_t cp);
/* Pair kerning: the font's own adjustment (GPOS or kern, through HarfBuzz)
 * between code points a and b set one after the other in face `face`, in
 * 1/1000 em (negative: closer); loosening is capped at LF_KERN_MAX so that
 * text extraction never sees a space. 0 when kerning is off. */
#define LF_KERN_MAX 30.0
double lf_fonts_kern(lf_fonts *f, int face, uint32_t a, uint32_t b);
void lf_fonts_set_kerning(lf_fonts *f, int on); /* on by default */
int lf_fonts_kerning(const lf_fonts *f);

/* Width in points of UTF-8 s[0..len) in `style` at `size`, each code point
 * measured in the face lf_fonts_pick gives it, with pair kerning between
 * neighbours in the same face. This is what the PDF stage draws. */
double lf_fonts_width(lf_fonts *f, unsigned style, double size, const char *s, size_t len);

size_t lf_fonts_count(const lf_fonts *f);
/* A number that names these fonts and their kerning switch in this process
 * (never reused): caches key on it, never on the pointer. */
unsigned long lf_fonts_serial(const lf_fonts *f);
const char *lf_fonts_path(const lf_fonts *f, int face);
/* Face metrics in 1/1000 em. */
double lf_fonts_ascent(const lf_fonts *f, int face);
double lf_fonts_descent(const lf_fonts *f, int face); /* negative */
double lf_fonts_cap_height(const lf_fonts *f, int face);

/* Check that every code point of s can be drawn; for the first that cannot,
 * report `no font has U+XXXX 'c'` at pos and return -1. */
int lf_fonts_check(lf_fonts *f, unsigned style, const char *s, lf_pos pos, lf_diags *d);

#endif
