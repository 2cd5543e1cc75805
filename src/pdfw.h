/* pdfw: a PDF file written directly, in the compact form of PDF 1.5 and
 * later: every object that is not a stream goes into a Flate-compressed
 * object stream, and the cross-reference table is a compressed stream.
 *
 * The caller numbers the objects (lf_pdfw_obj hands out 1, 2, 3...) and
 * writes each exactly once: either a body (a dictionary, an array, a
 * number) into one of LF_PDFW_GROUPS groups, or a stream object with its
 * (already encoded) data. Each non-empty group becomes one object stream.
 *
 * Groups are for caching: an object stream whose uncompressed bytes were
 * compressed before (in the same process) is not compressed again. The
 * cache is keyed by the full bytes, so output never depends on it. Put what
 * is the same in every document of a batch (the body's structure elements,
 * say) in one group, what changes in another.
 *
 * Errors: none but out-of-memory (which aborts, like all of util) and
 * compressor failures, reported by lf_pdfw_finish. */
#ifndef LF_PDFW_H
#define LF_PDFW_H

#include <stddef.h>
#include "util.h"

#define LF_PDFW_GROUPS 4

typedef struct lf_pdfw_cache lf_pdfw_cache;
/* A cache of compressed object streams, bounded by max_bytes (emptied when
 * it would grow past it). One per process. */
lf_pdfw_cache *lf_pdfw_cache_new(size_t max_bytes);
void lf_pdfw_cache_free(lf_pdfw_cache *c);

typedef struct lf_pdfw lf_pdfw;
/* A new file: header %PDF-1.<minor>. The cache may be NULL. */
lf_pdfw *lf_pdfw_new(lf_pdfw_cache *c, int minor);
void lf_pdfw_free(lf_pdfw *w);

/* The compression level (1-12, lf_flate's) of group g's object streams
 * (default LF_PDFW_LEVEL): a group that is compressed once per batch can
 * afford more. Other streams compressed here use LF_PDFW_LEVEL: 1, for
 * what is compressed anew for every recipient (libdeflate's 1 costs half
 * of its 6 on these few kilobytes, for 4 % more bytes). */
#define LF_PDFW_LEVEL 1
void lf_pdfw_level(lf_pdfw *w, int g, int level);

/* A new object number. */
int lf_pdfw_obj(lf_pdfw *w);
/* The body of object num, in group g (0..LF_PDFW_GROUPS-1): append it to
 * the returned buffer (valid until the next call on w). */
lf_buf *lf_pdfw_body(lf_pdfw *w, int num, int g);
/* Group g as written so far: its bytes (bodies, each followed by '\n') and
 * per object two numbers, its number and its offset in the bytes; returns
 * the number of objects. Valid until the next call on w. */
size_t lf_pdfw_group(lf_pdfw *w, int g, const char **bytes, size_t *len, const size_t **starts);
/* Fill the empty group g with what lf_pdfw_group gave for another file:
 * the same objects (numbered here, not written yet) with the same bodies. */
void lf_pdfw_group_put(lf_pdfw *w, int g, const char *bytes, size_t len, const size_t *starts,
                       size_t n);

/* A stream object: its dictionary's entries `keys` (PDF syntax without
 * << >> and without /Length) and its data, written as they are. */
void lf_pdfw_stream(lf_pdfw *w, int num, const char *keys, const void *data, size_t len);

/* A stream object whose data raw[0..len) is Flate-compressed here (keys as
 * above, /Filter added). Returns 0, or -1 when zlib fails. */
int lf_pdfw_stream_deflate(lf_pdfw *w, int num, const char *keys, const void *raw, size_t len);

/* The file: object streams, the cross-reference stream (/Root root, /Info
 * info if > 0, /ID [<id> <id>]), startxref. Hands the bytes to *out
 * (caller frees). Returns 0, or -1 (an object not written, zlib failed). */
int lf_pdfw_finish(lf_pdfw *w, int root, int info, const unsigned char id[16],
                   unsigned char **out, size_t *len);

/* PDF syntax, appended to a buffer. */
void lf_pdfw_int(lf_buf *b, long long v);     /* decimal */
void lf_pdfw_ref(lf_buf *b, int num);         /* "num 0 R" */
void lf_pdfw_real(lf_buf *b, double v);       /* at most 3 decimals, no trailing zeros */
/* m thousandths, as lf_pdfw_real writes them; lead0 = 0: ".5" for 0.5 (the
 * content streams' shorter form). */
void lf_pdfw_milli(lf_buf *b, long long m, int lead0);
/* A text string, always a literal (…) with \ ( ) and end-of-line bytes
 * escaped: in PDFDocEncoding when every character has a printable byte
 * there (ASCII, most of Latin-1, ’ – … € and a few more) and the bytes do
 * not begin as a byte order mark, else UTF-16BE with its byte order mark
 * (half the size of a hex string); invalid UTF-8 makes it UTF-16, with
 * U+FFFD. */
void lf_pdfw_text(lf_buf *b, const char *utf8);

#endif
