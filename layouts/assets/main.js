// gongkai theme script: 长辈模式 switch and live 公示 status. Plain JS, no
// dependencies; the page works without it.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  var KEY = "gongkai-elder";
  function stored() { try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; } }
  function store(on) { try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) {} }
  if (stored()) root.classList.add("elder");

  // The reader's date in China Standard Time (UTC+8), as YYYY-MM-DD.
  function today() {
    var t = new Date(Date.now() + 8 * 3600 * 1000);
    return t.toISOString().slice(0, 10);
  }
  var LABELS = { upcoming: "未开始", active: "公示中", ended: "已结束" };
  function refreshStatus() {
    var now = window.GONGKAI_TODAY || today();
    var els = document.querySelectorAll(".status[data-start]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i], s = el.getAttribute("data-start"), e = el.getAttribute("data-end");
      var st = now < s ? "upcoming" : now > e ? "ended" : "active";
      el.className = "status status-" + st;
      el.textContent = LABELS[st];
    }
  }

  // A 公文's 版记 sits at the foot of its last page (GB/T 9704). CSS cannot
  // say "bottom of the last page"; while the print layout is in effect
  // (the print media query's change event comes with it, pages stacked
  // one 版心 high) a spacer takes the room left above the 版记. Margins
  // would not do: they are dropped at the top of a page.
  var PAGE = 225 / 25.4 * 96; // the 版心's height, 225 mm, in CSS px
  var spacer = null;
  function placeBanji(e) {
    var b = document.querySelector(".gw-banji");
    if (spacer) { spacer.parentNode.removeChild(spacer); spacer = null; }
    if (!b || !e.matches) return;
    spacer = document.createElement("div");
    spacer.className = "gw-banji-space";
    spacer.style.height = "1px";
    b.parentNode.insertBefore(spacer, b);
    // Measured with the spacer in place: the 版记's margin, dropped at the
    // top of a page, now counts.
    var r = b.getBoundingClientRect();
    var room = PAGE - ((r.top + window.pageYOffset) % PAGE) - r.height - 2;
    if (room > 0) spacer.style.height = (1 + room) + "px";
  }
  if (window.matchMedia) {
    var printing = window.matchMedia("print");
    if (printing.addEventListener) printing.addEventListener("change", placeBanji);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var btn = document.getElementById("elder-toggle");
    if (btn) {
      // The label says what a press does: enter the mode, or leave it.
      var show = function (on) {
        btn.setAttribute("aria-pressed", on ? "true" : "false");
        btn.textContent = on ? "退出长辈模式" : "长辈模式";
      };
      show(root.classList.contains("elder"));
      btn.addEventListener("click", function () {
        var on = root.classList.toggle("elder");
        show(on);
        store(on);
      });
    }
    // On a phone the menu scrolls sideways: bring the current section into view.
    var cur = document.querySelector(".site-nav a[aria-current]");
    if (cur) {
      var bar = cur.parentNode.parentNode;
      if (bar.scrollWidth > bar.clientWidth) bar.scrollLeft = cur.getBoundingClientRect().left - bar.getBoundingClientRect().left - (bar.clientWidth - cur.offsetWidth) / 2;
    }
    // 纠错 by mail names the page the reader was on.
    var fix = document.querySelectorAll('a.correction-link[href^="mailto:"]');
    for (var j = 0; j < fix.length; j++) {
      var href = fix[j].getAttribute("href");
      fix[j].setAttribute("href", href + (href.indexOf("?") < 0 ? "?" : "&") +
        "subject=" + encodeURIComponent("网站纠错：" + document.title) +
        "&body=" + encodeURIComponent("页面：" + location.href + "\n错误和建议："));
    }
    var prints = document.querySelectorAll(".print-button");
    for (var i = 0; i < prints.length; i++) {
      prints[i].hidden = false;
      prints[i].addEventListener("click", function () { window.print(); });
    }
    refreshStatus();
    folds();
  });

  // Folds (<details class="fold">) close long sections on a phone only.
  // main.css shows them open from 48rem up; here they are also marked
  // open there, and their summaries leave the tab order, so a keyboard or
  // a screen reader meets a page that reads as it looks. A link to a
  // folded section opens it.
  function folds() {
    var all = document.querySelectorAll("details.fold, details.fold-cell");
    if (!all.length) return;
    var wide = window.matchMedia && window.matchMedia("(min-width: 48rem)");
    var initial = [];
    for (var i = 0; i < all.length; i++) initial.push(all[i].open);
    function layout() {
      for (var i = 0; i < all.length; i++) {
        var on = wide && wide.matches;
        all[i].open = on || initial[i];
        var s = all[i].querySelector("summary");
        if (on) s.setAttribute("tabindex", "-1"); else s.removeAttribute("tabindex");
      }
    }
    function target() {
      var id = decodeURIComponent(location.hash.slice(1));
      for (var el = id && document.getElementById(id); el; el = el.parentElement) {
        if (el.tagName === "DETAILS") { el.open = true; }
      }
    }
    layout();
    target();
    if (wide && wide.addEventListener) wide.addEventListener("change", layout);
    window.addEventListener("hashchange", target);
  }
})();
