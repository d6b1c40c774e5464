import './findings.css';
export { ExceptionsPage } from './ExceptionsPage';
export { FindingsScreen } from './FindingsScreen';
export { OpenPacketPanel } from './OpenPacketPanel';
