/* fonts: the family is found through fontconfig in the bundled folder,
 * widths come from the font, and characters the family lacks fall back to
 * another installed TrueType font, or are refused with their position. */
#include <stdlib.h>
#include <string.h>

#include "fonts.h"
#include "model.h"
#include "t.h"

int main(void)
{
    lf_diags d = {0};
    lf_fonts *f = lf_fonts_open(LF_FAMILY, "fonts", &d);
    CHECK(f != NULL);
    if (!f)
        return T_DONE("test_fonts");
    CHECK(lf_fonts_count(f) == 4);
    /* the bundled faces, not whatever else is installed */
    for (int i = 0; i < 4; i++)
        CHECK(strstr(lf_fonts_path(f, i), "fonts/NotoSans-") != NULL);
    CHECK(strstr(lf_fonts_path(f, LF_FACE_BOLDITALIC), "BoldItalic") != NULL);

    /* advance widths from the font: Noto Sans 'H' is 742/1000, bold wider */
    CHECK(lf_fonts_advance(f, LF_FACE_REGULAR, 'H') > 700 && lf_fonts_advance(f, LF_FACE_REGULAR, 'H') < 780);
    CHECK(lf_fonts_advance(f, LF_FACE_BOLD, 'H') > lf_fonts_advance(f, LF_FACE_REGULAR, 'H'));
    double w = lf_fonts_width(f, 0, 10, "HH", 2);
    CHECK(w > 2 * 7.0 && w < 2 * 7.8);
    /* the family covers French, Polish and Vietnamese names, and the spaces typography inserts */
    const char *names = "Zoë Łukasz Nguyễn Thị Hương « » ’ \xc2\xa0\xe2\x80\xaf";
    CHECK(lf_fonts_check(f, 0, names, (lf_pos){"s.yaml", 1, 1}, &d) == 0);
    CHECK(d.nerrors == 0);
    uint32_t cps[] = {0xEB, 0x141, 0x1EC5, 0xA0, 0x202F, 0x2019};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++)
        CHECK(lf_fonts_pick(f, LF_BOLD, cps[i]) == LF_FACE_BOLD);

    /* fallback: the telephone sign is not in Noto Sans but DejaVu Sans has it */
    int fb = lf_fonts_pick(f, 0, 0x260E);
    CHECK(fb >= 4);
    CHECK(fb >= 4 && lf_fonts_advance(f, fb, 0x260E) > 0);
    CHECK(lf_fonts_check(f, 0, "Tél. \xe2\x98\x8e", (lf_pos){"s.yaml", 2, 3}, &d) == 0);

    /* nobody has an unassigned code point: refused at its column */
    CHECK(lf_fonts_pick(f, 0, 0x0378) == -1);
    CHECK(lf_fonts_check(f, 0, "ab\xcd\xb8", (lf_pos){"s.yaml", 4, 10}, &d) == -1);
    CHECK(d.n == 1);
    if (d.n == 1) {
        char *s = lf_diag_format(&d.v[0]);
        CHECK_STR(s, "s.yaml:4:12: error: no font has U+0378 '\xcd\xb8'");
        free(s);
    }
    /* beyond the BMP, control and bidi characters are refused, never dropped */
    lf_diags_free(&d);
    CHECK(lf_fonts_check(f, 0, "\xf0\x9f\x98\x80", (lf_pos){"s.yaml", 5, 1}, &d) == -1);
    CHECK(lf_fonts_check(f, 0, "a\xe2\x80\xae" "b", (lf_pos){"s.yaml", 6, 1}, &d) == -1);
    CHECK(lf_fonts_check(f, 0, "a\x07", (lf_pos){"s.yaml", 7, 1}, &d) == -1);
    CHECK(d.nerrors == 3);
    if (d.n == 3) {
        CHECK(strstr(d.v[0].msg, "U+1F600") != NULL);
        CHECK(strstr(d.v[1].msg, "U+202E") != NULL);
        CHECK(strstr(d.v[2].msg, "U+0007") != NULL);
    }
    lf_diags_free(&d);

    /* a family that does not exist is an error, not a silent substitute */
    lf_fonts *g = lf_fonts_open("No Such Family Xyz", "fonts", &d);
    CHECK(g == NULL);
    CHECK(d.nerrors >= 1);
    lf_diags_free(&d);
    lf_fonts_close(f);
    return T_DONE("test_fonts");
}
