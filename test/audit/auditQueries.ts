import type { Projections } from '@shiplog/projections';
import { ck4, NOW, PAY4_CORRECTION, t } from './auditScenario.ts';

/** A battery of every read query over the scenario, as the exact `--json` text each prints. */
export async function allAnswers(p: Projections): Promise<string[]> {
  const answers: unknown[] = [];
  for (const env of ['production', 'staging']) {
    for (const day of [1, 14, 20, 34, 37, 40, 41, 42]) {
      answers.push(await p.deployed({ env, at: t(day, 12) }));
      answers.push(await p.deployed({ env, at: t(day, 12), knownAt: t(day, 12) }));
    }
    answers.push(await p.history({ env }));
    answers.push(await p.dora({ env, now: NOW }));
  }
  for (const service of ['checkout', 'payments', 'search']) {
    answers.push(await p.history({ env: 'production', service, since: t(10), until: t(40) }));
    answers.push(await p.dora({ service, now: NOW }));
  }
  answers.push(await p.dora({ since: t(0), until: t(12) }));
  for (const query of [ck4.digest, ck4.purl, 'C4', PAY4_CORRECTION, 'INC-2-detected'])
    answers.push(await p.why(query));
  return answers.map((a) => JSON.stringify(a));
}
