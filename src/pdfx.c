/* pdfx: the PDF stage's reach into libharu's internal structures.
 *
 * DEPENDS ON LIBHARU 2.3.0 (Debian 2.3.0+dfsg). This is the one file that
 * touches libharu's internals: the object API (HPDF_Dict_*, HPDF_Array_*,
 * HPDF_DictStream_New, HPDF_Box_Array_New), the document record (catalog,
 * info, trailer, xref, mmgr, pdf_version), the font record (HPDF_FontAttr,
 * fontdef->descriptor, before_write_fn) and HPDF_MD5*. What 2.3.0 does that
 * this file works around (measured; see the design notes):
 *   - the ToUnicode CMap of a UTF-8 font is a copy of the encoding CMap
 *     (a begincidrange, which poppler rejects): replaced by an identity
 *     bfrange map, codes being BMP code points in UTF-8 mode;
 *   - CIDSystemInfo /Ordering is (Identity-H): set to (Identity);
 *   - the FontDescriptor, made while the document is written, has no
 *     /CapHeight: made early here and completed;
 *   - HPDF_Destination_SetXYZ refuses zoom 0 ("unchanged"), and its indirect
 *     destination arrays upset PDFBox: a direct /XYZ array built here;
 *   - outline items carry /Type /Outlines: removed;
 *   - no /ID unless encrypting (and then from the clock): a placeholder,
 *     patched with the MD5 of the written bytes;
 *   - no setter for the header version, page boxes, /Lang, /Metadata,
 *     /OutputIntents (its PDF/A helpers write PDF/A-1 only, /SubType, and
 *     unescaped XML): done through the dictionaries.
 */
#include "pdfx.h"

#include <stdlib.h>
#include <string.h>
#include <hpdf_encrypt.h>
#include "util.h"

HPDF_STATUS lf_pdfx_set_version(HPDF_Doc pdf, int minor)
{
    if (minor < 2 || minor > 7)
        return HPDF_SetError(&pdf->error, HPDF_INVALID_PARAMETER, 0);
    pdf->pdf_version = (HPDF_PDFVer)(HPDF_VER_12 + (minor - 2));
    return HPDF_OK;
}

static int is_plain_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return 0;
    return 1;
}

/* A PDF text string object for UTF-8 s: a literal string when s is printable
 * ASCII, else <FEFF...> UTF-16BE (with surrogate pairs). Invalid UTF-8 bytes
 * become U+FFFD. NULL on failure (error set on mmgr). */
static void *text_string(HPDF_MMgr mmgr, const char *s)
{
    if (is_plain_ascii(s))
        return HPDF_String_New(mmgr, s, NULL);
    size_t n = strlen(s), i = 0, k = 0;
    unsigned char *u = lf_xmalloc(2 + 4 * n);
    u[k++] = 0xfe;
    u[k++] = 0xff;
    while (i < n) {
        uint32_t cp;
        if (!lf_utf8_next(s, n, &i, &cp)) {
            cp = 0xfffd;
            i++;
        }
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000;
            uint32_t hi = 0xd800 + (v >> 10), lo = 0xdc00 + (v & 0x3ff);
            u[k++] = (unsigned char)(hi >> 8);
            u[k++] = (unsigned char)hi;
            u[k++] = (unsigned char)(lo >> 8);
            u[k++] = (unsigned char)lo;
        } else {
            u[k++] = (unsigned char)(cp >> 8);
            u[k++] = (unsigned char)cp;
        }
    }
    void *obj = HPDF_Binary_New(mmgr, u, (HPDF_UINT)k);
    free(u);
    return obj;
}

static HPDF_STATUS dict_remove(HPDF_Dict dict, const char *key)
{
    HPDF_STATUS st = HPDF_Dict_RemoveElement(dict, key);
    return st == HPDF_DICT_ITEM_NOT_FOUND ? HPDF_OK : st;
}

static HPDF_STATUS add_text(HPDF_Dict dict, const char *key, const char *utf8)
{
    void *obj = text_string(dict->mmgr, utf8);
    if (!obj)
        return HPDF_Error_GetCode(dict->error);
    return HPDF_Dict_Add(dict, key, obj);
}

