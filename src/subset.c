/* subset: TrueType subsets through hb-subset. */
#include "subset.h"

#include <hb.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

struct lf_subset_src {
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;   /* scale = upem: advances in font units */
    lf_subset_info info;
};

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static int s16(const unsigned char *p)
{
    unsigned v = be16(p);
    return v >= 0x8000 ? (int)v - 0x10000 : (int)v;
}

lf_subset_src *lf_subset_open(const char *path)
{
    /* HarfBuzz maps the file read-only (or reads it): nothing that a fork
     * could share a file offset on. */
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob)
        return NULL;
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
    hb_blob_t *head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned hlen = 0;
    const unsigned char *h = (const unsigned char *)hb_blob_get_data(head, &hlen);
    int ok = hb_blob_get_length(glyf) > 0 && hlen >= 54 && hb_face_get_upem(face) > 0;
    hb_blob_destroy(glyf);
    if (!ok) {
        hb_blob_destroy(head);
        hb_face_destroy(face);
        hb_blob_destroy(blob);
        return NULL;
    }
    lf_subset_src *s = lf_xcalloc(1, sizeof *s);
    s->blob = blob;
    s->face = face;
    s->font = hb_font_create(face);
    s->info.upem = hb_face_get_upem(face);
    hb_font_set_scale(s->font, (int)s->info.upem, (int)s->info.upem);
    for (int i = 0; i < 4; i++)
        s->info.bbox[i] = s16(h + 36 + 2 * i);
    hb_blob_destroy(head);
    hb_blob_t *post = hb_face_reference_table(face, HB_TAG('p', 'o', 's', 't'));
    unsigned plen = 0;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(post, &plen);
    if (plen >= 8)
        s->info.italic_angle = s16(p + 4) + be16(p + 6) / 65536.0;
    hb_blob_destroy(post);
    unsigned nlen = sizeof s->info.psname;
    if (hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &nlen,
                            s->info.psname) == 0)
        strcpy(s->info.psname, "Font");
    /* a PDF name without delimiters or spaces */
    for (char *c = s->info.psname; *c; c++)
        if (*c <= ' ' || *c > '~' || strchr("()<>[]{}/%#", *c))
            *c = '-';
    return s;
}

void lf_subset_close(lf_subset_src *s)
{
    if (!s)
        return;
    hb_font_destroy(s->font);
    hb_face_destroy(s->face);
    hb_blob_destroy(s->blob);
    free(s);
}

void lf_subset_get_info(const lf_subset_src *s, lf_subset_info *out)
{
    *out = s->info;
}

int lf_subset_make(lf_subset_src *src, const uint32_t *cps, size_t n, int lean, lf_subset *out)
{
    memset(out, 0, sizeof *out);
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return -1;
    hb_set_t *u = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < n; i++)
        hb_set_add(u, cps[i]);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    /* Tables a PDF viewer never reads for a CIDFontType2 drawn by glyph id
     * (ISO 32000-1 9.9: glyf, head, hhea, hmtx, loca, maxp are what it
     * needs, with cvt, fpgm, prep when hinted): layout, names, and cmap,
     * OS/2 and post (the CIDToGIDMap maps codes to glyphs). */
    static const char drop[][5] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern",
                                   "DSIG", "hdmx", "VDMX", "LTSH", "gasp", "name", "STAT",
                                   "MVAR", "HVAR", "vhea", "vmtx", "meta", "morx", "feat",
                                   "cmap", "OS/2", "post"};
    /* the last three only when lean: print and archive files keep them, the
     * shape their preflights were checked against */
    size_t ndrop = sizeof drop / sizeof *drop - (lean ? 0 : 3);
    hb_set_t *dt = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < ndrop; i++)
        hb_set_add(dt, HB_TAG(drop[i][0], drop[i][1], drop[i][2], drop[i][3]));
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(src->face, in);
    hb_subset_input_destroy(in);
    if (!plan)
        return -1;
    hb_face_t *sub = hb_subset_plan_execute_or_fail(plan);
    hb_blob_t *b = sub ? hb_face_reference_blob(sub) : hb_blob_get_empty();
    unsigned len = 0;
    const char *data = hb_blob_get_data(b, &len);
    int rc = -1;
    if (data && len > 12) {
        out->data = lf_xmalloc(len);
        memcpy(out->data, data, len);
        out->len = len;
        out->n = n;
        out->gid = lf_xcalloc(n ? n : 1, sizeof *out->gid);
        out->adv = lf_xcalloc(n ? n : 1, sizeof *out->adv);
        /* New glyph ids from the plan's mapping (the subset has no cmap);
         * advances from the source. */
        const hb_map_t *old2new = hb_subset_plan_old_to_new_glyph_mapping(plan);
        for (size_t i = 0; i < n; i++) {
            hb_codepoint_t og = 0;
            if (hb_font_get_nominal_glyph(src->font, cps[i], &og)) {
                hb_codepoint_t g = hb_map_get(old2new, og);
                if (g != HB_MAP_VALUE_INVALID && g <= 0xffff)
                    out->gid[i] = (uint16_t)g;
                hb_position_t a = hb_font_get_glyph_h_advance(src->font, og);
                out->adv[i] = (uint16_t)(a < 0 ? 0 : a > 0xffff ? 0xffff : a);
            }
        }
        rc = 0;
    }
    hb_blob_destroy(b);
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    return rc;
}

void lf_subset_free(lf_subset *s)
{
    free(s->data);
    free(s->gid);
    free(s->adv);
    memset(s, 0, sizeof *s);
}
