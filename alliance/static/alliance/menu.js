// The phone header's menu button (docs/decisions/0009-design-system.md): a disclosure
// that shows the navigation and the language selector under the brand.
// Loaded in <head>, not deferred: the class goes on <html> before the first paint, so a
// phone never sees the whole navigation flash open. Without this script the class is
// missing, the button stays hidden and the navigation is simply on the page.
(function () {
  "use strict";
  document.documentElement.classList.add("has-menu");

  function setUp() {
    var button = document.getElementById("menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) return;
    function isOpen() { return button.getAttribute("aria-expanded") === "true"; }
    // The stylesheet hides the menu from the attribute, so what a screen reader is told
    // and what is shown cannot drift apart.
    function setOpen(open) { button.setAttribute("aria-expanded", open ? "true" : "false"); }
    button.addEventListener("click", function () { setOpen(!isOpen()); });
    // Escape closes the menu from anywhere in it and hands the focus back to the button,
    // as a keyboard user expects of a disclosure. Only on a phone: on a wide screen the
    // button is not shown and the navigation is always there.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !isOpen() || button.offsetParent === null) return;
      var inside = menu.contains(document.activeElement) || document.activeElement === button;
      setOpen(false);
      if (inside) button.focus();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
