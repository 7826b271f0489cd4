#!/usr/bin/env python3
"""Validate the heldout9 gold files (gold/rNN_*.json beside it) against their captures.

Usage: python3 check.py [ROOT]   (ROOT defaults to this script's folder)

Errors (exit status 1 if any):
  E1  JSON does not parse / top-level keys differ from the seeds' gold key order
  E2  "seed" is not the file's own capture name, or the capture is missing
  E3  title is not a line of the capture above the body, or source_name absent from capture
  E4  body size outside 350-700 words
  E5  entry malformed (key order name/variants[/optional], optional not true, empty/duplicate variants)
  E6  a variant does not occur in the capture as a token sequence (proclitics و ف ب ل ك, لـ, ال→لل allowed)
  E7  a required entry has no variant in the body
  E8  date malformed: bad keys, iso not YYYY / YYYY-MM / YYYY-MM-DD / --MM-DD, or not a real calendar date
  E9  a required date text is not in the body, or an optional one not in the capture
  E10 an iso value is repeated within a file
  E11 a normalized variant is shared by two entries
Warnings (review by hand, do not fail):
  W1  a date-like expression in the body that no gold date text covers
"""
import datetime
import glob
import json
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
SEED_GOLD = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'gold', 'seeds', '000_3e7dfff35e5a38e4.json')
TOP_KEYS = list(json.load(open(SEED_GOLD, encoding='utf-8')).keys())
MIN_WORDS, MAX_WORDS = 350, 700

# Body = the headline line + the article text from START (inclusive) to END (exclusive).
BOUNDS = {
    'r01_egypt_archaeology': ('الأقصر - أعلنت وزارة', 'اقرأ أيضاً:'),
    'r02_lebanon_basketball': ('ذوق مكايل – «صدى الملاعب»', 'مواضيع ذات صلة'),
    'r03_mauritania_hydrogen': ('نواكشوط – وقّعت', 'مقالات ذات صلة'),
    'r04_iraq_kirkuk_council': ('كركوك/ المدار برس', 'اقرأ أيضا\n'),
    'r05_sudan_writer_obituary': ('غيّب الموت', 'اقرأ أيضاً'),
    'r06_algeria_wildfires': ('تواصل وحدات الحماية', 'مقالات ذات صلة'),
    'r07_oman_korea_visit': ('سيول - العُمانية', 'أخبار ذات صلة'),
    'r08_spain_narco_trial': ('مدريد – شرعت', 'مواضيع ذات صلة'),
}

TOKEN_RE = re.compile(
    r"[0-9A-Za-z\u00C0-\u024F\u0621-\u063A\u0640-\u0652\u0660-\u0669\u0670-\u06D3]+")
PREFIXES = ['', 'و', 'ف', 'ب', 'ل', 'ك', 'وب', 'ول', 'وك', 'فب', 'فل', 'فك']
DIACR = re.compile(r'[\u064B-\u0652\u0670\u0640]')


def tokens(s):
    return TOKEN_RE.findall(s)


def first_ok(tok, v):
    for p in PREFIXES:
        if tok == p + v:
            return True
    if v.startswith('ال'):
        for q in ('', 'و', 'ف'):
            if tok == q + 'لل' + v[2:]:
                return True
    return False


def occurs(variant, toks):
    vt = tokens(variant)
    if not vt:
        return False
    n = len(vt)
    for i in range(len(toks) - n + 1):
        if first_ok(toks[i], vt[0]) and toks[i + 1:i + n] == vt[1:]:
            return True
    return False


def norm(s):
    s = DIACR.sub('', s)
    s = re.sub('[أإآ]', 'ا', s)
    return s.replace('ة', 'ه').replace('ى', 'ي').strip()


def iso_ok(iso):
    try:
        if re.fullmatch(r'\d{4}', iso):
            return True
        if re.fullmatch(r'\d{4}-\d{2}', iso):
            datetime.date(int(iso[:4]), int(iso[5:7]), 1)
            return True
        if re.fullmatch(r'\d{4}-\d{2}-\d{2}', iso):
            datetime.date.fromisoformat(iso)
            return True
        if re.fullmatch(r'--\d{2}-\d{2}', iso):
            datetime.date(2000, int(iso[2:4]), int(iso[5:7]))  # leap year allows --02-29
            return True
    except ValueError:
        return False
    return False


MONTHS = ('يناير|ينار|جانفي|فبراير|فبرير|فيفري|مارس|أبريل|ابريل|أفريل|مايو|ماي|يونيو|يونيه|جوان|'
          'يوليو|يوليوز|جويلية|أغسطس|اغسطس|غشت|أوت|سبتمبر|شتنبر|أكتوبر|اكتوبر|نوفمبر|نونبر|'
          'ديسمبر|دجنبر|كانون الثاني|كانون الأول|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|'
          'تشرين الأول|تشرين الثاني|محرم|صفر|ربيع الأول|ربيع الآخر|ربيع الثاني|جمادى الأولى|'
          'جمادى الآخرة|رجب|شعبان|رمضان|شوال|ذو القعدة|ذي القعدة|ذو الحجة|ذي الحجة')
