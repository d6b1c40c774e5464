import type { Population } from '../../api';
import { checkTitle, exampleText } from './format';

/**
 * The completeness checks read with the population: each says OK or what is
 * wrong with a word and an icon, and lists its first rows.
 */
export function ChecksList({ population }: { population: Population }) {
  const c = population.checks;
  const problems = c.items.filter((x) => !x.ok).length;
  return (
    <section className="checks" aria-label="Completeness checks">
      <h3>
        Completeness checks{' '}
        <span className="muted">
          {problems === 0 ? '— all passed' : `— ${problems} to look at`}
        </span>
      </h3>
      <p className="muted small">
        Against the period {c.period.start} to {c.period.end}
        {c.first_date ? `; dated rows run from ${c.first_date} to ${c.last_date}` : ''}
        {c.blank_rows > 0 ? `; ${c.blank_rows} blank ${c.blank_rows === 1 ? 'row' : 'rows'} skipped` : ''}
        {c.amount_total ? `; amounts total ${c.amount_total}` : ''}.
      </p>
      <ul className="check-list">
        {c.items.map((x) => (
          <li key={x.id} className={x.ok ? 'check-ok' : 'check-bad'}>
            <span className="check-status">
              <span aria-hidden="true">{x.ok ? '✓' : '⚠'}</span> {x.ok ? 'OK' : 'Check'}
            </span>
            <span className="check-title">{checkTitle(x)}</span>
            <span className="check-message">{x.message}</span>
            {!x.ok && x.examples && x.examples.length > 0 ? (
              <ul className="check-examples" aria-label={`First rows: ${checkTitle(x)}`}>
                {x.examples.map((e, i) => (
                  <li key={i}>{exampleText(x.id, e)}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
