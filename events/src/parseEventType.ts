/** The parts of a CDEvents type string. */
export interface EventTypeParts {
  /** `dev.cdevents` (standard) or `dev.cdeventsx` (custom). */
  readonly namespace: 'dev.cdevents' | 'dev.cdeventsx';
  /** The producing tool of a custom type (`shiplog` in `dev.cdeventsx.shiplog-gate.decided.0.1.0`). */
  readonly tool?: string;
  readonly subject: string;
  readonly predicate: string;
  /** `major.minor.patch` */
  readonly version: string;
}

const STANDARD = /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.(\d+\.\d+\.\d+)$/;
const CUSTOM = /^dev\.cdeventsx\.([a-zA-Z0-9]+)-([a-zA-Z]+)\.([a-zA-Z]+)\.(\d+\.\d+\.\d+)$/;

/** Splits a CDEvents type string into its parts; `undefined` when it is not one. */
export function parseEventType(type: string): EventTypeParts | undefined {
  const standard = STANDARD.exec(type);
  if (standard) {
    const [, subject = '', predicate = '', version = ''] = standard;
    return { namespace: 'dev.cdevents', subject, predicate, version };
  }
  const custom = CUSTOM.exec(type);
  if (custom) {
    const [, tool = '', subject = '', predicate = '', version = ''] = custom;
    return { namespace: 'dev.cdeventsx', tool, subject, predicate, version };
  }
  return undefined;
}