static HPDF_Dict info_dict(HPDF_Doc pdf)
{
    if (!pdf->info) {
        /* HPDF_NewDoc makes it (it sets /Producer); make sure anyway. */
        if (HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "libharu") != HPDF_OK)
            return NULL;
    }
    return pdf->info;
}

HPDF_STATUS lf_pdfx_info_text(HPDF_Doc pdf, const char *key, const char *utf8)
{
    HPDF_Dict info = info_dict(pdf);
    if (!info)
        return HPDF_GetError(pdf);
    if (!utf8 || !*utf8)
        return dict_remove(info, key);
    return add_text(info, key, utf8);
}

HPDF_STATUS lf_pdfx_info_name(HPDF_Doc pdf, const char *key, const char *name)
{
    HPDF_Dict info = info_dict(pdf);
    if (!info)
        return HPDF_GetError(pdf);
    return HPDF_Dict_AddName(info, key, name);
}

HPDF_STATUS lf_pdfx_catalog_lang(HPDF_Doc pdf, const char *lang)
{
    return add_text(pdf->catalog, "Lang", lang);
}

HPDF_STATUS lf_pdfx_catalog_display_doc_title(HPDF_Doc pdf)
{
    HPDF_Dict vp = HPDF_Dict_GetItem(pdf->catalog, "ViewerPreferences", HPDF_OCLASS_DICT);
    if (!vp) {
        if (HPDF_GetError(pdf) != HPDF_OK)
            return HPDF_GetError(pdf);
        vp = HPDF_Dict_New(pdf->mmgr);
        if (!vp)
            return HPDF_GetError(pdf);
        HPDF_STATUS st = HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", vp);
        if (st != HPDF_OK)
            return st;
    }
    return HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
}

/* A stream object in the xref with `data` in it. */
static HPDF_Dict new_stream(HPDF_Doc pdf, const void *data, size_t len)
{
    if (len > 0x7fffffff) {
        HPDF_SetError(&pdf->error, HPDF_INVALID_PARAMETER, 0);
        return NULL;
    }
    HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!s)
        return NULL;
    if (len && HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len) != HPDF_OK)
        return NULL;
    return s;
}

HPDF_STATUS lf_pdfx_catalog_metadata(HPDF_Doc pdf, const char *xmp, size_t len)
{
    HPDF_Dict m = new_stream(pdf, xmp, len);
    if (!m)
        return HPDF_GetError(pdf);
    m->filter = HPDF_STREAM_FILTER_NONE; /* PDF/A readers want it readable */
    HPDF_STATUS st = HPDF_OK;
    st += HPDF_Dict_AddName(m, "Type", "Metadata");
    st += HPDF_Dict_AddName(m, "Subtype", "XML");
    if (st != HPDF_OK)
        return HPDF_GetError(pdf);
    return HPDF_Dict_Add(pdf->catalog, "Metadata", m);
}

static const char icc_keys3[] = "/N 3\012/Filter /FlateDecode\012";
static const char icc_keys4[] = "/N 4\012/Filter /FlateDecode\012";

HPDF_STATUS lf_pdfx_output_intent(HPDF_Doc pdf, const char *s, const char *ident,
                                  const char *condition, const char *info,
                                  const unsigned char *icc_z, size_t zlen, int n)
{
    if (n != 3 && n != 4)
        return HPDF_INVALID_PARAMETER;
    HPDF_Dict prof = lf_pdfx_raw_stream(pdf, n == 4 ? icc_keys4 : icc_keys3, icc_z, zlen);
    if (!prof)
        return HPDF_GetError(pdf);

    HPDF_Dict oi = HPDF_Dict_New(pdf->mmgr);
    if (!oi)
        return HPDF_GetError(pdf);
    HPDF_Array arr = HPDF_Dict_GetItem(pdf->catalog, "OutputIntents", HPDF_OCLASS_ARRAY);
    if (!arr) {
        if (HPDF_GetError(pdf) != HPDF_OK) {
            HPDF_Dict_Free(oi);
            return HPDF_GetError(pdf);
        }
        arr = HPDF_Array_New(pdf->mmgr);
        if (!arr) {
            HPDF_Dict_Free(oi);
            return HPDF_GetError(pdf);
        }
        if (HPDF_Dict_Add(pdf->catalog, "OutputIntents", arr) != HPDF_OK) {
            HPDF_Dict_Free(oi);
            return HPDF_GetError(pdf);
        }
    }
    /* Owned by the array from here on (HPDF_Array_Add frees it on failure). */
    if (HPDF_Array_Add(arr, oi) != HPDF_OK)
        return HPDF_GetError(pdf);
    HPDF_STATUS st = HPDF_OK;
    st += HPDF_Dict_AddName(oi, "Type", "OutputIntent");
    st += HPDF_Dict_AddName(oi, "S", s);
    if (st == HPDF_OK)
        st += add_text(oi, "OutputConditionIdentifier", ident);
    if (st == HPDF_OK && condition)
        st += add_text(oi, "OutputCondition", condition);
    if (st == HPDF_OK && info)
        st += add_text(oi, "Info", info);
    if (st == HPDF_OK)
        st += add_text(oi, "RegistryName", "http://www.color.org");
    if (st == HPDF_OK)
        st += HPDF_Dict_Add(oi, "DestOutputProfile", prof);
    return st == HPDF_OK ? HPDF_OK : HPDF_GetError(pdf);
}

