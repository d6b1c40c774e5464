import type { ReactNode } from 'react';
import { EngagementOverview, useEngagement } from '../features/engagements';
import { TrailPage } from '../features/trail';
import { ReportsPage } from '../features/reports';
import { EvidencePage, PinAction } from '../features/evidence';
import { SearchPage } from '../features/search';
import { ViewerPage } from '../features/viewer';
import { ControlsPage, CoveragePage, CriteriaPage, RequestsPage } from '../features/scope';
import { PopulationsPage } from '../features/populations';
import { TestsPage } from '../features/tests';
import { ExceptionsPage, FindingsScreen } from '../features/findings';
import { ErrorMessage, Loading } from '../components/ErrorMessage';
import { period } from '../lib/format';
import { paths, type EngagementTab } from '../lib/router';
import { TopBar } from './TopBar';

function NavLink({ href, current, children }: { href: string; current: boolean; children: ReactNode }) {
  return (
    <a href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}

/** The frame around one open engagement: top bar, left navigation, the chosen page. */
export function EngagementFrame({ id, tab, item }: { id: string; tab: EngagementTab; item?: string }) {
  const engagement = useEngagement(id);
  const e = engagement.data;
  // A responder copy holds only the findings to answer: no evidence, tests or controls.
  const responder = e?.role === 'responder';
  const shown: EngagementTab = responder && tab !== 'findings' && tab !== 'trail' ? 'findings' : tab;

  return (
    <div className="frame">
      <TopBar>
        {e ? (
          <div className="engagement-title">
            <h1>{e.name}</h1>
            <span>{e.client}</span>
            <span>{period(e)}</span>
          </div>
        ) : (
          <div className="engagement-title">
            <h1>Engagement</h1>
          </div>
        )}
      </TopBar>
      <div className="frame-body">
        <nav className="side-nav" aria-label="Engagement">
          <a href={paths.engagements()} className="back">
            ← All engagements
          </a>
          {responder ? (
            <>
              <NavLink href={paths.engagement(id, 'findings')} current={shown === 'findings'}>
                Findings to answer
              </NavLink>
              <NavLink href={paths.engagement(id, 'trail')} current={shown === 'trail'}>
                Trail
              </NavLink>
            </>
          ) : (
            <>
              <NavLink href={paths.engagement(id, 'overview')} current={tab === 'overview'}>
                Overview
              </NavLink>
              <NavLink href={paths.engagement(id, 'evidence')} current={tab === 'evidence'}>
                Evidence
              </NavLink>
              <NavLink href={paths.search(id)} current={tab === 'search'}>
                Search
              </NavLink>
              <NavLink href={paths.engagement(id, 'criteria')} current={tab === 'criteria'}>
                Criteria
              </NavLink>
              <NavLink href={paths.engagement(id, 'controls')} current={tab === 'controls'}>
                Controls
              </NavLink>
              <NavLink href={paths.engagement(id, 'requests')} current={tab === 'requests'}>
                Requests
              </NavLink>
              <NavLink href={paths.engagement(id, 'coverage')} current={tab === 'coverage'}>
                Coverage
              </NavLink>
              <NavLink href={paths.engagement(id, 'populations')} current={tab === 'populations'}>
                Populations
              </NavLink>
              <NavLink href={paths.engagement(id, 'tests')} current={tab === 'tests'}>
                Tests
              </NavLink>
              <NavLink href={paths.engagement(id, 'exceptions')} current={tab === 'exceptions'}>
                Exceptions
              </NavLink>
              <NavLink href={paths.engagement(id, 'findings')} current={tab === 'findings'}>
                Findings
              </NavLink>
              <NavLink href={paths.engagement(id, 'reports')} current={tab === 'reports'}>
                Reports
              </NavLink>
              <NavLink href={paths.engagement(id, 'trail')} current={tab === 'trail'}>
                Trail
              </NavLink>
            </>
          )}
        </nav>
        <main className="page">
          {engagement.isPending ? (
            <Loading>Loading the engagement…</Loading>
          ) : engagement.isError ? (
            <ErrorMessage
              title="Could not open the engagement."
              error={engagement.error}
              action={<a href={paths.engagements()}>Back to all engagements</a>}
            />
          ) : shown === 'findings' ? (
            <FindingsScreen key={id} engagement={engagement.data} item={item} />
          ) : shown === 'exceptions' ? (
            <ExceptionsPage key={id} engagementId={id} />
          ) : tab === 'evidence' ? (
            <EvidencePage key={id} engagementId={id} />
          ) : tab === 'search' ? (
            <SearchPage key={id} engagementId={id} />
          ) : tab === 'view' && item ? (
            <ViewerPage
              key={`${id}/${item}`}
              engagementId={id}
              evidenceId={item}
              actions={({ evidenceId: ev, name, ...at }) => (
                <PinAction engagementId={id} evidenceId={ev} at={at} fileName={name} />
              )}
            />
          ) : tab === 'criteria' ? (
            <CriteriaPage key={id} engagementId={id} categories={engagement.data.categories} />
          ) : tab === 'controls' ? (
            <ControlsPage key={id} engagementId={id} />
          ) : tab === 'requests' ? (
            <RequestsPage key={id} engagementId={id} />
          ) : tab === 'coverage' ? (
            <CoveragePage key={id} engagementId={id} />
          ) : tab === 'populations' ? (
            <PopulationsPage key={id} engagement={engagement.data} item={item} />
          ) : tab === 'tests' ? (
            <TestsPage key={id} engagement={engagement.data} item={item} />
          ) : tab === 'reports' ? (
            <ReportsPage key={id} engagementId={id} />
          ) : shown === 'trail' ? (
            <TrailPage key={id} engagementId={id} />
          ) : (
            <EngagementOverview engagement={engagement.data} />
          )}
        </main>
      </div>
    </div>
  );
}
