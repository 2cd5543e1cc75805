/* pdfcs: what the PDF stage writes itself, built once per batch and reused:
 * page content streams (drawing operators for the display list, Flate-
 * compressed) and embedded fonts (TrueType subsets with their widths,
 * ToUnicode and CIDToGIDMap, compressed once per set of characters).
 *
 * Nothing here depends on anything but its inputs: a cached object has the
 * same bytes as one built afresh, so output never depends on what a worker
 * happened to render before (sharding, -j, --for give the same bytes).
 *
 * Content streams. A page's content is a list of chunks (display items with
 * a translation); each chunk is wrapped in q ... Q and sets its own colours,
 * fonts and line widths, so its bytes depend on its items only. A chunk is
 * deflated on its own (raw deflate ended by a sync flush, no reference to
 * earlier chunks), so compressed chunks can be concatenated into one zlib
 * stream (header, chunks, a final empty block, the combined Adler-32): a
 * chunk marked cacheable is compressed once per batch, at the level its
 * caller gives (never one that depends on the cache). Text is shown as
 * literal strings of codes: 2-byte codes equal to the Unicode code point
 * (BMP, Identity-H), or in the faces marked `onebyte` the codes of
 * lf_pdfcs_code (one byte for Latin-1: French text takes half the bytes);
 * the codes of a code point depend on nothing else, so cached chunks stay
 * right. The font is the one named by the page's font_names (the face's
 * PostScript name: never its index, which depends on the order in which a
 * process found its fallback faces); a line placed below the previous one
 * at the same x is moved to with Td (x unchanged, so glyphs land exactly
 * where an absolute Tm would put them), any other with Tm.
 *
 * Fonts. A face used for code points S becomes a Type0 font over a
 * CIDFontType2, a CIDToGIDMap stream into a TrueType subset of the face cut
 * to S, /W from the face's advances and a descriptor. BaseFont carries a
 * subset tag derived from S. Its encoding and ToUnicode: Identity-H (CIDs
 * are the code points) and a ToUnicode of S (a range for U+00xx, a line
 * for each other code point); or, for a lean font (office) whose S all
 * have codes in lf_pdfcs_code, one pair for all such fonts of the
 * document: an embedded CMap that decodes those codes to CIDs
 * (lf_pdfcs_cid) and the ToUnicode of the same codes (lf_pdfcs_maps). */
#ifndef LF_PDFCS_H
#define LF_PDFCS_H

#include <stddef.h>
#include <stdint.h>
#include "draw.h"
#include "fonts.h"
#include "util.h"

typedef struct lf_pdfcs lf_pdfcs;

/* A cache for one batch (one process: build it after fork or before, never
 * use it from two processes at once). max_bytes bounds its memory: when it
 * would grow past it, the content-chunk part is emptied (output unchanged). */
lf_pdfcs *lf_pdfcs_new(size_t max_bytes);
void lf_pdfcs_free(lf_pdfcs *c);
/* Between documents only (fonts handed out stay valid until then): forget
 * the fonts when they hold more than half of max_bytes. */
void lf_pdfcs_trim(lf_pdfcs *c);

/* ---- fonts ---- */

typedef struct lf_pdfcs_font {
    char name[64];           /* the face's PostScript name: the resource name */
    /* raw dictionary bodies (PDF syntax, without << >>) of the objects;
     * references between them are added by the caller */
    const char *type0;       /* + /DescendantFonts [cid] /ToUnicode tu; onebyte:
                                also /Encoding (lf_pdfcs_maps) */
    const char *cidfont;     /* + /FontDescriptor desc /CIDToGIDMap map */
    const char *descriptor;  /* + /FontFile2 file */
    /* stream objects: raw dictionary keys and deflated data */
    const char *file_keys;
    const unsigned char *file;
    size_t file_len;
    const unsigned char *tounicode; /* NULL when onebyte (lf_pdfcs_maps) */
    size_t tounicode_len;
    const unsigned char *cidmap;
    size_t cidmap_len;
    unsigned char rows[32];  /* bit r: the font has code points U+rr00-U+rrFF */
    const uint32_t *wide;    /* its code points from U+0100, ascending */
    size_t nwide;
    int onebyte;             /* lean, and every code point has a code in
                                lf_pdfcs_code: text in this font is shown in
                                those codes, its CIDs are lf_pdfcs_cid's */
} lf_pdfcs_font;

/* The font for `face` of f covering code points cps[0..n) (ascending, all
 * below U+10000). NULL with *err set (caller frees) when the face cannot be
 * subset. lean: office files, see lf_subset_make. With lean and base (NULL:
 * none), base[0..nb) (ascending) are the code points that many documents
 * share: their glyphs come first in the program and are cut and deflated
 * once per batch (lf_subset_make_on); the bytes depend on base as well as
 * on cps. The result lives as long as the cache. */
