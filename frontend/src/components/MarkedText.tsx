import type { ElementType } from 'react';
import { splitHighlights } from '../lib/highlight';

/**
 * Evidence text with its matches in <mark>: always React text nodes, never
 * markup. marks are [start, end) offsets in code points of text.
 */
export function MarkedText({
  text,
  marks,
  as: Tag = 'span',
  className,
}: {
  text: string;
  marks: readonly (readonly [number, number])[] | null | undefined;
  as?: ElementType;
  className?: string;
}) {
  const pieces = splitHighlights(text, marks);
  return (
    <Tag className={className}>
      {pieces.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </Tag>
  );
}
