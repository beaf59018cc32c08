// The lobby of `lobby = true` roles (server side: core/src/signaling/Lobby.h).
// - A waiting page has no room token, only a lobby ticket: it asks to be let
//   in on /ws (lobby.wait) and says whether a moderator is there to do it.
//   Admitted, it receives its token and joins at once through rolecall.js
//   (rolecall.admitted); denied, it says so.
// - A moderator's page (a role that may remove members) lists who waits,
//   with Admit, Deny and Admit all, a toast and a short sound for each
//   arrival. On embedded the room connection carries the lobby's events; on
//   SignalWire the page watches the lobby on /ws with a ticket of its own.
import { config } from "./config.js";
import { rolecall } from "./rolecall.js";
import { Backoff, RetryableError, isBusy, isRetryable } from "./retry.js";
import { RpcCalls } from "./rpc-calls.js";
import { onNameSubmit } from "./name-form.js";
import { toast } from "./toast.js";

const $ = (selector) => document.querySelector(selector);

function socketUrl(path) {
  return (location.protocol === "https:" ? "wss:" : "ws:") + "//" + location.host + path;
}

// JSON-RPC 2.0 over one WebSocket: request() answers with the result or
// rejects with {code, message} (a RetryableError when the way there failed);
// notifications go to onEvent. onClose is called only for a socket that had
// opened: one that never did rejects open() instead.
class LobbySocket {
  constructor(path, onEvent, onClose) {
    this.path = path;
    this.onEvent = onEvent;
    this.onClose = onClose;
    this.calls = new RpcCalls();
    this.opened = false;
  }

  open() {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(socketUrl(this.path));
      this.socket = socket;
      socket.onopen = () => { this.opened = true; resolve(); };
      socket.onerror = () => {
        if (!this.opened) reject(new RetryableError("cannot reach the server"));
      };
      socket.onmessage = (event) => this.receive(event.data);
      socket.onclose = () => {
        this.calls.failAll();
        if (this.opened) this.onClose();
      };
    });
  }

  request(method, params) {
    return this.calls.request(this.socket, method, params);
  }

  receive(text) {
    let message;
    try { message = JSON.parse(text); } catch { return; }
    if (this.calls.settle(message)) return;
    if (message.method) {
      this.onEvent(message.method, message.params || {});
    }
  }

  close() {
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) this.socket.close(1000);
  }
}

// --- the waiting page ----------------------------------------------------

