/* fuzz_load: the YAML loader (lf_load_leaflet_mem, lf_load_directory_mem) on
 * arbitrary bytes. On success the model must hold valid UTF-8 everywhere a
 * later stage reads it; on failure there must be an error; every diagnostic
 * must format. The file name is taken from the input's `id:` so that inputs
 * can pass the id = file-name check. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "util.h"
#include "fuzz.h"

static void check_rich(const lf_rich *r)
{
    for (size_t i = 0; i < r->n; i++) {
        size_t bad;
        must(r->runs[i].text != NULL);
        must(lf_utf8_valid(r->runs[i].text, strlen(r->runs[i].text), &bad));
        must(r->runs[i].pos.line >= 1 && r->runs[i].pos.col >= 1);
    }
}

static void check_text(const lf_text *t)
{
    for (int l = 0; l < LF_NLANG; l++)
        check_rich(&t->t[l]);
}

static void check_items(const lf_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        check_text(&v[i].text);
        check_items(v[i].sub, v[i].nsub);
    }
}

static void print_diags(lf_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(lf_diag_format(&d->v[i]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    char name[80] = "fuzz.yaml";
    const char *id = size > 4 && memcmp(s, "id: ", 4) == 0 ? s + 4 : NULL;
    if (id) {
        size_t n = 0;
        while (id + n < s + size && n < 64 && ((id[n] >= 'a' && id[n] <= 'z') ||
                                               (id[n] >= '0' && id[n] <= '9') || id[n] == '-'))
            n++;
        if (n) {
            memcpy(name, id, n);
            memcpy(name + n, ".yaml", 6);
        }
    }

    lf_diags d = {0};
    lf_leaflet l;
    memset(&l, 0, sizeof l);
    if (lf_load_leaflet_mem(name, s, size, &l, &d) == 0) {
        must(d.nerrors == 0 && l.id && l.nlangs >= 1 && l.nlangs <= LF_NLANG);
        check_text(&l.title);
        for (size_t i = 0; i < l.nblocks; i++) {
            check_text(&l.blocks[i].text);
            check_items(l.blocks[i].items, l.blocks[i].nitems);
        }
        lf_leaflet_free(&l);
    } else {
        must(d.nerrors > 0);
    }
    print_diags(&d);
    lf_diags_free(&d);

    lf_diags d2 = {0};
    lf_directory dir;
    memset(&dir, 0, sizeof dir);
    if (lf_load_directory_mem("staff.yaml", s, size, &dir, &d2) == 0) {
        must(d2.nerrors == 0);
        check_text(&dir.org_name);
        for (size_t i = 0; i < dir.nstaff; i++) {
            size_t bad;
            must(dir.staff[i].id && dir.staff[i].name);
            must(lf_utf8_valid(dir.staff[i].name, strlen(dir.staff[i].name), &bad));
            must(lf_directory_find(&dir, dir.staff[i].id) != NULL);
            check_text(&dir.staff[i].job_title);
        }
        lf_directory_free(&dir);
    } else {
        must(d2.nerrors > 0);
    }
    print_diags(&d2);
    lf_diags_free(&d2);
    return 0;
}
