import type { ReleaseGateDecision, ReleasePlan } from '@shiplog/release';

/** What the gate said, as lines: the decision, then each artifact with its reasons. */
export function gateLines(
  gate: {
    readonly decision: string;
    readonly artifacts: readonly Pick<
      ReleaseGateDecision['artifacts'][number],
      'package' | 'digest' | 'decision' | 'reasons'
    >[];
  },
  heading = 'gate now',
  policy?: string,
): string[] {
  const lines = [
    `${heading}: ${gate.decision.toUpperCase()}${policy === undefined ? '' : ` (policy ${policy})`}`,
  ];
  for (const a of gate.artifacts) {
    const what = a.digest === undefined ? a.package : `${a.package} ${a.digest.slice(0, 19)}…`;
    lines.push(`  ${a.decision === 'allow' ? 'allow' : 'deny '} ${what}`);
    for (const r of a.reasons) lines.push(`        ${r.code}: ${r.message}`);
  }
  return lines;
}

/** The human form of `shiplog release plan`: builds, publish waves, and the gate's word now. */
export function describeReleasePlan(plan: ReleasePlan, gate: ReleaseGateDecision): string {
  const lines = [`release ${plan.release} ${plan.version}`, '', 'build:'];
  plan.builds.forEach((b, i) => {
    lines.push(
      `  ${i + 1}. ${b.package} (${b.ecosystem}, ${b.platform}): ${b.command.join(' ')} -> ${b.outputs.join(', ')}`,
    );
  });
  lines.push('', 'publish:');
  plan.publishes.forEach((p, i) => {
    const after = p.after.length === 0 ? '' : ` after ${p.after.join(', ')}`;
    const at = p.version === plan.version ? '' : `@${p.version}`;
    lines.push(`  ${i + 1}. [wave ${p.wave}] ${p.package}${at} -> ${p.registry} (${p.credentials})${after}`);
  });
  lines.push('', ...gateLines(gate, 'gate now', gate.policy.id), '');
  return lines.join('\n');
}
