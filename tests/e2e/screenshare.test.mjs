// Screen sharing on the embedded backend: offered only to a role whose token
// carries room.self.screenshare, refused by the server otherwise, and shown
// to the others as a tile of its own until it ends.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer, chromiumArgs, until, pressJoin } from "./server.mjs";

let server, browser, pat, gus;
const artifacts = process.env.ARTIFACT_DIR || "test-artifacts";

async function open(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(["camera", "microphone"]);
  const page = await context.newPage();
  assert.equal((await page.goto(server.base + url)).status(), 200);
  await pressJoin(page);
  return page;
}

const names = (page) => page.$$eval("#participants .participant-name", (els) => els.map((e) => e.textContent).sort());
const screenFrames = (page) => page.evaluate(() => {
  const room = window.rolecall.room;
  const screen = [...room.members.values()].find((m) => m.type === "screen");
  const video = screen && document.querySelector('[data-member-id="' + screen.id + '"] video');
  return video ? video.getVideoPlaybackQuality().totalVideoFrames : -1;
});

before(async () => {
  server = await startServer({ extraConfig: ["[role.presenter]", "plugin = presenter", "auth = none"] });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: chromiumArgs });
  pat = await open("/presenter?room=Talk&user=Pat");
  gus = await open("/guest?room=Talk&user=Gus");
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test("only the presenter's page offers screen sharing", async () => {
  assert.equal(await pat.textContent("[data-share]"), "Share screen");
  assert.match(await pat.textContent("#share-hint"), /Everyone in Talk will see/);
  assert.equal(await gus.$("[data-share]"), null);
});

test("the server refuses a screen share from a token without the permission", async () => {
  const code = await gus.evaluate(() => window.rolecall.room.startScreenShare().then(() => "ok", (e) => e.code));
  assert.equal(code, "403");
  // A barrier instead of a wait: the server handles messages in order and
  // sends each connection's in order, so once Pat's page has the answer to a
  // request it refuses (an unknown method), any member.joined the refused
  // share caused would have reached the page, and been handled, before it.
  const barrier = await pat.evaluate(() => window.rolecall.room.request("rolecall.test.barrier", {})
    .then(() => "answered", (e) => e.code));
  assert.equal(barrier, "400");
  assert.deepEqual(await pat.evaluate(() => [...window.rolecall.room.members.values()].map((m) => m.name).sort()),
    ["Gus", "Pat"]);
  assert.deepEqual(await names(pat), ["Gus", "Pat"]);
});

test("a shared screen shows as its own tile, and goes when sharing stops", async () => {
  await pat.click("[data-share]");
  await until("the screen tile decoding on the guest's page", async () => (await screenFrames(gus)) > 0);
  assert.deepEqual(await names(gus), ["Gus", "Pat", "Pat (screen)"]);
  assert.equal(await pat.textContent("[data-share]"), "Stop sharing");
  // Shown large: the screen's tile is far bigger than a person's.
  const areas = await gus.$$eval("#rootElement .tile", (tiles) => tiles.map((t) => {
    const r = t.getBoundingClientRect();
    return { screen: t.classList.contains("screen"), area: r.width * r.height };
  }));
  const screenArea = areas.find((a) => a.screen).area;
  assert.ok(areas.filter((a) => !a.screen).every((a) => screenArea > 3 * a.area), JSON.stringify(areas));
  await gus.screenshot({ path: join(artifacts, "screen-share.png") });
  await pat.click("[data-share]");
  await until("the screen tile gone", async () => (await screenFrames(gus)) === -1 &&
    JSON.stringify(await names(gus)) === JSON.stringify(["Gus", "Pat"]));
  assert.equal(await gus.$$eval("#rootElement .tile", (t) => t.length), 2);
});
