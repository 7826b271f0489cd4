#!/usr/bin/env python3
"""Generate a synthetic-but-realistic Arabic news corpus for SSG benchmarks.

Origin: copied from the shared benchmark kit (shared/bench/gen_corpus.py) so that the
repository does not need it at run time; only this paragraph was added.  The seeds are
the repository's own seeds/ folder (the same five captures).

Standard library only.  Real paragraphs and sentences from the seed articles
(../seeds/*.txt beside this folder by default) are cleaned of web boilerplate and then
recombined into N articles.  Article i depends only on (seed, i), so the
N=1000 corpus is a prefix of the N=10000 one.

Layouts written under --out:
  zola/   Zola site: config.toml, content/_index.md, content/NNNNN.md,
          templates/{base,index,page,taxonomy_list,taxonomy_single}.html
  hugo/   Hugo site: hugo.toml, content/posts/NNNNN.md,
          layouts/{baseof,list,single,taxonomy,term}.html
  diwan/  content/articles/NNNNN.md with diwan front matter (title, date only:
          diwan finds entities itself); copy a site.toml and themes/ beside it

Usage: gen_corpus.py --n 1000 --out /tmp/ssg-bench/n1000 [--seed 42]
"""
import argparse
import datetime as dt
import glob
import json
import os
import random
import re
import shutil
import sys

DEFAULT_SEEDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "seeds")

# Lines that are page chrome, not article text.
BOILERPLATE = {
    "اقرأ المزيد",
    "المزيد من متابعات",
    "Exit mobile version",
}
LATIN = re.compile(r"[A-Za-z]")
DATELINE = re.compile(r"^\S+ - ")
# Words a headline should not end on.
TAIL_STOP = set("في من على إلى أن إن التي الذي الذين هذه هذا ذلك مع عن بين كان كانت "
                "بهدف حيث ما لا قد أو و ثم بل كما لكن منذ عبر حول ضد وفق خلال قائم".split())
ARABIC = re.compile(r"[\u0600-\u06FF]")

