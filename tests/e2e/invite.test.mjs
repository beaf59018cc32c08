// Invite links in real Chromium pages: the moderator presses "Copy invite
// link" in the participants panel, the link lands on the clipboard and in a
// read-only field, and a second person opens it and joins the room. Without
// the link, or with it changed to another room, the page is a 403 saying why.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer, chromiumArgs, until, pressJoin } from "./server.mjs";

const artifacts = process.env.ARTIFACT_DIR || "test-artifacts";
const axeSource = readFileSync(join(process.env.VENDOR_DIR, "axe-core", "axe.min.js"), "utf8");
let server, browser, mod, link;
const cspComplaints = [];
const missing = [];

async function newPage({ credentials, permissions = ["camera", "microphone"] } = {}) {
  const context = await browser.newContext({ httpCredentials: credentials, viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(permissions, { origin: server.base });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) cspComplaints.push(m.text()); });
  page.on("response", (r) => { if (r.status() === 404) missing.push(r.url()); });
  return page;
}

const names = (page) => page.$$eval("#participants .participant-name", (els) => els.map((e) => e.textContent).sort());

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startServer({
    extraConfig: ["[role.invited]", "plugin = guest", "route = /invited", "label = Invited guest", "auth = link"],
  });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: chromiumArgs });
  mod = await newPage({ credentials: server.moderator,
    permissions: ["camera", "microphone", "clipboard-read", "clipboard-write"] });
  assert.equal((await mod.goto(server.base + "/?room=Invites&user=Moe")).status(), 200);
  await pressJoin(mod);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test("the moderator copies an invite link from the participants panel", async () => {
  if (await mod.isHidden("#side-panel")) await mod.click("#panel-toggle"); // open by default on a desktop
  assert.equal(await mod.isVisible("#invite-copy"), true);
  assert.equal(await mod.isVisible("#invite-choice"), false); // one link role: no choice to make
  assert.equal(await mod.isVisible("#invite-link"), false);
  await mod.click("#invite-copy");
  await until("the link shown", async () => (await mod.isVisible("#invite-link")) || await mod.textContent("#invite-note"));
  link = await mod.inputValue("#invite-link");
  assert.match(link, new RegExp("^" + server.base + "/invited\\?room=Invites&invite=[A-Za-z0-9_-]{22}\\.invited\\.Invites\\.\\d+\\.[A-Za-z0-9_-]{43}$"));
  assert.equal(await mod.getAttribute("#invite-link", "readonly"), "");
  assert.equal(await mod.evaluate(() => navigator.clipboard.readText()), link);
  const note = await mod.textContent("#invite-note");
  assert.match(note, /^Copied\. It lets people join Invites as Invited guest until /);
  // The log names who made it.
  const id = link.split("invite=")[1].split(".")[0];
  await until("the log line", () => server.log().includes("invite link " + id + " for role invited in room Invites") || server.log().slice(-400));
  await mod.screenshot({ path: join(artifacts, "invite-link.png") });
  await mod.evaluate(axeSource);
  const violations = await mod.evaluate(async () =>
    (await window.axe.run(document.querySelector("#invite-controls"))).violations.map((v) => ({ id: v.id, impact: v.impact })));
  assert.deepEqual(violations.filter((v) => v.impact === "serious" || v.impact === "critical"), []);
});

test("a second person opens the link and joins the moderator's room", async () => {
  assert.ok(link, "the first test made a link");
  const ann = await newPage();
  const response = await ann.goto(link + "&user=Ann");
  assert.equal(response.status(), 200);
  await pressJoin(ann);
  for (const page of [mod, ann]) {
    await until("both in the room", async () => JSON.stringify(await names(page)) === JSON.stringify(["Ann", "Moe"]) || names(page));
  }
  assert.equal(await ann.evaluate(() => window.rolecall.config.role), "invited");
  assert.equal(await ann.$("#invite-copy"), null); // not hers to hand out
  await ann.close();
});

test("without the link, or for another room, the page says why", async () => {
  const eve = await newPage();
  let response = await eve.goto(server.base + "/invited?room=Invites");
  assert.equal(response.status(), 403);
  assert.equal(await eve.textContent("#error-message"), "This page needs an invite link. Ask a moderator for one.");
  response = await eve.goto(link.replace("room=Invites", "room=Elsewhere"));
  assert.equal(response.status(), 403);
  assert.equal(await eve.textContent("#error-message"), "This invite link is for room 'Invites', not for room 'Elsewhere'.");
  await eve.close();
});

test("no page broke the CSP or asked for anything that is not there", () => {
  assert.deepEqual(cspComplaints, []);
  assert.deepEqual(missing, []);
});
