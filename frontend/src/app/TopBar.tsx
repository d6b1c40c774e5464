import type { ReactNode } from 'react';
import { JobsBar } from '../components/JobsBar';
import { useLock } from '../features/session';

/** Title on the left; running jobs and the Lock button on the right. */
export function TopBar({ children }: { children: ReactNode }) {
  const lock = useLock();
  return (
    <header className="top-bar">
      {children}
      <div className="top-bar-end">
        <JobsBar />
        {lock.isError ? (
          <span role="alert" className="form-error">
            Could not lock: {lock.error.message}
          </span>
        ) : null}
        <button type="button" onClick={() => lock.mutate()} disabled={lock.isPending}>
          Lock
        </button>
      </div>
    </header>
  );
}
