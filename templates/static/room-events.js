// The event half of the RoomSession-like API that both drivers
// (room-session.js, signalwire-session.js) share: on(event, handler), emit().
(function () {
  "use strict";
  class RoomEvents {
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
  }
  window.RolecallRoomEvents = RoomEvents;
})();
