// RoomSession: the embedded backend's browser client, shaped like SignalWire's
// Video.RoomSession so one page works on both backends.
//   const room = new RoomSession({ token, rootElement });
//   room.on("member.joined", (e) => ...);
//   await room.join({ audio: true, video: true });
//   await room.audioMute({ memberId });   // no memberId: yourself
// Media flows peer to peer (one RTCPeerConnection per other member); the
// server relays offers, answers and ICE candidates and enforces permissions.
import { RoomEvents } from "./room-events.js";
import { RetryableError } from "./retry.js";
import { RpcCalls } from "./rpc-calls.js";

// How long a peer's media path may take before the tile says it failed.
const MEDIA_TIMEOUT_MS = 20000;
export class RoomSession extends RoomEvents {
  constructor({ token, rootElement, signalingUrl, iceServers }) {
    super();
    this.driver = "embedded";
    this.token = token;
    this.rootElement = rootElement;
    this.signalingUrl = signalingUrl || RoomSession.defaultUrl("/ws");
    this.iceServers = iceServers || [];
    this.calls = new RpcCalls("503");
    this.members = new Map(); // id -> member (server's view)
    this.peers = new Map();   // id -> { pc, tile, video, pendingCandidates }
    this.memberId = null;
    this.roomSessionId = null;
    this.permissions = [];
    this.localStream = null;
    this.leaving = false;
    this.screen = false; // a screen share session: sends its screen, renders nothing
    this.device = false; // an additional camera: like a screen share
    this.room = {};      // room-wide state: locked, layout, hide_video_muted, meta, ...
    this.canBan = true;
  }

  static defaultUrl(path) {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return scheme + "//" + location.host + path;
  }

  async join({ audio = true, video = true } = {}) {
    if (!this.localStream) this.localStream = await this.openDevices({ audio, video });
    this.leaving = false;
    this.removedReason = null;
    await this.connect();
    const result = await this.request("room.join", { token: this.token, screen: this.screen && !this.device,
                                                     device: this.device });
    this.memberId = result.member_id;
    // STUN/TURN come with the join, fresh for this member (never in the page).
    if (result.ice_servers) this.iceServers = result.ice_servers;
    this.iceTransportPolicy = result.ice_transport_policy || "all";
    this.roomSessionId = result.room_session.id;
    this.room = Object.assign({}, result.room_session);
    delete this.room.members;
    this.permissions = result.permissions;
    this.members.clear();
    for (const m of result.room_session.members) this.members.set(m.id, m);
    if (!this.screen) {
      this.renderTile(this.memberId, true);
      this.applyMediaState(this.members.get(this.memberId));
    }
    // The newcomer offers to everyone already there; they only answer. One
    // side offering per pair means no glare.
    for (const m of result.room_session.members) {
      if (m.id !== this.memberId) this.startPeer(m.id, true);
    }
    this.emit("room.joined", { room_session: result.room_session, member_id: this.memberId });
    return result;
  }

