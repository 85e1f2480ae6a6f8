// Suggestions under the header search box, as an ARIA 1.2 combobox with a listbox.
// Without JavaScript the box is a plain search form; with it, typing two or more letters
// lists up to eight titles from /search/autocomplete/. Up and Down move through them,
// Enter opens the one chosen (or searches, if none is), Escape closes the list.
const input = document.getElementById("site-search");
const form = input && input.form;

if (input && form && window.fetch) {
  const endpoint = form.dataset.autocompleteUrl;
  const listbox = document.createElement("ul");
  const status = document.createElement("div");
  listbox.id = "site-search-suggestions";
  listbox.className = "shoal-autocomplete__list";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", "Suggestions");
  listbox.hidden = true;
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  form.classList.add("shoal-autocomplete");
  input.insertAdjacentElement("afterend", listbox);
  form.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);
  input.setAttribute("autocomplete", "off");

  let options = [];
  let active = -1;
  let timer = null;
  let latest = 0;

  const close = () => {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const highlight = (index) => {
    options.forEach((option, n) => option.setAttribute("aria-selected", String(n === index)));
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };

  const show = (results) => {
    listbox.replaceChildren();
    options = results.map((result, n) => {
      const option = document.createElement("li");
      option.id = `site-search-suggestion-${n}`;
      option.className = "shoal-autocomplete__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.url = result.url;
      option.textContent = result.title;
      const kind = document.createElement("span");
      kind.className = "shoal-autocomplete__kind";
      kind.textContent = ` (${result.kind})`;
      option.appendChild(kind);
      option.addEventListener("mousedown", (event) => event.preventDefault());
      option.addEventListener("click", () => window.location.assign(result.url));
      listbox.appendChild(option);
      return option;
    });
    active = -1;
    if (options.length) {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    } else {
      close();
    }
    const count = options.length;
    status.textContent = count
      ? `${count} suggestion${count === 1 ? "" : "s"}. Use up and down to choose.`
      : "No suggestions.";
  };

  const suggest = async () => {
    const query = input.value.trim();
    if (query.length < 2) {
      close();
      return;
    }
    const ticket = ++latest;
    try {
      const response = await fetch(`${endpoint}?${new URLSearchParams({ query })}`, {
        headers: { Accept: "application/json" },
      });
      if (!response.ok || ticket !== latest) return;
      const data = await response.json();
      if (ticket === latest) show(data.results || []);
    } catch {
      close(); // the plain search still works
    }
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      if (listbox.hidden) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      highlight((active + 1) % options.length);
    } else if (event.key === "ArrowUp" && options.length) {
      event.preventDefault();
      highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0 && !listbox.hidden) {
      event.preventDefault();
      window.location.assign(options[active].dataset.url);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", close);
}
