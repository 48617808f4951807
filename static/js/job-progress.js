/*
 * Live progress for a generation job.
 *
 * Listens on the job's websocket; if it can't open (or drops before the job
 * has finished) it reconnects once, then falls back to polling the JSON API
 * every 1.5 s until the job reaches a terminal status. The page is rendered
 * server-side first, so everything here is an enhancement.
 */
(function () {
  "use strict";

  var root = document.getElementById("job");
  if (!root) return;

  var TERMINAL = { succeeded: true, failed: true, cancelled: true };
  var STATUS_LABELS = {
    queued: "Queued",
    running: "Making\u2026",
    succeeded: "Ready",
    failed: "Failed",
    cancelled: "Cancelled",
  };
  var POLL_MS = 1500;
  var QUEUE_REFRESH_MS = 5000; // how often a waiting job asks for its place in the queue
  var RECONNECT_MS = 1000;
  var OPEN_TIMEOUT_MS = 8000;
  var USAGE_REFRESH_MS = 10000; // how often a running job's usage block is re-read

  var el = {
    bar: document.getElementById("progress-bar"),
    fill: document.getElementById("progress-fill"),
    percent: document.getElementById("progress-percent"),
    stage: document.getElementById("stage"),
    status: document.getElementById("job-status"),
    title: document.getElementById("job-title"),
    error: document.getElementById("job-error"),
    settingsHint: document.getElementById("job-settings-hint"),
    cancelledNote: document.getElementById("job-cancelled"),
    queueNote: document.getElementById("job-queue"),
    stalledNote: document.getElementById("job-stalled"),
    notices: document.getElementById("job-notices"),
    picturesTitle: document.getElementById("pictures-title"),
    cancelForm: document.getElementById("cancel-form"),
    retryForm: document.getElementById("retry-form"),
    done: document.getElementById("done-actions"),
    readLink: document.getElementById("read-link"),
    pdfLink: document.getElementById("pdf-link"),
    liveNote: document.getElementById("live-note"),
    panels: document.getElementById("panels"),
    panelsEmpty: document.getElementById("panels-empty"),
    coverSlot: document.getElementById("cover-slot"),
    coverThumb: document.getElementById("cover-thumb"),
    pages: document.getElementById("pages"),
    pagesEmpty: document.getElementById("pages-empty"),
  };

  var wsPath = root.getAttribute("data-ws");
  var apiUrl = root.getAttribute("data-api");
  var readerUrl = root.getAttribute("data-reader");
  var pdfUrl = root.getAttribute("data-pdf");
  var status = root.getAttribute("data-status") || "queued";
  var finished = !!TERMINAL[status];
  var stalledEl = document.getElementById("job-stalled");
  var stalled = !!stalledEl && !stalledEl.hidden;
  var progress = el.bar ? parseInt(el.bar.getAttribute("aria-valuenow"), 10) || 0 : 0;
  var comicTitle = el.title ? el.title.textContent.trim() : "";
  var siteSuffix = (function () {
    var parts = document.title.split(" \u2014 ");
    return parts.length > 1 ? " \u2014 " + parts[parts.length - 1] : "";
  })();

  // --- Rendering ---------------------------------------------------------------

  function setProgress(value) {
    if (typeof value !== "number" || !isFinite(value)) return;
    progress = Math.max(0, Math.min(100, Math.round(value)));
    if (el.bar) el.bar.setAttribute("aria-valuenow", String(progress));
    if (el.fill) el.fill.style.width = progress + "%";
    if (el.percent) el.percent.textContent = progress + "%";
    updateDocumentTitle();
  }

  function setStage(text) {
    if (el.stage && typeof text === "string" && text && el.stage.textContent !== text) {
      el.stage.textContent = text;
    }
  }

  function setTitle(title) {
    if (typeof title !== "string" || !title.trim()) return;
    comicTitle = title.trim();
    if (el.title && el.title.textContent !== comicTitle) el.title.textContent = comicTitle;
    updateDocumentTitle();
  }

  function setStatus(next) {
    if (!STATUS_LABELS[next]) return;
    var ended = !TERMINAL[status] && TERMINAL[next];
    status = next;
    root.setAttribute("data-status", next);
    if (el.status) {
      el.status.textContent = STATUS_LABELS[next];
      el.status.className = "status-pill status-" + next;
    }
    if (el.bar) {
      el.bar.classList.toggle("is-active", next === "queued" || next === "running");
      el.bar.classList.toggle("is-done", next === "succeeded");
      el.bar.classList.toggle("is-failed", next === "failed");
      el.bar.classList.toggle("is-cancelled", next === "cancelled");
    }
    var active = !TERMINAL[next];
    if (el.cancelForm) el.cancelForm.hidden = !active;
    if (el.liveNote) el.liveNote.hidden = !active;
    if (el.retryForm) el.retryForm.hidden = !(next === "failed" || next === "cancelled" || stalled);
    if (el.done) el.done.hidden = next !== "succeeded";
    if (el.cancelledNote) el.cancelledNote.hidden = next !== "cancelled";
    if (el.error && next !== "failed") el.error.hidden = true;
    if (el.queueNote && next !== "queued") el.queueNote.hidden = true;
    if (el.stalledNote) el.stalledNote.hidden = !stalled;
    // As the page says it on a reload: every picture is there once the job succeeded.
    if (el.picturesTitle) el.picturesTitle.textContent = next === "succeeded" ? "Pictures" : "Pictures so far";
    // A note the last click left ("Resuming where it stopped.") is out of date once the job ends here.
    if (ended) {
      document.querySelectorAll(".messages .message-info, .messages .message-success").forEach(function (note) {
        note.hidden = true;
      });
    }
    updateDocumentTitle();
  }

  function setQueueNote(text) {
    if (!el.queueNote || typeof text !== "string") return;
    el.queueNote.textContent = text;
    el.queueNote.hidden = !text || status !== "queued";
  }

  function updateDocumentTitle() {
    var name = comicTitle || "Your comic";
    var prefix;
    if (status === "succeeded") prefix = "\u2713 Ready: ";
    else if (status === "failed") prefix = "Failed: ";
    else if (status === "cancelled") prefix = "Cancelled: ";
    else prefix = progress + "% \u00b7 ";
    document.title = prefix + name + siteSuffix;
  }

  function insertSorted(list, item, key) {
    // Keep reading order: items carry numeric sort keys in data-sort.
    item.setAttribute("data-sort", String(key));
    var children = list.children;
    for (var i = 0; i < children.length; i++) {
      if (Number(children[i].getAttribute("data-sort")) > key) {
        list.insertBefore(item, children[i]);
        return;
      }
    }
    list.appendChild(item);
  }

  function addPanel(page, panel, url) {
    if (!el.panels || !url) return;
    page = Number(page);
    panel = Number(panel);
    if (!page || !panel) return;
    var key = page + "-" + panel;
    var existing = el.panels.querySelector('[data-key="' + key + '"]');
    if (existing) {
      var img = existing.querySelector("img");
      if (img && img.getAttribute("src") !== url) img.setAttribute("src", url);
      return;
    }
    var item = document.createElement("li");
    item.className = "panel-cell is-new";
    item.setAttribute("data-key", key);
    var image = document.createElement("img");
    image.className = "panel-thumb";
    image.src = url;
    image.alt = "Page " + page + ", panel " + panel;
    image.title = image.alt;
    image.decoding = "async";
    image.setAttribute("data-page", String(page));
    image.setAttribute("data-panel", String(panel));
    item.appendChild(image);
    insertSorted(el.panels, item, page * 100 + panel);
    if (el.panelsEmpty) el.panelsEmpty.hidden = true;
  }

  function addNotice(text) {
    if (!el.notices || typeof text !== "string" || !text) return;
    var items = el.notices.querySelectorAll("li");
    for (var i = 0; i < items.length; i++) if (items[i].textContent === text) return;
    var item = document.createElement("li");
    item.textContent = text;
    el.notices.appendChild(item);
    el.notices.hidden = false;
  }

  function setCover(url) {
    if (!url || !el.coverThumb) return;
    if (el.coverThumb.getAttribute("src") !== url) el.coverThumb.setAttribute("src", url);
    if (el.coverSlot) el.coverSlot.hidden = false;
  }

  function addPage(page, url) {
    page = Number(page);
    if (!el.pages || !page || !url) return;
    var existing = el.pages.querySelector('[data-key="' + page + '"]');
    if (existing) {
      var img = existing.querySelector("img");
      if (img && img.getAttribute("src") !== url) img.setAttribute("src", url);
      return;
    }
    var item = document.createElement("li");
    item.className = "page-cell is-new";
    item.setAttribute("data-key", String(page));
    var image = document.createElement("img");
    image.className = "page-thumb";
    image.src = url;
    image.alt = "Page " + page;
    image.decoding = "async";
    image.setAttribute("data-page", String(page));
    item.appendChild(image);
    insertSorted(el.pages, item, page);
    if (el.pagesEmpty) el.pagesEmpty.hidden = true;
  }

  // The usage block is re-read from this page itself, so its numbers are formatted in one place (the server).
  var usageReadAt = Date.now();

  function refreshUsage(force) {
    if (!document.getElementById("usage") || !window.fetch || !window.DOMParser) return;
    var now = Date.now();
    if (!force && now - usageReadAt < USAGE_REFRESH_MS) return;
    usageReadAt = now;
    fetch(location.pathname, { credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("usage");
        var current = document.getElementById("usage");
        if (fresh && current) current.parentNode.replaceChild(document.importNode(fresh, true), current);
      })
      .catch(function () {
        /* the numbers shown stay until the next try */
      });
  }

  // --- Messages ----------------------------------------------------------------

  function finish(next) {
    finished = true;
    setStatus(next);
    stopPolling();
    refreshUsage(true);
    if (socket) {
      var s = socket;
      socket = null;
      try { s.close(1000); } catch (e) { /* already closed */ }
    }
  }

  function handle(message) {
    if (!message || typeof message !== "object") return;
    if (!finished && (message.type === "progress" || message.type === "panel" || message.type === "page")) {
      refreshUsage(false);
    }
    switch (message.type) {
      case "progress":
        if (finished) return; // a late update after the end changes nothing
        setProgress(message.progress);
        setStage(message.stage);
        setTitle(message.title);
        if (message.status && !TERMINAL[message.status]) setStatus(message.status);
        setQueueNote(message.queue);
        // A snapshot says whether the run went silent; any other progress comes from a live run.
        var nowStalled = typeof message.stalled === "boolean" ? message.stalled : false;
        if (nowStalled !== stalled) {
          stalled = nowStalled;
          setStatus(status);
        }
        break;
      case "panel":
        addPanel(message.page, message.panel, message.url);
        if (!finished) setProgress(message.progress);
        break;
      case "cover":
        setCover(message.url);
        if (!finished) setProgress(message.progress);
        break;
      case "page":
        if (Number(message.page) === 0) setCover(message.url);
        else addPage(message.page, message.url);
        if (!finished) setProgress(message.progress);
        break;
      case "notice":
        addNotice(message.message);
        break;
      case "done":
        setTitle(message.title);
        if (el.readLink && message.reader_url) el.readLink.setAttribute("href", message.reader_url);
        if (el.pdfLink && message.pdf_url) el.pdfLink.setAttribute("href", message.pdf_url);
        setProgress(100);
        setStage(root.getAttribute("data-done") || "Done");
        finish("succeeded");
        break;
      case "failed":
        if (el.error) {
          el.error.textContent = message.error || "Something went wrong while making this comic.";
          el.error.hidden = false;
        }
        // A provider problem is fixed on the settings page: offer the way there.
        if (el.settingsHint) el.settingsHint.hidden = (message.error || "").indexOf("settings page") === -1;
        setStage("Stopped");
        if (typeof message.progress === "number") setProgress(message.progress);
        finish("failed");
        break;
      case "deleted":
        setStage("Deleted");
        finish("cancelled");
        if (el.cancelledNote) el.cancelledNote.textContent = "This comic was deleted.";
        if (el.retryForm) el.retryForm.hidden = true;
        break;
      case "cancelled":
        setStage("Cancelled");
        if (typeof message.progress === "number") setProgress(message.progress);
        finish("cancelled");
        break;
      default:
        break; // unknown types are ignored on purpose
    }
  }

  // --- Websocket, then polling ------------------------------------------------

  var socket = null;
  var reconnects = 0;
  var pollTimer = null;
  var polling = false;
  var pollFailures = 0;

  function connect() {
    if (finished) return;
    if (!wsPath || !("WebSocket" in window)) {
      startPolling();
      return;
    }
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + wsPath;
    var ws;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      startPolling();
      return;
    }
    socket = ws;
    var opened = false;
    var openTimer = setTimeout(function () {
      if (!opened) {
        try { ws.close(); } catch (e) { /* ignore */ }
      }
    }, OPEN_TIMEOUT_MS);

    var queueTimer = null;
    ws.addEventListener("open", function () {
      opened = true;
      clearTimeout(openTimer);
      root.setAttribute("data-transport", "websocket");
      // While waiting, the place in the queue changes without any message about this job.
      queueTimer = setInterval(function () {
        if (status === "queued" && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "refresh" }));
      }, QUEUE_REFRESH_MS);
    });
    ws.addEventListener("message", function (event) {
      var data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      handle(data);
    });
    ws.addEventListener("close", function () {
      clearTimeout(openTimer);
      clearInterval(queueTimer);
      if (socket === ws) socket = null;
      if (finished) return;
      if (reconnects < 1) {
        reconnects += 1;
        setTimeout(connect, RECONNECT_MS);
      } else {
        startPolling();
      }
    });
  }

  function startPolling() {
    if (polling || finished || !apiUrl) return;
    polling = true;
    root.setAttribute("data-transport", "polling");
    poll();
  }

  function stopPolling() {
    polling = false;
    if (pollTimer) {
      clearTimeout(pollTimer);
      pollTimer = null;
    }
  }

  function applySnapshot(data) {
    if (!data || typeof data !== "object") return;
    handle({ type: "progress", status: data.status, progress: data.progress, stage: data.stage, queue: data.queue_note, stalled: data.stalled });
    (data.painted_panels || []).forEach(function (p) {
      handle({ type: "panel", page: p.page, panel: p.panel, url: p.url });
    });
    if (data.cover_url) handle({ type: "cover", url: data.cover_url });
    (data.pages || []).forEach(function (p) {
      handle({ type: "page", page: p.page, url: p.url });
    });
    (data.notices || []).forEach(function (text) {
      handle({ type: "notice", message: text });
    });
    if (data.status === "succeeded") handle({ type: "done", reader_url: readerUrl, pdf_url: pdfUrl });
    else if (data.status === "failed") handle({ type: "failed", error: data.error });
    else if (data.status === "cancelled") handle({ type: "cancelled" });
  }

  function poll() {
    pollTimer = null;
    if (!polling || finished) return;
    fetch(apiUrl, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        pollFailures = 0;
        applySnapshot(data);
      })
      .catch(function () {
        pollFailures += 1;
      })
      .then(function () {
        if (polling && !finished) {
          // Back off gently while the server is unreachable.
          pollTimer = setTimeout(poll, pollFailures > 3 ? POLL_MS * 4 : POLL_MS);
        }
      });
  }

  // --- Start ---------------------------------------------------------------------

  if (el.fill) el.fill.style.width = progress + "%";
  updateDocumentTitle();
  if (!finished) connect();

  // Test hook and a tiny debugging aid: window.panelcraftJob.handle({...}).
  window.panelcraftJob = { handle: handle, startPolling: startPolling };
})();
