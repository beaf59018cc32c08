// A signalwire-backend page in real Chromium, with SignalWire's cloud out of
// reach (as on this machine): the SDK loads from our own static files, the
// page picks the SignalWire driver with the page's token, and says plainly
// that SignalWire cannot be reached.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer, startFakeSignalWire, chromiumArgs } from "./server.mjs";

let fake, server, browser, page;
const artifacts = process.env.ARTIFACT_DIR || "test-artifacts";

before(async () => {
  fake = await startFakeSignalWire("e2e-project", "e2e-api-token");
  server = await startServer({
    extraServer: ["backend = signalwire"],
    extraConfig: ["[signalwire]", "space = example.signalwire.com", "base_url = " + fake.baseUrl, "ca_file = " + fake.caFile, "create_rooms = always"],
    extraEnv: { SIGNALWIRE_PROJECT_KEY: "e2e-project", SIGNALWIRE_TOKEN: "e2e-api-token" },
  });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: chromiumArgs });
  const context = await browser.newContext();
  await context.grantPermissions(["camera", "microphone"]);
  page = await context.newPage();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (fake) await fake.stop();
});

test("the page loads SignalWire's SDK and picks its driver with the page's token", async () => {
  const response = await page.goto(server.base + "/guest?room=Cloud&user=Ann");
  assert.equal(response.status(), 200);
  const seen = await page.evaluate(() => ({
    sdk: typeof window.SignalWire === "object" && typeof window.SignalWire.Video.RoomSession === "function",
    driver: window.rolecall.room.driver,
    sameToken: window.rolecall.room.token === window.rolecall.config.token,
    backend: window.rolecall.config.backend,
  }));
  assert.deepEqual(seen, { sdk: true, driver: "signalwire", sameToken: true, backend: "signalwire" });
});

test("an unreachable cloud is said plainly", async () => {
  await page.click("#join-button");
  await page.waitForFunction(() => /Cannot reach/.test(document.querySelector("#status").textContent), null, { timeout: 40000 });
  assert.match(await page.textContent("#status"), /SignalWire cannot be reached/);
  await page.screenshot({ path: join(artifacts, "signalwire-unreachable.png") });
});

// SignalWire's cloud is out of reach here, so its SDK is stood in for by a
// script that speaks the SDK's documented API and events (the reference's
// wire format: snake_case members, `updated` key lists, `meta`). What runs
// for real is everything of ours: the driver and the page.
const standIn = `
window.SignalWire = { Video: { RoomSession: class {
  constructor({ token }) { this.token = token; this.handlers = {}; this.calls = []; window.standIn = this; }
  on(event, handler) { (this.handlers[event] = this.handlers[event] || []).push(handler); }
  emit(event, payload) { for (const h of this.handlers[event] || []) h(payload); }
  async join() {
    this.memberId = "m-ann";
    this.permissions = ["room.self.audio_mute", "room.self.audio_unmute"];
    this.emit("room.joined", { member_id: "m-ann", room_session: { id: "rs-1", name: "Cloud", members: [
      { id: "m-ann", name: "Ann", type: "member", audio_muted: false, video_muted: false, meta: { role: "guest" } },
      { id: "m-moe", name: "Moe", type: "member", audio_muted: false, video_muted: false, meta: { role: "moderator" } },
    ] } });
  }
  audioMute(p) { this.calls.push(["audioMute", p]); return Promise.resolve(); }
  leave() { return Promise.resolve(); }
} } };`;

test("with SignalWire's events the page shows role labels, talking and who muted you", async () => {
  const context = await browser.newContext();
  await context.grantPermissions(["camera", "microphone"]);
  const ann = await context.newPage();
  await ann.route("**/static/vendor/signalwire/index.umd.js", (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript", body: standIn }));
  await ann.goto(server.base + "/guest?room=Cloud&user=Ann");
  await ann.click("#join-button");
  await ann.waitForFunction(() => document.querySelector("#status")?.dataset.state === "joined", null, { timeout: 15000 });
  const states = () => ann.$$eval("#participants .participant", (lis) => lis.map((li) =>
    li.querySelector(".participant-name").textContent + ": " + li.querySelector(".participant-state").textContent +
    (li.classList.contains("talking") ? " (talking)" : "")));
  assert.deepEqual(await states(), ["Ann: Regular User", "Moe: Moderator"]);
  await ann.evaluate(() => window.standIn.emit("member.talking", { member: { id: "m-moe", talking: true } }));
  assert.deepEqual(await states(), ["Ann: Regular User", "Moe: Moderator (talking)"]);
  await ann.evaluate(() => window.standIn.emit("member.updated",
    { member: { id: "m-ann", audio_muted: true, updated: ["audio_muted"] } }));
  await ann.waitForFunction(() => /muted your microphone/.test(document.querySelector("#toasts").textContent));
  assert.match(await ann.textContent("#toasts"), /A moderator muted your microphone/);
  assert.deepEqual(await states(), ["Ann: Regular User · microphone muted", "Moe: Moderator (talking)"]);
  await context.close();
});
