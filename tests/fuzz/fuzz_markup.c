/* fuzz_markup: the inline markup parser on arbitrary valid UTF-8 without
 * control characters (what the loader hands it), with a start position and
 * with a position map. Success: non-empty runs of valid UTF-8; failure: an
 * error and no runs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "markup.h"
#include "util.h"
#include "fuzz.h"

static void check(int rc, const lf_rich *r, const lf_diags *d)
{
    if (rc != 0) {
        must(d->nerrors > 0 && r->n == 0);
        return;
    }
    must(d->nerrors == 0);
    for (size_t i = 0; i < r->n; i++) {
        size_t bad;
        const char *t = r->runs[i].text;
        must(t && *t && lf_utf8_valid(t, strlen(t), &bad));
        must((r->runs[i].style & ~3u) == 0);
        must(r->runs[i].pos.line >= 1 && r->runs[i].pos.col >= 1);
        if (r->runs[i].href)
            must(lf_utf8_valid(r->runs[i].href, strlen(r->runs[i].href), &bad));
    }
    free(lf_rich_plain(r));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t bad;
    if (!lf_utf8_valid(s, size, &bad))
        return 0;
    for (size_t i = 0; i < size; i++)
        if ((data[i] < 0x20 && data[i] != '\n' && data[i] != '\t') || data[i] == 0x7F)
            return 0;

    lf_rich r = {0};
    lf_diags d = {0};
    lf_pos start = {"fuzz.yaml", 3, 7};
    check(lf_markup_parse(s, size, start, &r, &d), &r, &d);
    lf_rich_free(&r);
    lf_diags_free(&d);

    /* a map: every code point at its own column on line 1 */
    lf_pos *map = calloc(size ? size : 1, sizeof *map);
    if (!map)
        return 0;
    int col = 1;
    for (size_t i = 0; i < size; i++)
        if ((data[i] & 0xC0) != 0x80)
            map[i] = (lf_pos){"fuzz.yaml", 1, col++};
    lf_rich r2 = {0};
    lf_diags d2 = {0};
    check(lf_markup_parse_mapped(s, size, map, &r2, &d2), &r2, &d2);
    lf_rich_free(&r2);
    lf_diags_free(&d2);
    free(map);
    return 0;
}