HPDF_STATUS lf_pdfx_page_box(HPDF_Page page, const char *key, double left, double bottom,
                             double right, double top)
{
    HPDF_Box box = {(HPDF_REAL)left, (HPDF_REAL)bottom, (HPDF_REAL)right, (HPDF_REAL)top};
    HPDF_Array a = HPDF_Box_Array_New(page->mmgr, box);
    if (!a)
        return HPDF_Error_GetCode(page->error);
    return HPDF_Dict_Add(page, key, a);
}

HPDF_STATUS lf_pdfx_outline_dest_xyz(HPDF_Outline item, HPDF_Page page, double left, double top)
{
    HPDF_Array dst = HPDF_Array_New(item->mmgr);
    if (!dst)
        return HPDF_Error_GetCode(item->error);
    /* Owned by the outline item from here on (freed by HPDF_Dict_Add on failure). */
    HPDF_STATUS st = HPDF_Dict_Add(item, "Dest", dst);
    if (st == HPDF_OK)
        st = HPDF_Array_Add(dst, page);
    if (st == HPDF_OK)
        st = HPDF_Array_AddName(dst, "XYZ");
    if (st == HPDF_OK)
        st = HPDF_Array_AddReal(dst, (HPDF_REAL)left);
    if (st == HPDF_OK)
        st = HPDF_Array_AddReal(dst, (HPDF_REAL)top);
    if (st == HPDF_OK) {
        HPDF_Null null = HPDF_Null_New(item->mmgr);
        st = null ? HPDF_Array_Add(dst, null) : HPDF_Error_GetCode(item->error);
    }
    return st;
}

HPDF_STATUS lf_pdfx_outline_item_fix(HPDF_Outline item)
{
    return dict_remove(item, "Type");
}

HPDF_STATUS lf_pdfx_outline_title(HPDF_Outline item, const char *utf8)
{
    return add_text(item, "Title", utf8);
}

HPDF_STATUS lf_pdfx_annot_contents(HPDF_Annotation annot, const char *utf8)
{
    return add_text(annot, "Contents", utf8);
}

HPDF_STATUS lf_pdfx_annot_flags(HPDF_Annotation annot, int flags)
{
    return HPDF_Dict_AddNumber(annot, "F", flags);
}

HPDF_STATUS lf_pdfx_id_placeholder(HPDF_Doc pdf)
{
    HPDF_BYTE zero[16] = {0};
    HPDF_Array id = HPDF_Array_New(pdf->mmgr);
    if (!id)
        return HPDF_GetError(pdf);
    if (HPDF_Dict_Add(pdf->trailer, "ID", id) != HPDF_OK)
        return HPDF_GetError(pdf);
    for (int i = 0; i < 2; i++) {
        HPDF_Binary b = HPDF_Binary_New(pdf->mmgr, zero, 16);
        if (!b || HPDF_Array_Add(id, b) != HPDF_OK)
            return HPDF_GetError(pdf);
    }
    return HPDF_OK;
}

