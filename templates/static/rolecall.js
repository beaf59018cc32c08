// The role page: reads the server-rendered config (a JSON script element,
// never inline code), joins the room, and keeps the participant list and
// every button in step with what the server says.
(function () {
  "use strict";
  const element = document.getElementById("rolecall-config");
  const config = element ? JSON.parse(element.textContent || "{}") : {};
  window.rolecall = { config };
  if (!config.token) return; // error pages carry no room

  const $ = (selector) => document.querySelector(selector);
  const can = (permission) => (config.permissions || []).includes(permission);
  const statusBox = $("#status");
  const list = $("#participants");
  const room = new RolecallRoom.RoomSession({
    token: config.token,
    rootElement: $("#rootElement"),
    signalingUrl: RolecallRoom.RoomSession.defaultUrl(config.connection.signaling),
  });
  window.rolecall.room = room;
  let state = "connecting"; // connecting | joined | reconnecting | removed | full | failed
  let retryDelay = 1000;

  function setStatus(text, kind) {
    statusBox.textContent = text;
    statusBox.className = "alert py-2 alert-" + kind;
    statusBox.dataset.state = state;
  }

  function button(label, action, enabled, className) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm " + (className || "btn-outline-secondary");
    b.textContent = label;
    b.disabled = !enabled;
    b.dataset.action = action;
    b.addEventListener("click", () => act(action, b.closest("li") && b.closest("li").dataset.memberId));
    return b;
  }

  async function act(action, memberId) {
    const target = memberId ? { memberId } : {};
    try {
      if (action === "remove") await room.removeMember(target);
      else await room[action](target);
    } catch (e) {
      setStatus("The server refused: " + (e.message || e), "warning");
    }
  }

  function render() {
    const me = room.members.get(room.memberId);
    const joined = state === "joined" && me;
    // Own controls: the button says what it will do, and is off when not allowed.
    for (const b of document.querySelectorAll("[data-self]")) {
      const kind = b.dataset.self; // audio | video
      const muted = me ? me[kind + "_muted"] : false;
      const action = kind + (muted ? "Unmute" : "Mute");
      b.dataset.action = action;
      b.textContent = kind === "audio" ? (muted ? "Unmute microphone" : "Mute microphone")
                                       : (muted ? "Turn camera on" : "Turn camera off");
      b.disabled = !joined || !can("room.self." + kind + (muted ? "_unmute" : "_mute"));
    }
    const others = [...room.members.values()].filter((m) => m.id !== room.memberId);
    for (const b of document.querySelectorAll("[data-all]")) {
      const action = b.dataset.all; // audioMute | audioUnmute
      const wantMuted = action === "audioMute";
      b.disabled = !joined || !others.some((m) => m.audio_muted !== wantMuted);
    }
    list.textContent = "";
    for (const m of room.members.values()) {
      const li = document.createElement("li");
      li.className = "participant py-1 border-bottom";
      li.dataset.memberId = m.id;
      const name = document.createElement("div");
      name.className = "participant-name";
      name.textContent = m.name + " : " + m.id;
      li.append(name);
      const badges = document.createElement("div");
      badges.className = "small text-muted participant-state";
      badges.textContent = [m.role, m.audio_muted ? "audio muted" : "", m.video_muted ? "video muted" : ""]
        .filter(Boolean).join(" · ");
      li.append(badges);
      if (m.id !== room.memberId && can("room.member.audio_mute")) {
        const controls = document.createElement("div");
        controls.className = "d-flex flex-wrap gap-1 mt-1 member-controls";
        controls.append(
          button("Mute audio", "audioMute", joined && !m.audio_muted && can("room.member.audio_mute")),
          button("Unmute audio", "audioUnmute", joined && m.audio_muted && can("room.member.audio_unmute")),
          button("Mute video", "videoMute", joined && !m.video_muted && can("room.member.video_mute")),
          button("Unmute video", "videoUnmute", joined && m.video_muted && can("room.member.video_unmute")));
        if (can("room.member.remove")) controls.append(button("Remove", "remove", joined, "btn-outline-danger"));
        li.append(controls);
      }
      list.append(li);
    }
  }

  for (const b of document.querySelectorAll("[data-self]")) b.addEventListener("click", () => act(b.dataset.action));
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
            b.textContent = "Share screen";
          });
        }
      } catch (e) {
        sharing = null;
        setStatus("Cannot share the screen: " + (e.message || e), "warning");
      }
      b.textContent = sharing ? "Stop sharing" : "Share screen";
    });
  }
  for (const event of ["room.joined", "member.joined", "member.updated", "member.left"]) room.on(event, render);

  room.on("room.left", ({ reason }) => {
    if (reason === "removed") {
      state = "removed";
      setStatus("You were removed from the room by a moderator.", "danger");
    } else if (state === "joined" && reason === "disconnected") {
      state = "reconnecting";
      setStatus("Connection lost. Reconnecting…", "warning");
      setTimeout(connect, retryDelay);
    }
    render();
  });

  // Ask only for what this role may control: a listen-only role is never
  // asked for a camera.
  const wants = {
    audio: can("room.self.audio_mute") || can("room.self.audio_unmute"),
    video: can("room.self.video_mute") || can("room.self.video_unmute"),
  };
  let missingNote = "";
  room.on("media.missing", (missing) => {
    const say = (kind, what) => (missing[kind] === "denied" ? what + " access was refused" : "no " + what + " was found");
    const parts = [];
    if (missing.audio) parts.push(say("audio", "microphone"));
    if (missing.video) parts.push(say("video", "camera"));
    const what = parts.join(" and ");
    missingNote = " " + what.charAt(0).toUpperCase() + what.slice(1) +
      ": you can see and hear the others, they cannot " +
      (missing.audio && missing.video ? "see or hear" : missing.audio ? "hear" : "see") + " you.";
  });

  async function connect() {
    if (!window.isSecureContext || !navigator.mediaDevices) {
      // Not worth retrying: only another address helps.
      state = "failed";
      setStatus("Camera and microphone work only on a secure page: open this address with " +
        "https:// (or on localhost).", "danger");
      render();
      return;
    }
    try {
      await room.join(wants);
      state = "joined";
      retryDelay = 1000;
      setStatus("In room " + config.room + " as " + config.user + " (" + config.label + ")." + missingNote,
        missingNote ? "warning" : "success");
      fillDevices();
    } catch (e) {
      const code = e && e.code;
      if (code === "409") {
        state = "full";
        setStatus("This room is full. Try again later.", "danger");
      } else if (code === "401") {
        state = "failed";
        setStatus("This invitation is no longer valid: " + e.message + ". Reload the page.", "danger");
      } else if (!(e && (e.network || e.code === "503"))) {
        state = "failed"; // only network failures are worth retrying
        setStatus("Cannot join the room: " + ((e && e.message) || e) + ". Reload the page to try again.", "danger");
      } else {
        state = "reconnecting";
        setStatus("Cannot reach the room: " + (e.message || e) + ". Retrying…", "warning");
        retryDelay = Math.min(retryDelay * 2, 10000);
        setTimeout(connect, retryDelay);
      }
    }
    render();
  }

  async function fillDevices() {
    if (!navigator.mediaDevices.enumerateDevices) return;
    const devices = await navigator.mediaDevices.enumerateDevices();
    const menus = { videoinput: "#camera-select", audioinput: "#microphone-select", audiooutput: "#speaker-select" };
    for (const [kind, selector] of Object.entries(menus)) {
      const select = $(selector);
      if (!select) continue;
      select.textContent = "";
      for (const d of devices.filter((x) => x.kind === kind)) {
        const option = document.createElement("option");
        option.value = d.deviceId;
        option.textContent = d.label || kind;
        select.append(option);
      }
      select.disabled = select.options.length === 0;
    }
  }
  const switchers = { "#camera-select": "updateCamera", "#microphone-select": "updateMicrophone", "#speaker-select": "updateSpeaker" };
  for (const [selector, method] of Object.entries(switchers)) {
    const select = $(selector);
    if (select) select.addEventListener("change", () => room[method]({ deviceId: select.value }).catch((e) => setStatus("Cannot switch device: " + e.message, "warning")));
  }

  window.addEventListener("pagehide", () => room.leave());
  render();
  connect();
})();