function waitingPage() {
  const params = new URLSearchParams(location.search);
  const status = $("#lobby-status");
  const nameInput = $("#lobby-name");
  let socket = null;
  let finished = false;
  const backoff = new Backoff();
  if (params.get("user")) nameInput.readOnly = true; // the link named the person

  // idle | connecting | waiting | no-moderator | admitted | denied | timeout | expired | full | left
  function setState(state, text, kind) {
    status.dataset.state = state;
    status.textContent = text;
    status.className = "lobby-status kind-" + (kind || "secondary");
    const waiting = state === "connecting" || state === "waiting" || state === "no-moderator";
    $("#lobby-form").hidden = state !== "idle";
    $("#lobby-waiting").hidden = !waiting;
    $("#lobby-cancel").hidden = !waiting;
    $("#lobby-again").hidden = waiting || state === "idle" || state === "admitted";
  }

  function finish(state, title, text, kind) {
    finished = true;
    if (socket) socket.close();
    $("#lobby-title").textContent = title;
    setState(state, text, kind);
    $("#lobby-again").focus();
  }

  function present(moderatorPresent) {
    if (moderatorPresent) setState("waiting", "Waiting for a moderator to let you in…", "secondary");
    else setState("no-moderator", "Waiting for a moderator to arrive… Nobody who can let you in is in the room yet.", "warning");
  }

  function onEvent(method, p) {
    if (method === "lobby.moderator") present(!!p.present);
    else if (method === "lobby.admitted") {
      finished = true;
      setState("admitted", "You were let in. Joining…", "success");
      $("#lobby").hidden = true;
      rolecall.admitted({ token: p.token, connection: p.connection || {} });
    } else if (method === "lobby.denied") {
      finish("denied", "You were not let in", "A moderator did not let you into the room.", "danger");
      toast("A moderator did not let you in", "danger");
    } else if (method === "lobby.timeout") {
      const minutes = Math.round((p.max_wait_seconds || 0) / 60);
      finish("timeout", "Nobody let you in",
        "Nobody let you in within " + (minutes >= 1 ? minutes + " minutes" : (p.max_wait_seconds || 0) + " seconds") +
        ". You can ask again.", "warning");
    }
  }

  function onClose() {
    if (finished) return;
    setState("connecting", "Connection lost. Reconnecting…", "warning");
    setTimeout(start, backoff.next());
  }

  async function start() {
    if (finished) return;
    if (!status.dataset.state || status.dataset.state === "idle") setState("connecting", "Asking to join…");
    socket = new LobbySocket(config.lobby.signaling, onEvent, onClose);
    try {
      await socket.open();
      const result = await socket.request("lobby.wait", { ticket: config.lobby.ticket });
      backoff.reset();
      present(!!result.moderator_present);
    } catch (e) {
      if (finished) return;
      if (e.code === "401") {
        finish("expired", "Please ask again", "This page waited too long before asking (" + e.message + "). Ask again.", "warning");
      } else if (e.code === "429" || isBusy(e)) {
        finish("full", "The lobby is full", e.message.charAt(0).toUpperCase() + e.message.slice(1) + ".", "warning");
      } else if (isRetryable(e)) {
        // An opened socket retries from its close (onClose), once.
        if (socket.opened) return socket.close();
        setState("connecting", "Cannot reach the server. Retrying…", "warning");
        setTimeout(start, backoff.next());
      } else {
        finish("failed", "Cannot ask to join", "The server refused: " + e.message + ".", "danger");
      }
    }
  }

  onNameSubmit($("#lobby-form"), nameInput, (why) => setState("idle", why, "warning"), start);
  $("#lobby-cancel").addEventListener("click", () => {
    finish("left", "You left the lobby", "You are no longer waiting to join.", "secondary");
  });
  // A fresh page: a fresh ticket, and a place at the end of the queue.
  $("#lobby-again").addEventListener("click", () => {
    params.set("join", "1");
    location.search = params.toString();
  });
  window.addEventListener("pagehide", () => { finished = true; if (socket) socket.close(); });
  setState("idle", "");
  // A link that names the person (or a name just chosen) asks at once.
  if (params.get("user") || params.get("join") === "1") start();
  else nameInput.focus();
}

// --- the moderator's page ------------------------------------------------