const lf_pdfcs_font *lf_pdfcs_font_get(lf_pdfcs *c, lf_fonts *f, int face, const uint32_t *cps,
                                       size_t n, const uint32_t *base, size_t nb, int lean,
                                       char **err);

/* The maps that the onebyte fonts among fonts[0..n) (NULL: none) share:
 * the encoding CMap (a complete zlib stream of an embedded CMap, named
 * LF_PDFCS_CMAP, from the codes of lf_pdfcs_code to the CIDs of
 * lf_pdfcs_cid) for the union of their rows, and the ToUnicode CMap of the
 * same codes for the union of their code points. Each made once per batch;
 * valid as long as the cache. 0, or -1 (zlib failed). */
#define LF_PDFCS_CMAP "Leaflet-Latin-H"
int lf_pdfcs_maps(lf_pdfcs *c, const lf_pdfcs_font *const *fonts, size_t n,
                  const unsigned char **cmap, size_t *cmap_len, const unsigned char **tounicode,
                  size_t *tounicode_len);

/* The one-byte encoding: the code of code point cp in out[0..n), returning
 * n; 0: it has none. U+0020-U+007E and U+00A0-U+00FF are one byte, their
 * value; U+0100-U+1FFF two bytes, their value; U+2000-U+3FFF (punctuation
 * and symbols) two bytes, their value + 0x6000 (first byte 0x80-0x9F).
 * No code is the prefix of another, none is longer than two bytes (PDFBox
 * 2 reads no longer CID ranges), and a code read as a number is its CID
 * (lf_pdfcs_cid), inside the codespace (MuPDF looks CIDs up as codes). */
int lf_pdfcs_code(uint32_t cp, unsigned char out[2]);
/* The CID of a code point that has a code: the code read as a number. */
uint32_t lf_pdfcs_cid(uint32_t cp);

/* ---- content ---- */

typedef struct lf_pdfcs_chunk {
    const lf_ditem *v;       /* text, rect, dot, line items (links are skipped) */
    size_t n;
    double ox, oy;           /* translation applied to the chunk */
    int cache;               /* compress once per batch */
    int mcid0;               /* tagged: MCID of the chunk's first marked item */
    int level;               /* libdeflate's level 1-12 (0: 6); the caller's
                                choice, so that bytes never depend on what
                                was cached */
    uint64_t id;             /* cache: nonzero when the caller vouches that
                                every chunk it gives this id has the same
                                items (a kept body's part of a page): found
                                by id and the page's settings, its items
                                neither hashed nor compared */
    const char *ops;         /* non-NULL: the chunk is these operators (v, n
                                unused), wrapped in q ... Q; never cached */
} lf_pdfcs_chunk;

typedef struct lf_pdfcs_page {
    int cmyk;                /* DeviceCMYK colours (print) instead of DeviceRGB */
    double bleed;            /* rects marked `bleed` grow by this past the trim */
    double trim_w, trim_h;   /* trim size, to know which rects touch it */
    const char *const *font_names; /* resource name per face index (NULL: unused) */
    int nfonts;
    lf_fonts *f;             /* pair kerning (lf_fonts_kern): TJ adjustments */
    const lf_dlist *dl;      /* tagged: structure types of the items' elements */
    int tagged;              /* marked content: /Type <</MCID n>> BDC ... EMC per
                                run of items of an element, /Artifact BMC ...
                                EMC for the others (links are not marked; see
                                lf_pdfcs_run_starts) */
    const unsigned char *onebyte; /* per face index: its font is onebyte
                                (lf_pdfcs_font): codes of lf_pdfcs_code, not
                                Identity-H's; NULL: none is */
} lf_pdfcs_page;

/* Append the zlib (FlateDecode) stream of the page made of the chunks to
 * out. Returns 0, or -1 with *err set (caller frees). */
int lf_pdfcs_content(lf_pdfcs *c, const lf_pdfcs_page *pg, const lf_pdfcs_chunk *chunks,
                     size_t nchunks, lf_buf *out, char **err);

/* Tagged content: whether item `it` starts a new marked-content sequence
 * after `prev`, the previous item of its chunk that is not a link (NULL: it
 * is the first). A sequence is a run of items of one structure element (or
 * of artifacts), all text or all graphics. MCIDs number the sequences of a
 * page that belong to an element, in order. */
int lf_pdfcs_run_starts(const lf_dlist *dl, const lf_ditem *prev, const lf_ditem *it);

/* Where a page of a laid-out leaflet stops being the same for every
 * recipient: the index of its first item that belongs to the contact card
 * (a section inside a section) or to the trailing run of artifacts (the
 * footer). Items before it make a cacheable chunk. */
size_t lf_pdfcs_shared_prefix(const lf_dlist *dl, const lf_dpage *p);

#endif
