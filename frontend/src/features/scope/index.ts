import './scope.css';
export { CriteriaPage } from './CriteriaPage';
export { ControlsPage } from './ControlsPage';
export { RequestsPage } from './RequestsPage';
export { CoveragePage } from './CoveragePage';
export { LinkEditor } from './LinkEditor';
