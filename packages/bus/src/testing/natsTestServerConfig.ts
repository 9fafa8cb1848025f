import { natsServerConfig } from '../natsServerConfig.ts';
import type { NatsServerConfigOptions } from '../natsServerConfig.ts';

/**
 * What `natsServerConfig` generates for deploy/nats/shiplog.conf, without its fixed ports and store
 * directory: the test server (`startNatsServer`) picks its own. Passwords still come from
 * `SHIPLOG_NATS_<USER>_PASSWORD` in the server's environment.
 */
export function natsTestServerConfig(options: NatsServerConfigOptions): string {
  return natsServerConfig(options)
    .replace('port: 4222\n', '')
    .replace('http: 8222\n', '')
    .replace(`jetstream { store_dir: ${JSON.stringify(options.storeDir ?? '/data')} }\n`, '');
}
