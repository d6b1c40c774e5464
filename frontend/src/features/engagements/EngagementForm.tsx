import { useId, useState, type FormEvent } from 'react';
import { isAppError, type Category, type Engagement, type EngagementType } from '../../api';

type DateOrder = NonNullable<Engagement['date_order']>;
import { allCategories, categoryLabels } from '../../lib/format';
import { useCreateEngagement } from './useEngagements';

/** The "New engagement" panel that opens beside the table. */
export function EngagementForm({
  onCreated,
  onClose,
}: {
  onCreated: (e: Engagement) => void;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [client, setClient] = useState('');
  const [type, setType] = useState<EngagementType>('type2');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [dateOrder, setDateOrder] = useState<DateOrder>('dmy');
  const [categories, setCategories] = useState<Set<Category>>(() => new Set(['security']));
  const create = useCreateEngagement();
  const headingId = useId();

  const toggle = (c: Category, on: boolean) =>
    setCategories((prev) => {
      const next = new Set(prev);
      if (on) next.add(c);
      else next.delete(c);
      next.add('security');
      return next;
    });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        name: name.trim(),
        client: client.trim(),
        type,
        period_start: start,
        period_end: type === 'type1' ? '' : end,
        categories: allCategories.filter((c) => categories.has(c)),
        date_order: dateOrder,
      },
      { onSuccess: onCreated },
    );
  };

  let error: string | null = null;
  if (create.isError) {
    error =
      isAppError(create.error, 'invalid')
        ? create.error.message
        : `Could not create the engagement: ${create.error.message}`;
  }

  return (
    <section className="side-panel" aria-labelledby={headingId}>
      <form onSubmit={submit} noValidate onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2 id={headingId}>New engagement</h2>
        <label className="field">
          <span>Name</span>
          <input value={name} autoFocus onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Client</span>
          <input value={client} onChange={(e) => setClient(e.target.value)} />
        </label>
        <fieldset className="field">
          <legend>Report type</legend>
          <label className="inline">
            <input
              type="radio"
              name="engagement-type"
              value="type1"
              checked={type === 'type1'}
              onChange={() => setType('type1')}
            />
            Type 1 (design, at a point in time)
          </label>
          <label className="inline">
            <input
              type="radio"
              name="engagement-type"
              value="type2"
              checked={type === 'type2'}
              onChange={() => setType('type2')}
            />
            Type 2 (operating effectiveness, over a period)
          </label>
        </fieldset>
        <div className="field-row">
          <label className="field">
            <span>{type === 'type1' ? 'As of (period start)' : 'Period start'}</span>
            <input type="date" value={start} onChange={(e) => setStart(e.target.value)} />
          </label>
          {type === 'type2' ? (
            <label className="field">
              <span>Period end</span>
              <input type="date" value={end} onChange={(e) => setEnd(e.target.value)} />
            </label>
          ) : null}
        </div>
        <label className="field">
          <span>Numeric dates in evidence</span>
          <select value={dateOrder} onChange={(e) => setDateOrder(e.target.value as DateOrder)}>
            <option value="dmy">Day first (30-06-2026)</option>
            <option value="mdy">Month first (06-30-2026)</option>
          </select>
        </label>
        <fieldset className="field">
          <legend>Trust services categories</legend>
          {allCategories.map((c) => (
            <label key={c} className="inline">
              <input
                type="checkbox"
                checked={categories.has(c)}
                disabled={c === 'security'}
                onChange={(e) => toggle(c, e.target.checked)}
              />
              {categoryLabels[c]}
              {c === 'security' ? <span className="muted"> (always included)</span> : null}
            </label>
          ))}
        </fieldset>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create engagement'}
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </section>
  );
}
