/*
 * textarea.js: a plain textarea composer with a Post button, as many sites still have.
 * window.posted counts posts that went through, for the confirm-before-post test.
 */
window.posted = 0;
document.getElementById('post').addEventListener('click', () => { window.posted += 1; });
window.editorText = () => document.getElementById('editor').value;
