// Strata live reload: injected by `strata serve` only, never part of a build.
(function () {
  "use strict";
  var KEY = "strata-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    var y = parseInt(saved, 10);
    var restore = function () { window.scrollTo(0, y); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }

  function reload() {
    sessionStorage.setItem(KEY, String(window.scrollY));
    location.reload();
  }

  // Stylesheets are fingerprinted, so a changed one has a new URL and integrity:
  // read them from the freshly built page and swap each link that changed, keeping
  // the old one until the new one has loaded (no flash of unstyled page).
  function swapCss() {
    fetch(location.href, { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelectorAll('link[rel="stylesheet"]');
        var current = document.querySelectorAll('link[rel="stylesheet"]');
        if (fresh.length !== current.length) { reload(); return; }
        for (var i = 0; i < current.length; i++) {
          var next = fresh[i];
          if (current[i].getAttribute("href") === next.getAttribute("href")) continue;
          var link = current[i].cloneNode();
          link.setAttribute("href", next.getAttribute("href"));
          if (next.hasAttribute("integrity")) link.setAttribute("integrity", next.getAttribute("integrity"));
          else link.removeAttribute("integrity");
          (function (old, added) {
            added.addEventListener("load", function () { old.remove(); });
            added.addEventListener("error", reload);
          })(current[i], link);
          current[i].after(link);
        }
      })
      .catch(reload);
  }

  var overlay = null;
  function hideOverlay() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function showOverlay(diagnostics) {
    hideOverlay();
    overlay = document.createElement("div");
    overlay.id = "strata-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-label", "Build failed");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f4f4f5;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem";
    var title = document.createElement("h2");
    title.textContent = "Build failed: " + diagnostics.length + " problem" + (diagnostics.length === 1 ? "" : "s") + " (showing the last good build underneath)";
    title.style.cssText = "font:600 1.1rem system-ui,sans-serif;margin:0 0 1rem;color:#fca5a5";
    overlay.appendChild(title);
    diagnostics.forEach(function (d) {
      var block = document.createElement("pre");
      block.className = "strata-diagnostic";
      block.style.cssText = "white-space:pre-wrap;margin:0 0 1rem;padding:1rem;border-left:4px solid " + (d.severity === "error" ? "#f87171" : "#fbbf24") + ";background:#18181b";
      block.textContent = d.rendered;
      overlay.appendChild(block);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.cssText = "position:absolute;top:1rem;right:1rem;font:inherit;padding:.25rem .75rem";
    close.addEventListener("click", hideOverlay);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }

  var retry = 250;
  var everConnected = false;
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/__strata/ws");
    socket.onopen = function () {
      if (everConnected) { reload(); return; }
      everConnected = true;
      retry = 250;
    };
    socket.onmessage = function (event) {
      var msg = JSON.parse(event.data);
      if (msg.type === "reload") { hideOverlay(); reload(); }
      else if (msg.type === "css") { hideOverlay(); swapCss(); }
      else if (msg.type === "errors") { showOverlay(msg.diagnostics); }
    };
    socket.onclose = function () {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 2000);
    };
  }
  connect();
})();
