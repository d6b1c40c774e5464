import { useEffect, useState, type FormEvent } from 'react';
import type { Evidence, Provenance } from '../../api';
import { ErrorMessage, Loading, QueryError } from '../../components/ErrorMessage';
import { localDateTime, shortHash, visibleName } from '../../lib/format';
import { paths } from '../../lib/router';
import { EvidenceStatusBadge } from './EvidenceStatusBadge';
import { asOfSourceText, humanSize } from './format';
import { LinkEditor } from '../scope/LinkEditor';
import { PinList } from './PinList';
import { useEvidenceDetail, useSetAsOf } from './useEvidence';

function CopyHash({ hash }: { hash: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  useEffect(() => setCopied(null), [hash]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(hash);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <div className="hash">
      <code className="sha256" aria-label="SHA-256">
        {hash}
      </code>
      <button type="button" className="small" onClick={() => void copy()}>
        Copy
      </button>
      {copied === 'yes' ? (
        <span role="status" className="muted">
          Copied
        </span>
      ) : copied === 'no' ? (
        <span role="status" className="muted">
          Could not copy: select the hash and copy it
        </span>
      ) : null}
    </div>
  );
}

function AsOfEditor({ engagementId, ev }: { engagementId: string; ev: Evidence }) {
  const [value, setValue] = useState(ev.as_of ?? '');
  const save = useSetAsOf(engagementId);
  useEffect(() => {
    setValue(ev.as_of ?? '');
  }, [ev.id, ev.as_of]);
  const reset = save.reset;
  useEffect(() => reset(), [ev.id, reset]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value) save.mutate({ id: ev.id, asOf: value });
  };
  return (
    <form className="as-of-editor" onSubmit={submit}>
      <input
        type="date"
        aria-label="As-of date"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          save.reset();
        }}
      />
      <button type="submit" className="small" disabled={save.isPending || !value || value === ev.as_of}>
        {save.isPending ? 'Saving…' : 'Save'}
      </button>
      {save.isSuccess ? (
        <span role="status" className="muted">
          Saved
        </span>
      ) : null}
      {save.isError ? <ErrorMessage title="Could not change the as-of date." error={save.error} /> : null}
    </form>
  );
}

function ProvenanceList({ items }: { items: Provenance[] }) {
  if (items.length === 0) return <p className="muted">No custody records.</p>;
  return (
    <ol className="provenance" aria-label="Provenance">
      {items.map((p, i) => (
        <li key={`${p.pack_sha256}\u0000${p.path}\u0000${i}`}>
          <dl className="facts">
            <dt>Pack</dt>
            <dd>{p.pack}</dd>
            <dt>Pack hash</dt>
            <dd>
              <code title={p.pack_sha256}>{shortHash(p.pack_sha256)}</code>
            </dd>
            <dt>Path in pack</dt>
            <dd className="break">{p.path}</dd>
            <dt>Size</dt>
            <dd>{humanSize(p.size)}</dd>
            <dt>Modified</dt>
            <dd>{p.mod_time ? localDateTime(p.mod_time) : <span className="muted">unknown</span>}</dd>
            <dt>Imported</dt>
            <dd>
              {localDateTime(p.imported_at)}
              {p.imported_by ? ` by ${p.imported_by}` : ''}
            </dd>
          </dl>
        </li>
      ))}
    </ol>
  );
}

/** One evidence file beside the table: identity, dates, links and chain of custody. */
export function EvidenceDetailPanel({
  engagementId,
  evidenceId,
  onClose,
}: {
  engagementId: string;
  evidenceId: string;
  onClose: () => void;
}) {
  const detail = useEvidenceDetail(engagementId, evidenceId);
  let body;
  if (detail.isPending) {
    body = <Loading>Loading the file’s details…</Loading>;
  } else if (detail.isError) {
    body = (
      <QueryError title="Could not load this evidence file." query={detail} />
    );
  } else {
    const ev = detail.data.evidence;
    const meta = Object.entries(ev.meta ?? {}).sort(([a], [b]) => a.localeCompare(b));
    body = (
      <>
        <h2 className="break">{visibleName(ev.name)}</h2>
        <p className="detail-open">
          <a href={paths.view(engagementId, ev.id)}>Open in the viewer</a>
        </p>
        <dl className="facts">
          <dt>SHA-256</dt>
          <dd>
            <CopyHash hash={ev.sha256} />
          </dd>
          <dt>Size</dt>
          <dd>
            {humanSize(ev.size)} <span className="muted">({ev.size.toLocaleString()} bytes)</span>
          </dd>
          <dt>Type</dt>
          <dd>
            {ev.type}
            {ev.mime ? <span className="muted"> · {ev.mime}</span> : null}
          </dd>
          <dt>Status</dt>
          <dd>
            <EvidenceStatusBadge evidence={ev} />
            {ev.reason ? <div className="reason">{ev.reason}</div> : null}
          </dd>
          {ev.title ? (
            <>
              <dt>Title</dt>
              <dd className="break">{ev.title}</dd>
            </>
          ) : null}
          <dt>As of</dt>
          <dd>
            {ev.as_of ? (
              <>
                {ev.as_of}
                {ev.as_of_source ? (
                  <span className="muted"> ({asOfSourceText(ev.as_of_source, ev.as_of_detail)})</span>
                ) : null}
              </>
            ) : (
              <span className="muted">unknown</span>
            )}
            <AsOfEditor engagementId={engagementId} ev={ev} />
          </dd>
          <dt>Controls</dt>
          <dd>
            <LinkEditor engagementId={engagementId} side="evidence" to="control" id={ev.id} linked={ev.controls ?? []} />
          </dd>
          <dt>Requests</dt>
          <dd>
            <LinkEditor engagementId={engagementId} side="evidence" id={ev.id} linked={ev.requests ?? []} />
          </dd>
          {ev.parent ? (
            <>
              <dt>Attached to</dt>
              <dd>
                <code>{ev.parent}</code>
              </dd>
            </>
          ) : null}
          <dt>Text parts</dt>
          <dd>{ev.parts}</dd>
        </dl>
        {meta.length > 0 ? (
          <>
            <h3>Metadata</h3>
            <dl className="facts meta">
              {meta.map(([k, v]) => (
                <div key={k} className="meta-row">
                  <dt>{k}</dt>
                  <dd className="break">{v}</dd>
                </div>
              ))}
            </dl>
          </>
        ) : null}
        <PinList engagementId={engagementId} ev={ev} pins={detail.data.pins} uses={detail.data.uses} />
        <h3>Provenance</h3>
        <ProvenanceList items={detail.data.provenance} />
      </>
    );
  }
  return (
    <aside className="side-panel evidence-detail" aria-label="Evidence detail">
      <div className="detail-close">
        <button type="button" className="small" onClick={onClose} aria-label="Close detail">
          Close
        </button>
      </div>
      {body}
    </aside>
  );
}
