export * from './types';
export { AppError, isAppError, toAppError } from './errors';
export { session } from './session';
export { engagements } from './engagements';
export { jobs } from './jobs';
export { onJob, onMenu, type MenuEvent } from './events';
