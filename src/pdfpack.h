/* pdfpack: rewrite a finished PDF (as libharu 2.3.0 writes it: one
 * "N 0 obj ... endobj" per object, a classic xref table, a trailer with
 * /Root, /Info and /ID) into a PDF 1.5+ file whose objects that are not
 * streams (structure elements, the parent tree, outline items, pages,
 * font and annotation dictionaries...) sit in one Flate-compressed object
 * stream, with a compressed cross-reference stream instead of the table.
 * Stream objects are copied as they are, their indirect /Length inlined
 * (the length objects disappear). Object numbers do not change.
 *
 * A tagged leaflet is mostly small dictionaries: this halves the file.
 * Byte-level and deterministic: the same input gives the same output. */
#ifndef LF_PDFPACK_H
#define LF_PDFPACK_H

#include <stddef.h>

/* Pack in[0..len). On success returns 0, hands the new file to *out /
 * *outlen (caller frees) and sets *id_at to the offset of the trailer's
 * /ID placeholder "[<0…0> <0…0>]" (two 32-zero hex strings, copied from
 * the input's trailer), to be patched by the caller. Returns -1 when the
 * input is not in the expected shape (nothing allocated). */
int lf_pdfpack(const unsigned char *in, size_t len, unsigned char **out, size_t *outlen,
               size_t *id_at);

#endif
