// A step's prose rendered for the terminal: a small mdast -> Ink renderer covering what runbooks use
// (paragraphs, bold, emphasis, inline code, links, nested lists, quotes, headings, rules). Anything else
// falls back to its plain text, so unknown Markdown is shown, never dropped.

import React from 'react';
import { Box, Text } from 'ink';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root, RootContent, PhrasingContent, List } from 'mdast';
import { color } from '../theme.js';
import { Code } from './Code.js';

const processor = unified().use(remarkParse).use(remarkGfm);

// Steps are re-rendered on every keypress; their prose does not change, so parse each text once.
const cache = new Map<string, Root>();

export function parseProse(markdown: string): Root {
  let root = cache.get(markdown);
  if (!root) {
    root = processor.parse(markdown) as Root;
    if (cache.size > 200) cache.clear();
    cache.set(markdown, root);
  }
  return root;
}

function Inline({ nodes }: { nodes: PhrasingContent[] }) {
  return (
    <>
      {nodes.map((node, i) => {
        switch (node.type) {
          case 'text':
            return <Text key={i}>{node.value}</Text>;
          case 'strong':
            return (
              <Text key={i} bold>
                <Inline nodes={node.children} />
              </Text>
            );
          case 'emphasis':
            return (
              <Text key={i} italic>
                <Inline nodes={node.children} />
              </Text>
            );
          case 'delete':
            return (
              <Text key={i} strikethrough>
                <Inline nodes={node.children} />
              </Text>
            );
          case 'inlineCode':
            return (
              <Text key={i} color={color('accent')}>
                `{node.value}`
              </Text>
            );
          case 'link': {
            const label = plainText(node.children);
            return (
              <Text key={i}>
                <Text underline color={color('link')}>
                  {label}
                </Text>
                {node.url !== label && <Text dimColor> ({node.url})</Text>}
              </Text>
            );
          }
          case 'break':
            return <Text key={i}>{'\n'}</Text>;
          default:
            return <Text key={i}>{plainText([node])}</Text>;
        }
      })}
    </>
  );
}

function plainText(nodes: readonly unknown[]): string {
  return nodes
    .map((n) => {
      const node = n as { value?: string; children?: unknown[] };
      if (typeof node.value === 'string') return node.value;
      return node.children ? plainText(node.children) : '';
    })
    .join('');
}

function ListView({ list, width }: { list: List; width: number }) {
  const start = list.start ?? 1;
  return (
    <Box flexDirection="column">
      {list.children.map((item, i) => {
        const marker = item.checked === true ? '[x] ' : item.checked === false ? '[ ] ' : list.ordered ? `${start + i}. ` : '• ';
        return (
          <Box key={i}>
            <Text>{marker}</Text>
            <Box flexDirection="column" flexGrow={1}>
              {item.children.map((child, j) => (
                <BlockNode key={j} node={child} width={width - marker.length} />
              ))}
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}

function BlockNode({ node, width }: { node: RootContent; width: number }) {
  switch (node.type) {
    case 'paragraph':
      return (
        <Text>
          <Inline nodes={node.children} />
        </Text>
      );
    case 'heading':
      return (
        <Text bold>
          <Inline nodes={node.children} />
        </Text>
      );
    case 'list':
      return <ListView list={node} width={width} />;
    case 'blockquote':
      return (
        <Box borderStyle="single" borderLeft borderTop={false} borderRight={false} borderBottom={false} paddingLeft={1} flexDirection="column">
          {node.children.map((child, i) => (
            <BlockNode key={i} node={child} width={width - 2} />
          ))}
        </Box>
      );
    case 'thematicBreak':
      return <Text dimColor>{'─'.repeat(Math.min(width, 40))}</Text>;
    case 'code':
      return <Code text={node.value} lang={node.lang ?? ''} width={width} maxLines={6} />;
    case 'html':
      return null;
    default:
      return <Text>{plainText([node])}</Text>;
  }
}

export function Prose({ markdown, width }: { markdown: string; width: number }) {
  const root = parseProse(markdown);
  if (root.children.length === 0) return null;
  return (
    <Box flexDirection="column">
      {root.children.map((node, i) => (
        <BlockNode key={i} node={node} width={width} />
      ))}
    </Box>
  );
}
