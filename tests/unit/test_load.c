/* Unit tests for load.c: good leaflets and directories from memory, and each
 * class of rejection with its formatted diagnostic. */
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "t.h"

/* All diagnostics of loading `yaml` as leaflet `name`, one per line, or "OK". */
static char *diags_text(const lf_diags *d)
{
    lf_buf b = {0};
    for (size_t i = 0; i < d->n; i++) {
        char *f = lf_diag_format(&d->v[i]);
        lf_buf_printf(&b, "%s%s", i ? "\n" : "", f);
        free(f);
    }
    return lf_buf_take(&b);
}

static char *leaf(const char *name, const char *yaml)
{
    lf_diags d = {0};
    lf_leaflet l;
    int rc = lf_load_leaflet_mem(name, yaml, strlen(yaml), &l, &d);
    char *s = rc == 0 && d.n == 0 ? lf_xstrdup("OK") : diags_text(&d);
    if (rc == 0 && d.nerrors)
        CHECK(!"success with errors");
    if (rc != 0 && (l.id || l.blocks || l.file))
        CHECK(!"model not empty on failure");
    if (rc == 0)
        lf_leaflet_free(&l);
    lf_diags_free(&d);
    return s;
}

static char *dir(const char *yaml)
{
    lf_diags d = {0};
    lf_directory r;
    int rc = lf_load_directory_mem("s.yaml", yaml, strlen(yaml), &r, &d);
    char *s = rc == 0 && d.n == 0 ? lf_xstrdup("OK") : diags_text(&d);
    if (rc == 0)
        lf_directory_free(&r);
    lf_diags_free(&d);
    return s;
}

#define L(yaml, want)                     \
    do {                                  \
        char *got_ = leaf("t.yaml", yaml); \
        CHECK_STR(got_, want);            \
        free(got_);                       \
    } while (0)

#define D(yaml, want)               \
    do {                            \
        char *got_ = dir(yaml);     \
        CHECK_STR(got_, want);      \
        free(got_);                 \
    } while (0)

#define HEAD "id: t\nlanguages: [fr, en]\ntitle: {fr: Titre, en: Title}\n"

static const char *good =
    "\xEF\xBB\xBF" /* a BOM is skipped */
    "# a comment\n"
    "id: immunotherapy\n"
    "languages: [en, fr]\n"
    "reference: IMM-2026-01\n"
    "version: 1.0\n"
    "published: 2024-02-29\n"
    "review: 2027-11-28\n"
    "title: {fr: \"L'immunothérapie\", en: Immunotherapy}\n"
    "subtitle:\n"
    "  fr: Votre cancer › Vivre\n"
    "  en: Your cancer\n"
    "body:\n"
    "  - heading: {fr: Qu'est-ce que c'est ?, en: What is it?}\n"
    "  - subheading: CTLA-4\n"
    "  - para:\n"
    "      fr: Un traitement **important**\n"
    "        qui dure *longtemps*.\n"
    "      en: |\n"
    "        Line one\n"
    "          <https://example.org>\n"
    "  - note: {fr: \"Appelez le \\\\*15\", en: 'Call'}\n"
    "  - bullets:\n"
    "      - {fr: un, en: one}\n"
    "      - fr: deux\n"
    "        en: two\n"
    "        bullets:\n"
    "          - trois\n"
    "          - {fr: quatre, en: four}\n";

