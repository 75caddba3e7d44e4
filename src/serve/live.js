// kmsite serve only: reloads the page when the site was rebuilt, and shows
// the build's errors over the page until they are fixed. Never published.
(function () {
  "use strict";
  var me = document.currentScript;
  var served = me ? me.getAttribute("data-site") : null;
  var box = null;
  function hide() {
    if (box) box.remove();
    box = null;
  }
  function show(errors) {
    hide();
    box = document.createElement("div");
    box.id = "kmsite-errors";
    box.setAttribute("role", "alert");
    box.setAttribute("lang", "th");
    var s = box.style;  // CSSOM, which a Content-Security-Policy without 'unsafe-inline' allows
    s.position = "fixed"; s.left = "0"; s.right = "0"; s.top = "0"; s.maxHeight = "70vh";
    s.overflow = "auto"; s.zIndex = "2147483647"; s.background = "#fff4f4";
    s.color = "#5a0000"; s.borderBottom = "4px solid #b00020"; s.padding = "1rem 1.25rem";
    s.font = "16px/1.5 system-ui, sans-serif"; s.boxShadow = "0 4px 16px rgba(0,0,0,.3)";
    var h = document.createElement("h2");
    h.textContent = "สร้างเว็บไซต์ไม่สำเร็จ แก้ไขตามรายการนี้แล้วบันทึกไฟล์ / The site could not be built: fix these and save";
    h.style.margin = "0 0 .5rem"; h.style.fontSize = "1.15rem";
    box.appendChild(h);
    var note = document.createElement("p");
    note.textContent = "หน้านี้ยังแสดงเว็บไซต์ที่สร้างสำเร็จครั้งล่าสุด / This page still shows the last site that built.";
    note.style.margin = "0 0 .5rem";
    box.appendChild(note);
    var list = document.createElement("ul");
    list.style.margin = "0"; list.style.paddingLeft = "1.25rem";
    errors.forEach(function (e) {
      var li = document.createElement("li");
      var code = document.createElement("code");
      code.textContent = e;  // text, never HTML: messages quote the author's input
      code.style.whiteSpace = "pre-wrap"; code.style.wordBreak = "break-word";
      li.appendChild(code);
      list.appendChild(li);
    });
    box.appendChild(list);
    (document.body || document.documentElement).appendChild(box);
  }
  // Whether this page shows a changed file: the file it is, or one it
  // loaded (style sheet, script, font, picture, search data). null: not known.
  function shows(changed) {
    if (!changed) return true;
    var mine = {};
    try { mine[decodeURIComponent(me.getAttribute("data-file") || "")] = true; } catch (e) { return true; }
    var loaded = window.performance && performance.getEntriesByType ?
        performance.getEntriesByType("resource") : [];
    for (var i = 0; i < loaded.length; i++) {
      try {
        var u = new URL(loaded[i].name, location.href);
        if (u.origin !== location.origin) continue;
        var f = decodeURIComponent(u.pathname).replace(/^\//, "");
        mine[f === "" || /\/$/.test(f) ? f + "index.html" : f] = true;
      } catch (e) { return true; }
    }
    for (var j = 0; j < changed.length; j++) if (mine[changed[j]]) return true;
    return false;
  }
  if (!window.EventSource) return;
  var events = new EventSource("/__kmsite/events" + (served !== null ? "?site=" + encodeURIComponent(served) : ""));
  events.addEventListener("state", function (m) {
    var state;
    try { state = JSON.parse(m.data); } catch (e) { return; }
    if (state.errors && state.errors.length) {
      show(state.errors);
      return;
    }
    hide();
    if (served !== null && String(state.site) !== served) {
      if (!shows(state.changed)) {
        served = String(state.site);  // nothing this page shows changed
        return;
      }
      events.close();
      location.reload();
    }
  });
})();
