/* Case-study facets: filter every case, count each value, mirror the choice in the URL fragment,
   and show each active filter as a chip that removes it.

   The page holds the first cards and a table of every case's filter values
   (`script[data-commons-cases]`, written by commons/caseindex.py). Cards beyond the first are
   loaded, as many as the page holds, from script files beside it when a filter or "Show more"
   needs them: a <script> element, which also works from file://. Their text is set as text. */
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

  function readTable() {
    var element = document.querySelector("script[data-commons-cases]");
    if (!element) return null;
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return null;
    }
  }

  // Links in the data are written for a web server (`slug/`); the offline kit's pages link to
  // `slug.html` or `slug/index.html` instead, as the page's own first card shows.
  function linkFormOf(card) {
    var link = card && card.querySelector("a[href]");
    var href = link ? link.getAttribute("href") : "";
    if (/\/index\.html$/.test(href)) return "index.html";
    if (/\.html$/.test(href)) return ".html";
    return "";
  }

  function linkTo(href, form) {
    if (!form || !/\/$/.test(href)) return href;
    return form === ".html" ? href.replace(/\/$/, ".html") : href + form;
  }

  function textElement(name, className, text) {
    var element = document.createElement(name);
    if (className) element.className = className;
    element.textContent = text;
    return element;
  }

  // The same card the page's HTML holds: [link, title, summary, [[label, text]...], lang?, dir?].
  function buildCard(record, form) {
    var item = document.createElement("li");
    item.className = "commons-card";
    if (record[4]) {
      item.setAttribute("lang", record[4]);
      item.setAttribute("dir", record[5] || "ltr");
    }
    var link = textElement("a", "commons-card__title", record[1]);
    link.setAttribute("href", linkTo(record[0], form));
    item.appendChild(link);
    item.appendChild(textElement("p", "commons-card__summary", record[2]));
    var facts = record[3] || [];
    var labelled = facts.filter(function (fact) {
      return fact[0] && fact[1];
    });
    if (labelled.length) {
      var list = document.createElement("dl");
      list.className = "commons-card__facts";
      labelled.forEach(function (fact) {
        var pair = document.createElement("div");
        pair.appendChild(textElement("dt", "", fact[0]));
        pair.appendChild(textElement("dd", "", fact[1]));
        list.appendChild(pair);
      });
      item.appendChild(list);
    }
    facts.forEach(function (fact) {
      if (!fact[0]) item.appendChild(textElement("p", "commons-card__fact", fact[1]));
    });
    return item;
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

    var table = readTable();
    if (!table) return;
    var total = table.total;
    var per = table.per;
    // Each facet's values, per case, as indexes into its `values`; each box knows its index.
    facets.forEach(function (facet) {
      var column = table.facets[facet.name] || { values: [], of: [] };
      facet.values = column.values;
      facet.of = column.of.map(function (value) {
        return typeof value === "number" ? [value] : value;
      });
      facet.boxes.forEach(function (box) {
        box.index = column.values.indexOf(box.input.value);
      });
    });
    // Years read once, as numbers or null, since every choice compares them again.
    var starts = (table.start || []).map(toYear);
    var ends = (table.end || []).map(toYear);

    // The cards in the page are those of the first cases, in the table's order.
    var elements = Array.prototype.slice.call(list.children);
    var records = [];
    var linkForm = linkFormOf(elements[0]);
    var pager = document.querySelector("nav[data-commons-pager]");
    var more = document.querySelector("button[data-commons-more]");
    var shownPositions = elements.map(function (element, index) {
      return index;
    });
    var limit = per;
    var lastFragment = null;
    var matches = [];
    var generation = 0;
    var loaded = [];
    var failed = [];
    var waiting = [];

    // Card files call window.commonsCards.push([first position, cards]); one may have run already.
    var queued = window.commonsCards;
    window.commonsCards = {
      push: function (chunk) {
        chunk[1].forEach(function (record, offset) {
          records[chunk[0] + offset] = record;
        });
      },
    };
    if (queued && queued.forEach) queued.forEach(window.commonsCards.push);

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

    // For each facet, which of its values are chosen (by index), or null when none is.
    function chosenFlags(selection) {
      return facets.map(function (facet) {
        var chosen = selection.values[facet.name];
        if (!chosen.length) return null;
        return facet.values.map(function (value) {
          return chosen.indexOf(value) >= 0;
        });
      });
    }

    function passesFacet(position, facet, flags) {
      if (!flags) return true;
      var own = facet.of[position];
      for (var k = 0; k < own.length; k++) {
        if (flags[own[k]]) return true;
      }
      return false;
    }

    // Overlap of [start, end] with [from, to]; no end means ongoing, no start means the span is unknown.
    function passesYears(position, selection) {
      var low = selection.from;
      var high = selection.to;
      if (low === null && high === null) return true;
      var start = starts[position];
      var end = ends[position];
      if (start === null || start === undefined) return false;
      // A reversed range is read the way the reader most likely meant it.
      if (low !== null && high !== null && low > high) {
        var swap = low;
        low = high;
        high = swap;
      }
      if (high !== null && start > high) return false;
      if (low !== null && end !== null && end !== undefined && end < low) return false;
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

    // Which cases match, and how many would for each value: one pass over every case, in
    // the table, whatever the page shows. The list follows, once its cards are at hand.
    function apply() {
      var selection = readSelection();
      var flags = chosenFlags(selection);
      var counts = facets.map(function (facet) {
        return facet.values.map(function () {
          return 0;
        });
      });
      var found = [];

      // A case counts for a facet's values when it passes every other facet and the years.
      for (var position = 0; position < total; position++) {
        var failures = 0;
        var failedFacet = -1;
        for (var index = 0; index < facets.length && failures < 2; index++) {
          if (!passesFacet(position, facets[index], flags[index])) {
            failures += 1;
            failedFacet = index;
          }
        }
        if (failures < 2 && !passesYears(position, selection)) {
          failures += 1;
          failedFacet = -1;
        }
        if (failures === 0) found.push(position);
        if (failures > 1) continue;
        for (var f = 0; f < facets.length; f++) {
          if (failures === 0 || failedFacet === f) {
            var values = facets[f].of[position];
            for (var v = 0; v < values.length; v++) counts[f][values[v]] += 1;
          }
        }
      }

      facets.forEach(function (facet, index) {
        facet.boxes.forEach(function (box) {
          var count = String(box.index >= 0 ? counts[index][box.index] : 0);
          // Unchanged counts are left alone: every write is work for the page's layout.
          if (box.count && box.count.getAttribute("data-count") !== count) {
            box.count.textContent = count;
            box.count.setAttribute("data-count", count);
          }
          if (box.label) box.label.classList.toggle(EMPTY_CLASS, count === "0" && !box.input.checked);
        });
      });

      // Rewriting identical text would make some screen readers announce it again.
      if (status) {
        var text = template(found.length);
        if (status.textContent !== text) status.textContent = text;
      }

      var fragment = fragmentOf(selection);
      // Another choice starts the list again from its first page of cards.
      if (fragment !== lastFragment) limit = per;
      lastFragment = fragment;
      matches = found;
      renderChips(selection);
      writeFragment(fragment);
      showCards(false);
    }

    function elementAt(position) {
      if (!elements[position] && records[position]) {
        elements[position] = buildCard(records[position], linkForm);
      }
      return elements[position] || null;
    }

    // Load card file number `file`, then call `done` (also when it cannot be read).
    function loadFile(file, done) {
      if (loaded[file] || failed[file] || !table.files[file]) return done();
      if (waiting[file]) return waiting[file].push(done);
      waiting[file] = [done];
      var script = document.createElement("script");
      script.src = table.files[file];
      function finish(ok) {
        if (ok) loaded[file] = true;
        else failed[file] = true;
        waiting[file].splice(0).forEach(function (callback) {
          callback();
        });
      }
      script.onload = function () {
        finish(true);
      };
      script.onerror = function () {
        finish(false);
      };
      document.head.appendChild(script);
    }

    // Show the first `limit` matches, loading the card files they need first.
    function showCards(focusNew) {
      var wanted = matches.slice(0, limit);
      var files = [];
      wanted.forEach(function (position) {
        var file = Math.floor(position / per);
        if (!elements[position] && !records[position] && files.indexOf(file) < 0) files.push(file);
      });
      var left = matches.length - wanted.length;
      if (more) {
        more.hidden = left <= 0;
        more.textContent = fill(more.getAttribute("data-template"), { left: left });
      }
      var mine = ++generation;
      var pending = files.length;
      // After "Show more", the keyboard goes on from the first card added.
      var first = focusNew ? shownPositions.length : -1;
      function finish() {
        list.removeAttribute("aria-busy");
        drawCards(wanted);
        var card = first >= 0 && first < wanted.length ? elements[wanted[first]] : null;
        var link = card && card.querySelector("a");
        if (link && link.isConnected) link.focus();
      }
      if (!pending) return finish();
      // The matches at hand come first (the page holds the first cases): they show at once,
      // and the others as their files arrive; the list is busy until the last.
      list.setAttribute("aria-busy", "true");
      drawCards(readyPart(wanted));
      files.forEach(function (file) {
        loadFile(file, function () {
          pending -= 1;
          // A newer choice may have been made meanwhile: only the latest list is drawn.
          if (mine !== generation) return;
          if (pending > 0) drawCards(readyPart(wanted));
          else finish();
        });
      });
    }

    // The first of `wanted` up to the first card whose file is still to come.
    function readyPart(wanted) {
      for (var i = 0; i < wanted.length; i++) {
        var position = wanted[i];
        if (!elements[position] && !records[position] && !failed[Math.floor(position / per)]) {
          return wanted.slice(0, i);
        }
      }
      return wanted;
    }

    // Cards already in the list stay, so a card keeps focus and "Show more" only adds.
    function drawCards(wanted) {
      var kept = 0;
      while (
        kept < shownPositions.length &&
        kept < wanted.length &&
        shownPositions[kept] === wanted[kept]
      ) {
        kept += 1;
      }
      if (kept === 0) {
        list.textContent = ""; // at once, rather than card by card
      } else {
        for (var i = shownPositions.length - 1; i >= kept; i--) {
          var old = elements[shownPositions[i]];
          if (old && old.parentNode === list) list.removeChild(old);
        }
      }
      var fragment = document.createDocumentFragment();
      var drawn = wanted.slice(0, kept);
      for (var j = kept; j < wanted.length; j++) {
        var element = elementAt(wanted[j]);
        if (!element) continue; // its file could not be read
        fragment.appendChild(element);
        drawn.push(wanted[j]);
      }
      list.appendChild(fragment);
      shownPositions = drawn;
    }

    function fromHash() {
      var parsed = parseHash(currentHash());
      // A heading anchor on this page is not a filter: keep the current choice and the anchor.
      if (!parsed.known) return false;
      setInputs(parsed);
      return true;
    }

    form.hidden = false;
    // The numbered pages would drop the filters: "Show more" takes their place.
    if (pager) pager.hidden = true;
    if (more) {
      more.addEventListener("click", function () {
        limit += per;
        showCards(true);
      });
    }
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
