// Start GOV.UK Frontend's components (skip link, navigation toggle, error summary focus).
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

// allauth's passkey script (mfa/js/webauthn.js) reports a key that was refused or cancelled
// as an "allauth.error" event; say so on the page rather than only in the console.
document.addEventListener("allauth.error", (event) => {
  const message = document.getElementById("webauthn-error");
  if (message) {
    message.textContent = message.dataset.message;
    event.preventDefault();
  }
});
