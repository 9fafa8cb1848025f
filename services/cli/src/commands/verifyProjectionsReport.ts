import type { ProjectionsVerification } from '@shiplog/projections';

/** `shiplog verify --projections` for a person: a line when all is well, else each problem and where. */
export function describeProjections(result: ProjectionsVerification): string {
  const at = `checkpoint position ${result.checkpoint.position}`;
  if (result.ok) {
    const rows = result.models.map((m) => `${m.model} ${m.stored.rows}`).join(', ');
    return `read models intact at ${at}: they match their recorded digests and a replay of the log (${rows} rows)\n`;
  }
  const lines = result.problems.map((p) => `  ${p}`);
  for (const model of result.models) {
    const difference = model.firstDifference;
    if (difference === undefined) continue;
    const { stored, replayed } = difference;
    lines.push(
      stored === null
        ? `  first difference in ${model.model}: a row the log gives is missing: ${JSON.stringify(replayed)}`
        : replayed === null
          ? `  first difference in ${model.model}: a row the log does not give: ${JSON.stringify(stored)}`
          : `  first difference in ${model.model}: ${JSON.stringify(stored)} where the log gives ${JSON.stringify(replayed)}`,
    );
  }
  return `TAMPERED: the read models at ${at} are not what the log gives:\n${lines.join('\n')}\nrun 'shiplog replay' to rebuild them from the ledger\n`;
}
