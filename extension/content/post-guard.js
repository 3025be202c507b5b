/*
 * post-guard.js: the optional "are you sure?" before a post with policy breaches is sent.
 *
 * Off by default; IT turns it on with the confirmBeforePost policy. When the person presses the site's
 * Post/Reply/Send button, or Ctrl+Enter in the composer, while that composer still has error-severity
 * warnings, the action is held and a confirmation asked once for that text. Confirming lets the
 * same click or key press carry on; cancelling leaves the post in the composer untouched.
 *
 * API: postguard_install(findField) where findField(node) -> the field a button or key press belongs to.
 */
'use strict';

var NB_POST_WORDS = /^(post|reply|send|tweet|share|comment|publish|submit|respond|post all)$/i;

function postguard_is_post_button(node) {
  const button = node && node.closest && node.closest('button, [role="button"], input[type="submit"]');
  if (!button) return null;
  const label = (button.getAttribute('aria-label') || button.value || button.textContent || '').trim();
  const testid = button.getAttribute('data-testid') || '';
  if (button.type === 'submit' || NB_POST_WORDS.test(label) || /tweetButton|post|reply|send/i.test(testid)) return button;
  return null;
}

/* True when the post may go: no errors, already confirmed for this text, or the person agrees now. */
function postguard_allows(f) {
  if (!f || !field_has_errors(f)) return true;
  const text = field_text(f);
  if (f.confirmedText === text) return true;
  const n = f.items.filter((it) => it.warning.severity === 'error').length;
  const ok = window.confirm(`noticeboard: this post may break your organisation's social media policy ` +
    `(${n} ${n === 1 ? 'problem' : 'problems'} underlined in red). Post it anyway?`);
  if (ok) f.confirmedText = text;
  return ok;
}

function postguard_install(findField, enabled) {
  document.addEventListener('click', (e) => {
    if (!enabled()) return;
    const button = postguard_is_post_button(e.composedPath()[0]);
    if (!button) return;
    if (!postguard_allows(findField(button))) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener('keydown', (e) => {
    if (!enabled() || e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
    if (!postguard_allows(findField(e.composedPath()[0]))) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
}
