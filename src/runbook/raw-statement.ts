// One statement cut out of a block's code, before it becomes a model Statement (blocks.ts).
import type { StatementKind } from './model.js';

export interface RawStatement {
  text: string;
  /** 0-based offset of `text` in the block's code. */
  offset: number;
  /** 1-based line within the code. */
  line: number;
  column: number;
  endLine: number;
  kind: StatementKind;
  description?: string;
  /** What the terminal printed after it, in a transcript. */
  output?: string;
  /** A Hugo shortcode in what would run (`{{< param x >}}`): the site fills it in, so this is a note. */
  shortcode?: string;
}
