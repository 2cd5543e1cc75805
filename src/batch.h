/* batch: everything between the command line and the stages: loads and
 * validates all input before anything is written, lays out one leaflet per
 * recipient, renders each profile, writes every PDF to a temporary file in
 * its folder and renames it (out/ never holds a partial file), runs -j worker
 * processes, keeps OUT/<leaflet-id>/SHA256SUMS, shows progress on a terminal. */
#ifndef LF_BATCH_H
#define LF_BATCH_H

#include <stddef.h>
#include "layout.h"
#include "pdf.h"

typedef struct lf_batch_opts {
    const char *staff_path;   /* NULL: no directory, generic leaflet only */
    const char *const *for_ids; /* recipients chosen with --for, or NULL for all */
    size_t nfor;
    unsigned profiles;        /* bit (1u << lf_profile) */
    lf_layout_mode mode;
    int mode_set;             /* -L given */
    lf_lang langs[LF_NLANG];  /* --lang, in order; nlangs 0: the leaflet's own */
    int nlangs;
    const char *out_dir;
    int jobs;
    int shard_k, shard_n;     /* --shard K/N: only the K-th (1..N) of N slices of the
                                 recipients; shard_n 0: all */
    int check;                /* validate only, write nothing */
    int dump_text;            /* print each block's text (after typography), write nothing */
    int no_kerning;           /* set type without the fonts' pair kerning (for comparison) */
    int quiet;                /* also: no readability summary notes */
    int color;                /* colour diagnostics */
    int strict;               /* any warning (readability, review date) fails: write nothing */
    int proof;                /* PNG page images (pdftoppm) beside each PDF written */
} lf_batch_opts;

/* Run the batch on the leaflet files. Prints diagnostics to stderr. Returns
 * the exit status: 0 success, 1 invalid input or failed output. */
int lf_batch_run(const lf_batch_opts *o, char *const *leaflets, size_t n);

#endif
