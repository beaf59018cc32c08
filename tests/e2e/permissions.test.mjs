// Issue "Every permission does what it says", in real Chromium: raised hands
// reach a host in order, a locked room refuses a newcomer, and a listen-only
// role joins without a camera and is heard.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startServer, chromiumArgs, until, pressJoin, openRoomPage, recordToasts, toastSeen } from "./server.mjs";

let server, browser;
const self = "room.self.audio_mute, room.self.audio_unmute, room.self.video_mute, room.self.video_unmute";

before(async () => {
  server = await startServer({
    extraConfig: [
      "[role.host]", "plugin = moderator", "route = /host", "auth = none", "label = Host",
      "permissions = " + self + ", room.member.lowerhand, room.prioritize_handraise, room.lock, room.unlock, " +
        "room.member.promote, room.member.demote",
      "[role.attendee]", "plugin = guest", "route = /attendee", "auth = none", "label = Attendee",
      "permissions = " + self + ", room.self.raisehand, room.self.lowerhand",
      "[role.listener]", "plugin = guest", "route = /listen", "auth = none", "label = Listener",
      "permissions = room.self.audio_mute, room.self.audio_unmute", "media_allowed = audio-only",
      "[role.viewer]", "plugin = guest", "route = /watch", "auth = none", "label = Viewer", "join_as = audience",
      "permissions = " + self,
    ],
  });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: chromiumArgs });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const listed = (page) => page.$$eval("#participants .participant", (lis) => lis.map((li) =>
  li.querySelector(".participant-name").textContent +
  (li.querySelector(".hand-icon") ? " (" + li.querySelector(".hand-icon").getAttribute("aria-label") + ")" : "")));

// Locators, not handles: the list is redrawn on every change.
async function openMenuAction(page, name, action) {
  const entry = page.locator("#participants li", { has: page.locator(".participant-name", { hasText: name }) });
  await entry.locator(".member-menu-toggle").click();
  await entry.locator('[data-action="' + action + '"]').click();
}

// A fresh page whose every getUserMedia call is recorded (as JSON) in `asked`.
async function pageRecordingDeviceAsks() {
  const context = await browser.newContext();
  await context.grantPermissions(["camera", "microphone"]);
  const page = await context.newPage();
  const asked = [];
  await page.exposeFunction("recordAsk", (c) => asked.push(c));
  await page.addInitScript(() => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (c) => { window.recordAsk(JSON.stringify(c)); return original(c); };
  });
  return { context, page, asked };
}

test("raised hands reach the host in the order raised, first in the list, and the host lowers one", async () => {
  const host = await openRoomPage(browser, server.base, "/host?room=Hands&user=Hank");
  const ann = await openRoomPage(browser, server.base, "/attendee?room=Hands&user=Ann");
  const bob = await openRoomPage(browser, server.base, "/attendee?room=Hands&user=Bob");
  assert.equal(await host.isVisible("#hand-button"), false); // the host holds no raisehand
  await bob.click("#hand-button");
  await until("Bob's hand on the host's page", async () => (await listed(host)).includes("Bob (hand raised, 1st)") || listed(host));
  await ann.click("#hand-button");
  await until("Ann's hand second", async () => (await listed(host)).includes("Ann (hand raised, 2nd)") || listed(host));
  assert.deepEqual(await listed(host), ["Hank", "Ann (hand raised, 2nd)", "Bob (hand raised, 1st)"]); // join order
  await host.check("#room-hands-first");
  await until("raised hands first", async () => JSON.stringify(await listed(ann)) ===
    JSON.stringify(["Bob (hand raised, 1st)", "Ann (hand raised, 2nd)", "Hank"]) || listed(ann));
  await openMenuAction(host, "Bob", "lowerHand");
  await until("Bob's hand down on his page", async () => (await bob.textContent("#hand-button")).includes("Raise hand"));
  await until("Ann now first", async () => JSON.stringify(await listed(host)) ===
    JSON.stringify(["Ann (hand raised, 1st)", "Hank", "Bob"]) || listed(host));
  // Locked: a third attendee is refused with a clear message; unlocked, she gets in.
  await recordToasts(ann);
  await host.check("#room-lock");
  await until("Ann told of the lock", () => toastSeen(ann, "Hank locked the room"));
  assert.equal(await ann.isVisible("#room-locked"), true);
  const cat = await (await browser.newContext()).newPage();
  await cat.context().grantPermissions(["camera", "microphone"]);
  await cat.goto(server.base + "/attendee?room=Hands&user=Cat");
  await pressJoin(cat, "full");
  assert.match(await cat.textContent("#prejoin-note"), /This room is locked/);
  await host.uncheck("#room-lock");
  await until("unlocked on Ann's page", async () => (await ann.isVisible("#room-locked")) === false);
  await pressJoin(cat);
  await until("four on the host's page", async () => (await listed(host)).length === 4 || listed(host));
  for (const page of [host, ann, bob, cat]) await page.context().close();
});

