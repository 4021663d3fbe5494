// Search page: full-text search (Pagefind, accent-blind) combined with facets.
// The query and the filters live in the URL (?q=…&impact=mobilite&region=…),
// so a search can be shared, linked and reopened.
// Within a group values combine with OR, between groups with AND. Each value shows the
// count it would give if ticked: a group's counts come from the search without that
// group's own filter (one extra search per active group).
// Each word of a query is checked first (`interpret`): Pagefind, given a word no page holds,
// searches the longest indexed word starting it instead (« Metz » would find « met »). A word
// no case holds is corrected to the nearest indexed word when it is a small typo (the
// vocabulary, mots.txt, read then), else the query answers « Aucun cas » with ways on.
// Results come 20 at a time (« Afficher plus »); the number shown and the scroll position are
// kept in the history entry, so that Back returns to the same place.
(function () {
  "use strict";
  // This script runs from the page's head, as soon as it is fetched (async): it starts loading the
  // facets' labels and Pagefind at once (issue 29, a first result soon on a slow network), and wires
  // the page once its content is parsed (whenParsed). The addresses it loads come from its own tag.
  var script = document.currentScript;
  var root = new URL(script.getAttribute("data-racine") || "./", location.href);
  var form, input, facetsBox, status, list, toggle, active, chips, more, help, see;  // the page's, once parsed
  var pagefind = null;
  var facets = [];
  var totals = null;  // counts over the whole base (values absent from it are not offered); null until loaded
  var PAGE_SIZE = 20;
  var current = null;  // the last search: {state, results, shown, meaning, found}
  var known = {};  // folded word -> promise: whether some case holds it (a quoted search, exact)
  var vocabulary = null;  // a promise of the indexed words, most frequent first
  var restoring = null;  // {shown, scroll} of the history entry being reopened
  var runs = 0;  // searches asked for (run): only the last one asked is shown
  var latest = null;  // the promise of the last search asked for (run)
  var searched = false;  // whether a search has ended: Pagefind's WebAssembly is in, it fetches chunks itself
  var preloaded = {};  // chunk hash -> true: the chunks preloaded so far (preloadChunks)
  preloadChunks(new URLSearchParams(location.search).get("q") || "");

  // The facets' labels and Pagefind (its script, then its index's entry, metadata and WebAssembly),
  // loaded at once, all preloaded by the page. Pagefind runs in this thread: a worker would be one
  // more script to fetch before the first search.
  var ready = Promise.all([
    fetch(new URL(script.getAttribute("data-facettes"), root)).then(function (r) { return r.json(); }),
    import(new URL(script.getAttribute("data-index"), root).href).then(function (module) {
      // A word of a case's title outranks the same word in another case's text.
      var options = { noWorker: true, baseUrl: root.pathname, ranking: { metaWeights: { title: 10 } } };
      // The entry at the address the page preloads (its hash: a new index, a new address), not one
      // of Pagefind's own that changes on each visit.
      var entry = document.getElementById("index-entree");
      var tag = entry && new URL(entry.href).searchParams.get("ts");
      if (tag) options.metaCacheTag = tag;
      return module.options(options)
        .then(function () { return module.init(); })
        .then(function () { pagefind = module; });
    })
  ]).then(function (both) { facets = both[0]; });

  // The chunks of a larger word index that the query in the address needs, fetched with Pagefind's
  // WebAssembly rather than once it is in and asks for them (issue 29). The page lists the chunks'
  // word ranges (search.py, before this script's tag); a word's chunk is the first whose range holds
  // it, else, when no word has one, the first whose range holds its start: Pagefind's own choice
  // (request_indexes). A wrong guess costs one fetch, never a result. A query sent or typed before a
  // first search has ended (run, the field) has its chunks preloaded the same way.
  function preloadChunks(q) {
    var listed = document.getElementById("index-morceaux");
    var words = wordsOf(q);
    if (!listed || !words.length) return;
    var chunks = JSON.parse(listed.textContent);
    function holding(word, loose) {
      return chunks.filter(function (c) {
        if (!loose) return word >= c[0] && word <= c[1];
        return word.slice(0, c[0].length) >= c[0].slice(0, word.length) &&
          word.slice(0, c[1].length) <= c[1].slice(0, word.length);
      })[0];
    }
    var wanted = words.map(function (w) { return holding(w, false); }).filter(Boolean);
    if (!wanted.length) wanted = words.map(function (w) { return holding(w, true); }).filter(Boolean);
    var index = new URL(script.getAttribute("data-index"), root);
    wanted.filter(function (c) { return !preloaded[c[2]] && (preloaded[c[2]] = true); }).forEach(function (c) {
      var link = document.createElement("link");
      link.rel = "preload";
      link.as = "fetch";
      link.crossOrigin = "anonymous";
      link.href = new URL("index/" + c[2] + ".pf_index", index).href;
      document.head.appendChild(link);
    });
  }

  // `then` once the page's content is parsed: its last element, « Afficher plus », is there.
  function whenParsed(then) {
    if (document.getElementById("recherche-plus") || document.readyState !== "loading") { then(); return; }
    var watch = new MutationObserver(function () {
      if (!document.getElementById("recherche-plus")) return;
      watch.disconnect();
      then();
    });
    watch.observe(document.documentElement, { childList: true, subtree: true });
  }

  function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function wordsOf(q) { return fold(q).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 1; }); }
  function address(attr) { return new URL(form.getAttribute(attr), root).href; }

  function holds(word) {
    if (!(word in known)) {
      known[word] = pagefind.search('"' + word + '"').then(function (r) { return r.results.length > 0; });
    }
    return known[word];
  }

  function indexedWords() {
    if (!vocabulary) {
      vocabulary = fetch(address("data-mots")).then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (text) { return text.split("\n").filter(Boolean); });
    }
    return vocabulary;
  }

  // Edit distance between `a` and `b` (Infinity beyond `limit`).
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return Infinity;
    var previous = [], row, i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      row = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        low = Math.min(low, row[j]);
      }
      if (low > limit) return Infinity;
      previous = row;
    }
    return previous[b.length] <= limit ? previous[b.length] : Infinity;
  }

  // What a word no case holds stands for: the word itself when it begins indexed words (4 letters or
  // more: typed in part), else the most frequent indexed word with the same first letter one letter
  // away (two from 9 letters, none under 6: « Tours » is not « tous »); null if none.
  function nearest(word, list) {
    var i;
    if (word.length >= 4) {
      for (i = 0; i < list.length; i++) if (list[i].indexOf(word) === 0) return { word: word, prefix: true };
    }
    if (word.length < 6) return null;
    var limit = word.length >= 9 ? 2 : 1;
    var found = null, best = limit + 1;
    for (i = 0; i < list.length && best > 1; i++) {
      if (list[i][0] !== word[0]) continue;  // a typo seldom falls on the first letter (« Tours » is not « cours »)
      var d = distance(word, list[i], limit);
      if (d < best) { best = d; found = list[i]; }
    }
    return found ? { word: found, prefix: false } : null;
  }

  // A query naming an intercommunality of the base, whole (« Métropole de Lyon », « plaine commune »:
  // accents and case aside) is a place, not words: the search of that intercommunality's filter,
  // ticked, and of the query's other words. Its name is not in the cases' text (« Lille » would find
  // every case of the Métropole européenne de Lille). Returns {state, place: {name, page}} or null.
  function placed(state) {
    var group = facets.filter(function (f) { return f.cle === "intercommunalite"; })[0];
    var words = wordsOf(state.q);
    if (!group || !words.length) return null;
    var best = null;
    Object.keys(group.valeurs).forEach(function (code) {
      var name = wordsOf(group.valeurs[code]);
      for (var at = 0; name.length && at + name.length <= words.length; at++) {
        var same = name.every(function (w, j) { return words[at + j] === w; });
        if (same && (!best || name.length > best.size)) best = { code: code, at: at, size: name.length };
      }
    });
    if (!best) return null;
    var typed = state.q.split(/[^\p{L}\p{N}]+/u).filter(function (w) { return fold(w).length > 1; });
    if (typed.length !== words.length) typed = words;
    var filters = {};
    Object.keys(state.filters).forEach(function (key) { filters[key] = state.filters[key]; });
    filters.intercommunalite = [best.code];
    return { state: { q: typed.slice(0, best.at).concat(typed.slice(best.at + best.size)).join(" "), filters: filters },
             place: { name: group.valeurs[best.code], page: group.pages && group.pages[best.code] } };
  }

  // The intercommunalities whose name holds one of `words` (words no case's text holds: « Lyon »), or
  // `every` one of them (a query no case answers: « Grand Paris »), to offer when nothing matches.
  function placesNaming(words, every) {
    var group = facets.filter(function (f) { return f.cle === "intercommunalite"; })[0];
    var folded = words.map(fold);
    if (!group || !folded.length) return [];
    return Object.keys(group.valeurs).filter(function (code) {
      var name = wordsOf(group.valeurs[code]);
      return folded[every ? "every" : "some"](function (w) { return name.indexOf(w) >= 0; });
    }).map(function (code) { return { name: group.valeurs[code], page: group.pages && group.pages[code] }; });
  }

  function nearPlaces(meaning) {
    var missing = meaning.missing || [];
    return missing.length ? placesNaming(missing, false) : placesNaming(wordsOf(meaning.query || ""), true);
  }

  // What a query asks of the index: {query (null: no case can match it), corrections, missing}.
  function interpret(q) {
    var list = wordsOf(q);
    var typed = q.split(/[^\p{L}\p{N}]+/u).filter(function (w) { return fold(w).length > 1; });  // as the reader wrote them
    if (typed.length !== list.length) typed = list;
    if (!list.length) return Promise.resolve({ query: q.trim() ? null : "", corrections: [], missing: q.trim() ? [q.trim()] : [] });
    return Promise.all(list.map(holds)).then(function (held) {
      if (held.every(Boolean)) return list.map(function (w) { return { word: w, exact: true }; });
      return indexedWords().then(function (indexed) {
        return list.map(function (w, i) {
          if (held[i]) return { word: w, exact: true };
          var near = nearest(w, indexed);
          return near ? { word: near.word, exact: false, from: typed[i], prefix: near.prefix } : { word: null, from: typed[i] };
        });
      });
    }).then(function (terms) {
      var missing = terms.filter(function (t) { return t.word === null; }).map(function (t) { return t.from; });
      var corrections = terms.filter(function (t) { return t.word && !t.exact && !t.prefix; })
        .map(function (t) { return [t.from, t.word]; });
      if (missing.length) return { query: null, corrections: corrections, missing: missing };
      // One whole word finds the cases holding it (its stem, not every word the stem begins: exact);
      // several find the cases holding them all.
      return { query: terms.map(function (t) { return t.word; }).join(" "), corrections: corrections, missing: [],
               exact: terms.length === 1 && !terms[0].prefix };
    });
  }


  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function casCount(n) { return n === 0 ? "aucun cas" : n + " cas"; }

  function stateFromUrl() {
    var params = new URLSearchParams(location.search);
    var filters = {};
    facets.forEach(function (f) {
      var values = params.getAll(f.cle).filter(function (v) { return v in f.valeurs; });
      if (values.length) filters[f.cle] = values;
    });
    return { q: params.get("q") || "", filters: filters };
  }

  function stateFromForm() {
    var filters = {};
    facetsBox.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      (filters[box.name] = filters[box.name] || []).push(box.value);
    });
    return { q: input.value.trim(), filters: filters };
  }

  function urlOf(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    facets.forEach(function (f) {
      (state.filters[f.cle] || []).forEach(function (v) { params.append(f.cle, v); });
    });
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  function pagefindFilters(filters, except) {
    var out = {};
    Object.keys(filters).forEach(function (key) { if (key !== except) out[key] = { any: filters[key] }; });
    return out;
  }

  function isEmpty(state) { return !state.q && !Object.keys(state.filters).length; }

  // A search of an interpreted query (`meaning`, from interpret); with neither words nor filters,
  // every case (a filter every case passes). An exact word: the cases (and counts) of Pagefind's
  // exact search, in the order of its ranked search (an exact search does not rank).
  function search(meaning, filters) {
    var q = meaning.query;
    if (q === null) return Promise.resolve({ results: [], filters: {} });
    if (!q && !Object.keys(filters).length) {
      var statut = facets.filter(function (f) { return f.cle === "statut"; })[0];
      filters = { statut: { any: Object.keys(statut.valeurs) } };
    }
    if (!meaning.exact) return pagefind.search(q || null, { filters: filters });
    return Promise.all([pagefind.search('"' + q + '"', { filters: filters }), pagefind.search(q, { filters: filters })])
      .then(function (both) {
        var exact = {};
        both[0].results.forEach(function (r) { exact[r.id] = r; });
        var ranked = both[1].results.filter(function (r) { return r.id in exact; });
        ranked.forEach(function (r) { delete exact[r.id]; });
        return { results: ranked.concat(Object.keys(exact).map(function (id) { return exact[id]; })),
                 filters: both[0].filters };
      });
  }

  // The facets are drawn once the filter index is loaded (loadFacets): until then, no count is known.
  function renderFacets(state, counts) {
    if (!totals) return;
    facetsBox.removeAttribute("aria-busy");
    var focused = document.activeElement && document.activeElement.id;
    facetsBox.textContent = "";
    facets.forEach(function (f) {
      var fieldset = el("fieldset");
      fieldset.appendChild(el("legend", {}, f.libelle));
      var shown = 0;
      Object.keys(f.valeurs).forEach(function (value) {
        var checked = (state.filters[f.cle] || []).indexOf(value) >= 0;
        if (!((totals[f.cle] || {})[value]) && !checked) return;
        shown += 1;
        var count = (counts[f.cle] || {})[value] || 0;
        var id = "f-" + f.cle + "-" + value;
        var label = el("label", { "for": id });
        var box = el("input", { type: "checkbox", id: id, name: f.cle, value: value });
        box.checked = checked;
        label.appendChild(box);
        label.appendChild(el("span", {}, f.valeurs[value]));
        label.appendChild(el("span", { "class": "recherche-compte" }, String(count)));
        label.lastChild.appendChild(el("span", { "class": "visuellement-cache" }, " cas"));
        fieldset.appendChild(label);
      });
      if (shown) facetsBox.appendChild(fieldset);
    });
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }

  function renderChips(state) {
    chips.textContent = "";
    var any = false;
    facets.forEach(function (f) {
      (state.filters[f.cle] || []).forEach(function (value) {
        any = true;
        var item = el("li");
        var chip = el("button", { type: "button", "class": "recherche-puce", "data-cle": f.cle, "data-valeur": value,
                                  "aria-label": "Retirer le filtre " + f.libelle + "\u00a0: " + f.valeurs[value] });
        chip.appendChild(el("span", {}, f.valeurs[value]));
        chip.appendChild(el("span", { "aria-hidden": "true", "class": "recherche-puce-x" }, "×"));
        item.appendChild(chip);
        chips.appendChild(item);
      });
    });
    active.hidden = !any && !state.q;
  }

  // Pagefind's excerpt is HTML with <mark>: keep only its text and its marks.
  function excerptNode(html) {
    var out = el("p", { "class": "recherche-extrait" });
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") out.appendChild(el("mark", {}, node.textContent));
      else out.appendChild(document.createTextNode(node.textContent));
    });
    return out;
  }

  function link(text, href) { return el("a", { href: href }, text); }

  function quoted(words) { return words.map(function (w) { return "«\u00a0" + w + "\u00a0»"; }).join(", "); }

  // Below the count: the corrections made, or where to look on when nothing matches.
  function renderHelp(total, meaning) {
    help.textContent = "";
    help.hidden = true;
    if (meaning.place) {
      help.appendChild(document.createTextNode("«\u00a0" + meaning.place.name + "\u00a0» est une intercommunalité\u00a0: " +
        "voici ses cas (filtre «\u00a0Intercommunalité\u00a0» coché)" + (meaning.place.page ? "\u00a0; voir aussi " : ".")));
      if (meaning.place.page) {
        help.appendChild(link("la page de " + meaning.place.name, new URL(meaning.place.page, root).href));
        help.appendChild(document.createTextNode("."));
      }
      help.hidden = false;
      if (total) return;
      help.appendChild(document.createTextNode(" "));
    }
    if (meaning.corrections.length && total) {
      help.appendChild(document.createTextNode("Aucun cas ne contient " +
        quoted(meaning.corrections.map(function (c) { return c[0]; })) + "\u00a0: résultats pour " +
        quoted(meaning.corrections.map(function (c) { return c[1]; })) + "."));
      help.hidden = false;
    }
    if (total) return;  // the status says « Aucun cas » once, naming the words no case holds
    var near = nearPlaces(meaning);
    if (near.length) {
      help.appendChild(document.createTextNode(near.length > 1 ? "Des intercommunalités de la base portent ce nom\u00a0: " :
        "Une intercommunalité de la base porte ce nom\u00a0: "));
      near.forEach(function (p, i) {
        if (i) help.appendChild(document.createTextNode(", "));
        help.appendChild(p.page ? link(p.name, new URL(p.page, root).href) : document.createTextNode(p.name));
      });
      help.appendChild(document.createTextNode(". "));
    }
    help.appendChild(document.createTextNode("Parcourez les "));
    help.appendChild(link("territoires", address("data-territoires")));
    help.appendChild(document.createTextNode(", la "));
    help.appendChild(link("carte des cas", address("data-carte")));
    help.appendChild(document.createTextNode(" ou "));
    help.appendChild(link("tous les cas", address("data-cas")));
    help.appendChild(document.createTextNode("."));
    help.hidden = false;
  }

  function renderStatus(total, shown, state, missing) {
    if (total === 0) {
      status.textContent = (missing && missing.length ? "Aucun cas de la base ne mentionne " + quoted(missing) + ". " :
        "Aucun cas ne correspond à cette recherche. ") + (Object.keys(state.filters).length ?
        "Essayez un autre mot ou retirez un filtre (ci-dessus)." : "Essayez un autre mot ou un mot plus court.");
      return;
    }
    var what = isEmpty(state) ? " dans la base" : (total > 1 ? " correspondent" : " correspond") + " à cette recherche";
    status.textContent = casCount(total) + what + (total > shown ? "\u00a0; " + shown + " affichés." : ".");
  }

  function item(data, state) {
    var node = el("li");
    var title = el("h2", { "class": "recherche-titre" });
    title.appendChild(el("a", { href: data.url }, (data.meta && data.meta.title) || data.url));
    node.appendChild(title);
    var meta = data.meta || {};
    if (meta.lieu || meta.categories) {
      node.appendChild(el("p", { "class": "recherche-lieu" }, [meta.lieu, meta.categories].filter(Boolean).join(" — ")));
    }
    if (state.q && data.excerpt) node.appendChild(excerptNode(data.excerpt));
    else if (meta.resume) node.appendChild(el("p", { "class": "recherche-resume" }, meta.resume));
    return node;
  }

  // Show the results up to the `upto`-th (those shown stay), each drawn as soon as it and those before
  // it are loaded (the first does not wait for the twentieth); then the count and « Afficher plus ».
  function showUpTo(upto) {
    var shown = current;
    var slice = shown.results.slice(list.children.length, upto);
    more.hidden = true;  // not clicked again while these load
    var drawn = Promise.resolve();
    slice.map(function (r) { return r.data(); }).forEach(function (loading) {
      drawn = drawn.then(function () { return loading; }).then(function (data) {
        if (shown === current) list.appendChild(item(data, shown.state));
      });
    });
    return drawn.then(function () {
      if (shown !== current) return;
      shown.shown = list.children.length;
      var left = shown.results.length - shown.shown;
      more.hidden = left <= 0;
      more.textContent = "Afficher " + (left > PAGE_SIZE ? PAGE_SIZE + " cas de plus (" + left + " restants)"
        : (left > 1 ? "les " + left + " derniers cas" : "le dernier cas"));
      renderStatus(shown.results.length, shown.shown, shown.state, shown.meaning.missing);
      remember();
    });
  }

  // The history entry keeps how many results are shown and where the page is scrolled.
  function remember() {
    if (!current) return;
    try {
      history.replaceState({ shown: current.shown, scroll: window.scrollY }, "");
    } catch (e) { /* too many calls at once: the next one keeps it */ }
  }

  // What each facet value would give if ticked: the counts of the search `found`, and for each group
  // filtered, of the search without that group's filter.
  function countsOf(state, meaning, found) {
    var groups = Object.keys(state.filters);
    return Promise.all(groups.map(function (key) { return search(meaning, pagefindFilters(state.filters, key)); }))
      .then(function (others) {
        var counts = {};
        Object.keys(found.filters || {}).forEach(function (key) { counts[key] = found.filters[key]; });
        groups.forEach(function (key, i) { counts[key] = (others[i].filters || {})[key] || {}; });
        return counts;
      });
  }

  // Search `state` and show it, unless a later search was asked for meanwhile (a query sent while the
  // page's first search loads: the later wins, whichever ends first). The field keeps what the reader
  // is typing in it.
  function run(state, push) {
    var mine = ++runs;
    var place = placed(state);
    if (place) {
      state = place.state;
      input.value = state.q;  // the place is now a ticked filter, not words of the field
      if (!push) history.replaceState(history.state, "", urlOf(state));
    }
    if (push) history.pushState(null, "", urlOf(state));
    if (document.activeElement !== input) input.value = state.q;
    if (!searched) preloadChunks(state.q);
    return latest = ready.then(function () { return interpret(state.q); }).then(function (meaning) {
      meaning.place = place && place.place;
      return search(meaning, pagefindFilters(state.filters)).then(function (found) {
        searched = true;
        return countsOf(state, meaning, found).then(function (counts) { return [found, counts]; });
      }).then(function (both) {
        if (mine !== runs) return;
        var found = both[0];
        var back = restoring;
        restoring = null;
        var total = found.results.length;
        current = { state: state, results: found.results, shown: 0, meaning: meaning, found: found };
        list.textContent = "";
        renderFacets(state, both[1]);
        renderChips(state);
        renderHelp(total, meaning);
        see.textContent = total ? "Voir " + (total > 1 ? "les " + total + " cas" : "le cas") : "Aucun cas\u00a0: voir pourquoi";
        see.hidden = false;
        if (!total) { more.hidden = true; renderStatus(0, 0, state, meaning.missing); }
        var upto = back && back.shown > PAGE_SIZE ? back.shown : PAGE_SIZE;
        return showUpTo(upto).then(function () {
          if (back && typeof back.scroll === "number") window.scrollTo(0, back.scroll);
        });
      });
    });
  }

  // Once the first results are shown: the whole filter index (its counts over the base say which
  // values to offer), then the facets of the search shown, counted again.
  function loadFacets() {
    return pagefind.filters().then(function (all) {
      totals = all || {};
      var shown = current;
      if (!shown) return;
      // The search again, now that every filter is loaded (its index chunks are: no download).
      return search(shown.meaning, pagefindFilters(shown.state.filters)).then(function (found) {
        return countsOf(shown.state, shown.meaning, found);
      }).then(function (counts) {
        if (shown === current) renderFacets(shown.state, counts);
      });
    });
  }

  // The theme's scripts (its bundle, then the site's own), kept inert in the page's <template
  // id="scripts-differes"> so that they do not share a slow connection with the first search, run
  // once the first results are drawn, in their order. They wait for DOMContentLoaded, which has
  // passed by then: the listeners of it they add while they load are called once the last has run,
  // as the page would have called them.
  var themeStarted = false;
  function startTheme() {
    var kept = document.getElementById("scripts-differes");
    if (themeStarted || !kept) return;
    themeStarted = true;
    var scripts = Array.prototype.slice.call(kept.content.querySelectorAll("script[src]"));
    var late = [];
    var left = scripts.length;
    document.addEventListener = function (type, listener, options) {
      if (type === "DOMContentLoaded") { late.push(listener); return; }
      return EventTarget.prototype.addEventListener.call(this, type, listener, options);
    };
    function ran() {
      if (--left) return;
      delete document.addEventListener;
      var event = new Event("DOMContentLoaded");
      late.forEach(function (listener) {
        if (typeof listener === "function") listener.call(document, event);
        else if (listener && listener.handleEvent) listener.handleEvent(event);
      });
    }
    scripts.forEach(function (inert) {
      var live = document.createElement("script");
      Array.prototype.forEach.call(inert.attributes, function (a) { live.setAttribute(a.name, a.value); });
      live.async = false;  // run in the order written, as the page would have run them
      live.onload = live.onerror = ran;
      document.body.appendChild(live);
    });
  }

  // Once the last search asked for is shown (a query sent while an earlier one ran: that query's).
  function lastShown() {
    var awaited = latest;
    return awaited.then(function () { return awaited === latest ? null : lastShown(); });
  }

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", String(open));
    facetsBox.classList.toggle("ouvert", open);
  }

  function start() {
    form = document.getElementById("recherche");
    input = document.getElementById("recherche-q");
    facetsBox = document.getElementById("recherche-facettes");
    status = document.getElementById("recherche-etat");
    list = document.getElementById("recherche-liste");
    toggle = document.getElementById("recherche-filtrer");
    active = document.getElementById("recherche-actifs");
    chips = document.getElementById("recherche-puces");
    more = document.getElementById("recherche-plus");
    help = document.getElementById("recherche-aide");
    see = document.getElementById("recherche-voir");
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";  // restored once results are shown
    status.textContent = "Chargement de la recherche…";
    toggle.hidden = false;
    facetsBox.setAttribute("aria-busy", "true");  // until the filter index is loaded (loadFacets)
    ready.then(function () {
      restoring = history.state;  // reopened (Back, reload): as many results shown, at the same place
      return run(stateFromUrl(), false);
    }).then(lastShown).then(function () {
      // The theme once the results the reader asked for are drawn: not with a query sent meanwhile.
      startTheme();
      return loadFacets();
    }).catch(function () {
      startTheme();
      status.textContent = "La recherche n'a pas pu se charger. Parcourez les index des cas.";
    });
    setTimeout(startTheme, 4000);  // at the latest: the header's buttons do not wait for a slow search
    // While a query is typed, the index chunks it needs are loaded.
    var typing = null;
    input.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () {
        var words = wordsOf(input.value);
        if (searched && words.length) pagefind.preload(words.join(" "));
        else preloadChunks(input.value);
      }, 300);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(stateFromForm(), true);
    });
    facetsBox.addEventListener("change", function () { run(stateFromForm(), true); });
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    chips.addEventListener("click", function (event) {
      var chip = event.target.closest("button[data-cle]");
      if (!chip) return;
      var state = stateFromForm();
      var key = chip.getAttribute("data-cle");
      state.filters[key] = (state.filters[key] || []).filter(function (v) { return v !== chip.getAttribute("data-valeur"); });
      if (!state.filters[key].length) delete state.filters[key];
      run(state, true).then(function () { input.focus(); });
    });
    document.getElementById("recherche-effacer").addEventListener("click", function () {
      run({ q: "", filters: {} }, true);
      input.focus();
    });
    more.addEventListener("click", function () {
      var first = list.children.length;
      showUpTo(first + PAGE_SIZE).then(function () {
        var next = list.children[first];
        if (next) next.querySelector("a").focus();  // the first new result is read next
      });
    });
    see.addEventListener("click", function () {  // on a phone: close the filters, go to the count and results
      setOpen(false);
      status.setAttribute("tabindex", "-1");
      status.focus({ preventScroll: true });
      status.scrollIntoView({ block: "start" });
    });
    var pending = null;
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = setTimeout(function () { pending = null; remember(); }, 200);
    }, { passive: true });
    window.addEventListener("pagehide", remember);
    window.addEventListener("popstate", function (event) {
      restoring = event.state;
      var state = stateFromUrl();
      input.value = state.q;
      run(state, false);
    });
  }

  // The search page's query as a reader types it: the address of every result, in order, and how
  // the query was understood (for the tests of the search, and the console).
  window.rechercheCas = function (q, filters) {
    var state = { q: q || "", filters: filters || {} };
    var place = null;
    return ready.then(function () {
      place = placed(state);
      if (place) state = place.state;
      return interpret(state.q);
    }).then(function (meaning) {
      return search(meaning, pagefindFilters(state.filters)).then(function (found) {
        return Promise.all(found.results.map(function (r) { return r.data(); })).then(function (datas) {
          return { urls: datas.map(function (d) { return d.url; }), query: meaning.query,
                   corrections: meaning.corrections, missing: meaning.missing,
                   place: place && place.place.name, near: found.results.length ? [] : nearPlaces(meaning).map(function (p) { return p.name; }) };
        });
      });
    });
  };

  whenParsed(start);
})();
