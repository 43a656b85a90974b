/* Share kits: copy caption (one tap), system share sheet, Zalo. No inline scripts (CSP). */
(function () {
  "use strict";

  var copyText = window.portalCopy;

  function kitText(button) {
    var card = button.closest("[data-kit]");
    var source = card && card.querySelector("[data-share-text]");
    return source ? source.value || source.textContent : "";
  }

  function kitUrl(button) {
    var card = button.closest("[data-kit]");
    return card ? card.getAttribute("data-share-url") : "";
  }

  function confirm(button, message) {
    var card = button.closest("[data-kit]");
    var status = card && card.querySelector("[data-share-status]");
    if (status) {
      status.textContent = message;
    }
    var original = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", original);
    button.textContent = message;
    button.classList.add("is-done");
    window.setTimeout(function () {
      button.textContent = original;
      button.classList.remove("is-done");
    }, 2500);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-caption],[data-web-share],[data-zalo-share],[data-copy-link]");
    if (!button) {
      return;
    }
    var text = kitText(button);
    var url = kitUrl(button);
    if (button.hasAttribute("data-copy-caption")) {
      event.preventDefault();
      copyText(text + "\n" + url).then(function () {
        confirm(button, button.getAttribute("data-done"));
      }, function () {
        confirm(button, button.getAttribute("data-fail"));
      });
    } else if (button.hasAttribute("data-copy-link")) {
      event.preventDefault();
      copyText(url).then(function () {
        confirm(button, button.getAttribute("data-done"));
      });
    } else if (button.hasAttribute("data-web-share") || button.hasAttribute("data-zalo-share")) {
      event.preventDefault();
      if (navigator.share) {
        navigator.share({ text: text, url: url }).catch(function () { /* cancelled */ });
      } else {
        copyText(text + "\n" + url).then(function () {
          confirm(button, button.getAttribute("data-done"));
        });
      }
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (navigator.share) {
      document.querySelectorAll("[data-web-share]").forEach(function (el) {
        el.hidden = false;
      });
    }
  });
})();
