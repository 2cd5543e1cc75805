/* pdfx: the PDF stage's reach into libharu's internal structures.
 *
 * DEPENDS ON LIBHARU 2.3.0 (Debian libhpdf-2.3.0). Everything here uses the
 * internal object API that <hpdf.h> exposes (HPDF_Dict_Add, HPDF_Array_*,
 * HPDF_DictStream_New, pdf->catalog, pdf->info, pdf->trailer, pdf->xref,
 * HPDF_FontAttr, fontdef->descriptor, pdf->pdf_version, HPDF_MD5*). Another
 * libharu version may lay these out differently: re-check this file (and the
 * PDF stage's tests) before upgrading. Only src/pdf.c includes this header.
 *
 * Every function returns HPDF_OK or a libharu error code (the document's
 * error is set as well: HPDF_GetError(pdf)). */
#ifndef LF_PDFX_H
#define LF_PDFX_H

#include <stddef.h>
#include <hpdf.h>

/* Set the header version: minor = 3..7 for %PDF-1.3..%PDF-1.7. */
HPDF_STATUS lf_pdfx_set_version(HPDF_Doc pdf, int minor);

/* Info dictionary: `key` = a text string (PDFDocEncoding-safe ASCII written as
 * a literal string, anything else as UTF-16BE with a BOM). NULL or "" removes. */
HPDF_STATUS lf_pdfx_info_text(HPDF_Doc pdf, const char *key, const char *utf8);
/* Info dictionary: `key` = a name (e.g. Trapped /False). */
HPDF_STATUS lf_pdfx_info_name(HPDF_Doc pdf, const char *key, const char *name);

/* Catalog: /Lang (string), /ViewerPreferences << /DisplayDocTitle true >>. */
HPDF_STATUS lf_pdfx_catalog_lang(HPDF_Doc pdf, const char *lang);
HPDF_STATUS lf_pdfx_catalog_display_doc_title(HPDF_Doc pdf);
/* Catalog /Metadata: an uncompressed XMP stream (/Type /Metadata /Subtype /XML). */
HPDF_STATUS lf_pdfx_catalog_metadata(HPDF_Doc pdf, const char *xmp, size_t len);
/* Catalog /OutputIntents: append an intent of subtype `s` (GTS_PDFX, GTS_PDFA1)
 * with an ICC profile of n (3 or 4) components embedded: icc_z[0..zlen) is
 * its zlib (FlateDecode) stream, written as it is (kept until the document
 * is saved). */
HPDF_STATUS lf_pdfx_output_intent(HPDF_Doc pdf, const char *s, const char *ident,
                                  const char *condition, const char *info,
                                  const unsigned char *icc_z, size_t zlen, int n);

/* Page box (TrimBox, BleedBox, CropBox, ArtBox), in points. */
HPDF_STATUS lf_pdfx_page_box(HPDF_Page page, const char *key, double left, double bottom,
                             double right, double top);

/* Outline item /Dest [page /XYZ left top null], a direct array (zoom
 * unchanged: libharu's HPDF_Destination_SetXYZ refuses zoom 0, and PDFBox
 * cannot read its indirect destination arrays). */
HPDF_STATUS lf_pdfx_outline_dest_xyz(HPDF_Outline item, HPDF_Page page, double left, double top);
/* Outline item: drop the /Type /Outlines that libharu 2.3.0 puts on items. */
HPDF_STATUS lf_pdfx_outline_item_fix(HPDF_Outline item);
/* Outline item: /Title, a text string (UTF-8; see lf_pdfx_info_text). */
HPDF_STATUS lf_pdfx_outline_title(HPDF_Outline item, const char *utf8);
/* Annotation: /Contents, a text description (UTF-8). */
HPDF_STATUS lf_pdfx_annot_contents(HPDF_Annotation annot, const char *utf8);
/* Annotation: /F flags (4 = Print). */
HPDF_STATUS lf_pdfx_annot_flags(HPDF_Annotation annot, int flags);