# ~60 entities that occur in the seeds: (canonical name, kind, match strings).
ENTITIES = [
    # people
    ("عبد اللطيف حموشي", "person", ["حموشي"]),
    ("هشام معتضد", "person", ["معتضد"]),
    ("إحسان الحافظي", "person", ["الحافظي"]),
    ("عبد النبي صبري", "person", ["عبدالنبي صبري", "عبد النبي صبري"]),
    ("عز الدين فرحان", "person", ["عزالدين فرحان"]),
    ("الملك محمد السادس", "person", ["الملك محمد السادس"]),
    ("البراق شادي عبد السلام", "person", ["شادي عبد السلام"]),
    ("عبد الوافي لفتيت", "person", ["لفتيت"]),
    ("فرناندو غراندي مارلاسكا", "person", ["مارلاسكا"]),
    ("أفريل هاينز", "person", ["هاينز"]),
    ("ويليام بيرنز", "person", ["بيرنز"]),
    ("كريستوفر راي", "person", ["كريستوفر راي"]),
    ("زهير لعميم", "person", ["لعميم"]),
    # organizations
    ("المديرية العامة لمراقبة التراب الوطني", "org", ["مراقبة التراب الوطني"]),
    ("المديرية العامة للأمن الوطني", "org", ["المديرية العامة للأمن الوطني", "الأمن الوطني"]),
    ("الإنتربول", "org", ["الإنتربول"]),
    ("اليوروبول", "org", ["اليوروبول"]),
    ("المكتب المركزي للأبحاث القضائية", "org", ["المكتب المركزي للأبحاث القضائية"]),
    ("وزارة الداخلية", "org", ["وزارة الداخلية", "وزير الداخلية"]),
    ("الأمم المتحدة", "org", ["الأمم المتحدة"]),
    ("مكتب التحقيقات الفيدرالي", "org", ["مكتب التحقيقات الفيدرالي", "أف بي آي"]),
    ("وكالة الاستخبارات المركزية", "org", ["وكالة الاستخبارات المركزية", "سي آي أي"]),
    ("جهاز الأمن الفدرالي الروسي", "org", ["جهاز الأمن الفدرالي الروسي"]),
    ("الاتحاد الأوروبي", "org", ["الاتحاد الأوروبي"]),
    ("الحلف الأطلسي", "org", ["الحلف الأطلسي"]),
    ("المنتدى العالمي لمكافحة الإرهاب", "org", ["المنتدى العالمي"]),
    ("الرابطة المحمدية لعلماء المغرب", "org", ["الرابطة المحمدية"]),
    ("مؤسسة دار الحديث الحسنية", "org", ["دار الحديث الحسنية"]),
    ("معهد محمد السادس لتكوين الأئمة", "org", ["معهد محمد السادس"]),
    ("الشرطة الهولندية", "org", ["الشرطة الهولندية", "المصالح الأمنية الهولندية"]),
    ("تنظيم داعش", "org", ["داعش"]),
    ("التحالف ضد داعش", "org", ["التحالف ضد داعش"]),
    ("لجنة منع الجريمة والعدالة الجنائية", "org", ["منع الجريمة والعدالة الجنائية"]),
    ("برنامج مصالحة", "org", ["مصالحة"]),
    ("منصة الرائد", "org", ["الرائد"]),
    ("هسبريس", "org", ["هسبريس"]),
    ("صحيفة العرب", "org", ["العرب”", "”العرب"]),
    # places
    ("المغرب", "place", ["المغرب"]),
    ("الرباط", "place", ["الرباط"]),
    ("هولندا", "place", ["هولندا", "الهولندية"]),
    ("سيتارد", "place", ["سيتارد"]),
    ("إسبانيا", "place", ["إسبانيا", "الإسباني"]),
    ("فرنسا", "place", ["فرنسا"]),
    ("ألمانيا", "place", ["ألمانيا"]),
    ("بلجيكا", "place", ["بلجيكا"]),
    ("إيطاليا", "place", ["إيطاليا"]),
    ("النمسا", "place", ["النمسا"]),
    ("الولايات المتحدة", "place", ["الولايات المتحدة", "الأميركية", "الأمريكية"]),
    ("كندا", "place", ["كندا"]),
    ("موسكو", "place", ["موسكو"]),
    ("فيينا", "place", ["فيينا"]),
    ("واشنطن", "place", ["واشنطن"]),
    ("مدريد", "place", ["مدريد"]),
    ("مراكش", "place", ["مراكش"]),
    ("أوروبا", "place", ["أوروبا", "الأوروبية", "الأوروبي"]),
    ("إفريقيا", "place", ["إفريقيا", "أفريقيا", "الإفريقية", "الأفريقية"]),
    ("الساحل", "place", ["الساحل"]),
    ("الصحراء المغربية", "place", ["الصحراء"]),
    ("الشرق الأوسط", "place", ["الشرق الأوسط"]),
    ("غرب إفريقيا", "place", ["غرب إفريقيا", "غرب أفريقيا"]),
    ("البحر الأبيض المتوسط", "place", ["المتوسط"]),
]

CITIES = ["الرباط", "الدار البيضاء", "طنجة", "مراكش", "فاس", "مدريد", "بروكسل", "لاهاي"]


def is_boilerplate(line):
    if line in BOILERPLATE:
        return True
    if not ARABIC.search(line):
        return True
    latin = len(LATIN.findall(line))
    return latin > 0.15 * len(line) or "Related Nodes" in line or "Site icon" in line


def split_sentences(par):
    # Split after . ! ؟ ? or ؛ when followed by whitespace; keep the mark.
    parts = re.split(r"(?<=[.!؟?؛])\s+", par)
    return [p.strip() for p in parts if len(p.split()) >= 6]


