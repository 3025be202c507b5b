/*
 * channel.js: the content script's one long-lived connection to the background.
 *
 * Checks are sent on every pause in typing, so they travel over a port opened once per frame instead of
 * runtime.sendMessage, which sets up and tears down a new message channel (and looks up the background
 * again) for every request: that set-up was the largest share of the time from the debounce firing to
 * the underline. Requests carry an id and resolve with the background's {ok, ...} reply. When the port
 * drops (the background was stopped or restarted, the page went into the back/forward cache, the
 * extension was reloaded) pending requests fail at once, as with a missing checker, and the next
 * request connects again.
 *
 * API: channel_request(message) -> Promise<reply>.
 */
'use strict';

var NB_CHANNEL_NAME = 'noticeboard-content';
var nbChannel = null; /* {port, nextId, pending: Map<id, {resolve, reject}>} */

function channel_open() {
  const port = nbApi.runtime.connect({ name: NB_CHANNEL_NAME });
  const channel = { port, nextId: 1, pending: new Map() };
  port.onMessage.addListener((reply) => channel_on_reply(channel, reply));
  port.onDisconnect.addListener((p) => channel_on_disconnect(channel, (p && p.error) || nbApi.runtime.lastError));
  return channel;
}

function channel_on_reply(channel, reply) {
  const waiter = reply && channel.pending.get(reply.id);
  if (!waiter) return;
  channel.pending.delete(reply.id);
  waiter.resolve(reply);
}

function channel_on_disconnect(channel, why) {
  if (nbChannel === channel) nbChannel = null;
  const error = new Error(String(why && why.message || 'the extension restarted'));
  for (const waiter of channel.pending.values()) waiter.reject(error);
  channel.pending.clear();
}

function channel_request(message) {
  return new Promise((resolve, reject) => {
    try {
      channel_post(message, { resolve, reject });
    } catch (e) {
      /* A port can close before its onDisconnect reaches this page (one restored from the back/forward
       * cache), so a fresh port gets one try; when the extension itself is gone that throws too. */
      nbChannel = null;
      try {
        channel_post(message, { resolve, reject });
      } catch (again) {
        nbChannel = null;
        reject(again);
      }
    }
  });
}

function channel_post(message, waiter) {
  if (!nbChannel) nbChannel = channel_open();
  const channel = nbChannel, id = channel.nextId++;
  channel.pending.set(id, waiter);
  try {
    channel.port.postMessage(Object.assign({}, message, { id }));
  } catch (e) {
    channel.pending.delete(id);
    throw e;
  }
}
