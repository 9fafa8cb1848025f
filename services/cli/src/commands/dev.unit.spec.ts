import { describe, expect, it } from 'vitest';
import { UsageError } from '../command.ts';
import { displayStore, parseDevArgs } from './dev.ts';

describe('parseDevArgs', () => {
  it('reads --port, --host and --json in either spelling', () => {
    expect(parseDevArgs([])).toEqual({ port: undefined, host: undefined, json: false });
    expect(parseDevArgs(['--port', '0', '--host', '0.0.0.0', '--json'])).toEqual({
      port: 0,
      host: '0.0.0.0',
      json: true,
    });
    expect(parseDevArgs(['--port=9090', '--host=::1'])).toEqual({ port: 9090, host: '::1', json: false });
  });

  it.each([
    [['--port']],
    [['--port', 'http']],
    [['--port', '65536']],
    [['--port', '-1']],
    [['--port=']],
    [['--host']],
    [['--host', '--json']],
    [['--verbose']],
    [['serve']],
  ])('refuses %j as a usage error', (args) => {
    expect(() => parseDevArgs(args)).toThrow(UsageError);
  });
});

describe('displayStore', () => {
  it('shows a sqlite store as configured', () => {
    expect(displayStore('sqlite:./.shiplog/ledger.db')).toBe('sqlite:./.shiplog/ledger.db');
  });

  it('masks the password of a connection string, and only that', () => {
    const shown = displayStore('esdb://admin:changeit@localhost:2113?tls=false');
    expect(shown).not.toContain('changeit');
    expect(shown).toContain('admin');
    expect(shown).toContain('localhost:2113');
    expect(displayStore('esdb://localhost:2113?tls=false')).toBe('esdb://localhost:2113?tls=false');
  });
});
