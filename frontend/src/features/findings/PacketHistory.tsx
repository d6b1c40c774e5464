import { localDateTime, shortHash } from '../../lib/format';
import { usePackets } from './useFindings';

const directions = { exported: 'Exported', opened: 'Opened', imported: 'Imported' } as const;

/** The packets exported, opened and imported: the chain of custody of findings and responses. */
export function PacketHistory({ engagementId }: { engagementId: string }) {
  const packets = usePackets(engagementId);
  if (!packets.data || packets.data.length === 0) return null;
  return (
    <section aria-label="Packets">
      <h3>Packets</h3>
      <ul className="packet-history">
        {packets.data.map((p) => (
          <li key={`${p.id}/${p.direction}/${p.at}`}>
            {directions[p.direction as keyof typeof directions] ?? p.direction} {p.kind} packet <code>{p.file}</code> ({p.findings.map((f) => f.id).join(', ')}) by {p.by},{' '}
            {localDateTime(p.at)} · SHA-256 <code title={p.file_sha256}>{shortHash(p.file_sha256)}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