test("a listener joins without a camera, is never asked for one, and is heard", async () => {
  const host = await openRoomPage(browser, server.base, "/host?room=Ear&user=Hank");
  const { context, page: lis, asked } = await pageRecordingDeviceAsks();
  await lis.goto(server.base + "/listen?room=Ear&user=Lis");
  assert.equal(await lis.isVisible("#prejoin-video"), false);
  await pressJoin(lis);
  assert.ok(asked.length > 0 && asked.every((c) => !JSON.parse(c).video), "asked for " + asked);
  assert.equal(await lis.evaluate(() => window.rolecall.room.localStream.getVideoTracks().length), 0);
  // The host hears Lis: audio energy arrives from her connection.
  const heard = () => host.evaluate(async () => {
    const room = window.rolecall.room;
    const id = [...room.members.values()].find((m) => m.name === "Lis").id;
    const peer = room.peers.get(id);
    if (!peer) return 0; // her offer is still on its way
    const stats = await peer.pc.getStats();
    let energy = 0;
    stats.forEach((r) => { if (r.type === "inbound-rtp" && r.kind === "audio") energy += r.totalAudioEnergy || 0; });
    return energy;
  });
  await until("Lis heard", async () => (await heard()) > 0 || heard());
  // And shown as camera off, which nobody can change.
  await until("Lis shown without camera", async () => /Listener · camera off/.test(await host.textContent("#participants")));
  await host.context().close();
  await context.close();
});

test("the audience sends nothing until promoted; promoted, it is seen; demoted, it is gone again", async () => {
  const host = await openRoomPage(browser, server.base, "/host?room=Stage&user=Hank");
  const { context, page: val, asked } = await pageRecordingDeviceAsks();
  await val.goto(server.base + "/watch?room=Stage&user=Val");
  await pressJoin(val);
  assert.deepEqual(asked, []); // never asked for a device
  const valTile = () => host.evaluate(() => {
    const id = [...window.rolecall.room.members.values()].find((m) => m.name === "Val").id;
    const tile = document.querySelector('#rootElement [data-member-id="' + id + '"]');
    return { shown: !!tile && tile.offsetParent !== null, frames: tile ? tile.querySelector("video").getVideoPlaybackQuality().totalVideoFrames : 0 };
  });
  await until("Val listed as audience", async () => /Viewer · audience/.test(await host.textContent("#participants")));
  assert.equal((await valTile()).shown, false);
  assert.equal(await val.isDisabled('[data-self="audio"]'), true);
  await recordToasts(val);
  await openMenuAction(host, "Val", "promote");
  await until("Val told", () => toastSeen(val, "You may now speak"));
  await until("Val's camera opened", () => val.evaluate(() =>
    window.rolecall.room.localStream.getVideoTracks().some((t) => t.readyState === "live")));
  await until("Val seen by the host", async () => { const t = await valTile(); return (t.shown && t.frames > 0) || t; });
  await openMenuAction(host, "Val", "demote");
  await until("Val's tile gone", async () => (await valTile()).shown === false);
  await until("Val's devices released", () => val.evaluate(() =>
    window.rolecall.room.localStream.getTracks().every((t) => t.readyState === "ended")));
  await host.context().close();
  await context.close();
});
