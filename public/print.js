/* global document, window, Element */
// The "In" buttons of printable pages open the browser's print dialog.
document.addEventListener('click', (event) => {
  const target = event.target;
  if (target instanceof Element && target.closest('[data-print]')) window.print();
});
