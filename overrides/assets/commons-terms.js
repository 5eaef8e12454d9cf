/* Glossary terms: the definition opens on hover, keyboard focus and a first tap, stays inside
   the viewport, and Escape closes it. Without this script, CSS shows it on hover and focus and
   the link still leads to the term's page. */
(function () {
  "use strict";

  var OPEN = "commons-termref--open";
  var ABOVE = "commons-termref--above";
  // Pixels kept between a definition and the edges of the viewport.
  var MARGIN = 8;
  var open = null;
  // Whether the term a finger touched already showed its definition: the first tap opens it,
  // the second follows the link.
  var touched = null;
  var tipWasOpen = false;

  function refOf(node) {
    return node && node.closest ? node.closest(".commons-termref") : null;
  }

  // Shift the definition sideways, and above the term, until it fits the viewport.
  function place(ref) {
    var tip = ref.querySelector(".commons-tip");
    if (!tip) return;
    tip.style.removeProperty("--commons-tip-shift");
    ref.classList.remove(ABOVE);
    var rect = tip.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var shift = 0;
    if (rect.right > width - MARGIN) shift = width - MARGIN - rect.right;
    if (rect.left + shift < MARGIN) shift = MARGIN - rect.left;
    if (shift) tip.style.setProperty("--commons-tip-shift", Math.round(shift) + "px");
    var below = window.innerHeight - rect.bottom;
    if (below < MARGIN && ref.getBoundingClientRect().top > rect.height + 2 * MARGIN) {
      ref.classList.add(ABOVE);
    }
  }

  function show(ref) {
    if (open && open !== ref) hide(open);
    open = ref;
    ref.classList.add(OPEN);
    place(ref);
  }

  function hide(ref) {
    ref.classList.remove(OPEN, ABOVE);
    if (open === ref) open = null;
  }

  // From here on the script, not CSS :hover/:focus, decides, so that Escape can close a definition.
  document.documentElement.setAttribute("data-commons-tips", "");

  document.addEventListener("mouseover", function (event) {
    var ref = refOf(event.target);
    if (ref && ref !== open) show(ref);
  });
  document.addEventListener("mouseout", function (event) {
    var ref = refOf(event.target);
    if (!ref || ref.contains(event.relatedTarget)) return;
    if (!ref.contains(document.activeElement)) hide(ref);
  });
  document.addEventListener("focusin", function (event) {
    var ref = refOf(event.target);
    if (ref) show(ref);
  });
  document.addEventListener("focusout", function (event) {
    var ref = refOf(event.target);
    if (ref && !ref.contains(event.relatedTarget)) hide(ref);
  });
  document.addEventListener("pointerdown", function (event) {
    var ref = refOf(event.target);
    touched = event.pointerType === "touch" ? ref : null;
    tipWasOpen = !!ref && ref === open;
    if (open && open !== ref) hide(open);
  });
  document.addEventListener("click", function (event) {
    var ref = refOf(event.target);
    if (!ref || ref !== touched) return;
    touched = null;
    if (tipWasOpen) return;
    event.preventDefault();
    show(ref);
  });
  document.addEventListener("keydown", function (event) {
    if (open && (event.key === "Escape" || event.key === "Esc")) hide(open);
  });
  window.addEventListener("resize", function () {
    if (open) place(open);
  });
})();
