// RGAA 7.3: on a phone (and below 1220 px, so at 200 % zoom too) the theme opens its menu with a
// <label> for a hidden checkbox, which the keyboard cannot reach. It becomes a real button that
// says whether the menu is open, moves the focus into the menu, and Escape closes it.
// Without JavaScript the label stays, and the site map and the search remain.
(function () {
  var toggle = document.getElementById("__drawer");
  var label = document.querySelector('.md-header label[for="__drawer"]');
  var drawer = document.querySelector(".md-sidebar--primary");
  if (!toggle || !label || !drawer) return;

  var button = document.createElement("button");
  button.type = "button";
  button.className = label.className + " menu-bouton";
  button.innerHTML = label.innerHTML;  // the theme's icon
  button.setAttribute("aria-label", "Menu");
  drawer.id = drawer.id || "menu-principal";
  button.setAttribute("aria-controls", drawer.id);
  label.replaceWith(button);

  function state() { button.setAttribute("aria-expanded", String(toggle.checked)); }

  function set(open) {
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));  // the theme follows the checkbox
    state();
  }

  // The first link the reader sees: the theme shows the current section's pane above the top
  // level, so a link counts only if it is the one drawn at its own centre.
  function focusFirst() {
    var first = Array.prototype.find.call(drawer.querySelectorAll("a[href]"), function (link) {
      var r = link.getBoundingClientRect();
      var drawn = r.width > 0 && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return drawn && link.contains(drawn) && link.textContent.trim() !== "";
    });
    if (first) first.focus();
  }

  button.addEventListener("click", function () {
    set(!toggle.checked);
    if (toggle.checked) setTimeout(focusFirst, 300);  // once the menu has slid in
  });
  toggle.addEventListener("change", state);  // closed by the theme (a link, the overlay)
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      set(false);
      button.focus();
    }
  });
  state();
})();
