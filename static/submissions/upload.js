/* Submission form: upload progress bar (XMLHttpRequest), a tiny formatting toolbar, fields per kind.
 * Without JavaScript the form posts normally; with it, a failed upload re-renders the page the
 * server returned (the bound form keeps everything typed) and a network error keeps the form as is. */
(function () {
  "use strict";

  function bySel(root, sel) { return root.querySelector(sel); }

  function syncKind(form) {
    var kind = bySel(form, "select[name=kind]");
    if (!kind) { return; }
    var topic = document.getElementById("field-topic");
    var files = document.getElementById("field-files");
    var consents = ["field-consent_publication", "field-consent_people"];
    var isAspiration = kind.value === "aspiration";
    if (topic) { topic.hidden = !isAspiration; }
    if (files) { files.hidden = isAspiration; }
    consents.forEach(function (id) { var el = document.getElementById(id); if (el) { el.hidden = isAspiration; } });
  }

  function wrapSelection(area, before, after) {
    var start = area.selectionStart, end = area.selectionEnd, text = area.value;
    area.value = text.slice(0, start) + before + text.slice(start, end) + after + text.slice(end);
    area.focus();
    area.selectionStart = start + before.length;
    area.selectionEnd = end + before.length;
  }

  function init() {
    var form = bySel(document, "form[data-upload-progress]");
    if (!form) { return; }
    var toolbar = bySel(form, ".rich-toolbar");
    var area = bySel(form, "textarea[name=body]");
    if (toolbar && area) {
      toolbar.hidden = false;
      toolbar.addEventListener("click", function (event) {
        var button = event.target.closest("button");
        if (!button) { return; }
        if (button.dataset.wrap) {
          wrapSelection(area, "<" + button.dataset.wrap + ">", "</" + button.dataset.wrap + ">");
        } else if (button.dataset.list) {
          var start = area.selectionStart, end = area.selectionEnd;
          var lines = area.value.slice(start, end).split("\n").filter(function (l) { return l.trim(); });
          var html = "<ul>\n" + (lines.length ? lines : [""]).map(function (l) { return "<li>" + l + "</li>"; }).join("\n") + "\n</ul>";
          area.value = area.value.slice(0, start) + html + area.value.slice(end);
          area.focus();
        }
      });
    }
    var kind = bySel(form, "select[name=kind]");
    if (kind) { kind.addEventListener("change", function () { syncKind(form); }); syncKind(form); }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-upload-progress]")) { return; }
    if (!window.FormData || !window.XMLHttpRequest || !window.DOMParser) { return; }
    var input = bySel(form, "input[type=file]");
    if (!input || !input.files || input.files.length === 0) { return; }  // nothing to upload: plain post
    event.preventDefault();
    // A file over its kind's cap is refused here, before minutes of upload on mobile data (the
    // server checks again by content).
    var tooBig = bySel(form, ".upload-too-big");
    tooBig.hidden = true;
    for (var i = 0; i < input.files.length; i++) {
      var file = input.files[i];
      var kind = (file.type || "").split("/")[0];
      var maxMb = parseFloat(form.dataset["max" + kind.charAt(0).toUpperCase() + kind.slice(1) + "Mb"]);
      if (maxMb && file.size > maxMb * 1024 * 1024) {
        tooBig.textContent = tooBig.dataset.template.replace("{name}", file.name)
          .replace("{size}", (file.size / 1048576).toFixed(1)).replace("{max}", maxMb);
        tooBig.hidden = false;
        return;
      }
    }
    var data = new FormData(form);
    var submitter = event.submitter;
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var box = bySel(form, ".upload-progress");
    var bar = bySel(form, "progress");
    var label = bySel(form, "[data-progress-text]");
    var failed = bySel(form, ".upload-error");
    var buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach(function (b) { b.disabled = true; });
    box.hidden = false;
    failed.hidden = true;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") || window.location.href);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        var pct = Math.round(e.loaded * 100 / e.total);
        bar.value = pct;
        label.textContent = pct + "%";
      }
    });
    xhr.addEventListener("load", function () {
      var type = xhr.getResponseHeader("Content-Type") || "";
      if (type.indexOf("application/json") === 0) {
        window.location.assign(JSON.parse(xhr.responseText).redirect);
        return;
      }
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var main = doc.getElementById("main");
      if (main) {
        document.getElementById("main").innerHTML = main.innerHTML;
        window.scrollTo(0, 0);
        init();
      } else {
        buttons.forEach(function (b) { b.disabled = false; });
        box.hidden = true;
        failed.hidden = false;
      }
    });
    xhr.addEventListener("error", function () {
      buttons.forEach(function (b) { b.disabled = false; });
      box.hidden = true;
      failed.hidden = false;
    });
    xhr.send(data);
  });

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
