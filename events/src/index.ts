export { EventsError, EventsErrorCode } from './errors.ts';