/* MD5 (libharu's implementation). */
static void md5(const void *data, size_t len, unsigned char out[16])
{
    HPDF_MD5_CTX ctx;
    const HPDF_BYTE *p = data;
    HPDF_MD5Init(&ctx);
    while (len > 0) {
        HPDF_UINT32 n = len > 0x40000000u ? 0x40000000u : (HPDF_UINT32)len;
        HPDF_MD5Update(&ctx, p, n);
        p += n;
        len -= n;
    }
    HPDF_MD5Final(out, &ctx);
}

/* Both placeholders a and b := the MD5 of buf (placeholders still zero). */
static void fill_id(unsigned char *buf, size_t len, unsigned char *a, unsigned char *b)
{
    unsigned char md[16];
    md5(buf, len, md);
    static const char hex[] = "0123456789ABCDEF";
    for (int i = 0; i < 16; i++) {
        a[1 + 2 * i] = b[1 + 2 * i] = (unsigned char)hex[md[i] >> 4];
        a[2 + 2 * i] = b[2 + 2 * i] = (unsigned char)hex[md[i] & 15];
    }
}

int lf_pdfx_patch_id(unsigned char *buf, size_t len, size_t at)
{
    static const char zeros[] = "<00000000000000000000000000000000>";
    size_t z = sizeof zeros - 1;
    if (at > len || len - at < 2 * z || memcmp(buf + at, zeros, z) != 0 ||
        memcmp(buf + at + z, zeros, z) != 0)
        return -1;
    fill_id(buf, len, buf + at, buf + at + z);
    return 0;
}

/*** Tagged PDF: the structure tree ***/

struct lf_pdfx_tree {
    HPDF_Doc pdf;
    HPDF_Dict root;      /* StructTreeRoot */
    HPDF_Array nums;     /* the parent tree's /Nums */
    HPDF_Dict *elem;
    HPDF_Array *kids;
    HPDF_Page *pg;       /* per element: its /Pg (the page of its first MCID), or NULL */
    size_t n;
    int next_key;
};

static HPDF_Dict new_indirect_dict(HPDF_Doc pdf)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (d && HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
        return NULL;
    return d;
}

lf_pdfx_tree *lf_pdfx_tree_new(HPDF_Doc pdf, size_t nelems)
{
    lf_pdfx_tree *t = lf_xcalloc(1, sizeof *t);
    t->pdf = pdf;
    t->n = nelems;
    t->elem = lf_xcalloc(nelems ? nelems : 1, sizeof *t->elem);
    t->kids = lf_xcalloc(nelems ? nelems : 1, sizeof *t->kids);
    t->pg = lf_xcalloc(nelems ? nelems : 1, sizeof *t->pg);
    t->root = new_indirect_dict(pdf);
    t->nums = HPDF_Array_New(pdf->mmgr);
    if (!t->root || !t->nums || HPDF_Dict_AddName(t->root, "Type", "StructTreeRoot") != HPDF_OK) {
        lf_pdfx_tree_free(t);
        return NULL;
    }
    return t;
}

void lf_pdfx_tree_free(lf_pdfx_tree *t)
{
    if (!t)
        return;
    free(t->elem);
    free(t->kids);
    free(t->pg);
    free(t); /* the dictionaries belong to the document */
}

HPDF_STATUS lf_pdfx_tree_elem(lf_pdfx_tree *t, int i, const char *type, int parent,
                              const char *lang, const char *actual_text)
{
    if (i < 0 || (size_t)i >= t->n || t->elem[i] || parent >= i)
        return HPDF_INVALID_PARAMETER;
    HPDF_MMgr mm = t->pdf->mmgr;
    HPDF_Dict d = new_indirect_dict(t->pdf);
    HPDF_Array k = HPDF_Array_New(mm);
    if (!d || !k)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = HPDF_Dict_AddName(d, "Type", "StructElem");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(d, "S", type);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(d, "P", parent < 0 ? t->root : t->elem[parent]);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(d, "K", k);
    if (st == HPDF_OK && lang)
        st = HPDF_Dict_Add(d, "Lang", HPDF_String_New(mm, lang, NULL));
    if (st == HPDF_OK && actual_text)
        st = add_text(d, "ActualText", actual_text);
    t->elem[i] = d;
    t->kids[i] = k;
    return st;
}

/* A direct dictionary /Type type /Pg page (a marked-content or object
 * reference, a kid of an element); the caller adds what it points at. */
