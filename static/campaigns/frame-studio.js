/* Avatar-frame studio in the browser: Cropper.js moves, zooms and rotates the photo under the frame;
   a canvas composes the 1080×1080 result, so the photo never leaves the device. A small POST counts
   the use. Without this script (or Cropper.js) the page's form sends the photo to the server. */
(function () {
  "use strict";

  var SIZE = 1080;
  var studio = document.querySelector("[data-studio]");
  if (!studio || typeof window.Cropper !== "function" || !window.HTMLCanvasElement) {
    return;
  }
  var canvasTest = document.createElement("canvas");
  if (!canvasTest.getContext || !canvasTest.toBlob) {
    return;
  }
  var form = document.querySelector("[data-studio-form]");
  var fileInput = studio.querySelector("[data-studio-file]");
  var photo = studio.querySelector("[data-studio-photo]");
  var frameImg = studio.querySelector("[data-studio-frame]");
  var warning = studio.querySelector("[data-studio-warning]");
  var status = studio.querySelector("[data-studio-status]");
  var shareButton = studio.querySelector("[data-studio-share]");
  var cropper = null;
  var objectUrl = null;
  var counted = false;

  studio.hidden = false;
  if (form) {
    form.hidden = true;
  }

  function showControls(show) {
    studio.querySelectorAll("[data-studio-controls]").forEach(function (el) {
      el.hidden = !show;
    });
  }

  function fillStage() {
    var box = cropper.getContainerData();
    cropper.setCropBoxData({ left: 0, top: 0, width: box.width, height: box.height });
    var image = cropper.getImageData();
    var scale = Math.max(box.width / image.naturalWidth, box.height / image.naturalHeight);
    var width = image.naturalWidth * scale;
    var height = image.naturalHeight * scale;
    cropper.setCanvasData({ left: (box.width - width) / 2, top: (box.height - height) / 2, width: width, height: height });
  }

  function start(file) {
    if (cropper) {
      cropper.destroy();
      cropper = null;
    }
    if (objectUrl) {
      URL.revokeObjectURL(objectUrl);
    }
    warning.textContent = "";
    status.textContent = "";
    counted = false;
    objectUrl = URL.createObjectURL(file);
    photo.onload = function () {
      if (Math.min(photo.naturalWidth, photo.naturalHeight) < SIZE) {
        warning.textContent = studio.getAttribute("data-small");
      }
      photo.hidden = false;
      cropper = new window.Cropper(photo, {
        viewMode: 0,
        dragMode: "move",
        aspectRatio: 1,
        autoCropArea: 1,
        cropBoxMovable: false,
        cropBoxResizable: false,
        toggleDragModeOnDblclick: false,
        guides: false,
        center: false,
        highlight: false,
        background: false,
        modal: false,
        checkOrientation: false, // the browser already shows the photo upright (EXIF)
        ready: function () {
          fillStage();
          showControls(true);
          studio.setAttribute("data-ready", "1");
        }
      });
    };
    photo.onerror = function () {
      warning.textContent = studio.getAttribute("data-bad");
      showControls(false);
    };
    photo.src = objectUrl;
  }

  function compose(type, done) {
    var canvas = cropper.getCroppedCanvas({
      width: SIZE, height: SIZE, fillColor: "#fff", imageSmoothingEnabled: true, imageSmoothingQuality: "high"
    });
    var out = document.createElement("canvas");
    out.width = SIZE;
    out.height = SIZE;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, SIZE, SIZE);
    ctx.drawImage(canvas, 0, 0, SIZE, SIZE);
    ctx.drawImage(frameImg, 0, 0, SIZE, SIZE);
    out.toBlob(done, type, 0.9);
  }

  function csrfToken() {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function count() {
    if (counted) {
      return;
    }
    counted = true;
    var body = new FormData();
    body.append("unit", studio.getAttribute("data-unit") || "0");
    fetch(studio.getAttribute("data-use-url"), {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() }
    }).catch(function () {
      counted = false;
    });
  }

  function fileName(type) {
    return studio.getAttribute("data-filename") + (type === "image/png" ? ".png" : ".jpg");
  }

  fileInput.addEventListener("change", function () {
    if (fileInput.files && fileInput.files[0]) {
      start(fileInput.files[0]);
    }
  });

  studio.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || !cropper) {
      return;
    }
    if (button.hasAttribute("data-zoom")) {
      cropper.zoom(parseFloat(button.getAttribute("data-zoom")));
    } else if (button.hasAttribute("data-rotate")) {
      cropper.rotate(parseInt(button.getAttribute("data-rotate"), 10));
    } else if (button.hasAttribute("data-reset")) {
      cropper.reset();
      fillStage();
    } else if (button.hasAttribute("data-download")) {
      var type = button.getAttribute("data-download");
      compose(type, function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = fileName(type);
        document.body.appendChild(link);
        link.click();
        link.remove();
        window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
        status.textContent = studio.getAttribute("data-done");
        count();
      });
    } else if (button.hasAttribute("data-studio-share")) {
      compose("image/jpeg", function (blob) {
        var file = new File([blob], fileName("image/jpeg"), { type: "image/jpeg" });
        navigator.share({ files: [file], title: studio.getAttribute("data-share-title") }).then(count, function () {});
      });
    }
  });

  if (navigator.canShare && window.File) {
    try {
      var probe = new File([new Blob(["x"], { type: "image/jpeg" })], "x.jpg", { type: "image/jpeg" });
      shareButton.hidden = !navigator.canShare({ files: [probe] });
    } catch (e) {
      shareButton.hidden = true;
    }
  }
})();
