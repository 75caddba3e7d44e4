/* Text size and high contrast: remembered between pages (localStorage), set
   as classes on <html> so no inline style is needed (a strict CSP holds).
   Loaded in <head> so a saved choice applies before the page is drawn; the
   buttons appear only when this script runs. */
(function () {
  'use strict';
  var root = document.documentElement, KEY = 'kmsite-display';
  var SIZES = ['text-normal', 'text-large', 'text-larger'];
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(KEY) || '{}'); } catch (e) { saved = {}; }
  function apply() {
    SIZES.forEach(function (c) { root.classList.remove(c); });
    root.classList.add(SIZES[saved.size || 0]);
    root.classList.toggle('contrast-high', !!saved.contrast);
  }
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(saved)); } catch (e) { /* private mode: this page only */ }
    apply();
    update();
  }
  var buttons = {};
  function update() {
    if (!buttons.smaller) return;
    buttons.smaller.disabled = !saved.size;
    buttons.larger.disabled = (saved.size || 0) >= SIZES.length - 1;
    buttons.contrast.setAttribute('aria-pressed', saved.contrast ? 'true' : 'false');
  }
  apply();
  document.addEventListener('DOMContentLoaded', function () {
    var bar = document.getElementById('display-controls');
    if (!bar) return;
    ['smaller', 'larger', 'contrast'].forEach(function (name) {
      buttons[name] = bar.querySelector('[data-display="' + name + '"]');
    });
    buttons.smaller.addEventListener('click', function () { saved.size = Math.max(0, (saved.size || 0) - 1); save(); });
    buttons.larger.addEventListener('click', function () { saved.size = Math.min(SIZES.length - 1, (saved.size || 0) + 1); save(); });
    buttons.contrast.addEventListener('click', function () { saved.contrast = !saved.contrast; save(); });
    bar.hidden = false;
    update();
  });
})();
