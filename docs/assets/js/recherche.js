// Search page: full-text search (Pagefind, accent-blind) combined with facets.
// The query and the filters live in the URL (?q=…&impact=mobilite&region=…),
// so a search can be shared, linked and reopened.
// Within a group values combine with OR, between groups with AND. Each value shows the
// count it would give if ticked: a group's counts come from the search without that
// group's own filter (one extra search per active group).
(function () {
  "use strict";
  var form = document.getElementById("recherche");
  var input = document.getElementById("recherche-q");
  var facetsBox = document.getElementById("recherche-facettes");
  var status = document.getElementById("recherche-etat");
  var list = document.getElementById("recherche-liste");
  var toggle = document.getElementById("recherche-filtrer");
  var active = document.getElementById("recherche-actifs");
  var chips = document.getElementById("recherche-puces");
  var root = new URL(form.getAttribute("data-racine") || "./", location.href);
  var pagefind = null;
  var facets = [];
  var totals = {};  // counts over the whole base: values absent from it are not offered
  var PAGE_SIZE = 20;

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

  // A search; with neither words nor filters, every case (a filter every case passes).
  function search(q, filters) {
    if (!q && !Object.keys(filters).length) {
      var statut = facets.filter(function (f) { return f.cle === "statut"; })[0];
      filters = { statut: { any: Object.keys(statut.valeurs) } };
    }
    return pagefind.search(q || null, { filters: filters });
  }

  function renderFacets(state, counts) {
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

  function renderResults(results, total, state) {
    list.textContent = "";
    if (total === 0) {
      status.textContent = "Aucun cas ne correspond à cette recherche. Essayez un autre mot ou un mot plus court, " +
        "ou retirez un filtre" + (Object.keys(state.filters).length ? " (ci-dessus)." : ".");
      return;
    }
    var what = isEmpty(state) ? " dans la base" : (total > 1 ? " correspondent" : " correspond") + " à cette recherche";
    status.textContent = casCount(total) + what +
      (total > results.length ? " ; les " + results.length + " premiers sont affichés." : ".");
    results.forEach(function (data) {
      var item = el("li");
      var title = el("h2", { "class": "recherche-titre" });
      title.appendChild(el("a", { href: data.url }, (data.meta && data.meta.title) || data.url));
      item.appendChild(title);
      var meta = data.meta || {};
      if (meta.lieu || meta.categories) {
        item.appendChild(el("p", { "class": "recherche-lieu" }, [meta.lieu, meta.categories].filter(Boolean).join(" — ")));
      }
      if (state.q && data.excerpt) item.appendChild(excerptNode(data.excerpt));
      else if (meta.resume) item.appendChild(el("p", { "class": "recherche-resume" }, meta.resume));
      list.appendChild(item);
    });
  }

  function run(state, push) {
    if (push) history.pushState(null, "", urlOf(state));
    input.value = state.q;
    var main = search(state.q, pagefindFilters(state.filters));
    var groups = Object.keys(state.filters);
    var others = groups.map(function (key) { return search(state.q, pagefindFilters(state.filters, key)); });
    return Promise.all([main].concat(others)).then(function (searches) {
      var found = searches[0];
      var counts = {};
      Object.keys(found.filters || {}).forEach(function (key) { counts[key] = found.filters[key]; });
      groups.forEach(function (key, i) { counts[key] = (searches[i + 1].filters || {})[key] || {}; });
      var slice = found.results.slice(0, PAGE_SIZE);
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
        renderFacets(state, counts);
        renderChips(state);
        renderResults(datas, found.results.length, state);
      });
    });
  }

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", String(open));
    facetsBox.classList.toggle("ouvert", open);
  }

  function start() {
    status.textContent = "Chargement de la recherche…";
    toggle.hidden = false;
    // Where the facets' labels and Pagefind's script are: the page says it (data-facettes, data-index, from the router).
    fetch(new URL(form.getAttribute("data-facettes"), root)).then(function (r) { return r.json(); }).then(function (data) {
      facets = data;
      return import(new URL(form.getAttribute("data-index"), root).href);
    }).then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: root.pathname });
    }).then(function () {
      return pagefind.filters();  // loads the filter index, so that searches report counts
    }).then(function (all) {
      totals = all || {};
      return run(stateFromUrl(), false);
    }).catch(function () {
      status.textContent = "La recherche n'a pas pu se charger. Parcourez les index des cas.";
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
    window.addEventListener("popstate", function () { run(stateFromUrl(), false); });
  }

  start();
})();
