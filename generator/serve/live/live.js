// gongkai serve: live reload and the error overlay. Served by the dev
// server only, never part of a built site.
(function () {
  "use strict";
  var overlay = null;
  function here() {
    var p = decodeURIComponent(location.pathname);
    return p.charAt(p.length - 1) === "/" ? p + "index.html" : p;
  }
  function ensureStyle() {
    if (document.getElementById("gongkai-live-css")) return;
    var l = document.createElement("link");
    l.id = "gongkai-live-css";
    l.rel = "stylesheet";
    l.href = "/__gongkai/live.css";
    document.head.appendChild(l);
  }
  function showErrors(d) {
    ensureStyle();
    hide();
    overlay = document.createElement("div");
    overlay.id = "gongkai-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "gongkai-overlay-title");
    var box = document.createElement("div");
    box.className = "gongkai-box";
    var h = document.createElement("h2");
    h.id = "gongkai-overlay-title";
    h.textContent = "构建失败（" + d.errors.length + " 个错误）";
    var p = document.createElement("p");
    p.textContent = "下面的页面是上一次成功构建的结果。改正文件并保存后，这里会自动更新。";
    var pre = document.createElement("pre");
    pre.textContent = d.errors.join("\n\n");
    box.appendChild(h);
    box.appendChild(p);
    box.appendChild(pre);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  }
  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }
  // swapCSS points the page's stylesheets at their new fingerprinted
  // names, so a CSS change applies without a reload.
  function swapCSS(urls) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      var m = /([^\/]+)\.[0-9a-f]{10}\.css$/.exec(href);
      if (m && urls[m[1]]) links[i].setAttribute("href", href.slice(0, href.lastIndexOf("/") + 1) + urls[m[1]]);
    }
  }
  var me = document.currentScript;
  var gen = me ? Number(me.getAttribute("data-gen")) : NaN;
  var es = new EventSource("/__gongkai/events");
  // hello comes first on every (re)connection: a build finished while
  // this tab was loading or away means the page may be stale.
  es.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    if (!isNaN(gen) && d.gen !== gen) {
      location.reload();
      return;
    }
    window.__gongkaiLive = true;
  });
  es.addEventListener("failed", function (e) {
    showErrors(JSON.parse(e.data));
  });
  es.addEventListener("built", function (e) {
    var d = JSON.parse(e.data);
    gen++;
    if (overlay !== null) {
      // The page under the overlay is the last good one: reload it
      // whole; the overlay goes with the old page.
      location.reload();
      return;
    }
    if (d.css) {
      swapCSS(d.css);
      return;
    }
    if ((d.changed || []).indexOf(here()) >= 0) location.reload();
  });
})();
