// Drop-ins for mdast-util-to-markdown's `text` and GFM `table` handlers that write exactly what they
// write, faster. A report from a 1,000-event journal has ~15,000 text nodes, most of them table cells,
// and serializing them was most of report_rebuild's time (bench):
//
// - text: `state.safe` tries every one of its ~90 "unsafe" patterns (scope checks, a slice and a regex
//   run each) on every text node. A pattern can only match where its character occurs, so `safe` is
//   handed just the patterns whose character is in the text or its surroundings.
// - table: the stock handler serializes each cell with `containerPhrasing`, whose attention-run
//   bookkeeping costs more than the text itself. For a cell holding one text node (what report tables
//   are made of) its result is that text node's serialization, so the cell goes straight to `text`; any
//   other cell still takes the stock path.

interface UnsafePattern {
  character: string;
}

type Info = Record<string, unknown> & { before?: string; after?: string };

interface SafeState {
  unsafe: UnsafePattern[];
  indexStack: number[];
  safe(value: string, config: Info): string;
  containerPhrasing(parent: Parent, info: Info): string;
}

interface TextNode {
  type: string;
  value: string;
}

interface Parent {
  type: string;
  children: TextNode[];
}

type Handle = (node: Parent, parent: Parent | undefined, state: SafeState, info: Info) => string;

interface Index {
  characters: string[];
  /** Pattern lists by the characters present (as one string), so a list is built once per combination. */
  lists: Map<string, UnsafePattern[]>;
}

const indexes = new WeakMap<UnsafePattern[], Index>();

function indexOf(unsafe: UnsafePattern[]): Index {
  let index = indexes.get(unsafe);
  if (!index) {
    index = { characters: [...new Set(unsafe.map((p) => p.character))], lists: new Map() };
    indexes.set(unsafe, index);
  }
  return index;
}

function relevant(unsafe: UnsafePattern[], subject: string): UnsafePattern[] {
  const index = indexOf(unsafe);
  let present = '';
  for (const c of index.characters) if (subject.includes(c)) present += c;
  let list = index.lists.get(present);
  if (!list) {
    list = unsafe.filter((p) => present.includes(p.character));
    index.lists.set(present, list);
  }
  return list;
}

export function text(node: TextNode, parent: Parent | undefined, state: SafeState, info: Info): string {
  const siblings = parent ? parent.children : [];
  const at = state.indexStack[state.indexStack.length - 1]!;
  const all = state.unsafe;
  state.unsafe = relevant(all, (info.before ?? '') + node.value + (info.after ?? ''));
  try {
    return state.safe(node.value, { ...info, afterNode: siblings[at + 1], beforeNode: siblings[at - 1] });
  } finally {
    state.unsafe = all;
  }
}

/** The stock GFM table handler with one-text cells serialized by `text` directly. */
export function tableHandler(stock: Handle): Handle {
  return (node, parent, state, info) => {
    const original = state.containerPhrasing;
    state.containerPhrasing = (cell, cellInfo) => {
      const only = cell.children.length === 1 ? cell.children[0]! : undefined;
      if (only?.type !== 'text') return original.call(state, cell, cellInfo);
      // What containerPhrasing does around its children: `text` finds its siblings through indexStack.
      state.indexStack.push(0);
      try {
        return text(only, cell, state, cellInfo);
      } finally {
        state.indexStack.pop();
      }
    };
    try {
      return stock(node, parent, state, info);
    } finally {
      state.containerPhrasing = original;
    }
  };
}

interface Extension {
  handlers?: Record<string, Handle>;
  extensions?: Extension[];
}

/** A handler that a plugin's to-markdown extensions (unified's `toMarkdownExtensions` data) define. */
export function extensionHandler(extensions: Extension[] | undefined, type: string): Handle | undefined {
  const queue = [...(extensions ?? [])];
  for (let ext = queue.shift(); ext; ext = queue.shift()) {
    const handle = ext.handlers?.[type];
    if (handle) return handle;
    queue.push(...(ext.extensions ?? []));
  }
  return undefined;
}
