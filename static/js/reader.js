/*
 * The flip-book reader: one page at a time, turned with a 3D page-turn.
 *
 * Without JavaScript the pages are simply stacked one under the other. With
 * it, the book shows the sheet marked .is-current; earlier sheets are
 * .is-turned (rotated over the left edge), later ones wait underneath.
 * The view index lives in location.hash (#p0 is the first view) so a reload
 * keeps the page.
 */
(function () {
  "use strict";

  var reader = document.getElementById("reader");
  var book = document.getElementById("book");
  if (!reader || !book) return;

  var sheets = Array.prototype.slice.call(book.querySelectorAll(".sheet"));
  var prevButton = document.getElementById("prev-page");
  var nextButton = document.getElementById("next-page");
  var indicator = document.getElementById("page-indicator");
  var controls = document.getElementById("reader-controls");
  var fullscreenButton = document.getElementById("fullscreen");
  var hint = document.getElementById("reader-hint");
  var deleteForm = document.getElementById("delete-form");

  // Deleting asks first, whether or not there are pages.
  if (deleteForm) {
    deleteForm.addEventListener("submit", function (event) {
      var question = deleteForm.getAttribute("data-confirm") || "Delete this book?";
      if (!window.confirm(question)) event.preventDefault();
    });
  }

  if (!sheets.length) return;

  var TURN_MS = 450;
  var last = sheets.length - 1;
  var current = -1;
  var turnTimers = [];
  var motionQuery = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;

  function reducedMotion() {
    return !!(motionQuery && motionQuery.matches);
  }

  function clamp(index) {
    if (typeof index !== "number" || !isFinite(index)) return 0;
    return Math.max(0, Math.min(last, Math.round(index)));
  }

  function indexFromHash() {
    var match = /^#p(\d+)$/.exec(window.location.hash || "");
    return match ? clamp(parseInt(match[1], 10)) : null;
  }

  function writeHash(index) {
    var hash = "#p" + index;
    if (window.location.hash === hash) return;
    if (window.history && window.history.replaceState) {
      window.history.replaceState(window.history.state, "", hash);
    } else {
      window.location.hash = hash;
    }
  }

  function show(target, animate, skipHash) {
    target = clamp(target);
    if (target === current) return;
    var previous = current;
    var forward = target > previous;

    sheets.forEach(function (sheet, i) {
      sheet.classList.toggle("is-turned", i < target);
      sheet.classList.toggle("is-current", i === target);
      sheet.setAttribute("aria-hidden", i === target ? "false" : "true");
    });

    if (animate && previous >= 0 && !reducedMotion()) {
      // Forward: the old page turns over to the left. Back: the page before
      // turns back over the current one. Pages skipped by Home/End just jump.
      var turning = forward ? sheets[previous] : sheets[target];
      turning.classList.add("is-turning");
      book.classList.add("is-animating");
      var settle = function () {
        turning.removeEventListener("transitionend", onEnd);
        turning.classList.remove("is-turning");
        if (!book.querySelector(".is-turning")) book.classList.remove("is-animating");
      };
      var onEnd = function (event) {
        if (event.target === turning && event.propertyName === "transform") settle();
      };
      turning.addEventListener("transitionend", onEnd);
      // In case transitionend never fires (tab hidden, styles missing).
      turnTimers.push(setTimeout(settle, TURN_MS * 3));
    } else {
      turnTimers.forEach(clearTimeout);
      turnTimers = [];
      sheets.forEach(function (sheet) { sheet.classList.remove("is-turning"); });
      book.classList.remove("is-animating");
    }

    current = target;
    book.setAttribute("data-current", String(current));
    if (indicator) indicator.textContent = sheets[current].getAttribute("data-label") || "";
    if (prevButton) prevButton.disabled = current === 0;
    if (nextButton) nextButton.disabled = current === last;
    if (!skipHash) writeHash(current);
  }

  function next() { show(current + 1, true); }
  function prev() { show(current - 1, true); }

  // --- Set up --------------------------------------------------------------------

  book.classList.add("is-enhanced");
  // Transitions only after the first layout, so nothing animates on load.
  window.requestAnimationFrame(function () {
    window.requestAnimationFrame(function () { book.classList.add("is-ready"); });
  });
  if (controls) controls.hidden = false;
  if (hint) hint.hidden = false;

  var initial = indexFromHash();
  if (initial === null) {
    // First visit: start wherever the server said and keep the URL clean.
    var marked = book.querySelector(".sheet.is-current");
    show(marked ? sheets.indexOf(marked) : 0, false, true);
  } else {
    show(initial, false);
  }

  if (prevButton) prevButton.addEventListener("click", prev);
  if (nextButton) nextButton.addEventListener("click", next);

  window.addEventListener("hashchange", function () {
    var index = indexFromHash();
    if (index !== null && index !== current) show(index, Math.abs(index - current) === 1);
  });

  // --- Keyboard ------------------------------------------------------------------

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    switch (event.key) {
      case "ArrowRight":
      case "PageDown":
        next();
        break;
      case "ArrowLeft":
      case "PageUp":
        prev();
        break;
      case "Home":
        show(0, false);
        break;
      case "End":
        show(last, false);
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  // --- Swipe (touch, pen or mouse drag) ----------------------------------------

  var swipe = null;
  var SWIPE_MIN = 40;

  book.addEventListener("pointerdown", function (event) {
    if (event.pointerType === "mouse" && event.button !== 0) return;
    swipe = { id: event.pointerId, x: event.clientX, y: event.clientY };
  });
  book.addEventListener("pointerup", function (event) {
    if (!swipe || event.pointerId !== swipe.id) return;
    var dx = event.clientX - swipe.x;
    var dy = event.clientY - swipe.y;
    swipe = null;
    if (Math.abs(dx) >= SWIPE_MIN && Math.abs(dx) > Math.abs(dy) * 1.5) {
      if (dx < 0) next();
      else prev();
    }
  });
  book.addEventListener("pointercancel", function () { swipe = null; });
  book.addEventListener("dragstart", function (event) { event.preventDefault(); });

  // --- Fullscreen ------------------------------------------------------------------

  var canFullscreen = !!(document.fullscreenEnabled && reader.requestFullscreen);
  if (fullscreenButton && canFullscreen) {
    fullscreenButton.hidden = false;
    fullscreenButton.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen().catch(function () {});
      } else {
        reader.requestFullscreen().catch(function () {});
      }
    });
    document.addEventListener("fullscreenchange", function () {
      var on = document.fullscreenElement === reader;
      reader.classList.toggle("is-fullscreen", on);
      fullscreenButton.textContent = on ? "Exit fullscreen" : "Fullscreen";
      fullscreenButton.setAttribute("aria-pressed", on ? "true" : "false");
      if (on) book.focus({ preventScroll: true });
    });
  }

  // A handle for tests and debugging: window.panelcraftReader.show(2).
  window.panelcraftReader = {
    show: function (index) { show(index, true); },
    current: function () { return current; },
    count: sheets.length,
  };
})();
