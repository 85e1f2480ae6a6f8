// "Your PDF is being prepared": asks the status URL how far the file has got, shows the
// stage in the live region, and goes to the download when it is ready (or to the "try
// again" page when it failed). Without this script the page's meta refresh does the same.
const box = document.querySelector("[data-export-progress]");
if (box) {
  const statusUrl = box.dataset.statusUrl;
  const percent = box.querySelector("[data-export-percent]");
  const items = box.querySelectorAll("[data-stage]");
  // The script takes over from the meta refresh, which would reload the page.
  document.querySelector('meta[http-equiv="refresh"]')?.remove();
  let shown = "";

  const show = (status) => {
    if (status.stage === shown) return;
    shown = status.stage;
    percent.textContent = `${status.percent}% done`;
    items.forEach((item) => {
      const now = item.dataset.stage === status.stage;
      const label = item.textContent.replace(" (now)", "");
      item.toggleAttribute("aria-current", now);
      if (now) item.setAttribute("aria-current", "step");
      item.replaceChildren();
      if (now) {
        const strong = document.createElement("strong");
        strong.textContent = label;
        item.append(strong, " (now)");
      } else {
        item.textContent = label;
      }
    });
  };

  const poll = async () => {
    try {
      const response = await fetch(statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const status = await response.json();
        if (status.ready) {
          show(status);
          percent.textContent = "Ready: your download is starting";
          const heading = box.querySelector("[data-export-heading]");
          heading.textContent = heading.dataset.readyText;
          window.location.assign(status.download_url);
          return;
        }
        if (status.failed) {
          window.location.assign(status.download_url);
          return;
        }
        show(status);
      }
    } catch {
      // A dropped connection: ask again at the next tick.
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
}
