// The page tells people what is wrong: no secure context (plain http on
// another host), no camera or microphone (still joins, receiving), and a
// listen-only role that is never asked for a camera.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { join } from "node:path";
import { startServer, chromiumArgs, until, pressJoin } from "./server.mjs";

const artifacts = process.env.ARTIFACT_DIR || "test-artifacts";
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
let server, browser;

async function page(b, url) {
  const context = await b.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await context.newPage();
  assert.equal((await p.goto(url)).status(), 200);
  return p;
}

const state = (p) => p.evaluate(() => document.querySelector("#status")?.dataset.state);
const statusText = (p) => p.textContent("#status");

before(async () => {
  server = await startServer({ extraConfig: ["[role.listener]", "plugin = generic", "route = /listen",
    "label = Listener", "permissions = room.self.audio_mute, room.self.audio_unmute", "auth = none"] });
  browser = await chromium.launch({ executablePath, args: chromiumArgs });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test("on plain http from another host the page says https is needed, and does not retry", async () => {
  // rolecall.test resolves to this machine, but is not localhost: no secure context.
  const insecure = await chromium.launch({ executablePath,
    args: [...chromiumArgs, "--host-resolver-rules=MAP rolecall.test 127.0.0.1"] });
  try {
    const p = await page(insecure, server.base.replace("localhost", "rolecall.test") + "/guest?room=Plain&user=Ann");
    await until("the failed state", async () => (await state(p)) === "failed");
    assert.match(await statusText(p), /https:\/\//);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(await state(p), "failed");
    assert.doesNotMatch(server.log(), /\(Ann\) in room Plain joined/);
    await p.screenshot({ path: join(artifacts, "page-insecure.png") });
  } finally {
    await insecure.close();
  }
});

test("without camera or microphone a person still joins, receives, and is told what is missing", async () => {
  // No fake devices: this machine has no camera and no microphone.
  const bare = await chromium.launch({ executablePath,
    args: chromiumArgs.filter((a) => a !== "--use-fake-device-for-media-stream") });
  try {
    const viewer = await page(bare, server.base + "/guest?room=Bare&user=Vic");
    // The pre-join screen already says what is missing, and Join still works.
    await until("the pre-join note", async () => /No microphone was found/.test(await viewer.textContent("#prejoin-note")));
    await pressJoin(viewer);
    assert.match(await statusText(viewer), /No microphone was found and no camera was found/);
    const context = await browser.newContext();
    await context.grantPermissions(["camera", "microphone"]);
    const sender = await context.newPage();
    await sender.goto(server.base + "/guest?room=Bare&user=Sam");
    await pressJoin(sender);
    await until("Sam's video on Vic's page", () => viewer.evaluate(() => {
      const room = window.rolecall.room;
      const other = [...room.members.keys()].find((id) => id !== room.memberId);
      const video = other && document.querySelector('[data-member-id="' + other + '"] video');
      return !!video && video.getVideoPlaybackQuality().totalVideoFrames > 0;
    }), 30000);
    await viewer.screenshot({ path: join(artifacts, "page-no-devices.png") });
    await context.close();
  } finally {
    await bare.close();
  }
});

test("a listen-only role is never asked for a camera", async () => {
  const context = await browser.newContext();
  await context.grantPermissions(["camera", "microphone"]);
  const p = await context.newPage();
  await p.goto(server.base + "/listen?room=Talk&user=Lee");
  assert.equal(await p.isVisible("#prejoin-video"), false); // no camera switch to offer
  await pressJoin(p);
  const tracks = await p.evaluate(() => {
    const s = window.rolecall.room.localStream;
    return { audio: s.getAudioTracks().length, video: s.getVideoTracks().length };
  });
  assert.deepEqual(tracks, { audio: 1, video: 0 });
  await context.close();
});
