/*
 * The reader: whole pages (fit page or fit width, a two-page spread when the
 * screen is wide, zoom and pan) or panel by panel (the guided view).
 *
 * Without JavaScript the pages are simply stacked one under the other. With
 * it, #book becomes a stage. The sheets of the current view sit side by side
 * on a canvas at their own pixel size, and one transform (the "camera":
 * scale, then offset) puts the part being read on the screen. Turning a page
 * swaps the sheets on the canvas; the guided view moves the camera from panel
 * to panel using the panel rectangles stored with each lettered page (the
 * #reader-sheets JSON), so what is framed always matches the picture.
 *
 * The URL carries the page (#p3; #p0 is the cover, #end the last card), so a
 * link opens there and back/forward work. The reader's choices (guided or
 * not, fit page or width, the transcript open or not) are remembered in
 * localStorage.
 *
 * For whoever reads with a screen reader or the keyboard: each page image
 * keeps its alt text, a polite live region says which page is showing after
 * each turn, and the transcript (#transcript, the words of every page as
 * text, rendered by the server) becomes a panel under the page that shows
 * the words of the page or spread being read.
 */
(function () {
  "use strict";

  var reader = document.getElementById("reader");
  var book = document.getElementById("book");
  var deleteForm = document.getElementById("delete-form");

  // Deleting asks first, whether or not there are pages.
  if (deleteForm) {
    deleteForm.addEventListener("submit", function (event) {
      var question = deleteForm.getAttribute("data-confirm") || "Delete this book?";
      if (!window.confirm(question)) event.preventDefault();
    });
  }
  if (!reader || !book) return;

  var dataNode = document.getElementById("reader-sheets");
  var sheets = dataNode ? JSON.parse(dataNode.textContent) : [];
  var figures = Array.prototype.slice.call(book.querySelectorAll(".sheet"));
  if (!sheets.length || sheets.length !== figures.length) return;

  var $ = function (id) { return document.getElementById(id); };
  var bar = $("reader-bar");
  var controls = $("reader-controls");
  var hint = $("reader-hint");
  var indicator = $("page-indicator");
  var prevButton = $("prev-page");
  var nextButton = $("next-page");
  var endCard = $("reader-end");
  var zoomLevel = $("zoom-level");
  var fullscreenButton = $("fullscreen");
  var fitGroup = $("fit-group");
  var zoomGroup = $("zoom-group");
  var siteHeader = document.querySelector(".site-header");
  var statusRegion = $("reader-status");
  var transcript = $("transcript");
  var transcriptToggle = $("transcript-toggle");
  var transcriptAll = $("transcript-all");
  var transcriptPages = transcript ? Array.prototype.slice.call(transcript.querySelectorAll(".transcript-page")) : [];
  var buttons = {
    pages: $("mode-pages"),
    guided: $("mode-guided"),
    fitPage: $("fit-page"),
    fitWidth: $("fit-width"),
    zoomIn: $("zoom-in"),
    zoomOut: $("zoom-out"),
  };

  // Words smaller than this on screen (CSS px) get a closer look in the guided view.
  var READABLE_PX = 14;
  var CLOSE_UP_PX = 16; // how large a closer look makes them
  var NARROW_PX = 640; // below this width (or SHORT_PX height) the guided view is the default
  var SHORT_PX = 500;
  var MAX_ZOOM = 4;
  var PAN_STEP = 0.2; // of the stage, per arrow key when zoomed in
  var motionQuery = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  var reducedMotion = function () { return !!(motionQuery && motionQuery.matches); };

  var store = {
    get: function (key) { try { return window.localStorage.getItem("panelcraft.reader." + key); } catch (e) { return null; } },
    set: function (key, value) { try { window.localStorage.setItem("panelcraft.reader." + key, value); } catch (e) { /* private mode */ } },
  };

  // --- The stage ---------------------------------------------------------------

  var turner = document.createElement("div");
  turner.className = "reader-turner";
  var canvas = document.createElement("div");
  canvas.className = "reader-canvas";
  var focus = document.createElement("div"); // dims all but the panel being read
  focus.className = "reader-focus";
  focus.setAttribute("aria-hidden", "true");
  figures.forEach(function (figure) { canvas.appendChild(figure); });
  canvas.appendChild(focus);
  turner.appendChild(canvas);
  book.insertBefore(turner, endCard);
  book.classList.add("is-enhanced");

  var state = {
    mode: null, // "pages" or "guided"
    fit: store.get("fit") === "width" ? "width" : "page",
    spread: false,
    views: [], // arrays of sheet indexes shown together
    view: 0, // index into views, or views.length for the end card
    steps: [], // guided: {sheet, panel, part, box, close}
    step: 0,
    zoom: 1, // on top of the fitted scale (whole pages only)
    wanted: null, // the sheet a link asked for, when a spread shows it with another
    camera: { s: 1, x: 0, y: 0 },
    stageW: 0,
    stageH: 0,
  };

  function atEnd() { return state.view >= state.views.length; }

  function buildViews() {
    var views = [];
    var i = 0;
    // A spread pairs the pages after the cover: cover alone, 1-2, 3-4, ...
    if (state.spread && sheets[0].number === 0) { views.push([0]); i = 1; }
    for (; i < sheets.length; i += state.spread ? 2 : 1) {
      views.push(state.spread && i + 1 < sheets.length ? [i, i + 1] : [i]);
    }
    state.views = views;
  }

  function viewOfSheet(index) {
    for (var v = 0; v < state.views.length; v++) {
      if (state.views[v].indexOf(index) !== -1) return v;
    }
    return 0;
  }

  function measureStage() {
    state.stageW = book.clientWidth;
    state.stageH = book.clientHeight;
  }

  // A header that stays on top of the page covers part of the window.
  function headerHeight() {
    if (document.fullscreenElement === reader || !siteHeader) return 0;
    var position = window.getComputedStyle(siteHeader).position;
    return position === "sticky" || position === "fixed" ? siteHeader.offsetHeight : 0;
  }

  function transcriptOpen() { return !!transcript && !transcript.hidden; }

  // The lowest thing that stays in view with the stage: Previous/Next, or the transcript under them.
  function lastInView() { return transcriptOpen() ? transcript : controls; }

  // How tall the stage may be: the window, less what must stay in view with
  // it (the reader's bar above, Previous/Next and an open transcript below),
  // as laid out right now.
  function availableHeight() {
    var readerBox = reader.getBoundingClientRect();
    var bookBox = book.getBoundingClientRect();
    var above = bookBox.top - readerBox.top;
    var below = lastInView().getBoundingClientRect().bottom - bookBox.bottom;
    return Math.max(160, Math.floor(window.innerHeight - headerHeight() - above - below - 12));
  }

  function decideSpread() {
    if (state.mode !== "pages" || state.fit !== "page" || sheets.length < 3) return false;
    var page = sheets[sheets.length - 1];
    var pageW = availableHeight() * page.width / page.height;
    return reader.clientWidth >= 2 * pageW * 0.98;
  }

  // --- Camera ------------------------------------------------------------------

  function contentSize(view) {
    var w = 0;
    var h = 0;
    view.forEach(function (i) { w += sheets[i].width; h = Math.max(h, sheets[i].height); });
    return { w: w, h: h };
  }

  function layoutCanvas(view) {
    var x = 0;
    figures.forEach(function (figure, i) {
      var shown = view.indexOf(i) !== -1;
      figure.classList.toggle("is-current", shown && i === view[0]);
      figure.classList.toggle("is-shown", shown);
      figure.setAttribute("aria-hidden", shown ? "false" : "true");
      if (shown) {
        figure.style.left = x + "px";
        figure.style.width = sheets[i].width + "px";
        figure.style.height = sheets[i].height + "px";
        x += sheets[i].width;
      }
    });
    var size = contentSize(view);
    canvas.style.width = size.w + "px";
    canvas.style.height = size.h + "px";
    return size;
  }

  function applyCamera() {
    var c = state.camera;
    canvas.style.transform = "translate(" + c.x + "px, " + c.y + "px) scale(" + c.s + ")";
  }

  function fittedScale(size) {
    if (state.fit === "width") return state.stageW / size.w;
    return Math.min(state.stageW / size.w, state.stageH / size.h);
  }

  // Whole pages: fit, then zoom about a point, keeping the content on the stage.
  function pagesCamera(anchor) {
    var size = contentSize(state.views[state.view]);
    var s = fittedScale(size) * state.zoom;
    var c = state.camera;
    var x = c.x;
    var y = c.y;
    if (anchor) {
      // Keep the point under the finger (or cursor) where it is.
      x = anchor.x - (anchor.x - c.x) / c.s * s;
      y = anchor.y - (anchor.y - c.y) / c.s * s;
    }
    var w = size.w * s;
    var h = size.h * s;
    x = w <= state.stageW ? (state.stageW - w) / 2 : Math.min(0, Math.max(state.stageW - w, x));
    y = h <= state.stageH ? (state.stageH - h) / 2 : Math.min(0, Math.max(state.stageH - h, y));
    state.camera = { s: s, x: x, y: y };
  }

  // Guided: the step's box, as large as the stage allows, in the middle.
  function guidedCamera(step) {
    var box = step.box;
    var w = box[2] - box[0];
    var h = box[3] - box[1];
    // A panel keeps a sliver of the page around it; a whole sheet and a close-up use all the room.
    var whole = w >= sheets[step.sheet].width;
    var s = Math.min(state.stageW / w, state.stageH / h) * (step.close || whole ? 1 : 0.98);
    state.camera = {
      s: s,
      x: state.stageW / 2 - s * (box[0] + w / 2),
      y: state.stageH / 2 - s * (box[1] + h / 2),
    };
    focus.style.left = box[0] + "px";
    focus.style.top = box[1] + "px";
    focus.style.width = w + "px";
    focus.style.height = h + "px";
  }

  // --- Guided steps ---------------------------------------------------------------

  function union(a, b) {
    return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
  }

  // Each panel is a step. A panel whose words would read smaller than
  // READABLE_PX when it fills the stage gets a closer look at its words too:
  // boxes of the stage's shape, each holding the next words in reading order.
  function buildSteps() {
    var steps = [];
    sheets.forEach(function (sheet, index) {
      sheet.regions.panels.forEach(function (panel, p) {
        var box = panel.box;
        var w = box[2] - box[0];
        var h = box[3] - box[1];
        steps.push({ sheet: index, panel: p, part: 0, box: box });
        if (!panel.text.length) return;
        var fit = Math.min(state.stageW / w, state.stageH / h) * (w >= sheet.width ? 1 : 0.98);
        var smallest = Math.min.apply(null, panel.text.map(function (t) { return t.px; }));
        if (smallest * fit >= READABLE_PX) return;
        var s = CLOSE_UP_PX / smallest;
        var winW = Math.min(w, state.stageW / s);
        var winH = Math.min(h, state.stageH / s);
        var group = null;
        var groups = [];
        panel.text.forEach(function (t) {
          var merged = group ? union(group, t.box) : t.box;
          if (group && merged[2] - merged[0] <= winW && merged[3] - merged[1] <= winH) {
            group = merged;
          } else {
            if (group) groups.push(group);
            group = t.box;
          }
        });
        groups.push(group);
        groups.forEach(function (g, part) {
          // A window of the stage's shape around the words, kept inside the panel.
          var gw = Math.max(winW, g[2] - g[0]);
          var gh = Math.max(winH, g[3] - g[1]);
          var cx = Math.min(Math.max((g[0] + g[2]) / 2, box[0] + gw / 2), box[2] - gw / 2);
          var cy = Math.min(Math.max((g[1] + g[3]) / 2, box[1] + gh / 2), box[3] - gh / 2);
          steps.push({
            sheet: index, panel: p, part: part + 1, close: true,
            box: [cx - gw / 2, cy - gh / 2, cx + gw / 2, cy + gh / 2],
          });
        });
      });
    });
    state.steps = steps;
  }

  function stepAt(sheetIndex, panel, part) {
    var best = -1;
    for (var k = 0; k < state.steps.length; k++) {
      var step = state.steps[k];
      if (step.sheet !== sheetIndex) continue;
      if (best === -1) best = k;
      if (step.panel < panel || (step.panel === panel && step.part <= part)) best = k;
    }
    return Math.max(0, best);
  }

  function firstStepOf(sheetIndex) { return stepAt(sheetIndex, 0, 0); }

  function lastStepOf(sheetIndex) { return stepAt(sheetIndex, Infinity, Infinity); }

  // --- Where the reader is -------------------------------------------------------------

  function currentSheet() {
    if (atEnd()) return sheets.length - 1;
    return state.mode === "guided" ? state.steps[state.step].sheet : state.views[state.view][0];
  }

  // The sheet the address names: the one a link asked for, if it is in view.
  function namedSheet() {
    var view = state.views[state.view];
    if (state.mode === "pages" && state.wanted !== null && view && view.indexOf(state.wanted) !== -1) return state.wanted;
    return currentSheet();
  }

  // What a rebuild (resize, mode, fit, fullscreen) must come back to.
  function place() {
    if (state.mode === null) return { sheet: 0 };
    if (atEnd()) return { end: true };
    if (state.mode === "guided") {
      var step = state.steps[state.step];
      return { sheet: step.sheet, panel: step.panel, part: step.part };
    }
    return { sheet: namedSheet(), zoom: state.zoom };
  }

  // "Page 2 of 3", "Pages 1–2 of 3", "Cover" or "The end": what a turn announces.
  function pageLabel() {
    if (atEnd()) return "The end";
    var view = state.views[state.view];
    if (view.length === 2) {
      return "Pages " + sheets[view[0]].number + "–" + sheets[view[1]].number + " of " + sheets[sheets.length - 1].number;
    }
    return sheets[view[0]].label;
  }

  // The page label, and panel by panel which panel too.
  function label() {
    var text = pageLabel();
    if (atEnd() || state.views[state.view].length === 2) return text;
    var view = state.views[state.view];
    if (state.mode === "guided") {
      var panels = sheets[view[0]].regions.panels.length;
      var step = state.steps[state.step];
      if (panels > 1) text += " · panel " + (step.panel + 1) + "/" + panels;
      if (step.close) text += " · closer";
    }
    return text;
  }

  function writeHash(push) {
    var hash = atEnd() ? "#end" : "#p" + sheets[namedSheet()].number;
    if (window.location.hash === hash) return;
    if (push && window.history && window.history.pushState) window.history.pushState(null, "", hash);
    else if (window.history && window.history.replaceState) window.history.replaceState(null, "", hash);
  }

  function turnAnimation(forward) {
    if (reducedMotion()) return;
    turner.classList.remove("turn-next", "turn-back");
    void turner.offsetWidth; // restart the animation
    turner.classList.add(forward ? "turn-next" : "turn-back");
  }

  function setStageHeight() {
    if (state.mode === "pages" && state.fit === "width" && !atEnd()) {
      // Fit width: the stage is as tall as the page at the stage's width; the window scrolls.
      var size = contentSize(state.views[state.view]);
      book.style.height = Math.round(size.h * book.clientWidth / size.w) + "px";
    } else {
      book.style.height = availableHeight() + "px";
    }
    measureStage();
  }

  // options: turn (1 forward, -1 back), glide (move the camera smoothly),
  // anchor (zoom about this point), hash ("push", "replace" or none).
  function render(options) {
    options = options || {};
    var end = atEnd();
    // Leaving the end card while it (or a link on it) has the focus: the focus goes back to the book,
    // not to the page's body, where a keyboard reader would lose sight of it.
    var focusBack = !end && endCard.contains(document.activeElement);
    endCard.hidden = !end;
    turner.hidden = end;
    book.classList.toggle("is-guided", state.mode === "guided");
    book.classList.toggle("is-zoomed", state.mode === "pages" && state.zoom > 1.001);
    book.classList.toggle("is-fit-width", state.mode === "pages" && state.fit === "width");
    if (!end) {
      var view = state.views[state.view];
      layoutCanvas(view);
      setStageHeight();
      canvas.classList.toggle("is-moving", !!options.glide && !reducedMotion());
      if (state.mode === "guided") guidedCamera(state.steps[state.step]);
      else pagesCamera(options.anchor);
      applyCamera();
      if (options.turn) turnAnimation(options.turn > 0);
      preload(view);
    } else {
      setStageHeight();
    }
    indicator.textContent = label();
    announce(pageLabel());
    syncTranscript();
    prevButton.disabled = !end && (state.mode === "guided" ? state.step === 0 : state.view === 0);
    nextButton.disabled = end;
    zoomLevel.textContent = Math.round(state.zoom * 100) + "%";
    buttons.zoomOut.disabled = state.zoom <= 1.001;
    buttons.zoomIn.disabled = state.zoom >= MAX_ZOOM - 0.001;
    if (options.hash) writeHash(options.hash === "push");
    if (end && options.hash === "push") endCard.focus({ preventScroll: true });
    if (focusBack) book.focus({ preventScroll: true });
    // The owner's editor (reader-edit.js) redraws its outlines for the pages now in view, at this scale.
    reader.dispatchEvent(new CustomEvent("panelcraft:view"));
  }

  // A screen reader hears the new page once per turn, not on every panel, nor on a resize.
  var announced = null;
  var starting = true; // until the reader has opened where the address says
  function announce(text) {
    if (!statusRegion || text === announced) return;
    announced = text;
    if (!starting) statusRegion.textContent = text;
  }

  // --- The transcript --------------------------------------------------------------------

  var transcriptShown = "";

  // The sheets whose words the transcript shows: the page or spread in view (the last page at the end).
  function sheetsInView() {
    if (atEnd()) return [sheets.length - 1];
    return state.mode === "guided" ? [currentSheet()] : state.views[state.view].slice();
  }

  // Panel by panel, the words of the panel being read (1-based), when the page's panels were recorded.
  function panelInView() {
    if (state.mode !== "guided" || atEnd()) return 0;
    var step = state.steps[state.step];
    return sheets[step.sheet].regions.panels.length > 1 ? step.panel + 1 : 0;
  }

  // Show the words of the sheets in view (or, for the whole book, every
  // page with those marked), mark the panel being read, and scroll the
  // panel to them.
  function syncTranscript() {
    if (!transcript) return;
    var shown = sheetsInView();
    var panel = panelInView();
    var whole = transcriptAll.getAttribute("aria-pressed") === "true";
    var first = null;
    var reading = null;
    transcriptPages.forEach(function (part) {
      var index = Number(part.getAttribute("data-index"));
      var inView = shown.indexOf(index) !== -1;
      part.hidden = !whole && !inView;
      part.classList.toggle("is-current", whole && inView);
      if (whole && inView) part.setAttribute("aria-current", "true");
      else part.removeAttribute("aria-current");
      if (inView && first === null) first = part;
      Array.prototype.forEach.call(part.querySelectorAll(".transcript-line[data-panel]"), function (line) {
        var now = inView && panel > 0 && Number(line.getAttribute("data-panel")) === panel;
        line.classList.toggle("is-reading", now);
        if (now && reading === null) reading = line;
      });
    });
    var key = (whole ? "all:" : "") + shown.join(",") + "/" + panel;
    if (key === transcriptShown || !transcriptOpen()) return;
    var samePage = transcriptShown.split("/")[0] === key.split("/")[0];
    transcriptShown = key;
    var head = transcript.querySelector(".transcript-head").offsetHeight;
    if (reading) {
      // The panel's words in view, the page's title too when they are its first.
      var top = reading.offsetTop - head - 4;
      var bottom = reading.offsetTop + reading.offsetHeight - transcript.clientHeight;
      if (!samePage || transcript.scrollTop > top || transcript.scrollTop < bottom) {
        transcript.scrollTop = reading === first.querySelector(".transcript-line") ? first.offsetTop - head : top;
      }
    } else if (!samePage) {
      transcript.scrollTop = whole && first ? first.offsetTop - head : 0;
    }
  }

  function setTranscript(open) {
    if (!transcript || open === transcriptOpen()) return;
    var where = keepingHash(place());
    transcript.hidden = !open;
    transcriptToggle.setAttribute("aria-expanded", open ? "true" : "false");
    store.set("transcript", open ? "open" : "closed");
    transcriptShown = "";
    rebuild(where); // the stage makes room for it, or takes the room back
    if (open) bringIntoView();
  }

  function preload(view) {
    [view[0] - 1, view[view.length - 1] + 1, view[view.length - 1] + 2].forEach(function (i) {
      var img = i >= 0 && i < sheets.length ? figures[i].querySelector("img") : null;
      if (img && img.loading === "lazy") img.loading = "eager";
    });
  }

  // In fit width the window scrolls: a new page starts at its top.
  function toTopOfPage() {
    if (state.mode !== "pages" || state.fit !== "width") return;
    var top = book.getBoundingClientRect().top - headerHeight();
    if (top < 0) window.scrollBy(0, top - 8);
  }

  function goToView(v, hash, wanted, quiet) {
    state.wanted = wanted === undefined ? null : wanted;
    v = Math.max(0, Math.min(state.views.length, v));
    var changed = v !== state.view;
    var forward = v > state.view;
    state.view = v;
    state.zoom = 1;
    if (state.mode === "guided" && !atEnd()) state.step = firstStepOf(state.views[v][0]);
    render({ turn: changed && !atEnd() && !quiet ? (forward ? 1 : -1) : 0, hash: changed || wanted !== undefined ? hash : null });
    if (changed) toTopOfPage();
  }

  function goToStep(k, hash, quiet) {
    if (k >= state.steps.length) { goToView(state.views.length, hash); return; }
    k = Math.max(0, k);
    var fromSheet = atEnd() ? sheets.length : state.steps[state.step].sheet;
    var step = state.steps[k];
    var sameSheet = fromSheet === step.sheet;
    state.step = k;
    state.view = viewOfSheet(step.sheet);
    render({ glide: sameSheet, turn: sameSheet || quiet ? 0 : step.sheet > fromSheet ? 1 : -1, hash: sameSheet ? null : hash });
  }

  function next() {
    if (atEnd()) return;
    if (state.mode === "guided") goToStep(state.step + 1, "push");
    else goToView(state.view + 1, "push");
  }

  function prev() {
    if (state.mode === "guided") goToStep(atEnd() ? state.steps.length - 1 : state.step - 1, "push");
    else goToView(state.view - 1, "push");
  }

  // The sheet of this page number (0 is the cover); past the last page, the last.
  function sheetOfPage(number) {
    var index = sheets.length - 1;
    for (var i = 0; i < sheets.length; i++) {
      if (sheets[i].number >= number) { index = i; break; }
    }
    return index;
  }

  function showPage(number, hash, quiet) {
    var index = sheetOfPage(number);
    if (state.mode === "guided") {
      var k = atEnd() && index === sheets.length - 1 ? lastStepOf(index) : firstStepOf(index);
      goToStep(k, hash, quiet);
    } else {
      goToView(viewOfSheet(index), hash, index, quiet);
    }
  }

  // --- Modes, fit, zoom ---------------------------------------------------------------

  function setPressed(button, on) { if (button) button.setAttribute("aria-pressed", on ? "true" : "false"); }

  // Lay everything out again for the mode, fit and window size, and come back to ``where``.
  function rebuild(where) {
    // The bar first: what it shows changes its height, and so the stage's.
    fitGroup.hidden = state.mode === "guided";
    zoomGroup.hidden = state.mode === "guided";
    setPressed(buttons.pages, state.mode === "pages");
    setPressed(buttons.guided, state.mode === "guided");
    setPressed(buttons.fitPage, state.fit === "page");
    setPressed(buttons.fitWidth, state.fit === "width");
    book.classList.toggle("is-guided", state.mode === "guided");
    book.style.height = availableHeight() + "px";
    measureStage();
    state.spread = decideSpread();
    buildViews();
    if (state.mode === "guided") buildSteps();
    if (where.end) {
      state.view = state.views.length;
    } else {
      state.view = viewOfSheet(where.sheet);
      state.wanted = state.mode === "pages" ? where.sheet : null;
      state.zoom = state.mode === "pages" && where.zoom ? where.zoom : 1;
      if (state.mode === "guided") state.step = stepAt(where.sheet, where.panel || 0, where.part || 0);
    }
    render({ hash: where.hash ? "replace" : null });
  }

  // The stage is the window's size: bring the reader's bar to the top when
  // the stage or its controls would be cut off (the title is one scroll up).
  function bringIntoView() {
    var top = reader.getBoundingClientRect().top - headerHeight() - 8;
    var bottom = lastInView().getBoundingClientRect().bottom;
    if (top < 0 || bottom > window.innerHeight) window.scrollBy(0, top);
  }

  function keepingHash(where) {
    where.hash = !!window.location.hash;
    return where;
  }

  function setMode(mode) {
    var where = keepingHash(place());
    state.mode = mode;
    store.set("mode", mode);
    rebuild(where);
    bringIntoView();
  }

  function setFit(fit) {
    var where = keepingHash(place());
    state.fit = fit;
    store.set("fit", fit);
    rebuild(where);
    bringIntoView();
  }

  function zoomTo(zoom, anchor) {
    if (state.mode !== "pages" || atEnd()) return;
    state.zoom = Math.max(1, Math.min(MAX_ZOOM, zoom));
    render({ anchor: anchor || { x: state.stageW / 2, y: state.stageH / 2 } });
  }

  function pan(dx, dy) {
    state.camera.x += dx;
    state.camera.y += dy;
    pagesCamera();
    applyCamera();
  }

  // --- Pointer input: taps, swipes, drags, pinches ---------------------------------------

  function stagePoint(event) {
    var rect = book.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  var pointers = {};
  var gesture = null; // {kind: "tap"|"swipe"|"pan"|"pinch"|"none", ...}
  var lastTap = null;
  var tapTimer = null;
  var TAP_MOVE = 10;
  var SWIPE_MIN = 40;
  var DOUBLE_TAP_MS = 280;

  function pointerIds() { return Object.keys(pointers); }

  function pinchInfo() {
    var ids = pointerIds();
    var a = pointers[ids[0]];
    var b = pointers[ids[1]];
    return { distance: Math.hypot(a.x - b.x, a.y - b.y) || 1, mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
  }

  book.addEventListener("pointerdown", function (event) {
    if (atEnd() || (event.pointerType === "mouse" && event.button !== 0)) return;
    pointers[event.pointerId] = stagePoint(event);
    var count = pointerIds().length;
    if (count === 2) {
      // Two fingers never tap or swipe; on whole pages they pinch.
      gesture = state.mode === "pages" ? { kind: "pinch", distance: pinchInfo().distance, zoom: state.zoom } : { kind: "none" };
    } else if (count === 1) {
      var p = pointers[event.pointerId];
      gesture = { kind: "tap", id: event.pointerId, x: p.x, y: p.y, camX: state.camera.x, camY: state.camera.y };
    }
    try { book.setPointerCapture(event.pointerId); } catch (e) { /* a synthetic or finished pointer */ }
  });

  book.addEventListener("pointermove", function (event) {
    if (!(event.pointerId in pointers) || !gesture) return;
    pointers[event.pointerId] = stagePoint(event);
    if (gesture.kind === "pinch") {
      if (pointerIds().length === 2) {
        var info = pinchInfo();
        zoomTo(gesture.zoom * info.distance / gesture.distance, info.mid);
      }
      return;
    }
    if (event.pointerId !== gesture.id) return;
    var p = pointers[event.pointerId];
    var dx = p.x - gesture.x;
    var dy = p.y - gesture.y;
    if (gesture.kind === "tap" && Math.hypot(dx, dy) > TAP_MOVE) {
      gesture.kind = state.mode === "pages" && state.zoom > 1.001 ? "pan" : "swipe";
    }
    if (gesture.kind === "pan") {
      state.camera.x = gesture.camX + dx;
      state.camera.y = gesture.camY + dy;
      pagesCamera();
      applyCamera();
    }
  });

  function endPointer(event) {
    if (!(event.pointerId in pointers)) return;
    var p = stagePoint(event);
    delete pointers[event.pointerId];
    if (!gesture) return;
    if (gesture.kind === "pinch" || gesture.kind === "none") {
      if (!pointerIds().length) gesture = null;
      return;
    }
    if (event.pointerId !== gesture.id) return;
    var g = gesture;
    gesture = null;
    if (event.type === "pointercancel") return;
    var dx = p.x - g.x;
    var dy = p.y - g.y;
    if (g.kind === "swipe") {
      if (Math.abs(dx) >= SWIPE_MIN && Math.abs(dx) > Math.abs(dy) * 1.5) {
        if (dx < 0) next(); else prev();
      }
    } else if (g.kind === "tap") {
      tap(p);
    }
  }
  book.addEventListener("pointerup", endPointer);
  book.addEventListener("pointercancel", endPointer);
  book.addEventListener("dragstart", function (event) { event.preventDefault(); });

  // A tap on the left third goes back, elsewhere on; on whole pages a
  // double tap zooms in there (or back out), so a single tap waits a moment.
  function tap(point) {
    var side = point.x < state.stageW / 3 ? -1 : point.x > state.stageW * 2 / 3 ? 1 : 0;
    if (state.mode === "guided") {
      if (side < 0) prev(); else next();
      return;
    }
    var now = Date.now();
    if (lastTap && now - lastTap.time < DOUBLE_TAP_MS && Math.hypot(point.x - lastTap.x, point.y - lastTap.y) < 40) {
      clearTimeout(tapTimer);
      lastTap = null;
      zoomTo(state.zoom > 1.001 ? 1 : 2.5, point);
      return;
    }
    lastTap = { time: now, x: point.x, y: point.y };
    clearTimeout(tapTimer);
    if (state.zoom > 1.001 || side === 0) return;
    tapTimer = setTimeout(function () {
      lastTap = null;
      if (side < 0) prev(); else next();
    }, DOUBLE_TAP_MS);
  }

  book.addEventListener("wheel", function (event) {
    if (!(event.ctrlKey || event.metaKey) || state.mode !== "pages" || atEnd()) return;
    event.preventDefault();
    var factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.002));
    zoomTo(state.zoom * factor, stagePoint(event));
  }, { passive: false });

  // --- Keys ---------------------------------------------------------------------------

  // In fit width the window scrolls down a page before the page turns.
  function scrollsFirst(forward) {
    if (state.mode !== "pages" || state.fit !== "width" || atEnd()) return false;
    var box = book.getBoundingClientRect();
    return forward ? box.bottom > window.innerHeight + 2 : box.top < headerHeight() - 2;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    // Keys belong to the reader when nothing else has the focus, or something in the reader has.
    if (target && target !== document.body && target !== document.documentElement && !reader.contains(target)) return;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (event.key === "Escape") {
      // Escape closes the transcript (the focus goes back to its button), then leaves fullscreen.
      if (transcriptOpen()) {
        var inside = transcript.contains(document.activeElement);
        setTranscript(false);
        if (inside) transcriptToggle.focus();
      } else if (document.fullscreenElement === reader) {
        document.exitFullscreen().catch(function () {});
      } else {
        return;
      }
      event.preventDefault();
      return;
    }
    // In the transcript the keys scroll its text.
    if (transcript && transcript.contains(target)) return;
    // Space and Enter keep pressing a focused button or link.
    if ((event.key === " " || event.key === "Enter") && target && target.closest && target.closest("a, button")) return;
    if (event.shiftKey && event.key !== " ") return;
    var zoomed = state.mode === "pages" && state.zoom > 1.001 && !atEnd();
    var step = { x: state.stageW * PAN_STEP, y: state.stageH * PAN_STEP };
    switch (event.key) {
      case "ArrowRight":
        if (zoomed) pan(-step.x, 0); else next();
        break;
      case "ArrowLeft":
        if (zoomed) pan(step.x, 0); else prev();
        break;
      case "ArrowDown":
        if (!zoomed) return;
        pan(0, -step.y);
        break;
      case "ArrowUp":
        if (!zoomed) return;
        pan(0, step.y);
        break;
      case "PageDown":
      case " ":
        if (event.key === " " && event.shiftKey) {
          if (scrollsFirst(false)) return;
          prev();
        } else {
          if (scrollsFirst(true)) return;
          next();
        }
        break;
      case "PageUp":
        if (scrollsFirst(false)) return;
        prev();
        break;
      case "Home":
        showPage(sheets[0].number, "push");
        break;
      case "End":
        // The last panel when reading panel by panel, the last page otherwise.
        if (state.mode === "guided") goToStep(state.steps.length - 1, "push");
        else showPage(sheets[sheets.length - 1].number, "push");
        break;
      case "+":
      case "=":
        zoomTo(state.zoom * 1.25);
        break;
      case "-":
        zoomTo(state.zoom / 1.25);
        break;
      case "0":
        zoomTo(1);
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  buttons.pages.addEventListener("click", function () { setMode("pages"); });
  buttons.guided.addEventListener("click", function () { setMode("guided"); });
  buttons.fitPage.addEventListener("click", function () { setFit("page"); });
  buttons.fitWidth.addEventListener("click", function () { setFit("width"); });
  buttons.zoomIn.addEventListener("click", function () { zoomTo(state.zoom * 1.5); });
  buttons.zoomOut.addEventListener("click", function () { zoomTo(state.zoom / 1.5); });
  prevButton.addEventListener("click", prev);
  if (transcript) {
    transcriptToggle.addEventListener("click", function () { setTranscript(!transcriptOpen()); });
    transcriptAll.addEventListener("click", function () {
      setPressed(transcriptAll, transcriptAll.getAttribute("aria-pressed") !== "true");
      transcriptShown = "";
      syncTranscript();
    });
  }
  nextButton.addEventListener("click", next);
  $("read-again").addEventListener("click", function () {
    showPage(sheets[0].number, "push");
    book.focus({ preventScroll: true });
  });

  // --- The address ------------------------------------------------------------------------

  // "end", a page number, or null for an address that names no page.
  function fromHash() {
    var hash = window.location.hash || "";
    if (hash === "#end") return "end";
    var match = /^#p(\d+)$/i.exec(hash);
    return match ? parseInt(match[1], 10) : null;
  }

  function followHash() {
    var target = fromHash();
    if (target === null) {
      // The entry before the first turn has no page in it: the first page.
      if (window.location.hash) return;
      target = sheets[0].number;
    }
    if (target === "end") {
      if (!atEnd()) goToView(state.views.length, null);
      return;
    }
    if (!atEnd()) {
      var index = sheetOfPage(target);
      var shown = state.mode === "guided" ? [currentSheet()] : state.views[state.view];
      if (shown.indexOf(index) !== -1) return;
    }
    showPage(target, null);
  }
  window.addEventListener("popstate", followHash);
  window.addEventListener("hashchange", followHash);

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { rebuild(place()); }, 120);
  });

  // --- Fullscreen ------------------------------------------------------------------------

  if (fullscreenButton && document.fullscreenEnabled && reader.requestFullscreen) {
    fullscreenButton.hidden = false;
    fullscreenButton.addEventListener("click", function () {
      if (document.fullscreenElement) document.exitFullscreen().catch(function () {});
      else reader.requestFullscreen().catch(function () {});
    });
    document.addEventListener("fullscreenchange", function () {
      var on = document.fullscreenElement === reader;
      reader.classList.toggle("is-fullscreen", on);
      fullscreenButton.textContent = on ? "Exit fullscreen" : "Fullscreen";
      setPressed(fullscreenButton, on);
      if (on) book.focus({ preventScroll: true });
      rebuild(place());
    });
  }

  // --- Start ---------------------------------------------------------------------------

  bar.hidden = false;
  controls.hidden = false;
  if (hint) hint.hidden = false;
  if (transcript) {
    // From the words under the pages to a panel that opens on demand (and scrolls with the keys too).
    transcript.classList.add("is-panel");
    transcript.setAttribute("tabindex", "0");
    transcript.hidden = store.get("transcript") !== "open";
    transcriptToggle.setAttribute("aria-expanded", transcriptOpen() ? "true" : "false");
    transcriptAll.hidden = false;
  } else if (transcriptToggle) {
    transcriptToggle.hidden = true;
  }
  var remembered = store.get("mode");
  var small = reader.clientWidth < NARROW_PX || window.innerHeight < SHORT_PX;
  state.mode = remembered === "guided" || remembered === "pages" ? remembered : small ? "guided" : "pages";
  rebuild({ sheet: 0 });
  var initial = fromHash();
  if (initial === "end") goToView(state.views.length, null, undefined, true);
  else if (initial !== null) showPage(initial, "replace", true);
  starting = false;
  // A message above (published, renamed...) stays in view: the reader is one scroll down.
  if (!window.scrollY && !document.querySelector(".messages")) bringIntoView();
  // Transitions only after the first layout, so nothing moves on load.
  window.requestAnimationFrame(function () {
    window.requestAnimationFrame(function () { book.classList.add("is-ready"); });
  });

  function indexOfPage(number) {
    for (var i = 0; i < sheets.length; i++) if (sheets[i].number === number) return i;
    return -1;
  }

  // A page lettered again (an edit): its new image, alt text, regions and
  // transcript (``words``, the page's .transcript-page from a fresh render),
  // in place, without reloading the reader.
  function replaceSheet(number, fresh, words) {
    var index = indexOfPage(number);
    if (index === -1) return;
    var sheet = sheets[index];
    ["src", "alt", "width", "height", "regions", "transcript", "label"].forEach(function (key) {
      if (key in fresh) sheet[key] = fresh[key];
    });
    var img = figures[index].querySelector("img");
    if (!img && sheet.src) {
      img = document.createElement("img");
      img.setAttribute("decoding", "async");
      img.setAttribute("draggable", "false");
      figures[index].replaceChildren(img);
    }
    if (img) {
      img.width = sheet.width;
      img.height = sheet.height;
      img.alt = sheet.alt;
      img.src = sheet.src;
    }
    if (words && transcriptPages[index]) {
      transcriptPages[index].replaceChildren.apply(transcriptPages[index], Array.prototype.map.call(words.childNodes, function (node) {
        return document.importNode(node, true);
      }));
      transcriptShown = "";
    }
    rebuild(keepingHash(place()));
  }

  // A handle for tests and debugging: window.panelcraftReader.show(2) opens page 2.
  window.panelcraftReader = {
    show: function (number) { showPage(number, "push"); },
    mode: function () { return state.mode; },
    page: function () { return atEnd() ? "end" : sheets[currentSheet()].number; },
    shown: function () { return atEnd() ? [] : state.views[state.view].map(function (i) { return sheets[i].number; }); },
    step: function () { return state.mode === "guided" ? state.step : null; },
    steps: function () { return state.steps.length; },
    zoom: function () { return state.zoom; },
    transcript: function () { return transcriptOpen(); },
    count: sheets.length,
    // For the owner's editor (static/js/reader-edit.js); "panelcraft:view" on #reader says when to look again.
    sheet: function (number) { return sheets[indexOfPage(number)] || null; },
    figure: function (number) { return figures[indexOfPage(number)] || null; },
    scale: function () { return state.camera.s; },
    pagesMode: function () { if (state.mode !== "pages") setMode("pages"); },
    relayout: function () { rebuild(keepingHash(place())); },
    replaceSheet: replaceSheet,
  };
})();
