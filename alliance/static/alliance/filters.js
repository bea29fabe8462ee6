// On a phone the filters come first and would fill the screen before any figure: they
// start folded there (their summary says how many are set). Without JavaScript, or on
// a wide screen, they stay open.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.matchMedia("(max-width: 48rem)").matches) return;
  for (const panel of document.querySelectorAll("details[data-fold-on-phone]")) panel.open = false;
});