static void test_good(void)
{
    lf_diags d = {0};
    lf_leaflet l;
    char name[] = "content/leaflets/immunotherapy.yaml";
    int rc = lf_load_leaflet_mem(name, good, strlen(good), &l, &d);
    CHECK(rc == 0);
    CHECK(d.n == 0);
    if (rc != 0) {
        char *s = diags_text(&d);
        fprintf(stderr, "%s\n", s);
        free(s);
        lf_diags_free(&d);
        return;
    }
    name[0] = 'X'; /* the model keeps its own copy of the file name */
    CHECK_STR(l.file, "content/leaflets/immunotherapy.yaml");
    CHECK_STR(l.id, "immunotherapy");
    CHECK(l.nlangs == 2 && l.langs[0] == LF_EN && l.langs[1] == LF_FR);
    CHECK_STR(l.reference, "IMM-2026-01");
    CHECK_STR(l.version, "1.0");
    CHECK(l.published.y == 2024 && l.published.m == 2 && l.published.d == 29);
    CHECK(l.review.y == 2027 && l.published.pos.line == 6 && l.published.pos.col == 12);
    CHECK(l.title.have == 3);
    CHECK_STR(l.title.t[LF_FR].runs[0].text, "L'immunothérapie"); /* no typography here */
    CHECK(l.title.lpos[LF_FR].line == 8 && l.title.lpos[LF_FR].col == 13);
    CHECK(l.title.pos.file == l.file);
    CHECK(l.has_subtitle && l.subtitle.lpos[LF_EN].line == 11);
    CHECK(l.nblocks == 5);
    if (l.nblocks != 5)
        goto out;
    CHECK(l.blocks[0].kind == LF_BLK_HEADING);
    CHECK_STR(l.blocks[0].text.t[LF_EN].runs[0].text, "What is it?");
    /* a plain string: the same in every language */
    CHECK(l.blocks[1].kind == LF_BLK_SUBHEADING && l.blocks[1].text.have == 3);
    CHECK_STR(l.blocks[1].text.t[LF_FR].runs[0].text, "CTLA-4");
    CHECK_STR(l.blocks[1].text.t[LF_EN].runs[0].text, "CTLA-4");
    /* folded plain scalar with markup: positions follow the file */
    const lf_rich *p = &l.blocks[2].text.t[LF_FR];
    CHECK(l.blocks[2].kind == LF_BLK_PARA && p->n == 5);
    if (p->n == 5) {
        CHECK_STR(p->runs[0].text, "Un traitement ");
        CHECK_STR(p->runs[1].text, "important");
        CHECK(p->runs[1].style == LF_BOLD && p->runs[1].pos.line == 16 && p->runs[1].pos.col == 27);
        CHECK_STR(p->runs[2].text, " qui dure ");
        CHECK_STR(p->runs[3].text, "longtemps");
        CHECK(p->runs[3].style == LF_ITALIC && p->runs[3].pos.line == 17 && p->runs[3].pos.col == 19);
        CHECK(p->runs[1].pos.file == l.file);
    }
    /* literal block scalar: newlines kept, a link */
    const lf_rich *e = &l.blocks[2].text.t[LF_EN];
    CHECK(e->n == 3);
    if (e->n == 3) {
        CHECK_STR(e->runs[0].text, "Line one\n  ");
        CHECK(e->runs[0].pos.line == 19 && e->runs[0].pos.col == 9);
        CHECK_STR(e->runs[1].href, "https://example.org");
        CHECK(e->runs[1].pos.line == 20 && e->runs[1].pos.col == 11);
        CHECK_STR(e->runs[2].text, "\n");
    }
    CHECK(l.blocks[3].kind == LF_BLK_NOTE);
    CHECK_STR(l.blocks[3].text.t[LF_FR].runs[0].text, "Appelez le *15");
    const lf_block *b = &l.blocks[4];
    CHECK(b->kind == LF_BLK_BULLETS && b->nitems == 2);
    if (b->nitems == 2) {
        CHECK_STR(b->items[0].text.t[LF_EN].runs[0].text, "one");
        CHECK(b->items[0].nsub == 0);
        CHECK(b->items[1].nsub == 2 && b->items[1].pos.line == 24);
        CHECK_STR(b->items[1].text.t[LF_FR].runs[0].text, "deux");
        if (b->items[1].nsub == 2) {
            CHECK_STR(b->items[1].sub[0].text.t[LF_EN].runs[0].text, "trois");
            CHECK_STR(b->items[1].sub[1].text.t[LF_EN].runs[0].text, "four");
            CHECK(b->items[1].sub[1].pos.file == l.file);
        }
    }
out:
    lf_leaflet_free(&l);
    lf_diags_free(&d);

    /* one language, a plain string fills every language */
    L("id: t\nlanguages: [fr]\ntitle: Titre\nbody: [para: x, para: {fr: y}]\n", "OK");
    /* the id is checked against the base name of `name` */
    char *s = leaf("a/b/c-1.yaml", "id: c-1\nlanguages: [fr]\ntitle: T\nbody: [para: x]\n");
    CHECK_STR(s, "OK");
    free(s);
}

