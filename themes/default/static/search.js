/* diwan search client. Plain JavaScript, no framework, no build step.
   The index is made of self-registering scripts (search/manifest.js, search/terms/N.js,
   search/docs/N.js), loaded with <script> elements so that search works from file://, where
   fetch is blocked, as well as over HTTP. The text functions below mirror src/arabic/normalize.rs
   and src/arabic/stem.rs; tests/search_cases.json holds the cases both must agree on. */
(function (global) {
  'use strict';

  // ---- Text core: normalization, words, stop words, light stems (mirrors the Rust side). ----

  var STOP_WORDS = 'في من علي الي عن ان او ما لا لم لن قد ثم هذا هذه ذلك تلك التي الذي الذين هو هي هم مع بين كما حيث كان كانت عند بعد قبل منذ حتي اذا الا وفي ومن وهو وهي وقد وان وعلي اما كل غير به بها له لها فيه فيها منه منها عليه عليها ايضا و ف ب ل ك'.split(' ');
  var ARTICLE_PREFIXES = 'وال بال كال فال لل ال'.split(' ');
  var PROCLITICS = 'و ف ب ل ك'.split(' ');
  var SUFFIXES = 'ها ان ات ون ين يه ه ي'.split(' ');
  var STOP = {};
  STOP_WORDS.forEach(function (w) { STOP[w] = true; });
  var WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;

  function isRemoved(cp) {
    return (cp >= 0x610 && cp <= 0x61A) || cp === 0x61C || cp === 0x640 ||
      (cp >= 0x64B && cp <= 0x65F) || cp === 0x670 || (cp >= 0x6D6 && cp <= 0x6ED) ||
      cp === 0xAD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
      (cp >= 0x2066 && cp <= 0x2069) || cp === 0xFEFF;
  }

  function isArabicLetter(cp) {
    return (cp >= 0x621 && cp <= 0x63A) || (cp >= 0x641 && cp <= 0x64A) ||
      (cp >= 0x66E && cp <= 0x66F) || (cp >= 0x671 && cp <= 0x6D3) || cp === 0x6D5 ||
      (cp >= 0x6FA && cp <= 0x6FC) || cp === 0x6FF;
  }

  var FOLD = {
    'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', '\u0672': 'ا', '\u0673': 'ا', '\u0675': 'ا',
    'ى': 'ي', 'ة': 'ه', 'ی': 'ي', 'ې': 'ي', 'ۍ': 'ي', 'ک': 'ك', 'ؤ': 'و', 'ئ': 'ي'
  };

  /** One already-NFKC character in its matching form ('' when removed). */
  function foldChar(c) {
    var cp = c.codePointAt(0);
    if (isRemoved(cp)) return '';
    if (FOLD[c]) return FOLD[c];
    if (cp >= 0x660 && cp <= 0x669) return String.fromCharCode(48 + cp - 0x660);
    if (cp >= 0x6F0 && cp <= 0x6F9) return String.fromCharCode(48 + cp - 0x6F0);
    if (cp >= 65 && cp <= 90) return String.fromCharCode(cp + 32);
    return c;
  }

  /** Normalizes text for matching: NFKC one character at a time, then folding. */
  function fold(s) {
    var out = '', chars = Array.from(s);
    for (var i = 0; i < chars.length; i++) {
      var ch = chars[i], cp = ch.charCodeAt(0);
      // A hyphen between two Arabic letters joins one name's parts (مراكش-آسفي): a space.
      if (ch === '-' && out && isArabicLetter(out.charCodeAt(out.length - 1)) &&
          i + 1 < chars.length && isArabicLetter(chars[i + 1].codePointAt(0))) {
        out += ' ';
        continue;
      }
      // ASCII and the Arabic block but U+0675–U+0678 are their own NFKC form.
      if (cp < 128 || (cp >= 0x600 && cp <= 0x6FF && (cp < 0x675 || cp > 0x678))) {
        out += foldChar(ch);
        continue;
      }
      for (var k of ch.normalize('NFKC')) out += foldChar(k);
    }
    return out;
  }

  /** Words of a normalized text: runs of letters and digits. */
  function words(folded) {
    var out = [], cur = '';
    for (var ch of folded) {
      if (WORD_CHAR.test(ch)) cur += ch;
      else if (cur) { out.push(cur); cur = ''; }
    }
    if (cur) out.push(cur);
    return out;
  }

  function lightStem(word) {
    var arabic = false;
    for (var ch of word) if (isArabicLetter(ch.codePointAt(0))) { arabic = true; break; }
    if (!arabic) return word;
    var w = Array.from(word), i, a;
    for (i = 0; i < ARTICLE_PREFIXES.length; i++) {
      a = Array.from(ARTICLE_PREFIXES[i]);
      if (w.length >= a.length + 2 && w.slice(0, a.length).join('') === ARTICLE_PREFIXES[i]) {
        w = w.slice(a.length);
        break;
      }
    }
    for (i = 0; i < SUFFIXES.length; i++) {
      a = Array.from(SUFFIXES[i]);
      if (w.length >= a.length + 2 && w.slice(w.length - a.length).join('') === SUFFIXES[i]) {
        w = w.slice(0, w.length - a.length);
      }
    }
    return w.join('');
  }

  function stems(word) {
    var out = [lightStem(word)];
    var cs = Array.from(word);
    if (cs.length > 3 && PROCLITICS.indexOf(cs[0]) >= 0 &&
        !ARTICLE_PREFIXES.some(function (p) { return word.indexOf(p) === 0; })) {
      var second = lightStem(cs.slice(1).join(''));
      if (second !== out[0]) out.push(second);
    }
    return out;
  }

  /** Search terms of a text: {word, stems} for every normalized word but stop words. */
  function terms(text) {
    return words(fold(text)).filter(function (w) { return !STOP[w]; })
      .map(function (w) { return { word: w, stems: stems(w) }; });
  }

  var text = { fold: fold, words: words, lightStem: lightStem, stems: stems, terms: terms,
    STOP_WORDS: STOP_WORDS, ARTICLE_PREFIXES: ARTICLE_PREFIXES, PROCLITICS: PROCLITICS,
    SUFFIXES: SUFFIXES };
  if (typeof module !== 'undefined' && module.exports) { module.exports = text; return; }

  // ---- Index loading: every file calls diwanSearch.add(name, data). ----

  var script = document.getElementById('search-script');
  if (!script) return;
  var root = script.getAttribute('data-root') || '';
  var msg = function (k) { return script.getAttribute('data-' + k) || ''; };
  var registry = {}, pending = {};
  var api = global.diwanSearch = {
    text: text,
    add: function (name, data) { registry[name] = data; },
    loaded: [],
    marks: {},
    timing: null
  };

  function load(name) {
    if (pending[name]) return pending[name];
    // The search page lists the manifest right after this file, so it is usually here already.
    if (name in registry) {
      api.loaded.push('search/' + name + '.js');
      return (pending[name] = Promise.resolve(registry[name]));
    }
    pending[name] = new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = root + 'search/' + name + '.js';
      s.onload = function () {
        if (name in registry) resolve(registry[name]); else reject(new Error(name));
      };
      s.onerror = function () { delete pending[name]; reject(new Error(name)); };
      api.loaded.push('search/' + name + '.js');
      document.head.appendChild(s);
    });
    return pending[name];
  }

  var ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var VAL = {};
  for (var v = 0; v < 64; v++) VAL[ALPHABET.charCodeAt(v)] = v;

  /** Posting list: flat [doc, weighted tf, doc, tf, …]; documents are delta-coded. */
  function decode(s) {
    var out = [], n = 0, shift = 0, doc = 0, even = true;
    for (var i = 0; i < s.length; i++) {
      var x = VAL[s.charCodeAt(i)];
      n |= (x & 31) << shift;
      if (x >= 32) { shift += 5; continue; }
      if (even) { doc = out.length ? doc + n : n; out.push(doc); } else out.push(n);
      even = !even; n = 0; shift = 0;
    }
    return out;
  }

  function shardOf(manifest, key) {
    var lo = 0, hi = manifest.shards.length - 1, at = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (manifest.shards[mid] <= key) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return at;
  }

  function postings(manifest, key) {
    var i = shardOf(manifest, key);
    if (i < 0) return Promise.resolve([]);
    return load('terms/' + i).then(function (shard) {
      return Object.prototype.hasOwnProperty.call(shard, key) ? decode(shard[key]) : [];
    });
  }

  // ---- Ranking: BM25 over weighted term frequencies, all words first, then most words. ----

  var K1 = 1.2, B = 0.75, EXACT_BONUS = 0.5;

  /** Per article, the length part of BM25's denominator, computed once per manifest. */
  function norms(manifest) {
    if (manifest.norms) return manifest.norms;
    var out = new Float64Array(manifest.n);
    for (var d = 0; d < manifest.n; d++) {
      var len = Math.pow(2, VAL[manifest.l.charCodeAt(d)] / 4);
      out[d] = K1 * (1 - B + B * len / manifest.avgdl);
    }
    return (manifest.norms = out);
  }

  /** Adds (or, with keepMax, maxes in) the BM25 scores of one posting list into acc;
      articles seen for the first time are marked in seen and listed in touched. */
  function addBm25(manifest, list, acc, weight, keepMax, seen, touched) {
    var df = list.length / 2;
    if (!df) return;
    var idf = Math.log(1 + (manifest.n - df + 0.5) / (df + 0.5));
    var norm = norms(manifest), c = weight * idf * (K1 + 1);
    for (var i = 0; i < list.length; i += 2) {
      var doc = list[i], tf = list[i + 1];
      var s = c * tf / (tf + norm[doc]);
      if (!seen[doc]) { seen[doc] = 1; touched.push(doc); acc[doc] = s; }
      else acc[doc] = keepMax ? Math.max(acc[doc], s) : acc[doc] + s;
    }
  }

  function parseQuery(q) {
    var m = /^\s*["«“”](.*?)["»”“]?\s*$/.exec(q);
    return { phrase: !!m, terms: terms(m ? m[1] : q), raw: m ? m[1] : q };
  }

  /** A quoted phrase: each pair of neighbouring words is a key of its own (see pair_key in
      src/search/mod.rs), and an article must have them all. */
  function phrasePairs(manifest, query) {
    return query.terms.slice(1).map(function (t, i) {
      return postings(manifest, '=' + query.terms[i].word + ' ' + t.word)
        .then(function (list) { return { lists: [], exact: list }; });
    });
  }

  /** Ranked documents for a parsed query, with the filters applied. */
  function rank(manifest, query, filters) {
    // Every shard the query needs is requested at once, so they load in parallel.
    var jobs = query.phrase && query.terms.length > 1 ? phrasePairs(manifest, query) : query.terms.map(function (t) {
      var keys = query.phrase && t.word !== t.stems[0] ? [] : t.stems.slice();
      var exact = t.word !== t.stems[0] ? '=' + t.word : null;
      return Promise.all([
        Promise.all(keys.map(function (k) { return postings(manifest, k); })),
        exact ? postings(manifest, exact) : Promise.resolve([])
      ]).then(function (r) { return { lists: r[0], exact: r[1] }; });
    });
    // The per-article years and types only when a filter needs them.
    var facets = filters.year || filters.type ? load('facets') : Promise.resolve(null);
    return Promise.all([Promise.all(jobs), facets]).then(function (loaded) {
      var perTerm = loaded[0], facet = loaded[1];
      var n = manifest.n;
      var score = new Float64Array(n), hits = new Uint8Array(n);
      var acc = new Float64Array(n), seen = new Uint8Array(n), any = new Uint8Array(n);
      var candidates = [];
      perTerm.forEach(function (r) {
        var touched = [];
        // A term's stems count once (the best), its exact form adds to that.
        r.lists.forEach(function (l) { addBm25(manifest, l, acc, 1, true, seen, touched); });
        addBm25(manifest, r.exact, acc, query.phrase ? 1 : EXACT_BONUS, false, seen, touched);
        for (var i = 0; i < touched.length; i++) {
          var d = touched[i];
          score[d] += acc[d];
          hits[d]++;
          seen[d] = 0;
          if (!any[d]) { any[d] = 1; candidates.push(d); }
        }
      });
      var need = query.phrase ? perTerm.length : 1;
      var yearIndex = filters.year ? manifest.years.indexOf(+filters.year) + 1 : 0;
      var typeBit = { person: 1, organization: 2, place: 4 }[filters.type] || 0;
      var docs = candidates.filter(function (d) {
        if (hits[d] < need) return false;
        if (filters.year) {
          var y = VAL[facet.y.charCodeAt(2 * d)] * 64 + VAL[facet.y.charCodeAt(2 * d + 1)];
          if (y !== yearIndex) return false;
        }
        return !typeBit || (VAL[facet.e.charCodeAt(d)] & typeBit);
      });
      docs.sort(function (a, b) { return (hits[b] - hits[a]) || (score[b] - score[a]) || (a - b); });
      return docs;
    });
  }

  function matchEntities(manifest, query, filters) {
    var qkey = query.terms.map(function (t) { return t.stems[0]; }).join(' ');
    if (!qkey) return [];
    var found = [];
    (manifest.entities || []).forEach(function (e) {
      if (filters.type && e.t !== filters.type) return;
      var best = 0;
      e.k.forEach(function (k) {
        if (k === qkey) best = Math.max(best, 2);
        else if ((' ' + k + ' ').indexOf(' ' + qkey + ' ') >= 0 ||
                 (' ' + qkey + ' ').indexOf(' ' + k + ' ') >= 0) best = Math.max(best, 1);
      });
      if (best) found.push({ e: e, best: best });
    });
    found.sort(function (a, b) { return b.best - a.best; });
    return found.slice(0, 3).map(function (f) { return f.e; });
  }

  // ---- Display: titles and snippets with the matched words highlighted. ----

  // A run of word characters in the original text: letters, digits and the marks that
  // normalization removes (so «الـمـغرب» and «مُحَمَّد» stay whole).
  var RUN = /[\p{Alphabetic}\p{N}\u00AD\u0610-\u061A\u061C\u0640\u064B-\u065F\u0670\u06D6-\u06ED\u200C-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]+/gu;

  /** Runs of word characters in the original text: [start, end, matches]. */
  function runs(s, want) {
    var out = [], m, cache = want.cache || (want.cache = {});
    RUN.lastIndex = 0;
    while ((m = RUN.exec(s))) {
      var w = m[0], hit = cache[w];
      if (hit === undefined) {
        hit = cache[w] = words(fold(w)).some(function (x) {
          if (want.words[x]) return true;
          return !want.phrase && stems(x).some(function (y) { return want.stems[y]; });
        });
      }
      out.push([m.index, m.index + w.length, hit]);
    }
    return out;
  }

  function highlighted(el, s, rs, from, to) {
    var pos = from;
    rs.forEach(function (r) {
      if (!r[2] || r[0] < from || r[1] > to) return;
      el.appendChild(document.createTextNode(s.slice(pos, r[0])));
      var m = document.createElement('mark');
      m.textContent = s.slice(r[0], r[1]);
      el.appendChild(m);
      pos = r[1];
    });
    el.appendChild(document.createTextNode(s.slice(pos, to)));
  }

  var SNIPPET_WORDS = 36;

  function snippet(el, s, want) {
    var rs = runs(s, want);
    if (!rs.length) return;
    var best = 0, bestCount = -1, count = 0, i;
    for (i = 0; i < rs.length; i++) {
      if (rs[i][2]) count++;
      if (i >= SNIPPET_WORDS && rs[i - SNIPPET_WORDS][2]) count--;
      if (count > bestCount) { bestCount = count; best = Math.max(0, i - SNIPPET_WORDS + 1); }
    }
    // Start a little before the first match of the window so it is not the first word.
    for (i = best; i < Math.min(rs.length, best + SNIPPET_WORDS); i++) if (rs[i][2]) break;
    best = Math.max(0, Math.min(best, i - 6));
    var last = Math.min(rs.length, best + SNIPPET_WORDS) - 1;
    var from = rs[best][0], to = rs[last][1];
    if (best > 0) el.appendChild(document.createTextNode('… '));
    highlighted(el, s.replace(/\n/g, ' '), rs, from, to);
    if (last < rs.length - 1) el.appendChild(document.createTextNode(' …'));
  }

  function phraseIn(doc, query) {
    var want = query.terms.map(function (t) { return t.word; });
    var ws = words(fold(doc.t + '\n' + doc.x)).filter(function (w) { return !STOP[w]; });
    outer: for (var i = 0; i + want.length <= ws.length; i++) {
      for (var j = 0; j < want.length; j++) if (ws[i + j] !== want[j]) continue outer;
      return true;
    }
    return false;
  }

  // ---- The search page. ----

  var form = document.getElementById('search-form');
  if (!form) return;
  var input = document.getElementById('search-q');
  var yearSel = document.getElementById('search-year');
  var typeSel = document.getElementById('search-type');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var entityList = document.getElementById('search-entities');
  var more = document.getElementById('search-more');
  var PAGE = 10;
  var generation = 0;
  var current = null;

  function setStatus(text, state) {
    status.textContent = text;
    status.setAttribute('data-state', state);
  }

  function renderEntities(found) {
    entityList.textContent = '';
    entityList.hidden = !found.length;
    found.forEach(function (e) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = root + e.u;
      a.className = 'entity ' + e.t;
      a.textContent = e.n;
      var kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = msg(e.t);
      li.appendChild(a);
      li.appendChild(kind);
      entityList.appendChild(li);
    });
  }

  function renderDoc(doc, want) {
    var li = document.createElement('li');
    li.className = 'article-item';
    var h = document.createElement('h2');
    h.className = 'article-item-title';
    var a = document.createElement('a');
    a.href = root + doc.u;
    highlighted(a, doc.t, runs(doc.t, want), 0, doc.t.length);
    h.appendChild(a);
    li.appendChild(h);
    if (doc.d || doc.s) {
      var meta = document.createElement('p');
      meta.className = 'meta';
      meta.textContent = [doc.d, doc.s].filter(Boolean).join(' · ');
      li.appendChild(meta);
    }
    var p = document.createElement('p');
    p.className = 'snippet';
    snippet(p, doc.x, want);
    li.appendChild(p);
    return li;
  }

  /** Loads and shows the next page of results, the first as soon as it is loaded; phrase
      queries keep only real phrase matches. */
  function showMore(gen) {
    var c = current;
    var page = 0;
    function show(doc) {
      if (gen !== generation) return;
      if (c.query.phrase && !phraseIn(doc, c.query)) { c.dropped++; return; }
      if (!c.shown) api.marks.first = performance.now() - c.started;
      list.appendChild(renderDoc(doc, c.want));
      c.shown++;
      page++;
    }
    function step() {
      if (gen !== generation || page >= PAGE || c.next >= c.docs.length) return Promise.resolve();
      // No more than the page still needs, so no result is skipped.
      var batch = c.docs.slice(c.next, c.next + PAGE - page);
      c.next += batch.length;
      // The first as soon as it is here, then the others together (one layout, not nine).
      var loads = batch.map(function (d) { return load('docs/' + d); });
      return loads[0].then(show).then(function () {
        return Promise.all(loads.slice(1));
      }).then(function (docs) {
        docs.forEach(show);
        return step();
      });
    }
    return step().then(function () {
      if (gen !== generation) return;
      api.marks.docs = performance.now() - c.started;
      more.hidden = c.next >= c.docs.length;
      var total = c.docs.length - c.dropped;
      if (!c.shown && !entityList.children.length) setStatus(msg('no-results'), 'done');
      else setStatus(msg('results') + ': ' + (more.hidden ? c.shown : total), 'done');
    });
  }

  function params() {
    return { q: input.value, year: yearSel.value, type: typeSel.value };
  }

  function updateUrl(p) {
    var u = new URLSearchParams();
    if (p.q) u.set('q', p.q);
    if (p.year) u.set('year', p.year);
    if (p.type) u.set('type', p.type);
    var qs = u.toString();
    try { history.replaceState(null, '', qs ? '?' + qs : location.pathname); } catch (e) { /* file:// in some browsers */ }
  }

  function run() {
    var p = params();
    var gen = ++generation;
    var started = performance.now();
    updateUrl(p);
    list.textContent = '';
    more.hidden = true;
    var query = parseQuery(p.q);
    if (!p.q.trim()) { renderEntities([]); setStatus('', 'idle'); return Promise.resolve(); }
    if (!query.terms.length) { renderEntities([]); setStatus(msg('no-results'), 'done'); return Promise.resolve(); }
    setStatus(msg('loading'), 'loading');
    var want = { words: {}, stems: {}, phrase: query.phrase };
    query.terms.forEach(function (t) {
      want.words[t.word] = true;
      t.stems.forEach(function (s) { want.stems[s] = true; });
    });
    var marks = api.marks = {};
    return load('manifest').then(function (manifest) {
      marks.manifest = performance.now() - started;
      return rank(manifest, query, p).then(function (docs) {
        marks.rank = performance.now() - started;
        if (gen !== generation) return;
        renderEntities(matchEntities(manifest, query, p));
        current = { query: query, want: want, docs: docs, next: 0, shown: 0, dropped: 0, started: started };
        return showMore(gen);
      });
    }).then(function () {
      if (gen !== generation) return;
      // ms: the whole page of results shown; first: the first result shown.
      api.timing = { query: p.q, ms: performance.now() - started, first: marks.first, marks: marks };
    }, function (e) {
      if (gen === generation) setStatus(msg('error') + ' (' + e.message + ')', 'error');
    });
  }

  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(run, 180);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run();
  });
  yearSel.addEventListener('change', run);
  typeSel.addEventListener('change', run);
  more.addEventListener('click', function () {
    var first = list.children.length;
    showMore(generation).then(function () {
      var a = list.children[first] && list.children[first].querySelector('a');
      if (a) a.focus();
    });
  });

  // Keyboard: arrows move between the box and the result links, Escape returns to the box.
  document.addEventListener('keydown', function (e) {
    var links = Array.prototype.slice.call(
      document.querySelectorAll('#search-entities a, #search-results .article-item-title a'));
    var at = links.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && (document.activeElement === input || at >= 0)) {
      if (at + 1 < links.length) { links[at + 1].focus(); e.preventDefault(); }
    } else if (e.key === 'ArrowUp' && at >= 0) {
      (at > 0 ? links[at - 1] : input).focus();
      e.preventDefault();
    } else if (e.key === 'Escape' && at >= 0) {
      input.focus();
      e.preventDefault();
    } else if (e.key === '/' && document.activeElement !== input &&
               !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) {
      input.focus();
      e.preventDefault();
    }
  });

  var initial = new URLSearchParams(location.search);
  input.value = initial.get('q') || '';
  yearSel.value = initial.get('year') || '';
  typeSel.value = initial.get('type') || '';
  // Run after the parser has also executed the manifest's <script>, fetched in parallel.
  if (input.value) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
    else run();
  }
})(typeof window !== 'undefined' ? window : this);
