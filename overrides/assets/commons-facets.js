/* Case-study facets: filter cards in place, count each value, mirror the choice in the URL fragment,
   and show each active filter as a chip that removes it. */
(function () {
  "use strict";

  var EMPTY_CLASS = "commons-facets__value--empty";
  var RANGE_KEYS = ["from", "to"];

  // Year attributes and inputs hold plain integers; anything else counts as "not given".
  function toYear(text) {
    var trimmed = String(text == null ? "" : text).trim();
    return /^-?\d{1,4}$/.test(trimmed) ? parseInt(trimmed, 10) : null;
  }

  // Hand-edited fragments may hold broken escapes; such a piece is ignored rather than fatal.
  function decode(text) {
    try {
      return decodeURIComponent(text);
    } catch (error) {
      return null;
    }
  }

  // Multi-valued attributes are space-separated slugs; an empty attribute means no value.
  function tokens(text) {
    return String(text || "").split(/\s+/).filter(Boolean);
  }

  // Fill `{name}` placeholders of an interface string from the page.
  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  // The cards the form filters are those of the first card list after it, not other lists on the page.
  function followingList(form) {
    var lists = document.querySelectorAll(".commons-cards");
    for (var i = 0; i < lists.length; i++) {
      if (form.compareDocumentPosition(lists[i]) & Node.DOCUMENT_POSITION_FOLLOWING) {
        return lists[i];
      }
    }
    return null;
  }

  function init() {
    var form = document.querySelector("form[data-commons-facets]");
    if (!form) return;
    var list = followingList(form);
    // Without cards there is nothing to filter, so the form stays hidden like without JavaScript.
    if (!list) return;

    var facets = Array.prototype.map.call(form.querySelectorAll("fieldset[data-facet]"), function (fieldset) {
      var boxes = Array.prototype.slice.call(fieldset.querySelectorAll('input[type="checkbox"]'));
      var legend = fieldset.querySelector("legend");
      return {
        name: fieldset.getAttribute("data-facet"),
        legend: legend ? legend.textContent.trim() : "",
        boxes: boxes.map(function (box) {
          var label = box.closest("label");
          var text = label && label.querySelector(".commons-facets__value");
          return {
            input: box,
            label: label,
            text: text ? text.textContent.trim() : box.value,
            count: label && label.querySelector("[data-count]"),
          };
        }),
      };
    });
    var facetByName = Object.create(null);
    facets.forEach(function (facet) {
      facetByName[facet.name] = facet;
    });

    var rangeFieldset = form.querySelector('fieldset[data-facet-range="years"]');
    var range = {};
    RANGE_KEYS.forEach(function (key) {
      range[key] = rangeFieldset && rangeFieldset.querySelector('input[name="' + key + '"]');
    });

    // Cards are read once: the page is static, so their attributes never change.
    var cards = Array.prototype.map.call(list.querySelectorAll(".commons-card"), function (element) {
      var values = {};
      facets.forEach(function (facet) {
        values[facet.name] = tokens(element.getAttribute("data-" + facet.name));
      });
      return {
        element: element,
        values: values,
        start: toYear(element.getAttribute("data-start")),
        end: toYear(element.getAttribute("data-end")),
      };
    });

    var rangeLegend = rangeFieldset && rangeFieldset.querySelector("legend");
    var chips = form.querySelector(".commons-facets__chips");
    var clear = form.querySelector('button[type="reset"]');
    var summary = form.querySelector("summary");
    // The status may sit outside the form, just above the cards, where it is the page's count.
    var status = document.querySelector(".commons-facets__status");
    var lang = document.documentElement.lang || "en";
    var plurals = null;
    try {
      plurals = new Intl.PluralRules(lang);
    } catch (error) {
      // An unknown language tag must not break filtering; templates then use one/other only.
    }

    function readSelection() {
      var selection = { values: {}, from: null, to: null };
      facets.forEach(function (facet) {
        selection.values[facet.name] = facet.boxes
          .filter(function (box) {
            return box.input.checked;
          })
          .map(function (box) {
            return box.input.value;
          });
      });
      RANGE_KEYS.forEach(function (key) {
        if (range[key]) selection[key] = toYear(range[key].value);
      });
      return selection;
    }

    function fragmentOf(selection) {
      var parts = [];
      facets.forEach(function (facet) {
        var chosen = selection.values[facet.name];
        if (chosen.length) {
          parts.push(encodeURIComponent(facet.name) + "=" + chosen.map(encodeURIComponent).join(","));
        }
      });
      RANGE_KEYS.forEach(function (key) {
        if (selection[key] !== null) parts.push(key + "=" + selection[key]);
      });
      return parts.join("&");
    }

    // `known` tells a filter fragment (or none) from an in-page anchor such as a heading permalink.
    function parseHash(hash) {
      var parsed = { known: hash === "", values: {}, from: null, to: null };
      hash.split("&").forEach(function (part) {
        var eq = part.indexOf("=");
        if (eq < 0) return;
        var key = decode(part.slice(0, eq));
        var raw = part.slice(eq + 1);
        if (RANGE_KEYS.indexOf(key) >= 0 && range[key]) {
          parsed.known = true;
          var year = toYear(decode(raw));
          if (year !== null) parsed[key] = year;
          return;
        }
        if (key === null || !facetByName[key]) return;
        parsed.known = true;
        var chosen = parsed.values[key] || (parsed.values[key] = []);
        // Slugs never hold commas, so commas a mail or chat client percent-encoded still separate values.
        (decode(raw) || "").split(",").forEach(function (value) {
          if (value) chosen.push(value);
        });
      });
      return parsed;
    }

    function currentHash() {
      return location.hash.replace(/^#/, "");
    }

    // Inputs are only touched when they differ, so typing in a year field never loses the caret.
    function setInputs(parsed) {
      facets.forEach(function (facet) {
        var chosen = parsed.values[facet.name] || [];
        facet.boxes.forEach(function (box) {
          var checked = chosen.indexOf(box.input.value) >= 0;
          if (box.input.checked !== checked) box.input.checked = checked;
        });
      });
      RANGE_KEYS.forEach(function (key) {
        var input = range[key];
        if (input && toYear(input.value) !== parsed[key]) {
          input.value = parsed[key] === null ? "" : String(parsed[key]);
        }
      });
    }

    function passesFacet(card, facet, selection) {
      var chosen = selection.values[facet.name];
      if (!chosen.length) return true;
      return card.values[facet.name].some(function (value) {
        return chosen.indexOf(value) >= 0;
      });
    }

    // Overlap of [start, end] with [from, to]; no end means ongoing, no start means the span is unknown.
    function passesYears(card, selection) {
      var low = selection.from;
      var high = selection.to;
      if (low === null && high === null) return true;
      if (card.start === null) return false;
      // A reversed range is read the way the reader most likely meant it.
      if (low !== null && high !== null && low > high) {
        var swap = low;
        low = high;
        high = swap;
      }
      if (high !== null && card.start > high) return false;
      if (low !== null && card.end !== null && card.end < low) return false;
      return true;
    }

    function template(count) {
      var dataset = status.dataset;
      var category = plurals ? plurals.select(count) : count === 1 ? "one" : "other";
      var chosen = dataset["template" + category.charAt(0).toUpperCase() + category.slice(1)];
      // The "one" text may be literal ("1 case shown") while e.g. French also files 0 under "one".
      if (chosen && category === "one" && count !== 1 && chosen.indexOf("{count}") < 0) chosen = null;
      if (!chosen && count === 1) chosen = dataset.templateOne;
      return (chosen || dataset.templateOther || "{count}").split("{count}").join(String(count));
    }

    function writeFragment(fragment) {
      var current = currentHash();
      if (fragment) {
        if (current === fragment) return;
        try {
          history.replaceState(null, "", "#" + fragment);
        } catch (error) {
          // Some browsers refuse replaceState on file:// pages; a plain hash change still works there.
          location.hash = fragment;
        }
        return;
      }
      // An in-page anchor is the reader's, not ours, so only a filter fragment is removed.
      if (!current || !parseHash(current).known) return;
      try {
        history.replaceState(null, "", location.href.split("#")[0]);
      } catch (error) {
        location.hash = "";
      }
    }

    // One chip per checked value and per year bound; each removes its filter.
    function activeFilters(selection) {
      var active = [];
      facets.forEach(function (facet) {
        facet.boxes.forEach(function (box) {
          if (!box.input.checked) return;
          active.push({
            key: facet.name + "=" + box.input.value,
            facet: facet.legend,
            value: box.text,
            remove: function () {
              box.input.checked = false;
            },
          });
        });
      });
      RANGE_KEYS.forEach(function (key) {
        if (selection[key] === null) return;
        active.push({
          key: key,
          facet: rangeLegend ? rangeLegend.textContent.trim() : "",
          value: fill(rangeFieldset.getAttribute("data-template-" + key) || "{year}", { year: selection[key] }),
          remove: function () {
            range[key].value = "";
          },
        });
      });
      return active;
    }

    function renderChips(selection) {
      if (!chips) return;
      var active = activeFilters(selection);
      var keys = active
        .map(function (filter) {
          return filter.key + ":" + filter.value;
        })
        .join("&");
      // Unchanged chips are left alone, so a chip keeps focus while a year is typed elsewhere.
      if (chips.getAttribute("data-shown") === keys) return;
      chips.setAttribute("data-shown", keys);
      while (chips.firstChild) chips.removeChild(chips.firstChild);
      active.forEach(function (filter, index) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        var text = fill(chips.getAttribute("data-template-chip") || "{facet}: {value}", filter);
        button.type = "button";
        button.className = "commons-facets__chip";
        button.setAttribute("aria-label", fill(chips.getAttribute("data-template-remove") || "{filter}", { filter: text }));
        var label = document.createElement("span");
        label.textContent = text;
        var cross = document.createElement("span");
        cross.className = "commons-facets__chip-remove";
        cross.setAttribute("aria-hidden", "true");
        cross.textContent = "\u00d7";
        button.appendChild(label);
        button.appendChild(cross);
        button.addEventListener("click", function () {
          filter.remove();
          apply();
          // Focus stays in the row: on the chip that took this one's place, else the panel.
          var left = chips.querySelectorAll("button");
          var next = left[Math.min(index, left.length - 1)] || summary;
          if (next) next.focus();
        });
        item.appendChild(button);
        chips.appendChild(item);
      });
      chips.hidden = active.length === 0;
      if (clear) clear.hidden = active.length === 0;
    }

    function apply() {
      var selection = readSelection();
      var counts = facets.map(function () {
        return Object.create(null);
      });
      var shown = 0;

      // One pass: a card counts for a facet's values when it passes every other facet and the years.
      cards.forEach(function (card) {
        var failures = 0;
        var failedFacet = -1;
        facets.forEach(function (facet, index) {
          if (!passesFacet(card, facet, selection)) {
            failures += 1;
            failedFacet = index;
          }
        });
        if (!passesYears(card, selection)) {
          failures += 1;
          failedFacet = -1;
        }
        var visible = failures === 0;
        if (card.element.hidden === visible) card.element.hidden = !visible;
        if (visible) shown += 1;
        facets.forEach(function (facet, index) {
          if (failures === 0 || (failures === 1 && failedFacet === index)) {
            card.values[facet.name].forEach(function (value) {
              counts[index][value] = (counts[index][value] || 0) + 1;
            });
          }
        });
      });

      facets.forEach(function (facet, index) {
        facet.boxes.forEach(function (box) {
          var count = counts[index][box.input.value] || 0;
          if (box.count) {
            box.count.textContent = String(count);
            box.count.setAttribute("data-count", String(count));
          }
          if (box.label) box.label.classList.toggle(EMPTY_CLASS, count === 0 && !box.input.checked);
        });
      });

      // Rewriting identical text would make some screen readers announce it again.
      if (status) {
        var text = template(shown);
        if (status.textContent !== text) status.textContent = text;
      }

      renderChips(selection);
      writeFragment(fragmentOf(selection));
    }

    function fromHash() {
      var parsed = parseHash(currentHash());
      // A heading anchor on this page is not a filter: keep the current choice and the anchor.
      if (!parsed.known) return false;
      setInputs(parsed);
      return true;
    }

    form.hidden = false;
    // The fragment is the source of truth on load, even over form state the browser restored.
    if (!fromHash()) setInputs(parseHash(""));
    apply();

    form.addEventListener("change", function () {
      apply();
    });
    form.addEventListener("input", function () {
      apply();
    });
    // The reset event fires before the inputs are cleared, so the filter runs on the next tick.
    form.addEventListener("reset", function () {
      setTimeout(function () {
        apply();
        // The button hides once nothing is filtered; focus goes back to the panel, not the page.
        var focused = document.activeElement;
        if (summary && (!focused || focused === clear || focused === document.body)) summary.focus();
      }, 0);
    });
    // Pressing Enter in a year field must not submit the form and reload the page.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    window.addEventListener("hashchange", function () {
      if (fromHash()) apply();
    });
  }

  // The script is deferred, but an early include must still wait for the cards to exist.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
