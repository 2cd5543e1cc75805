/* pdfpack: rewrite a finished PDF in the classic layout libharu 2.3.0
 * writes (one "N 0 obj ... endobj" per object, in number order; a stream's
 * /Length an indirect integer object; a classic xref table; a trailer with
 * /Root, /Info and /ID) into the compact layout of PDF 1.5 and later,
 * written by pdfw: every object that is not a stream (structure elements,
 * the parent tree, outline items, pages, font and annotation dictionaries,
 * the catalog, Info) in Flate-compressed object streams (one for a leaflet:
 * pdfw starts another every 4,096 objects), and a compressed
 * cross-reference stream instead of the table and the trailer.
 *
 * Stream objects keep their dictionaries' entries and their data byte for
 * byte (what libharu compressed stays as it is, what it left uncompressed,
 * the XMP metadata, stays uncompressed); only their /Length becomes a direct
 * number. The length objects disappear, so the other objects are renumbered
 * 1, 2, 3... in their order (references rewritten to match). The header's
 * version, /Root, /Info and /ID are kept.
 *
 * Used by the print and archive profiles (pdf.c) after libharu has saved the
 * document. Byte-level and deterministic: the same input gives the same
 * output. */
#ifndef LF_PDFPACK_H
#define LF_PDFPACK_H

#include <stddef.h>

/* The object stream is compressed at pdfw's default level (LF_PDFW_LEVEL,
 * zlib 4): on a leaflet's 26 KB of dictionaries a whole repack costs about
 * 3.3 M instructions; level 6 would cost 4.1 M for 320 bytes less, levels
 * 1-3 2.6-2.8 M for 450-730 bytes more (docs/speed.md). */

/* Pack in[0..len). On success returns 0, hands the new file to *out and
 * *outlen (caller frees) and sets *id_at to the offset of the /ID array's
 * first hex string in the cross-reference stream's dictionary: two hex
 * strings "<32 hex digits><32 hex digits>", copied from the input's trailer
 * (a placeholder the caller may patch). Returns -1 when the input is not in
 * the expected shape or zlib fails: *out is NULL, nothing is allocated.
 * The object stream is compressed at LF_PDFPACK_LEVEL (lf_flate's levels). */
#define LF_PDFPACK_LEVEL 9
int lf_pdfpack(const unsigned char *in, size_t len, unsigned char **out, size_t *outlen,
               size_t *id_at);

#endif
