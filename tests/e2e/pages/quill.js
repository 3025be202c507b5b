/*
 * quill.js: test page composer built on Quill, as LinkedIn's composer is. window.editorText() returns
 * Quill's own text without the trailing newline Quill always keeps.
 */
import Quill from 'quill';

const quill = new Quill('#editor', { placeholder: 'What do you want to talk about?' });
window.editorText = () => quill.getText().replace(/\n$/, '');
