// What is worth trying again, decided here for every page script: a failure
// on the way to the server (a socket that would not open or closed, a request
// with no answer in time) may pass; the server's refusals (401, 403, 409, ...)
// will not. Its 503 says "busy" (full, too many rooms, too many waiting): the
// room page tries again, the lobby says so (asking again queues one last).

// How long a request may wait for its reply: no button waits forever on a
// dead connection.
export const REQUEST_TIMEOUT_MS = 10000;

export class RetryableError extends Error {
  constructor(message, code) {
    super(message);
    this.name = "RetryableError";
    if (code) this.code = code;
  }
}

export function isRetryable(error) {
  return error instanceof RetryableError;
}

export function isBusy(error) {
  return !!error && error.code === "503";
}

// Settles as `promise` does, or rejects with a RetryableError after `ms`
// (calling `onTimeout` first, to forget the request).
export function withTimeout(promise, ms, message, onTimeout) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => {
      if (onTimeout) onTimeout();
      reject(new RetryableError(message));
    }, ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// Waits that double from 1 s up to 10 s, back to 1 s once something works.
export class Backoff {
  constructor(first = 1000, most = 10000) {
    this.first = first;
    this.most = most;
    this.delay = first;
  }

  next() {
    this.delay = Math.min(this.delay * 2, this.most);
    return this.delay;
  }

  reset() {
    this.delay = this.first;
  }
}
