// The HTML report: the same mdast tree as the Markdown report (already free of control characters),
// rendered to one self-contained page (inline CSS, no scripts) that a reviewer can open from disk or
// attach to a ticket. Ticked checklist items are drawn as filled green boxes, unticked ones as empty
// boxes; wide tables scroll sideways inside their own box, whose right edge fades out so a table that
// goes on past it looks cut off rather than complete (scrollbars are not always drawn). The renderer
// covers exactly the node types the report builds; everything is escaped.

import type { Nodes, Root } from 'mdast';
import type { ReportData } from './types.js';
import { reportTree } from './markdown.js';
import { visible } from './sanitize.js';
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
      case 'code': {
        // A diff's lines are marked, so an edit reads as removed and added lines.
        const body = node.lang === 'diff' ? node.value.split('\n').map((l) => (/^[-+]/.test(l) ? `<span class="${l[0] === '+' ? 'add' : 'del'}">${escape(l)}</span>` : escape(l))).join('\n') : escape(node.value);
        return `<pre><code${node.lang ? ` class="language-${escape(node.lang)}"` : ''}>${body}</code></pre>\n`;
      }
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
        // A drawn box rather than a disabled checkbox: disabled inputs are greyed out whether ticked or not.
        const task = node.checked === null || node.checked === undefined ? undefined : node.checked ? 'done' : 'todo';
        const box = task === 'done' ? '<span class="box done" role="img" aria-label="done">✓</span>' : task ? '<span class="box todo" role="img" aria-label="not done"></span>' : '';
        // Tight items: render the paragraph's content inline, as Markdown renderers do.
        const inner = node.children.map((c) => (c.type === 'paragraph' ? (c.children as Nodes[]).map(render).join('') : render(c))).join('');
        return `<li${task ? ` class="task ${task}"` : ''}>${box}${inner}</li>\n`;
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
.table{overflow-x:auto;max-width:100%;padding-right:2rem;box-sizing:border-box;-webkit-mask-image:linear-gradient(to right,#000 calc(100% - 2rem),transparent);mask-image:linear-gradient(to right,#000 calc(100% - 2rem),transparent);scrollbar-color:#8c959f #eaeef2}.table::-webkit-scrollbar{height:10px}.table::-webkit-scrollbar-thumb{background:#8c959f;border-radius:5px}.table::-webkit-scrollbar-track{background:#eaeef2}table{border-collapse:collapse;margin:.5rem 0;font-size:13px}th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left;vertical-align:top;white-space:nowrap}
th{background:#f6f8fa}tr:nth-child(even) td{background:#fafbfc}hr{border:0;border-top:1px solid #d0d7de;margin:2rem 0}
li.task{list-style:none;margin-left:-1.4rem}li.task.todo{color:#57606a}
.box{display:inline-block;box-sizing:border-box;width:1.1em;height:1.1em;margin-right:.5em;border:2px solid #6e7781;border-radius:3px;vertical-align:-.2em;text-align:center;font:700 .85em/1 system-ui,sans-serif;background:#fff}
.box.done{background:#1a7f37;border-color:#1a7f37;color:#fff;padding-top:.05em}
p,li{overflow-wrap:anywhere}em{color:#57606a}
pre .add{background:#dafbe1;color:#116329;display:inline-block;min-width:100%}pre .del{background:#ffebe9;color:#82071e;display:inline-block;min-width:100%}
`;

export function toHtml(r: ReportData): string {
  const tree: Root = reportTree(r);
  const title = visible(`Post-incident report: ${r.session.procedure}`);
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
