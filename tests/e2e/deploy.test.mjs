// Serving people on other networks: two browsers in a room over HTTPS,
// once with rolecall's own TLS and once behind nginx with the shipped
// conf/nginx/rolecall.conf (TLS in nginx, /ws upgraded through it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync, execSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, existsSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer, chromiumArgs, fixedPort, until, openRoomPage, otherMemberFrames } from "./server.mjs";

const source = process.env.SOURCE_DIR || join(import.meta.dirname, "..", "..");
const artifacts = process.env.ARTIFACT_DIR || "test-artifacts";
const dir = mkdtempSync(join(tmpdir(), "rolecall-deploy-"));
const cert = join(dir, "cert.pem");
const key = join(dir, "key.pem");
let browser;

// A self-signed pair for localhost, trusted by the test's browser through
// its public key hash (no CA store is touched).
function makeCertificate() {
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], { stdio: "ignore" });
  return execSync(`openssl x509 -pubkey -noout -in '${cert}' | openssl pkey -pubin -outform der | ` +
    "openssl dgst -sha256 -binary | base64").toString().trim();
}

// nginx from Debian with the shipped file, its placeholders pointed at this
// test. nginx cannot take port 0: two fixedPort()s, and others if nginx says
// one is taken.
async function startNginx(upstreamPort) {
  for (let attempt = 1; ; attempt++) {
    const started = await tryNginx(upstreamPort, fixedPort(), fixedPort());
    if (started.stop) return started;
    if (!started.error.includes("Address already in use") || attempt === 5) throw new Error("nginx did not start: " + started.error);
  }
}

// nginx writes its pid file once its listening sockets are open (a
// connection from then on waits in the backlog for a worker): that file, or
// nginx's exit, is the event waited for.
async function tryNginx(upstreamPort, httpPort, httpsPort) {
  const prefix = join(dir, "nginx");
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  let site = readFileSync(join(source, "conf", "nginx", "rolecall.conf"), "utf8");
  for (const [from, to] of [
    ["server 127.0.0.1:5000;", "server 127.0.0.1:" + upstreamPort + ";"],
    ["listen 80;", "listen 127.0.0.1:" + httpPort + ";"],
    ["listen 443 ssl;", "listen 127.0.0.1:" + httpsPort + " ssl;"],
    ["/etc/letsencrypt/live/meet.example.org/fullchain.pem", cert],
    ["/etc/letsencrypt/live/meet.example.org/privkey.pem", key],
  ]) {
    assert.ok(site.includes(from), "conf/nginx/rolecall.conf no longer has: " + from);
    site = site.replaceAll(from, to);
  }
  site = site.replaceAll("meet.example.org", "localhost");
  writeFileSync(join(prefix, "rolecall.conf"), site);
  const temp = (name) => `${name}_temp_path ${join(prefix, name)};`;
  const pidFile = join(prefix, "nginx.pid");
  writeFileSync(join(prefix, "nginx.conf"), [
    "daemon off;", `pid ${pidFile};`, `error_log ${join(prefix, "error.log")};`,
    "events {}", "http {", "access_log off;", temp("client_body"), temp("proxy"), temp("fastcgi"),
    temp("uwsgi"), temp("scgi"), `include ${join(prefix, "rolecall.conf")};`, "}", "",
  ].join("\n"));
  const folder = watch(prefix);
  let child;
  try {
    const ready = new Promise((resolve) => {
      folder.on("change", () => existsSync(pidFile) && resolve(true));
    });
    child = spawn("nginx", ["-p", prefix, "-c", join(prefix, "nginx.conf"), "-e", join(prefix, "error.log")],
      { stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("exit", () => resolve(false)));
    const timeout = new Promise((resolve) => setTimeout(() => resolve(false), 20000).unref());
    if (!(await Promise.race([ready, exited, timeout]))) {
      if (child.exitCode === null) child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.on("exit", r)));
      let log = "";
      try { log = readFileSync(join(prefix, "error.log"), "utf8"); } catch { /* none written */ }
      return { error: log || "no pid file within 20 s" };
    }
  } finally {
    folder.close();
  }
  return {
    base: "https://localhost:" + httpsPort,
    httpBase: "http://localhost:" + httpPort,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.on("exit", r)));
    },
  };
}

async function twoPeopleMeet(base, room, shot) {
  const ann = await openRoomPage(browser, base, "/guest?room=" + room + "&user=Ann");
  const bob = await openRoomPage(browser, base, "/guest?room=" + room + "&user=Bob");
  assert.equal(await ann.evaluate(() => window.isSecureContext && location.protocol), "https:");
  await until("video both ways", async () => (await otherMemberFrames(ann)) > 0 && (await otherMemberFrames(bob)) > 0, 30000);
  await bob.screenshot({ path: join(artifacts, shot) });
  await ann.context().close();
  await bob.context().close();
}

before(async () => {
  const spki = makeCertificate();
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"; // this process's own readiness checks only
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [...chromiumArgs, "--ignore-certificate-errors-spki-list=" + spki] });
});

after(async () => {
  if (browser) await browser.close();
  rmSync(dir, { recursive: true, force: true });
});

test("two browsers meet over rolecall's own HTTPS and WSS", async () => {
  const server = await startServer({ tls: { cert, key } });
  try {
    await twoPeopleMeet(server.base, "Secure", "deploy-tls.png");
  } finally {
    await server.stop();
  }
});

test("two browsers meet behind nginx with the shipped config", async () => {
  const server = await startServer({ extraServer: ["trusted_proxies = 127.0.0.1"] });
  const nginx = await startNginx(server.port);
  try {
    await twoPeopleMeet(nginx.base, "Proxied", "deploy-nginx.png");
    // The room connection came through the proxy, and the log names the client nginx saw.
    assert.match(server.log(), /\(Ann\) in room Proxied joined from 127\.0\.0\.1/);
    const redirect = await fetch(nginx.httpBase + "/guest?room=R", { redirect: "manual" });
    assert.equal(redirect.status, 308);
  } finally {
    await nginx.stop();
    await server.stop();
  }
});
