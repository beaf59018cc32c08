// JSON-RPC 2.0 requests awaiting their replies on one WebSocket, for the room
// page's connection and the lobby's alike.
import { REQUEST_TIMEOUT_MS, RetryableError, withTimeout } from "./retry.js";

// The server's answer to a request: a refusal, not worth retrying as such.
export class RpcError extends Error {
  constructor(error) {
    super(error.message);
    this.jsonrpc = error; // { code: "403", message } as SignalWire's SDK rejects
    this.code = error.code;
  }
}

export class RpcCalls {
  // `failureCode` marks the RetryableErrors of a failed way there (the room
  // page gives them "503", busy, so it tries again; the lobby keeps 503 for
  // a full lobby and gives none).
  constructor(failureCode) {
    this.failureCode = failureCode;
    this.pending = new Map();
    this.nextId = 1;
  }

  // Resolves with the result, rejects with an RpcError, or with a
  // RetryableError when not connected, unanswered in time, or cut off.
  request(socket, method, params) {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new RetryableError("not connected", this.failureCode));
    }
    const id = this.nextId++;
    socket.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    const reply = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    return withTimeout(reply, REQUEST_TIMEOUT_MS, "no answer from the server", () => this.pending.delete(id));
  }

  // Settles the request `message` answers; false for anything else (a
  // notification, or a reply that came after its request timed out).
  settle(message) {
    if (message.id === undefined || message.id === null || !this.pending.has(message.id)) return false;
    const { resolve, reject } = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.error) reject(new RpcError(message.error));
    else resolve(message.result);
    return true;
  }

  // The connection closed: nothing pending will be answered.
  failAll() {
    for (const { reject } of this.pending.values()) reject(new RetryableError("connection closed", this.failureCode));
    this.pending.clear();
  }
}
