/* flate: Flate (zlib, RFC 1950/1951) compression with libdeflate, which
 * compresses a buffer given whole faster than zlib and a few per cent
 * smaller (Debian's libdeflate 1.14): whole zlib streams, and raw pieces
 * that end on a byte boundary like zlib's sync-flushed ones, to be
 * concatenated into one stream (pdfcs: page content chunks, font programs).
 *
 * The bytes depend only on the input and the level: the compressor keeps
 * no state between calls. One lf_flate per process, lf_flate_process (a
 * compressor is up to a megabyte, allocated on first use of its level). */
#ifndef LF_FLATE_H
#define LF_FLATE_H

#include <stddef.h>
#include "util.h"

#define LF_FLATE_MAX 12 /* levels 1 (fastest) to 12 (smallest) */

typedef struct lf_flate lf_flate;
lf_flate *lf_flate_new(void);
void lf_flate_free(lf_flate *f);
/* The process's own, made on first use and kept (pdfcs and pdfw share it:
 * a level-10 compressor is a megabyte). */
lf_flate *lf_flate_process(void);

/* The zlib stream of in[0..n) at `level` (clamped to 1..LF_FLATE_MAX)
 * appended to out. Returns 0, or -1 when the compressor cannot be had. */
int lf_flate_zlib(lf_flate *f, int level, const void *in, size_t n, lf_buf *out);

/* A raw deflate piece of in[0..n) into *z (caller frees): libdeflate's
 * blocks, the last one no longer marked final, then an empty stored block,
 * so that the piece ends on a byte boundary as after zlib's Z_SYNC_FLUSH
 * (zlib's inflate finds where the last block starts). Up to
 * LF_FLATE_STORED bytes, one stored block (not final) holds them as they
 * are: deflate would save a few bytes there, for the set-up of a
 * compressor and an inflater. Returns 0 or -1. */
#define LF_FLATE_STORED 128
int lf_flate_piece(lf_flate *f, int level, const void *in, size_t n, unsigned char **z,
                   size_t *zlen);

#endif
