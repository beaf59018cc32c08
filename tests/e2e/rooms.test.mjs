// A moderator and two guests in real Chromium pages against the real server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer, chromiumArgs, until, pressJoin, recordToasts, toastSeen } from "./server.mjs";

let server, browser, mod, ann, bob, eve;
const artifacts = process.env.ARTIFACT_DIR || "test-artifacts";

async function open(url, credentials, state = "joined") {
  const context = await browser.newContext({ httpCredentials: credentials, viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(["camera", "microphone"]);
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  const response = await page.goto(server.base + url);
  assert.equal(response.status(), 200);
  await pressJoin(page, state);
  return page;
}

const names = (page) => page.$$eval("#participants .participant-name", (els) => els.map((e) => e.textContent).sort());
const memberIdOf = (page, name) => page.$eval("#participants", (list, name) =>
  [...list.querySelectorAll("li")].find((li) => li.querySelector(".participant-name").textContent === name).dataset.memberId, name);
const stateOf = (page, name) => page.$eval("#participants", (list, name) =>
  [...list.querySelectorAll("li")].find((li) => li.querySelector(".participant-name").textContent === name).querySelector(".participant-state").textContent, name);
// A moderator action from the member's menu (opened first, as a person would).
async function memberAction(page, memberId, action) {
  const li = 'li[data-member-id="' + memberId + '"]';
  if (await page.isHidden(li + " .member-menu")) await page.click(li + " .member-menu-toggle");
  await page.click(li + ' [data-action="' + action + '"]');
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
  server = await startServer({ maxParticipants: 3 });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: chromiumArgs });
  eve = await open("/guest?room=Elsewhere&user=Eve");
  // Everything Eve's page is ever told about other members.
  await eve.evaluate(() => {
    window.seenByEve = [];
    for (const event of ["member.joined", "member.updated", "member.left"]) {
      window.rolecall.room.on(event, (e) => window.seenByEve.push(event + " " + e.member.id));
    }
  });
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
  assert.equal(await stateOf(mod, "Moe"), "Moderator");
  // Names and labels only: no member ids, no role ids.
  const listed = await mod.textContent("#participants");
  assert.ok(!listed.includes(moeId) && !/\bguest\b|\bmoderator\b/.test(listed), listed);
});

test("the moderator mutes a guest's audio and video and both pages show it", async () => {
  const annId = await memberIdOf(mod, "Ann");
  await recordToasts(ann);
  await memberAction(mod, annId, "audioMute");
  await memberAction(mod, annId, "videoMute");
  for (const page of [mod, ann, bob]) {
    await until("Ann shown muted", async () => (await stateOf(page, "Ann")) === "Regular User · microphone muted · camera off" || stateOf(page, "Ann"));
  }
  // Her tile says so on the others' pages (an icon, not an emoji).
  await until("Ann's tile muted on Bob's page", () => bob.evaluate((id) => {
    const tile = document.querySelector('#rootElement [data-member-id="' + id + '"]');
    const icon = tile.querySelector(".mute-icon");
    return tile.classList.contains("audio-muted") && getComputedStyle(icon).display !== "none" &&
      icon.getAttribute("aria-label") === "microphone muted";
  }, annId));
  // Ann is told who did it.
  await until("Ann's toast", () => toastSeen(ann, "Moe muted your microphone"));
  assert.equal(await ann.textContent('[data-self="audio"]'), "Unmute microphone");
  assert.equal(await ann.textContent('[data-self="video"]'), "Turn camera on");
  const sending = await ann.evaluate(() => window.rolecall.room.localStream.getTracks().map((t) => t.enabled));
  assert.deepEqual(sending, [false, false]);
  // Everyone else stops playing Ann, whatever her page does.
  const playing = await bob.evaluate((id) => window.rolecall.room.peers.get(id).pc.getReceivers().map((r) => r.track.enabled), annId);
  assert.deepEqual(playing, [false, false]);
  assert.equal(await mod.isDisabled('li[data-member-id="' + annId + '"] [data-action="audioMute"]'), true);
  await memberAction(mod, annId, "audioUnmute");
  await memberAction(mod, annId, "videoUnmute");
  await until("Ann unmuted", async () => (await stateOf(ann, "Ann")) === "Regular User");
});