static void test_errors(void)
{
    /* input */
    L("", "t.yaml: error: empty file: expected a leaflet (a mapping with id, languages, title, body)");
    L("- x\n", "t.yaml:1:1: error: expected a leaflet (a mapping with id, languages, title, body), found a list");
    L("id: t\ntitle: \"caf\xC3\n",
      "t.yaml:2:12: error: invalid UTF-8 (byte 0xC3): save the file as UTF-8");
    L("id: t\n\xC3\xA9\xFFx\n", "t.yaml:2:2: error: invalid UTF-8 (byte 0xFF): save the file as UTF-8");
    {
        size_t n = LF_MAX_FILE + 1;
        char *big = malloc(n);
        memset(big, '#', n);
        lf_diags d = {0};
        lf_leaflet l;
        CHECK(lf_load_leaflet_mem("t.yaml", big, n, &l, &d) == -1);
        char *s = diags_text(&d);
        CHECK_STR(s, "t.yaml: error: file too large (1048577 bytes; the limit is 1 MiB)");
        free(s);
        lf_diags_free(&d);
        free(big);
    }

    /* YAML syntax: libyaml's problem, position and context */
    L(HEAD "body:\n  - para: Attention: ceci\n",
      "t.yaml:5:20: error: mapping values are not allowed in this context\n"
      "t.yaml:5:20: note: text that contains `: ` must be quoted, e.g. fr: \"Attention : …\"");
    L(HEAD "body:\n  - para: \"x\n",
      "t.yaml:6:1: error: found unexpected end of stream\n"
      "t.yaml:5:11: note: while scanning a quoted scalar that starts here");
    L(HEAD "body:\n\t- para: x\n",
      "t.yaml:5:1: error: found character that cannot start any token\n"
      "t.yaml:5:1: note: while scanning for the next token that starts here\n"
      "t.yaml:5:1: note: indent with spaces: YAML does not allow tabs here");
    L(HEAD "body: \"\x01\"\n", "t.yaml:4:8: error: control characters are not allowed (U+0001)");

    /* anchors, aliases, tags, documents */
    L(HEAD "body:\n  - para: &p x\n  - para: *p\n",
      "t.yaml:5:11: error: anchor `&p` is not allowed (write the content out in full)\n"
      "t.yaml:6:11: error: alias `*p` is not allowed (write the content out in full)");
    L(HEAD "body:\n  - para: !!str x\n  - !!map {para: x}\n  - para: !foo x\n",
      "t.yaml:5:11: error: tag `!!str` is not allowed (remove it)\n"
      "t.yaml:6:5: error: tag `!!map` is not allowed (remove it)\n"
      "t.yaml:7:11: error: tag `!foo` is not allowed (remove it)");
    L(HEAD "body:\n  - para: *italic* x\n",
      "t.yaml:5:18: error: did not find expected alphabetic or numeric character\n"
      "t.yaml:5:11: note: while scanning an alias that starts here\n"
      "t.yaml:5:18: note: text that starts with `*` or `&` must be quoted, e.g. \"**Important** …\"");
    L(HEAD "body:\n  - para: *italic\n",
      "t.yaml:5:11: error: alias `*italic` is not allowed (write the content out in full)");
    L(HEAD "body: [para: x]\n---\nid: u\n",
      "t.yaml:5:1: error: a second YAML document: a file holds one document only");
    {
        lf_buf b = {0};
        lf_buf_adds(&b, HEAD "body:\n  - para: ");
        for (int i = 0; i < 100; i++)
            lf_buf_addc(&b, '[');
        char *s = leaf("t.yaml", b.s);
        CHECK_STR(s, "t.yaml:5:72: error: nested too deeply (more than 64 levels)");
        free(s);
        lf_buf_free(&b);
    }

    /* keys */
    L(HEAD "body: [para: x]\nhedding: x\nTitle: y\nxyzzy: 1\n",
      "t.yaml:5:1: error: unknown key `hedding`\n"
      "t.yaml:5:1: note: known keys here: id, languages, reference, version, published, review, "
      "title, subtitle, body\n"
      "t.yaml:6:1: error: unknown key `Title` (did you mean `title`?)\n"
      "t.yaml:7:1: error: unknown key `xyzzy`\n"
      "t.yaml:7:1: note: known keys here: id, languages, reference, version, published, review, "
      "title, subtitle, body");
    L(HEAD "body:\n  - hedding: x\n  - para: x\n    para: y\n",
      "t.yaml:5:5: error: unknown key `hedding` (did you mean `heading`?)\n"
      "t.yaml:7:5: error: duplicate key `para`\n"
      "t.yaml:6:5: note: `para` is first given here");
    L("languages: [fr]\n",
      "t.yaml:1:1: error: missing required key `id`\n"
      "t.yaml:1:1: error: missing required key `title`\n"
      "t.yaml:1:1: error: missing required key `body`");

    /* translations */
    L(HEAD "body:\n  - para: {fr: x}\n  - note:\n      en: y\n",
      "t.yaml:5:11: error: missing `en` translation in `para`\n"
      "t.yaml:7:7: error: missing `fr` translation in `note`");
    L("id: t\nlanguages: [fr]\ntitle: T\nbody:\n  - para: {fr: x, en: y, de: z, fe: w}\n",
      "t.yaml:5:19: error: `en` is not a language of this leaflet (languages: fr)\n"
      "t.yaml:5:26: error: unknown language `de` (this leaflet's languages: fr)\n"
      "t.yaml:5:33: error: unknown key `fe` (did you mean `fr`?)");
    L(HEAD "body:\n  - para: {fr: [a], en: {x: y}}\n  - para: [a, b]\n",
      "t.yaml:5:16: error: `fr`: expected text, found a list\n"
      "t.yaml:5:25: error: `en`: expected text, found a mapping\n"
      "t.yaml:6:11: error: `para`: expected text, found a list");
    L(HEAD "body:\n  - para: {fr: \"\", en: \"  \"}\n  - para:\n  - note: ~\n",
      "t.yaml:5:16: error: empty `fr` text in `para`\n"
      "t.yaml:5:24: error: empty `en` text in `para`\n"
      "t.yaml:6:10: error: empty text in `para`\n"
      "t.yaml:7:11: error: empty text in `note`");

    /* blocks and bullets */
    L(HEAD "body:\n  - para: x\n    note: y\n  - {}\n  - x\n",
      "t.yaml:6:5: error: a block has exactly one of heading, subheading, para, note, bullets; "
      "found `para` and `note`\n"
      "t.yaml:7:5: error: a block has exactly one of heading, subheading, para, note, bullets; found none\n"
      "t.yaml:8:5: error: expected a block (heading, subheading, para, note or bullets), found text");
    L(HEAD "body:\n  - bullets:\n    - a\n    - fr: b\n      en: c\n      bullets:\n        - fr: d\n"
           "          en: e\n          bullets: [f]\n    - [g]\n  - bullets: []\n  - bullets: x\n",
      "t.yaml:12:11: error: bullets nested too deeply: one nested level at most\n"
      "t.yaml:13:7: error: expected a bullet item (text), found a list\n"
      "t.yaml:14:14: error: `bullets` has no items\n"
      "t.yaml:15:14: error: `bullets`: expected a list of items, found text");
    L(HEAD "body:\n  - bullets:\n    - fr: a\n      en: b\n      bulets: [c]\n",
      "t.yaml:8:7: error: unknown key `bulets` (did you mean `bullets`?)");
    L(HEAD "body: []\n", "t.yaml:4:7: error: `body` has no blocks");
    L(HEAD "body: x\n", "t.yaml:4:7: error: `body`: expected a list of blocks, found text");

    /* id, languages, dates */
    L("id: T_1\nlanguages: [fr]\ntitle: T\nbody: [para: x]\n",
      "t.yaml:1:5: error: id `T_1` is not valid: use 1 to 64 lowercase letters, digits and `-`, "
      "not starting with `-`");
    L("id: other\nlanguages: [fr]\ntitle: T\nbody: [para: x]\n",
      "t.yaml:1:5: error: id `other` does not match the file name (expected `t`)");
    L("id: t\nlanguages: [fr, fr]\ntitle: T\nbody: [para: x]\n",
      "t.yaml:2:17: error: language `fr` is listed twice");
    L("id: t\nlanguages: [de]\ntitle: T\nbody: [para: x]\n",
      "t.yaml:2:13: error: unknown language `de` (expected fr or en)");
    L("id: t\nlanguages: []\ntitle: T\nbody: [para: x]\n",
      "t.yaml:2:12: error: `languages` lists 1 or 2 of fr, en (found 0)");
    L("id: t\nlanguages: fr\ntitle: T\nbody: [para: x]\n",
      "t.yaml:2:12: error: `languages`: expected a list such as [fr, en], found text");
    L(HEAD "body: [para: x]\npublished: 2026-02-30\nreview: 28/11/2026\n",
      "t.yaml:5:12: error: `published`: 2026-02-30 is not a real date\n"
      "t.yaml:6:9: error: `review`: `28/11/2026` is not an ISO date (YYYY-MM-DD)");
    L(HEAD "body: [para: x]\npublished: 2026-11-28\nreview: 2026-11-27\n",
      "t.yaml:6:9: error: `review` (2026-11-27) is before `published` (2026-11-28)");
    L(HEAD "body: [para: x]\nreference: [a]\nversion: \"\"\n",
      "t.yaml:5:12: error: `reference`: expected text, found a list\n"
      "t.yaml:6:10: error: empty `version`");

    /* markup errors point into the text */
    L(HEAD "body:\n  - para: {fr: \"a **b\", en: 'c *d'}\n  - note: |\n      ligne\n        <x>\n",
      "t.yaml:5:19: error: unclosed `**` (bold)\n"
      "t.yaml:5:32: error: unclosed `*` (italic)\n"
      "t.yaml:8:9: error: `<` does not start a link (`<https://…>` or `<mailto:…>`)\n"
      "t.yaml:8:9: note: write `\\<` for a literal `<`");
    L(HEAD "body:\n  - para: a\n      b c\n       d **e\n",
      "t.yaml:7:10: error: unclosed `**` (bold)");
    L(HEAD "body:\n  - para: \"l\\u00e9 'x*\"\n  - para: 'l''a*'\n  - note: \"a\\\"b\\t *\"\n",
      "t.yaml:5:22: error: unmatched closing `*` (italic)\n"
      "t.yaml:6:16: error: unmatched closing `*` (italic)\n"
      "t.yaml:7:19: error: lone `*` (write `\\*` for a literal asterisk)");

    /* all errors reported, in file order */
    L("id: Bad\nlanguages: [fr, en]\ntitel: x\nbody:\n  - para: {fr: x}\n  - note: \"*a\"\n",
      "t.yaml:1:1: error: missing required key `title`\n"
      "t.yaml:1:5: error: id `Bad` is not valid: use 1 to 64 lowercase letters, digits and `-`, "
      "not starting with `-`\n"
      "t.yaml:3:1: error: unknown key `titel` (did you mean `title`?)\n"
      "t.yaml:5:11: error: missing `en` translation in `para`\n"
      "t.yaml:6:12: error: unclosed `*` (italic)");
}