DIG = r'[0-9\u0660-\u0669]'
DATE_LIKE = re.compile(
    rf'(?:{DIG}{{1,2}}\s*)?(?:{MONTHS})(?=[\s،,.()/]|$)(?:\s*{DIG}{{4}})?'
    rf'|(?:عام|عامي|سنة|أعوام|سنوات)\s+{DIG}{{4}}'
    rf'|{DIG}{{4}}[-/]{DIG}{{1,2}}[-/]{DIG}{{1,2}}|{DIG}{{1,2}}/{DIG}{{1,2}}/{DIG}{{4}}')


def check(path):
    errs, warns = [], []
    stem = os.path.basename(path)[:-5]
    try:
        raw = open(path, encoding='utf-8').read()
        g = json.loads(raw)
    except Exception as e:  # noqa
        return [f'E1 JSON: {e}'], []
    if list(g.keys()) != TOP_KEYS:
        errs.append(f'E1 key order {list(g.keys())} != {TOP_KEYS}')
    cap_path = os.path.join(ROOT, 'captures', stem + '.txt')
    if g.get('seed') != stem + '.txt' or not os.path.exists(cap_path):
        errs.append(f'E2 seed {g.get("seed")!r} / capture {cap_path}')
        return errs, warns
    cap = open(cap_path, encoding='utf-8').read()
    if stem not in BOUNDS:
        errs.append('E4 no body bounds for ' + stem)
        return errs, warns
    s_mark, e_mark = BOUNDS[stem]
    if cap.count(s_mark) != 1 or e_mark not in cap:
        errs.append('E4 body markers not found (or start marker not unique)')
        return errs, warns
    a = cap.index(s_mark)
    b = cap.index(e_mark, a)
    title = g.get('title')
    lines = [l.strip() for l in cap[:a].split('\n')]
    if title is None or title not in lines:
        errs.append(f'E3 title is not a capture line above the body: {title!r}')
    body = (title or '') + '\n' + cap[a:b]
    if g.get('source_name') is not None and not occurs(g['source_name'], tokens(cap)):
        errs.append(f'E3 source_name {g["source_name"]!r} not in capture')
    nw = len(body.split())
    if not MIN_WORDS <= nw <= MAX_WORDS:
        errs.append(f'E4 body has {nw} words')
    cap_t, body_t = tokens(cap), tokens(body)

    seen_norm = {}
    for cat in ('persons', 'organizations', 'places'):
        for e in g.get(cat, []):
            keys = list(e.keys())
            if keys not in (['name', 'variants'], ['name', 'variants', 'optional']):
                errs.append(f'E5 {cat} {e.get("name")}: keys {keys}')
                continue
            if 'optional' in e and e['optional'] is not True:
                errs.append(f'E5 {cat} {e["name"]}: optional must be true')
            vs = e['variants']
            if not vs or len(set(vs)) != len(vs) or not all(isinstance(v, str) and v for v in vs):
                errs.append(f'E5 {cat} {e["name"]}: bad variants {vs}')
            for v in vs:
                if not occurs(v, cap_t):
                    errs.append(f'E6 {cat} {e["name"]}: variant {v!r} not in capture')
                nv = norm(v)
                if nv in seen_norm and seen_norm[nv] != (cat, e['name']):
                    errs.append(f'E11 {v!r} shared by {seen_norm[nv]} and {(cat, e["name"])}')
                seen_norm.setdefault(nv, (cat, e['name']))
            if not e.get('optional') and not any(occurs(v, body_t) for v in vs):
                errs.append(f'E7 {cat} {e["name"]}: required but no variant in the body')

    isos = []
    for d in g.get('dates', []):
        keys = list(d.keys())
        if keys not in (['text', 'iso'], ['text', 'iso', 'optional']):
            errs.append(f'E8 date keys {keys}')
            continue
        if not iso_ok(d['iso']):
            errs.append(f'E8 bad iso {d["iso"]!r}')
        if 'optional' in d and d['optional'] is not True:
            errs.append(f'E8 {d["text"]}: optional must be true')
        where = cap if d.get('optional') else body
        if d['text'] not in where:
            errs.append(f'E9 date text {d["text"]!r} not in {"capture" if d.get("optional") else "body"}')
        isos.append(d['iso'])
    for i in sorted(set(isos)):
        if isos.count(i) > 1:
            errs.append(f'E10 iso {i} repeated')

    # W1: date-like strings in the body not covered by any gold date text
    spans = []
    for d in g.get('dates', []):
        for m in re.finditer(re.escape(d['text']), body):
            spans.append((m.start(), m.end()))
    for m in DATE_LIKE.finditer(body):
        if not any(s <= m.start() and m.end() <= e for s, e in spans):
            ctx = body[max(0, m.start() - 25):m.end() + 10].replace('\n', ' ')
            warns.append(f'W1 uncovered date-like {m.group(0)!r}: …{ctx}…')
    return errs, warns


def main():
    files = sorted(glob.glob(os.path.join(ROOT, 'gold', '*.json')))
    total = 0
    for f in files:
        errs, warns = check(f)
        total += len(errs)
        print(f'{os.path.basename(f)}: {len(errs)} errors, {len(warns)} warnings')
        for x in errs + warns:
            print('   ', x)
    print(f'{len(files)} files, {total} errors')
    sys.exit(1 if total else 0)


if __name__ == '__main__':
    main()