static HPDF_STATUS ref_dict(lf_pdfx_tree *t, const char *type, HPDF_Page page, HPDF_Dict *out)
{
    *out = HPDF_Dict_New(t->pdf->mmgr);
    if (!*out)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = HPDF_Dict_AddName(*out, "Type", type);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(*out, "Pg", page);
    return st;
}

HPDF_STATUS lf_pdfx_tree_kid_mcid(lf_pdfx_tree *t, int i, HPDF_Page page, int mcid)
{
    if (i < 0 || (size_t)i >= t->n || !t->elem[i])
        return HPDF_INVALID_PARAMETER;
    /* An element's /Pg is the page of its first marked content; MCIDs on
     * that page are plain integers in /K, others MCR dictionaries. */
    if (!t->pg[i]) {
        HPDF_STATUS st = HPDF_Dict_Add(t->elem[i], "Pg", page);
        if (st != HPDF_OK)
            return st;
        t->pg[i] = page;
    }
    if (t->pg[i] == page)
        return HPDF_Array_AddNumber(t->kids[i], mcid);
    HPDF_Dict mcr;
    HPDF_STATUS st = ref_dict(t, "MCR", page, &mcr);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(mcr, "MCID", mcid);
    if (st == HPDF_OK)
        st = HPDF_Array_Add(t->kids[i], mcr);
    return st;
}

HPDF_STATUS lf_pdfx_tree_kid_elem(lf_pdfx_tree *t, int i, int child)
{
    if (i < 0 || child < 0 || (size_t)i >= t->n || (size_t)child >= t->n || !t->elem[i] ||
        !t->elem[child])
        return HPDF_INVALID_PARAMETER;
    return HPDF_Array_Add(t->kids[i], t->elem[child]);
}

HPDF_STATUS lf_pdfx_tree_kid_annot(lf_pdfx_tree *t, int i, HPDF_Page page, HPDF_Annotation a)
{
    if (i < 0 || (size_t)i >= t->n || !t->elem[i])
        return HPDF_INVALID_PARAMETER;
    HPDF_Dict objr;
    HPDF_STATUS st = ref_dict(t, "OBJR", page, &objr);
    if (st != HPDF_OK)
        return st;
    int key = t->next_key++;
    st = HPDF_Dict_Add(objr, "Obj", a);
    if (st == HPDF_OK)
        st = HPDF_Array_Add(t->kids[i], objr);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(a, "StructParent", key);
    if (st == HPDF_OK)
        st = HPDF_Array_AddNumber(t->nums, key);
    if (st == HPDF_OK)
        st = HPDF_Array_Add(t->nums, t->elem[i]);
    return st;
}

HPDF_STATUS lf_pdfx_tree_page(lf_pdfx_tree *t, HPDF_Page page, const int *elems, size_t n)
{
    int key = t->next_key++;
    HPDF_Array arr = HPDF_Array_New(t->pdf->mmgr);
    if (!arr)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = HPDF_OK;
    for (size_t m = 0; m < n && st == HPDF_OK; m++) {
        int e = elems[m];
        if (e < 0 || (size_t)e >= t->n || !t->elem[e])
            return HPDF_INVALID_PARAMETER;
        st = HPDF_Array_Add(arr, t->elem[e]);
    }
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(page, "StructParents", key);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(page, "Tabs", "S");
    if (st == HPDF_OK)
        st = HPDF_Array_AddNumber(t->nums, key);
    if (st == HPDF_OK)
        st = HPDF_Array_Add(t->nums, arr);
    return st;
}

HPDF_STATUS lf_pdfx_tree_finish(lf_pdfx_tree *t, int root)
{
    if (root < 0 || (size_t)root >= t->n || !t->elem[root])
        return HPDF_INVALID_PARAMETER;
    HPDF_MMgr mm = t->pdf->mmgr;
    HPDF_Dict ptree = new_indirect_dict(t->pdf);
    HPDF_Dict mark = HPDF_Dict_New(mm);
    if (!ptree || !mark)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = HPDF_Dict_Add(ptree, "Nums", t->nums);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(t->root, "K", t->elem[root]);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(t->root, "ParentTree", ptree);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(t->root, "ParentTreeNextKey", t->next_key);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(t->pdf->catalog, "StructTreeRoot", t->root);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(mark, "Marked", HPDF_Boolean_New(mm, HPDF_TRUE));
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(t->pdf->catalog, "MarkInfo", mark);
    return st;
}