static const char *good_dir =
    "organisation:\n"
    "  name: {fr: Institut, en: Institute}\n"
    "  address: 1 rue X, Paris\n"
    "  phone: \"+33 1 23 45 67 89\"\n"
    "  website: https://x.fr\n"
    "staff:\n"
    "  - id: jdupont\n"
    "    name: Dr Zoë Łukasz *Nguyễn*\n"
    "    job_title: {fr: Oncologue, en: Oncologist}\n"
    "    specialty: {fr: \"**Poumon**\"}\n"
    "    location: Paris\n"
    "    phone: \"+33 1\"\n"
    "    email: j.dupont@x.fr\n"
    "    publications:\n"
    "      - \"Dupont J, et al. Title. *J*. 2024;12:34–56.\"\n"
    "  - id: b2\n"
    "    name: B\n"
    "    job_title: Infirmière\n";

static void test_directory(void)
{
    lf_diags d = {0};
    lf_directory r;
    CHECK(lf_load_directory_mem("s.yaml", good_dir, strlen(good_dir), &r, &d) == 0);
    CHECK(d.n == 0);
    if (d.n == 0) {
        CHECK(r.nstaff == 2);
        CHECK_STR(r.org_name.t[LF_EN].runs[0].text, "Institute");
        CHECK(r.has_org_address && r.org_address.have == 3);
        CHECK_STR(r.org_phone, "+33 1 23 45 67 89");
        CHECK_STR(r.org_website, "https://x.fr");
        const lf_staff *s = lf_directory_find(&r, "jdupont");
        CHECK(s != NULL);
        if (s) {
            CHECK_STR(s->name, "Dr Zoë Łukasz *Nguyễn*"); /* plain: no markup */
            CHECK(s->name_pos.line == 8 && s->name_pos.col == 11);
            CHECK(s->specialty.have == 1u << LF_FR);
            CHECK(s->specialty.t[LF_FR].runs[0].style == LF_BOLD);
            CHECK(s->npubs == 1);
            CHECK_STR(s->pubs[0], "Dupont J, et al. Title. *J*. 2024;12:34–56.");
            CHECK(s->pubs_pos[0].file == r.file);
        }

        /* the languages a leaflet needs */
        lf_leaflet l = {0};
        l.id = "imm";
        l.nlangs = 2;
        l.langs[0] = LF_FR;
        l.langs[1] = LF_EN;
        CHECK(lf_check_staff_langs(&r, &l, &d) == -1);
        char *t = diags_text(&d);
        CHECK_STR(t, "s.yaml:10:16: error: missing `en` translation in `specialty` (needed by leaflet `imm`)");
        free(t);
        lf_diags_free(&d);
        l.nlangs = 1;
        CHECK(lf_check_staff_langs(&r, &l, &d) == 0 && d.n == 0);
        lf_directory_free(&r);
    }
    lf_diags_free(&d);

    D("organisation: {name: X}\nstaff: []\n", "OK");
    D("organisation: {name: X}\nstaff:\n", "OK");
    D("organisation:\n  name: X\n  adress: Y\nstaf: []\n",
      "s.yaml:1:1: error: missing required key `staff`\n"
      "s.yaml:3:3: error: unknown key `adress` (did you mean `address`?)\n"
      "s.yaml:4:1: error: unknown key `staf` (did you mean `staff`?)");
    D("organisation: {name: X}\nstaff:\n  - id: a\n    name: A\n    job_title: J\n"
      "  - id: b\n    name: B\n    job_title: J\n  - id: a\n    name: C\n    job_title: J\n",
      "s.yaml:9:9: error: duplicate staff id `a`\n"
      "s.yaml:3:9: note: `a` is first defined here");
    D("organisation: {name: {de: X}}\nstaff:\n  - id: A.B\n    name: \"\"\n    job_title: {}\n"
      "    publications: x\n  - x\n",
      "s.yaml:1:23: error: unknown language `de` (expected fr or en)\n"
      "s.yaml:3:9: error: staff id `A.B` is not valid: use 1 to 64 lowercase letters, digits and "
      "`-`, not starting with `-`\n"
      "s.yaml:4:11: error: empty `name`\n"
      "s.yaml:5:16: error: `job_title` has no text: expected `fr` and/or `en`\n"
      "s.yaml:6:19: error: `publications`: expected a list, found text\n"
      "s.yaml:7:5: error: expected a staff member (a mapping with id, name, job_title), found text");
    D("organisation: {name: X}\nstaff:\n  - id: a\n    job_title: {fr: \"*x\"}\n",
      "s.yaml:3:5: error: missing required key `name`\n"
      "s.yaml:4:22: error: unclosed `*` (italic)");
}

static void test_files(void)
{
    lf_diags d = {0};
    lf_leaflet l;
    CHECK(lf_load_leaflet("/nonexistent/x.yaml", &l, &d) == -1);
    char *s = diags_text(&d);
    CHECK_STR(s, "/nonexistent/x.yaml: error: cannot open: No such file or directory");
    free(s);
    lf_diags_free(&d);
}

int main(void)
{
    test_good();
    test_errors();
    test_directory();
    test_files();
    return T_DONE("test_load");
}
