// GET /v1/verify/projections on `shiplog serve api` (a real process) over a recorded ledger, before
// and after someone edits the read models it answers from.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { ProjectionsVerification } from '@shiplog/projections';
import { describe, expect, it } from 'vitest';
import { recordScenario } from '../audit/recordScenario.ts';
import { useApiOnLedger } from './useApiOnLedger.ts';

const ledger = useApiOnLedger('api-verify', async (dir) => {
  const { store } = await recordScenario(dir);
  await store.close();
});
const { auditor, emitter } = ledger;

function call(path: string, bearer: string): Promise<Response> {
  return fetch(`${ledger.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
}

/** Sequential on purpose: the read models are built, verified, edited, then verified again. */
describe('GET /v1/verify/projections', () => {
  it('answers an auditor ok over read models the API built, and forbids emitters', async () => {
    expect((await call('/v1/history?env=production', auditor)).status).toBe(200);
    const response = await call('/v1/verify/projections', auditor);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ProjectionsVerification;
    expect(body).toMatchObject({ ok: true, problems: [] });
    expect(body.checkpoint.position).toBeGreaterThan(0);
    expect((await call('/v1/verify/projections', emitter)).status).toBe(403);
  });

  it('names the edited read model, and the read routes refuse to answer (503 PROJECTIONS_INCONSISTENT)', async () => {
    const db = new DatabaseSync(join(ledger.dir, 'projections.db'));
    db.exec(
      "INSERT INTO deployments SELECT 'fake', position, env, service, action, artifact_id, artifact_key, at_ms, recorded_ms, source FROM deployments WHERE rowid = 1",
    );
    db.close();
    const response = await call('/v1/verify/projections', auditor);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ProjectionsVerification;
    expect(body.ok).toBe(false);
    expect(body.models.filter((m) => !m.ok).map((m) => m.model)).toEqual(['deployments']);
    expect(body.models.find((m) => m.model === 'deployments')?.firstDifference?.stored).toMatchObject({
      event_id: 'fake',
    });
    const history = await call('/v1/history?env=production', auditor);
    expect(history.status).toBe(503);
    expect(await history.json()).toMatchObject({ error: { code: 'PROJECTIONS_INCONSISTENT' } });
  });
});
