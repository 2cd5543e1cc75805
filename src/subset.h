/* subset: a TrueType font cut down to the characters a document uses, with
 * HarfBuzz's hb-subset (libharfbuzz-subset0, Debian 12's HarfBuzz 6.0).
 * Glyphs are renumbered (.notdef first, then the kept glyphs in their
 * original order, composite components included); hinting, layout tables
 * (GSUB/GPOS/GDEF/kern) and names are dropped, and in a lean subset also
 * cmap, OS/2 and post: the PDF stage draws glyphs by number (CIDToGIDMap)
 * and places every character itself. The result depends only on the source
 * file, the set of code points and `lean`. No state is shared with
 * other processes: the source is read into memory (never a file handle
 * kept open across fork, unlike libharu's own TrueType loader). */
#ifndef LF_SUBSET_H
#define LF_SUBSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct lf_subset_src lf_subset_src;

/* Read and parse a TrueType font file. NULL when it cannot be read or is
 * not a TrueType (glyf) font. */
lf_subset_src *lf_subset_open(const char *path);
void lf_subset_close(lf_subset_src *s);

/* Facts about the source font, for the PDF font descriptor. */
typedef struct lf_subset_info {
    unsigned upem;          /* units per em */
    int bbox[4];            /* head: xMin yMin xMax yMax, font units */
    double italic_angle;    /* post */
    char psname[64];        /* PostScript name (name ID 6), or "Font" */
} lf_subset_info;
void lf_subset_get_info(const lf_subset_src *s, lf_subset_info *out);

typedef struct lf_subset {
    unsigned char *data;    /* the TrueType font program */
    size_t len;
    uint16_t *gid;          /* per requested code point: glyph id in the subset (0: none) */
    uint16_t *adv;          /* per requested code point: advance width, font units */
    size_t n;
    size_t base_off, base_len; /* lf_subset_make_on: where the base's glyphs lie
                                  in data (the same bytes for every subset made
                                  on that base) */
} lf_subset;

/* Cut src down to cps[0..n) (ascending, no duplicates); lean: without
 * cmap, OS/2 and post (ISO 32000-1 9.9 asks a CIDFontType2 program for
 * glyf, head, hhea, hmtx, loca, maxp only; Ghostscript rasterises a little
 * differently without them, so print and archive keep them). Returns 0 and
 * fills *out (free with lf_subset_free), or -1. */
int lf_subset_make(lf_subset_src *src, const uint32_t *cps, size_t n, int lean, lf_subset *out);
void lf_subset_free(lf_subset *s);

/* Lean subsets in two parts, for many documents that share most of their
 * characters (a leaflet's body) and differ in a few (a recipient's name).
 * A base holds the glyphs of a set of code points, cut once: .notdef
 * (empty), then the glyphs of the base's characters and their components in
 * source order. A subset made on it has the base's glyphs first, at the
 * same place and with the same bytes whatever else it holds (base_off,
 * base_len), then the glyphs of the other characters (components included,
 * source order); tables glyf (first in the file), head, hhea, hmtx, loca,
 * maxp, without hinting, like lf_subset_make's lean subsets. NULL or -1 when
 * the source's tables cannot be read this way (the caller can fall back to
 * lf_subset_make). The base must outlive the subsets' use of it only while
 * they are made. */
typedef struct lf_subset_base lf_subset_base;
lf_subset_base *lf_subset_base_make(const lf_subset_src *src, const uint32_t *cps, size_t n);
void lf_subset_base_free(lf_subset_base *b);
const unsigned char *lf_subset_base_glyf(const lf_subset_base *b, size_t *len);
int lf_subset_make_on(const lf_subset_src *src, const lf_subset_base *base, const uint32_t *cps,
                      size_t n, lf_subset *out);

#endif
