export { ViewerPage, type ViewerLocation } from './ViewerPage';
