// The HTML report: the same mdast tree as the Markdown report, rendered to one self-contained page
// (inline CSS, no scripts) that a reviewer can open from disk or attach to a ticket. The renderer covers
// exactly the node types the report builds; everything is escaped.

import type { Nodes, Root } from 'mdast';
import type { ReportData } from './data.js';
import { reportTree } from './markdown.js';
import { Slugger } from '../runbook/slug.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Only relative links and http(s)/mailto survive; anything else (javascript:) becomes inert text.
const safeUrl = (url: string) => (/^(https?:|mailto:|[^:]*$)/i.test(url) ? url : '#');

/** Renders one report tree; heading ids come from the runbook's GitHub-style slugger, unique per page. */
function renderer(): (node: Nodes) => string {
  const slugger = new Slugger();
  const render = (node: Nodes): string => {
    const kids = () => ('children' in node ? (node.children as Nodes[]).map(render).join('') : '');
    switch (node.type) {
      case 'root':
        return kids();
      case 'heading': {
        const { slug: id } = slugger.slug(node.children.map((c) => ('value' in c ? c.value : '')).join(''));
        return `<h${node.depth} id="${escape(id)}">${kids()}</h${node.depth}>\n`;
      }
      case 'paragraph':
        return `<p>${kids()}</p>\n`;
      case 'text':
        return escape(node.value);
      case 'strong':
        return `<strong>${kids()}</strong>`;
      case 'emphasis':
        return `<em>${kids()}</em>`;
      case 'inlineCode':
        return `<code>${escape(node.value)}</code>`;
      case 'code':
        return `<pre><code${node.lang ? ` class="language-${escape(node.lang)}"` : ''}>${escape(node.value)}</code></pre>\n`;
      case 'link':
        return `<a href="${escape(safeUrl(node.url))}">${kids()}</a>`;
      case 'thematicBreak':
        return '<hr>\n';
      case 'blockquote':
        return `<blockquote>${kids()}</blockquote>\n`;
      case 'break':
        return '<br>';
      case 'list': {
        const tag = node.ordered ? 'ol' : 'ul';
        return `<${tag}>\n${kids()}</${tag}>\n`;
      }
      case 'listItem': {
        const box = node.checked === null || node.checked === undefined ? '' : `<input type="checkbox" disabled${node.checked ? ' checked' : ''}> `;
        // Tight items: render the paragraph's content inline, as Markdown renderers do.
        const inner = node.children.map((c) => (c.type === 'paragraph' ? (c.children as Nodes[]).map(render).join('') : render(c))).join('');
        return `<li${box ? ' class="task"' : ''}>${box}${inner}</li>\n`;
      }
      case 'table': {
        const [head, ...body] = node.children;
        const row = (r: (typeof node.children)[number], tag: string) => `<tr>${r.children.map((c) => `<${tag}>${(c.children as Nodes[]).map(render).join('')}</${tag}>`).join('')}</tr>`;
        return `<div class="table"><table>\n<thead>${head ? row(head, 'th') : ''}</thead>\n<tbody>\n${body.map((r) => row(r, 'td')).join('\n')}\n</tbody></table></div>\n`;
      }
      case 'html':
        return escape(node.value);
      default:
        return kids();
    }
  };
  return render;
}

const CSS = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1f2328;background:#fff}
h1{border-bottom:2px solid #d0d7de;padding-bottom:.3rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:.1rem .3rem;border-radius:4px}
pre{background:#f6f8fa;padding:.75rem;border-radius:6px;overflow:auto}pre code{padding:0;background:none}
.table{overflow:auto}table{border-collapse:collapse;margin:.5rem 0;font-size:13px}th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}tr:nth-child(even) td{background:#fafbfc}li.task{list-style:none;margin-left:-1.3rem}hr{border:0;border-top:1px solid #d0d7de;margin:2rem 0}
em{color:#57606a}
`;

export function toHtml(r: ReportData): string {
  const tree: Root = reportTree(r);
  const title = `Post-incident report: ${r.session.procedure}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${renderer()(tree)}</main>
</body>
</html>
`;
}
