/* kmsite search: reads the index built by `kmsite build` (search/meta.json and
   the files it names), segments the query the way the build segmented pages,
   and ranks results with BM25, title weight and phrase adjacency.
   Plain JavaScript, no framework, no build step. */
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  if (!form || !window.fetch) return;
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var moreArea = document.getElementById('search-more-area');
  var filtersBox = document.getElementById('search-filters');
  var T = JSON.parse(form.getAttribute('data-strings'));
  var indexUrl = form.getAttribute('data-index');
  var PAGE = 10;
  var cache = {};
  var meta = null, vocab = null, run = 0;

  function getJSON(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ': ' + r.status);
        return r.json();
      });
    }
    return cache[url];
  }

  /* The build's normalisation (src/thai/normalize.cpp): NFC, Thai digits to
     Arabic, lower case, no zero-width characters, and the forms Thai keyboards
     type in the order pages store: nikhahit + sara aa (with a tone mark
     between) is sara am, a tone mark goes after an upper or lower vowel, two
     sara e are sara ae, and 1,234 is 1234. map[k] is the index in `text` of
     output character k, so matches can be marked in the original. */
  function isTone(c) { return c >= '\u0E48' && c <= '\u0E4B'; }
  function isDigit(c) { return c >= '0' && c <= '9'; }
  function normMap(text) {
    var cs = [], src = [], out = [], map = [], i, j, c, code;
    for (i = 0; i < text.length; i++) {
      code = text.charCodeAt(i);
      if (code === 0x200B || code === 0x200C || code === 0x200D || code === 0x2060 || code === 0xFEFF || code === 0xAD) continue;
      c = code >= 0x0E50 && code <= 0x0E59 ? String.fromCharCode(48 + code - 0x0E50) : text[i].toLowerCase();
      for (j = 0; j < c.length; j++) { cs.push(c[j]); src.push(i); }
    }
    function put(ch, at) { out.push(ch); map.push(src[at]); }
    for (j = 0; j < cs.length;) {
      var a = cs[j], b = cs[j + 1], d = cs[j + 2];
      if (a === ',' && isDigit(out[out.length - 1]) && isDigit(b) && isDigit(d) && isDigit(cs[j + 3]) && !isDigit(cs[j + 4])) j++;
      else if (isTone(a) && (b === '\u0E31' || (b >= '\u0E34' && b <= '\u0E3A'))) { put(b, j); put(a, j + 1); j += 2; }
      else if (a === '\u0E4D' && b === '\u0E32') { put('\u0E33', j + 1); j += 2; }
      else if (a === '\u0E4D' && isTone(b) && d === '\u0E32') { put(b, j); put('\u0E33', j + 2); j += 3; }
      else if (a === '\u0E40' && b === '\u0E40') { put('\u0E41', j); j += 2; }
      else { put(a, j); j++; }
    }
    return {norm: out.join(''), map: map};
  }
  function normalize(s) {
    return normMap(s.normalize ? s.normalize('NFC') : s).norm;
  }
  function swapDigits(s) {
    var thai = /[\u0E50-\u0E59]/.test(s);
    return s.replace(thai ? /[\u0E50-\u0E59]/g : /[0-9]/g, function (d) {
      return thai ? String.fromCharCode(48 + d.charCodeAt(0) - 0x0E50) : String.fromCharCode(0x0E50 + (+d));
    });
  }

  /* Words of a normalised query, as the index holds them. A word with inner
     dots (ผอ.สพท) is looked up in its dotless form. */
  function words(text) {
    var out = [];
    function push(w) {
      w = w.replace(/\./g, '');
      if (w) out.push(w);
    }
    if (window.Intl && Intl.Segmenter) {
      var seg = new Intl.Segmenter('th', {granularity: 'word'});
      var it = seg.segment(text)[Symbol.iterator](), step;
      while (!(step = it.next()).done) if (step.value.isWordLike) push(step.value.segment);
      return Promise.resolve(out);
    }
    // No Intl.Segmenter: split Thai runs by longest match against the index's vocabulary.
    return getJSON(indexUrl + meta.vocab).then(function (v) {
      vocab = vocab || new Set(v);
      text.split(/[^0-9a-z\u0E00-\u0E7F.]+/).forEach(function (run) {
        var i = 0;
        while (i < run.length) {
          var j = Math.min(run.length, i + 20), found = i + 1;
          for (; j > i; j--) if (vocab.has(run.slice(i, j).replace(/\./g, ''))) { found = j; break; }
          push(run.slice(i, found));
          i = found;
        }
      });
      return out;
    });
  }

  /* The chunk holding a term: the last whose first term is not after it
     (its index; -1 before the first). */
  function chunkIndex(term) {
    var c = meta.chunks, lo = 0, hi = c.length - 1;
    if (!c.length || term < c[0][0]) return -1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (c[mid][0] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  function chunkFor(term) {
    var i = chunkIndex(term);
    return i < 0 ? null : meta.chunks[i][1];
  }

  /* The index's words that start with `prefix` (itself included), at most
     EXPAND of them: terms are in order across chunks, so they are in the
     chunk where the prefix would be and the ones after it that start with it
     (rarely more than one file). */
  var EXPAND = 40;
  function expand(prefix) {
    var c = meta.chunks, files = [], i = Math.max(0, chunkIndex(prefix));
    if (!c.length) return Promise.resolve([]);
    files.push(c[i][1]);
    while (++i < c.length && c[i][0].lastIndexOf(prefix, 0) === 0 && files.length < 3) files.push(c[i][1]);
    return Promise.all(files.map(function (f) { return getJSON(indexUrl + f); })).then(function (chunks) {
      var found = [];
      chunks.forEach(function (chunk) {
        Object.keys(chunk).forEach(function (t) { if (t.lastIndexOf(prefix, 0) === 0) found.push(t); });
      });
      // The exact word and the shortest completions first.
      found.sort(function (a, b2) { return a.length - b2.length || (a < b2 ? -1 : 1); });
      return found.slice(0, EXPAND);
    });
  }

  /* A word's spelling key (thai::spelling_key, the same table): tone marks,
     maitaikhu and thanthakhat dropped ('_'), consonants that sound alike made
     one, short i/ue/u made long, a letter twice in a row counted once. */
  var SPELL = '฀กคคคคคงจชชสชยดททททนดททททนพพพฟพฟพมยรฤลฦวสสสหลอหฯะัาำีีืืฺูู฻฼฽฾฿เแโใไๅๆ______ํ๎๏๐๑๒๓๔๕๖๗๘๙๚๛๜๝๞๟๠๡๢๣๤๥๦๧๨๩๪๫๬๭๮๯๰๱๲๳๴๵๶๷๸๹๺๻๼๽๾๿';
  function spellingKey(w) {
    var out = '', last = '';
    for (var i = 0; i < w.length; i++) {
      var c = w[i], code = w.charCodeAt(i);
      if (code >= 0x0E00 && code <= 0x0E7F) {
        c = SPELL[code - 0x0E00];
        if (c === '_') continue;
      }
      if (c === last && ((c >= 'a' && c <= 'z') || (c >= '\u0E01' && c <= '\u0E2E'))) continue;
      out += c;
      last = c;
    }
    return out;
  }

  /* The index's words spelt like `term` (ซอฟท์แวร์ for ซอฟต์แวร์): those
     sharing its spelling key (meta.json's "variants" files, by key), and the
     key itself when it is a word. */
  function variants(term) {
    var key = spellingKey(term), v = meta.variants || [], lo = 0, hi = v.length - 1;
    if (!v.length || key < v[0][0]) return Promise.resolve(key !== term ? [key] : []);
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (v[mid][0] <= key) lo = mid; else hi = mid - 1;
    }
    return getJSON(indexUrl + v[lo][1]).then(function (chunk) {
      var found = (chunk[key] || []).slice(0, EXPAND);
      if (key !== term) found.push(key);
      return found;
    });
  }

  /* English loanwords (thai::kLoanwords, the same table): a key (the Latin
     word, its words joined) and the spellings pages use. The build indexes
     the key wherever a spelling stands, so a query's run of words that
     spells one looks up the key. */
  var LOAN = 'webinar|เว็บบินาร์|เว็บินาร์;ransomware|แรนซัมแวร์|แรนซั่มแวร์;malware|มัลแวร์;phishing|ฟิชชิง|ฟิชชิ่ง;hacker|แฮกเกอร์|แฮ็กเกอร์|แฮคเกอร์;firewall|ไฟร์วอลล์|ไฟร์วอล;backup|แบ็กอัพ|แบ็กอัป|แบ็คอัพ|แบคอัพ|แบ็คอัป;cloud|คลาวด์;server|เซิร์ฟเวอร์|เซิฟเวอร์;vpn|วีพีเอ็น;wifi|ไวไฟ;ups|ยูพีเอส;cctv|ซีซีทีวี;gps|จีพีเอส;usb|ยูเอสบี;pdf|พีดีเอฟ;otp|โอทีพี;mfa|เอ็มเอฟเอ;it|ไอที;ai|เอไอ;qrcode|คิวอาร์โค้ด|คิวอาร์โค้ต;password|พาสเวิร์ด|พาสเวิร์ต;login|ล็อกอิน|ล็อคอิน;tablet|แท็บเล็ต|แทบเล็ต|แท็บเล็ท;notebook|โน้ตบุ๊ก|โน้ตบุ๊ค|โน๊ตบุ๊ค;smartphone|สมาร์ตโฟน|สมาร์ทโฟน;computer|คอมพิวเตอร์;printer|พรินเตอร์|ปริ้นเตอร์|พริ้นเตอร์;scanner|สแกนเนอร์;router|เราเตอร์;network|เน็ตเวิร์ก|เน็ตเวิร์ค;software|ซอฟต์แวร์|ซอฟท์แวร์;hardware|ฮาร์ดแวร์;application|แอปพลิเคชัน|แอพพลิเคชั่น|แอปพลิเคชั่น|แอพพลิเคชัน;app|แอป|แอพ;chatbot|แชตบอต|แชทบอท|แชทบอต|แชตบอท;dashboard|แดชบอร์ด;platform|แพลตฟอร์ม;database|ดาตาเบส|ดาต้าเบส;bigdata|บิ๊กดาต้า|บิ๊กดาตา;blockchain|บล็อกเชน;cyber|ไซเบอร์;digital|ดิจิทัล|ดิจิตอล;online|ออนไลน์;internet|อินเทอร์เน็ต|อินเตอร์เน็ต|อินเตอร์เน็ท;website|เว็บไซต์|เว็บไซท์;web|เว็บ;email|อีเมล|อีเมล์;link|ลิงก์|ลิงค์;file|ไฟล์;folder|โฟลเดอร์;download|ดาวน์โหลด;upload|อัปโหลด|อัพโหลด;update|อัปเดต|อัพเดท|อัพเดต;video|วิดีโอ|วีดีโอ;bluetooth|บลูทูธ;workshop|เวิร์กช็อป|เวิร์คช็อป;zoom|ซูม;line|ไลน์;facebook|เฟซบุ๊ก|เฟสบุ๊ค|เฟซบุ๊ค;youtube|ยูทูบ|ยูทูป;google|กูเกิล|กูเกิ้ล;microsoft|ไมโครซอฟต์|ไมโครซอฟท์;excel|เอ็กเซล|เอกซ์เซล;powerbi|พาวเวอร์บีไอ;canva|แคนวา;thaischoollunch|ไทยสคูลลันช์';
  var loanTable = null;
  function loanEntry(joined) {
    if (!loanTable) {
      loanTable = new Map();
      LOAN.split(';').forEach(function (entry) {
        var forms = entry.split('|');
        forms.forEach(function (f) {
          for (var i = 1; i < f.length; i++) {
            var p = loanTable.get(f.slice(0, i)) || {};
            p.longer = true;
            loanTable.set(f.slice(0, i), p);
          }
          var e = loanTable.get(f) || {};
          e.key = forms[0];
          e.forms = forms;
          loanTable.set(f, e);
        });
      });
    }
    return loanTable.get(joined);
  }

  /* The query's runs of words that spell a loanword become its key, looked
     up for every spelling; the longest run from each word wins. */
  function loanwords(got) {
    var terms = got[0], lists = got[1], outT = [], outL = [], loan = [], jobs = [];
    for (var i = 0; i < terms.length;) {
      var joined = '', end = -1, found = null;
      for (var j = i; j < terms.length; j++) {
        var e = loanEntry(joined += terms[j]);
        if (!e) break;
        if (e.key) { end = j; found = e; }
        if (!e.longer) break;
      }
      if (!found) { outT.push(terms[i]); outL.push(lists[i]); loan.push(false); i++; continue; }
      jobs.push([outL.length, found]);
      outT.push(found.key); outL.push(null); loan.push(true);
      i = end + 1;
    }
    return Promise.all(jobs.map(function (job) {
      return postings(job[1].key).then(function (l) {
        l.words = job[1].forms.concat([job[1].key]);  // marked in excerpts, as each page spells it
        outL[job[0]] = l;
      });
    })).then(function () { return [outT, outL, loan]; });
  }

  /* Edits between two words (insert, delete, replace, swap two neighbours),
     or max + 1 once it is over max. */
  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        cur.push(d);
        if (d < best) best = d;
      }
      if (best > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  /* A Latin word no page has and no spelling variant covers (accesibility):
     the indexed words one edit away (two for a word of eight letters or
     more), from the chunk the word itself falls in, which the lookup has
     fetched already. A typo in the first letters can land in another chunk
     and is not corrected. */
  function typos(term) {
    var file = chunkFor(term);
    if (!file || !/^[a-z]{5,}$/.test(term)) return Promise.resolve([]);
    var max = term.length >= 8 ? 2 : 1;
    return getJSON(indexUrl + file).then(function (chunk) {
      var found = [];
      Object.keys(chunk).forEach(function (t) {
        var d = editDistance(term, t, max);
        if (d <= max) found.push([d, t]);
      });
      found.sort(function (x, y) { return x[0] - y[0] || (x[1] < y[1] ? -1 : 1); });
      return found.slice(0, 5).map(function (f) { return f[1]; });
    });
  }

  /* One posting list for several words: a page's counts added, positions joined. */
  function union(maps) {
    var out = new Map();
    maps.forEach(function (m) {
      m.forEach(function (e, doc) {
        var o = out.get(doc);
        if (!o) out.set(doc, {t: e.t, h: e.h, n: e.n, p: e.p.slice()});
        else { o.t += e.t; o.h += e.h; o.n += e.n; o.p = o.p.concat(e.p); }
      });
    });
    return out;
  }

  /* Postings: doc -> {t: title count, h: heading count, n: count, p: positions}. */
  function postings(term) {
    var file = chunkFor(term);
    if (!file) return Promise.resolve(new Map());
    return getJSON(indexUrl + file).then(function (chunk) {
      // [positions kept per document, then per document: doc delta, title count,
      //  heading count, count, first position, position deltas...]
      var ints = chunk[term], map = new Map(), doc = 0, i = 1;
      if (!ints) return map;
      var kept = ints[0];
      while (i < ints.length) {
        doc += ints[i];
        var e = {t: ints[i + 1], h: ints[i + 2], n: ints[i + 3], p: []};
        i += 4;
        for (var k = 0, pos = 0, m = Math.min(e.n, kept); k < m; k++) e.p.push(pos += ints[i++]);
        map.set(doc, e);
      }
      return map;
    });
  }

  function docLength(doc) {
    var c = parseInt(meta.docinfo.charAt(doc), 36);
    return Math.pow(2, c / 4) - 1;
  }

  /* Every page with any query word, ranked by how much of the query it has
     (the rarer a word, the more it counts), then by how many query words
     stand next to each other as typed, then by BM25 over weighted term
     frequency (title 5x, headings 2x). One word no page has does not empty
     the results: each result says which words it lacks. */
  function rank(terms, lists, allowed) {
    var N = meta.docs, k1 = 1.2, b = 0.75, avg = meta.avgdl || 1;
    var idf = lists.map(function (l) { return Math.log(1 + (N - l.size + 0.5) / (l.size + 0.5)); });
    var seen = new Set(), docs = [];
    lists.forEach(function (list) {
      list.forEach(function (e, doc) {
        if (seen.has(doc) || (allowed && !allowed.has(doc))) return;
        seen.add(doc);
        var score = 0, adjacent = 0, cover = 0, missing = [];
        for (var i = 0; i < lists.length; i++) {
          var p = lists[i].get(doc);
          if (!p) {
            if (missing.indexOf(terms[i]) < 0) missing.push(terms[i]);
            continue;
          }
          var tf = p.n + 2 * p.h + 5 * p.t;
          cover += idf[i];
          score += idf[i] * tf * (k1 + 1) / (tf + k1 * (1 - b + b * docLength(doc) / avg));
          var before = i > 0 && lists[i - 1].get(doc);
          if (before) {
            var prev = new Set(before.p);
            if (p.p.some(function (x) { return prev.has(x - 1); })) adjacent++;
          }
        }
        docs.push({doc: doc, score: score, adjacent: adjacent, cover: missing.length ? cover : Infinity, missing: missing});
      });
    });
    docs.sort(function (a, b2) {
      return b2.cover - a.cover || b2.adjacent - a.adjacent || b2.score - a.score || a.doc - b2.doc;
    });
    return docs;
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]; });
  }

  /* An excerpt around the first match, with every query word marked. */
  function excerpt(text, terms) {
    var m = normMap(text), norm = m.norm, map = m.map;
    var hits = [];
    terms.forEach(function (t) {
      for (var at = norm.indexOf(t); at >= 0 && t; at = norm.indexOf(t, at + t.length)) {
        hits.push([map[at], map[at + t.length - 1] + 1]);
      }
    });
    hits.sort(function (a, b2) { return a[0] - b2[0]; });
    var start = hits.length ? Math.max(0, hits[0][0] - 60) : 0, end = Math.min(text.length, start + 220);
    var out = start > 0 ? '…' : '', pos = start;
    hits.forEach(function (h) {
      if (h[0] < pos || h[1] > end) return;
      out += escapeHtml(text.slice(pos, h[0])) + '<mark>' + escapeHtml(text.slice(h[0], h[1])) + '</mark>';
      pos = h[1];
    });
    return out + escapeHtml(text.slice(pos, end)) + (end < text.length ? '…' : '');
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return values[k]; });
  }

  /* An index merged from several sites (kmsite merge) says which site each
     page is of: its name goes beside each result. */
  function siteNames() {
    var f = meta.filters.site;
    if (!f || f.values.length < 2) return Promise.resolve(null);
    return getJSON(indexUrl + f.file).then(function (lists) {
      var names = new Map();
      Object.keys(lists).forEach(function (name) {
        var doc = 0;
        lists[name].forEach(function (d) { names.set(doc += d, name); });
      });
      return names;
    });
  }

  function showResults(ranked, terms, shown) {
    var slice = ranked.slice(shown, shown + PAGE);
    return Promise.all([siteNames()].concat(slice.map(function (r) {
      /* Fragments live in folders named by a hash of their group's files. */
      var group = meta.groups[Math.floor(r.doc / meta.group)];
      return getJSON(indexUrl + 'f/' + group + '/' + r.doc + '.json');
    }))).then(function (got) {
      var names = got[0];
      got.slice(1).forEach(function (f, i) {
        var li = document.createElement('li');
        var site = names && names.get(slice[i].doc);
        // Only the URLs a build or a merge writes: never a script or data URL,
        // nor "//host" or "/\\host" (another host).
        var href = typeof f.url === 'string' && /^(\/(?![\/\\])|https?:\/\/)[^\\]*$/.test(f.url) ? f.url : '#';
        li.innerHTML = '<a href="' + escapeHtml(href) + '">' + escapeHtml(f.title) + '</a>' +
          '<p class="search-excerpt">' + excerpt(f.text, terms.filter(function (t) {
            return slice[i].missing.indexOf(t) < 0;  // a word the page lacks is not marked in it
          })) + '</p>' +
          (slice[i].missing.length ? '<p class="search-missing">' + escapeHtml(T.search_missing) + ' ' +
            slice[i].missing.map(function (w) { return '<s>' + escapeHtml(w) + '</s>'; }).join(' ') + '</p>' : '') +
          '<p class="search-meta">' + (site ? escapeHtml(site) + ' · ' : '') +
          escapeHtml(T['kind_' + f.kind] || f.kind) + ' · ' + escapeHtml(f.date) + '</p>';
        list.appendChild(li);
      });
      moreArea.innerHTML = '';
      if (shown + PAGE < ranked.length) {
        var more = document.createElement('button');
        more.type = 'button';
        more.className = 'search-more';
        more.textContent = T.search_more;
        more.addEventListener('click', function () {
          var next = list.children.length;
          showResults(ranked, terms, shown + PAGE).then(function () {
            var link = list.children[next] && list.children[next].querySelector('a');
            if (link) link.focus();
          });
        });
        moreArea.appendChild(more);
      }
    });
  }

  function selectedFilters() {
    var chosen = [];
    filtersBox.querySelectorAll('select').forEach(function (s) { if (s.value) chosen.push([s.name, s.value]); });
    return chosen;
  }

  /* Documents allowed by the chosen filters, or null when none is chosen. */
  function allowedDocs() {
    var chosen = selectedFilters();
    if (!chosen.length) return Promise.resolve(null);
    return Promise.all(chosen.map(function (c) {
      return getJSON(indexUrl + meta.filters[c[0]].file).then(function (f) {
        var set = new Set(), doc = 0;
        (f[c[1]] || []).forEach(function (d) { set.add(doc += d); });
        return set;
      });
    })).then(function (sets) {
      return new Set(Array.from(sets[0]).filter(function (d) { return sets.every(function (s) { return s.has(d); }); }));
    });
  }

  function noResults(q) {
    var other = swapDigits(q), html = escapeHtml(fill(T.search_none, {q: q}));
    if (other !== q) {
      html += ' ' + escapeHtml(T.search_try) + ' <a href="?q=' + encodeURIComponent(other) + '">' + escapeHtml(other) + '</a>';
    }
    status.innerHTML = html;
  }

  /* The query's terms and their posting lists. Unless the query ends with a
     space, its last word may be half typed: the longest tail of the last
     word's segments (up to three, joined: "ความมั่นค" segments as ความ|มั่น|ค
     where the page has ความ|มั่นคง) that begins some indexed word stands for
     every word it begins, shown and marked as that prefix. */
  function lookup(q, given) {
    return rejoin(given).then(loanwords).then(function (got) {
      var terms = got[0];
      // A loanword is a whole word: the last one is not taken for half typed.
      if (/\s$/.test(q) || !terms.length || got[2][terms.length - 1]) return got;
      return completions(q, terms, got);
    }).then(function (got) {
      // A word no page has: the pages with its spelling variants, or for a
      // Latin word the words an edit or two away (no page has the word
      // itself, so none is ranked below them for it).
      // Else, a Thai word the build cut in two: the two parts.
      function found(words) {
        return Promise.all(words.map(postings)).then(function (lists) {
          var f = union(lists);
          f.words = words;  // marked in excerpts in place of the word typed
          return f;
        });
      }
      return Promise.all(got[1].map(function (list, i) {
        if (list.size) return list;
        var term = got[0][i];
        return variants(term).then(found).then(function (f) {
          return f.size ? f : typos(term).then(found);
        }).then(function (f) {
          return f.size ? f : split(term, false).then(function (parts) { return parts || list; });
        });
      })).then(function (results) {
        var terms = [], lists = [];
        results.forEach(function (r, i) {
          if (Array.isArray(r)) { terms = terms.concat(r[0]); lists = lists.concat(r[1]); }
          else { terms.push(got[0][i]); lists.push(r); }
        });
        return [terms, lists];
      });
    });
  }

  /* Whether two words stand next to each other on some page. */
  function adjacentSomewhere(a, b) {
    var found = false;
    a.forEach(function (e, doc) {
      var f = !found && b.get(doc);
      if (!f) return;
      var at = new Set(e.p);
      found = f.p.some(function (x) { return at.has(x - 1); });
    });
    return found;
  }

  /* Where the browser's segmenter split a word that the build's kept whole
     (ปลอด|ภัย where pages have ปลอดภัย), two neighbouring segments that
     never stand together on a page are looked up joined, and the joined
     word replaces them when the index has it. */
  function rejoin(terms) {
    return Promise.all(terms.map(postings)).then(function (lists) {
      var outT = [], outL = [], i = 0;
      function keep() { outT.push(terms[i]); outL.push(lists[i]); i++; }
      function step() {
        while (i < terms.length) {
          if (i + 1 < terms.length && !adjacentSomewhere(lists[i], lists[i + 1])) {
            var joined = terms[i] + terms[i + 1];
            return postings(joined).then(function (l) {
              if (l.size) { outT.push(joined); outL.push(l); i += 2; } else keep();
              return step();
            });
          }
          keep();
        }
        return [outT, outL];
      }
      return step();
    });
  }

  /* Where the build's ICU cut a word in two that the browser keeps whole
     (แชตบ typed whole, pages have แช|ตบอต): a Thai word no page has is
     looked up as the longest indexed word it begins with and the rest, when
     the two stand together on some page. For the half-typed last word
     (`half`), the rest may begin a word. Null when no cut works. */
  function split(term, half) {
    if (!/^[\u0E00-\u0E7F]{3,}$/.test(term)) return Promise.resolve(null);
    function attempt(k) {
      if (k < 1) return Promise.resolve(null);
      var head = term.slice(0, k), tail = term.slice(k);
      if (half && tail.length < 2) return attempt(k - 1);  // one letter begins too many words
      return postings(head).then(function (h) {
        if (!h.size) return attempt(k - 1);
        var rest = half ? expand(tail).then(function (found) {
          return Promise.all(found.map(postings)).then(union);
        }) : postings(tail);
        return rest.then(function (t) {
          return t.size && adjacentSomewhere(h, t) ? [[head, tail], [h, t]] : attempt(k - 1);
        });
      });
    }
    return attempt(term.length - 1);
  }

  function completions(q, terms, got) {
    var exact = function () { return got; };
    return words(normalize(q.split(/\s+/).pop())).then(function (last) {
      var k = Math.min(3, last.length, terms.length);
      function attempt(k) {
        if (k === 0) {
          return split(terms[terms.length - 1], true).then(function (parts) {
            if (!parts) return exact();
            return [terms.slice(0, -1).concat(parts[0]), got[1].slice(0, -1).concat(parts[1])];
          });
        }
        var prefix = terms.slice(terms.length - k).join('');
        // One letter begins too many words to be worth the download.
        if (prefix.length < 2) return attempt(k - 1);
        return expand(prefix).then(function (found) {
          if (!found.length) return attempt(k - 1);
          var head = terms.slice(0, terms.length - k);
          // A loanword's spelling is looked up by its key, as when typed whole.
          var words = [];
          found.forEach(function (t) {
            var e = loanEntry(t), w = e && e.key ? e.key : t;
            if (words.indexOf(w) < 0) words.push(w);
          });
          return Promise.all(words.map(postings)).then(function (lists) {
            return [head.concat([prefix]), got[1].slice(0, head.length).concat([union(lists)])];
          });
        });
      }
      return attempt(k);
    });
  }

  function search(typing) {
    var q = input.value.trim(), mine = ++run;
    if (!q) { list.innerHTML = ''; moreArea.innerHTML = ''; status.textContent = ''; return; }
    // While typing the live region keeps its last count: it is read out
    // when results change, not on every keystroke.
    if (!typing) status.textContent = T.search_loading;
    words(normalize(q)).then(function (terms) {
      if (mine !== run) return;
      if (!terms.length) { list.innerHTML = ''; moreArea.innerHTML = ''; return noResults(q); }
      return Promise.all([lookup(input.value, terms), allowedDocs()]).then(function (got) {
        if (mine !== run) return;
        terms = got[0][0];
        var unique = terms.filter(function (t, i) { return terms.indexOf(t) === i; });
        var ranked = rank(terms, got[0][1], got[1]);
        list.innerHTML = '';
        moreArea.innerHTML = '';
        if (!ranked.length) return noResults(q);
        // Announce only once the results are on the page.
        var marks = unique.slice();
        got[0][1].forEach(function (l) { if (l.words) marks = marks.concat(l.words); });
        return showResults(ranked, marks, 0).then(function () {
          if (mine === run) status.textContent = fill(T.search_found, {n: ranked.length, q: q});
        });
      });
    }).catch(function () { if (mine === run) status.textContent = T.search_error; });
  }

  function buildFilters() {
    ['site', 'kind', 'office', 'fiscal_year', 'tag'].forEach(function (key) {
      var f = meta.filters[key];
      if (!f || f.values.length < 2) return;
      var id = 'search-filter-' + key, label = document.createElement('label'), select = document.createElement('select');
      label.htmlFor = id;
      label.textContent = T['search_filter_' + key];
      select.id = id;
      select.name = key;
      select.add(new Option(T.search_all, ''));
      f.values.forEach(function (v) { select.add(new Option((T['kind_' + v[0]] || v[0]) + ' (' + v[1] + ')', v[0])); });
      var params = new URLSearchParams(location.search);
      if (params.get(key)) select.value = params.get(key);
      select.addEventListener('change', submit);
      var wrap = document.createElement('div');
      wrap.className = 'search-filter';
      wrap.appendChild(label);
      wrap.appendChild(select);
      filtersBox.appendChild(wrap);
    });
  }

  var typed = 0, searched = null;
  function submit(event, typing) {
    if (event) event.preventDefault();
    clearTimeout(typed);
    // A pause after typing searches only when the query changed: results
    // already shown (and the focus in them) stay.
    if (typing && input.value === searched) return;
    searched = input.value;
    var params = new URLSearchParams();
    if (input.value.trim()) params.set('q', input.value.trim());
    selectedFilters().forEach(function (c) { params.set(c[0], c[1]); });
    history.replaceState(null, '', '?' + params.toString());
    search(typing);
  }

  /* Search as you type: once the typing pauses; focus stays in the box. */
  input.addEventListener('input', function () {
    clearTimeout(typed);
    typed = setTimeout(function () { submit(null, true); }, 300);
  });

  input.value = new URLSearchParams(location.search).get('q') || '';
  getJSON(form.getAttribute('data-meta')).then(function (m) {
    meta = m;
    buildFilters();
    form.addEventListener('submit', submit);
    if (input.value) { searched = input.value; search(); }
  }).catch(function () { status.textContent = T.search_error; });
})();
