/** A new packet's passphrase, typed twice; mismatch says so at once. */
export function NewPassphrase({
  value,
  again,
  onChange,
}: {
  value: string;
  again: string;
  onChange: (value: string, again: string) => void;
}) {
  const mismatch = again !== '' && value !== again;
  return (
    <>
      <label className="field">
        <span>Packet passphrase</span>
        <input type="password" autoComplete="new-password" value={value} onChange={(e) => onChange(e.target.value, again)} />
      </label>
      <label className="field">
        <span>Packet passphrase again</span>
        <input
          type="password"
          autoComplete="new-password"
          value={again}
          aria-invalid={mismatch}
          onChange={(e) => onChange(value, e.target.value)}
        />
      </label>
      {mismatch ? <p className="form-error">The two passphrases differ.</p> : null}
    </>
  );
}

/** Why a new passphrase cannot be used yet, or '' when it can. */
export function passphraseProblem(value: string, again: string): string {
  if (value.length < 8) return 'A packet passphrase has at least 8 characters.';
  if (value !== again) return 'Type the same passphrase twice.';
  return '';
}

/** A packet to open: its path on this machine and its passphrase. */
export function PacketFileFields({
  kind,
  path,
  passphrase,
  onPath,
  onPassphrase,
}: {
  kind: string;
  path: string;
  passphrase: string;
  onPath: (path: string) => void;
  onPassphrase: (passphrase: string) => void;
}) {
  return (
    <>
      <label className="field">
        <span>{kind} packet (path on this machine)</span>
        <input value={path} onChange={(e) => onPath(e.target.value)} />
      </label>
      <label className="field">
        <span>Its passphrase</span>
        <input type="password" autoComplete="off" value={passphrase} onChange={(e) => onPassphrase(e.target.value)} />
      </label>
    </>
  );
}
