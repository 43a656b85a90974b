// Live round countdown (the phone and the big screen): shows the seconds left of the current
// question and, at zero, disables the answer buttons. The server keeps its own deadline; this only
// shows it. Runs again on every fragment htmx swaps in.
(function () {
  function start(box) {
    if (box.dataset.liveStarted) return;
    box.dataset.liveStarted = "1";
    var out = box.querySelector("[data-countdown]");
    var end = Date.now() + parseInt(box.getAttribute("data-live-seconds"), 10) * 1000;
    var scope = box.closest("[data-testid=live-player], [data-testid=live-host]") || document;
    function tick() {
      var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      if (out) out.textContent = String(left);
      if (left <= 0) {
        scope.querySelectorAll("[data-live-choices] button").forEach(function (b) { b.disabled = true; });
        scope.querySelectorAll("[data-time-up]").forEach(function (el) { el.hidden = false; });
        return;
      }
      setTimeout(tick, 250);
    }
    tick();
  }
  function scan(root) { (root || document).querySelectorAll("[data-live-seconds]").forEach(start); }
  scan(document);
  document.body.addEventListener("htmx:afterSettle", function (e) { scan(e.target.parentNode || document); });
})();
