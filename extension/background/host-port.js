/*
 * host-port.js: the one connection to the native checker (org.noticeboard.host).
 *
 * The background owns a single native port so every tab shares one host process. Requests get an id and
 * a promise; the host answers in order and echoes the id. When the host exits, crashes or is missing,
 * pending requests fail at once (typing is never held up waiting for a checker that is gone) and the
 * port reconnects with exponential backoff. State changes are reported to one listener, which drives the
 * toolbar badge and the popup.
 *
 * API: hostport_new(onState) -> port; hostport_request(port, message) -> Promise<reply>;
 *      hostport_state(port) -> {status, error, hello, retryAt}; hostport_wake(port).
 * status is 'starting' | 'working' | 'not-installed' | 'unavailable'.
 */
'use strict';

var NB_HOST_NAME = 'org.noticeboard.host';
var NB_RETRY_FIRST_MS = 500;
var NB_RETRY_MAX_MS = 30000;
/* A connection that survives this long counts as healthy, so the next failure starts backoff afresh. */
var NB_HEALTHY_MS = 10000;

function hostport_new(onState) {
  const port = {
    native: null, nextId: 1, pending: new Map(), onState,
    state: { status: 'starting', error: '', hello: null, retryAt: 0 },
    failures: 0, connectedAt: 0, retryTimer: null,
  };
  hostport_connect(port);
  return port;
}

function hostport_state(port) {
  return Object.assign({}, port.state);
}

function hostport_set_state(port, changes) {
  port.state = Object.assign({}, port.state, changes);
  port.onState(hostport_state(port));
}

/* Why the browser could not keep the host: a missing or forbidden registration needs IT, anything else
 * (exit, crash) is worth retrying. */
function hostport_classify_error(message) {
  return /not found|no such native|forbidden|not allowed|access/i.test(message) ? 'not-installed' : 'unavailable';
}

function hostport_connect(port) {
  clearTimeout(port.retryTimer);
  port.retryTimer = null;
  let native;
  try {
    native = nbApi.runtime.connectNative(NB_HOST_NAME);
  } catch (e) {
    hostport_on_disconnect(port, null, String(e && e.message || e));
    return;
  }
  port.native = native;
  port.connectedAt = Date.now();
  native.onMessage.addListener((reply) => hostport_on_reply(port, reply));
  native.onDisconnect.addListener((p) => {
    const err = (p && p.error) || nbApi.runtime.lastError;
    hostport_on_disconnect(port, native, err ? String(err.message || err) : 'the checker stopped');
  });
  hostport_request(port, { type: 'hello' }).then(
    (hello) => {
      if (hello.type !== 'hello') throw new Error(hello.message || 'unexpected reply to hello');
      hostport_set_state(port, { status: 'working', error: '', hello, retryAt: 0 });
    },
    () => { /* the disconnect handler has already reported why */ });
}

function hostport_on_reply(port, reply) {
  if (!reply || typeof reply !== 'object') return;
  const waiter = port.pending.get(reply.id);
  if (!waiter) return;
  port.pending.delete(reply.id);
  waiter.resolve(reply);
}

function hostport_on_disconnect(port, native, message) {
  if (native && port.native !== native) return;
  port.native = null;
  const lived = port.connectedAt ? Date.now() - port.connectedAt : 0;
  port.failures = lived >= NB_HEALTHY_MS ? 1 : port.failures + 1;
  for (const waiter of port.pending.values()) waiter.reject(new Error(message));
  port.pending.clear();
  const delay = Math.min(NB_RETRY_FIRST_MS * 2 ** (port.failures - 1), NB_RETRY_MAX_MS);
  hostport_set_state(port, {
    status: hostport_classify_error(message), error: message, hello: null, retryAt: Date.now() + delay,
  });
  port.retryTimer = setTimeout(() => hostport_connect(port), delay);
}

/* Connects now instead of waiting out the backoff: used when someone opens the popup, so a freshly
 * installed checker is picked up without delay. */
function hostport_wake(port) {
  if (!port.native) hostport_connect(port);
}

function hostport_request(port, message) {
  if (!port.native) return Promise.reject(new Error(port.state.error || 'the checker is not running'));
  const id = port.nextId++;
  return new Promise((resolve, reject) => {
    port.pending.set(id, { resolve, reject });
    try {
      port.native.postMessage(Object.assign({}, message, { id }));
    } catch (e) {
      port.pending.delete(id);
      reject(e);
    }
  });
}
