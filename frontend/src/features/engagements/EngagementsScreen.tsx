import type { ReactNode } from 'react';
import type { Engagement } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { Loading, QueryError } from '../../components/ErrorMessage';
import { EngagementForm } from './EngagementForm';
import { EngagementsTable } from './EngagementsTable';
import { useEngagementList } from './useEngagements';

/**
 * The engagement list, with the "New engagement" form in a panel beside it.
 * The app shell may add tools beside the button and a panel of its own
 * (opening a findings packet), shown while the form is closed.
 */
export function EngagementsScreen({
  formOpen,
  onFormOpenChange,
  onOpen,
  tools,
  panel,
}: {
  formOpen: boolean;
  onFormOpenChange: (open: boolean) => void;
  onOpen: (id: string) => void;
  tools?: ReactNode;
  panel?: ReactNode;
}) {
  const list = useEngagementList();

  let body;
  if (list.isPending) {
    body = <Loading>Loading engagements…</Loading>;
  } else if (list.isError) {
    body = (
      <QueryError title="Could not load the engagements." query={list} />
    );
  } else if (list.data.length === 0) {
    body = (
      <EmptyState>
        No engagements yet. Create one to start: name the client, the report type and the period.
      </EmptyState>
    );
  } else {
    body = <EngagementsTable data={list.data} onOpen={onOpen} />;
  }

  return (
    <main className="engagements-screen">
      <div className="list-pane">
        <div className="toolbar">
          <h1>Engagements</h1>
          <div className="actions">
            {tools}
            <button
              type="button"
              className="primary"
              aria-expanded={formOpen}
              onClick={() => onFormOpenChange(true)}
            >
              New engagement
            </button>
          </div>
        </div>
        {body}
      </div>
      {formOpen ? (
        <EngagementForm
          onClose={() => onFormOpenChange(false)}
          onCreated={(e: Engagement) => onOpen(e.id)}
        />
      ) : (
        panel
      )}
    </main>
  );
}
