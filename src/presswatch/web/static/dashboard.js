/* presswatch dashboard: layer switches, tooltips of highlights, selects that submit their form.
   No data reaches this script as code: it reads data-* attributes and writes text only (textContent). */
(function () {
  "use strict";

  function layerSwitches() {
    document.querySelectorAll("input[type=checkbox][data-layer]").forEach(function (box) {
      var target = document.getElementById(box.getAttribute("data-target"));
      if (!target) { return; }
      function apply() { target.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked); }
      box.addEventListener("change", apply);
      apply();
    });
  }

  function autoSubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { if (select.form) { select.form.submit(); } });
    });
  }

  function layerShown(mark) {
    var box = mark.closest(".doc-text");
    return !box || !box.classList.contains("hide-" + mark.getAttribute("data-layer"));
  }

  function tooltips() {
    var tip = document.getElementById("tip");
    if (!tip) { return; }
    var current = null;

    function show(mark) {
      var parts = [];
      for (var m = mark; m; m = m.parentElement ? m.parentElement.closest("mark.hl") : null) {
        if (layerShown(m)) { parts.push(m); }
      }
      if (!parts.length) { hide(); return; }
      tip.textContent = "";
      parts.reverse().forEach(function (m) {
        var part = document.createElement("div");
        part.className = "tip-part L-" + m.getAttribute("data-layer");
        part.textContent = m.getAttribute("data-tip");
        tip.appendChild(part);
      });
      tip.hidden = false;
      var r = mark.getBoundingClientRect();
      var w = tip.offsetWidth, h = tip.offsetHeight;
      var left = Math.min(Math.max(8, r.left + window.scrollX), window.scrollX + document.documentElement.clientWidth - w - 8);
      var top = r.bottom + window.scrollY + 6;
      if (r.bottom + h + 12 > window.innerHeight && r.top > h + 12) { top = r.top + window.scrollY - h - 6; }
      tip.style.left = left + "px";
      tip.style.top = top + "px";
      current = mark;
    }

    function hide() { tip.hidden = true; current = null; }

    document.addEventListener("mouseover", function (e) {
      var mark = e.target.closest ? e.target.closest("mark.hl[data-tip]") : null;
      if (mark && mark !== current) { show(mark); } else if (!mark && current) { hide(); }
    });
    document.addEventListener("focusin", function (e) {
      var mark = e.target.closest ? e.target.closest("mark.hl[data-tip]") : null;
      if (mark) { show(mark); }
    });
    document.addEventListener("focusout", hide);
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
  }

  function start() { layerSwitches(); autoSubmit(); tooltips(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