/*** Objects handed over ready-made ***/

static HPDF_STATUS raw_write(HPDF_Dict dict, HPDF_Stream stream)
{
    return HPDF_Stream_WriteStr(stream, (const char *)dict->attr);
}

static const char flate_key[] = "/Filter /FlateDecode\012";

HPDF_Dict lf_pdfx_raw_dict(HPDF_Doc pdf, const char *raw)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (!d)
        return NULL;
    if (HPDF_Xref_Add(pdf->xref, d) != HPDF_OK) /* frees d on failure */
        return NULL;
    d->attr = (void *)(uintptr_t)raw; /* borrowed: HPDF_Dict_Free leaves attr alone */
    d->write_fn = raw_write;
    return d;
}

HPDF_Dict lf_pdfx_raw_stream(HPDF_Doc pdf, const char *raw, const void *data, size_t len)
{
    HPDF_Dict s = new_stream(pdf, data, len);
    if (!s)
        return NULL;
    s->filter = HPDF_STREAM_FILTER_NONE; /* already compressed */
    s->attr = (void *)(uintptr_t)(raw ? raw : flate_key);
    s->write_fn = raw_write;
    return s;
}

HPDF_Dict lf_pdfx_font(HPDF_Doc pdf, const char *type0, const char *cidfont,
                       const char *descriptor, const char *file_keys, const void *file,
                       size_t file_len, const void *tounicode, size_t tounicode_len,
                       const void *cidmap, size_t cidmap_len)
{
    HPDF_Dict t0 = lf_pdfx_raw_dict(pdf, type0);
    HPDF_Dict cid = lf_pdfx_raw_dict(pdf, cidfont);
    HPDF_Dict desc = lf_pdfx_raw_dict(pdf, descriptor);
    HPDF_Dict ff = lf_pdfx_raw_stream(pdf, file_keys, file, file_len);
    HPDF_Dict tu = lf_pdfx_raw_stream(pdf, NULL, tounicode, tounicode_len);
    HPDF_Dict map = lf_pdfx_raw_stream(pdf, NULL, cidmap, cidmap_len);
    HPDF_Array desc_fonts = HPDF_Array_New(pdf->mmgr);
    if (!t0 || !cid || !desc || !ff || !tu || !map || !desc_fonts)
        return NULL;
    if (HPDF_Dict_Add(t0, "DescendantFonts", desc_fonts) != HPDF_OK ||
        HPDF_Array_Add(desc_fonts, cid) != HPDF_OK || HPDF_Dict_Add(t0, "ToUnicode", tu) != HPDF_OK ||
        HPDF_Dict_Add(cid, "FontDescriptor", desc) != HPDF_OK ||
        HPDF_Dict_Add(cid, "CIDToGIDMap", map) != HPDF_OK ||
        HPDF_Dict_Add(desc, "FontFile2", ff) != HPDF_OK)
        return NULL;
    return t0;
}

HPDF_STATUS lf_pdfx_page_content(HPDF_Page page, const void *z, size_t len)
{
    if (!HPDF_Page_Validate(page))
        return HPDF_INVALID_PAGE;
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (len > 0x7fffffff)
        return HPDF_SetError(page->error, HPDF_INVALID_PARAMETER, 0);
    attr->contents->filter = HPDF_STREAM_FILTER_NONE;
    attr->contents->attr = (void *)(uintptr_t)flate_key;
    attr->contents->write_fn = raw_write;
    return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)z, (HPDF_UINT)len);
}

HPDF_STATUS lf_pdfx_page_font(HPDF_Page page, const char *name, HPDF_Dict font)
{
    if (!HPDF_Page_Validate(page))
        return HPDF_INVALID_PAGE;
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!attr->fonts) {
        HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
        if (!res)
            return HPDF_SetError(page->error, HPDF_PAGE_CANNOT_GET_ROOT_PAGES, 0);
        attr->fonts = HPDF_Dict_New(page->mmgr);
        if (!attr->fonts || HPDF_Dict_Add(res, "Font", attr->fonts) != HPDF_OK)
            return HPDF_Error_GetCode(page->error);
    }
    return HPDF_Dict_Add(attr->fonts, name, font);
}
