import type { FacetName, Facets } from '../../api';

const facetLabels: Record<FacetName, string> = {
  type: 'Type',
  control: 'Control',
  request: 'Request',
  year: 'Year',
};

/** Counts by type, control, request and year; a click adds the filter to the query. */
export function SearchFacets({ facets, onPick }: { facets: Facets; onPick: (name: FacetName, value: string) => void }) {
  const names = (Object.keys(facetLabels) as FacetName[]).filter((n) => facets[n].length > 0);
  if (names.length === 0) return null;
  return (
    <aside className="search-facets" aria-label="Refine">
      {names.map((name) => (
        <section key={name} aria-label={facetLabels[name]}>
          <h3>{facetLabels[name]}</h3>
          <ul>
            {facets[name].map((f) => (
              <li key={f.value}>
                <button type="button" className="link-button" onClick={() => onPick(name, f.value)}>
                  {f.value} <span className="muted">({f.count})</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
