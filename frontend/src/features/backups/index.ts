export { BackupPanel } from './BackupPanel';
export { PassphrasePanel } from './PassphrasePanel';
export { RestorePanel } from './RestorePanel';
