/* fuzz_typo: the typography pass (French and English) on arbitrary valid
 * UTF-8, as one string and as runs (split at byte 0x01; every third run is a
 * link, which French typography must leave as it is). The output must be
 * valid UTF-8 and keep every run. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "typo.h"
#include "util.h"
#include "fuzz.h"

static void valid(const char *s)
{
    size_t bad;
    must(s && lf_utf8_valid(s, strlen(s), &bad));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t bad;
    if (!lf_utf8_valid((const char *)data, size, &bad) || memchr(data, 0, size))
        return 0;
    char *s = lf_xstrndup((const char *)data, size);
    for (int l = 0; l < LF_NLANG; l++) {
        char *t = lf_typo_string(s, (lf_lang)l);
        valid(t);
        free(t);
    }

    lf_rich r = {0};
    size_t cap = 0;
    for (char *p = s;;) {
        char *e = strchr(p, '\x01');
        if (e)
            *e = '\0';
        lf_xgrow((void **)&r.runs, &cap, r.n + 1, sizeof *r.runs);
        r.runs[r.n] = (lf_run){lf_xstrdup(p), (unsigned)r.n & 3u,
                               r.n % 3 == 2 ? lf_xstrdup(p) : NULL, {"fuzz.yaml", 1, 1}};
        r.n++;
        if (!e)
            break;
        p = e + 1;
    }
    for (int l = 0; l < LF_NLANG; l++) {
        lf_rich c;
        lf_rich_copy(&c, &r);
        lf_typo_apply(&c, (lf_lang)l);
        must(c.n == r.n);
        for (size_t i = 0; i < c.n; i++) {
            valid(c.runs[i].text);
            must(c.runs[i].style == r.runs[i].style);
            if (l == LF_FR && r.runs[i].href)
                must(strcmp(c.runs[i].text, r.runs[i].text) == 0);
        }
        lf_rich_free(&c);
    }
    lf_rich_free(&r);
    free(s);
    return 0;
}
