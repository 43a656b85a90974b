/* Share bar of a public story: copy the link; "Zalo" uses the phone's share sheet when there is
 * one (Zalo, Messenger…), else copies the link to paste into Zalo. No third-party script. */
(function () {
  "use strict";
  var bar = document.querySelector("[data-share-url]");
  if (!bar) { return; }
  var url = bar.dataset.shareUrl;
  var title = bar.dataset.shareTitle;
  var done = bar.querySelector("[data-copy-done]");

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* the link stays selectable on the page */ }
    document.body.removeChild(area);
  }

  function copy() {
    var shown = function () { if (done) { done.hidden = false; } };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(shown, function () { fallbackCopy(url); shown(); });
    } else {
      fallbackCopy(url);
      shown();
    }
  }

  var copyButton = bar.querySelector("[data-copy-link]");
  if (copyButton) { copyButton.addEventListener("click", copy); }
  var zalo = bar.querySelector("[data-share-zalo]");
  if (zalo) {
    zalo.addEventListener("click", function () {
      if (navigator.share) {
        navigator.share({ title: title, url: url }).catch(function () { /* cancelled */ });
      } else {
        copy();
      }
    });
  }
}());
