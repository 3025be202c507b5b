/*
 * content-world.js: runs code inside the extension's content script world of a page (its isolated
 * world, which page.evaluate cannot reach) in its main frame, over the DevTools protocol. For tests and measurements that
 * need the content script's own functions, such as its port to the background.
 *
 * API: content_world(page) -> Promise<evaluate(expression) -> Promise<value>> (promises are awaited;
 *      the value comes back as JSON).
 */
'use strict';

async function content_world(page) {
  const cdp = await page.context().newCDPSession(page);
  const worlds = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
  await cdp.send('Runtime.enable');
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const world = worlds.find((c) => c.auxData && !c.auxData.isDefault && c.auxData.frameId === frameTree.frame.id &&
    c.origin.startsWith('chrome-extension://'));
  if (!world) throw new Error('no content script world in the page');
  return async (expression) => {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate',
      { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error('in the content script: ' + (exceptionDetails.exception && exceptionDetails.exception.description || exceptionDetails.text));
    return result.value;
  };
}

module.exports = { content_world };
