// gongkai search client: plain JS, no dependencies. The index is a set of
// scripts written by the generator (generator/search); each calls
// gkLoad(key, data), so loading works the same from a web server and from
// file://. Everything a query puts on the page is built with textContent.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("search-q");
  var statusEl = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var moreBtn = document.getElementById("search-more");
  var filterBox = document.getElementById("search-filters");
  var FILTERS = ["section", "unit", "district", "year"];
  var PAGE = 10, MAX_QUERY = 100;
  var base = new URL("./", location.href);              // the index: beside this page
  var root = new URL(form.getAttribute("data-root") || "../", location.href);
  var fileMode = location.protocol === "file:";

  // ---- loading index files as scripts ----
  var waiting = {}, loaded = {};
  window.gkLoad = function (key, data) {
    loaded[key] = data;
    if (waiting[key]) waiting[key].resolve(data);
  };
  function load(key, path) {
    if (loaded[key] !== undefined) return Promise.resolve(loaded[key]);
    if (waiting[key]) return waiting[key].promise;
    var w = waiting[key] = {};
    w.promise = new Promise(function (resolve, reject) {
      w.resolve = resolve;
      var s = document.createElement("script");
      s.src = new URL(path, base).href;
      s.onerror = function () { delete waiting[key]; reject(new Error("无法读取搜索索引：" + path)); };
      s.onload = function () { s.remove(); if (loaded[key] === undefined) { delete waiting[key]; reject(new Error("搜索索引文件有误：" + path)); } };
      document.head.appendChild(s);
    });
    return w.promise;
  }
  var manifest = null;
  function getManifest() { return manifest || (manifest = load("m", "index.js")); }

  // ---- the index's varint code (generator/search/encode.go) ----
  var DEC = {};
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach(function (c, i) { DEC[c] = i; });
  function reader(s) {
    var i = 0;
    return {
      more: function () { return i < s.length; },
      next: function () {
        var n = 0, shift = 0, v;
        do { v = DEC[s.charAt(i++)]; n += (v & 31) * Math.pow(2, shift); shift += 5; } while (v & 32);
        return n;
      }
    };
  }
  // Positional postings: Map doc → {pos: [...], title: n}.
  function decodePositions(s) {
    var r = reader(s), out = new Map(), doc = -1;
    while (r.more()) {
      doc += r.next();
      var c = r.next(), n = c >> 1, title = (c & 1) ? r.next() : 0, pos = new Array(n), p = 0;
      for (var k = 0; k < n; k++) { p += r.next(); pos[k] = p; }
      out.set(doc, { pos: pos, title: title });
    }
    return out;
  }
  // One-character postings: Map doc → {count, title}.
  function decodeUnigram(s) {
    var r = reader(s), out = new Map(), doc = -1;
    while (r.more()) {
      doc += r.next();
      var v = r.next();
      out.set(doc, { count: v >> 1, title: v & 1 });
    }
    return out;
  }

  // ---- query analysis: the same classes as generator/search/token.go ----
  var CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
  var WORD = /[\p{L}\p{N}\p{M}]/u;
  function classOf(ch) {
    if (CJK.test(ch)) return 2;
    if (WORD.test(ch)) return 1;
    return 0;
  }
  function hashTerm(s) {
    var h = 2166136261;
    for (var ch of s) { h ^= ch.codePointAt(0); h = Math.imul(h, 16777619) >>> 0; }
    return h;
  }
  // fold is generator/search.Fold: a character's NFKC form when that is
  // one character (ＡＢＣ１２ = ABC12), lowercased.
  function fold(ch) {
    var n = ch.normalize("NFKC");
    if (Array.from(n).length !== 1) n = ch;
    var l = n.toLowerCase();
    return Array.from(l).length === 1 ? l : n;
  }
  function foldAll(s) { return Array.from(s).map(fold); }
  // pieces splits a query into runs without separators; each must occur.
  function pieces(q) {
    var out = [], cur = [];
    foldAll(q).forEach(function (ch) {
      if (classOf(ch)) { cur.push(ch); } else if (cur.length) { out.push(cur); cur = []; }
    });
    if (cur.length) out.push(cur);
    return out;
  }
  // tokens of a piece: words (whole, lowercased) and CJK runs.
  function tokens(chars) {
    var out = [], i = 0;
    while (i < chars.length) {
      var c = classOf(chars[i]), j = i;
      while (j < chars.length && classOf(chars[j]) === c) j++;
      if (c === 1) {
        out.push({ word: chars.slice(i, Math.min(j, i + 40)).join(""), at: i });
      } else {
        out.push({ run: chars.slice(i, j), at: i });
      }
      i = j;
    }
    return out;
  }

  function shardOf(m, term) { return m.s[hashTerm(term) % m.s.length]; }
  function lookup(m, term) {
    var h = shardOf(m, term);
    return load("s" + h, "s/" + h + ".js").then(function (shard) {
      var v = Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
      if (v === null) return { term: term, data: "", size: 0 };
      if (typeof v === "string") return { term: term, data: v, size: 0 };
      return { term: term, file: v[0], size: v[1] };
    });
  }
  function postings(ref) {
    if (ref.file === undefined) return Promise.resolve(ref.data);
    return load("t" + ref.file, "t/" + ref.file + ".js");
  }

  // matchPiece resolves to Map doc → {count, title} of the documents that
  // contain the piece exactly.
  function matchPiece(m, chars) {
    if (chars.length === 1 && classOf(chars[0]) === 2) {
      return lookup(m, chars[0]).then(postings).then(decodeUnigram);
    }
    var toks = tokens(chars), need = [], lookups = [];
    toks.forEach(function (t) {
      if (t.word !== undefined) {
        need.push({ at: t.at, choose: [t.word] });
      } else if (t.run.length === 1) {
        need.push({ at: t.at, single: t.run[0] });
      } else {
        var pairs = [];
        for (var k = 0; k + 1 < t.run.length; k++) pairs.push(t.run[k] + t.run[k + 1]);
        need.push({ at: t.at, pairs: pairs });
      }
    });
    need.forEach(function (n) {
      (n.choose || n.pairs || []).forEach(function (term) { lookups.push(lookup(m, term)); });
    });
    return Promise.all(lookups).then(function (refs) {
      var byTerm = {};
      refs.forEach(function (r) { byTerm[r.term] = r; });
      // Tiles: terms at offsets in the piece that together cover it.
      var tiles = [], singles = [];
      need.forEach(function (n) {
        if (n.choose) tiles.push({ term: n.choose[0], at: n.at });
        else if (n.single) singles.push(n);
        else cover(n.pairs, byTerm).forEach(function (k) { tiles.push({ term: n.pairs[k], at: n.at + k }); });
      });
      return Promise.all(tiles.map(function (t) { return postings(byTerm[t.term]); })).then(function (data) {
        var lists = data.map(decodePositions);
        var hits = intersect(tiles, lists);
        if (!singles.length) return hits;
        // A lone CJK character beside a word ("a股"): check the text.
        return verifyByText(m, hits, chars.join(""));
      });
    });
  }

  // cover picks the pairs of a CJK run to fetch: every character covered,
  // pairs already in their shard cost nothing, big ones their size.
  function cover(pairs, byTerm) {
    var n = pairs.length, cost = [], best = [], from = [];
    for (var j = 0; j < n; j++) cost[j] = 1 + (byTerm[pairs[j]].size || 0);
    for (j = 0; j < n; j++) {
      var prev = -1;
      if (j >= 2 && best[j - 2] < best[j - 1]) prev = j - 2; else if (j >= 1) prev = j - 1;
      best[j] = cost[j] + (prev >= 0 ? best[prev] : 0);
      from[j] = prev;
    }
    var out = [];
    for (j = n - 1; j >= 0; j = from[j]) out.unshift(j);
    return out;
  }

  function intersect(tiles, lists) {
    var out = new Map();
    if (!lists.length) return out;
    var order = lists.map(function (_, i) { return i; }).sort(function (a, b) { return lists[a].size - lists[b].size; });
    var first = order[0], sets = lists.map(function () { return null; });
    lists[first].forEach(function (e, doc) {
      for (var k = 1; k < order.length; k++) if (!lists[order[k]].has(doc)) return;
      var count = 0, title = 0, fe = e;
      for (var a = 0; a < fe.pos.length; a++) {
        var start = fe.pos[a] - tiles[first].at, ok = true;
        for (k = 1; k < order.length && ok; k++) {
          var t = order[k];
          if (!sets[t] || sets[t].doc !== doc) sets[t] = { doc: doc, set: new Set(lists[t].get(doc).pos) };
          ok = sets[t].set.has(start + tiles[t].at);
        }
        if (ok) { count++; if (a < fe.title) title = 1; }
      }
      if (count) out.set(doc, { count: count, title: title });
    });
    return out;
  }

  function docFile(m, id) { return load("d" + id, "d/" + id + ".js?v=" + m.v); }

  function verifyByText(m, hits, piece) {
    var ids = Array.from(hits.keys()).slice(0, 200);
    return Promise.all(ids.map(function (id) { return docFile(m, id); })).then(function (docs) {
      var out = new Map();
      docs.forEach(function (d, i) {
        var n = occurrences(foldAll(d[6]), [piece]).length;
        if (n) out.set(ids[i], { count: n, title: occurrences(foldAll(d[1]), [piece]).length ? 1 : 0 });
      });
      return out;
    });
  }

  // search resolves to the ranked documents that contain every piece.
  function search(q) {
    var ps = pieces(q);
    if (!ps.length) return Promise.resolve({ pieces: [], ids: [], hits: new Map() });
    return getManifest().then(function (m) {
      return Promise.all(ps.map(function (p) { return matchPiece(m, p); })).then(function (maps) {
        maps.sort(function (a, b) { return a.size - b.size; });
        var hits = new Map();
        maps[0].forEach(function (h, doc) {
          var count = h.count, title = h.title;
          for (var k = 1; k < maps.length; k++) {
            var o = maps[k].get(doc);
            if (!o) return;
            count += o.count; title = title || o.title;
          }
          hits.set(doc, { count: count, title: title });
        });
        var ids = Array.from(hits.keys()).sort(function (a, b) {
          var x = hits.get(a), y = hits.get(b);
          return (y.title - x.title) || (y.count - x.count) || (b - a);
        });
        var capped = ps.length === 1 && ps[0].length === 1 && classOf(ps[0][0]) === 2 && ids.length >= m.u;
        return { pieces: ps.map(function (p) { return p.join(""); }), ids: ids, hits: hits, capped: capped, m: m };
      });
    });
  }

  // ---- facets, loaded when a reader filters ----
  var facets = null;
  function getFacets(m) {
    if (!facets) {
      facets = load("f" + m.f, "f/" + m.f + ".js").then(function (f) {
        var r = reader(f.c), codes = [];
        for (var i = 0; i < m.n; i++) codes.push([f.s[r.next()], f.d[r.next() - 1] || "", f.u[r.next() - 1] || "", f.y[r.next()]]);
        return codes;
      });
    }
    return facets;
  }

  // ---- the page ----
  var state = { q: "", res: null, shown: 0, filter: {}, codes: null, seq: 0 };

  function normalize(q) { return (q || "").trim(); }

  function setStatus(text) { statusEl.textContent = text; }

  function filtered() {
    var ids = state.res ? state.res.ids : [];
    var f = state.filter, codes = state.codes;
    if (!codes || !FILTERS.some(function (k) { return f[k]; })) return ids;
    return ids.filter(function (id) {
      var c = codes[id];
      return FILTERS.every(function (k, i) { return !f[k] || c[i] === f[k]; });
    });
  }

  function updateURL() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FILTERS.forEach(function (k) { if (state.filter[k]) params.set(k, state.filter[k]); });
    var qs = params.toString();
    try { history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "")); } catch (e) { /* file:// in some browsers */ }
  }

  function run(raw) {
    var q = normalize(raw), note = "";
    if (Array.from(q).length > MAX_QUERY) {
      q = Array.from(q).slice(0, MAX_QUERY).join("");
      note = "（搜索词过长，只按前 " + MAX_QUERY + " 个字搜索）";
    }
    state.q = q;
    updateURL();
    var seq = ++state.seq;
    list.textContent = "";
    moreBtn.hidden = true;
    if (!q) { state.res = null; setStatus("请输入要搜索的文字。"); renderFilters(); return Promise.resolve(); }
    if (!pieces(q).length) { state.res = null; setStatus("请输入文字或数字；只有标点符号无法搜索。"); renderFilters(); return Promise.resolve(); }
    setStatus("正在搜索……");
    return search(q).then(function (res) {
      if (seq !== state.seq) return;
      state.res = res;
      var wantFacets = FILTERS.some(function (k) { return state.filter[k]; }) || filterBox.open;
      return (wantFacets ? getFacets(res.m).then(function (c) { state.codes = c; }) : Promise.resolve()).then(function () {
        if (seq !== state.seq) return;
        renderFilters();
        return show(true, note);
      });
    }).catch(function (e) {
      if (seq === state.seq) setStatus("搜索出错：" + e.message);
    });
  }

  function show(reset, note) {
    var ids = filtered();
    if (reset) { list.textContent = ""; state.shown = 0; }
    var q = state.q, res = state.res;
    if (!ids.length) {
      setStatus("没有找到包含“" + q + "”的页面" + (state.res.ids.length ? "（筛选条件下）" : "") + "。" + (note || "") +
        (state.res.ids.length ? "可以去掉筛选条件再看看。" : "可以少写几个字、换个说法，或者搜单位名称、发文字号。"));
      moreBtn.hidden = true;
      return Promise.resolve();
    }
    var page = ids.slice(state.shown, state.shown + PAGE), seq = state.seq;
    return Promise.all(page.map(function (id) { return docFile(res.m, id); })).then(function (docs) {
      if (seq !== state.seq) return;
      docs.forEach(function (d) { list.appendChild(item(d, res.pieces)); });
      if (!window.gkShown) window.gkShown = performance.now(); // for bench/search
      state.shown += page.length;
      moreBtn.hidden = state.shown >= ids.length;
      var msg = "找到 " + ids.length + " 个包含“" + q + "”的页面" + (res.capped ? "（单字搜索只列出最相关的 " + res.m.u + " 个）" : "");
      if (ids.length > state.shown || state.shown > PAGE) msg += "，显示前 " + state.shown + " 个";
      setStatus(msg + "。" + (note || ""));
    });
  }

  function href(url) {
    // Only the site's own pages: a site path (/…), never a scheme such as
    // javascript: or another host (//…), whatever an index file holds.
    if (typeof url !== "string" || url.charAt(0) !== "/" || url.charAt(1) === "/") return "#";
    var parsed = new URL(url.replace(/^\//, ""), root);
    if (parsed.protocol !== new URL(root).protocol) return "#";
    var u = parsed.href;
    if (fileMode && /\/$/.test(u)) u += "index.html";
    return u;
  }

  // YYYY-MM-DD → Y年M月D日, as the site's pages write dates.
  function chineseDate(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || "");
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : s;
  }

  function item(d, ps) {
    var li = document.createElement("li"), h = document.createElement("h2"), a = document.createElement("a");
    a.href = href(d[0]);
    highlight(a, d[1], ps);
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "search-meta";
    meta.textContent = [d[3], d[4], d[5], chineseDate(d[2])].filter(Boolean).join(" · ");
    li.appendChild(meta);
    var p = document.createElement("p");
    p.className = "search-snippet";
    highlight(p, snippet(d[6], Array.from(d[1]).length, d[7], ps), ps);
    li.appendChild(p);
    return li;
  }

  // occurrences lists [start, end) of every piece in folded characters.
  function occurrences(chars, ps) {
    var out = [];
    ps.forEach(function (p) {
      var pc = Array.from(p);
      if (!pc.length) return;
      for (var i = 0; i + pc.length <= chars.length; i++) {
        var k = 0;
        while (k < pc.length && chars[i + k] === pc[k]) k++;
        if (k === pc.length) { out.push([i, i + pc.length]); i += pc.length - 1; }
      }
    });
    return out.sort(function (a, b) { return a[0] - b[0]; });
  }

  // snippet cuts the body text (between the title and the metadata line)
  // around the first match in it.
  function snippet(text, titleLen, bodyEnd, ps) {
    var chars = Array.from(text).slice(titleLen + 1, bodyEnd), first = occurrences(chars.map(fold), ps)[0];
    var at = first ? first[0] : 0, start = Math.max(0, at - 30), end = at + 90;
    var s = chars.slice(start, end).join("").replace(/\s+/g, " ");
    return (start > 0 ? "……" : "") + s + (end < chars.length ? "……" : "");
  }

  // highlight puts text into el with every occurrence of a piece in <mark>;
  // the text shows as written, matched as folded.
  function highlight(el, text, ps) {
    var chars = Array.from(text), pos = 0;
    occurrences(chars.map(fold), ps).forEach(function (mk) {
      if (mk[0] < pos) return;
      if (mk[0] > pos) el.appendChild(document.createTextNode(chars.slice(pos, mk[0]).join("")));
      var m = document.createElement("mark");
      m.textContent = chars.slice(mk[0], mk[1]).join("");
      el.appendChild(m);
      pos = mk[1];
    });
    if (pos < chars.length) el.appendChild(document.createTextNode(chars.slice(pos).join("")));
  }

  // ---- filters ----
  function renderFilters() {
    FILTERS.forEach(function (k, i) {
      var sel = document.getElementById("search-" + k);
      var counts = new Map();
      if (state.codes && state.res) {
        state.res.ids.forEach(function (id) {
          var c = state.codes[id], f = state.filter;
          // Count what this filter would give with the other filters kept.
          if (!FILTERS.every(function (o, j) { return o === k || !f[o] || c[j] === f[o]; })) return;
          if (c[i]) counts.set(c[i], (counts.get(c[i]) || 0) + 1);
        });
      }
      var values = Array.from(counts.keys());
      if (k === "year") values.sort().reverse(); else values.sort(function (a, b) { return counts.get(b) - counts.get(a) || (a < b ? -1 : 1); });
      if (k === "unit") values = values.slice(0, 300);
      var cur = state.filter[k] || "";
      if (cur && values.indexOf(cur) < 0) values.unshift(cur);
      sel.textContent = "";
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "全部";
      sel.appendChild(all);
      values.forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.textContent = v + "（" + (counts.get(v) || 0) + "）";
        sel.appendChild(o);
      });
      sel.value = cur;
    });
  }

  function openFilters() {
    if (!state.res || state.codes) return;
    getFacets(state.res.m).then(function (c) { state.codes = c; renderFilters(); });
  }

  FILTERS.forEach(function (k) {
    document.getElementById("search-" + k).addEventListener("change", function (e) {
      state.filter[k] = e.target.value;
      updateURL();
      var go = function () { renderFilters(); if (state.res) show(true); };
      if (state.res && !state.codes) getFacets(state.res.m).then(function (c) { state.codes = c; go(); }); else go();
    });
  });
  filterBox.addEventListener("toggle", function () { if (filterBox.open) openFilters(); });

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 200);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  moreBtn.addEventListener("click", function () {
    var first = list.children.length;
    show(false).then(function () {
      var a = list.children[first] && list.children[first].querySelector("a");
      if (a) a.focus();
    });
  });

  // For the benchmark (bench/search): the numbers of every matching
  // document, in rank order.
  window.gkSearch = function (q) {
    return search(normalize(q)).then(function (res) { return res.ids; });
  };

  document.documentElement.classList.add("search-ready");
  var params = new URLSearchParams(location.search);
  FILTERS.forEach(function (k) { state.filter[k] = params.get(k) || ""; });
  if (FILTERS.some(function (k) { return state.filter[k]; })) filterBox.open = true;
  input.value = params.get("q") || "";
  if (input.value) run(input.value); else renderFilters();
})();
