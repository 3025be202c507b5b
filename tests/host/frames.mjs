// frames.mjs: native-messaging frames as the browser writes and reads them, for the host's tests.
//
// A frame is a 4-byte little-endian length and that many bytes of UTF-8 JSON. The browser refuses a
// reply over 1 MB, so parseFrames does too.

export const MAX_REPLY = 1000000;

export function frame(message) {
  const body = Buffer.isBuffer(message) ? message : Buffer.from(JSON.stringify(message), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length);
  return Buffer.concat([head, body]);
}

// Splits a host's whole stdout into frames; throws when a byte is left over.
export function parseFrames(buf) {
  const out = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 4 > buf.length) throw new Error(`stdout has ${buf.length - at} stray bytes after ${out.length} frames`);
    const n = buf.readUInt32LE(at);
    if (at + 4 + n > buf.length) throw new Error(`frame ${out.length} is cut short`);
    if (n > MAX_REPLY) throw new Error(`frame ${out.length} is ${n} bytes, over the browser's 1 MB limit`);
    out.push(JSON.parse(buf.subarray(at + 4, at + 4 + n).toString('utf8')));
    at += 4 + n;
  }
  return out;
}
