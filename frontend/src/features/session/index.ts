export { PassphraseScreen } from './PassphraseScreen';
export { useActor, useSessionStatus, useLock } from './useSession';
