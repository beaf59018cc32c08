// The event half of the RoomSession-like API that both drivers
// (room-session.js, signalwire-session.js) share: on(event, handler), emit(),
// and openDevices() for the pre-join preview.
export class RoomEvents {
  constructor() {
    this.handlers = new Map();
  }

  on(event, handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, []);
    this.handlers.get(event).push(handler);
  }

  // One failing handler must not keep the others from hearing the event.
  emit(event, payload) {
    for (const handler of this.handlers.get(event) || []) {
      try { handler(payload); } catch (e) { console.error(e); }
    }
  }

  // The camera and microphone asked for, or what of them can be had: a
  // member without a camera (or who refused one) still joins, receiving,
  // and media.missing says what is missing and why.
  async openDevices(wanted) {
    const kinds = ["audio", "video"].filter((k) => wanted[k]);
    if (kinds.length === 0) return new MediaStream();
    try {
      return await navigator.mediaDevices.getUserMedia(wanted);
    } catch (error) {
      const missing = {};
      const stream = new MediaStream();
      for (const kind of kinds) {
        try {
          const one = await navigator.mediaDevices.getUserMedia({ [kind]: true });
          for (const track of one.getTracks()) stream.addTrack(track);
        } catch (e) {
          missing[kind] = e.name === "NotAllowedError" ? "denied" : "none";
        }
      }
      if (Object.keys(missing).length === 0) throw error;
      this.emit("media.missing", missing);
      return stream;
    }
  }
}
