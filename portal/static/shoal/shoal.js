// Start GOV.UK Frontend's components (skip link, navigation toggle, error summary focus).
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();
