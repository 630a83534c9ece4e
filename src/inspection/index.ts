export { type RecordedInspectionEvent, toRecordedEvent } from './recorded-event.js';
export { REDACTED, redactSecrets } from './redact.js';
export { redactingInspect } from './redacting-inspect.js';
