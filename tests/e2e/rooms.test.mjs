// A moderator and two guests in real Chromium pages against the real server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer, chromiumArgs } from "./server.mjs";

let server, browser, mod, ann, bob, eve;
const artifacts = process.env.ARTIFACT_DIR || "test-artifacts";

async function open(url, credentials) {
  const context = await browser.newContext({ httpCredentials: credentials, viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(["camera", "microphone"]);
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  const response = await page.goto(server.base + url);
  assert.equal(response.status(), 200);
  await page.waitForFunction(() => document.querySelector("#status")?.dataset.state === "joined", null, { timeout: 15000 });
  return page;
}

const names = (page) => page.$$eval("#participants .participant-name", (els) => els.map((e) => e.textContent.split(" : ")[0]).sort());
const memberIdOf = (page, name) => page.$eval("#participants", (list, name) =>
  [...list.querySelectorAll("li")].find((li) => li.querySelector(".participant-name").textContent.startsWith(name + " : ")).dataset.memberId, name);
const stateOf = (page, name) => page.$eval("#participants", (list, name) =>
  [...list.querySelectorAll("li")].find((li) => li.querySelector(".participant-name").textContent.startsWith(name + " : ")).querySelector(".participant-state").textContent, name);

async function until(what, check, ms = 15000) {
  const start = Date.now();
  let last;
  while (Date.now() - start < ms) {
    last = await check();
    if (last === true) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail("timed out waiting for " + what + " (last: " + JSON.stringify(last) + ")");
}

// Frames decoded from each other member's video, keyed by member name.
const decoded = (page) => page.evaluate(() => {
  const room = window.rolecall.room;
  const out = {};
  for (const [id, m] of room.members) {
    if (id === room.memberId) continue;
    const video = document.querySelector('[data-member-id="' + id + '"] video');
    out[m.name] = video && video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality().totalVideoFrames : 0;
  }
  return out;
});

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: chromiumArgs });
  eve = await open("/guest?room=Elsewhere&user=Eve");
  mod = await open("/?room=E2E&user=Moe", server.moderator);
  ann = await open("/guest?room=E2E&user=Ann");
  bob = await open("/guest?room=E2E&user=Bob");
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test("everyone lists all three and decodes the other two's video", async () => {
  for (const page of [mod, ann, bob]) {
    await until("three participants", async () => JSON.stringify(await names(page)) === JSON.stringify(["Ann", "Bob", "Moe"]));
    await until("video from both others", async () => {
      const frames = await decoded(page);
      return Object.keys(frames).length === 2 && Object.values(frames).every((n) => n > 0) || frames;
    }, 20000);
  }
  await mod.screenshot({ path: join(artifacts, "moderator.png") });
  await ann.screenshot({ path: join(artifacts, "guest.png") });
});

test("a guest page has no moderator controls and its forced calls are refused", async () => {
  assert.equal(await ann.$("#moderator-controls"), null);
  assert.equal(await ann.$$eval(".member-controls", (els) => els.length), 0);
  assert.equal(await mod.$$eval(".member-controls", (els) => els.length), 2);
  const moeId = await memberIdOf(ann, "Moe");
  const codes = await ann.evaluate(async (id) => {
    const room = window.rolecall.room;
    const tryCall = (p) => p.then(() => "ok", (e) => e.jsonrpc.code);
    return [await tryCall(room.audioMute({ memberId: id })), await tryCall(room.videoMute({ memberId: id })),
            await tryCall(room.removeMember({ memberId: id })), await tryCall(room.audioMute({ memberId: "all" }))];
  }, moeId);
  assert.deepEqual(codes, ["403", "403", "403", "403"]);
  assert.equal(await stateOf(mod, "Moe"), "moderator");
});

test("the moderator mutes a guest's audio and video and both pages show it", async () => {
  const annId = await memberIdOf(mod, "Ann");
  await mod.click('li[data-member-id="' + annId + '"] [data-action="audioMute"]');
  await mod.click('li[data-member-id="' + annId + '"] [data-action="videoMute"]');
  for (const page of [mod, ann, bob]) {
    await until("Ann shown muted", async () => (await stateOf(page, "Ann")) === "guest · audio muted · video muted" || stateOf(page, "Ann"));
  }
  assert.equal(await ann.textContent('[data-self="audio"]'), "Unmute microphone");
  assert.equal(await ann.textContent('[data-self="video"]'), "Turn camera on");
  const sending = await ann.evaluate(() => window.rolecall.room.localStream.getTracks().map((t) => t.enabled));
  assert.deepEqual(sending, [false, false]);
  // Everyone else stops playing Ann, whatever her page does.
  const playing = await bob.evaluate((id) => window.rolecall.room.peers.get(id).pc.getReceivers().map((r) => r.track.enabled), annId);
  assert.deepEqual(playing, [false, false]);
  assert.equal(await mod.isDisabled('li[data-member-id="' + annId + '"] [data-action="audioMute"]'), true);
  await mod.click('li[data-member-id="' + annId + '"] [data-action="audioUnmute"]');
  await mod.click('li[data-member-id="' + annId + '"] [data-action="videoUnmute"]');
  await until("Ann unmuted", async () => (await stateOf(ann, "Ann")) === "guest");
});

test("mute all, then unmute all", async () => {
  await mod.click('[data-all="audioMute"]');
  for (const page of [mod, ann, bob]) {
    await until("guests muted", async () => (await stateOf(page, "Ann")).includes("audio muted") && (await stateOf(page, "Bob")).includes("audio muted"));
  }
  assert.equal(await stateOf(mod, "Moe"), "moderator");
  assert.equal(await mod.isDisabled('[data-all="audioMute"]'), true);
  await mod.click('[data-all="audioUnmute"]');
  for (const page of [mod, ann, bob]) {
    await until("guests unmuted", async () => !(await stateOf(page, "Ann")).includes("muted") && !(await stateOf(page, "Bob")).includes("muted"));
  }
});

test("the moderator removes a guest, who sees it, while the others' lists update", async () => {
  const bobId = await memberIdOf(mod, "Bob");
  await mod.click('li[data-member-id="' + bobId + '"] [data-action="remove"]');
  await bob.waitForFunction(() => document.querySelector("#status").dataset.state === "removed");
  assert.match(await bob.textContent("#status"), /removed from the room by a moderator/);
  for (const page of [mod, ann]) {
    await until("two left", async () => JSON.stringify(await names(page)) === JSON.stringify(["Ann", "Moe"]));
  }
  await bob.screenshot({ path: join(artifacts, "guest-removed.png") });
});

test("a member of another room saw none of it", async () => {
  assert.deepEqual(await names(eve), ["Eve"]);
  assert.equal(await eve.$$eval("#rootElement .tile", (tiles) => tiles.length), 1);
});
