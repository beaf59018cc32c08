// The room's and one's own settings in the participants panel (each shown
// only when the page's token holds its permission), and applying what the
// server says: deafened, volumes, the layout, places, hidden tiles, the
// topic. rolecall.js calls roomControls() once it has a room.
import { toast } from "./toast.js";

// `can` says whether the page's token holds a permission; `onRender` is the
// list of hooks rolecall.js calls with (me, joined) on each render.
export function roomControls({ room, can, onRender }) {
  const $ = (selector) => document.querySelector(selector);
  const grid = $("#rootElement");
  const refused = (e) => toast("The server refused: " + (e.message || e), "danger");
  const layoutNames = { "grid-responsive": "Grid", "highlight-1-responsive": "Speaker" };
  let built = false;
  const controls = {}; // id -> input, to show the current value

  function field(body, id, label, input) {
    input.id = id;
    const wrap = document.createElement("div");
    wrap.className = input.type === "checkbox" ? "form-check" : "mb-2";
    const text = document.createElement("label");
    text.htmlFor = id;
    text.className = input.type === "checkbox" ? "form-check-label" : "form-label small mb-0";
    text.textContent = label;
    if (input.type === "checkbox") wrap.append(input, text);
    else wrap.append(text, input);
    body.append(wrap);
    controls[id] = input;
    return input;
  }

  function checkbox(body, id, label, onChange) {
    const input = document.createElement("input");
    input.type = "checkbox";
    input.className = "form-check-input";
    input.addEventListener("change", () => onChange(input.checked).catch((e) => {
      input.checked = !input.checked;
      refused(e);
    }));
    return field(body, id, label, input);
  }

  function range(body, id, label, min, max, onChange) {
    const input = document.createElement("input");
    Object.assign(input, { type: "range", min, max, step: 1, className: "form-range" });
    input.addEventListener("change", () => onChange(Number(input.value)).catch(refused));
    return field(body, id, label, input);
  }

  function text(body, id, label, onChange) {
    const input = document.createElement("input");
    Object.assign(input, { type: "text", maxLength: 60, className: "form-control form-control-sm" });
    input.addEventListener("change", () => onChange(input.value.trim()).catch(refused));
    return field(body, id, label, input);
  }

  function select(body, id, label, options, onChange) {
    const input = document.createElement("select");
    input.className = "form-select form-select-sm";
    for (const [value, name] of options) input.append(new Option(name, value));
    input.addEventListener("change", () => onChange(input.value).catch(refused));
    return field(body, id, label, input);
  }

  function buildRoomSettings() {
    const body = $("#room-settings-body");
    if (can("room.lock") || can("room.unlock")) {
      checkbox(body, "room-lock", "Lock the room (no one new gets in)", (on) => (on ? room.lock() : room.unlock()));
    }
    if (can("room.set_layout")) {
      const layouts = select(body, "room-layout", "Layout", Object.entries(layoutNames), (name) => room.setLayout({ name }));
      if (can("room.list_available_layouts")) {
        room.getLayouts().then((names) => {
          layouts.textContent = "";
          for (const name of names) layouts.append(new Option(layoutNames[name] || name, name));
          layouts.value = room.room.layout;
        }).catch(() => {});
      }
    }
    if (can("room.hide_video_muted") || can("room.show_video_muted")) {
      checkbox(body, "room-hide-video-muted", "Hide members without video",
        (on) => (on ? room.hideVideoMuted() : room.showVideoMuted()));
    }
    if (can("room.prioritize_handraise")) {
      checkbox(body, "room-hands-first", "Raised hands first", (on) => room.setPrioritizeHandraise(on));
    }
    if (can("room.set_meta")) text(body, "room-topic-input", "Topic", (topic) => room.setMeta({ topic }));
    $("#room-settings").hidden = body.children.length === 0;
  }

  function buildMySettings() {
    const body = $("#my-settings-body");
    if (can("room.self.deaf") || can("room.self.undeaf")) {
      checkbox(body, "me-deaf", "Deafen (hear no one)", (on) => (on ? room.deaf() : room.undeaf()));
    }
    if (can("room.self.set_input_volume")) {
      range(body, "me-input-volume", "My microphone volume (dB)", -50, 50, (volume) => room.setInputVolume({ volume }));
    }
    if (can("room.self.set_output_volume")) {
      range(body, "me-output-volume", "My speaker volume (dB)", -50, 50, (volume) => room.setOutputVolume({ volume }));
    }
    if (can("room.self.set_input_sensitivity")) {
      range(body, "me-sensitivity", "My microphone sensitivity", 0, 100, (value) => room.setInputSensitivity({ value }));
    }
    if (can("room.self.set_meta")) {
      text(body, "me-status", "My status", (status) => room.setMemberMeta({ meta: { status } }));
    }
    if (can("room.self.set_position")) {
      select(body, "me-position", "My place", [["auto", "Automatic"], ["reserved-0", "First"], ["off-canvas", "Hidden"]],
        (position) => room.setMemberPosition({ position }));
    }
    if (can("room.self.additional_source") && room.addCamera) {
      const camera = select(body, "me-second-camera", "Add another camera", [], async () => {});
      const add = document.createElement("button");
      add.type = "button";
      add.className = "btn btn-sm btn-light";
      add.id = "add-camera";
      add.textContent = "Add this camera";
      add.addEventListener("click", () => room.addCamera({ deviceId: camera.value }).catch(refused));
      body.append(add);
      navigator.mediaDevices.enumerateDevices().then((devices) => {
        for (const d of devices.filter((x) => x.kind === "videoinput")) camera.append(new Option(d.label || "camera", d.deviceId));
      }).catch(() => {});
    }
    $("#my-settings").hidden = body.children.length === 0;
  }

  function show(id, value) {
    const input = controls[id];
    if (!input || document.activeElement === input) return;
    if (input.type === "checkbox") input.checked = !!value;
    else input.value = value;
  }

  const gain = (dB) => Math.pow(10, (dB || 0) / 20);

  // What the server says, applied here: our own hearing and volumes, and the
  // room's view of who is where.
  function apply(me, joined) {
    if (joined && !built) {
      built = true;
      buildRoomSettings();
      buildMySettings();
    }
    const state = room.room || {};
    show("room-lock", state.locked);
    show("room-layout", state.layout);
    show("room-hide-video-muted", state.hide_video_muted);
    show("room-hands-first", state.prioritize_handraise);
    const topic = state.meta && typeof state.meta.topic === "string" ? state.meta.topic : "";
    show("room-topic-input", topic);
    $("#room-topic").textContent = topic;
    $("#room-locked").hidden = !state.locked;
    if (me) {
      show("me-deaf", me.deaf);
      show("me-input-volume", me.input_volume || 0);
      show("me-output-volume", me.output_volume || 0);
      show("me-sensitivity", me.input_sensitivity ?? 50);
      show("me-status", (me.meta && me.meta.status) || "");
      show("me-position", me.position || "auto");
      for (const video of grid.querySelectorAll(".tile:not(.self) video")) {
        video.muted = !!me.deaf;
        video.volume = Math.min(1, gain(me.output_volume));
      }
      if (room.setSendGain) room.setSendGain(gain(me.input_volume));
    }
    arrange(state);
  }

  // Places (reserved-N, standard-N first, off-canvas hidden), members without
  // video hidden if the room says so, and the speaker layout's large tile.
  function arrange(state) {
    const speaker = state.layout === "highlight-1-responsive";
    grid.classList.toggle("layout-highlight", speaker && !grid.classList.contains("has-screen"));
    let featured = null;
    for (const tile of grid.children) {
      const m = room.members.get(tile.dataset.memberId);
      const position = (m && m.position) || "auto";
      const slot = /^(reserved|standard)-(\d+)$/.exec(position);
      tile.style.order = slot ? String((slot[1] === "reserved" ? 0 : 100) + Number(slot[2])) : "1000";
      tile.classList.toggle("tile-hidden", position === "off-canvas" ||
        !!(state.hide_video_muted && m && m.video_muted && m.type !== "screen"));
      tile.classList.remove("featured");
      if (m && !tile.classList.contains("tile-hidden") && m.type !== "audience") {
        if (!featured || position === "reserved-0" || (m.talking && featured.dataset.position !== "reserved-0")) featured = tile;
      }
    }
    if (speaker && featured) featured.classList.add("featured");
  }

  onRender.push(apply);
  room.on("member.talking", () => arrange(room.room || {}));
}
