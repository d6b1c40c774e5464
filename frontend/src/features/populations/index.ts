import './populations.css';
export { PopulationsPage } from './PopulationsPage';
