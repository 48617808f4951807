/*
 * The owner's editor in the reader: change a panel's words, move and resize
 * its bubbles, redraw it or put an earlier picture back, add pages, delete
 * or move a page.
 *
 * Loaded only for the book's owner (templates/comics/reader_edit.html). It
 * talks to the reader (reader.js) through window.panelcraftReader: which
 * pages are in view, each page's regions (where its panels and words are, in
 * page pixels), the camera's scale, and replaceSheet() to swap in a page that
 * was lettered again; #reader fires "panelcraft:view" whenever the view
 * changes. Everything it changes goes through the editing API
 * (comics/editing_api.py), which refuses anyone but the owner.
 *
 * An edit that needs work answers with a job. The editor follows it on the
 * job's websocket (polling the job's JSON if the socket can't open) and, the
 * moment the page it changed is lettered again, fetches the reader afresh and
 * swaps in that page's image, regions, alt text and transcript: the rest of
 * the reader stays as it is. Adding, deleting or moving pages reloads the
 * reader when the job is done, since every page number after them changes:
 * the reader opens again at the page the change leaves in view (its address
 * names it), and what was done is said in the edit bar's status once it has.
 */
(function () {
  "use strict";

  var R = window.panelcraftReader;
  var reader = document.getElementById("reader");
  var settingsNode = document.getElementById("reader-editor");
  var toggle = document.getElementById("edit-toggle");
  if (!R || !R.replaceSheet || !reader || !settingsNode || !toggle) return;

  var settings = JSON.parse(settingsNode.textContent);
  var $ = function (id) { return document.getElementById(id); };
  var bar = $("edit-bar");
  var statusText = $("edit-status-text");
  var statusLink = $("edit-status-link");
  var panelDialog = $("edit-panel");
  var panelForm = $("edit-panel-form");
  var redrawForm = $("edit-redraw-form");
  var moreDialog = $("edit-more");
  var moreForm = $("edit-more-form");
  var linesList = $("edit-lines");
  var castList = $("edit-cast");
  var versionsBox = $("edit-versions");
  var versionsToggle = $("edit-versions-toggle");
  var autoPlace = $("edit-auto-place");

  var STORE_KEY = "panelcraft.editing";
  var AFTER_KEY = "panelcraft.editing.done"; // what a change that reloaded the reader did, said once it has
  var AFTER_MS = 120000; // a note older than this is from another visit: not said
  var POLL_MS = 1000;
  var DRAG_START_PX = 5; // a press that moves less than this (on screen) is a click
  var KEY_STEP = 0.02; // of the panel, per arrow key on a chosen bubble
  var KEY_SEND_MS = 700; // after the last arrow key, the new place is sent
  var MIN_BUBBLE = 0.08; // of the panel: the smallest a bubble is resized to

  var editing = false;
  var wasGuided = false;
  var comic = null; // GET /api/comics/<id>/: every page's panels with their words and bubble places
  var open = null; // the panel in the form: {page, panel, data, scene}
  var following = null; // the job being followed
  var drag = null;
  var suppressClick = false;
  var refocus = null; // what had the focus when its page was swapped: {page, key}

  // --- Talking to the server -------------------------------------------------------

  function csrfToken() {
    var input = panelForm.querySelector("[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Resolves {status, data}; a network failure is status 0.
  function api(method, url, body) {
    var headers = { Accept: "application/json", "X-CSRFToken": csrfToken() };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      cache: "no-store",
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }, function () {
      return { status: 0, data: { detail: "The server could not be reached: check the connection and try again." } };
    });
  }

  function pageUrl(number) { return settings.api + "pages/" + number + "/"; }
  function panelUrl(number, panel) { return pageUrl(number) + "panels/" + panel + "/"; }

  function loadComic() {
    return api("GET", settings.api).then(function (answer) {
      if (answer.status === 200) {
        comic = answer.data;
        castList.replaceChildren.apply(castList, (comic.cast || []).map(function (member) {
          var option = document.createElement("option");
          option.value = member.name;
          return option;
        }));
      }
      return comic;
    });
  }

  function storedPanel(number, panel) {
    var pages = comic ? comic.pages : [];
    for (var i = 0; i < pages.length; i++) {
      if (pages[i].number !== number) continue;
      for (var k = 0; k < pages[i].panels.length; k++) if (pages[i].panels[k].index === panel) return pages[i].panels[k];
    }
    return null;
  }

  function pageCount() { return comic ? comic.pages.length : 0; }

  // The refusal's first words for a field, or the whole answer's: DRF nests lists and dicts.
  function messagesOf(value) {
    if (value === null || value === undefined) return [];
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.reduce(function (all, item) { return all.concat(messagesOf(item)); }, []);
    if (typeof value === "object") {
      return Object.keys(value).reduce(function (all, key) { return all.concat(messagesOf(value[key])); }, []);
    }
    return [String(value)];
  }

  function refusal(answer) {
    if (answer.status === 429 || answer.status === 409 || answer.status === 0) {
      return messagesOf(answer.data.detail || answer.data).join(" ");
    }
    if (answer.status === 404) return "This book or page is no longer there: reload the page.";
    if (answer.status === 401 || answer.status === 403) return "Sign in again to change this book.";
    return messagesOf(answer.data.detail || answer.data).join(" ") || "That did not work: try again in a moment.";
  }

  // --- Status and following a job --------------------------------------------------------

  // One line in the edit bar, whatever it says: a long one ends in an ellipsis on the screen (the whole of it
  // is the live region's text, and the line's tooltip), so the bar keeps its height and the page its room.
  function setStatus(text, jobUrl) {
    statusText.textContent = text || "";
    if (text) statusText.title = text;
    else statusText.removeAttribute("title");
    statusLink.hidden = !jobUrl;
    if (jobUrl) statusLink.href = jobUrl;
  }

  // What the bar said of an earlier change is stale once another is tried; a job still being followed
  // keeps its progress.
  function clearStaleStatus() {
    if (!following) setStatus("", "");
  }

  // Follow a job: ``what.pages`` are the page numbers it letters again (each
  // swapped in as soon as it is), ``what.reload`` reloads the reader (at
  // ``what.hash``) once it is done.
  function follow(job, what) {
    stopFollowing();
    var run = { job: job, what: what, done: false, socket: null, timer: null };
    following = run;
    setStatus(what.label, what.reload ? job.url : "");
    var watched = {};
    (what.pages || []).forEach(function (number) { watched[number] = true; });
    // What the job says the author should know (a refused redraw, words set smaller): said instead of
    // the usual "done", which it may contradict.
    var notes = [];

    function finish(ok, text) {
      if (run.done) return;
      run.done = true;
      if (run.socket) { try { run.socket.close(); } catch (e) { /* closed already */ } }
      clearTimeout(run.timer);
      if (!ok) {
        if (following === run) following = null;
        setStatus(text, job.url);
        return;
      }
      var said = notes.length ? notes.join(" ") : "";
      if (what.reload) {
        reloadAt(what.page, said || what.doneLabel || "Done: this is the book as it is now.");
        return;
      }
      refresh().then(function () {
        if (following === run) following = null;
        setStatus(said || what.doneLabel || "Done.", "");
      });
    }

    function onMessage(message) {
      if (run.done || !message || typeof message !== "object") return;
      if (message.type === "page" && watched[message.page]) {
        var sheet = R.sheet(message.page);
        if (sheet && message.url && message.url !== sheet.src) {
          delete watched[message.page];
          refresh();
        }
      } else if (message.type === "notice" && message.message && notes.indexOf(message.message) < 0) {
        notes.push(message.message);
      } else if (message.type === "progress" && what.reload && typeof message.progress === "number") {
        setStatus(what.label + " " + message.progress + "%", job.url);
      } else if (message.type === "done") {
        finish(true);
      } else if (message.type === "failed") {
        finish(false, "That did not work: " + (message.error || "the job stopped.") + " You can retry it from the job page.");
      } else if (message.type === "cancelled") {
        finish(false, "The job was cancelled.");
      } else if (message.type === "deleted") {
        finish(false, "This book was deleted.");
      }
    }

    // The polling fallback reads the job's JSON: the same things, another shape.
    function poll() {
      if (run.done) return;
      api("GET", "/api/jobs/" + job.id + "/").then(function (answer) {
        if (run.done) return;
        if (answer.status === 200) {
          (answer.data.pages || []).forEach(function (page) { onMessage({ type: "page", page: page.page, url: page.url }); });
          (answer.data.notices || []).forEach(function (text) { onMessage({ type: "notice", message: text }); });
          onMessage({ type: "progress", progress: answer.data.progress });
          if (answer.data.status === "succeeded") onMessage({ type: "done" });
          else if (answer.data.status === "failed") onMessage({ type: "failed", error: answer.data.error });
          else if (answer.data.status === "cancelled") onMessage({ type: "cancelled" });
        }
        run.timer = setTimeout(poll, POLL_MS);
      });
    }

    if (!job.websocket || !("WebSocket" in window)) { poll(); return; }
    var socket;
    try {
      socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + job.websocket);
    } catch (e) {
      poll();
      return;
    }
    run.socket = socket;
    socket.addEventListener("message", function (event) {
      try { onMessage(JSON.parse(event.data)); } catch (e) { /* not for us */ }
    });
    socket.addEventListener("close", function () {
      if (!run.done) poll(); // dropped before the job finished: ask the JSON instead
    });
  }

  // Reload the reader at page ``page`` (null: where it is, if that page is still there) and, once it has
  // opened again, say ``text`` in the edit bar's status: the note goes over the reload in the tab's
  // session storage and is forgotten as soon as it is said.
  function reloadAt(page, text) {
    setStatus(text, "");
    try {
      window.sessionStorage.setItem(AFTER_KEY, JSON.stringify({ comic: settings.comic, page: page || null, text: text, at: Date.now() }));
    } catch (e) { /* private mode: the reader opens again without the note */ }
    if (page && window.history && window.history.replaceState) window.history.replaceState(null, "", "#p" + page);
    window.location.reload();
  }

  // The note a reload carried over, once: null when there is none for this book.
  function takeNote() {
    var note = null;
    try {
      note = JSON.parse(window.sessionStorage.getItem(AFTER_KEY) || "null");
      window.sessionStorage.removeItem(AFTER_KEY);
    } catch (e) { return null; }
    if (!note || note.comic !== settings.comic || typeof note.text !== "string") return null;
    if (!(Date.now() - note.at < AFTER_MS)) return null;
    return note;
  }

  // After the reload: the address names the page in view (the reader has opened where it says, or at the
  // last page if the book is shorter than expected), then the note is said where the author looks.
  function sayNote(note) {
    var shown = R.shown();
    var page = R.page();
    if (page !== "end" && shown.length && window.history && window.history.replaceState) {
      var named = /^#p(\d+)$/.exec(window.location.hash || "");
      var wanted = note.page && shown.indexOf(note.page) !== -1 ? note.page : named && shown.indexOf(Number(named[1])) !== -1 ? Number(named[1]) : page;
      if (window.location.hash !== "#p" + wanted) window.history.replaceState(null, "", "#p" + wanted);
    }
    // A moment after the page has settled, so a screen reader hears the change of the live region.
    setTimeout(function () {
      if (editing) {
        if (!following) setStatus(note.text, "");
      } else {
        var region = document.getElementById("reader-status");
        if (region) region.textContent = note.text;
      }
    }, 300);
  }

  function stopFollowing() {
    if (!following) return;
    following.done = true;
    if (following.socket) { try { following.socket.close(); } catch (e) { /* closed already */ } }
    clearTimeout(following.timer);
    following = null;
  }

  function preload(src) {
    return new Promise(function (resolve) {
      var img = new Image();
      img.onload = img.onerror = function () { resolve(); };
      img.src = src;
    });
  }

  // Read the reader afresh (its page JSON and transcript) and the comic's
  // stored words, then swap in every page whose image changed.
  function refresh() {
    var html = fetch(window.location.pathname, { credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .catch(function () { return ""; });
    return Promise.all([html, loadComic()]).then(function (done) {
      var doc = new DOMParser().parseFromString(done[0] || "", "text/html");
      var node = doc.getElementById("reader-sheets");
      if (!node) return null;
      var fresh = JSON.parse(node.textContent);
      if (fresh.length !== R.count) { reloadAt(null, "Pages were added or removed meanwhile: this is the book as it is now."); return null; }
      return Promise.all(fresh.map(function (sheet, index) {
        var current = R.sheet(sheet.number);
        if (!current || current.src === sheet.src) return null;
        var words = doc.querySelector('#transcript .transcript-page[data-index="' + index + '"]');
        return preload(sheet.src).then(function () {
          var focused = document.activeElement;
          if (focused && focused.closest && focused.closest(".edit-layer") && focused.getAttribute("data-key")) {
            refocus = { page: sheet.number, key: focused.getAttribute("data-key") };
          }
          R.replaceSheet(sheet.number, sheet, words);
        });
      }));
    });
  }

  // --- Outlines over the page ---------------------------------------------------------------

  // The speakers of a panel's bubbles in order: lines in a row by one speaker share a bubble.
  function bubbleSpeakers(stored) {
    var speakers = [];
    var firstLines = [];
    ((stored && stored.dialogue) || []).forEach(function (line, i) {
      if (!String(line.text || "").trim()) return;
      if (speakers.length && speakers[speakers.length - 1] === line.speaker) return;
      speakers.push(line.speaker);
      firstLines.push(i);
    });
    return { speakers: speakers, firstLines: firstLines };
  }

  function positioned(node, box) {
    node.style.left = box[0] + "px";
    node.style.top = box[1] + "px";
    node.style.width = box[2] - box[0] + "px";
    node.style.height = box[3] - box[1] + "px";
  }

  function target(className, label, key) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "edit-target " + className;
    button.setAttribute("aria-label", label);
    button.setAttribute("data-key", key);
    return button;
  }

  function buildLayer(number, sheet) {
    var layer = document.createElement("div");
    layer.className = "edit-layer";
    // Presses here are the editor's: the reader's taps, swipes and pinches stay out of them.
    layer.addEventListener("pointerdown", function (event) { event.stopPropagation(); });
    var pageName = "page " + number;
    var texts = []; // every text box on the page, so no bubble's corner handle is put over another's words
    layer.editBubbles = [];
    sheet.regions.panels.forEach(function (region, p) {
      var panel = p + 1;
      var stored = storedPanel(number, panel);
      var whose = bubbleSpeakers(stored);
      var panelName = settings.picture_book ? pageName : "panel " + panel + " of " + pageName;
      var whole = target("edit-target--panel", settings.picture_book ? "Change " + pageName + ": its text or picture" : "Change " + panelName + ": its words or picture", panel + ":panel");
      positioned(whole, region.box);
      whole.addEventListener("click", function () { if (!consumeClick()) openPanel(number, panel, { focus: "first" }); });
      layer.appendChild(whole);
      var bubble = 0;
      region.text.forEach(function (text) {
        if (text.kind === "bubble") {
          var b = bubble++;
          var speaker = whose.speakers[b];
          var box = document.createElement("div");
          box.className = "edit-box";
          positioned(box, text.box);
          var button = target(
            "edit-target--bubble",
            (speaker ? speaker + "’s bubble" : "Bubble " + (b + 1)) + " in " + panelName + ": change the words; arrow keys move it, Shift + arrows resize it",
            panel + ":bubble:" + b
          );
          var handle = document.createElement("span");
          handle.className = "edit-handle";
          handle.setAttribute("aria-hidden", "true");
          box.appendChild(button);
          box.appendChild(handle);
          var where = {
            page: number, panel: panel, bubble: b, panelBox: region.box, box: text.box.slice(), node: box,
            handle: handle, texts: texts, size: sheet.regions.size,
          };
          texts.push(where);
          layer.editBubbles.push(where);
          button.addEventListener("pointerdown", function (event) { startDrag(event, where, "move"); });
          handle.addEventListener("pointerdown", function (event) { startDrag(event, where, "resize"); });
          button.addEventListener("keydown", function (event) { keyMove(event, where); });
          button.addEventListener("click", function () {
            if (!consumeClick()) openPanel(number, panel, { focus: "line", line: whose.firstLines[b] || 0 });
          });
          layer.appendChild(box);
        } else {
          var caption = target("edit-target--caption", (settings.picture_book ? "The text of " : "The caption of ") + panelName + ": change it", panel + ":caption");
          positioned(caption, text.box);
          texts.push({ box: text.box });
          caption.addEventListener("click", function () { if (!consumeClick()) openPanel(number, panel, { focus: "caption" }); });
          layer.appendChild(caption);
        }
      });
    });
    return layer;
  }

  // The resize handle sits just outside its bubble's bottom-right corner, never over words: if another
  // bubble or caption is there (or the page ends), under the bottom edge or beside the right edge instead.
  // It never leaves the page: where no spot near the corner is clear, it takes the one, moved onto the
  // page, that covers the least of any words. Where it sits does not change what it does: dragging it
  // moves the bottom-right corner.
  function placeHandle(where) {
    var s = 1 / (R.scale() || 1); // one screen pixel, in page pixels
    var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    var d = (coarse ? 18 : 14) * s;
    var b = where.box;
    var size = where.size || [Infinity, Infinity];
    var onPage = function (spot) {
      return [Math.min(Math.max(spot[0], 0), size[0] - d), Math.min(Math.max(spot[1], 0), size[1] - d)];
    };
    var spots = [
      [b[2] - 3 * s, b[3] - 3 * s], [b[2] - d, b[3] + 2 * s], [b[2] + 2 * s, b[3] - d],
      [b[2] + 2 * s, b[3] + 2 * s], [b[0], b[3] + 2 * s], [b[2] - d, b[1] - d - 2 * s],
    ];
    var covered = function (spot, pad, others) {
      var r = [spot[0] - pad, spot[1] - pad, spot[0] + d + pad, spot[1] + d + pad];
      return where.texts.reduce(function (area, other) {
        if (other === where && others) return area;
        var o = other.box;
        return area + Math.max(0, Math.min(r[2], o[2]) - Math.max(r[0], o[0])) * Math.max(0, Math.min(r[3], o[3]) - Math.max(r[1], o[1]));
      }, 0);
    };
    var inside = function (spot) { return spot[0] >= 0 && spot[1] >= 0 && spot[0] + d <= size[0] && spot[1] + d <= size[1]; };
    var spot = spots.filter(function (one) { return inside(one) && covered(one, 3 * s, true) === 0; })[0];
    if (!spot) {
      var best = Infinity;
      spots.map(onPage).forEach(function (one) {
        var area = covered(one, 0, false);
        if (area < best - 1e-9) { best = area; spot = one; }
      });
    }
    where.handle.style.left = spot[0] - b[0] + "px";
    where.handle.style.top = spot[1] - b[1] + "px";
  }

  function placeBubble(where) {
    positioned(where.node, where.box);
    placeHandle(where);
  }

  function layerKey(sheet) { return sheet.src + "|" + JSON.stringify(sheet.regions); }

  // Outlines for the pages in view (not the cover), drawn again only when a page changed.
  function drawOutlines() {
    if (!editing) return;
    var unit = 1 / (R.scale() || 1) + "px"; // one screen pixel, in page pixels
    R.shown().forEach(function (number) {
      if (number === 0) return;
      var figure = R.figure(number);
      var sheet = R.sheet(number);
      if (!figure || !sheet || !sheet.regions) return;
      var layer = figure.querySelector(".edit-layer");
      var key = layerKey(sheet);
      if (!layer || layer.getAttribute("data-regions") !== key) {
        if (drag && layer && layer.contains(drag.where.node)) return; // not under a finger
        if (layer) layer.remove();
        layer = buildLayer(number, sheet);
        layer.setAttribute("data-regions", key);
        figure.appendChild(layer);
      }
      layer.style.setProperty("--edit-unit", unit);
      (layer.editBubbles || []).forEach(placeHandle);
      if (refocus && refocus.page === number && (document.activeElement === document.body || !document.activeElement)) {
        var again = layer.querySelector('[data-key="' + refocus.key + '"]');
        if (again) again.focus({ preventScroll: true });
        refocus = null;
      }
    });
  }

  function removeOutlines() {
    Array.prototype.forEach.call(document.querySelectorAll(".edit-layer"), function (layer) { layer.remove(); });
  }

  // --- Moving and resizing a bubble ----------------------------------------------------------

  function consumeClick() {
    if (!suppressClick) return false;
    suppressClick = false;
    return true;
  }

  function clampBox(box, panelBox, mode, start) {
    var minW = (panelBox[2] - panelBox[0]) * MIN_BUBBLE;
    var minH = (panelBox[3] - panelBox[1]) * MIN_BUBBLE;
    var w = box[2] - box[0];
    var h = box[3] - box[1];
    if (mode === "resize") {
      w = Math.min(Math.max(w, minW), panelBox[2] - start[0]);
      h = Math.min(Math.max(h, minH), panelBox[3] - start[1]);
      return [start[0], start[1], start[0] + w, start[1] + h];
    }
    var x0 = Math.min(Math.max(box[0], panelBox[0]), panelBox[2] - w);
    var y0 = Math.min(Math.max(box[1], panelBox[1]), panelBox[3] - h);
    return [x0, y0, x0 + w, y0 + h];
  }

  function startDrag(event, where, mode) {
    if (event.pointerType === "mouse" && event.button !== 0) return;
    event.stopPropagation();
    if (mode === "resize") event.preventDefault();
    drag = {
      where: where, mode: mode, id: event.pointerId, x: event.clientX, y: event.clientY,
      scale: R.scale() || 1, start: where.box.slice(), moved: false, node: event.currentTarget,
    };
    try { event.currentTarget.setPointerCapture(event.pointerId); } catch (e) { /* a synthetic pointer */ }
  }

  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.id) return;
    var dxScreen = event.clientX - drag.x;
    var dyScreen = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dxScreen, dyScreen) < DRAG_START_PX) return;
    drag.moved = true;
    drag.where.node.classList.add("is-dragging");
    var dx = dxScreen / drag.scale;
    var dy = dyScreen / drag.scale;
    var s = drag.start;
    var moved = drag.mode === "resize" ? [s[0], s[1], s[2] + dx, s[3] + dy] : [s[0] + dx, s[1] + dy, s[2] + dx, s[3] + dy];
    drag.where.box = clampBox(moved, drag.where.panelBox, drag.mode, s);
    placeBubble(drag.where);
  });

  function endDrag(event) {
    if (!drag || event.pointerId !== drag.id) return;
    var ended = drag;
    drag = null;
    ended.where.node.classList.remove("is-dragging");
    if (!ended.moved) return;
    suppressClick = true; // the click that follows this release is not a choice
    setTimeout(function () { suppressClick = false; }, 0);
    if (event.type === "pointercancel") {
      ended.where.box = ended.start;
      placeBubble(ended.where);
      return;
    }
    sendPlace(ended.where, ended.start);
  }
  document.addEventListener("pointerup", endDrag);
  document.addEventListener("pointercancel", endDrag);

  // On a chosen bubble the arrow keys move it, and with Shift resize it; the place is sent once the keys rest.
  function keyMove(event, where) {
    var moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    var move = moves[event.key];
    if (!move || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault(); // the reader's arrow keys turn pages: not while a bubble is chosen
    event.stopPropagation();
    var p = where.panelBox;
    var dx = move[0] * KEY_STEP * (p[2] - p[0]);
    var dy = move[1] * KEY_STEP * (p[3] - p[1]);
    if (!where.keyStart) where.keyStart = where.box.slice();
    var b = where.box;
    var mode = event.shiftKey ? "resize" : "move";
    var next = mode === "resize" ? [b[0], b[1], b[2] + dx, b[3] + dy] : [b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy];
    where.box = clampBox(next, p, mode, b);
    placeBubble(where);
    clearTimeout(where.keyTimer);
    where.keyTimer = setTimeout(function () {
      var start = where.keyStart;
      where.keyStart = null;
      sendPlace(where, start);
    }, KEY_SEND_MS);
  }

  function fraction(value) { return Math.round(Math.min(Math.max(value, 0), 1) * 10000) / 10000; }

  // The bubble's new place as fractions of its panel; the panel's other bubbles keep theirs (null: where the lettering put them).
  function sendPlace(where, start) {
    var p = where.panelBox;
    var pw = p[2] - p[0];
    var ph = p[3] - p[1];
    var b = where.box;
    var place = { x: fraction((b[0] - p[0]) / pw), y: fraction((b[1] - p[1]) / ph), w: fraction((b[2] - b[0]) / pw), h: fraction((b[3] - b[1]) / ph) };
    var sheet = R.sheet(where.page);
    var region = sheet.regions.panels[where.panel - 1];
    var count = region.text.filter(function (t) { return t.kind === "bubble"; }).length;
    var stored = (storedPanel(where.page, where.panel) || {}).bubbles || [];
    var bubbles = [];
    for (var i = 0; i < count; i++) bubbles.push(i === where.bubble ? place : stored[i] || null);
    setStatus("Moving the bubble…", "");
    api("PATCH", panelUrl(where.page, where.panel), { bubbles: bubbles }).then(function (answer) {
      if (answer.status === 202) {
        follow(answer.data, { pages: [where.page], label: "Lettering page " + where.page + " with the bubble in its new place…", doneLabel: "Page " + where.page + " is lettered with the bubble in its new place." });
        return;
      }
      where.box = start;
      placeBubble(where);
      setStatus(answer.status === 200 ? "The bubble is already there." : refusal(answer), "");
    });
  }

  // --- The panel's form --------------------------------------------------------------

  // Each message at its field: its words under the field, the field marked invalid and described by them.
  // A message about "Line 2" is shown in line 2's row; what no field is named for, at the top of the form.
  function showErrors(form, errors) {
    clearErrors(form);
    var first = null;
    var general = [];
    function tell(node, words, inputs) {
      node.textContent = node.textContent ? node.textContent + " " + words : words;
      node.hidden = false;
      inputs.forEach(function (input) {
        input.setAttribute("aria-invalid", "true");
        var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (described.indexOf(node.id) === -1) described.push(node.id);
        input.setAttribute("aria-describedby", described.join(" "));
      });
      if (!first) first = inputs[0] || null;
    }
    Object.keys(errors || {}).forEach(function (field) {
      var messages = messagesOf(errors[field]);
      if (field === "dialogue" && linesList) {
        messages = messages.filter(function (words) {
          var row = lineOf(words);
          if (!row) return true;
          tell(row.querySelector(".edit-line-error"), words, fieldInputs(form, field, words));
          return false;
        });
        if (!messages.length) return;
      }
      var node = form.querySelector("#edit-" + field + "-error") || (form.closest("dialog") || form).querySelector("#edit-" + field + "-error");
      var words = messages.join(" ");
      if (!node) { general.push(words); return; }
      tell(node, words, fieldInputs(form, field, words));
    });
    var box = form.querySelector(".edit-form-error");
    if (general.length && box) {
      box.textContent = general.join(" ");
      box.hidden = false;
    }
    if (first) first.focus();
    else if (general.length && box) box.scrollIntoView({ block: "nearest" });
  }

  // The row of the line a message is about ("Line 2 ..."), or null.
  function lineOf(words) {
    var match = /^Line (\d+)\b/.exec(words);
    var rows = linesList ? linesList.querySelectorAll(".edit-line") : [];
    return (match && rows[Number(match[1]) - 1]) || null;
  }

  // The inputs an error is about: "Line 2 ..." is about line 2's speaker and words.
  function fieldInputs(form, field, words) {
    if (field === "dialogue") {
      var row = lineOf(words);
      if (row) {
        var inputs = Array.prototype.slice.call(row.querySelectorAll("input, textarea"));
        if (/speaker/.test(words)) return inputs.slice(0, 1);
        if (/empty|characters/.test(words)) return inputs.slice(1);
        return inputs;
      }
      return Array.prototype.slice.call(form.querySelectorAll(".edit-line textarea"));
    }
    var named = form.querySelector('[name="' + field + '"]');
    return named ? [named] : [];
  }

  function clearErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll(".edit-field-error, .edit-form-error"), function (node) {
      node.textContent = "";
      node.hidden = true;
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (input) {
      input.removeAttribute("aria-invalid");
      describedByLine(input, null);
    });
  }

  // Point an input's description at its line's message (``id``), or at none (null).
  function describedByLine(input, id) {
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (one) {
      return one && !/^edit-line-\d+-error$/.test(one);
    });
    if (id) described.push(id);
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  function lineRow(line) {
    var row = document.createElement("li");
    row.className = "edit-line";
    var speakerLabel = document.createElement("label");
    var speaker = document.createElement("input");
    speaker.type = "text";
    speaker.className = "edit-line-speaker";
    speaker.setAttribute("list", "edit-cast");
    speaker.autocomplete = "off";
    speaker.value = line.speaker || "";
    var textLabel = document.createElement("label");
    var text = document.createElement("textarea");
    text.className = "edit-line-text";
    text.rows = 2;
    text.value = line.text || "";
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn btn-small btn-quiet edit-line-remove";
    remove.addEventListener("click", function () {
      var rows = Array.prototype.slice.call(linesList.children);
      var at = rows.indexOf(row);
      row.remove();
      numberLines();
      var after = linesList.children[at] || linesList.children[at - 1];
      (after ? after.querySelector("input") : $("edit-add-line")).focus();
    });
    var speakerField = document.createElement("div");
    speakerField.className = "edit-line-field";
    speakerField.append(speakerLabel, speaker);
    var textField = document.createElement("div");
    textField.className = "edit-line-field edit-line-field--text";
    textField.append(textLabel, text);
    var error = document.createElement("p"); // what is wrong with this line, under its fields
    error.className = "edit-field-error edit-line-error";
    error.hidden = true;
    row.append(speakerField, textField, error, remove);
    return row;
  }

  // Each line's labels and ids say its number, so a message about "Line 2" points at line 2.
  function numberLines() {
    Array.prototype.forEach.call(linesList.children, function (row, i) {
      var n = i + 1;
      var labels = row.querySelectorAll("label");
      var speaker = row.querySelector(".edit-line-speaker");
      var text = row.querySelector(".edit-line-text");
      var error = row.querySelector(".edit-line-error");
      speaker.id = "edit-line-" + n + "-speaker";
      text.id = "edit-line-" + n + "-text";
      error.id = "edit-line-" + n + "-error";
      error.textContent = error.textContent.replace(/^Line \d+\b/, "Line " + n); // a line above it was removed
      [speaker, text].forEach(function (input) {
        if (input.getAttribute("aria-invalid") === "true") describedByLine(input, error.id);
      });
      labels[0].htmlFor = speaker.id;
      labels[0].textContent = "Line " + n + ": who says it";
      labels[1].htmlFor = text.id;
      labels[1].textContent = "Line " + n + ": what they say";
      row.querySelector(".edit-line-remove").textContent = "Remove line " + n;
    });
    $("edit-no-lines").hidden = linesList.children.length > 0;
  }

  function openPanel(number, panel, options) {
    var go = comic ? Promise.resolve(comic) : loadComic();
    go.then(function () {
      var stored = storedPanel(number, panel);
      if (!stored) { setStatus("This panel could not be read: reload the page.", ""); return; }
      open = { page: number, panel: panel, data: stored };
      $("edit-panel-title").textContent = settings.picture_book ? "Page " + number : "Page " + number + ", panel " + panel;
      clearErrors(panelForm);
      clearErrors(redrawForm);
      if (linesList) {
        linesList.replaceChildren.apply(linesList, (stored.dialogue || []).map(lineRow));
        numberLines();
      }
      panelForm.elements.caption.value = stored.caption || "";
      if (panelForm.elements.sfx) panelForm.elements.sfx.value = stored.sfx || "";
      if (autoPlace) autoPlace.hidden = !(stored.bubbles || []).some(function (place) { return !!place; });
      redrawForm.elements.scene.value = stored.scene || "";
      redrawForm.elements.image_prompt.value = "";
      versionsBox.hidden = true;
      versionsToggle.setAttribute("aria-expanded", "false");
      $("edit-versions-list").replaceChildren();
      panelDialog.showModal();
      var focus = null;
      if (options.focus === "line" && linesList) focus = linesList.querySelectorAll(".edit-line-text")[options.line || 0];
      else if (options.focus === "caption") focus = panelForm.elements.caption;
      if (!focus) focus = panelForm.querySelector("input, textarea");
      if (focus) focus.focus();
    });
  }

  function panelEdits() {
    var body = { caption: panelForm.elements.caption.value };
    if (linesList) {
      body.dialogue = Array.prototype.map.call(linesList.children, function (row) {
        return { speaker: row.querySelector(".edit-line-speaker").value, text: row.querySelector(".edit-line-text").value };
      });
      body.sfx = panelForm.elements.sfx.value;
    }
    return body;
  }

  function busy(button, on) {
    button.disabled = on;
    if (on) button.setAttribute("aria-busy", "true");
    else button.removeAttribute("aria-busy");
  }

  // A 202 closes the form and follows the job; a 400 stays in the form, at the field.
  function submitEdit(form, button, method, url, body, what) {
    clearErrors(form);
    clearStaleStatus();
    busy(button, true);
    return api(method, url, body).then(function (answer) {
      busy(button, false);
      if (answer.status === 202) {
        panelDialog.close();
        follow(answer.data, what);
      } else if (answer.status === 200) {
        panelDialog.close();
        setStatus(what.unchanged || "Nothing changed.", "");
      } else if (answer.status === 400) {
        showErrors(form, answer.data);
      } else {
        showErrors(form, { detail: refusal(answer) });
      }
      return answer;
    });
  }

  panelForm.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!open) return;
    var n = open.page;
    submitEdit(panelForm, $("edit-save"), "PATCH", panelUrl(n, open.panel), panelEdits(), {
      pages: [n], label: "Lettering page " + n + "…", doneLabel: "Page " + n + " is lettered again.", unchanged: "Nothing changed.",
    });
  });

  if ($("edit-add-line")) {
    $("edit-add-line").addEventListener("click", function () {
      var rows = linesList.children;
      var last = rows.length ? rows[rows.length - 1].querySelector(".edit-line-speaker").value : "";
      var row = lineRow({ speaker: "", text: "" });
      linesList.appendChild(row);
      numberLines();
      row.querySelector(".edit-line-speaker").placeholder = last;
      row.querySelector("input").focus();
    });
  }

  if (autoPlace) {
    autoPlace.addEventListener("click", function () {
      if (!open) return;
      var n = open.page;
      var count = (open.data.bubbles || []).length;
      var places = [];
      for (var i = 0; i < count; i++) places.push(null);
      submitEdit(panelForm, autoPlace, "PATCH", panelUrl(n, open.panel), { bubbles: places }, {
        pages: [n], label: "Lettering page " + n + " with its bubbles where they fit…", doneLabel: "Page " + n + " is lettered again.",
      });
    });
  }

  redrawForm.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!open) return;
    var n = open.page;
    var body = {};
    var scene = redrawForm.elements.scene.value.trim();
    var prompt = redrawForm.elements.image_prompt.value.trim();
    if (scene !== String(open.data.scene || "").trim()) body.scene = redrawForm.elements.scene.value;
    if (prompt) body.image_prompt = prompt;
    var name = settings.picture_book ? "page " + n : "page " + n + ", panel " + open.panel;
    submitEdit(redrawForm, $("edit-redraw"), "POST", panelUrl(n, open.panel) + "redraw/", body, {
      pages: [n], label: "Painting " + name + " again…", doneLabel: "A new picture for " + name + "; the old one is kept under Versions.",
    });
  });

  versionsToggle.addEventListener("click", function () {
    var show = versionsBox.hidden;
    versionsBox.hidden = !show;
    versionsToggle.setAttribute("aria-expanded", show ? "true" : "false");
    if (show) loadVersions();
  });

  function loadVersions() {
    if (!open) return;
    var list = $("edit-versions-list");
    var note = $("edit-versions-note");
    var at = open;
    note.textContent = "Reading the versions…";
    $("edit-version-error").hidden = true;
    api("GET", panelUrl(at.page, at.panel) + "versions/").then(function (answer) {
      if (open !== at) return;
      if (answer.status !== 200) { note.textContent = refusal(answer); return; }
      var versions = answer.data;
      note.textContent = versions.length === 1
        ? "One version: redraw the " + (settings.picture_book ? "picture" : "panel") + " for another."
        : versions.length + " versions, oldest first.";
      list.replaceChildren.apply(list, versions.map(function (version) {
        var item = document.createElement("li");
        item.className = "edit-version" + (version.in_use ? " is-in-use" : "");
        var img = document.createElement("img");
        img.src = version.art_url;
        img.alt = "Version " + version.number;
        img.decoding = "async";
        var caption = document.createElement("p");
        caption.className = "edit-version-name";
        caption.textContent = "Version " + version.number;
        item.append(img, caption);
        if (version.in_use) {
          var mark = document.createElement("p");
          mark.className = "edit-version-mark";
          mark.textContent = "In use";
          item.appendChild(mark);
          item.setAttribute("aria-current", "true");
        } else {
          var use = document.createElement("button");
          use.type = "button";
          use.className = "btn btn-small";
          use.textContent = "Use this one";
          use.setAttribute("aria-label", "Use version " + version.number);
          use.addEventListener("click", function () {
            var n = at.page;
            submitEdit(panelForm, use, "POST", panelUrl(n, at.panel) + "versions/" + version.number + "/use/", undefined, {
              pages: [n], label: "Lettering page " + n + " with version " + version.number + "…",
              doneLabel: "Page " + n + " shows version " + version.number + " again.", unchanged: "That version is in use already.",
            });
          });
          item.appendChild(use);
        }
        return item;
      }));
      versionsBox.scrollIntoView({ block: "nearest" });
    });
  }

  // --- Dialogs: Close, Cancel, Escape ------------------------------------------------------------

  [panelDialog, moreDialog].forEach(function (dialog) {
    Array.prototype.forEach.call(dialog.querySelectorAll("[data-close]"), function (button) {
      button.addEventListener("click", function () { dialog.close(); });
    });
    // The reader's keys (arrows turn pages, Escape closes the transcript) stay out of the form; Escape closes it.
    dialog.addEventListener("keydown", function (event) { event.stopPropagation(); });
    dialog.addEventListener("click", function (event) {
      if (event.target !== dialog) return;
      var box = dialog.getBoundingClientRect();
      var outside = event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
      if (outside) dialog.close(); // a click on the backdrop
    });
  });
  panelDialog.addEventListener("close", function () { open = null; });

  // --- Adding pages; deleting and moving a page ------------------------------------------------

  $("edit-continue").addEventListener("click", function () {
    clearErrors(moreForm);
    moreDialog.showModal();
    moreForm.elements.pages.focus();
  });

  moreForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var pages = parseInt(moreForm.elements.pages.value, 10);
    var body = { pages: isNaN(pages) ? moreForm.elements.pages.value : pages, direction: moreForm.elements.direction.value };
    var button = $("edit-more-submit");
    clearErrors(moreForm);
    clearStaleStatus();
    busy(button, true);
    var before = pageCount() || R.count;
    api("POST", settings.api + "continue/", body).then(function (answer) {
      busy(button, false);
      if (answer.status === 202) {
        moreDialog.close();
        var s = pages === 1 ? "" : "s";
        var first = before + 1;
        var added = pages === 1 ? "page " + first : "pages " + first + "–" + (before + pages);
        follow(answer.data, {
          reload: true, page: first, label: "Adding " + pages + " page" + s + "…",
          doneLabel: (pages === 1 ? "The new page is ready: " : "The " + pages + " new pages are ready: ") + added + ", shown from page " + first + ".",
        });
      } else if (answer.status === 400) {
        showErrors(moreForm, answer.data);
      } else {
        showErrors(moreForm, { detail: refusal(answer) });
      }
    });
  });

  // One group of buttons per page in view (a spread shows two): move it earlier or later, delete it.
  var pagesShown = "";

  function syncPageButtons() {
    var total = pageCount();
    var numbers = R.page() === "end" ? [] : R.shown().filter(function (number) { return number > 0; });
    var key = numbers.join(",") + "/" + total;
    if (key === pagesShown) return;
    pagesShown = key;
    var box = $("edit-pages");
    box.replaceChildren.apply(box, numbers.map(function (number) {
      var group = document.createElement("span");
      group.className = "edit-page-group";
      group.setAttribute("role", "group");
      var name = document.createElement("strong");
      name.className = "small";
      name.id = "edit-page-" + number + "-name";
      name.textContent = "Page " + number + ":";
      group.setAttribute("aria-labelledby", name.id);
      group.appendChild(name);
      [["Move earlier", "earlier", number <= 1, function () { movePage(number, -1); }],
        ["Move later", "later", number >= total, function () { movePage(number, 1); }],
        ["Delete", "delete", total <= 1, function () { deletePage(number); }]].forEach(function (spec) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-small" + (spec[1] === "delete" ? " btn-danger" : "");
        button.id = "edit-page-" + number + "-" + spec[1];
        button.textContent = spec[0];
        button.disabled = spec[2];
        button.addEventListener("click", spec[3]);
        group.appendChild(button);
      });
      return group;
    }));
  }

  function movePage(number, by) {
    var total = pageCount();
    var to = number + by;
    if (!total || to < 1 || to > total) return;
    var order = [];
    for (var i = 1; i <= total; i++) order.push(i);
    order[number - 1] = to;
    order[to - 1] = number;
    setStatus("Moving page " + number + "…", "");
    api("POST", settings.api + "pages/order/", { order: order }).then(function (answer) {
      if (answer.status === 202) {
        follow(answer.data, {
          reload: true, page: to, label: "Moving page " + number + " to page " + to + "…",
          doneLabel: "Moved: page " + number + " is now page " + to + " (shown here), and page " + to + " is now page " + number + ".",
        });
      } else {
        setStatus(answer.status === 200 ? messagesOf(answer.data.detail).join(" ") : refusal(answer), "");
      }
    });
  }

  function deletePage(number) {
    if (!window.confirm("Delete page " + number + " for good? Its pictures go with it, and the pages after it move up. This can’t be undone.")) return;
    var total = pageCount();
    setStatus("Deleting page " + number + "…", "");
    api("DELETE", pageUrl(number)).then(function (answer) {
      if (answer.status === 202) {
        // The page after it moves up into its place and is the one shown; deleting the last page shows the new last one.
        var last = number >= total;
        var shown = last ? Math.max(1, number - 1) : number;
        follow(answer.data, {
          reload: true, page: shown, label: "Deleting page " + number + "…",
          doneLabel: last
            ? "Page " + number + " is deleted. Showing page " + shown + ", the last page now."
            : "Page " + number + " is deleted. Showing the page that came after it, page " + number + " now.",
        });
      } else {
        setStatus(refusal(answer), "");
      }
    });
  }

  // --- Edit mode --------------------------------------------------------------------------

  function setEditing(on) {
    if (on === editing) return;
    editing = on;
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    bar.hidden = !on;
    reader.classList.toggle("is-editing", on);
    try {
      if (on) window.sessionStorage.setItem(STORE_KEY, String(settings.comic));
      else window.sessionStorage.removeItem(STORE_KEY);
    } catch (e) { /* private mode */ }
    if (on) {
      // Outlines need the whole page: panel by panel comes back when editing ends.
      wasGuided = R.mode() === "guided";
      R.pagesMode();
      loadComic().then(function () {
        syncPageButtons();
        drawOutlines();
      });
    } else {
      removeOutlines();
      if (wasGuided) document.getElementById("mode-guided").click();
    }
    R.relayout(); // the bar takes room above the page, or gives it back
  }

  // The reader sizes its stage to the window less its bars: when the edit bar's height changes (its page
  // buttons wrap, a message is said), the stage is fitted again, so the page and Previous/Next stay in the
  // window. Twice the same two heights in a row is a bar that wraps back and forth: left as it is.
  var barHeights = [];
  if ("ResizeObserver" in window) {
    new ResizeObserver(function () {
      if (!editing || bar.hidden) return;
      var height = Math.round(bar.getBoundingClientRect().height);
      if (height === barHeights[0]) return;
      if (height === barHeights[1] && barHeights[2] === barHeights[0]) return;
      barHeights = [height].concat(barHeights).slice(0, 3);
      R.relayout();
    }).observe(bar);
  }

  toggle.hidden = false;
  toggle.addEventListener("click", function () { setEditing(!editing); });
  reader.addEventListener("panelcraft:view", function () {
    if (!editing) return;
    drawOutlines();
    syncPageButtons();
  });

  var remembered = null;
  try { remembered = window.sessionStorage.getItem(STORE_KEY); } catch (e) { /* private mode */ }
  if (remembered === String(settings.comic)) setEditing(true);
  if (settings.job) {
    // A change still being made when the reader opened: follow it to the end.
    if (!editing) setEditing(true);
    follow(settings.job, {
      reload: true, label: (settings.job.purpose || "A change is being made") + "…",
      doneLabel: (settings.job.purpose ? settings.job.purpose + ": done." : "The change is made.") + " This is the book as it is now.",
    });
  }
  var carried = takeNote();
  if (carried) sayNote(carried);
})();
