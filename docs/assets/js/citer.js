// « Citer cette fiche »: fills in today's date after « consulté le » and shows a copy button.
// Without JavaScript the reference stays plain selectable text, with « [date de consultation] ».
(function () {
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                "octobre", "novembre", "décembre"];

  function today() {
    var d = new Date();
    return (d.getDate() === 1 ? "1er" : String(d.getDate())) + "\u00a0" + MONTHS[d.getMonth()] + " " + d.getFullYear();
  }

  function copyText(text, source) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Older browsers, or a page served over plain http: select the text and copy the selection.
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    return done ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  function setUp() {
    document.querySelectorAll(".cas-citer-consulte").forEach(function (slot) { slot.textContent = today(); });
    document.querySelectorAll("button.cas-citer-copier").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-cible"));
      var status = button.parentNode.querySelector(".cas-citer-etat");
      if (!source) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = source.textContent.replace(/[ \t\r\n]+/g, " ").trim();
        copyText(text, source).then(function () {
          status.textContent = "Référence copiée dans le presse-papiers.";
        }, function () {
          status.textContent = "Copie impossible\u00a0: la référence est sélectionnée, copiez-la avec Ctrl+C.";
        });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