def load_seeds(seed_dir):
    files = sorted(glob.glob(os.path.join(seed_dir, "*.txt")))
    if not files:
        sys.exit(f"no seed files in {seed_dir}")
    titles, subheads, paragraphs, sentences = [], [], [], []
    for path in files:
        with open(path, encoding="utf-8") as fh:
            lines = [l.strip() for l in fh]
        lines = [l for l in lines if l and not is_boilerplate(l)]
        for idx, line in enumerate(lines):
            nwords = len(line.split())
            if idx == 0 and nwords <= 20:
                titles.append(line)
            elif nwords <= 12 and not line.endswith((".", ":", "؛")):
                # short un-terminated lines are headings / standfirsts / captions
                subheads.append(line)
            else:
                line = DATELINE.sub("", line)  # "الرباط - ..." is re-added per article
                paragraphs.append(line)
                sentences.extend(split_sentences(line))
    return titles, subheads, paragraphs, sentences


QUOTES = "“”\"«»‘’'"


def clean_title(text):
    t = "".join(c for c in text if c not in QUOTES)
    t = re.sub(r"\s+", " ", t).strip(" .،,:؛-–")
    return t


def make_title(rng, titles, sentences, subheads, ents):
    mode = rng.random()
    if mode < 0.15 and titles:
        return clean_title(rng.choice(titles))
    if mode < 0.25 and subheads:
        return clean_title(rng.choice(subheads) + " " + rng.choice(["في", "بين", "مع"]) + " " + rng.choice(ents))
    s = rng.choice(sentences).split()
    if s and s[0].startswith("و") and len(s[0]) > 3:
        s[0] = s[0][1:]  # drop the conjunction و of a mid-article sentence
    words = s[:rng.randint(6, 12)]
    for j in range(4, len(words)):  # cut at the first comma once the headline has 5 words
        if words[j].endswith(("،", ",", "؛")):
            words = words[:j + 1]
            break
    while len(words) > 4 and clean_title(words[-1]) in TAIL_STOP:
        words.pop()
    frag = clean_title(" ".join(words))
    if mode < 0.45:
        return f"{clean_title(rng.choice(ents))}: {frag}"
    return frag


def mentioned(text):
    found = []
    for name, _kind, keys in ENTITIES:
        if any(k in text for k in keys):
            found.append(name)
    return found


def make_article(seed, i, pools):
    titles, subheads, paragraphs, sentences, weights = pools
    rng = random.Random(f"{seed}:{i}")
    npar = rng.randint(6, 14)
    real = iter(rng.sample(paragraphs, npar))  # no paragraph twice in one article
    body = []
    for _ in range(npar):
        if rng.random() < 0.6:
            body.append(next(real))
        else:  # recombined paragraph of 2-4 sentences from anywhere in the seeds
            body.append(" ".join(rng.sample(sentences, rng.randint(2, 4))))
    if rng.random() < 0.5:
        body[0] = f"{rng.choice(CITIES)} - {body[0]}"
    text = "\n".join(body)

    # Entities: ones the text actually mentions first, topped up by a skewed draw.
    k = rng.randint(3, 8)
    ents = mentioned(text)
    rng.shuffle(ents)
    ents = ents[:k]
    names = [e[0] for e in ENTITIES]
    while len(ents) < k:
        e = rng.choices(names, weights=weights)[0]
        if e not in ents:
            ents.append(e)

    title = make_title(rng, titles, sentences, subheads, ents)

    # Markdown body: paragraphs, 0-2 subheadings, sometimes a pull quote.
    md = []
    heads = sorted(rng.sample(range(2, npar), min(rng.randint(0, 2), max(0, npar - 2))))
    for j, par in enumerate(body):
        if j in heads:
            md.append("## " + clean_title(rng.choice(subheads)))
        md.append(par)
        if j == 1 and rng.random() < 0.3:
            md.append("> " + rng.choice(sentences))
    if rng.random() < 0.2:
        md.append("**اقرأ أيضا:** " + "، ".join(rng.sample(names, 3)))

    # Date in [2015-01-01, 2026-12-31], Morocco time.
    start = dt.datetime(2015, 1, 1)
    span = int((dt.datetime(2027, 1, 1) - start).total_seconds())
    when = start + dt.timedelta(seconds=rng.randrange(span))
    date = when.strftime("%Y-%m-%dT%H:%M:%S") + "+01:00"
    return title, date, ents, "\n\n".join(md) + "\n"


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)  # JSON strings are valid TOML basic strings


