// A request with no answer counts as a network failure after 10 s
// (REQUEST_TIMEOUT_MS in templates/static/retry.js): the page says so and
// tries again, as for a lost connection, instead of waiting forever. The
// page's first /ws connection opens and never answers (playwright's
// routeWebSocket); the next ones reach the real server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startServer, chromiumArgs } from "./server.mjs";

let server, browser;

before(async () => {
  server = await startServer({
    extraConfig: ["[role.visitor]", "plugin = guest", "route = /visit", "label = Visitor", "auth = none", "lobby = true",
      "permissions = room.self.audio_mute, room.self.audio_unmute"],
  });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: chromiumArgs });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// A page whose first /ws is silent; returns it and the methods sent there.
async function pageWithSilentSocket() {
  const context = await browser.newContext();
  await context.grantPermissions(["camera", "microphone"]);
  const page = await context.newPage();
  const unanswered = [];
  let first = true;
  await page.routeWebSocket(/\/ws$/, (ws) => {
    if (!first) return ws.connectToServer(); // forwarded both ways
    first = false;
    ws.onMessage((text) => unanswered.push(JSON.parse(text).method));
  });
  return { page, unanswered };
}

const seen = (page, selector, state, text) => page.waitForFunction(([s, st, t]) => {
  const e = document.querySelector(s);
  return e && e.dataset.state === st && e.textContent.includes(t);
}, [selector, state, text], { timeout: 20000 });

test("the lobby's request with no answer is retried on a new connection", async () => {
  const { page, unanswered } = await pageWithSilentSocket();
  assert.equal((await page.goto(server.base + "/visit?room=Attic&user=Ida")).status(), 200);
  await seen(page, "#lobby-status", "connecting", "Connection lost. Reconnecting");
  await seen(page, "#lobby-status", "no-moderator", "Waiting for a moderator to arrive");
  assert.deepEqual(unanswered, ["lobby.wait"]);
  await page.context().close();
});

test("the room's join with no answer is retried, not refused", async () => {
  const { page, unanswered } = await pageWithSilentSocket();
  assert.equal((await page.goto(server.base + "/guest?room=Attic&user=Ann")).status(), 200);
  await page.waitForSelector("#join-button:not([disabled])");
  await page.click("#join-button");
  await seen(page, "#status", "reconnecting", "no answer from the server. Retrying");
  await seen(page, "#status", "joined", "In room Attic");
  assert.deepEqual(unanswered, ["room.join"]);
  await page.context().close();
});
