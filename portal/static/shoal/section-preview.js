// The section editor's live preview: as the person types (after a pause), post the text to
// the server, which renders and sanitises it, and show the HTML it returns. The "Preview"
// button does the same without JavaScript, by reloading the page.
const panel = document.querySelector("[data-section-preview]");
const form = panel && panel.closest("form");
const textarea = form && form.querySelector("textarea[name=body]");
const output = panel && panel.querySelector("#section-preview");
const DELAY = 500;

if (panel && textarea && output) {
  let timer;
  let controller;
  const update = async () => {
    if (controller) controller.abort();
    controller = new AbortController();
    const data = new FormData();
    data.append("body", textarea.value);
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    try {
      const response = await fetch(panel.dataset.previewUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok) return;
      output.innerHTML = await response.text(); // sanitised by the server
      panel.hidden = false;
    } catch (error) {
      if (error.name !== "AbortError") panel.hidden = true;
    }
  };
  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, DELAY);
  });
}
