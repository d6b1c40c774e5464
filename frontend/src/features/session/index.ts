export { PassphraseScreen } from './PassphraseScreen';
export { useSessionStatus, useLock } from './useSession';
