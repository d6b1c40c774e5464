import { useEffect, useState } from 'react';
import { onMenu } from '../api';
import { Loading, QueryError } from '../components/ErrorMessage';
import { PassphrasePanel, RestorePanel } from '../features/backups';
import { EngagementsScreen } from '../features/engagements';
import { OpenPacketPanel } from '../features/findings';
import { PassphraseScreen, useLock, useSessionStatus } from '../features/session';
import { navigate, paths, useRoute } from '../lib/router';
import { useJobEvents } from '../lib/useJobs';
import { EngagementFrame } from './EngagementFrame';
import { TopBar } from './TopBar';

/** Desktop menu events: they navigate, or lock. */
function useMenuEvents() {
  const lock = useLock();
  const lockNow = lock.mutate;
  useEffect(() => {
    const offs = [
      onMenu('menu:new-engagement', () => navigate(paths.newEngagement())),
      onMenu('menu:open', () => navigate(paths.engagements())),
      onMenu('menu:lock', () => lockNow()),
    ];
    return () => offs.forEach((off) => off());
  }, [lockNow]);
}

function Unlocked({ start }: { start?: string }) {
  const route = useRoute();
  const [openingPacket, setOpeningPacket] = useState(false);
  const [backupTool, setBackupTool] = useState<'restore' | 'passphrase' | null>(null);
  useJobEvents();
  // Started on an engagement (make run opens the demo): go there once,
  // unless the address already names a place.
  useEffect(() => {
    if (start && !window.location.hash) navigate(paths.engagement(start));
  }, [start]);

  if (route.name === 'engagement') {
    return <EngagementFrame id={route.id} tab={route.tab} item={route.item} />;
  }
  return (
    <div className="frame">
      <TopBar>
        <div className="engagement-title">
          <span className="brand">Audit Room</span>
        </div>
      </TopBar>
      <EngagementsScreen
        formOpen={route.newForm}
        onFormOpenChange={(open) => navigate(open ? paths.newEngagement() : paths.engagements())}
        onOpen={(id) => navigate(paths.engagement(id))}
        tools={
          <>
            <button
              type="button"
              aria-expanded={openingPacket}
              onClick={() => {
                setBackupTool(null);
                setOpeningPacket(true);
                if (route.newForm) navigate(paths.engagements());
              }}
            >
              Open a findings packet…
            </button>
            <button
              type="button"
              aria-expanded={backupTool === 'restore'}
              onClick={() => {
                setOpeningPacket(false);
                setBackupTool('restore');
                if (route.newForm) navigate(paths.engagements());
              }}
            >
              Restore a backup…
            </button>
            <button
              type="button"
              aria-expanded={backupTool === 'passphrase'}
              onClick={() => {
                setOpeningPacket(false);
                setBackupTool('passphrase');
                if (route.newForm) navigate(paths.engagements());
              }}
            >
              Change passphrase…
            </button>
          </>
        }
        panel={
          openingPacket ? (
            <OpenPacketPanel
              onClose={() => setOpeningPacket(false)}
              onOpened={(e) => {
                setOpeningPacket(false);
                navigate(paths.engagement(e.id, 'findings'));
              }}
            />
          ) : backupTool === 'restore' ? (
            <RestorePanel
              onClose={() => setBackupTool(null)}
              onOpen={(r) => {
                setBackupTool(null);
                navigate(paths.engagement(r.engagement.id));
              }}
            />
          ) : backupTool === 'passphrase' ? (
            <PassphrasePanel onClose={() => setBackupTool(null)} />
          ) : null
        }
      />
    </div>
  );
}

export function App() {
  const status = useSessionStatus();
  useMenuEvents();

  if (status.isPending) return <Loading>Opening the data folder…</Loading>;
  if (status.isError) {
    return (
      <main className="passphrase-screen">
        <QueryError title="Could not reach Audit Room." query={status} />
      </main>
    );
  }
  if (!status.data.initialized || !status.data.unlocked) {
    return <PassphraseScreen status={status.data} />;
  }
  return <Unlocked start={status.data.start_engagement} />;
}
