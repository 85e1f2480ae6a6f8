// Copy GOV.UK Frontend's compiled JavaScript and the images we use into portal/static,
// so that nothing is served from a CDN.
import { cpSync, mkdirSync } from "node:fs";

const src = "node_modules/govuk-frontend/dist/govuk";
const dest = "portal/static/shoal/govuk";
mkdirSync(`${dest}/assets`, { recursive: true });
cpSync(`${src}/govuk-frontend.min.js`, `${dest}/govuk-frontend.min.js`);
console.log(`copied GOV.UK Frontend scripts to ${dest}`);
