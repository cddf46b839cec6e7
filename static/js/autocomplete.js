// Search suggestions as you type (ARIA combobox pattern). Without JavaScript the
// search boxes are ordinary forms that submit to /tim-kiem/.
(() => {
  const TYPE_LABELS = { initiative: "Sáng kiến", news: "Tin tức" };
  let counter = 0;

  function setUp(input) {
    const url = input.dataset.autocomplete;
    const container = input.closest("form") || input.parentElement;
    container.classList.add("autocomplete-wrap");
    const listbox = document.createElement("ul");
    const id = `autocomplete-${++counter}`;
    listbox.id = id;
    listbox.className = "autocomplete";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Gợi ý tìm kiếm");
    listbox.hidden = true;
    container.appendChild(listbox);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);

    let items = [];
    let active = -1;
    let timer = null;
    let lastQuery = "";
    let controller = null;

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const options = listbox.querySelectorAll("[role=option]");
      options.forEach((option, position) => {
        option.setAttribute("aria-selected", String(position === index));
      });
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
      listbox.replaceChildren();
      suggestions.forEach((suggestion, index) => {
        const option = document.createElement("li");
        option.id = `${id}-option-${index}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        const type = document.createElement("span");
        type.className = "autocomplete__type";
        type.textContent = TYPE_LABELS[suggestion.type] || "";
        option.append(type, document.createTextNode(suggestion.title));
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          window.location.assign(suggestion.url);
        });
        listbox.appendChild(option);
      });
      if (suggestions.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(-1);
      } else {
        close();
      }
    }

    async function fetchSuggestions(query) {
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, {
          signal: controller.signal,
          headers: { Accept: "application/json" },
        });
        if (!response.ok) return close();
        const data = await response.json();
        if (input.value.trim() === query) render(data.suggestions || []);
      } catch (error) {
        if (error.name !== "AbortError") close();
      }
    }

    input.addEventListener("input", () => {
      const query = input.value.trim();
      clearTimeout(timer);
      if (query.length < 2) {
        lastQuery = query;
        return close();
      }
      if (query === lastQuery) return;
      lastQuery = query;
      timer = setTimeout(() => fetchSuggestions(query), 150);
    });

    input.addEventListener("keydown", (event) => {
      if (listbox.hidden) {
        if (event.key === "ArrowDown" && items.length) {
          listbox.hidden = false;
          input.setAttribute("aria-expanded", "true");
          highlight(0);
          event.preventDefault();
        }
        return;
      }
      if (event.key === "ArrowDown") {
        highlight((active + 1) % items.length);
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        highlight(active <= 0 ? items.length - 1 : active - 1);
        event.preventDefault();
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.assign(items[active].url);
      } else if (event.key === "Escape") {
        close();
        event.preventDefault();
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", () => setTimeout(close, 100));
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("input[data-autocomplete]").forEach(setUp);
  });
})();
