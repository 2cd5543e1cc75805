#!/usr/bin/env python3
"""Writes the hostile inputs into a folder (not committed: some are large).
    python3 tests/hostile/gen.py DIR
Each file's expected outcome is in tests/e2e/hostile.sh."""
import itertools, string, sys

d = sys.argv[1]


def write(name, text):
    with open(f"{d}/{name}", "w", encoding="utf-8") as f:
        f.write(text)


def leaflet(name, body, langs="[fr, en]", ident=None):
    write(f"{name}.yaml", f"id: {ident or name}\nlanguages: {langs}\n"
          "title: {fr: Essai, en: Test}\nbody:\n" + body)


# ids that try to leave the output folder
write("dotdot.yaml", 'id: "../etc"\nlanguages: [fr]\ntitle: x\nbody:\n  - para: x\n')
write("slash.yaml", 'id: "a/b"\nlanguages: [fr]\ntitle: x\nbody:\n  - para: x\n')
write("absolute.yaml", 'id: "/etc"\nlanguages: [fr]\ntitle: x\nbody:\n  - para: x\n')
write("nulid.yaml", 'id: "nulid\\0/../x"\nlanguages: [fr]\ntitle: x\nbody:\n  - para: x\n')
ORG = "organisation:\n  name: {fr: Hôpital, en: Hospital}\nstaff:\n"
for nm, ident in [("dotdot", '"../x"'), ("slash", '"a/b"'), ("nul", '"ab\\0"'),
                  ("dot", '"."'), ("upper", "ABC")]:
    write(f"staff-id-{nm}.yaml", ORG + f"  - id: {ident}\n    name: X\n    job_title: Job\n")

# 100,000 bullets, each a distinct 4-letter word (fits in 1 MiB)
words = ["".join(p) for p in itertools.islice(itertools.product(string.ascii_lowercase, repeat=4), 100000)]
write("words.txt", "\n".join(words) + "\n")
write("bullets.yaml", "id: bullets\nlanguages: [fr, en]\ntitle: {fr: Essai, en: Test}\nbody:\n- bullets:\n"
      + "".join(f"  - {w}\n" for w in words))

# 10,000 staff members
write("staff10k.yaml", ORG + "".join(
    f"  - id: s{i}\n    name: Staff Member {i}\n    job_title: {{fr: Poste, en: Job}}\n" for i in range(10000)))

# a 50,000-character word
write("longword.txt", "abcdefghij" * 5000)
leaflet("longword", "  - para: " + "abcdefghij" * 5000 + "\n")

# a paragraph of only no-break spaces (and one of narrow ones)
leaflet("nbsp", '  - para: "' + "\u00a0" * 500 + '"\n')
leaflet("nnbsp", '  - para: {fr: "' + "\u202f\u00a0" * 100 + '", en: ok}\n')

# control characters, bidi overrides, zero-width characters, beyond U+FFFF
leaflet("ctl", '  - para: "bell \\a here"\n')
leaflet("esc", '  - para: {fr: "esc \\e here", en: ok}\n')
leaflet("rlo", '  - para: "abc \u202e def"\n')
leaflet("zwsp", '  - para: {fr: "abc\u200bdef", en: ok}\n')
leaflet("astral", '  - para: "Smile \U0001F600 here"\n')
write("astral-title.yaml", 'id: astral-title\nlanguages: [fr, en]\ntitle: {fr: "Essai \U0001D4D0", en: Test}\nbody:\n  - para: ok\n')
for nm, name in [("ctl", '"Dr \\a Bell"'), ("rlo", "Dr \u202eEvil"), ("lro", "Dr \u202dEvil"),
                 ("zwsp", "Dr Zero\u200bWidth"), ("zwj", "Dr Zero\u200dJoin"),
                 ("bom", "Dr \ufeffBom"), ("astral", "Dr \U0001D4D0 Math")]:
    write(f"staff-name-{nm}.yaml", ORG + f"  - id: s1\n    name: {name}\n    job_title: Job\n")

# a plain leaflet for the fault cases
leaflet("plain", "  - para: {fr: Bonjour tout le monde., en: Hello everyone.}\n")
# a staff directory of 150 for the interrupted batch
write("staff150.yaml", ORG + "".join(
    f"  - id: m{i}\n    name: Member {i}\n    job_title: {{fr: Poste, en: Job}}\n" for i in range(150)))