function moderatorPanel() {
  const watch = config.lobby_watch;
  const panel = $("#lobby-panel");
  const list = $("#lobby-list");
  if (!panel || !list) return;
  const waiting = new Map(); // id -> {id, name, role}
  const labelOf = (role) => (config.labels && config.labels[role]) || role;
  let chimes = 0;
  let audio = null;
  let send = () => Promise.reject(new RetryableError("not connected"));

  // A short two-note chime, made here: no sound file to fetch.
  function chime() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      audio = audio || new Context();
      if (audio.state === "suspended") audio.resume().catch(() => {});
      const start = audio.currentTime + 0.02;
      [660, 880].forEach((frequency, i) => {
        const oscillator = audio.createOscillator();
        const gain = audio.createGain();
        const at = start + i * 0.16;
        oscillator.type = "sine";
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.28);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(at);
        oscillator.stop(at + 0.3);
      });
      panel.dataset.chimes = String(++chimes);
    } catch (e) {
      console.error("lobby chime", e);
    }
  }

  function render() {
    const focused = document.activeElement && list.contains(document.activeElement)
      ? [...list.querySelectorAll("button")].indexOf(document.activeElement) : -1;
    list.textContent = "";
    for (const entry of waiting.values()) {
      const li = document.createElement("li");
      li.className = "lobby-entry";
      li.dataset.lobbyId = entry.id;
      const text = document.createElement("span");
      text.className = "lobby-entry-text";
      const name = document.createElement("strong");
      name.className = "lobby-name";
      name.textContent = entry.name;
      const role = document.createElement("span");
      role.className = "lobby-role";
      role.textContent = entry.role ? " (" + labelOf(entry.role) + ")" : "";
      text.append(name, role, " is waiting");
      const actions = document.createElement("span");
      actions.className = "lobby-actions";
      for (const [action, label, style] of [["admit", "Admit", "btn-success"], ["deny", "Deny", "btn-outline-light"]]) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "btn btn-sm " + style;
        b.textContent = label;
        b.dataset.lobbyAction = action;
        b.setAttribute("aria-label", label + " " + entry.name);
        b.addEventListener("click", () => decide(action, entry.id, entry.name));
        actions.append(b);
      }
      li.append(text, actions);
      list.append(li);
    }
    $("#lobby-count").textContent = String(waiting.size);
    $("#lobby-admit-all").hidden = waiting.size < 2;
    panel.hidden = waiting.size === 0;
    // Keyboard users keep their place when the list changes under them.
    if (focused >= 0) {
      const buttons = list.querySelectorAll("button");
      const next = buttons[Math.min(focused, buttons.length - 1)];
      if (next) next.focus();
    }
  }

  function replace(entries) {
    waiting.clear();
    for (const e of entries || []) waiting.set(e.id, e);
    render();
  }

  function onEvent(method, p) {
    if (method === "lobby.list") replace(p.waiting);
    else if (method === "lobby.waiting") {
      waiting.set(p.id, p);
      render();
      toast(p.name + " is waiting to join");
      chime();
    } else if (method === "lobby.left") {
      const entry = waiting.get(p.id);
      waiting.delete(p.id);
      render();
      if (entry && p.reason === "left") toast(entry.name + " left the lobby");
      if (entry && p.reason === "timeout") toast(entry.name + " gave up waiting");
    } else if (method === "lobby.admit_failed") {
      toast("Could not let " + p.name + " in: " + p.message, "danger");
    }
  }

  async function decide(action, id, name) {
    try {
      await send("lobby." + action, { id });
      if (id !== "all") toast(action === "admit" ? "Letting " + name + " in…" : name + " was not let in");
    } catch (e) {
      toast("The server refused: " + (e.message || e), "danger");
    }
  }
  $("#lobby-admit-all").addEventListener("click", () => decide("admit", "all"));

  if (watch.ticket) {
    // SignalWire: the room is elsewhere; watch this server's lobby for it.
    const backoff = new Backoff();
    let stopped = false;
    const retry = () => {
      send = () => Promise.reject(new RetryableError("not connected"));
      if (stopped) return;
      setTimeout(connect, backoff.next());
    };
    const connect = async () => {
      const socket = new LobbySocket(watch.signaling, onEvent, retry);
      try {
        await socket.open();
      } catch {
        return retry(); // never opened: no close to wait for
      }
      try {
        const result = await socket.request("lobby.watch", { ticket: watch.ticket });
        backoff.reset();
        send = (method, params) => socket.request(method, params);
        replace(result.waiting);
      } catch (e) {
        if (isRetryable(e)) return socket.close(); // its close retries
        stopped = true; // a refused ticket stays refused
        socket.close();
        toast("Cannot watch the lobby: " + e.message + ". Reload the page.", "danger");
      }
    };
    window.addEventListener("pagehide", () => { stopped = true; });
    connect();
  } else {
    // Embedded: the room connection carries the lobby's events.
    const room = rolecall.room;
    if (!room) return;
    send = (method, params) => room.request(method, params);
    for (const event of ["lobby.list", "lobby.waiting", "lobby.left", "lobby.admit_failed"]) {
      room.on(event, (p) => onEvent(event, p));
    }
    // A new room connection is told afresh (lobby.list, when anyone waits).
    room.on("room.joined", () => replace([]));
    room.on("room.left", () => replace([]));
  }
}

if (config.lobby && !config.token) waitingPage();
if (config.lobby_watch) moderatorPanel();
