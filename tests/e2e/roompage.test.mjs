// The room page as a person meets it: the pre-join screen (preview, name,
// microphone and camera switches, devices), the room on a desktop and on a
// phone, checked with axe-core (no serious or critical violations) and
// photographed into ARTIFACT_DIR at 1280x800 and 390x844.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer, chromiumArgs, until, pressJoin, otherMemberFrames } from "./server.mjs";

const artifacts = process.env.ARTIFACT_DIR || "test-artifacts";
const axeSource = readFileSync(join(process.env.VENDOR_DIR, "axe-core", "axe.min.js"), "utf8");
const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };
let server, browser;
const cspComplaints = [];
const missing = [];

async function open(url, viewport, credentials) {
  const context = await browser.newContext({ viewport, httpCredentials: credentials });
  await context.grantPermissions(["camera", "microphone"]);
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  // Anything the CSP refused (an inline script or style) would be said here.
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) cspComplaints.push(url + ": " + m.text()); });
  page.on("response", (r) => { if (r.status() === 404) missing.push(r.url()); });
  assert.equal((await page.goto(server.base + url)).status(), 200);
  return page;
}

// axe-core in the page (evaluated through the DevTools protocol, so the
// page's CSP needs no exception); only serious and critical impacts fail.
async function axe(page, what) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () =>
    (await window.axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })));
  console.log("axe " + what + ": " + JSON.stringify(violations));
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], what + ": " + JSON.stringify(bad));
}

const shot = (page, name) => page.screenshot({ path: join(artifacts, name + ".png") });
const videoFrames = (page, selector) => page.$eval(selector, (v) => v.getVideoPlaybackQuality().totalVideoFrames);

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: chromiumArgs });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test("the pre-join screen previews the camera, and joins with the microphone off when asked", async () => {
  const page = await open("/guest?room=Look&user=Gus", desktop);
  assert.equal(await page.isVisible("#in-room"), false);
  await until("the preview playing", async () => (await videoFrames(page, "#preview")) > 0);
  assert.equal(await page.inputValue("#name-input"), "Gus");
  assert.equal(await page.$eval("#name-input", (i) => i.readOnly), true); // the link named him
  await until("device menus filled", () => page.$eval("#camera-select", (s) => s.options.length > 0));
  assert.equal(await page.$$eval("#rootElement .tile", (t) => t.length), 0); // not in the room yet
  await page.click("#prejoin-audio");
  assert.equal(await page.getAttribute("#prejoin-audio", "aria-pressed"), "false");
  assert.equal(await page.textContent("#prejoin-audio"), " Microphone off");
  await axe(page, "pre-join 1280");
  await shot(page, "prejoin-1280");
  await pressJoin(page);
  await until("joined muted", () => page.evaluate(() => window.rolecall.room.members.get(window.rolecall.room.memberId).audio_muted));
  assert.equal(await page.textContent('[data-self="audio"]'), "Unmute microphone");
  await page.context().close();
});

test("without a name in the link the person types one, and joins with it", async () => {
  const page = await open("/guest?room=Look", desktop);
  assert.equal(await page.$eval("#name-input", (i) => i.readOnly), false);
  await page.fill("#name-input", "Zoe");
  await page.click("#join-button");
  await page.waitForFunction(() => document.querySelector("#status")?.dataset.state === "joined", null, { timeout: 15000 });
  assert.equal(await page.textContent("#user-name"), "Zoe");
  assert.deepEqual(await page.$$eval("#participants .participant-name", (e) => e.map((x) => x.textContent)), ["Zoe"]);
  await page.context().close();
});

test("in the room, moderator and guest pages on a desktop pass axe and fill the window", async () => {
  const mod = await open("/?room=Shots&user=Moe", desktop, server.moderator);
  await pressJoin(mod);
  const ann = await open("/guest?room=Shots&user=Ann", desktop);
  await pressJoin(ann);
  await until("two tiles each", async () => (await mod.$$eval("#rootElement .tile", (t) => t.length)) === 2 &&
    (await ann.$$eval("#rootElement .tile", (t) => t.length)) === 2);
  assert.equal(await mod.textContent("#member-count"), "2");
  // The grid takes the window's width beside the panel, not a fixed box.
  const grid = await mod.$eval("#rootElement", (g) => g.getBoundingClientRect().width);
  assert.ok(grid > 800, "grid only " + grid + " px wide");
  // Every control in the bar has a name a screen reader can say.
  const unnamed = await mod.$$eval(".control-bar button", (bs) => bs.filter((b) => !b.textContent.trim() && !b.getAttribute("aria-label")).length);
  assert.equal(unnamed, 0);
  // The member menu opens from the keyboard.
  await mod.focus("#participants .member-menu-toggle");
  await mod.keyboard.press("Enter");
  assert.equal(await mod.isVisible("#participants .member-menu"), true);
  assert.equal(await mod.evaluate(() => document.activeElement.dataset.action), "audioMute"); // focus moved in
  await mod.keyboard.press("Escape");
  assert.equal(await mod.isVisible("#participants .member-menu"), false);
  assert.equal(await mod.evaluate(() => document.activeElement.classList.contains("member-menu-toggle")), true);
  await axe(mod, "moderator 1280");
  await axe(ann, "guest 1280");
  await shot(mod, "moderator-1280");
  await shot(ann, "guest-1280");
  // Ann turns her microphone and camera off: her tile and list entry say so.
  await ann.click('[data-self="audio"]');
  await ann.click('[data-self="video"]');
  await until("Ann's tile muted on Moe's page", () => mod.evaluate(() => {
    const tile = [...document.querySelectorAll("#rootElement .tile")].find((t) => t.textContent.includes("Ann"));
    return tile.classList.contains("audio-muted") && tile.classList.contains("video-muted");
  }));
  assert.equal(await mod.$$eval("#participants [aria-label='microphone muted'], #participants [aria-label='camera off']", (e) => e.length), 2);
  // A muted microphone is not talking (Chromium's fake one beeps all the time).
  await until("Ann not talking", () => mod.evaluate(() =>
    [...document.querySelectorAll("#participants li")].some((li) => li.textContent.includes("Ann") && !li.classList.contains("talking"))));
  await mod.click("#participants .member-menu-toggle");
  await axe(mod, "moderator 1280, menu open");
  await shot(mod, "moderator-1280-muted-guest-menu");
  await mod.context().close();
  await ann.context().close();
});

