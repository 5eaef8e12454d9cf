/* The case map: shows only the cases a filter fragment names (#country=ES&tier=support, the case
   index's own), and carries the case index's current filter to the map when its link is followed. */
(function () {
  "use strict";

  var RANGE_KEYS = ["from", "to"];

  function decode(text) {
    try {
      return decodeURIComponent(text);
    } catch (error) {
      return null;
    }
  }

  function tokens(text) {
    return String(text || "").split(/\s+/).filter(Boolean);
  }

  function toYear(text) {
    var trimmed = String(text == null ? "" : text).trim();
    return /^-?\d{1,4}$/.test(trimmed) ? parseInt(trimmed, 10) : null;
  }

  // The fragment as the case filters write it; an in-page anchor (#unplaced) filters nothing.
  function parse(hash) {
    var filter = { values: {}, from: null, to: null, any: false };
    hash.replace(/^#/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq < 0) return;
      var key = decode(part.slice(0, eq));
      var raw = decode(part.slice(eq + 1));
      if (key === null || raw === null) return;
      if (RANGE_KEYS.indexOf(key) >= 0) {
        var year = toYear(raw);
        if (year !== null) {
          filter[key] = year;
          filter.any = true;
        }
        return;
      }
      if (!/^[a-z][a-z0-9-]*$/.test(key)) return;
      var chosen = raw.split(",").filter(Boolean);
      if (!chosen.length) return;
      filter.values[key] = (filter.values[key] || []).concat(chosen);
      filter.any = true;
    });
    return filter;
  }

  // The same rule as the case index: any chosen value within a facet, every facet, years overlapping.
  function passes(element, filter) {
    for (var key in filter.values) {
      var attribute = "data-" + key;
      if (!element.hasAttribute(attribute)) continue; // a facet these cases do not carry
      var own = tokens(element.getAttribute(attribute));
      var chosen = filter.values[key];
      if (!own.some(function (value) { return chosen.indexOf(value) >= 0; })) return false;
    }
    var low = filter.from;
    var high = filter.to;
    if (low === null && high === null) return true;
    var start = toYear(element.getAttribute("data-start"));
    var end = toYear(element.getAttribute("data-end"));
    if (start === null) return false;
    if (low !== null && high !== null && low > high) {
      var swap = low;
      low = high;
      high = swap;
    }
    if (high !== null && start > high) return false;
    if (low !== null && end !== null && end < low) return false;
    return true;
  }

  function showMap(map) {
    var status = document.querySelector("[data-commons-map-status]");
    var filter = parse(location.hash);
    var shown = Object.create(null);
    var total = Object.create(null);
    map.querySelectorAll("[data-case]").forEach(function (element) {
      var slug = element.getAttribute("data-case");
      total[slug] = true;
      if (passes(element, filter)) {
        shown[slug] = true;
        element.removeAttribute("data-filtered-out");
      } else {
        element.setAttribute("data-filtered-out", "");
      }
    });
    // A country whose cases are all filtered out loses its heading too.
    map.querySelectorAll(".commons-map__cases").forEach(function (list) {
      var empty = !list.querySelector("[data-case]:not([data-filtered-out])");
      [list, list.previousElementSibling].forEach(function (element) {
        if (!element) return;
        if (empty) element.setAttribute("data-filtered-out", "");
        else element.removeAttribute("data-filtered-out");
      });
    });
    if (!status) return;
    status.hidden = !filter.any;
    status.querySelector("span").textContent = status
      .getAttribute("data-template")
      .split("{shown}").join(String(Object.keys(shown).length))
      .split("{total}").join(String(Object.keys(total).length));
  }

  function init() {
    var map = document.querySelector("[data-commons-map]");
    if (map) {
      showMap(map);
      window.addEventListener("hashchange", function () {
        showMap(map);
      });
      var all = document.querySelector("[data-commons-map-all]");
      if (all) {
        all.addEventListener("click", function (event) {
          event.preventDefault();
          try {
            history.replaceState(null, "", location.pathname + location.search);
          } catch (error) {
            location.hash = ""; // file:// may refuse replaceState
          }
          showMap(map);
        });
      }
    }
    // The case filters keep their choice in this page's fragment: the link to the map takes it along.
    document.querySelectorAll("a[data-commons-map-link]").forEach(function (link) {
      var base = link.getAttribute("href").split("#")[0];
      function carry() {
        link.setAttribute("href", parse(location.hash).any ? base + location.hash : base);
      }
      ["click", "auxclick", "focus", "mouseenter", "contextmenu"].forEach(function (name) {
        link.addEventListener(name, carry);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
