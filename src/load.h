/* load: content YAML (libyaml) → document model, or diagnostics.
 * Implements ../shared/spec/content-format.md (plus documented extensions).
 * Every rejection is an error with FILE:LINE:COL; all errors of a file are
 * reported (up to LF_DIAG_LIMIT). Anchors, aliases, tags, files over 1 MiB and
 * invalid UTF-8 are refused before anything else. */
#ifndef LF_LOAD_H
#define LF_LOAD_H

#include "model.h"

#define LF_MAX_FILE (1024 * 1024)

/* Diagnostics reported while loading borrow `path` / `name` as their file:
 * keep that string alive as long as the diagnostics. The model's own
 * positions borrow the model's copy (`file`) instead. Diagnostics of one load
 * are put in file order. */

/* Load a leaflet. Returns 0 on success (*out filled, caller frees with
 * lf_leaflet_free); -1 on error (diagnostics in d, *out left empty). The id
 * must match the file's base name without .yaml. */
int lf_load_leaflet(const char *path, lf_leaflet *out, lf_diags *d);
/* The same from memory; `name` is used as the file name in messages and for
 * the id check. */
int lf_load_leaflet_mem(const char *name, const char *data, size_t len, lf_leaflet *out, lf_diags *d);

int lf_load_directory(const char *path, lf_directory *out, lf_diags *d);
int lf_load_directory_mem(const char *name, const char *data, size_t len, lf_directory *out, lf_diags *d);

/* Every translatable text of the directory (organisation, staff) has each of
 * the leaflet's languages. Returns 0 when it does, else reports and returns -1. */
int lf_check_staff_langs(const lf_directory *dir, const lf_leaflet *l, lf_diags *d);

#endif
