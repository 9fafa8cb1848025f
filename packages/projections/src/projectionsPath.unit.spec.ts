import { describe, expect, it } from 'vitest';
import { projectionsPathFor } from './projectionsPath.ts';

describe('projectionsPathFor', () => {
  it('puts the read models beside an embedded ledger', () => {
    expect(projectionsPathFor('sqlite:./.shiplog/ledger.db', '/srv/app')).toBe(
      '/srv/app/.shiplog/projections.db',
    );
    expect(projectionsPathFor('sqlite:/var/lib/shiplog/ledger.db', '/srv/app')).toBe(
      '/var/lib/shiplog/projections.db',
    );
  });

  it('uses a local file for EventStoreDB', () => {
    expect(projectionsPathFor('esdb://db:2113?tls=false', '/srv/app')).toBe(
      '/srv/app/.shiplog/projections.db',
    );
  });
});
