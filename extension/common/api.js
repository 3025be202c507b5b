/*
 * api.js: the one name every part of the extension uses for the browser's extension API.
 *
 * Firefox offers `browser` (promises) and Chrome/Edge offer `chrome` (promises in Manifest V3 for the calls
 * we use). Picking one here keeps the rest of the code free of browser checks. Loaded first by the
 * background, the content scripts and every extension page.
 */
'use strict';

var nbApi = globalThis.browser || globalThis.chrome;
