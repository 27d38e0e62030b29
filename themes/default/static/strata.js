/* Strata: progressive enhancement for the default theme.
 *
 * Everything works without this file: terms link to the glossary and CSS shows
 * their tooltips on hover and focus. With it:
 *  - tooltips follow WCAG 2.2 SC 1.4.13: Escape closes them, one is open at a
 *    time, they stay open while the pointer is over the trigger or the tooltip
 *    and close shortly after it leaves both, and they are placed inside the
 *    viewport without covering their trigger;
 *  - on touch, the first tap on a term opens its definition as a toggletip with
 *    a link to the glossary; a second tap, a tap elsewhere or Escape closes it;
 *  - the tier switcher lands on the section the reader is in, when the other
 *    tier has a section with the same id;
 *  - the header's link to the glossary becomes a search box (a combobox with
 *    a listbox of results grouped by tier, and a tier filter) over the index
 *    in search/ (see src/render/search.rs), fetching only the files a query
 *    needs.
 * Its words are English unless the page carries others: a JSON object in
 * <script type="application/json" id="strata-strings"> (see src/i18n/), whose
 * counted texts are chosen with the browser's plural rules for the page's lang.
 */
(function () {
  "use strict";

  var CLOSE_DELAY = 300; // ms after the pointer leaves trigger and tooltip
  var GAP = 6;           // px between trigger and tooltip
  var MARGIN = 8;        // px kept free at the viewport's edges

  var root = document.documentElement;
  root.classList.add("tips-js");

  // Whether lines run right to left (dir="rtl" on the page, for Arabic, Hebrew…).
  function rtl() {
    return getComputedStyle(root).direction === "rtl";
  }

  /* ---------------------------------------------------------------- words */

  var WORDS = {
    read_more_glossary: "Read more in the glossary",
    site_nav: "Site",
    glossary: "Glossary",
    depth: "Depth",
    browse_glossary: "Browse the glossary",
    search: "Search",
    search_label: "Search the site",
    search_results: "Search results",
    search_all_depths: "All depths",
    search_other: "Other",
    search_in: "in {section}",
    search_too_short: "Type at least two letters.",
    search_none: "No results for \u201c{query}\u201d.",
    search_none_at_depth: "No results for \u201c{query}\u201d at the {depth} depth.",
    search_none_short: "No results.",
    search_none_short_at_depth: "No results at the {depth} depth.",
    search_count: { one: "{count} result", other: "{count} results" },
    search_count_best: { one: "{count} result (the best {count} of {total})", other: "{count} results (the best {count} of {total})" },
    search_at_depth: "{results} at the {depth} depth",
    search_unavailable: "Search is not available right now.",
  };
  (function () {
    var own = document.getElementById("strata-strings");
    if (!own) return;
    try {
      var words = JSON.parse(own.textContent);
      for (var k in words) if (Object.prototype.hasOwnProperty.call(words, k)) WORDS[k] = words[k];
    } catch (e) { /* keep English */ }
  })();
  var plurals = null;
  try { plurals = new Intl.PluralRules(root.lang || "en"); } catch (e) { plurals = null; }

  // The text of `key` with each {name} replaced by args[name]; a counted text's
  // form is chosen by args.count.
  function say(key, args) {
    var text = WORDS[key];
    args = args || {};
    if (text && typeof text === "object") {
      var n = args.count;
      var category = plurals && typeof n === "number" ? plurals.select(n) : "other";
      text = text[category] || text.other || "";
    }
    return String(text).replace(/\{([a-z0-9_]+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(args, name) ? String(args[name]) : whole;
    });
  }

  /* ------------------------------------------------------------- tooltips */

  var open = null;        // the open .tip-wrap
  var hovered = null;     // the .tip-wrap under a mouse or pen
  var focused = null;     // the .tip-wrap whose trigger has keyboard focus
  var toggled = false;    // whether `open` was opened by a tap (toggletip)
  var closeTimer = 0;
  var lastPointer = "";   // pointerType of the latest pointerdown
  var coarse = window.matchMedia ? window.matchMedia("(pointer: coarse)") : { matches: false };

  function wrapOf(node) {
    return node && node.closest ? node.closest(".tip-wrap") : null;
  }
  function triggerOf(wrap) {
    return wrap.querySelector(".term, .cite-link");
  }
  function tipOf(wrap) {
    return wrap.querySelector(".tooltip");
  }

  function show(wrap) {
    clearTimeout(closeTimer);
    if (open === wrap) return;
    if (open) hide();
    open = wrap;
    wrap.classList.add("is-open");
    place(wrap);
  }

  function hide() {
    clearTimeout(closeTimer);
    if (!open) return;
    var wrap = open;
    open = null;
    wrap.classList.remove("is-open");
    var tip = tipOf(wrap);
    tip.style.top = tip.style.left = tip.style.maxHeight = tip.style.overflowY = "";
    if (toggled) {
      toggled = false;
      var more = tip.querySelector(".tooltip-more");
      if (more) more.remove();
      triggerOf(wrap).setAttribute("aria-expanded", "false");
    }
  }

  // Close the open tooltip unless something still holds it open.
  function release(wrap, delay) {
    if (open !== wrap || toggled || hovered === wrap || focused === wrap) return;
    clearTimeout(closeTimer);
    if (delay) closeTimer = setTimeout(hide, delay);
    else hide();
  }

  // Put the tooltip below its trigger, or above it when it fits there and not
  // below; clamp it horizontally. It never overlaps the trigger's box.
  function place(wrap) {
    var tip = tipOf(wrap);
    var trigger = triggerOf(wrap);
    tip.style.top = tip.style.left = tip.style.maxHeight = tip.style.overflowY = "";
    var vw = root.clientWidth;
    var vh = root.clientHeight;
    var box = trigger.getBoundingClientRect();
    var first = trigger.getClientRects()[0] || box;
    var w = tip.offsetWidth;
    var h = tip.offsetHeight;
    var below = vh - box.bottom - GAP - MARGIN;
    var above = box.top - GAP - MARGIN;
    var top;
    if (h <= below || below >= above) {
      top = box.bottom + GAP;
      if (h > below) setMaxHeight(tip, below);
      tip.setAttribute("data-side", "below");
    } else {
      if (h > above) setMaxHeight(tip, above);
      top = box.top - GAP - Math.min(h, above);
      tip.setAttribute("data-side", "above");
    }
    // Along the line's start: the trigger's left edge, or its right one in a
    // right-to-left page.
    var start = rtl() ? first.right - w : first.left;
    var left = Math.max(MARGIN, Math.min(start, vw - MARGIN - w));
    tip.style.top = Math.round(top) + "px";
    tip.style.left = Math.round(left) + "px";
  }

  function setMaxHeight(tip, px) {
    tip.style.maxHeight = Math.max(px, 48) + "px";
    tip.style.overflowY = "auto";
  }

  var placing = false;
  function reposition() {
    if (!open || placing) return;
    placing = true;
    requestAnimationFrame(function () {
      placing = false;
      if (open) place(open);
    });
  }

  function isTouch() {
    return lastPointer === "touch" || (coarse.matches && lastPointer !== "mouse" && lastPointer !== "pen");
  }

  // Toggletip: the first tap opens the definition with a link to the glossary.
  function toggle(wrap) {
    if (open === wrap && toggled) {
      hide();
      return;
    }
    hide();
    show(wrap);
    toggled = true;
    var trigger = triggerOf(wrap);
    var tip = tipOf(wrap);
    trigger.setAttribute("aria-expanded", "true");
    if (trigger.classList.contains("term") && !tip.querySelector(".tooltip-more")) {
      var more = document.createElement("a");
      more.className = "tooltip-more";
      more.href = trigger.href;
      more.textContent = say("read_more_glossary");
      tip.appendChild(more);
    }
    place(wrap);
  }

  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType;
    if (open && toggled && !open.contains(e.target)) hide();
  }, true);

  document.addEventListener("pointerover", function (e) {
    if (e.pointerType === "touch") return;
    var wrap = wrapOf(e.target);
    if (!wrap || hovered === wrap) return;
    hovered = wrap;
    if (open === wrap) clearTimeout(closeTimer);
    else if (!(open && toggled)) show(wrap);
  });

  document.addEventListener("pointerout", function (e) {
    if (e.pointerType === "touch") return;
    var wrap = wrapOf(e.target);
    if (!wrap || wrap.contains(e.relatedTarget)) return;
    if (hovered === wrap) hovered = null;
    release(wrap, CLOSE_DELAY);
  });

  document.addEventListener("focusin", function (e) {
    var wrap = wrapOf(e.target);
    if (!wrap || e.target !== triggerOf(wrap)) return;
    var visible = true;
    try { visible = e.target.matches(":focus-visible"); } catch (err) { /* old browser */ }
    if (!visible) return; // a tap or click: the click handler decides
    focused = wrap;
    if (!(open && toggled)) show(wrap);
  });

  document.addEventListener("focusout", function (e) {
    var wrap = wrapOf(e.target);
    if (!wrap || wrap.contains(e.relatedTarget)) return;
    if (focused === wrap) focused = null;
    release(wrap, 0);
  });

  document.addEventListener("click", function (e) {
    var wrap = wrapOf(e.target);
    // e.detail is 0 for a click made with the keyboard: let Enter follow the link.
    if (!wrap || e.target.closest(".tooltip") || e.detail === 0 || !isTouch()) return;
    if (!e.target.closest(".term, .cite-link")) return;
    e.preventDefault();
    toggle(wrap);
  });

  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && open) {
      // Close without moving focus or scrolling; reopen on the next hover or focus.
      hide();
    }
  });

  window.addEventListener("scroll", reposition, { passive: true, capture: true });
  window.addEventListener("resize", reposition, { passive: true });

  /* --------------------------------------------------------- tier switcher */

  // The section the reader is in: the last h2/h3 with an id whose top is
  // above the top of the viewport (below the switcher bar when it sticks
  // there), plus a little.
  function currentSection(bar) {
    var box = bar.getBoundingClientRect();
    var limit = (box.top <= 1 ? box.bottom : 0) + 48;
    var headings = document.querySelectorAll(".prose h2[id], .prose h3[id]");
    var id = "";
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top > limit) break;
      id = headings[i].id;
    }
    return id;
  }

  document.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var link = e.target.closest ? e.target.closest(".tier-option[data-sections]") : null;
    if (!link) return;
    var id = currentSection(link.closest(".tier-switcher") || link);
    if (!id || (" " + link.getAttribute("data-sections") + " ").indexOf(" " + id + " ") < 0) return;
    e.preventDefault();
    window.location.href = link.href.split("#")[0] + "#" + encodeURIComponent(id);
  });

  /* ---------------------------------------------------------------- search */

  // The index (src/render/search/, version 4): search/meta.json names the
  // token buckets; a bucket search/t/<key>.json = {token: [postings, top]} holds
  // the tokens whose longest listed key begins them, `postings` being groups
  // "score:tier+1:ids" (ids as base-36 gaps) joined by ";" and `top` the display
  // records [id, title, url, tier, kind, context] of the token's best entries;
  // record files search/e/<n>.json = [[title, url, tier, kind, context], ...]
  // hold ids n * slots onwards. A query fetches the bucket of each of its words,
  // intersects (AND) and sums the scores, keeps the filter's tier, and then
  // fetches only the record files of the results shown that no bucket carried.
  // The last word matches as a prefix while it is being typed.
  (function () {
    var host = document.querySelector(".site-search[data-search-root]");
    if (!host || !window.fetch || !Array.from || !"".normalize) return;
    var SPLIT;
    try {
      SPLIT = new RegExp("[^\\p{Alphabetic}\\p{N}\\p{M}]+", "u");
    } catch (err) {
      return; // too old a browser: keep the link to the glossary
    }
    var PIECES = new RegExp("([^\\p{Alphabetic}\\p{N}\\p{M}]+)", "u");
    var LIMIT = 20;      // results shown
    var DEBOUNCE = 60;   // ms after the last keystroke
    var ANNOUNCE = 450;  // ms of calm before the result count is announced

    // Mirrors tokens() and slug::fold() in Rust: split on what is not a letter
    // or digit, lower-case, fold the common Latin accents and Greek accents,
    // drop one-character words and, unless the index keeps them (a site not in
    // English), English stop words.
    var STOP = Object.create(null);
    ("a an and are as at be by for from how in is it its of on or the this to " +
      "was what when which why with").split(" ").forEach(function (w) { STOP[w] = true; });
    var FOLD = Object.create(null);
    [["àáâãäåÀÁÂÃÄÅ", "a"], ["æÆ", "ae"], ["çÇ", "c"], ["èéêëÈÉÊË", "e"], ["ìíîïÌÍÎÏ", "i"],
      ["ñÑ", "n"], ["òóôõöøÒÓÔÕÖØ", "o"], ["ùúûüÙÚÛÜ", "u"], ["ýÿÝ", "y"], ["ß", "ss"], ["œŒ", "oe"],
      ["ς", "σ"]]
      .forEach(function (pair) {
        Array.from(pair[0]).forEach(function (c) { FOLD[c] = pair[1]; });
      });
    // Mirrors prepare() in tokens.rs: Greek without accents, breathings and
    // diaeresis, a Turkish İ without its dot, the micro sign as μ; composed.
    var GREEK_MARKS = /([\u0370-\u03ff\u1f00-\u1fff])[\u0300-\u036f]+/g;
    function prepare(text) {
      return text.normalize("NFD").replace(GREEK_MARKS, "$1").replace(/([iI])\u0307/g, "$1")
        .replace(/\u00b5/g, "\u03bc").normalize("NFC");
    }
    function fold(word) {
      // The whole word lower-cased first, as Rust does: a Greek capital sigma at
      // its end becomes "ς" (then "σ").
      return Array.from(prepare(word).toLowerCase()).map(function (c) { return FOLD[c] || c; }).join("");
    }
    function length(word) {
      return Array.from(word).length;
    }
    function shardOf(token) {
      var key = Array.from(token).slice(0, 2).join("");
      return /^[a-z0-9]+$/.test(key) ? key : "_";
    }
    function own(object, key) {
      return Object.prototype.hasOwnProperty.call(object, key);
    }

    // The words of a query: complete ones must match a token exactly; the last
    // one, unless a space follows it, matches every token it begins.
    function isStop(token) {
      return !(meta && meta.keeps_stopwords) && STOP[token] === true;
    }
    // Mirrors stem_english() in tokens.rs, on an English site: a plural is its
    // singular (-sses → -ss, -ies → -i, -s → nothing but after s, u or i), then -y
    // after a consonant is -i. Words of three letters or fewer stay.
    function stem(token) {
      if ((meta && meta.keeps_stopwords) || token.length <= 3 || /[^\x00-\x7f]/.test(token)) return token;
      if (/sses$/.test(token)) token = token.slice(0, -2);
      else if (/ies$/.test(token) && token.length >= 5) token = token.slice(0, -2);
      else if (/s$/.test(token) && !/(ss|us|is)$/.test(token)) token = token.slice(0, -1);
      if (token.length >= 3 && /[^aeiouy]y$/.test(token)) token = token.slice(0, -1) + "i";
      return token;
    }

    function parse(query) {
      var parts = prepare(query).split(SPLIT);
      var complete = parts[parts.length - 1] === "";
      var raw = parts.filter(Boolean);
      var q = { exact: [], prefix: "", short: false };
      raw.forEach(function (word, i) {
        var t = fold(word);
        if (i === raw.length - 1 && !complete) {
          if (length(t) >= 2) q.prefix = stem(t);
          else q.short = true;
        } else if (length(t) >= 2 && !isStop(t) && q.exact.indexOf(stem(t)) < 0) {
          q.exact.push(stem(t));
        }
      });
      return q;
    }

    /* Fetching, each file at most once. */

    var base = host.getAttribute("data-search-root");
    if (base.slice(-1) !== "/") base += "/";
    var cache = {};
    function load(path) {
      if (!cache[path]) {
        cache[path] = fetch(base + path, { credentials: "same-origin" }).then(function (r) {
          if (!r.ok) throw new Error(path + ": HTTP " + r.status);
          return r.json();
        });
        cache[path].catch(function () { delete cache[path]; });
      }
      return cache[path];
    }
    var meta = null; // {tiers, buckets: {key: true}, keys: [key], slots, keeps_stopwords}
    function loadMeta() {
      return load("meta.json").then(function (m) {
        if (!meta) {
          if (m.version !== 4) throw new Error("search index version " + m.version);
          meta = { tiers: m.tiers || [], buckets: Object.create(null), keys: m.buckets || [], slots: m.slots, keeps_stopwords: m.keeps_stopwords === true };
          meta.keys.forEach(function (k) { meta.buckets[k] = true; });
        }
        return meta;
      });
    }

    // The bucket of a token: the longest key that begins it (search.rs: bucket_of).
    function bucketOf(token) {
      var shard = shardOf(token);
      if (shard === "_") return meta.buckets._ ? "_" : null;
      var safe = /^[a-z0-9]*/.exec(token)[0];
      for (var n = safe.length; n >= 2; n--) {
        if (meta.buckets[safe.slice(0, n)]) return safe.slice(0, n);
      }
      return null;
    }
    // The buckets that may hold a token beginning with `prefix`: its own and
    // those whose key extends it.
    function bucketsOf(prefix) {
      var found = [];
      var own = bucketOf(prefix);
      if (own) found.push(own);
      if (shardOf(prefix) !== "_") {
        meta.keys.forEach(function (k) {
          if (k.length > prefix.length && k.lastIndexOf(prefix, 0) === 0) found.push(k);
        });
      }
      return found;
    }

    var records = Object.create(null); // id → [title, url, tier, kind, context]
    var tierOf = Object.create(null);  // id → tier, for every posting read
    var decoded = Object.create(null); // bucket key + token → {id: score}
    function loadBucket(key) {
      return load("t/" + key + ".json").then(function (bucket) {
        Object.keys(bucket).forEach(function (token) {
          bucket[token][1].forEach(function (r) { records[r[0]] = r.slice(1); });
        });
        return bucket;
      });
    }
    // {id: score} of one token of a bucket (decoded once).
    function scores(key, bucket, token) {
      var k = key + "\u0000" + token;
      if (decoded[k]) return decoded[k];
      var hits = Object.create(null);
      bucket[token][0].split(";").forEach(function (group) {
        var parts = group.split(":");
        var score = +parts[0];
        var tier = parts[1] - 1;
        var id = 0;
        parts[2].split(",").forEach(function (gap) {
          id += parseInt(gap, 36);
          hits[id] = score;
          tierOf[id] = tier;
        });
      });
      decoded[k] = hits;
      return hits;
    }

    // {entry: score} of one word: the best of the tokens it matches. While the
    // word is being typed, a token it only begins counts half: the word itself
    // ("insulin") before the longer words it may become ("insulinoma").
    function postings(buckets, word, prefix) {
      var hits = Object.create(null);
      var add = function (key, bucket, token, factor) {
        var s = scores(key, bucket, token);
        for (var id in s) {
          var v = s[id] * factor;
          if (!(id in hits) || hits[id] < v) hits[id] = v;
        }
      };
      if (!prefix) {
        var key = bucketOf(word);
        if (key && buckets[key] && own(buckets[key], word)) add(key, buckets[key], word, 1);
      } else {
        bucketsOf(word).forEach(function (key) {
          var bucket = buckets[key];
          if (!bucket) return;
          Object.keys(bucket).forEach(function (token) {
            if (token.lastIndexOf(word, 0) === 0) add(key, bucket, token, token === word ? 1 : 0.5);
          });
        });
      }
      return hits;
    }

    // Ranked [[entry, score], ...] for the words (AND, scores summed), of `tier`
    // (-1: all).
    function rank(words, buckets, tier) {
      var total = null;
      for (var i = 0; i < words.length; i++) {
        var hits = postings(buckets, words[i].token, words[i].prefix);
        if (total === null) {
          total = hits;
        } else {
          var next = Object.create(null);
          for (var id in total) if (id in hits) next[id] = total[id] + hits[id];
          total = next;
        }
      }
      return Object.keys(total || {})
        .filter(function (id) { return tier < 0 || tierOf[id] === tier; })
        .map(function (id) { return [+id, total[id]]; })
        .sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    }

    // The first LIMIT ranked results with their records, fetching the record
    // files of those that no bucket carried.
    function resolve(ranked) {
      var best = ranked.slice(0, LIMIT);
      var files = {};
      best.forEach(function (r) {
        if (!records[r[0]]) files[Math.floor(r[0] / meta.slots)] = true;
      });
      return Promise.all(Object.keys(files).map(function (n) {
        return load("e/" + n + ".json").then(function (rows) {
          rows.forEach(function (row, i) { records[n * meta.slots + i] = row; });
        });
      })).then(function () {
        return best.filter(function (r) { return records[r[0]]; }).map(function (r) {
          var row = records[r[0]];
          return { id: r[0], score: r[1], title: row[0], url: row[1], tier: row[2], kind: row[3], context: row[4] || "" };
        });
      });
    }

    // Everything a query needs: {hits, more, words}.
    function run(query, tier) {
      return loadMeta().then(function () {
        var q = parse(query);
        var words = q.exact.map(function (t) { return { token: t, prefix: false }; });
        if (q.prefix) words.push({ token: q.prefix, prefix: true });
        if (!words.length) return { hits: [], more: false, words: words, short: q.short && !q.exact.length };
        var keys = {};
        var missing = false;
        words.forEach(function (w) {
          var found = w.prefix ? bucketsOf(w.token) : [bucketOf(w.token)].filter(Boolean);
          found.forEach(function (k) { keys[k] = true; });
          if (!found.length) missing = missing || !(w.prefix && isStop(w.token));
        });
        if (missing) return { hits: [], more: false, words: words };
        var buckets = {};
        return Promise.all(Object.keys(keys).map(function (k) {
          return loadBucket(k).then(function (b) { buckets[k] = b; });
        })).then(function () {
          var ranked = rank(words, buckets, tier);
          // A stop word being typed last ("insulin and") must not empty the results.
          if (!ranked.length && q.prefix && isStop(q.prefix) && words.length > 1) {
            words = words.slice(0, -1);
            ranked = rank(words, buckets, tier);
          }
          return resolve(ranked).then(function (hits) {
            return { hits: hits, more: ranked.length > hits.length, total: ranked.length, words: words };
          });
        });
      });
    }

    /* The search box. */

    function el(tag, attrs, text) {
      var e = document.createElement(tag);
      for (var k in attrs) if (own(attrs, k)) e.setAttribute(k, attrs[k]);
      if (text) e.textContent = text;
      return e;
    }

    var fallback = host.querySelector("a");
    var glossaryUrl = fallback ? fallback.getAttribute("href") : "";
    var form = el("form", { role: "search", "class": "search-form", "aria-label": say("site_nav") });
    var field = el("div", { "class": "search-field" });
    // A text field with role combobox, as in the WAI-ARIA practices: HTML does
    // not allow that role on type=search; inputmode gives the search keyboard.
    var input = el("input", {
      type: "text", inputmode: "search", id: "site-search-input", "class": "search-input", name: "q",
      role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
      "aria-controls": "site-search-results", autocomplete: "off", autocapitalize: "none",
      spellcheck: "false", enterkeyhint: "go", placeholder: say("search"),
    });
    var filter = el("select", { id: "site-search-tier", "class": "search-tier" });
    filter.appendChild(el("option", { value: "-1" }, say("search_all_depths")));
    var status = el("p", { "class": "visually-hidden", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    var panel = el("div", { "class": "search-panel", hidden: "" });
    var note = el("p", { "class": "search-note", id: "site-search-note" });
    var list = el("div", { role: "listbox", id: "site-search-results", "class": "search-results", "aria-label": say("search_results") });
    field.appendChild(el("label", { "for": "site-search-input", "class": "visually-hidden" }, say("search_label")));
    field.appendChild(input);
    form.appendChild(field);
    form.appendChild(el("label", { "for": "site-search-tier", "class": "visually-hidden" }, say("depth")));
    form.appendChild(filter);
    panel.appendChild(note);
    panel.appendChild(list);
    if (glossaryUrl) {
      // Also what makes the scrolling panel reachable from the keyboard by Tab.
      var more = el("p", { "class": "search-more" });
      more.appendChild(el("a", { href: glossaryUrl }, say("browse_glossary")));
      panel.appendChild(more);
    }
    form.appendChild(panel);
    form.appendChild(status);
    host.textContent = "";
    host.appendChild(form);
    host.classList.add("is-enhanced");

    var tiersShown = false;
    function addTiers() {
      if (tiersShown || !meta) return;
      tiersShown = true;
      meta.tiers.forEach(function (label, i) { filter.appendChild(el("option", { value: String(i) }, label)); });
    }
    // The tier labels are known only from meta.json: fetch it as soon as the
    // reader shows an interest in searching.
    function warm() {
      loadMeta().then(addTiers, function () {});
    }
    form.addEventListener("pointerenter", warm);
    form.addEventListener("focusin", warm);

    var seq = 0;
    var timer = 0;
    var announceTimer = 0;
    var options = [];
    var active = -1;
    var lastQuery = null;
    var enterPending = false;

    function isOpen() {
      return !panel.hidden;
    }
    function openPanel() {
      if (!note.textContent) return;
      panel.hidden = false;
      input.setAttribute("aria-expanded", "true");
      placePanel();
    }
    // Below the box, shifted towards the line's start when its end would run out
    // of the viewport (left in a left-to-right page, right in a right-to-left one).
    function placePanel() {
      if (panel.hidden) return;
      panel.style.left = panel.style.right = "";
      var box = panel.getBoundingClientRect();
      var formBox = form.getBoundingClientRect();
      if (rtl()) {
        var under = MARGIN - box.left;
        if (under > 0) {
          var right = Math.max(MARGIN - (root.clientWidth - formBox.right), -under - 1);
          panel.style.right = Math.round(right) + "px";
        }
        return;
      }
      var over = box.right - (root.clientWidth - MARGIN);
      if (over > 0) {
        var left = Math.max(MARGIN - formBox.left, -over - 1);
        panel.style.left = Math.round(left) + "px";
      }
    }
    window.addEventListener("resize", placePanel, { passive: true });
    function closePanel() {
      panel.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }
    function setActive(i) {
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "false");
        options[active].classList.remove("is-active");
      }
      active = i;
      if (i < 0 || !options[i]) {
        active = -1;
        input.removeAttribute("aria-activedescendant");
        return;
      }
      options[i].setAttribute("aria-selected", "true");
      options[i].classList.add("is-active");
      input.setAttribute("aria-activedescendant", options[i].id);
      scrollIntoList(options[i], i);
    }
    function scrollIntoList(option, i) {
      // The first option of a group brings its label into view too.
      var group = option.parentNode;
      var top = (option === group.children[1] ? group : option).offsetTop;
      var bottom = option.offsetTop + option.offsetHeight;
      if (i === 0) top = 0;
      if (top < panel.scrollTop) panel.scrollTop = top;
      else if (bottom > panel.scrollTop + panel.clientHeight) panel.scrollTop = bottom - panel.clientHeight;
    }
    function follow(option) {
      var url = option.getAttribute("data-url");
      closePanel();
      var target = new URL(url, window.location.href);
      var here = window.location;
      if (target.pathname !== here.pathname || target.search !== here.search || !target.hash) {
        here.assign(target.href);
        return;
      }
      // A section of this page: go there and take the focus along, so that
      // the keyboard continues from the section rather than from the header.
      var node = document.getElementById(decodeURIComponent(target.hash.slice(1)));
      if (target.hash !== here.hash) here.hash = target.hash;
      else if (node) node.scrollIntoView();
      if (node) {
        if (!node.hasAttribute("tabindex")) node.setAttribute("tabindex", "-1");
        node.focus({ preventScroll: true });
      }
    }

    function announce(text) {
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () { status.textContent = text; }, ANNOUNCE);
    }

    // Title with the matched words marked.
    function marked(text, words) {
      var frag = document.createDocumentFragment();
      text.split(PIECES).forEach(function (piece, i) {
        if (!piece) return;
        var hit = false;
        if (i % 2 === 0) {
          var t = stem(fold(piece));
          hit = words.some(function (w) { return w.prefix ? t.lastIndexOf(w.token, 0) === 0 : t === w.token; });
        }
        if (hit) frag.appendChild(el("mark", {}, piece));
        else frag.appendChild(document.createTextNode(piece));
      });
      return frag;
    }

    var GROUPS_OTHER = say("search_other");
    function groupOf(hit) {
      if (hit.kind === "term") return { key: "g", label: say("glossary"), order: 1000, cls: "search-group-glossary" };
      if (hit.tier >= 0 && hit.tier < meta.tiers.length) {
        var label = meta.tiers[hit.tier];
        return { key: "t" + hit.tier, label: label, order: hit.tier, cls: "tier-" + fold(label).replace(/[^a-z0-9]+/g, "-") };
      }
      return { key: "o", label: GROUPS_OTHER, order: 1001, cls: "search-group-other" };
    }

    function render(query, tier, result) {
      list.removeAttribute("aria-busy");
      list.setAttribute("data-query", query);
      list.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      var hits = result.hits;
      var tierName = tier >= 0 ? meta.tiers[tier] : "";
      if (!hits.length) {
        note.textContent = "";
        if (result.short) {
          note.textContent = say("search_too_short");
          announce("");
        } else {
          var none = { query: query.trim(), depth: tierName };
          note.textContent = say(tierName ? "search_none_at_depth" : "search_none", none);
          announce(say(tierName ? "search_none_short_at_depth" : "search_none_short", none));
        }
        return;
      }
      var groups = {};
      var order = [];
      hits.forEach(function (hit) {
        var g = groupOf(hit);
        if (!groups[g.key]) {
          groups[g.key] = { info: g, hits: [] };
          order.push(g.key);
        }
        groups[g.key].hits.push(hit);
      });
      order.sort(function (a, b) { return groups[a].info.order - groups[b].info.order; });
      var n = 0;
      var counts = [];
      order.forEach(function (key, gi) {
        var g = groups[key];
        var labelId = "site-search-group-" + gi;
        var box = el("div", { role: "group", "aria-labelledby": labelId, "class": "search-group " + g.info.cls });
        box.appendChild(el("div", { role: "presentation", id: labelId, "class": "search-group-label" }, g.info.label));
        g.hits.forEach(function (hit) {
          var option = el("div", { role: "option", id: "site-search-option-" + n, "aria-selected": "false", "class": "search-option search-kind-" + hit.kind, "data-url": hit.url });
          var title = el("span", { "class": "search-option-title" });
          title.appendChild(marked(hit.title, result.words));
          option.appendChild(title);
          var context = hit.kind === "section" && hit.context ? say("search_in", { section: hit.context }) : hit.context;
          if (context) option.appendChild(el("span", { "class": "search-option-context" }, context));
          box.appendChild(option);
          options.push(option);
          n++;
        });
        list.appendChild(box);
        counts.push(g.info.label + " " + g.hits.length);
      });
      var summary = say(result.more ? "search_count_best" : "search_count", { count: hits.length, total: result.total });
      if (tierName) summary = say("search_at_depth", { results: summary, depth: tierName });
      note.textContent = summary;
      announce(summary + ": " + counts.join(", ") + ".");
    }

    function search() {
      clearTimeout(timer);
      var query = input.value;
      var tier = parseInt(filter.value, 10);
      var key = tier + "\u0000" + query;
      if (key === lastQuery && !enterPending) {
        openPanel();
        return;
      }
      var my = ++seq;
      list.setAttribute("aria-busy", "true");
      if (!query.trim()) {
        lastQuery = key;
        list.removeAttribute("aria-busy");
        list.setAttribute("data-query", "");
        list.textContent = "";
        note.textContent = "";
        options = [];
        closePanel();
        announce("");
        return;
      }
      run(query, tier).then(function (result) {
        if (my !== seq) return;
        addTiers();
        lastQuery = key;
        render(query, tier, result);
        if (document.activeElement === input || document.activeElement === filter || enterPending) openPanel();
        if (enterPending) {
          enterPending = false;
          if (options.length) follow(options[0]);
        }
      }, function () {
        if (my !== seq) return;
        lastQuery = null;
        enterPending = false;
        list.removeAttribute("aria-busy");
        list.setAttribute("data-query", query);
        list.textContent = "";
        options = [];
        note.textContent = say("search_unavailable");
        announce(say("search_unavailable"));
        openPanel();
      });
    }

    input.addEventListener("input", function () {
      enterPending = false;
      clearTimeout(timer);
      timer = setTimeout(search, DEBOUNCE);
    });
    input.addEventListener("focus", function () {
      form.classList.add("is-focused");
    });
    input.addEventListener("blur", function () {
      form.classList.remove("is-focused");
    });
    input.addEventListener("click", function () {
      if (input.value.trim() && !isOpen()) search();
    });
    filter.addEventListener("change", function () {
      search();
    });

    input.addEventListener("keydown", function (e) {
      if (e.isComposing) return;
      switch (e.key) {
        case "ArrowDown":
        case "Down":
          e.preventDefault();
          if (!isOpen()) {
            search();
            if (isOpen() && options.length) setActive(0);
          } else if (options.length) {
            setActive(active + 1 < options.length ? active + 1 : 0);
          }
          break;
        case "ArrowUp":
        case "Up":
          e.preventDefault();
          if (!isOpen()) {
            search();
            if (isOpen() && options.length) setActive(options.length - 1);
          } else if (options.length) {
            setActive(active > 0 ? active - 1 : options.length - 1);
          }
          break;
        case "Enter":
          e.preventDefault();
          if (isOpen() && active >= 0) {
            follow(options[active]);
          } else if (input.value.trim()) {
            // Follow the best result, once the results for what was typed are in.
            var current = parseInt(filter.value, 10) + "\u0000" + input.value;
            if (current === lastQuery && options.length) follow(options[0]);
            else if (current !== lastQuery) {
              enterPending = true;
              search();
            }
          }
          break;
        case "Escape":
        case "Esc":
          // First Escape closes the results; the next one empties the field.
          e.preventDefault();
          if (isOpen()) closePanel();
          else if (input.value) {
            input.value = "";
            search();
          }
          break;
      }
    });
    filter.addEventListener("keydown", function (e) {
      if ((e.key === "Escape" || e.key === "Esc") && isOpen()) {
        e.preventDefault();
        closePanel();
      }
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
    });

    // Clicking a result follows it; the field keeps the focus meanwhile.
    panel.addEventListener("mousedown", function (e) {
      if (!e.target.closest("a")) e.preventDefault();
    });
    list.addEventListener("click", function (e) {
      var option = e.target.closest('[role="option"]');
      if (option) follow(option);
    });
    host.addEventListener("focusout", function (e) {
      if (!host.contains(e.relatedTarget)) closePanel();
    });
    document.addEventListener("pointerdown", function (e) {
      if (isOpen() && !host.contains(e.target)) closePanel();
    });
  })();
})();
