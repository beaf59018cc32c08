// The SignalWire driver: the same RoomSession-like API as room-session.js
// (the embedded driver), backed by SignalWire's browser SDK, so the role
// pages are the same files on both backends.
import { RoomEvents } from "./room-events.js";
import { RetryableError, withTimeout } from "./retry.js";

const JOIN_TIMEOUT_MS = 15000;

// The SDK is a UMD script (vendor/signalwire/index.umd.js) that the layout
// loads as a classic script before the modules: it is a global, read here only.
function sdk() {
  if (!window.SignalWire) throw new Error("SignalWire's browser SDK did not load");
  return window.SignalWire;
}

export class SignalWireSession extends RoomEvents {
  constructor({ token, rootElement }) {
    super();
    this.driver = "signalwire";
    this.token = token;
    this.rootElement = rootElement;
    this.members = new Map();
    this.memberId = null;
    this.permissions = [];
    this.sdk = null;
    this.room = {};
    this.canBan = false; // a ban is the embedded rooms' own; SignalWire only removes
  }

  static defaultUrl(path) { return path; } // the SDK finds its relay from the token

  async join({ audio = true, video = true } = {}) {
    const { Video } = sdk();
    this.sdk = new Video.RoomSession({ token: this.token, rootElement: this.rootElement });
    this.sdk.on("room.joined", (e) => {
      this.memberId = e.member_id;
      this.members.clear();
      for (const m of e.room_session.members || []) this.members.set(m.id, member(m));
      this.room = Object.assign({}, e.room_session);
      delete this.room.members;
      this.emit("room.joined", { room_session: e.room_session, member_id: e.member_id });
    });
    this.sdk.on("member.joined", (e) => { this.members.set(e.member.id, member(e.member)); this.emit("member.joined", e); });
    this.sdk.on("member.updated", (e) => {
      const current = this.members.get(e.member.id);
      if (current) for (const key of e.member.updated || []) current[key] = e.member[key];
      this.emit("member.updated", e);
    });
    this.sdk.on("member.talking", (e) => {
      const current = e.member && this.members.get(e.member.id);
      if (current) current.talking = !!e.member.talking;
      this.emit("member.talking", e);
    });
    this.sdk.on("room.updated", (e) => {
      Object.assign(this.room, (e && e.room_session) || {});
      delete this.room.members;
      this.emit("room.updated", e);
    });
    this.sdk.on("member.left", (e) => { this.members.delete(e.member.id); this.emit("member.left", e); });
    this.sdk.on("room.left", (e) => {
      const reason = e && /kick|remov/i.test(e.reason || "") ? "removed" : "disconnected";
      this.emit("room.left", { reason });
    });
    try {
      await withTimeout(this.sdk.join({ audio, video }), JOIN_TIMEOUT_MS, "SignalWire cannot be reached");
    } catch (e) {
      if (e instanceof RetryableError) throw e;
      // A JSON-RPC error is SignalWire's refusal; anything else, the way there.
      throw e && e.jsonrpc ? Object.assign(new Error(e.jsonrpc.message), { code: e.jsonrpc.code, jsonrpc: e.jsonrpc })
                           : new RetryableError("SignalWire cannot be reached" + (e && e.message ? " (" + e.message + ")" : ""));
    }
    this.permissions = this.sdk.permissions || [];
  }

  leave() { if (this.sdk) this.sdk.leave().catch(() => {}); }
  // The SDK's own camera and microphone, ended so the camera light goes off.
  stopLocalTracks() {
    const stream = this.sdk && this.sdk.localStream;
    if (stream) for (const t of stream.getTracks()) t.stop();
  }
  setTalking() { return Promise.resolve(); } // SignalWire detects talking itself

  // SignalWire has no confirmed "all" for video rooms: act member by member.
  each(method, { memberId } = {}) {
    if (memberId !== "all") return this.sdk[method](memberId ? { memberId } : {});
    const others = [...this.members.keys()].filter((id) => id !== this.memberId);
    return Promise.all(others.map((id) => this.sdk[method]({ memberId: id })));
  }

  audioMute(p) { return this.each("audioMute", p); }
  audioUnmute(p) { return this.each("audioUnmute", p); }
  videoMute(p) { return this.each("videoMute", p); }
  videoUnmute(p) { return this.each("videoUnmute", p); }
  removeMember({ memberId }) { return this.each("removeMember", { memberId }); }
  deaf(p) { return this.each("deaf", p); }
  undeaf(p) { return this.each("undeaf", p); }
  setRaisedHand(p) { return this.sdk.setRaisedHand(p); }
  setInputVolume(p) { return this.sdk.setInputVolume(p); }
  setOutputVolume(p) { return this.sdk.setOutputVolume(p); }
  setInputSensitivity(p) { return this.sdk.setInputSensitivity(p); }
  setMemberMeta(p) { return this.sdk.setMemberMeta(p); }
  setMemberPosition(p) { return this.sdk.setMemberPosition(p); }
  promote(p) { return this.sdk.promote(p); }
  demote(p) { return this.sdk.demote(p); }
  lock() { return this.sdk.lock(); }
  unlock() { return this.sdk.unlock(); }
  setLayout(p) { return this.sdk.setLayout(p); }
  async getLayouts() { return (await this.sdk.getLayouts()).layouts; }
  hideVideoMuted() { return this.sdk.hideVideoMuted(); }
  showVideoMuted() { return this.sdk.showVideoMuted(); }
  setMeta(meta) { return this.sdk.setMeta(meta); }
  setPositions(p) { return this.sdk.setPositions(p); }
  setPrioritizeHandraise(enabled) { return this.sdk.setPrioritizeHandraise(enabled); }
  addCamera(p) { return this.sdk.addCamera(p); }
  getMembers() { return this.sdk.getMembers(); }

  async startScreenShare() {
    const share = await this.sdk.startScreenShare({ audio: false, video: true });
    let ended;
    const done = new Promise((resolve) => (ended = resolve));
    share.on && share.on("room.left", () => ended());
    return { memberId: share.memberId, stop: () => { share.leave(); ended(); }, ended: done };
  }
  updateCamera({ deviceId }) { return this.sdk.updateCamera({ deviceId }); }
  updateMicrophone({ deviceId }) { return this.sdk.updateMicrophone({ deviceId }); }
  updateSpeaker({ deviceId }) { return this.sdk.updateSpeaker({ deviceId }); }
}

function member(m) {
  // The role rides in the member's meta (set in the room-token request).
  const role = m.meta && typeof m.meta.role === "string" ? m.meta.role : "";
  return { ...m, id: m.id, name: m.name, type: m.type, role, audio_muted: !!m.audio_muted,
           video_muted: !!m.video_muted, talking: !!m.talking };
}
