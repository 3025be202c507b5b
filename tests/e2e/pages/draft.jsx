/*
 * draft.jsx: test page composer built on Draft.js, the editor X uses. window.editorText() returns the
 * plain text of Draft's own ContentState.
 */
import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Editor, EditorState } from 'draft-js';

let current = EditorState.createEmpty();
function Composer() {
  const [state, setState] = useState(current);
  current = state;
  return <Editor editorState={state} onChange={(s) => { current = s; setState(s); }} placeholder="What is happening?!" />;
}
createRoot(document.getElementById('editor')).render(<Composer />);
window.editorText = () => current.getCurrentContent().getPlainText('\n');
