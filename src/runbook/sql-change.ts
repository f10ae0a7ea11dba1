// The shape of what a statement that ran leaves changed (changes-sql.ts reads it from the parse tree,
// changes-sql-alter.ts holds the ALTER / GRANT cases), shared by both without an import circle.

import type { Node } from './parse-tree.js';

export interface SqlChange {
  /** What it left changed, in words that name the object (`REVOKE INSERT ON TABLE t FROM app`). */
  what: string;
  /** The statement that puts it back, when the parse tree makes it plain. */
  undo?: string;
  /** What the undo assumes, or why there is none. */
  note?: string;
  /** It changed rows: the statement's row count says how many. */
  rows?: true;
}

export interface SqlChangeReading {
  changes: SqlChange[];
  /** Parts whose effects the tree cannot show, each in a few words; review them. */
  unseen: string[];
  /** Every statement in it is of a kind that leaves nothing to undo. */
  nothingToUndo: boolean;
}

/** Collects what one text changed; handlers add to it and may walk executed sub-queries. */
export interface Reading {
  changes: SqlChange[];
  unseen: string[];
  walk(node: unknown): void;
}

export type Handler = (body: Node, r: Reading) => void;
