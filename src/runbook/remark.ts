// remark as the model uses it: remark-parse with GFM and frontmatter (YAML or TOML). A text in which no
// GFM construct can start is parsed without remark-gfm's syntax extensions and its autolink pass (about a
// fifth of a parse): for such a text remark-gfm changes nothing, which the property tests check by
// comparing the two trees (test/model/property.test.ts).

import { unified } from 'unified';
import remarkParseExtension from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root } from 'mdast';

const withGfm = unified().use(remarkParseExtension).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).freeze();
const withoutGfm = unified().use(remarkParseExtension).use(remarkFrontmatter, ['yaml', 'toml']).freeze();

/**
 * Whether a GFM construct could start in `text`: a table (needs `|`), strikethrough (`~`), a footnote
 * (`[^`), a task list item (`[ ]`, `[x]`), an autolink literal (`www.`, `http`, an e-mail's `@`). A superset:
 * a false "yes" only costs time.
 */
const GFM_TRIGGER = /[|~@]|\[[\^\sxX]|www\.|http/i;

/** remark's tree of `text`, exactly as with remark-gfm. */
export function remarkParse(text: string): Root {
  return (GFM_TRIGGER.test(text) ? withGfm : withoutGfm).parse(text) as Root;
}

/** remark's tree of `text` with every extension, whatever the text: the reference the model's parse must equal. */
export function remarkParseWhole(text: string): Root {
  return withGfm.parse(text) as Root;
}