  leave() {
    this.leaving = true;
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.request("room.leave", {}).catch(() => {});
    }
    this.teardown();
  }

  audioMute(p = {}) { return this.request("member.audio_mute", memberParams(p)); }
  audioUnmute(p = {}) { return this.request("member.audio_unmute", memberParams(p)); }
  videoMute(p = {}) { return this.request("member.video_mute", memberParams(p)); }
  videoUnmute(p = {}) { return this.request("member.video_unmute", memberParams(p)); }
  removeMember({ memberId, ban }) { return this.request("member.remove", { member_id: memberId, ban: !!ban }); }
  deaf(p = {}) { return this.request("member.deaf", memberParams(p)); }
  undeaf(p = {}) { return this.request("member.undeaf", memberParams(p)); }
  setRaisedHand({ memberId, raised = true } = {}) {
    return this.request(raised ? "member.raisehand" : "member.lowerhand", memberParams({ memberId }));
  }
  setInputVolume({ memberId, volume }) { return this.request("member.set_input_volume", { ...memberParams({ memberId }), volume }); }
  setOutputVolume({ memberId, volume }) { return this.request("member.set_output_volume", { ...memberParams({ memberId }), volume }); }
  setInputSensitivity({ memberId, value }) {
    return this.request("member.set_input_sensitivity", { ...memberParams({ memberId }), value });
  }
  setMemberMeta({ memberId, meta }) { return this.request("member.set_meta", { ...memberParams({ memberId }), meta }); }
  setMemberPosition({ memberId, position }) {
    return this.request("member.set_position", { ...memberParams({ memberId }), position });
  }
  promote({ memberId }) { return this.request("member.promote", { member_id: memberId }); }
  demote({ memberId }) { return this.request("member.demote", { member_id: memberId }); }
  lock() { return this.request("room.lock", {}); }
  unlock() { return this.request("room.unlock", {}); }
  setLayout({ name }) { return this.request("room.set_layout", { name }); }
  async getLayouts() { return (await this.request("room.list_available_layouts", {})).layouts; }
  hideVideoMuted() { return this.request("room.hide_video_muted", {}); }
  showVideoMuted() { return this.request("room.show_video_muted", {}); }
  setMeta(meta) { return this.request("room.set_meta", { meta }); }
  setPositions({ positions }) { return this.request("room.set_position", { positions }); }
  setPrioritizeHandraise(enabled) { return this.request("room.set_prioritize_handraise", { enabled: !!enabled }); }
  // Our own voice detection (the page measures it), told to the room.
  setTalking(talking) { return this.request("member.talking", { talking: !!talking }); }

  // Shares the screen as a member of its own (as SignalWire does): a second
  // connection with the same token, which the server admits only when the
  // token carries room.self.screenshare. Everyone shows it as its own tile.
  async startScreenShare() {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    return this.startSecondary(stream, false);
  }

  // A second camera, as SignalWire's addCamera: a member of its own (type
  // "device"), admitted only with room.self.additional_source.
  async addCamera({ deviceId }) {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { deviceId: { exact: deviceId } }, audio: false });
    return this.startSecondary(stream, true);
  }

  async startSecondary(stream, device) {
    const share = new RoomSession({ token: this.token, rootElement: this.rootElement,
                                    signalingUrl: this.signalingUrl, iceServers: this.iceServers });
    share.screen = true;
    share.device = device;
    share.localStream = stream;
    let ended;
    const done = new Promise((resolve) => (ended = resolve));
    const stop = () => { share.leave(); for (const t of stream.getTracks()) t.stop(); ended(); };
    stream.getVideoTracks()[0].addEventListener("ended", stop);
    try {
      await share.join();
    } catch (e) {
      stop();
      throw e;
    }
    return { memberId: share.memberId, stop, ended: done };
  }
  getMembers() { return Promise.resolve({ members: [...this.members.values()] }); }

  async updateCamera({ deviceId }) {
    this.cameraId = deviceId;
    const track = this.localStream && this.localStream.getVideoTracks()[0];
    if (track && track.readyState === "ended") return; // off: this camera opens when turned on
    await this.replaceTrack("video", { video: { deviceId: { exact: deviceId } } });
  }
  async updateMicrophone({ deviceId }) { await this.replaceTrack("audio", { audio: { deviceId: { exact: deviceId } } }); }
  async updateSpeaker({ deviceId }) {
    for (const video of this.rootElement.querySelectorAll("video")) {
      if (video.setSinkId) await video.setSinkId(deviceId);
    }
    this.speakerId = deviceId;
  }

  // --- signaling ---------------------------------------------------------

  connect() {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.signalingUrl);
      this.socket = socket;
      socket.onopen = () => resolve();
      socket.onerror = () => reject(new RetryableError("cannot reach the signaling server", "503"));
      socket.onmessage = (event) => this.onMessage(event.data);
      socket.onclose = (event) => this.onClose(event);
    });
  }

  request(method, params) {
    return this.calls.request(this.socket, method, params);
  }

  onMessage(text) {
    let message;
    try { message = JSON.parse(text); } catch { return; }
    if (this.calls.settle(message)) return;
    const params = message.params || {};
    switch (message.method) {
      case "member.joined":
        this.members.set(params.member.id, params.member);
        if (!this.screen) {
          this.renderTile(params.member.id, false);
          this.applyMediaState(params.member);
        }
        this.emit("member.joined", params);
        break;
      case "member.updated": {
        const current = this.members.get(params.member.id);
        if (!current) break;
        for (const key of params.member.updated || []) current[key] = params.member[key];
        this.applyMediaState(current);
        if (current.id === this.memberId && (params.member.updated || []).includes("video_muted")) {
          this.setCamera(!current.video_muted).catch((e) => console.error("camera", e));
        }
        this.emit("member.updated", params);
        break;
      }
      case "member.talking": {
        const current = this.members.get(params.member.id);
        if (!current) break;
        current.talking = !!params.member.talking;
        this.emit("member.talking", params);
        break;
      }
      case "room.updated": {
        const changed = params.room_session || {};
        for (const key of changed.updated || []) this.room[key] = changed[key];
        this.emit("room.updated", params);
        break;
      }
      case "member.left":
        this.members.delete(params.member.id);
        this.closePeer(params.member.id);
        this.emit("member.left", params);
        break;
      case "room.left":
        this.leaving = true;
        this.removedReason = params.reason;
        break;
      case "webrtc.signal":
        this.onSignal(params.from, params.data);
        break;
      default:
        // lobby.* (lobby.js): who waits to be let in, told to moderators.
        if (typeof message.method === "string" && message.method.startsWith("lobby.")) this.emit(message.method, params);
    }
  }

  onClose(event) {
    this.calls.failAll();
    const reason = this.removedReason || (this.leaving ? "left" : "disconnected");
    this.teardown();
    this.emit("room.left", { reason, code: event.code });
  }

  teardown() {
    for (const id of [...this.peers.keys()]) this.closePeer(id);
    this.members.clear();
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) this.socket.close(1000);
  }

  // --- media -------------------------------------------------------------

  startPeer(memberId, offer) {
    if (this.peers.has(memberId)) return this.peers.get(memberId);
    const pc = new RTCPeerConnection({ iceServers: this.iceServers,
                                       iceTransportPolicy: this.iceTransportPolicy || "all" });
    const peer = { pc, pendingCandidates: [] };
    this.peers.set(memberId, peer);
    const remote = this.members.get(memberId);
    if (remote && (remote.type === "screen" || remote.type === "device")) {
      // A screen share only sends: offer to receive its video, send nothing back.
      if (offer) pc.addTransceiver("video", { direction: "recvonly" });
    } else {
      for (const track of this.localStream.getTracks()) {
        const sent = this.sendGain && track === this.sendGain.mic ? this.sendGain.track : track;
        pc.addTrack(sent, this.localStream);
      }
      // Nothing of a kind to send (an audience member, a listener without a
      // camera) still receives it: the offer asks for it.
      if (offer) {
        for (const kind of ["audio", "video"]) {
          const has = kind === "audio" ? this.localStream.getAudioTracks() : this.localStream.getVideoTracks();
          if (has.length === 0) pc.addTransceiver(kind, { direction: "recvonly", streams: [this.localStream] });
        }
      }
    }
    pc.onicecandidate = (e) => {
      if (e.candidate) {
        peer.gathered = (peer.gathered || 0) + 1;
        this.signal(memberId, { candidate: e.candidate.toJSON() });
      }
    };
    // A media path that cannot be made (TURN refusing our credentials, a
    // network that blocks everything) is said on the tile, not left blank.
    const failed = () => this.setMediaState(memberId, "failed");
    pc.oniceconnectionstatechange = () => {
      const state = pc.iceConnectionState;
      if (state === "failed") failed();
      else if (state === "connected" || state === "completed") this.setMediaState(memberId, "connected");
    };
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState === "complete" && !peer.gathered) failed();
    };
    peer.timer = setTimeout(() => {
      if (pc.iceConnectionState !== "connected" && pc.iceConnectionState !== "completed") failed();
    }, MEDIA_TIMEOUT_MS);
    pc.ontrack = (e) => {
      if (this.screen) return;
      const video = this.renderTile(memberId, false);
      if (video.srcObject !== e.streams[0]) video.srcObject = e.streams[0];
      this.applyMediaState(this.members.get(memberId));
    };
    if (offer) {
      pc.createOffer()
        .then((o) => pc.setLocalDescription(o))
        .then(() => this.signal(memberId, { description: pc.localDescription.toJSON() }))
        .catch((e) => console.error("offer failed", e));
    }
    return peer;
  }

  async onSignal(from, data) {
    if (!this.members.has(from)) return;
    const peer = this.startPeer(from, false);
    try {
      if (data.description) {
        await peer.pc.setRemoteDescription(data.description);
        for (const c of peer.pendingCandidates) await peer.pc.addIceCandidate(c);
        peer.pendingCandidates = [];
        if (data.description.type === "offer") {
          await peer.pc.setLocalDescription(await peer.pc.createAnswer());
          this.signal(from, { description: peer.pc.localDescription.toJSON() });
        }
      } else if (data.candidate) {
        if (peer.pc.remoteDescription) await peer.pc.addIceCandidate(data.candidate);
        else peer.pendingCandidates.push(data.candidate);
      }
    } catch (e) {
      console.error("signal failed", e);
    }
  }

  signal(to, data) {
    this.request("webrtc.signal", { to, data }).catch(() => {});
  }

  closePeer(memberId) {
    const peer = this.peers.get(memberId);
    if (peer) {
      clearTimeout(peer.timer);
      peer.pc.close();
      this.peers.delete(memberId);
    }
    const tile = this.screen ? null : this.tileOf(memberId);
    if (tile) tile.remove();
  }

  // What the server says is what plays: our own muted tracks stop being
  // sent, and another member's muted tracks stop being played here, even
  // if that member's page ignores the mute.
  applyMediaState(member) {
    if (!member) return;
    const tile = this.tileOf(member.id);
    if (tile) {
      tile.classList.toggle("audio-muted", !!member.audio_muted);
      tile.classList.toggle("video-muted", !!member.video_muted);
      tile.classList.toggle("audience", member.type === "audience");
      tile.dataset.position = member.position || "auto";
    }
    if (member.id === this.memberId) {
      if (!this.localStream) return;
      for (const t of this.localStream.getAudioTracks()) t.enabled = !member.audio_muted;
      for (const t of this.localStream.getVideoTracks()) t.enabled = !member.video_muted;
      return;
    }
    const peer = this.peers.get(member.id);
    if (!peer) return;
    for (const receiver of peer.pc.getReceivers()) {
      if (!receiver.track) continue;
      const muted = receiver.track.kind === "audio" ? member.audio_muted : member.video_muted;
      receiver.track.enabled = !muted;
    }
  }

  // Starts sending `stream`'s tracks to everyone (a promoted audience
  // member): added to every connection, which offers again from this side.
  async publish(stream) {
    if (!this.localStream) this.localStream = new MediaStream();
    for (const track of stream.getTracks()) this.localStream.addTrack(track);
    for (const [id, peer] of this.peers) {
      const remote = this.members.get(id);
      if (remote && (remote.type === "screen" || remote.type === "device")) continue;
      for (const track of stream.getTracks()) peer.pc.addTrack(track, this.localStream);
      try {
        await peer.pc.setLocalDescription(await peer.pc.createOffer());
        this.signal(id, { description: peer.pc.localDescription.toJSON() });
      } catch (e) {
        console.error("offer failed", e);
      }
    }
    const tile = this.tileOf(this.memberId);
    if (tile) tile.querySelector("video").srcObject = this.localStream;
  }

  // The member's own microphone volume (input_volume, dB): the microphone
  // goes through a gain before it is sent.
  setSendGain(gain) {
    const mic = this.localStream && this.localStream.getAudioTracks()[0];
    if (!mic || (!this.sendGain && gain === 1)) return;
    if (!this.sendGain || this.sendGain.mic !== mic) {
      if (this.sendGain) this.sendGain.context.close().catch(() => {});
      const context = new AudioContext();
      const node = context.createGain();
      const out = context.createMediaStreamDestination();
      context.createMediaStreamSource(new MediaStream([mic])).connect(node).connect(out);
      this.sendGain = { context, node, mic, track: out.stream.getAudioTracks()[0] };
      for (const peer of this.peers.values()) {
        for (const sender of peer.pc.getSenders()) {
          if (sender.track && sender.track.kind === "audio") sender.replaceTrack(this.sendGain.track).catch(() => {});
        }
      }
    }
    this.sendGain.node.gain.value = gain;
  }

  // A camera that is off is released, not just blanked, so its light goes
  // off; its ended track stays in the stream and in every sender, keeping
  // the slot that the fresh camera fills again without renegotiating.
  async setCamera(on) {
    const track = this.localStream && this.localStream.getVideoTracks()[0];
    if (!track || this.screen) return;
    if (!on) {
      track.stop();
      return;
    }
    if (track.readyState === "live") return;
    const constraints = { video: this.cameraId ? { deviceId: { exact: this.cameraId } } : true };
    this.cameraOpening = (this.cameraOpening || Promise.resolve()).catch(() => {}).then(async () => {
      const me = this.members.get(this.memberId);
      const current = this.localStream && this.localStream.getVideoTracks()[0];
      if (!current || current.readyState === "live" || (me && me.video_muted)) return;
      await this.replaceTrack("video", constraints);
      this.applyMediaState(this.members.get(this.memberId));
      const tile = this.tileOf(this.memberId);
      if (tile) tile.querySelector("video").srcObject = this.localStream;
    });
    return this.cameraOpening;
  }

  async replaceTrack(kind, constraints) {
    const fresh = await navigator.mediaDevices.getUserMedia(constraints);
    const track = kind === "audio" ? fresh.getAudioTracks()[0] : fresh.getVideoTracks()[0];
    const old = kind === "audio" ? this.localStream.getAudioTracks()[0] : this.localStream.getVideoTracks()[0];
    if (old) {
      track.enabled = old.enabled;
      this.localStream.removeTrack(old);
      old.stop();
    }
    this.localStream.addTrack(track);
    for (const peer of this.peers.values()) {
      for (const sender of peer.pc.getSenders()) {
        if (sender.track && sender.track.kind === kind) await sender.replaceTrack(track);
      }
    }
  }

  tileOf(memberId) {
    return this.rootElement.querySelector('[data-member-id="' + CSS.escape(memberId) + '"]');
  }

  // "connected" or "failed": shown on the member's tile and told as member.media.
  setMediaState(memberId, state) {
    const peer = this.peers.get(memberId);
    if (!peer || peer.mediaState === state) return;
    peer.mediaState = state;
    if (state === "connected") clearTimeout(peer.timer);
    this.renderTile(memberId, false);
    const tile = this.tileOf(memberId);
    tile.dataset.media = state;
    let note = tile.querySelector(".media-note");
    if (state === "failed" && !note) {
      note = document.createElement("p");
      note.className = "media-note";
      note.setAttribute("role", "status");
      note.textContent = "media connection failed";
      tile.append(note);
    } else if (state !== "failed" && note) note.remove();
    this.emit("member.media", { member_id: memberId, state });
  }

  renderTile(memberId, self) {
    let tile = this.tileOf(memberId);
    if (!tile) {
      tile = document.createElement("figure");
      tile.className = "tile" + (self ? " self" : "");
      tile.dataset.memberId = memberId;
      const video = document.createElement("video");
      video.autoplay = true;
      video.playsInline = true;
      if (self) {
        video.muted = true; // never play our own microphone back
        video.srcObject = this.localStream;
      }
      if (this.speakerId && video.setSinkId) video.setSinkId(this.speakerId).catch(() => {});
      const caption = document.createElement("figcaption");
      const member = this.members.get(memberId);
      if (member && (member.type === "screen" || member.type === "device")) tile.classList.add("screen");
      const name = document.createElement("span");
      name.textContent = member ? member.name + (self ? " (you)" : "") : "";
      const muted = document.createElement("i");
      muted.className = "bi bi-mic-mute-fill mute-icon";
      muted.setAttribute("role", "img");
      muted.setAttribute("aria-label", "microphone muted");
      caption.append(muted, name);
      tile.append(video, caption);
      this.rootElement.append(tile);
    }
    return tile.querySelector("video");
  }
}

function memberParams(p) {
  return p && p.memberId ? { member_id: p.memberId } : {};
}
