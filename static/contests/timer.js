// Quiz contest countdown: shows the time left and submits the answers when it runs out. The server
// keeps its own deadline; this only helps the member not to be late.
(function () {
  var box = document.querySelector("[data-deadline-seconds]");
  if (!box) return;
  var form = document.getElementById(box.getAttribute("data-form"));
  var out = box.querySelector("[data-countdown]");
  var end = Date.now() + parseInt(box.getAttribute("data-deadline-seconds"), 10) * 1000;
  var sent = false;
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    out.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    if (left <= 0 && form && !sent) {
      sent = true;
      form.requestSubmit ? form.requestSubmit() : form.submit();
      return;
    }
    if (left > 0) setTimeout(tick, 500);
  }
  tick();
})();
