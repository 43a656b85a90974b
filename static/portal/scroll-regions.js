/* A table or chart wider than the screen scrolls inside its .table-responsive or .report-chart-wrap box. Such a box takes the
 * keyboard focus, so that it can be scrolled without a mouse (WCAG 2.1.1); a box that fits the
 * screen stays out of the tab order. Checked on load, on resize and after htmx swaps. */
(function () {
  "use strict";
  function update() {
    document.querySelectorAll(".table-responsive, .report-chart-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }
  update();
  window.addEventListener("resize", update);
  document.addEventListener("htmx:afterSettle", update);
})();
