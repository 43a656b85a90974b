/* Share bar of a public story: copy the link; "Zalo" uses the phone's share sheet when there is
 * one (Zalo, Messenger…), else copies the link to paste into Zalo. No third-party script. */
(function () {
  "use strict";
  var bar = document.querySelector("[data-share-url]");
  if (!bar) { return; }
  var url = bar.dataset.shareUrl;
  var title = bar.dataset.shareTitle;
  var done = bar.querySelector("[data-copy-done]");

  function copy() {
    var shown = function () { if (done) { done.hidden = false; } };
    window.portalCopy(url).then(shown, shown);  // on failure the link stays selectable on the page
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
