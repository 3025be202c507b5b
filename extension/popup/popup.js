/*
 * popup.js: fills the toolbar popup from the background's {type: 'status'} reply and refreshes it while
 * open, so someone who was told to contact IT sees it turn to working once the checker is installed.
 */
'use strict';

var NB_STATUS_TEXT = {
  starting: 'Starting the checker…',
  working: 'Working: posts are checked as you type',
  'not-installed': 'Checker not installed - contact IT',
  unavailable: 'Checker unavailable - retrying',
};

async function popup_refresh() {
  const status = document.getElementById('status'), detail = document.getElementById('detail');
  const pack = document.getElementById('pack');
  let reply;
  try {
    reply = await nbApi.runtime.sendMessage({ type: 'status' });
  } catch (e) {
    reply = { ok: false, error: String(e && e.message || e) };
  }
  if (!reply || !reply.ok) {
    status.className = 'status unavailable';
    status.textContent = 'noticeboard is not responding';
    detail.textContent = reply && reply.error || '';
    return;
  }
  const state = reply.state;
  status.className = 'status ' + state.status;
  status.textContent = NB_STATUS_TEXT[state.status] || state.status;
  detail.textContent = state.status === 'working' ? '' : state.error || '';
  if (state.status === 'unavailable' && state.retryAt) {
    detail.textContent += ' (next try in ' + Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000)) + ' s)';
  }
  const hello = state.hello;
  const active = hello && (hello.packs || []).find((p) => p.id === (reply.settings.pack || hello.active_pack));
  pack.textContent = active ? `Policy in use: ${active.name}${active.organisation ? ' (' + active.organisation + ')' : ''}` :
    hello ? 'Policy in use: ' + (reply.settings.pack || hello.active_pack) : '';
  pack.dataset.pack = active ? active.id : '';
}

popup_refresh();
setInterval(popup_refresh, 1000);
