// The role page: reads the server-rendered config (a JSON script element,
// never inline code), shows the pre-join screen (preview, name, microphone
// and camera, devices), joins the room on "Join", and keeps the grid, the
// control bar and the participants panel in step with what the server says.
import { config } from "./config.js";
import { roomControls } from "./room-controls.js";
import { RoomSession } from "./room-session.js";
import { Backoff, isBusy, isRetryable } from "./retry.js";
import { SignalWireSession } from "./signalwire-session.js";
import { onNameSubmit } from "./name-form.js";
import { toast } from "./toast.js";

const drivers = { embedded: RoomSession, signalwire: SignalWireSession };

// The page for the other scripts (lobby.js) and, as window.rolecall, for tests
// and the console: config, room (once the page has a token) and admitted().
export const rolecall = { config, admitted };
window.rolecall = rolecall;

// [lobby hook] A lobby page has no token until a moderator lets it in;
// lobby.js then calls admitted({ token, connection }) and the page starts
// with them, joining at once.
function admitted(admission) {
  Object.assign(config, admission, { joinNow: true });
  startPage();
}

if (config.token) startPage(); // error and lobby pages carry no room token

function startPage() {
  const $ = (selector) => document.querySelector(selector);
  const joinOptions = config.join || {};
  // The audience may do nothing until promoted (the server says so too).
  const inAudience = () => {
    const me = room.members.get(room.memberId);
    return me ? me.type === "audience" : joinOptions.as === "audience";
  };
  const can = (permission) => !inAudience() && (config.permissions || []).includes(permission);
  const labelOf = (role) => (config.labels && config.labels[role]) || "";
  const statusBox = $("#status");
  const list = $("#participants");
  const grid = $("#rootElement");
  const Session = drivers[config.backend || "embedded"];
  const room = new Session({
    token: config.token,
    rootElement: grid,
    signalingUrl: Session.defaultUrl(config.connection.signaling),
  });
  rolecall.room = room;
  const onRender = []; // room-controls.js's hooks, called with (me, joined)
  // prejoin | connecting | joined | reconnecting | left | removed | full | failed
  let state = "prejoin";
  const backoff = new Backoff();
  let openMenu = null; // the member whose action menu is open
  const views = { prejoin: $("#prejoin"), room: $("#in-room"), after: $("#after") };

  function show(view) {
    for (const [name, el] of Object.entries(views)) el.hidden = name !== view;
  }

  function setStatus(text, kind) {
    statusBox.textContent = text;
    statusBox.className = "status-line kind-" + kind;
    statusBox.dataset.state = state;
    // Before joining and after leaving, the status line is not on screen.
    if (!views.after.hidden) $("#after-note").textContent = text;
    else if (!views.prejoin.hidden) $("#prejoin-note").textContent = text;
  }

  function icon(name, label) {
    const i = document.createElement("i");
    i.className = "bi bi-" + name;
    if (label) {
      i.setAttribute("role", "img");
      i.setAttribute("aria-label", label);
    } else i.setAttribute("aria-hidden", "true");
    return i;
  }

  // --- pre-join: preview, name, microphone and camera ----------------------

  // Ask only for what this role may control: a listen-only role is never
  // asked for a camera.
  // and a role that may not send a medium is never asked for its device.
  const wantedMedia = () => ({
    audio: (can("room.self.audio_mute") || can("room.self.audio_unmute")) && joinOptions.media_allowed !== "video-only",
    video: (can("room.self.video_mute") || can("room.self.video_unmute")) && joinOptions.media_allowed !== "audio-only",
  });
  const wants = wantedMedia();
  const choice = { audio: wants.audio, video: wants.video }; // on/off before joining
  const params = new URLSearchParams(location.search);
  const nameInput = $("#name-input");
  if (params.get("user")) nameInput.readOnly = true; // the link named the person
  let preview = null; // the stream the pre-join screen shows, handed to the room
  let previewReady = Promise.resolve();
  let missingNote = "";

  function describeMissing(missing) {
    const say = (kind, what) => (missing[kind] === "denied" ? what + " access was refused" : "no " + what + " was found");
    const parts = [];
    if (missing.audio) parts.push(say("audio", "microphone"));
    if (missing.video) parts.push(say("video", "camera"));
    const what = parts.join(" and ");
    return what.charAt(0).toUpperCase() + what.slice(1) + ": you can see and hear the others, they cannot " +
      (missing.audio && missing.video ? "see or hear" : missing.audio ? "hear" : "see") + " you.";
  }
  room.on("media.missing", (missing) => {
    missingNote = " " + describeMissing(missing);
    if (state === "prejoin") $("#prejoin-note").textContent = missingNote.trim();
  });

  function openPreview() {
    previewReady = previewReady.catch(() => {}).then(startPreview);
    return previewReady;
  }

  async function startPreview() {
    if (!window.isSecureContext || !navigator.mediaDevices) return;
    stopTracks(preview);
    preview = await room.openDevices(wants);
    const video = $("#preview");
    // A stream with no track at all would hold the page's load event forever.
    video.srcObject = preview.getTracks().length ? preview : null;
    applyChoice();
    await previewCamera();
    fillDevices();
  }

  function applyChoice() {
    if (preview) {
      for (const t of preview.getAudioTracks()) t.enabled = choice.audio;
      for (const t of preview.getVideoTracks()) t.enabled = choice.video;
    }
    const hasVideo = !!(preview && preview.getVideoTracks().length);
    $(".prejoin-preview").classList.toggle("no-video", !choice.video || !hasVideo);
    $("#preview-note").textContent = !wants.video ? "This role joins without a camera"
      : !hasVideo ? "No camera" : "Camera is off";
    for (const kind of ["audio", "video"]) {
      const b = $("#prejoin-" + kind);
      b.hidden = !wants[kind];
      const on = choice[kind];
      b.classList.toggle("is-on", on);
      b.classList.toggle("is-off", !on);
      b.setAttribute("aria-pressed", String(on));
      b.querySelector("i").className = "bi bi-" + (kind === "audio" ? (on ? "mic-fill" : "mic-mute-fill")
                                                                    : (on ? "camera-video-fill" : "camera-video-off-fill"));
      b.querySelector("span").textContent = (kind === "audio" ? "Microphone " : "Camera ") + (on ? "on" : "off");
    }
  }
  for (const kind of ["audio", "video"]) {
    $("#prejoin-" + kind).addEventListener("click", () => {
      choice[kind] = !choice[kind];
      applyChoice();
      if (kind === "video") previewReady = previewReady.catch(() => {}).then(previewCamera);
    });
  }

  // A camera switched off before joining is released (its light goes off)
  // and opened again when switched on; its ended track keeps the place.
  async function previewCamera() {
    const track = preview && preview.getVideoTracks()[0];
    if (!track) return;
    if (!choice.video) return track.stop();
    if (track.readyState === "live") return;
    const id = $("#camera-select").value;
    await replacePreviewTrack("video", id ? { deviceId: { exact: id } } : true);
  }

  function stopTracks(stream) {
    if (stream) for (const t of stream.getTracks()) t.stop();
  }

  onNameSubmit($("#prejoin-form"), nameInput, (why) => { $("#prejoin-note").textContent = why; }, () => join());

  async function join() {
    if (!window.isSecureContext || !navigator.mediaDevices) return insecure();
    $("#join-button").disabled = true;
    state = "connecting";
    setStatus("Joining…", "secondary");
    $("#devices-home").append($("#devices")); // the device menus follow into the room
    show("room");
    const panelOpen = window.matchMedia("(min-width: 992px)").matches;
    setPanel(panelOpen);
    await previewReady.catch(() => {});
    if (room.driver === "embedded") {
      if (!preview) preview = await room.openDevices(wants);
      room.localStream = preview;
    } else {
      stopTracks(preview); // SignalWire's SDK opens its own
    }
    preview = null;
    await connect();
  }

  function insecure() {
    // Not worth retrying: only another address helps.
    state = "failed";
    setStatus("Camera and microphone work only on a secure page: open this address with " +
      "https:// (or on localhost).", "danger");
    $("#join-button").disabled = true;
  }

  // --- in the room ---------------------------------------------------------

  async function connect() {
    if (state === "left" || state === "removed") return; // a retry timer outlived a Leave
    try {
      await room.join(wants);
      const wasReconnecting = state === "reconnecting";
      state = "joined";
      backoff.reset();
      setStatus("In room " + config.room + " as " + config.user + " (" + config.label + ")." + missingNote,
        missingNote ? "warning" : "success");
      show("room");
      if (wasReconnecting) toast("Reconnected");
      // A reconnect is a new member to the server: what was off stays off.
      await applyJoinChoice();
      fillDevices();
      startTalkingMonitor();
    } catch (e) {
      const code = e && e.code;
      if (code === "409") {
        state = "full";
        backToPrejoin("This room is full. Try again later.");
      } else if (code === "423") {
        state = "full";
        backToPrejoin("This room is locked. Try again once a moderator has unlocked it.");
      } else if (code === "401" || (code === "403" && /may not rejoin/.test(e.message))) {
        state = "failed";
        backToAfter("This invitation no longer works: " + e.message + ". Ask for a new link.");
      } else if (isRetryable(e) || isBusy(e)) {
        state = "reconnecting";
        setStatus("Cannot reach the room: " + (e.message || e) + ". Retrying…", "warning");
        setTimeout(connect, backoff.next());
      } else {
        state = "failed";
        backToPrejoin("Cannot join the room: " + ((e && e.message) || e) + ".");
      }
    }
    render();
  }

  // Microphone or camera switched off before joining: muted once in.
  async function applyJoinChoice() {
    try {
      if (wants.audio && !choice.audio) ownActionAt = Date.now(), await room.audioMute();
      if (wants.video && !choice.video) ownActionAt = Date.now(), await room.videoMute();
    } catch (e) {
      toast("Could not switch off as chosen: " + (e.message || e), "danger");
    }
  }

  function backToPrejoin(text) {
    stopLocal();
    $("#prejoin-note").before($("#devices"));
    show("prejoin");
    $("#join-button").disabled = false;
    setStatus(text, "danger");
    openPreview().catch(() => {});
  }

  // A refused invitation: trying again cannot help, so Rejoin goes.
  function backToAfter(text) {
    stopLocal();
    if (views.after.hidden) $("#after-title").textContent = "You are not in the room";
    $("#rejoin-button").hidden = true;
    show("after");
    setStatus(text, "danger");
  }

  // Leave and removal end every local track: the camera light goes off.
  function stopLocal() {
    stopTalkingMonitor();
    stopTracks(room.localStream);
    if (room.stopLocalTracks) room.stopLocalTracks();
    room.localStream = null;
  }

  function leave() {
    state = "left";
    room.leave();
    stopLocal();
    $("#after-title").textContent = "You left the room";
    $("#rejoin-button").hidden = false;
    show("after");
    setStatus("You left the room " + config.room + ".", "secondary");
    render();
  }
  $("#leave-button").addEventListener("click", leave);
  $("#rejoin-button").addEventListener("click", async () => {
    state = "connecting";
    setStatus("Joining…", "secondary");
    if (room.driver === "embedded") room.localStream = await room.openDevices(wants);
    await connect();
  });

  room.on("room.left", ({ reason }) => {
    if (reason === "removed") {
      state = "removed";
      stopLocal();
      $("#after-title").textContent = "You were removed from the room";
      $("#rejoin-button").hidden = false;
      show("after");
      setStatus("You were removed from the room by a moderator.", "danger");
      toast("You were removed from the room", "danger");
    } else if (reason === "ended" || reason === "time_limit") {
      state = "left";
      stopLocal();
      $("#after-title").textContent = reason === "ended" ? "The meeting has ended" : "Your time in the room is up";
      $("#rejoin-button").hidden = reason !== "ended";
      show("after");
      setStatus(reason === "ended" ? "The meeting ended when its host left." : "This role may stay only a limited time.",
        "secondary");
    } else if (state === "joined" && reason === "disconnected") {
      state = "reconnecting";
      stopTalkingMonitor();
      setStatus("Connection lost. Reconnecting…", "warning");
      toast("Reconnecting…");
      setTimeout(connect, backoff.delay);
    }
    render();
  });

  // Who muted me: the embedded backend names the moderator ("by");
  // SignalWire does not, so a change we did not ask for is "a moderator".
  let ownActionAt = 0;
  room.on("member.updated", (e) => {
    if (!e.member || e.member.id !== room.memberId) return;
    const me = room.members.get(room.memberId);
    if (me && state === "joined") {
      choice.audio = wants.audio && !me.audio_muted;
      choice.video = wants.video && !me.video_muted;
    }
    if (e.by === room.memberId) return;
    if (!e.by && Date.now() - ownActionAt < 5000) return;
    const who = e.by && room.members.get(e.by);
    const name = who ? who.name : "A moderator";
    const u = e.member;
    if (u.audio_muted === true) toast(name + " muted your microphone");
    if (u.audio_muted === false) toast(name + " unmuted your microphone");
    if (u.video_muted === true) toast(name + " turned your camera off");
    if (u.video_muted === false) toast(name + " turned your camera on");
  });

  // --- talking: our own microphone level, told through the backend ---------

  let monitor = null;
  function startTalkingMonitor() {
    stopTalkingMonitor();
    const stream = room.localStream;
    const track = stream && stream.getAudioTracks()[0];
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!track || !Context || room.driver !== "embedded") return; // SignalWire detects it itself
    const context = new Context();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let talking = false;
    let level = 0;
    let loud = 0;
    let quiet = 0;
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      // A decaying peak: speech is bursts of sound, not a steady level.
      level = Math.max(track.enabled ? Math.sqrt(sum / samples.length) : 0, level * 0.8);
      // Start after 200 ms of voice, stop after 800 ms of quiet: no flicker.
      // input_sensitivity 50 hears speech above 0.01; 100 ten times quieter, 0 ten times louder.
      const me = room.members.get(room.memberId);
      const threshold = 0.001 * Math.pow(10, (100 - ((me && me.input_sensitivity) ?? 50)) / 50);
      if (level > threshold) { loud++; quiet = 0; } else { quiet++; loud = 0; }
      // A muted microphone stops talking at once.
      const now = track.enabled && (talking ? quiet < 8 : loud >= 2);
      if (now !== talking) {
        talking = now;
        room.setTalking(talking).catch(() => {});
      }
    }, 100);
    monitor = { context, timer };
  }
  function stopTalkingMonitor() {
    if (!monitor) return;
    clearInterval(monitor.timer);
    monitor.context.close().catch(() => {});
    monitor = null;
  }

  room.on("member.talking", (e) => {
    const id = e.member && e.member.id;
    if (!id) return;
    const tile = grid.querySelector('[data-member-id="' + CSS.escape(id) + '"]');
    if (tile) tile.classList.toggle("talking", !!e.member.talking);
    const li = list.querySelector('li[data-member-id="' + CSS.escape(id) + '"]');
    if (li) {
      li.classList.toggle("talking", !!e.member.talking);
      li.querySelector(".talking-icon").hidden = !e.member.talking;
    }
  });

  // --- rendering -----------------------------------------------------------

  function render() {
    const me = room.members.get(room.memberId);
    const joined = state === "joined" && me;
    // Own controls: the label says what a press will do; off when not allowed.
    for (const b of document.querySelectorAll("[data-self]")) {
      const kind = b.dataset.self; // audio | video
      const muted = me ? me[kind + "_muted"] : false;
      b.dataset.action = kind + (muted ? "Unmute" : "Mute");
      const text = kind === "audio" ? (muted ? "Unmute microphone" : "Mute microphone")
                                    : (muted ? "Turn camera on" : "Turn camera off");
      setLabel(b, text, kind === "audio" ? (muted ? "mic-mute-fill" : "mic-fill")
                                         : (muted ? "camera-video-off-fill" : "camera-video-fill"));
      b.classList.toggle("is-off", !!muted);
      b.disabled = !joined || !can("room.self." + kind + (muted ? "_unmute" : "_mute"));
      b.hidden = !wants[kind];
    }
    const others = [...room.members.values()].filter((m) => m.id !== room.memberId);
    for (const b of document.querySelectorAll("[data-all]")) {
      const action = b.dataset.all; // audioMute | audioUnmute
      const wantMuted = action === "audioMute";
      b.disabled = !joined || !others.some((m) => m.audio_muted !== wantMuted);
    }
    const people = [...room.members.values()].filter((m) => m.type !== "screen").length;
    $("#member-count").textContent = people;
    $("#member-count-bar").textContent = people;
    $("#member-count-said").textContent = " (" + people + ")";
    const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest("#participants li");
    const refocus = focused && [focused.dataset.memberId, document.activeElement.dataset.action || "menu"];
    list.textContent = "";
    for (const m of listOrder()) list.append(participant(m, joined));
    if (refocus) {
      const li = list.querySelector('li[data-member-id="' + CSS.escape(refocus[0]) + '"]');
      const target = li && (refocus[1] === "menu" ? li.querySelector(".member-menu-toggle")
                                                  : li.querySelector('[data-action="' + refocus[1] + '"]'));
      if (target) target.focus();
    }
    const hand = $("#hand-button");
    const raised = !!(me && me.handraised);
    hand.hidden = !(can("room.self.raisehand") || can("room.self.lowerhand"));
    setLabel(hand, raised ? "Lower hand" : "Raise hand", raised ? "hand-index-thumb-fill" : "hand-index-thumb");
    hand.classList.toggle("is-active", raised);
    hand.disabled = !joined || !can(raised ? "room.self.lowerhand" : "room.self.raisehand");
    for (const hook of onRender) hook(me, joined);
    layoutGrid();
  }

  // Join order; with room.prioritize_handraise, raised hands first, in the order raised.
  function listOrder() {
    const all = [...room.members.values()];
    if (!(room.room && room.room.prioritize_handraise)) return all;
    const up = all.filter((m) => m.handraised).sort((a, b) => a.handraised_at - b.handraised_at);
    return up.concat(all.filter((m) => !m.handraised));
  }

  function setLabel(button, text, iconName) {
    const label = button.querySelector(".ctl-label");
    if (label) label.textContent = text;
    else button.textContent = text;
    const i = button.querySelector("i.bi");
    if (i && iconName) i.className = "bi bi-" + iconName;
  }

  function participant(m, joined) {
    const li = document.createElement("li");
    li.className = "participant" + (m.talking ? " talking" : "");
    li.dataset.memberId = m.id;
    const main = document.createElement("div");
    main.className = "participant-main";
    const name = document.createElement("div");
    name.className = "participant-name";
    name.textContent = m.name;
    const line = document.createElement("div");
    line.append(name);
    if (m.id === room.memberId) {
      const you = document.createElement("span");
      you.className = "visually-hidden";
      you.textContent = " (you)";
      line.append(you);
    }
    const state = document.createElement("div");
    state.className = "participant-state";
    const status = m.meta && typeof m.meta.status === "string" ? m.meta.status : "";
    state.textContent = [m.type === "screen" ? "Screen share" : m.type === "device" ? "Camera" : labelOf(m.role),
      m.type === "audience" ? "audience" : "", m.audio_muted ? "microphone muted" : "",
      m.video_muted ? "camera off" : "", m.deaf ? "deafened" : "", status].filter(Boolean).join(" · ");
    main.append(line, state);
    const icons = document.createElement("div");
    icons.className = "participant-icons";
    const talking = icon("soundwave", "talking");
    talking.classList.add("talking-icon");
    talking.hidden = !m.talking;
    icons.append(talking);
    if (m.handraised) {
      const hand = icon("hand-index-thumb-fill", "hand raised, " + ordinal(handOrder(m)));
      hand.classList.add("hand-icon");
      icons.append(hand);
    }
    if (m.audio_muted) icons.append(icon("mic-mute-fill", "microphone muted"));
    if (m.video_muted) icons.append(icon("camera-video-off-fill", "camera off"));
    li.append(main, icons);
    const sends = m.type !== "audience";
    const actions = m.id === room.memberId ? [] : [
      ["audioMute", "Mute microphone", "room.member.audio_mute", !m.audio_muted],
      ["audioUnmute", "Unmute microphone", "room.member.audio_unmute", m.audio_muted && sends && m.media_allowed !== "video-only"],
      ["videoMute", "Turn camera off", "room.member.video_mute", !m.video_muted],
      ["videoUnmute", "Turn camera on", "room.member.video_unmute", m.video_muted && sends && m.media_allowed !== "audio-only"],
      ["lowerHand", "Lower hand", "room.member.lowerhand", !!m.handraised],
      ["raiseHand", "Raise hand", "room.member.raisehand", !m.handraised && sends],
      ["deaf", "Deafen", "room.member.deaf", !m.deaf],
      ["undeaf", "Undeafen", "room.member.undeaf", !!m.deaf],
      ["pin", "Put first", "room.member.set_position", m.position !== "reserved-0"],
      ["hideTile", "Hide from the view", "room.member.set_position", m.position !== "off-canvas"],
      ["autoPlace", "Automatic place", "room.member.set_position", (m.position || "auto") !== "auto"],
      ["promote", "Let them speak (promote)", "room.member.promote", m.type === "audience"],
      ["demote", "Move to the audience", "room.member.demote", m.type === "member"],
      ["remove", "Remove from the room", "room.member.remove", true],
      ["ban", "Remove and ban", "room.member.remove", !!room.canBan],
    ].filter(([action, , permission, applies]) => can(permission) && (alwaysListed.has(action) || applies));
    const settings = m.id === room.memberId ? [] : memberSettings(m).filter(([, permission]) => can(permission));
    if (actions.length || settings.length) li.append(memberMenu(m, actions, joined, settings));
    return li;
  }

  // Shown even when they do not apply now (disabled), so the menu keeps its shape.
  const alwaysListed = new Set(["audioMute", "audioUnmute", "videoMute", "videoUnmute", "remove"]);

  // [label, permission, kind, value, min, max, request]
  function memberSettings(m) {
    return [
      ["Microphone volume (dB)", "room.member.set_input_volume", "range", m.input_volume || 0, -50, 50,
        (v) => room.setInputVolume({ memberId: m.id, volume: v })],
      ["Speaker volume (dB)", "room.member.set_output_volume", "range", m.output_volume || 0, -50, 50,
        (v) => room.setOutputVolume({ memberId: m.id, volume: v })],
      ["Microphone sensitivity", "room.member.set_input_sensitivity", "range", m.input_sensitivity ?? 50, 0, 100,
        (v) => room.setInputSensitivity({ memberId: m.id, value: v })],
      ["Status", "room.member.set_meta", "text", (m.meta && m.meta.status) || "", 0, 60,
        (v) => room.setMemberMeta({ memberId: m.id, meta: { status: v } })],
    ];
  }

  function settingControl([label, , kind, value, min, max, request], prefix) {
    const wrap = document.createElement("label");
    wrap.className = "member-setting small";
    const text = document.createElement("span");
    text.textContent = label;
    const input = document.createElement("input");
    input.className = kind === "range" ? "form-range" : "form-control form-control-sm";
    input.type = kind;
    if (kind === "range") Object.assign(input, { min, max, step: 1 });
    else input.maxLength = max;
    input.value = value;
    input.dataset.setting = prefix + label;
    input.addEventListener("change", async () => {
      try {
        await request(kind === "range" ? Number(input.value) : input.value.trim());
      } catch (e) {
        toast("The server refused: " + (e.message || e), "danger");
      }
    });
    wrap.append(text, input);
    return wrap;
  }

  function ordinal(n) {
    return n + (n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd"
      : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th");
  }

  // 1 for the first hand still up, 2 for the next, ...
  function handOrder(m) {
    return [...room.members.values()].filter((x) => x.handraised && x.handraised_at <= m.handraised_at).length;
  }

  function memberMenu(m, actions, joined, settings = []) {
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "btn btn-sm btn-outline-light member-menu-toggle";
    toggle.setAttribute("aria-haspopup", "true");
    toggle.setAttribute("aria-label", "Actions for " + m.name);
    toggle.append(icon("three-dots-vertical"));
    const menu = document.createElement("div");
    menu.className = "member-menu member-controls";
    menu.setAttribute("role", "group");
    menu.setAttribute("aria-label", "Actions for " + m.name);
    menu.hidden = openMenu !== m.id;
    toggle.setAttribute("aria-expanded", String(!menu.hidden));
    toggle.addEventListener("click", () => {
      openMenu = openMenu === m.id ? null : m.id;
      render();
      if (openMenu) {
        const first = list.querySelector('li[data-member-id="' + CSS.escape(m.id) + '"] .member-menu button:not(:disabled)');
        if (first) first.focus();
      }
    });
    for (const [action, text, , enabled] of actions) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "btn btn-sm " + (action === "remove" ? "btn-outline-danger" : "btn-light");
      b.textContent = text;
      b.dataset.action = action;
      b.disabled = !joined || !enabled;
      b.addEventListener("click", () => {
        openMenu = null;
        act(action, m.id);
        render();
      });
      menu.append(b);
    }
    for (const setting of settings) menu.append(settingControl(setting, m.id + ":"));
    menu.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        openMenu = null;
        render();
        const again = list.querySelector('li[data-member-id="' + CSS.escape(m.id) + '"] .member-menu-toggle');
        if (again) again.focus();
      }
    });
    const wrap = document.createElement("div");
    wrap.append(toggle, menu);
    return wrap;
  }

  // A click anywhere else closes an open member menu.
  document.addEventListener("click", (e) => {
    if (openMenu && !e.target.closest(".member-menu, .member-menu-toggle")) {
      openMenu = null;
      render();
    }
  });

  async function act(action, memberId) {
    const target = memberId ? { memberId } : {};
    const calls = {
      remove: () => room.removeMember(target),
      ban: () => room.removeMember({ memberId, ban: true }),
      raiseHand: () => room.setRaisedHand({ memberId, raised: true }),
      lowerHand: () => room.setRaisedHand({ memberId, raised: false }),
      pin: () => room.setMemberPosition({ memberId, position: "reserved-0" }),
      hideTile: () => room.setMemberPosition({ memberId, position: "off-canvas" }),
      autoPlace: () => room.setMemberPosition({ memberId, position: "auto" }),
      promote: () => room.promote(target),
      demote: () => room.demote(target),
    };
    try {
      if (calls[action]) await calls[action]();
      else await room[action](target);
    } catch (e) {
      toast("The server refused: " + (e.message || e), "danger");
    }
  }

  // The grid re-flows with the number of tiles and the window's shape: the
  // column count that gives the largest 16:9 tiles that all fit.
  function layoutGrid() {
    const tiles = Math.max(1, [...grid.children].filter((t) => t.offsetParent !== null).length);
    const gap = 8;
    const width = grid.clientWidth;
    const height = grid.clientHeight;
    if (!width || !height) return;
    let best = { cols: 1, tile: 0 };
    for (let cols = 1; cols <= tiles; cols++) {
      const rows = Math.ceil(tiles / cols);
      const tile = Math.min((width - gap * (cols - 1)) / cols, ((height - gap * (rows - 1)) / rows) * 16 / 9);
      if (tile > best.tile) best = { cols, tile };
    }
    grid.style.setProperty("--cols", String(best.cols));
    grid.style.setProperty("--tile-w", Math.floor(best.tile) + "px");
  }
  new MutationObserver(() => {
    for (const tile of grid.children) {
      const m = room.members.get(tile.dataset.memberId);
      if (m && m.type === "screen") tile.classList.add("screen");
    }
    grid.classList.toggle("has-screen", !!grid.querySelector(".tile.screen"));
    layoutGrid();
  }).observe(grid, { childList: true });
  // The grid's own size changes with the window, the panel and the status line.
  if (window.ResizeObserver) new ResizeObserver(layoutGrid).observe(grid);
  else window.addEventListener("resize", layoutGrid);

  function setPanel(open) {
    $("#side-panel").hidden = !open;
    const t = $("#panel-toggle");
    t.setAttribute("aria-expanded", String(open));
    t.classList.toggle("is-active", open);
    layoutGrid();
  }
  $("#panel-toggle").addEventListener("click", () => setPanel($("#side-panel").hidden));
  $("#panel-close").addEventListener("click", () => {
    setPanel(false);
    $("#panel-toggle").focus();
  });

  for (const b of document.querySelectorAll("[data-self]")) {
    b.addEventListener("click", () => {
      ownActionAt = Date.now();
      act(b.dataset.action);
    });
  }
  for (const b of document.querySelectorAll("[data-all]")) {
    b.addEventListener("click", () => act(b.dataset.all, "all"));
  }
  let sharing = null;
  for (const b of document.querySelectorAll("[data-share]")) {
    b.addEventListener("click", async () => {
      try {
        if (sharing) {
          sharing.stop();
          sharing = null;
        } else {
          sharing = await room.startScreenShare();
          sharing.ended.then(() => {
            sharing = null;
            setLabel(b, "Share screen");
            b.classList.remove("is-active");
          });
        }
      } catch (e) {
        sharing = null;
        toast("Cannot share the screen: " + (e.message || e), "danger");
      }
      setLabel(b, sharing ? "Stop sharing" : "Share screen");
      b.classList.toggle("is-active", !!sharing);
    });
  }
  $("#hand-button").addEventListener("click", () => {
    const me = room.members.get(room.memberId);
    room.setRaisedHand({ raised: !(me && me.handraised) }).catch((e) => toast("The server refused: " + (e.message || e), "danger"));
  });
  for (const event of ["room.joined", "member.joined", "member.updated", "member.left", "room.updated"]) room.on(event, render);

  // Promoted from the audience: the devices the role may use open and are
  // sent; moved back: they are released.
  room.on("member.updated", async (e) => {
    if (!e.member || e.member.id !== room.memberId || !(e.member.updated || []).includes("type")) return;
    if (e.member.type === "audience") {
      toast("You were moved to the audience");
      stopTracks(room.localStream);
      return;
    }
    toast("You may now speak");
    Object.assign(wants, wantedMedia());
    if (room.driver !== "embedded" || !(wants.audio || wants.video)) return render();
    try {
      await room.publish(await room.openDevices(wants));
      startTalkingMonitor();
    } catch (err) {
      toast("Cannot open camera or microphone: " + (err.message || err), "danger");
    }
    render();
  });

  // Room-wide changes someone made, said once.
  room.on("room.updated", (e) => {
    const changed = (e && e.room_session) || {};
    const who = e.by && room.members.get(e.by);
    const name = who ? (e.by === room.memberId ? "You" : who.name) : "A moderator";
    if ((changed.updated || []).includes("locked")) toast(name + (changed.locked ? " locked the room" : " unlocked the room"));
  });

  async function fillDevices() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.enumerateDevices) return;
    const devices = await navigator.mediaDevices.enumerateDevices();
    const menus = { videoinput: "#camera-select", audioinput: "#microphone-select", audiooutput: "#speaker-select" };
    for (const [kind, selector] of Object.entries(menus)) {
      const select = $(selector);
      if (!select) continue;
      const chosen = select.value;
      select.textContent = "";
      for (const d of devices.filter((x) => x.kind === kind)) {
        const option = document.createElement("option");
        option.value = d.deviceId;
        option.textContent = d.label || kind;
        select.append(option);
      }
      if (chosen) select.value = chosen;
      select.disabled = select.options.length === 0;
    }
  }
  const switchers = { "#camera-select": ["updateCamera", "video"], "#microphone-select": ["updateMicrophone", "audio"],
                      "#speaker-select": ["updateSpeaker", null] };
  for (const [selector, [method, kind]] of Object.entries(switchers)) {
    const select = $(selector);
    if (!select) continue;
    select.addEventListener("change", async () => {
      try {
        if (state === "prejoin" || state === "full" || (state === "failed" && !views.prejoin.hidden)) {
          if (kind && preview && (kind === "audio" || choice.video)) {
            await replacePreviewTrack(kind, { deviceId: { exact: select.value } });
          }
        } else {
          await room[method]({ deviceId: select.value });
          if (kind === "audio") startTalkingMonitor();
        }
      } catch (e) {
        toast("Cannot switch device: " + (e.message || e), "danger");
      }
    });
  }

  async function replacePreviewTrack(kind, constraints) {
    const fresh = await navigator.mediaDevices.getUserMedia({ [kind]: constraints });
    for (const old of kind === "audio" ? preview.getAudioTracks() : preview.getVideoTracks()) {
      preview.removeTrack(old);
      old.stop();
    }
    for (const t of fresh.getTracks()) preview.addTrack(t);
    $("#preview").srcObject = preview;
    applyChoice();
  }

  window.addEventListener("pagehide", () => {
    room.leave();
    stopLocal();
    stopTracks(preview);
  });
  roomControls({ room, can, onRender });
  render();
  applyChoice();
  if (!window.isSecureContext || !navigator.mediaDevices) insecure();
  else if (params.get("join") === "1" || config.joinNow) join();
  else openPreview().catch((e) => { $("#prejoin-note").textContent = "Cannot open camera or microphone: " + (e.message || e); });
}