def diwan_front_matter(title, date):
    return "\n".join(["+++", f"title = {toml_str(title)}", f"date = {str(date)[:10]}", "+++"]) + "\n\n"


def front_matter(title, date, ents, hugo):
    lst = "[" + ", ".join(toml_str(e) for e in ents) + "]"
    fm = ["+++", f"title = {toml_str(title)}", f"date = {date}"]
    if hugo:  # Hugo reads taxonomies from top-level keys
        fm.append(f"entities = {lst}")
    else:  # Zola: [taxonomies] table
        fm += ["", "[taxonomies]", f"entities = {lst}"]
    fm.append("+++")
    return "\n".join(fm) + "\n\n"


SITE_TITLE = "أرشيف الأخبار الأمنية"

ZOLA_CONFIG = f"""base_url = "https://example.org"
title = {toml_str(SITE_TITLE)}
default_language = "ar"
compile_sass = false
build_search_index = false
generate_feeds = false
minify_html = false  # use `zola build --minify` for the minified variant
taxonomies = [{{ name = "entities" }}]

[markdown]
render_emoji = false
"""

ZOLA_INDEX_MD = f"""+++
title = {toml_str("الخط الزمني")}
sort_by = "date"
+++
"""

ZOLA_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="{{ lang }}" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
</head>
<body>
<header><a href="/">{{ config.title }}</a> | <a href="/entities/">الكيانات</a></header>
<main>
{% block content %}{% endblock content %}
</main>
<footer><p>{{ config.title }}</p></footer>
</body>
</html>
""",
    "index.html": """{% extends "base.html" %}
{% block content %}
<h1>{{ section.title }}</h1>
{% for year, pages in section.pages | group_by(attribute="year") %}
<section class="year">
<h2>{{ year }}</h2>
<ul>
{% for p in pages %}<li><time datetime="{{ p.date }}">{{ p.date | date(format="%Y-%m-%d") }}</time> <a href="{{ p.path | safe }}">{{ p.title }}</a></li>
{% endfor %}</ul>
</section>
{% endfor %}
{% endblock content %}
""",
    "page.html": """{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock title %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
<p><time datetime="{{ page.date }}">{{ page.date | date(format="%Y-%m-%d") }}</time></p>
<ul class="entities">
{% for e in page.taxonomies.entities %}<li><a href="{{ get_taxonomy_url(kind="entities", name=e) | safe }}">{{ e }}</a></li>
{% endfor %}</ul>
{{ page.content | safe }}
</article>
{% endblock content %}
""",
    "taxonomy_list.html": """{% extends "base.html" %}
{% block title %}الكيانات | {{ config.title }}{% endblock title %}
{% block content %}
<h1>الكيانات</h1>
<ul>
{% for term in terms %}<li><a href="{{ term.path | safe }}">{{ term.name }}</a> ({{ term.pages | length }})</li>
{% endfor %}</ul>
{% endblock content %}
""",
    "taxonomy_single.html": """{% extends "base.html" %}
{% block title %}{{ term.name }} | {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ term.name }}</h1>
<ul>
{% for p in term.pages %}<li><time datetime="{{ p.date }}">{{ p.date | date(format="%Y-%m-%d") }}</time> <a href="{{ p.path | safe }}">{{ p.title }}</a></li>
{% endfor %}</ul>
{% endblock content %}
""",
}

HUGO_CONFIG = f"""baseURL = "https://example.org/"
title = {toml_str(SITE_TITLE)}
# Hugo >= 0.158 names: locale/label/direction (were languageCode/languageName/languageDirection).
locale = "ar"
defaultContentLanguage = "ar"
buildFuture = true
# Match the Zola site: no RSS feeds, no /posts/ section listing.
disableKinds = ["rss", "section"]

