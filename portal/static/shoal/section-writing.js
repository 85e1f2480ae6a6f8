// The section's writing page: say who else has it open (a heartbeat to the server every
// ~20 s), and keep what the person types in this browser (localStorage) until it is saved,
// so that a closed tab loses nothing. Neither is a guarantee: saving merges or shows a clash.
const root = document.querySelector("[data-shoal-section-writing]");
const form = root && document.querySelector("form textarea[name=body]")?.form;

function csrfToken() {
  return form.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";
}

// --- who else is editing --------------------------------------------------------------

function showOthers(message) {
  const line = root.querySelector("[data-presence-message]");
  if (line.textContent !== message) line.textContent = message;
  line.hidden = !message;
}

async function heartbeat() {
  try {
    const response = await fetch(root.dataset.presenceUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.ok) showOthers((await response.json()).message);
  } catch {
    // Offline for a moment: try again at the next beat.
  }
}

function startPresence() {
  const seconds = Number(root.dataset.heartbeatSeconds) || 20;
  setInterval(heartbeat, seconds * 1000);
  window.addEventListener("pagehide", () => {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken());
    navigator.sendBeacon?.(root.dataset.leftUrl, body);
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) heartbeat(); // back from the browser's cache: say so again
  });
}

// --- the local draft ------------------------------------------------------------------

const prefix = root?.dataset.draftKey;
const SUBMITTED = "shoal.draft.submitted";

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage switched off: the page works as before
  }
}

function timeOf(date) {
  // "4:21 p.m.", as the rest of Shoal writes times.
  const hours = date.getHours() % 12 || 12;
  const minutes = String(date.getMinutes()).padStart(2, "0");
  return `${hours}:${minutes} ${date.getHours() < 12 ? "a.m." : "p.m."}`;
}

function read(key) {
  try {
    return JSON.parse(storage().getItem(key));
  } catch {
    return null;
  }
}

function newestDraft(store) {
  // This version's draft, else the newest one kept for an older version of the section.
  let best = null;
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (!key?.startsWith(`${prefix}.v`)) continue;
    const draft = read(key);
    if (draft && typeof draft.text === "string" && (!best || draft.version > best.draft.version)) {
      best = { key, draft };
    }
  }
  return best;
}

function startDraft() {
  const store = storage();
  if (!store) return;
  const textarea = form.querySelector("textarea[name=body]");
  const versionInput = form.querySelector("input[name=version]");
  let version = Number(root.dataset.version) || 0;
  let key = `${prefix}.v${version}`;
  const panel = document.querySelector("[data-draft-panel]");
  const announce = panel.querySelector("[data-draft-announce]");
  const restore = panel.querySelector("[data-draft-restore]");
  const discard = panel.querySelector("[data-draft-discard]");

  // A save that went through (the page was loaded afresh after it): its draft is done with.
  const submitted = window.sessionStorage?.getItem(SUBMITTED);
  if (submitted?.startsWith(`${prefix}.v`) && "freshPage" in root.dataset) {
    store.removeItem(submitted);
    window.sessionStorage.removeItem(SUBMITTED);
  }

  const found = newestDraft(store);
  if (found && found.draft.text !== textarea.defaultValue) {
    const when = timeOf(new Date(found.draft.savedAt));
    restore.textContent = `Restore your unsaved text from ${when}`;
    panel.hidden = false;
    // Filled after showing, so that screen readers announce it.
    window.setTimeout(() => {
      announce.textContent = `You have unsaved text from ${when} kept in this browser.`;
    }, 100);
    restore.addEventListener("click", () => {
      textarea.value = found.draft.text;
      // Saved against the version it was written on, so the merge keeps others' changes.
      if (versionInput && found.draft.version) {
        versionInput.value = String(found.draft.version);
        version = found.draft.version;
        key = found.key;
      }
      textarea.dispatchEvent(new Event("input", { bubbles: true })); // word count
      panel.hidden = true;
      textarea.focus();
    });
    discard.addEventListener("click", () => {
      store.removeItem(found.key);
      panel.hidden = true;
      textarea.focus();
    });
  } else if (found) {
    store.removeItem(found.key); // the same as the saved text: nothing to offer
  }

  let timer = null;
  textarea.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      try {
        store.setItem(key, JSON.stringify({ text: textarea.value, version, savedAt: Date.now() }));
      } catch {
        // Storage full or refused: the draft is a convenience only.
      }
    }, 400);
  });
  form.addEventListener("submit", () => {
    window.clearTimeout(timer);
    store.setItem(key, JSON.stringify({ text: textarea.value, version, savedAt: Date.now() }));
    window.sessionStorage?.setItem(SUBMITTED, key);
  });
}

if (root && form) {
  startPresence();
  startDraft();
}
