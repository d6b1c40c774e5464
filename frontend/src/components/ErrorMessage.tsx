import type { ReactNode } from 'react';
import { toAppError } from '../api';

/** An error, named by what failed and why; status carries a word, not only a colour. */
export function ErrorMessage({
  title,
  error,
  action,
}: {
  title: string;
  error: unknown;
  action?: ReactNode;
}) {
  const err = toAppError(error);
  return (
    <div className="error-message" role="alert">
      <strong>
        <span aria-hidden="true">⚠ </span>
        {title}
      </strong>{' '}
      <span>{err.message}</span>
      {action ? <div className="error-action">{action}</div> : null}
    </div>
  );
}

/** Text shown while something loads, saying what it waits for. */
export function Loading({ children }: { children: ReactNode }) {
  return (
    <p className="loading" role="status">
      {children}
    </p>
  );
}

/** A query that failed, named by title, with a button that asks again. */
export function QueryError({ title, query }: { title: string; query: { error: unknown; refetch: () => unknown } }) {
  return (
    <ErrorMessage
      title={title}
      error={query.error}
      action={
        <button type="button" onClick={() => void query.refetch()}>
          Try again
        </button>
      }
    />
  );
}
