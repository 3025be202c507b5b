/*
 * text-map.js: the text of a composer as one string, and the way back from string offsets to the DOM.
 *
 * The host sees a post as a plain string and answers with UTF-16 offsets. For a textarea or input that
 * string is its value. For a contenteditable editor (Lexical, Draft.js, Quill, the sites' own) the text is
 * spread over nested spans, paragraphs and <br>s, so textmap_build() walks the editor once, joining text
 * nodes and writing "\n" between blocks, and remembers which text node each stretch came from.
 * textmap_range() turns a [start, end) pair back into a live DOM Range over those nodes, which the
 * highlighter paints without touching the editor. Nothing here modifies the DOM.
 */
'use strict';

var NB_BLOCK_TAGS = new Set(['P', 'DIV', 'LI', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE',
  'PRE', 'TR', 'TABLE', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'FIGURE']);
var NB_SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);

/* Returns {text, segments}: segments are {node, start, end} for each text node, in order. */
function textmap_build(root) {
  const map = { text: '', segments: [] };
  textmap_walk(root, map);
  return map;
}

function textmap_newline(map) {
  if (map.text && !map.text.endsWith('\n')) map.text += '\n';
}

function textmap_walk(node, map) {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === Node.TEXT_NODE) {
      /* Editors keep zero-width spaces as caret anchors; they are not part of the post. */
      if (!child.data || /^[\u200b\ufeff]+$/.test(child.data)) continue;
      map.segments.push({ node: child, start: map.text.length, end: map.text.length + child.data.length });
      map.text += child.data;
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      if (NB_SKIP_TAGS.has(child.tagName)) continue;
      if (child.tagName === 'BR') {
        /* A lone <br> in an empty paragraph is a placeholder: the block break already counts. */
        if (!(child.parentNode.childNodes.length === 1 && NB_BLOCK_TAGS.has(child.parentNode.tagName))) map.text += '\n';
        continue;
      }
      const block = NB_BLOCK_TAGS.has(child.tagName);
      if (block) textmap_newline(map);
      textmap_walk(child, map);
      if (block) textmap_newline(map);
    }
  }
}

/* The DOM point for a string offset. A start that falls on a synthetic "\n" moves forward to the next
 * text node; an end moves back, so a Range never covers a line break we invented. */
function textmap_point(map, offset, isEnd) {
  const segs = map.segments;
  let lo = 0, hi = segs.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1, seg = segs[mid];
    if (isEnd ? offset <= seg.start : offset < seg.start) hi = mid - 1;
    else if (isEnd ? offset > seg.end : offset >= seg.end) lo = mid + 1;
    else { found = mid; break; }
  }
  if (found >= 0) return { node: segs[found].node, offset: offset - segs[found].start };
  if (isEnd) {
    const seg = segs[hi];
    return seg ? { node: seg.node, offset: seg.node.data.length } : null;
  }
  const seg = segs[lo];
  return seg ? { node: seg.node, offset: 0 } : null;
}

/* A Range over [start, end) of the mapped text, or null when the nodes are gone or the span is empty. */
function textmap_range(map, start, end) {
  const a = textmap_point(map, start, false), b = textmap_point(map, end, true);
  if (!a || !b || !a.node.isConnected || !b.node.isConnected) return null;
  if (a.node.data.length < a.offset || b.node.data.length < b.offset) return null;
  const range = new Range();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  return range.collapsed ? null : range;
}

/* The string offset of a DOM point inside the editor (for the caret), or -1. */
function textmap_offset(map, node, offset) {
  for (const seg of map.segments) {
    if (seg.node === node) return seg.start + Math.min(offset, seg.end - seg.start);
  }
  if (node && node.nodeType === Node.ELEMENT_NODE) {
    const child = node.childNodes[offset] || null;
    for (const seg of map.segments) {
      if (child && (child === seg.node || (child.compareDocumentPosition(seg.node) & Node.DOCUMENT_POSITION_FOLLOWING) ||
          child.contains(seg.node))) return seg.start;
    }
    return map.text.length;
  }
  return -1;
}
