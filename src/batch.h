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
    int check;                /* validate only, write nothing */
    int dump_text;            /* print each block's text (after typography), write nothing */
    int quiet;
    int color;                /* colour diagnostics */
} lf_batch_opts;

/* Run the batch on the leaflet files. Prints diagnostics to stderr. Returns
 * the exit status: 0 success, 1 invalid input or failed output. */
int lf_batch_run(const lf_batch_opts *o, char *const *leaflets, size_t n);

#endif