/* Trailer /ID [<0...0> <0...0>] as a placeholder, to be replaced in the
 * written bytes by lf_pdfx_patch_id. */
HPDF_STATUS lf_pdfx_id_placeholder(HPDF_Doc pdf);
/* Replace the placeholder /ID at buf[at] ("<0...0><0...0>", two strings of
 * 32 zeros, where the file's /ID array is: lf_pdfpack says where) by the MD5
 * of the file (placeholder included): the same bytes give the same ID.
 * Returns 0, or -1 when the placeholder is not there. */
int lf_pdfx_patch_id(unsigned char *buf, size_t len, size_t at);

/* Tagged PDF: the structure tree. Elements are numbered 0..n-1 by the
 * caller (the display list's numbering); kids are appended in reading order.
 * Marked-content operators themselves are written into the page content
 * by pdfcs. */
typedef struct lf_pdfx_tree lf_pdfx_tree;
lf_pdfx_tree *lf_pdfx_tree_new(HPDF_Doc pdf, size_t nelems);
void lf_pdfx_tree_free(lf_pdfx_tree *t);
/* Create element i: /S type, /P parent (-1: the StructTreeRoot), optional
 * /Lang and /ActualText (UTF-8; NULL for none). */
HPDF_STATUS lf_pdfx_tree_elem(lf_pdfx_tree *t, int i, const char *type, int parent,
                              const char *lang, const char *actual_text);
/* Kids of element i, in reading order: a marked-content sequence on a page,
 * another element, or an annotation (its /StructParent gets a new key of the
 * parent tree pointing back at i). */
HPDF_STATUS lf_pdfx_tree_kid_mcid(lf_pdfx_tree *t, int i, HPDF_Page page, int mcid);
HPDF_STATUS lf_pdfx_tree_kid_elem(lf_pdfx_tree *t, int i, int child);
HPDF_STATUS lf_pdfx_tree_kid_annot(lf_pdfx_tree *t, int i, HPDF_Page page, HPDF_Annotation a);
/* A page: /StructParents, /Tabs /S, and its parent-tree entry: elems[m] is the
 * element of marked-content sequence m on that page. */
HPDF_STATUS lf_pdfx_tree_page(lf_pdfx_tree *t, HPDF_Page page, const int *elems, size_t n);
/* Catalog /StructTreeRoot (with /K root, /ParentTree) and /MarkInfo. */
HPDF_STATUS lf_pdfx_tree_finish(lf_pdfx_tree *t, int root);

/* Objects built outside libharu and handed over ready-made (pdfcs.c builds
 * and caches them per batch). A raw dictionary is written as `<<` + its
 * elements (references added with HPDF_Dict_Add) + `raw` + `>>`; `raw` is
 * borrowed and must outlive the document's saving. Stream data given here
 * is already Flate-compressed: libharu's filter stays off (it would
 * compress again) and `raw` says /Filter /FlateDecode. */
HPDF_Dict lf_pdfx_raw_dict(HPDF_Doc pdf, const char *raw);
HPDF_Dict lf_pdfx_raw_stream(HPDF_Doc pdf, const char *raw, const void *data, size_t len);
/* A Type0 font from pdfcs's pieces (Type0, CIDFontType2, descriptor,
 * FontFile2, ToUnicode, CIDToGIDMap: 6 objects plus 3 stream lengths).
 * The strings and data must outlive the document's saving. */
HPDF_Dict lf_pdfx_font(HPDF_Doc pdf, const char *type0, const char *cidfont,
                       const char *descriptor, const char *file_keys, const void *file,
                       size_t file_len, const void *tounicode, size_t tounicode_len,
                       const void *cidmap, size_t cidmap_len);
/* The page's content: `z` is a whole zlib stream (FlateDecode), written as is. */
HPDF_STATUS lf_pdfx_page_content(HPDF_Page page, const void *z, size_t len);
/* The page's /Resources /Font: `name` -> font. */
HPDF_STATUS lf_pdfx_page_font(HPDF_Page page, const char *name, HPDF_Dict font);

#endif