test("mute all, then unmute all", async () => {
  await mod.click('[data-all="audioMute"]');
  for (const page of [mod, ann, bob]) {
    await until("guests muted", async () => (await stateOf(page, "Ann")).includes("microphone muted") && (await stateOf(page, "Bob")).includes("microphone muted"));
  }
  assert.equal(await stateOf(mod, "Moe"), "Moderator");
  assert.equal(await mod.isDisabled('[data-all="audioMute"]'), true);
  await mod.click('[data-all="audioUnmute"]');
  for (const page of [mod, ann, bob]) {
    await until("guests unmuted", async () => !(await stateOf(page, "Ann")).includes("muted") && !(await stateOf(page, "Bob")).includes("muted"));
  }
});

test("a fourth member of a three-member room is told the room is full", async () => {
  const cid = await open("/guest?room=E2E&user=Cid", undefined, "full");
  assert.match(await cid.textContent("#status"), /room is full/);
  assert.deepEqual(await names(mod), ["Ann", "Bob", "Moe"]);
  await cid.context().close();
});

test("device menus list the devices and switching the camera replaces the track live", async () => {
  for (const menu of ["#camera-select", "#microphone-select", "#speaker-select"]) {
    assert.ok(await ann.$eval(menu, (s) => s.options.length) > 0, menu + " is empty");
  }
  const sentTrack = () => ann.evaluate(() => [...window.rolecall.room.peers.values()][0].pc.getSenders()
    .find((s) => s.track && s.track.kind === "video").track.id);
  const before = await sentTrack();
  await ann.selectOption("#camera-select", { index: 0 });
  await ann.$eval("#camera-select", (s) => s.dispatchEvent(new Event("change")));
  await until("a new camera track", async () => (await sentTrack()) !== before);
  const annId = await memberIdOf(mod, "Ann");
  const framesOf = () => mod.evaluate((id) => document.querySelector('[data-member-id="' + id + '"] video').getVideoPlaybackQuality().totalVideoFrames, annId);
  const frames = await framesOf();
  await until("Ann's video still arriving", async () => (await framesOf()) > frames);
});

test("the moderator removes a guest, who sees it, while the others' lists update", async () => {
  const bobId = await memberIdOf(mod, "Bob");
  await bob.evaluate(() => (window.bobsTracks = window.rolecall.room.localStream.getTracks()));
  await memberAction(mod, bobId, "remove");
  await bob.waitForFunction(() => document.querySelector("#status").dataset.state === "removed");
  assert.match(await bob.textContent("#status"), /removed from the room by a moderator/);
  assert.match(await bob.textContent("#toasts"), /You were removed from the room/);
  // Camera and microphone off: every local track ended.
  assert.deepEqual(await bob.evaluate(() => window.bobsTracks.map((t) => t.readyState)), ["ended", "ended"]);
  assert.equal(await bob.isVisible("#rejoin-button"), true);
  for (const page of [mod, ann]) {
    await until("two left", async () => JSON.stringify(await names(page)) === JSON.stringify(["Ann", "Moe"]));
  }
  await bob.screenshot({ path: join(artifacts, "guest-removed.png") });
  // Rejoin is offered, and the removed member's revoked token is refused plainly.
  await bob.click("#rejoin-button");
  await bob.waitForFunction(() => document.querySelector("#status").dataset.state === "failed");
  assert.match(await bob.textContent("#after-note"), /no longer works: this token was revoked/);
  assert.equal(await bob.evaluate(() => window.rolecall.room.localStream), null);
  assert.equal(await bob.textContent("#after-title"), "You were removed from the room");
  assert.equal(await bob.isVisible("#rejoin-button"), false); // trying again cannot help
  await bob.screenshot({ path: join(artifacts, "guest-rejoin-refused.png") });
});

