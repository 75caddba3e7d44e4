// Gallery lightbox: opens a gallery's pictures in a modal <dialog>. Focus
// stays inside, Esc closes and returns focus to the picture that opened it,
// the arrow keys move between pictures and "3 จาก 12" is announced. Without
// JavaScript (or <dialog>) each picture is a plain link to its own page.
(function () {
  'use strict';
  var list = document.querySelector('[data-gallery]');
  if (!list || typeof HTMLDialogElement !== 'function') return;
  var links = Array.prototype.slice.call(list.querySelectorAll('a.gallery-link'));
  if (!links.length) return;
  var label = function (key) { return list.getAttribute('data-label-' + key) || ''; };

  function element(tag, attributes, text) {
    var e = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (k) { e.setAttribute(k, attributes[k]); });
    if (text) e.textContent = text;
    return e;
  }

  var dialog = element('dialog', { 'class': 'lightbox', 'aria-labelledby': 'lightbox-caption',
                                   'aria-describedby': 'lightbox-status' });
  var body = element('div', { 'class': 'lightbox-body' });
  var figure = element('figure');
  var caption = element('p', { 'id': 'lightbox-caption', 'class': 'lightbox-caption' });
  var status = element('p', { 'id': 'lightbox-status', 'class': 'lightbox-status', 'aria-live': 'polite' });
  var bar = element('div', { 'class': 'lightbox-bar' });
  var previous = element('button', { 'type': 'button', 'class': 'lightbox-previous' }, '← ' + label('previous'));
  var details = element('a', { 'class': 'lightbox-details' }, label('details'));
  var next = element('button', { 'type': 'button', 'class': 'lightbox-next' }, label('next') + ' →');
  var close = element('button', { 'type': 'button', 'class': 'lightbox-close' }, label('close'));
  bar.append(previous, details, next, close);
  body.append(figure, caption, status, bar);
  dialog.append(body);
  document.body.append(dialog);

  var current = 0;
  var opener = null;

  function show(index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    var picture = link.querySelector('picture').cloneNode(true);
    picture.querySelectorAll('source, img').forEach(function (e) {
      e.setAttribute('sizes', '(min-width: 64em) 60em, 100vw');
    });
    picture.querySelector('img').removeAttribute('loading');
    figure.replaceChildren(picture);
    var text = link.parentNode.querySelector('figcaption');
    caption.textContent = text ? text.textContent : picture.querySelector('img').alt;
    status.textContent = (current + 1) + ' ' + label('of') + ' ' + links.length;
    details.setAttribute('href', link.getAttribute('href'));
  }

  function focusable() {
    return Array.prototype.slice.call(dialog.querySelectorAll('button, a[href]'));
  }

  links.forEach(function (link, index) {
    link.addEventListener('click', function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      opener = link;
      show(index);
      dialog.showModal();
      close.focus();
    });
  });
  previous.addEventListener('click', function () { show(current - 1); });
  next.addEventListener('click', function () { show(current + 1); });
  close.addEventListener('click', function () { dialog.close(); });
  // A click on the backdrop (the dialog itself, outside its body) closes it.
  dialog.addEventListener('click', function (event) { if (event.target === dialog) dialog.close(); });
  dialog.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowRight') {
      show(current + 1);
      event.preventDefault();
    } else if (event.key === 'ArrowLeft') {
      show(current - 1);
      event.preventDefault();
    } else if (event.key === 'Tab') {
      // Keep focus inside: from the last control to the first and back.
      var items = focusable();
      var first = items[0], last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        last.focus();
        event.preventDefault();
      } else if (!event.shiftKey && document.activeElement === last) {
        first.focus();
        event.preventDefault();
      }
    }
  });
  // Esc closes a modal dialog by itself; focus goes back where it was.
  dialog.addEventListener('close', function () {
    figure.replaceChildren();
    if (opener) opener.focus();
  });
})();
