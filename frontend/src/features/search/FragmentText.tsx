import type { Fragment } from '../../api';
import { splitHighlights } from './highlight';

/** A passage of evidence text, with its matches in <mark>; always text, never markup. */
export function FragmentText({ fragment }: { fragment: Fragment }) {
  const pieces = splitHighlights(fragment.text, fragment.highlights);
  return (
    <p className="search-fragment">
      {pieces.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </p>
  );
}
