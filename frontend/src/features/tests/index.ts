import './tests.css';
export { TestsPage } from './TestsPage';
