// NAT traversal on the embedded backend: with [ice] transport_policy = relay,
// two pages reach each other only through a real TURN server (Debian's
// coturn, use-auth-secret, on 127.0.0.1) with the credentials rolecall hands
// out in room.join; with a wrong secret the pages say the media failed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer, chromiumArgs, fixedPort, until, openRoomPage, otherMemberFrames } from "./server.mjs";

const secret = "e2e-turn-shared-secret";
let turn, browser;
const artifacts = process.env.ARTIFACT_DIR || "test-artifacts";

// Whether a STUN Binding request to 127.0.0.1:port is answered: sent again
// (50 ms, doubling, as STUN itself retransmits over UDP) until an answer,
// `gaveUp()` or 10 s. The answer is the event that coturn serves.
async function stunAnswered(port, gaveUp) {
  const socket = createSocket("udp4");
  const request = Buffer.concat([Buffer.from([0, 1, 0, 0, 0x21, 0x12, 0xa4, 0x42]), randomBytes(12)]);
  try {
    const answered = new Promise((resolve) => socket.on("message", (m) => m.readUInt16BE(0) === 0x0101 && resolve(true)));
    socket.on("error", () => {}); // port unreachable while coturn binds: retransmitted
    const start = Date.now();
    for (let wait = 50; Date.now() - start < 10000 && !gaveUp(); wait = Math.min(wait * 2, 500)) {
      socket.send(request, port, "127.0.0.1");
      if (await Promise.race([answered, new Promise((r) => setTimeout(() => r(false), wait))])) return true;
    }
    return false;
  } finally {
    socket.close();
  }
}

// coturn cannot take port 0: a fixedPort(), and another if coturn says it
// cannot bind that one.
async function startTurn() {
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), "rolecall-turn-"));
    const port = fixedPort();
    const low = 40000 + Math.floor(Math.random() * 20000);
    const config = join(dir, "turnserver.conf");
    const log = join(dir, "turn.log");
    writeFileSync(config, [
      "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", "listening-port=" + port,
      "min-port=" + low, "max-port=" + (low + 200), "use-auth-secret",
      "static-auth-secret=" + secret, "realm=rolecall.test", "allow-loopback-peers",
      "no-cli", "no-tls", "no-dtls", "fingerprint", "userdb=" + join(dir, "turndb"),
      "pidfile=" + join(dir, "turn.pid"), "log-file=" + log, "simple-log", "",
    ].join("\n"));
    const child = spawn("turnserver", ["-c", config], { stdio: "ignore" });
    const logText = () => { try { return readFileSync(log, "utf8"); } catch { return ""; } };
    const portTaken = () => logText().includes("Cannot bind");
    const stop = async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.on("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    };
    const up = await stunAnswered(port, () => child.exitCode !== null || portTaken());
    if (up && !portTaken()) {
      return { url: "turn:127.0.0.1:" + port + "?transport=udp", stop };
    }
    const why = child.exitCode !== null ? "turnserver exited with " + child.exitCode : portTaken() ? "port taken" : "no STUN answer";
    const text = logText();
    await stop();
    if (why !== "port taken" || attempt === 5) throw new Error(why + " (port " + port + "): " + text);
  }
}

// The candidate types of the pair the page's one peer connection selected.
const selectedPair = (page) => page.evaluate(async () => {
  const [peer] = [...window.rolecall.room.peers.values()];
  const stats = await peer.pc.getStats();
  let pair;
  stats.forEach((s) => {
    if (s.type === "transport" && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
  });
  if (!pair) return null;
  return { local: stats.get(pair.localCandidateId).candidateType, remote: stats.get(pair.remoteCandidateId).candidateType };
});

before(async () => {
  turn = await startTurn();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: chromiumArgs });
});

after(async () => {
  if (browser) await browser.close();
  if (turn) await turn.stop();
});

test("two pages decode each other's video through TURN, relayed on both sides", async () => {
  const server = await startServer({ extraConfig: ["[ice]", "turn = " + turn.url, "turn_secret = " + secret, "transport_policy = relay"] });
  try {
    const ann = await openRoomPage(browser, server.base, "/guest?room=Relay&user=Ann");
    const bob = await openRoomPage(browser, server.base, "/guest?room=Relay&user=Bob");
    await until("video both ways", async () => (await otherMemberFrames(ann)) > 0 && (await otherMemberFrames(bob)) > 0, 30000);
    for (const page of [ann, bob]) assert.deepEqual(await selectedPair(page), { local: "relay", remote: "relay" });
    await bob.screenshot({ path: join(artifacts, "turn-relayed.png") });
  } finally {
    await server.stop();
  }
});

test("with a wrong TURN secret the pages say the media connection failed", async () => {
  const server = await startServer({ extraConfig: ["[ice]", "turn = " + turn.url, "turn_secret = not-the-secret", "transport_policy = relay"] });
  try {
    const ann = await openRoomPage(browser, server.base, "/guest?room=Blocked&user=Ann");
    const bob = await openRoomPage(browser, server.base, "/guest?room=Blocked&user=Bob");
    for (const page of [ann, bob]) {
      await until("the failure on the tile", async () =>
        (await page.$$eval("#rootElement .tile", (tiles) => tiles.some((t) => t.dataset.media === "failed"))), 30000);
      const note = await page.textContent("#rootElement .tile[data-media=failed] .media-note");
      assert.equal(note, "media connection failed");
    }
    await ann.screenshot({ path: join(artifacts, "turn-failed.png") });
  } finally {
    await server.stop();
  }
});