[languages.ar]
label = "العربية"
direction = "rtl"
weight = 1

[taxonomies]
entity = "entities"
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}" dir="{{ or site.Language.Direction "rtl" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ site.Title }}{{ end }}</title>
</head>
<body>
<header><a href="/">{{ site.Title }}</a> | <a href="/entities/">الكيانات</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
""",
    # home page = the timeline
    "list.html": """{{ define "main" }}
<h1>الخط الزمني</h1>
{{ range site.RegularPages.GroupByDate "2006" }}
<section class="year">
<h2>{{ .Key }}</h2>
<ul>
{{ range .Pages }}<li><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2006-01-02" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
</section>
{{ end }}
{{ end }}
""",
    "single.html": """{{ define "title" }}{{ .Title }} | {{ site.Title }}{{ end }}
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2006-01-02" }}</time></p>
<ul class="entities">
{{ range .GetTerms "entities" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}</ul>
{{ .Content }}
</article>
{{ end }}
""",
    "taxonomy.html": """{{ define "title" }}الكيانات | {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>الكيانات</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
""",
    "term.html": """{{ define "title" }}{{ .Title }} | {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2006-01-02" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
""",
}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, required=True, help="number of articles")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--seeds-dir", default=DEFAULT_SEEDS)
    args = ap.parse_args()

    titles, subheads, paragraphs, sentences = load_seeds(args.seeds_dir)
    # Zipf-like popularity: a few entities dominate, as in a real archive.
    order = random.Random(args.seed).sample(range(len(ENTITIES)), len(ENTITIES))
    weights = [0.0] * len(ENTITIES)
    for rank, idx in enumerate(order):
        weights[idx] = 1.0 / (rank + 1) ** 0.7
    pools = (titles, subheads, paragraphs, sentences, weights)

    out = os.path.abspath(args.out)
    for sub in ("zola", "hugo", "diwan"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    width = max(5, len(str(args.n)))
    for i in range(1, args.n + 1):
        title, date, ents, body = make_article(args.seed, i, pools)
        name = f"{i:0{width}d}.md"
        zola_md = front_matter(title, date, ents, hugo=False) + body
        write(os.path.join(out, "zola", "content", name), zola_md)
        write(os.path.join(out, "diwan", "content", "articles", name), diwan_front_matter(title, date) + body)
        write(os.path.join(out, "hugo", "content", "posts", name),
              front_matter(title, date, ents, hugo=True) + body)

    write(os.path.join(out, "zola", "config.toml"), ZOLA_CONFIG)
    write(os.path.join(out, "zola", "content", "_index.md"), ZOLA_INDEX_MD)
    for name, text in ZOLA_TEMPLATES.items():
        write(os.path.join(out, "zola", "templates", name), text)
    write(os.path.join(out, "hugo", "hugo.toml"), HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(out, "hugo", "layouts", name), text)
    write(os.path.join(out, "CORPUS.json"), json.dumps({
        "n": args.n, "seed": args.seed, "seeds_dir": args.seeds_dir,
        "seed_paragraphs": len(paragraphs), "seed_sentences": len(sentences),
        "seed_titles": len(titles), "seed_subheads": len(subheads),
        "entities": len(ENTITIES),
    }, ensure_ascii=False, indent=1) + "\n")
    print(f"wrote {args.n} articles x 3 layouts to {out} "
          f"({len(paragraphs)} seed paragraphs, {len(sentences)} sentences, {len(ENTITIES)} entities)")


if __name__ == "__main__":
    main()
