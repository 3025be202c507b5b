/*
 * viewer.js: shows a policy pack's sections from the checker ({type: 'pack'}), scrolled to and marking
 * the section named in the address (#pack=ID&section=N), with what noticeboard warns about under each.
 * Works offline: everything comes from the installed checker.
 */
'use strict';

function viewer_params() {
  const params = new URLSearchParams(location.hash.slice(1));
  return { pack: params.get('pack') || '', section: params.get('section') || '' };
}

function viewer_el(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text) el.textContent = text;
  return el;
}

function viewer_render(pack, current) {
  document.title = 'noticeboard: ' + pack.name;
  document.getElementById('title').textContent = pack.name;
  document.getElementById('organisation').textContent = [pack.organisation, pack.version && 'version ' + pack.version].filter(Boolean).join(', ');
  const list = document.getElementById('sections');
  list.textContent = '';
  let target = null;
  for (const s of pack.sections || []) {
    const section = viewer_el('section', s.number === current ? 'current' : '');
    section.id = 'section-' + s.number;
    section.append(viewer_el('h2', '', `${s.number} ${s.title}`), viewer_el('p', '', s.summary || ''));
    const rules = (pack.rules || []).filter((r) => r.section === s.number);
    if (rules.length) {
      const ul = viewer_el('ul', 'rules');
      for (const r of rules) ul.append(viewer_el('li', '', `${r.message} (${r.severity})`));
      section.append(ul);
    }
    list.append(section);
    if (s.number === current) target = section;
  }
  if (pack.document_url) {
    const a = viewer_el('a', '', 'The full policy document');
    a.href = pack.document_url;
    a.rel = 'noopener noreferrer';
    document.getElementById('document').replaceChildren(a);
  }
  if (target) target.scrollIntoView({ block: 'start' });
}

async function viewer_load() {
  const { pack, section } = viewer_params();
  const reply = await nbApi.runtime.sendMessage({ type: 'pack', pack }).catch((e) => ({ ok: false, error: String(e) }));
  const error = document.getElementById('error');
  if (!reply || !reply.ok) {
    error.hidden = false;
    error.textContent = 'The policy could not be shown: ' + (reply && reply.error || 'no reply') +
      '. The checker may not be installed; contact IT.';
    return;
  }
  error.hidden = true;
  viewer_render(reply.pack, section);
}

window.addEventListener('hashchange', viewer_load);
viewer_load();
