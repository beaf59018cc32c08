// Starts the real rolecall binary for browser tests: a temp config with
// port = 0 (the server takes a free port and logs it: no race for one), a
// moderator login made with `rolecall passwd`.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(name + " is not set (run through ctest)");
  return value;
};

/// A loopback port for a program that cannot take port 0 and say which
/// port it got (nginx, coturn): a random one below the kernel's ephemeral
/// range, where nothing that asks for port 0 (every rolecall in the tests)
/// or connects out is given one. Its starter retries with another if the
/// program says the port is taken.
export function fixedPort() {
  const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
  const top = Math.min(low, 32768);
  return 10000 + Math.floor(Math.random() * (top - 10000));
}

/// `tls` ({cert, key}): serve HTTPS with that pair (the caller trusts it).
export async function startServer({ maxParticipants = 5, extraServer = [], extraConfig = [], extraEnv = {}, tls } = {}) {
  const binary = env("ROLECALL_BINARY");
  const dir = mkdtempSync(join(tmpdir(), "rolecall-e2e-"));
  const password = "e2e-moderator-password";
  const hash = execFileSync(binary, ["passwd"], { input: password + "\n" }).toString().trim();
  const config = join(dir, "rolecall.ini");
  const write = (port) => writeFileSync(config, [
    "[server]", "host = 127.0.0.1", "port = " + port, ...extraServer,
    "plugin_dir = " + env("PLUGIN_DIR"), "template_dir = " + env("TEMPLATE_DIR"),
    "vendor_dir = " + env("VENDOR_DIR"), "state_dir = " + join(dir, "state"),
    "max_participants = " + maxParticipants,
    "[signaling]", "ping_interval_ms = 1000",
    "[role.moderator]", "plugin = moderator", "route = /", "auth = basic", "credentials = mod:" + hash,
    "[role.guest]", "plugin = guest", "route = /guest", "auth = none", "", ...extraConfig,
    ...(tls ? ["[tls]", "cert_file = " + tls.cert, "key_file = " + tls.key] : []), "",
  ].join("\n"));
  write(0);
  let child;
  let log = "";
  // Resolves with the port once the server logs "rolecall listening on ...:PORT"
  // (its last start-up line: everything is served by then).
  function launch() {
    child = spawn(binary, ["--config=" + config], {
      stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...extraEnv },
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("server did not say it listens within 20 s: " + log)), 20000);
      const seen = (d) => {
        log += d;
        const found = log.match(/rolecall listening on https?:\/\/[^ ]*:(\d+) /);
        if (found) {
          clearTimeout(timer);
          resolve(Number(found[1]));
        }
      };
      child.stdout.on("data", seen);
      child.stderr.on("data", seen);
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error("server exited with " + code + ": " + log));
      });
    });
  }
  async function halt() {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r() : child.on("exit", r)));
  }
  const port = await launch();
  // A restart must come back where the pages are: the same port, now written
  // down (it was the server's own until the moment it stopped).
  write(port);
  const base = (tls ? "https" : "http") + "://localhost:" + port;
  return {
    base,
    port,
    moderator: { username: "mod", password },
    log: () => log,
    /// Stops the server, waits `downMs`, and starts it again on the same port and state.
    async restart(downMs) {
      await halt();
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/// The fake SignalWire Video API (HTTPS, its own test CA), from the C++ test support.
export async function startFakeSignalWire(projectId, apiToken) {
  const dir = mkdtempSync(join(tmpdir(), "rolecall-fake-sw-"));
  const child = spawn(env("FAKE_SIGNALWIRE"), [dir, projectId, apiToken], { stdio: ["pipe", "pipe", "inherit"] });
  const line = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.split("\n")[0]);
    });
    child.on("exit", (code) => reject(new Error("fake_signalwire exited with " + code)));
  });
  const [, port, ca] = line.match(/^port=(\d+) ca=(.*)$/);
  return {
    baseUrl: "https://127.0.0.1:" + port,
    caFile: ca,
    async stop() {
      child.stdin.end();
      await new Promise((r) => (child.exitCode !== null ? r() : child.on("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/// Polls `check` until it returns true (exactly), at most `ms`; fails naming
/// `what` and the last thing `check` returned (return a value to see it).
export async function until(what, check, ms = 15000) {
  const start = Date.now();
  let last;
  while (Date.now() - start < ms) {
    last = await check();
    if (last === true) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("timed out waiting for " + what + " (last: " + JSON.stringify(last) + ")");
}

/// Presses Join on the pre-join screen and waits for the page's state
/// ("joined", or "full", "failed", ...).
export async function pressJoin(page, state = "joined") {
  await page.waitForSelector("#join-button:not([disabled])", { timeout: 15000 });
  await page.click("#join-button");
  await page.waitForFunction((s) => document.querySelector("#status")?.dataset.state === s, state, { timeout: 15000 });
}

/// A page of `base` + `url` in a fresh browser context with camera and
/// microphone granted, once it has joined its room (Join pressed).
export async function openRoomPage(browser, base, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(["camera", "microphone"]);
  const page = await context.newPage();
  const response = await page.goto(base + url);
  if (response.status() !== 200) throw new Error(url + " answered " + response.status());
  await pressJoin(page);
  return page;
}

/// Frames the page decoded from the one other member's video (0 if none yet).
export const otherMemberFrames = (page) => page.evaluate(() => {
  const room = window.rolecall.room;
  const other = [...room.members.keys()].find((id) => id !== room.memberId);
  const video = other && document.querySelector('[data-member-id="' + other + '"] video');
  return video ? video.getVideoPlaybackQuality().totalVideoFrames : 0;
});

// Flags that make WebRTC work headless on a loopback-only machine.
export const chromiumArgs = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
  "--allow-loopback-in-peer-connection", "--auto-select-desktop-capture-source=Entire screen",
];

/// Keeps every toast the page shows from now on: they go after 6 s, sooner
/// than a loaded machine may get to look.
export const recordToasts = (page) => page.evaluate(() => {
  if (window.seenToasts) return;
  window.seenToasts = [];
  new MutationObserver((changes) => {
    for (const c of changes) for (const n of c.addedNodes) window.seenToasts.push(n.textContent);
  }).observe(document.querySelector("#toasts"), { childList: true });
});

/// Whether a toast containing `text` was shown since recordToasts(page).
export const toastSeen = (page, text) => page.evaluate((t) => (window.seenToasts || []).some((x) => x.includes(t)), text);
