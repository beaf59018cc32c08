// The lobby in real Chromium pages against the real server: a visitor (a
// `lobby = true` role) waits with no room token in its page, the moderator
// sees who waits (with a sound), denies one and lets the other in with the
// keyboard, and the one let in joins: both see each other's video.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer, chromiumArgs, until, pressJoin, otherMemberFrames } from "./server.mjs";

let server, browser;
const artifacts = process.env.ARTIFACT_DIR || "test-artifacts";
const axeSource = readFileSync(join(process.env.VENDOR_DIR, "axe-core", "axe.min.js"), "utf8");

// Serious or critical axe-core violations inside `selector` (none expected).
async function accessibilityProblems(page, selector) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async (s) =>
    (await window.axe.run(document.querySelector(s))).violations.map((v) => ({ id: v.id, impact: v.impact })), selector);
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

async function newPage(credentials) {
  const context = await browser.newContext({ httpCredentials: credentials, viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(["camera", "microphone"]);
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  return page;
}

// A visitor's page, once it says it is waiting (in `state`).
async function visitor(user, state) {
  const page = await newPage();
  const response = await page.goto(server.base + "/visit?room=Hall&user=" + user);
  assert.equal(response.status(), 200);
  // The HTML has a lobby ticket and no room token (ours all start with this header).
  assert.ok(!(await response.text()).includes("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"));
  await page.waitForSelector('#lobby-status[data-state="' + state + '"]', { timeout: 15000 });
  return page;
}

const lobbyState = (page) => page.$eval("#lobby-status", (s) => s.dataset.state + ": " + s.textContent);
const waitingNames = (page) => page.$$eval("#lobby-list .lobby-entry-text", (els) => els.map((e) => e.textContent));

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startServer({
    extraConfig: ["[role.visitor]", "plugin = guest", "route = /visit", "label = Visitor", "auth = none", "lobby = true",
      "permissions = room.self.audio_mute, room.self.audio_unmute, room.self.video_mute, room.self.video_unmute, " +
      "room.self.deaf, room.self.undeaf"],
  });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: chromiumArgs });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test("a visitor waits, is let in by the moderator, and both see each other", async () => {
  // Nobody who could let Gus in is there yet.
  const gus = await visitor("Gus", "no-moderator");
  assert.match(await lobbyState(gus), /Waiting for a moderator to arrive/);
  assert.equal(await gus.evaluate(() => window.rolecall.config.token), undefined);
  assert.equal(await gus.isVisible("#prejoin"), false);

  const moe = await newPage(server.moderator);
  assert.equal((await moe.goto(server.base + "/?room=Hall&user=Moe")).status(), 200);
  await pressJoin(moe);
  // Gus learns a moderator is there; Moe sees Gus waiting.
  await gus.waitForSelector('#lobby-status[data-state="waiting"]', { timeout: 15000 });
  assert.match(await lobbyState(gus), /Waiting for a moderator to let you in/);
  await until("Gus listed as waiting", async () => JSON.stringify(await waitingNames(moe)) === '["Gus (Visitor) is waiting"]' || await waitingNames(moe));
  assert.equal(await moe.isVisible("#lobby-panel"), true);

  // A second arrival: a toast and a chime (Web Audio), and Admit all appears.
  const ivy = await visitor("Ivy", "waiting");
  await until("Ivy listed too", async () => (await waitingNames(moe)).length === 2);
  await moe.waitForSelector('#lobby-panel[data-chimes="1"]', { timeout: 5000 });
  await until("a toast about Ivy", async () => (await moe.$$eval("#toasts .toast-msg", (t) => t.map((x) => x.textContent))).includes("Ivy is waiting to join"));
  assert.equal(await moe.isVisible("#lobby-admit-all"), true);
  await moe.screenshot({ path: join(artifacts, "lobby-moderator.png") });
  await gus.screenshot({ path: join(artifacts, "lobby-waiting.png") });
  assert.deepEqual(await accessibilityProblems(moe, "#lobby-panel"), []);
  assert.deepEqual(await accessibilityProblems(gus, "#lobby"), []);

  // Ivy is denied and told so plainly.
  await moe.click('button[aria-label="Deny Ivy"]');
  await ivy.waitForSelector('#lobby-status[data-state="denied"]', { timeout: 10000 });
  assert.match(await lobbyState(ivy), /A moderator did not let you into the room/);
  assert.equal(await ivy.textContent("#lobby-title"), "You were not let in");

  // Gus is let in from the keyboard, joins, and both see each other's video.
  await until("only Gus waits", async () => JSON.stringify(await waitingNames(moe)) === '["Gus (Visitor) is waiting"]');
  await moe.focus('button[aria-label="Admit Gus"]');
  await moe.keyboard.press("Enter");
  await gus.waitForFunction(() => document.querySelector("#status")?.dataset.state === "joined", null, { timeout: 15000 });
  assert.equal(await gus.isVisible("#lobby"), false);
  // The room page is whole: its own settings (room-controls.js) are there too.
  await gus.waitForSelector("#me-deaf", { state: "attached", timeout: 5000 });
  await until("the lobby panel empties", async () => (await moe.isHidden("#lobby-panel")) === true);
  for (const [page, name] of [[moe, "Moe"], [gus, "Gus"]]) {
    await until(name + " decodes the other's video", async () => (await otherMemberFrames(page)) > 0 || await otherMemberFrames(page), 20000);
  }
  const names = await moe.$$eval("#participants .participant-name", (els) => els.map((e) => e.textContent).sort());
  assert.deepEqual(names, ["Gus", "Moe"]);
  await gus.screenshot({ path: join(artifacts, "lobby-admitted.png") });
});
