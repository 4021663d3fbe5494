// Restores the reader's colour scheme (light or dark) chosen on a previous page.
(function () {
  var palette = window.__md_get && window.__md_get("__palette");
  if (!palette || !palette.color) return;
  if (palette.color.media === "(prefers-color-scheme)") {
    var light = matchMedia("(prefers-color-scheme: light)").matches;
    var input = document.querySelector("[data-md-color-media='(prefers-color-scheme: " + (light ? "light" : "dark") + ")']");
    if (input) {
      palette.color.media = input.getAttribute("data-md-color-media");
      palette.color.scheme = input.getAttribute("data-md-color-scheme");
      palette.color.primary = input.getAttribute("data-md-color-primary");
      palette.color.accent = input.getAttribute("data-md-color-accent");
    }
  }
  Object.keys(palette.color).forEach(function (key) {
    document.body.setAttribute("data-md-color-" + key, palette.color[key]);
  });
})();

// RGAA 7.1: the radio of the scheme shown is the checked one, so that Tab lands on it and its name
// says what it does (« Passer en mode clair » in dark mode, « Passer en mode sombre » in light
// mode). The theme checks none when the scheme follows the system's preference, and Tab then
// landed on the first, « Passer en mode sombre », even in dark mode, where it restores light mode.
(function () {
  function markShown() {
    var scheme = document.body.getAttribute("data-md-color-scheme");
    document.querySelectorAll("form[data-md-component=palette] .md-option").forEach(function (input) {
      var shown = input.getAttribute("data-md-color-scheme") === scheme;
      if (input.checked !== shown) input.checked = shown;
    });
  }
  new MutationObserver(markShown).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  document.addEventListener("DOMContentLoaded", markShown);
  markShown();
})();
