#!/usr/bin/env node
// The bytes a role page makes the browser load: the HTML, its stylesheets
// and scripts, and the fonts those stylesheets use (woff2 only, as a current
// browser picks), raw and gzipped (zlib level 6, as nginx's gzip_comp_level 6).
//   node scripts/page-weight.mjs 'http://localhost:8080/guest?room=Demo&user=Ann' [user:password]
import { gzipSync } from "node:zlib";

const [pageUrl, credentials] = process.argv.slice(2);
if (!pageUrl) {
  console.error("usage: page-weight.mjs PAGE_URL [user:password]");
  process.exit(2);
}
const headers = credentials ? { Authorization: "Basic " + Buffer.from(credentials).toString("base64") } : {};

async function get(url) {
  const reply = await fetch(url, { headers });
  if (!reply.ok) throw new Error(url + " answered " + reply.status);
  return Buffer.from(await reply.arrayBuffer());
}

const rows = [];
const add = (kind, url, body) => rows.push({ kind, url: url.replace(new URL(pageUrl).origin, ""), raw: body.length,
                                           gzip: gzipSync(body, { level: 6 }).length });
const html = await get(pageUrl);
add("html", pageUrl, html);
const text = html.toString();
const attr = (re) => [...text.matchAll(re)].map((m) => new URL(m[1].replace(/&amp;/g, "&"), pageUrl).href);
for (const url of attr(/<link rel="stylesheet" href="([^"]+)"/g)) {
  const css = await get(url);
  add("css", url, css);
  for (const m of css.toString().matchAll(/url\("?([^")]+\.woff2)[^")]*"?\)/g)) add("font", new URL(m[1], url).href, await get(new URL(m[1], url).href));
}
// A module brings its imports (each loaded once, as the browser does).
const scripts = new Set();
async function addScript(url) {
  if (scripts.has(url)) return;
  scripts.add(url);
  const js = await get(url);
  add("js", url, js);
  for (const m of js.toString().matchAll(/^import [^"]*"(\.\.?\/[^"]+)";$/gm)) await addScript(new URL(m[1], url).href);
}
for (const url of attr(/<script (?:type="module" )?src="([^"]+)"/g)) await addScript(url);

const total = (kinds) => rows.filter((r) => kinds.includes(r.kind)).reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });
for (const r of rows) console.log(r.kind.padEnd(5), String(r.raw).padStart(9), String(r.gzip).padStart(8), r.url);
const code = total(["html", "css", "js"]);
const all = total(["html", "css", "js", "font"]);
console.log("HTML+CSS+JS: " + code.raw + " bytes, " + code.gzip + " gzipped");
console.log("with fonts:  " + all.raw + " bytes, " + all.gzip + " gzipped");
