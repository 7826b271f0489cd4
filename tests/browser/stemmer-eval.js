// Stemmer comparison on real text: which surface forms of the bundled articles each query
// matches under four choices (fold only, Lucene's Light10, Light10 with greedy single
// proclitics, diwan's Light10 with a second stem for a single proclitic).
// Usage: node tests/browser/stemmer-eval.js [CONTENT_DIR] -- query ...
'use strict';
const fs = require("fs");
const path = require("path");
const t = require(path.join(__dirname, '..', '..', 'themes', 'default', 'static', 'search.js'));
const SUF = t.SUFFIXES;
function light(word, prefixes, minSingle) {
  let w = Array.from(word);
  if (!/[\u0621-\u064A]/.test(word)) return word;
  for (const p of prefixes) {
    const a = Array.from(p);
    const need = a.length === 1 ? minSingle : a.length + 2;
    if (w.length >= need && w.slice(0, a.length).join('') === p) { w = w.slice(a.length); break; }
  }
  for (const s of SUF) { const a = Array.from(s); if (w.length >= a.length + 2 && w.slice(-a.length).join('') === s) w = w.slice(0, -a.length); }
  return w.join('');
}
const V = {
  fold: (w) => [w],
  lucene: (w) => [light(w, ['ال','وال','بال','كال','فال','لل','و'], 4)],
  greedy: (w) => [light(w, ['وال','بال','كال','فال','لل','ال','و','ف','ب','ل','ك'], 4)],
  diwan: (w) => t.stems(w),
};
const ARTICLES = process.argv[2] && process.argv[2] !== "--" ? process.argv[2] : path.join(__dirname, "..", "..", "content", "articles");
const text = fs.readdirSync(ARTICLES).map(f => fs.readFileSync(path.join(ARTICLES, f), 'utf8').split('+++').slice(2).join(' ')).join('\n');
const toks = t.words(t.fold(text));
const queries = process.argv.slice(process.argv.indexOf('--') + 1);
console.log('tokens', toks.length, 'distinct', new Set(toks).size);
for (const [name, f] of Object.entries(V)) {
  const vocab = new Set(); toks.forEach(w => f(w).forEach(s => vocab.add(s)));
  console.log(`${name}: ${vocab.size} index terms`);
}
for (const q of queries) {
  const qw = t.words(t.fold(q))[0];
  const line = [];
  for (const [name, f] of Object.entries(V)) {
    const qs = new Set(f(qw));
    const forms = {};
    toks.forEach(w => { if (f(w).some(s => qs.has(s))) forms[w] = (forms[w] || 0) + 1; });
    const n = Object.values(forms).reduce((a, b) => a + b, 0);
    line.push(`${name}=${n} [${Object.keys(forms).join(' ')}]`);
  }
  console.log(`${q}\n  ` + line.join('\n  '));
}