// "Camera off" releases the camera (its light goes off), before joining and
// in the room, whoever turns it off; "on" opens it again and the others see it.
const cameraLive = (page, where) => page.evaluate((w) => {
  const stream = w === "preview" ? document.querySelector("#preview").srcObject : window.rolecall.room.localStream;
  return stream.getVideoTracks().some((t) => t.readyState === "live");
}, where);

test("camera off releases the camera, and camera on brings it back for everyone", async () => {
  const vic = await open("/guest?room=Light&user=Vic", desktop);
  await until("the preview playing", async () => (await videoFrames(vic, "#preview")) > 0);
  assert.equal(await cameraLive(vic, "preview"), true);
  await vic.click("#prejoin-video");
  await until("the preview camera released", async () => (await cameraLive(vic, "preview")) === false);
  await vic.click("#prejoin-video");
  await until("the preview camera open again", () => cameraLive(vic, "preview"));
  const mod = await open("/?room=Light&user=Moe", desktop, server.moderator);
  await pressJoin(mod);
  await pressJoin(vic);
  await until("Moe sees Vic", async () => (await otherMemberFrames(mod)) > 0);
  await vic.click('[data-self="video"]');
  await until("Vic's camera released", async () => (await cameraLive(vic, "room")) === false);
  await vic.click('[data-self="video"]');
  await until("Vic's camera open again", () => cameraLive(vic, "room"));
  const before = await otherMemberFrames(mod);
  await until("Moe sees Vic's new camera", async () => (await otherMemberFrames(mod)) > before + 10);
  // A moderator's "Turn camera off" releases it too; "on" opens it again.
  await mod.click("#participants .member-menu-toggle");
  await mod.click('#participants [data-action="videoMute"]');
  await until("Vic's camera released by Moe", async () => (await cameraLive(vic, "room")) === false);
  await mod.click("#participants .member-menu-toggle");
  await mod.click('#participants [data-action="videoUnmute"]');
  await until("Vic's camera opened by Moe", () => cameraLive(vic, "room"));
  await mod.context().close();
  await vic.context().close();
});

test("on a phone the video comes first and the controls sit at the bottom", async () => {
  const pre = await open("/guest?room=Phone&user=Pia", phone);
  await until("the preview playing", async () => (await videoFrames(pre, "#preview")) > 0);
  await axe(pre, "pre-join 390");
  await shot(pre, "prejoin-390");
  await pre.context().close();
  const mod = await open("/?room=Phone&user=Moe", phone, server.moderator);
  await pressJoin(mod);
  const ann = await open("/guest?room=Phone&user=Ann", phone);
  await pressJoin(ann);
  await until("two tiles", async () => (await ann.$$eval("#rootElement .tile", (t) => t.length)) === 2);
  for (const page of [mod, ann]) {
    const { gridTop, barBottom } = await page.evaluate(() => ({
      gridTop: document.querySelector("#rootElement").getBoundingClientRect().top,
      barBottom: document.querySelector(".control-bar").getBoundingClientRect().bottom,
    }));
    assert.ok(gridTop < 150, "video starts at " + gridTop);
    assert.ok(barBottom > 844 - 4 && barBottom <= 844, "control bar ends at " + barBottom);
    assert.equal(await page.isVisible("#side-panel"), false); // a sheet, opened on demand
  }
  await axe(mod, "moderator 390");
  await axe(ann, "guest 390");
  await shot(mod, "moderator-390");
  await shot(ann, "guest-390");
  await mod.click("#panel-toggle");
  await shot(mod, "moderator-390-participants");
  await mod.context().close();
  await ann.context().close();
});

test("no page broke the CSP or asked for anything that is not there", () => {
  assert.deepEqual(cspComplaints, []);
  assert.deepEqual(missing, []);
});

test("the favicon is served, not a 404", async () => {
  const reply = await fetch(server.base + "/favicon.ico");
  assert.equal(reply.status, 200);
  assert.equal(reply.headers.get("content-type"), "image/svg+xml");
});
