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

  function drawn(link) {
    var r = link.getBoundingClientRect();
    var hit = r.width > 0 && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return Boolean(hit && link.contains(hit));
  }

  // Links of the top level under the current section's pane are not drawn: Tab skips them
  // (tabindex -1) while the menu is open, and gets them back once it closes or the pane changes.
  function skipHidden() {
    drawer.querySelectorAll("a[href], label[tabindex], [data-menu-cache]").forEach(function (link) {
      var hidden = toggle.checked && !drawn(link);
      if (hidden && !link.hasAttribute("data-menu-cache")) {
        link.setAttribute("data-menu-cache", link.getAttribute("tabindex") || "");
        link.setAttribute("tabindex", "-1");
      } else if (!hidden && link.hasAttribute("data-menu-cache")) {
        var before = link.getAttribute("data-menu-cache");
        if (before) link.setAttribute("tabindex", before); else link.removeAttribute("tabindex");
        link.removeAttribute("data-menu-cache");
      }
    });
  }

  button.addEventListener("click", function () {
    set(!toggle.checked);
    if (toggle.checked) setTimeout(function () { skipHidden(); focusFirst(); }, 300);  // once the menu has slid in
    else skipHidden();
  });
  drawer.addEventListener("change", function () { setTimeout(skipHidden, 300); });  // a section opened or closed
  toggle.addEventListener("change", function () { state(); if (!toggle.checked) skipHidden(); });  // closed by the theme
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      set(false);
      button.focus();
    }
  });
  state();
})();