test("a member who speaks is shown talking on the others' pages", async () => {
  // Chromium's fake microphone beeps: Ann's page measures it and says so.
  const annId = await memberIdOf(mod, "Ann");
  await until("Ann's entry and tile highlighted", () => mod.evaluate((id) =>
    document.querySelector('#participants li[data-member-id="' + id + '"]').classList.contains("talking") &&
    document.querySelector('#rootElement [data-member-id="' + id + '"]').classList.contains("talking"), annId));
});

test("Leave ends every local track and Rejoin comes back", async () => {
  await ann.evaluate(() => (window.annsTracks = window.rolecall.room.localStream.getTracks()));
  await ann.click("#leave-button");
  await ann.waitForFunction(() => document.querySelector("#status").dataset.state === "left");
  assert.deepEqual(await ann.evaluate(() => window.annsTracks.map((t) => t.readyState)), ["ended", "ended"]);
  await until("Ann gone from Moe's list", async () => JSON.stringify(await names(mod)) === JSON.stringify(["Moe"]));
  await ann.click("#rejoin-button");
  await ann.waitForFunction(() => document.querySelector("#status").dataset.state === "joined");
  await until("Ann back", async () => JSON.stringify(await names(mod)) === JSON.stringify(["Ann", "Moe"]));
  await until("Ann's video again", async () => Object.values(await decoded(mod)).every((n) => n > 0) || decoded(mod));
});

test("a member of another room saw none of it", async () => {
  assert.deepEqual(await eve.evaluate(() => window.seenByEve), []);
  await eve.waitForFunction(() => document.querySelector("#status").dataset.state === "joined");
  assert.deepEqual(await names(eve), ["Eve"]);
  assert.equal(await eve.$$eval("#rootElement .tile", (tiles) => tiles.length), 1);
});

test("a lost connection is shown and the page rejoins when the server is back", async () => {
  const states = [];
  await ann.exposeFunction("recordState", (s) => states.push(s));
  await ann.evaluate(() => new MutationObserver(() => window.recordState(document.querySelector("#status").dataset.state))
    .observe(document.querySelector("#status"), { attributes: true, childList: true }));
  const toasts = [];
  await ann.exposeFunction("recordToast", (t) => toasts.push(t));
  await ann.evaluate(() => new MutationObserver((changes) => {
    for (const c of changes) for (const n of c.addedNodes) window.recordToast(n.textContent);
  }).observe(document.querySelector("#toasts"), { childList: true }));
  // What Ann switched off stays off after the reconnect (the server sees a new member).
  await ann.click('[data-self="audio"]');
  await until("Ann muted", () => ann.evaluate(() => window.rolecall.room.members.get(window.rolecall.room.memberId).audio_muted));
  await server.restart(1500);
  for (const page of [ann, mod]) {
    await page.waitForFunction(() => document.querySelector("#status").dataset.state === "joined" &&
      window.rolecall.room.members.size === 2, null, { timeout: 20000 });
  }
  assert.ok(states.includes("reconnecting"), "Ann's page never showed the lost connection: " + states);
  assert.match(await ann.textContent("#status"), /In room E2E/);
  await until("both toasts", async () => toasts.includes("Reconnecting…") && toasts.includes("Reconnected") || toasts);
  await until("video again", async () => Object.values(await decoded(mod)).every((n) => n > 0) || decoded(mod));
  await until("Ann still muted on Moe's page", () => mod.evaluate(() =>
    [...window.rolecall.room.members.values()].some((m) => m.name === "Ann" && m.audio_muted)));
  assert.equal(await ann.textContent('[data-self="audio"]'), "Unmute microphone");
  await ann.click('[data-self="audio"]'); // as the tests after this one expect
  await until("Ann unmuted", () => ann.evaluate(() => !window.rolecall.room.members.get(window.rolecall.room.memberId).audio_muted));
});
