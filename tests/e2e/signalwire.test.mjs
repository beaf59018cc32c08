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
