// Search page: full-text search (Pagefind, accent-blind) combined with facets.
// The query and the filters live in the URL (?q=…&impact=mobilite&region=…),
// so a search can be shared, linked and reopened.
(function () {
  "use strict";
  var form = document.getElementById("recherche");
  var input = document.getElementById("recherche-q");
  var facetsBox = document.getElementById("recherche-facettes");
  var status = document.getElementById("recherche-etat");
  var list = document.getElementById("recherche-liste");
  var root = new URL(form.getAttribute("data-racine") || "./", location.href);
  var pagefind = null;
  var facets = [];
  var PAGE_SIZE = 20;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

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

  function pagefindFilters(filters) {
    var out = {};
    Object.keys(filters).forEach(function (key) { out[key] = { any: filters[key] }; });
    return out;
  }

  function renderFacets(state, counts) {
    facetsBox.textContent = "";
    facets.forEach(function (f) {
      var fieldset = el("fieldset");
      fieldset.appendChild(el("legend", {}, f.libelle));
      var values = Object.keys(f.valeurs);
      var shown = 0;
      values.forEach(function (value) {
        var count = (counts[f.cle] || {})[value] || 0;
        var checked = (state.filters[f.cle] || []).indexOf(value) >= 0;
        if (!count && !checked) return;
        shown += 1;
        var id = "f-" + f.cle + "-" + value;
        var label = el("label", { "for": id });
        var box = el("input", { type: "checkbox", id: id, name: f.cle, value: value });
        box.checked = checked;
        label.appendChild(box);
        label.appendChild(el("span", {}, f.valeurs[value] + " (" + count + ")"));
        fieldset.appendChild(label);
      });
      if (shown) facetsBox.appendChild(fieldset);
    });
  }

  function renderResults(results, total, state) {
    list.textContent = "";
    var active = state.q || Object.keys(state.filters).length;
    if (!active) {
      status.textContent = "Tapez un mot ou choisissez un filtre. Les accents et les majuscules sont facultatifs.";
      return;
    }
    status.textContent = total === 0 ? "Aucun cas ne correspond à cette recherche."
      : total + (total > 1 ? " cas correspondent" : " cas correspond") + " à cette recherche" +
        (total > results.length ? " ; les " + results.length + " premiers sont affichés." : ".");
    results.forEach(function (data) {
      var item = el("li");
      var link = el("a", { href: data.url }, (data.meta && data.meta.title) || data.url);
      item.appendChild(link);
      if (data.meta && data.meta.resume) item.appendChild(el("p", { "class": "recherche-resume" }, data.meta.resume));
      list.appendChild(item);
    });
  }

  function run(state, push) {
    if (push) history.pushState(null, "", urlOf(state));
    input.value = state.q;
    var options = { filters: pagefindFilters(state.filters) };
    var term = state.q ? state.q : null;
    return pagefind.search(term, options).then(function (search) {
      var slice = search.results.slice(0, PAGE_SIZE);
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
        var active = state.q || Object.keys(state.filters).length;
        return (active ? Promise.resolve(search.filters) : pagefind.filters()).then(function (counts) {
          renderFacets(state, counts || {});
          renderResults(datas, search.results.length, state);
        });
      });
    });
  }

  function start() {
    status.textContent = "Chargement de la recherche…";
    fetch(new URL("recherche/facettes.json", root)).then(function (r) { return r.json(); }).then(function (data) {
      facets = data;
      return import(new URL("pagefind/pagefind.js", root).href);
    }).then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: root.pathname });
    }).then(function () {
      return pagefind.filters();  // loads the filter index, so that searches report counts
    }).then(function () {
      return run(stateFromUrl(), false);
    }).catch(function () {
      status.textContent = "La recherche n'a pas pu se charger. Parcourez les index des cas.";
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(stateFromForm(), true);
    });
    facetsBox.addEventListener("change", function () { run(stateFromForm(), true); });
    document.getElementById("recherche-effacer").addEventListener("click", function () {
      run({ q: "", filters: {} }, true);
      input.focus();
    });
    window.addEventListener("popstate", function () { run(stateFromUrl(), false); });
  }

  start();
})();
