/* Strata: progressive enhancement for the default theme.
 *
 * Everything works without this file: terms link to the glossary and CSS shows
 * their tooltips on hover and focus. With it:
 *  - tooltips follow WCAG 2.2 SC 1.4.13: Escape closes them, one is open at a
 *    time, they stay open while the pointer is over the trigger or the tooltip
 *    and close shortly after it leaves both, and they are placed inside the
 *    viewport without covering their trigger;
 *  - on touch, the first tap on a term opens its definition as a toggletip with
 *    a link to the glossary; a second tap, a tap elsewhere or Escape closes it;
 *  - the tier switcher lands on the section the reader is in, when the other
 *    tier has a section with the same id.
 */
(function () {
  "use strict";

  var CLOSE_DELAY = 300; // ms after the pointer leaves trigger and tooltip
  var GAP = 6;           // px between trigger and tooltip
  var MARGIN = 8;        // px kept free at the viewport's edges

  var root = document.documentElement;
  root.classList.add("tips-js");

  /* ------------------------------------------------------------- tooltips */

  var open = null;        // the open .tip-wrap
  var hovered = null;     // the .tip-wrap under a mouse or pen
  var focused = null;     // the .tip-wrap whose trigger has keyboard focus
  var toggled = false;    // whether `open` was opened by a tap (toggletip)
  var closeTimer = 0;
  var lastPointer = "";   // pointerType of the latest pointerdown
  var coarse = window.matchMedia ? window.matchMedia("(pointer: coarse)") : { matches: false };

  function wrapOf(node) {
    return node && node.closest ? node.closest(".tip-wrap") : null;
  }
  function triggerOf(wrap) {
    return wrap.querySelector(".term, .cite-link");
  }
  function tipOf(wrap) {
    return wrap.querySelector(".tooltip");
  }

  function show(wrap) {
    clearTimeout(closeTimer);
    if (open === wrap) return;
    if (open) hide();
    open = wrap;
    wrap.classList.add("is-open");
    place(wrap);
  }

  function hide() {
    clearTimeout(closeTimer);
    if (!open) return;
    var wrap = open;
    open = null;
    wrap.classList.remove("is-open");
    var tip = tipOf(wrap);
    tip.style.top = tip.style.left = tip.style.maxHeight = tip.style.overflowY = "";
    if (toggled) {
      toggled = false;
      var more = tip.querySelector(".tooltip-more");
      if (more) more.remove();
      triggerOf(wrap).setAttribute("aria-expanded", "false");
    }
  }

  // Close the open tooltip unless something still holds it open.
  function release(wrap, delay) {
    if (open !== wrap || toggled || hovered === wrap || focused === wrap) return;
    clearTimeout(closeTimer);
    if (delay) closeTimer = setTimeout(hide, delay);
    else hide();
  }

  // Put the tooltip below its trigger, or above it when it fits there and not
  // below; clamp it horizontally. It never overlaps the trigger's box.
  function place(wrap) {
    var tip = tipOf(wrap);
    var trigger = triggerOf(wrap);
    tip.style.top = tip.style.left = tip.style.maxHeight = tip.style.overflowY = "";
    var vw = root.clientWidth;
    var vh = root.clientHeight;
    var box = trigger.getBoundingClientRect();
    var first = trigger.getClientRects()[0] || box;
    var w = tip.offsetWidth;
    var h = tip.offsetHeight;
    var below = vh - box.bottom - GAP - MARGIN;
    var above = box.top - GAP - MARGIN;
    var top;
    if (h <= below || below >= above) {
      top = box.bottom + GAP;
      if (h > below) setMaxHeight(tip, below);
      tip.setAttribute("data-side", "below");
    } else {
      if (h > above) setMaxHeight(tip, above);
      top = box.top - GAP - Math.min(h, above);
      tip.setAttribute("data-side", "above");
    }
    var left = Math.max(MARGIN, Math.min(first.left, vw - MARGIN - w));
    tip.style.top = Math.round(top) + "px";
    tip.style.left = Math.round(left) + "px";
  }

  function setMaxHeight(tip, px) {
    tip.style.maxHeight = Math.max(px, 48) + "px";
    tip.style.overflowY = "auto";
  }

  var placing = false;
  function reposition() {
    if (!open || placing) return;
    placing = true;
    requestAnimationFrame(function () {
      placing = false;
      if (open) place(open);
    });
  }

  function isTouch() {
    return lastPointer === "touch" || (coarse.matches && lastPointer !== "mouse" && lastPointer !== "pen");
  }

  // Toggletip: the first tap opens the definition with a link to the glossary.
  function toggle(wrap) {
    if (open === wrap && toggled) {
      hide();
      return;
    }
    hide();
    show(wrap);
    toggled = true;
    var trigger = triggerOf(wrap);
    var tip = tipOf(wrap);
    trigger.setAttribute("aria-expanded", "true");
    if (trigger.classList.contains("term") && !tip.querySelector(".tooltip-more")) {
      var more = document.createElement("a");
      more.className = "tooltip-more";
      more.href = trigger.href;
      more.textContent = "Read more in the glossary";
      tip.appendChild(more);
    }
    place(wrap);
  }

  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType;
    if (open && toggled && !open.contains(e.target)) hide();
  }, true);

  document.addEventListener("pointerover", function (e) {
    if (e.pointerType === "touch") return;
    var wrap = wrapOf(e.target);
    if (!wrap || hovered === wrap) return;
    hovered = wrap;
    if (open === wrap) clearTimeout(closeTimer);
    else if (!(open && toggled)) show(wrap);
  });

  document.addEventListener("pointerout", function (e) {
    if (e.pointerType === "touch") return;
    var wrap = wrapOf(e.target);
    if (!wrap || wrap.contains(e.relatedTarget)) return;
    if (hovered === wrap) hovered = null;
    release(wrap, CLOSE_DELAY);
  });

  document.addEventListener("focusin", function (e) {
    var wrap = wrapOf(e.target);
    if (!wrap || e.target !== triggerOf(wrap)) return;
    var visible = true;
    try { visible = e.target.matches(":focus-visible"); } catch (err) { /* old browser */ }
    if (!visible) return; // a tap or click: the click handler decides
    focused = wrap;
    if (!(open && toggled)) show(wrap);
  });

  document.addEventListener("focusout", function (e) {
    var wrap = wrapOf(e.target);
    if (!wrap || wrap.contains(e.relatedTarget)) return;
    if (focused === wrap) focused = null;
    release(wrap, 0);
  });

  document.addEventListener("click", function (e) {
    var wrap = wrapOf(e.target);
    // e.detail is 0 for a click made with the keyboard: let Enter follow the link.
    if (!wrap || e.target.closest(".tooltip") || e.detail === 0 || !isTouch()) return;
    if (!e.target.closest(".term, .cite-link")) return;
    e.preventDefault();
    toggle(wrap);
  });

  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && open) {
      // Close without moving focus or scrolling; reopen on the next hover or focus.
      hide();
    }
  });

  window.addEventListener("scroll", reposition, { passive: true, capture: true });
  window.addEventListener("resize", reposition, { passive: true });

  /* --------------------------------------------------------- tier switcher */

  // The section the reader is in: the last h2/h3 with an id whose top is
  // above the top of the viewport (below the switcher bar when it sticks
  // there), plus a little.
  function currentSection(bar) {
    var box = bar.getBoundingClientRect();
    var limit = (box.top <= 1 ? box.bottom : 0) + 48;
    var headings = document.querySelectorAll(".prose h2[id], .prose h3[id]");
    var id = "";
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top > limit) break;
      id = headings[i].id;
    }
    return id;
  }

  document.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var link = e.target.closest ? e.target.closest(".tier-option[data-sections]") : null;
    if (!link) return;
    var id = currentSection(link.closest(".tier-switcher") || link);
    if (!id || (" " + link.getAttribute("data-sections") + " ").indexOf(" " + id + " ") < 0) return;
    e.preventDefault();
    window.location.href = link.href.split("#")[0] + "#" + encodeURIComponent(id);
  });
})();
