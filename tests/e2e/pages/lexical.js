/*
 * lexical.js: test page composer built on Lexical, the editor Facebook uses. ?mode=rich registers the
 * rich-text plugin, otherwise plain text. window.editorText() returns the editor's own model text so
 * tests can see that the extension never changes what Lexical holds.
 */
import { createEditor, $getRoot } from 'lexical';
import { registerPlainText } from '@lexical/plain-text';
import { registerRichText } from '@lexical/rich-text';
import { registerHistory, createEmptyHistoryState } from '@lexical/history';

const rich = new URLSearchParams(location.search).get('mode') === 'rich';
const root = document.getElementById('editor');
const editor = createEditor({ namespace: 'composer', onError: (e) => { throw e; } });
editor.setRootElement(root);
(rich ? registerRichText : registerPlainText)(editor);
registerHistory(editor, createEmptyHistoryState(), 300);
document.getElementById('kind').textContent = rich ? 'Lexical rich text' : 'Lexical plain text';
window.editorText = () => editor.getEditorState().read(() => $getRoot().getTextContent());
