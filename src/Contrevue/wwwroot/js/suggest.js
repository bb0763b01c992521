// Suggestions while typing in the search box: an ARIA 1.2 combobox over the plain GET form,
// which keeps working without this script. Requests go to our own origin only.
// In a form's territory field ([data-suggest-fill]) choosing a suggestion fills in its exact value
// (« Saint-Étienne (42218) ») instead of opening its page.
(function () {
  "use strict";

  function setUp(row) {
    var fill = row.hasAttribute("data-suggest-fill");
    var input = row.querySelector(fill ? "input" : "input[type=search]");
    if (!input) { return; }
    var form = row.closest("form");
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", document.documentElement.lang === "en" ? "Suggestions" : "Suggestions");
    list.hidden = true;
    row.appendChild(list);

    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    row.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";
    var controller = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(suggestions) {
      items = suggestions;
      list.textContent = "";
      suggestions.forEach(function (suggestion, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = suggestion.label + " ";
        var detail = document.createElement("span");
        detail.className = "muted";
        detail.textContent = suggestion.detail;
        option.appendChild(detail);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(suggestion);
        });
        list.appendChild(option);
      });
      var english = document.documentElement.lang === "en";
      status.textContent = suggestions.length === 0
        ? (english ? "No suggestion" : "Aucune suggestion")
        : suggestions.length + (english ? " suggestions, use the arrow keys" : " suggestions, utilisez les flèches");
      if (suggestions.length === 0) { close(); return; }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function choose(suggestion) {
      // A request still on its way would reopen the list over the form's button.
      clearTimeout(timer);
      if (controller) { controller.abort(); }
      if (fill) {
        input.value = suggestion.value;
        lastQuery = suggestion.value.trim();
        close();
        input.removeAttribute("aria-invalid");
      } else {
        window.location.assign(suggestion.url);
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) { return; }
      lastQuery = query;
      if (query.length < 2) { render([]); return; }
      if (controller) { controller.abort(); }
      controller = new AbortController();
      fetch("/recherche/suggestions?q=" + encodeURIComponent(query), {
        headers: { "Accept": "application/json" },
        signal: controller.signal,
        credentials: "same-origin"
      })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(render)
        .catch(function () { /* aborted or offline: the form still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });

    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        if (event.key === "ArrowDown" && items.length > 0) { list.hidden = false; input.setAttribute("aria-expanded", "true"); highlight(0); event.preventDefault(); }
        return;
      }
      if (event.key === "ArrowDown") { highlight(Math.min(items.length - 1, active + 1)); event.preventDefault(); }
      else if (event.key === "ArrowUp") { highlight(Math.max(-1, active - 1)); event.preventDefault(); }
      else if (event.key === "Escape") { close(); event.preventDefault(); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(items[active]); }
    });

    input.addEventListener("blur", function () { setTimeout(close, 100); });
    if (form) { form.addEventListener("submit", close); }
  }

  document.querySelectorAll("[data-suggest]").forEach(setUp);
})();
