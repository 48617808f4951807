/* Studio form: comic-only fields, style descriptions, idea counter, who makes it, no double submit. */
(function () {
  "use strict";

  var form = document.getElementById("studio-form");
  if (!form) return;

  // --- Comic vs picture book: panels per page and layout only apply to comics.
  var kindInputs = form.querySelectorAll('input[name="kind"]');
  var comicOnly = form.querySelectorAll(".comic-only");
  var note = document.getElementById("picture-book-note");

  function currentKind() {
    for (var i = 0; i < kindInputs.length; i++) {
      if (kindInputs[i].checked) return kindInputs[i].value;
    }
    return "comic";
  }

  function syncKind() {
    var pictureBook = currentKind() === "picture_book";
    comicOnly.forEach(function (block) {
      block.hidden = pictureBook;
      block.querySelectorAll("input, select, textarea").forEach(function (control) {
        control.disabled = pictureBook;
      });
    });
    if (note) note.hidden = !pictureBook;
    var make = document.getElementById("make-button");
    if (make && !form.getAttribute("data-submitting")) make.textContent = makeLabel();
  }

  function makeLabel() {
    return currentKind() === "picture_book" ? "Make my picture book" : "Make my comic";
  }

  kindInputs.forEach(function (input) { input.addEventListener("change", syncKind); });
  syncKind();

  // --- After a refused submit, the first field that needs a change has the focus (not always the idea).
  var firstError = form.querySelector(".has-error input:not([type=hidden]), .has-error select, .has-error textarea");
  if (firstError && !firstError.disabled) firstError.focus();

  // --- Style: show the description of the chosen style only.
  var styleSelect = document.getElementById("id_style");
  var notes = document.querySelectorAll("#style-notes .style-note");
  document.querySelectorAll("#style-notes .swatch[data-colour]").forEach(function (swatch) {
    swatch.style.backgroundColor = swatch.getAttribute("data-colour");
  });

  function syncStyle() {
    if (!styleSelect) return;
    notes.forEach(function (item) {
      item.hidden = item.getAttribute("data-style") !== styleSelect.value;
    });
  }

  if (styleSelect && notes.length) {
    document.getElementById("style-notes").classList.add("is-single");
    styleSelect.addEventListener("change", syncStyle);
    syncStyle();
  }

  // --- Idea: a gentle character counter.
  var idea = document.getElementById("id_idea");
  var count = document.getElementById("idea-count");
  if (idea && count) {
    var limit = parseInt(idea.getAttribute("data-limit"), 10) || 1000;
    var update = function () {
      var length = idea.value.trim().length;
      if (length > limit) {
        count.textContent = length + " / " + limit + " \u2014 a little shorter, please.";
        count.classList.add("is-over");
      } else {
        count.textContent = length ? length + " / " + limit : "";
        count.classList.remove("is-over");
      }
    };
    idea.addEventListener("input", update);
    update();
  }

  // --- Who makes it: "Written by" and "Painted by" follow the account picked for this comic.
  function showAccount(where, option) {
    var name = document.createElement("strong");
    name.textContent = option.getAttribute("data-label");
    where.replaceChildren(name);
    var model = option.getAttribute("data-model");
    if (model) {
      var detail = document.createElement("span");
      detail.className = "muted";
      detail.textContent = "(" + model + ")";
      where.append(" ", detail);
    }
  }

  [["text", "id_text_provider"], ["image", "id_image_provider"]].forEach(function (pair) {
    var where = document.querySelector('#will-use dd[data-kind="' + pair[0] + '"]');
    var select = document.getElementById(pair[1]);
    if (!where || !select || select.tagName !== "SELECT") return;
    // The page shows the default; "My default" brings it back.
    var byDefault = Array.prototype.slice.call(where.childNodes).map(function (node) { return node.cloneNode(true); });
    function sync() {
      var option = select.options[select.selectedIndex];
      if (option && option.hasAttribute("data-label")) {
        showAccount(where, option);
      } else {
        where.replaceChildren.apply(where, byDefault.map(function (node) { return node.cloneNode(true); }));
      }
    }
    select.addEventListener("change", sync);
    sync();
  });

  // --- Submit once: a second click would start a second comic.
  var button = document.getElementById("make-button");
  form.addEventListener("submit", function (event) {
    if (form.getAttribute("data-submitting")) {
      event.preventDefault();
      return;
    }
    if (!button) return;
    form.setAttribute("data-submitting", "1");
    // Disable after the submit has been dispatched so the request still goes out.
    setTimeout(function () {
      button.disabled = true;
      button.textContent = "Starting\u2026";
    }, 0);
  });

  // Coming back with the browser's Back button: make the form usable again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && button) {
      form.removeAttribute("data-submitting");
      button.disabled = false;
      button.textContent = makeLabel();
    }
  });
})();
