// Copy GOV.UK Frontend's compiled JavaScript, and every GOV.UK Frontend asset that the
// compiled stylesheet refers to with url(), into portal/static, so that nothing is served
// from a CDN. Production's collectstatic (whitenoise's manifest storage) stops on any url()
// whose file is missing, so a reference we cannot satisfy fails the build here instead.
import { cpSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";

const src = "node_modules/govuk-frontend/dist/govuk";
const dest = "portal/static/shoal/govuk";
const stylesheet = "portal/static/shoal/shoal.css";
// Must match $govuk-assets-path in portal/assets/shoal.scss.
const assetsUrl = "/static/shoal/govuk/assets/";

mkdirSync(`${dest}/assets`, { recursive: true });
cpSync(`${src}/govuk-frontend.min.js`, `${dest}/govuk-frontend.min.js`);

const css = readFileSync(stylesheet, "utf8");
const urls = new Set(
  [...css.matchAll(/url\(\s*["']?([^"')]+?)["']?\s*\)/g)].map((match) => match[1]),
);
const missing = [];
let copied = 0;
for (const url of urls) {
  if (url.startsWith("data:")) continue;
  if (!url.startsWith(assetsUrl)) {
    missing.push(`${url} (not under ${assetsUrl})`);
    continue;
  }
  // Drop any query or fragment (e.g. font "#iefix") to find the file.
  const relative = url.slice(assetsUrl.length).split(/[?#]/)[0];
  const from = `${src}/assets/${relative}`;
  if (!existsSync(from)) {
    missing.push(`${url} (no ${from})`);
    continue;
  }
  mkdirSync(dirname(`${dest}/assets/${relative}`), { recursive: true });
  cpSync(from, `${dest}/assets/${relative}`);
  copied += 1;
}
if (missing.length) {
  console.error(`${stylesheet} refers to files the build cannot provide:\n  ${missing.join("\n  ")}`);
  process.exit(1);
}
console.log(`copied GOV.UK Frontend scripts and ${copied} stylesheet asset(s) to ${dest}`);
