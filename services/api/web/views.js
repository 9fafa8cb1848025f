// What the pages compute from the API's answers: the why-graph's nodes, the weekly DORA series,
// SVG bar charts, and fields other parts of shiplog may add (drift, observed, health, tier, weekly).

/** The chain's stages in the order the seven-stage contract runs them. */
const stageOrder = [
  'change',
  'build',
  'sbom',
  'signature',
  'verification',
  'gate',
  'release',
  'approval',
  'deploy',
  'postDeployVerification',
  'completion',
  'incident',
  'rollback',
];
const stageNames = {
  sbom: 'SBOM',
  postDeployVerification: 'post-deploy verification',
};

// `dev.cdeventsx.shiplog-sbom.generated.0.1.0` → `sbom generated`
const shortType = (type) =>
  type
    .replace(/^dev\.cdevents(x\.shiplog-)?\.?/, '')
    .replace(/\.\d+\.\d+\.\d+$/, '')
    .replace('.', ' ');

function linkText(step) {
  if (step.stage === 'signature') {
    const digest = step.detail.bundleDigest ?? step.detail.signatureDigest;
    return `signature bundle${digest ? ` ${String(digest).slice(0, 19)}…` : ''} (${shortType(step.type)})`;
  }
  if (step.stage === 'sbom') {
    const digest = step.detail.sbomDigest;
    return `SBOM${digest ? ` ${String(digest).slice(0, 19)}…` : ''}`;
  }
  const where = step.detail.env ?? step.detail.environment;
  return `${shortType(step.type)}${typeof where === 'string' ? ` in ${where}` : ''}`;
}

/** The SBOM or signature bundle a step names by digest, as a document the API serves. */
function documentLinks(step) {
  const digest = step.detail.sbomDigest ?? step.detail.bundleDigest;
  if (typeof digest !== 'string') return [];
  return [
    {
      kind: 'document',
      id: digest,
      text: step.stage === 'sbom' ? 'SBOM document' : 'signature bundle document',
    },
  ];
}

/**
 * The nodes of an artifact's chain, one per stage that has evidence, in the contract's order: each
 * with links to its stored events (and, for deployments, to the chain behind that deployment).
 */
export function chainNodes(chain) {
  const nodes = [];
  if (chain.changes.length > 0 && !chain.steps.some((s) => s.stage === 'change'))
    nodes.push({ stage: 'change', label: chain.changes.join(', '), at: null, links: [], violations: [] });
  const rank = (stage) => (stageOrder.includes(stage) ? stageOrder.indexOf(stage) : stageOrder.length);
  const stages = [...new Set(chain.steps.map((s) => s.stage))].sort((a, b) => rank(a) - rank(b));
  for (const stage of stages) {
    const steps = chain.steps.filter((s) => s.stage === stage);
    const links = steps.flatMap((s) => [
      { kind: 'event', id: s.eventId, text: linkText(s) },
      ...documentLinks(s),
    ]);
    let label = `${steps.length} event${steps.length > 1 ? 's' : ''}, by ${[...new Set(steps.map((s) => s.producer))].join(', ')}`;
    if (stage === 'change') label = chain.changes.join(', ');
    if (stage === 'deploy' || stage === 'rollback') {
      const deployments = chain.deployments.filter((d) => steps.some((s) => s.eventId === d.eventId));
      label = deployments.map((d) => `${d.env}/${d.service}: ${d.action}, ${d.outcome}`).join('; ') || label;
      for (const d of deployments) links.push({ kind: 'why', id: d.eventId, text: `why ${d.env}` });
    }
    nodes.push({
      stage: stageNames[stage] ?? stage,
      label,
      at: steps[0]?.at ?? null,
      links,
      violations: steps.flatMap((s) => s.violations),
    });
  }
  return nodes;
}

const WEEK_MS = 7 * 86_400_000;

/**
 * Weekly figures for the trend charts: the answer's own `weekly` when the API gives one, else one
 * DORA query per week of the window (at most 8, newest last).
 */
export async function weeklySeries(answer, ask) {
  // A `weekly` of another shape than these names is not guessed at: the weeks are asked for instead.
  const given = Array.isArray(answer.weekly)
    ? answer.weekly.map((w) => ({
        label: String(w.weekStart ?? w.since ?? w.week ?? '').slice(0, 10),
        deployments: w.deploymentFrequency?.count ?? w.deployments,
        failurePercent: ratioPercent(w.changeFailureRate?.ratio ?? w.changeFailureRate),
      }))
    : [];
  if (given.length > 0 && given.every((w) => typeof w.deployments === 'number' && w.label !== ''))
    return given;
  const until = Date.parse(answer.until);
  const since = Date.parse(answer.since);
  const weeks = Math.min(8, Math.max(1, Math.ceil((until - since) / WEEK_MS)));
  const windows = [];
  for (let i = weeks; i > 0; i--) {
    const start = until - i * WEEK_MS;
    windows.push({ since: new Date(start).toISOString(), until: new Date(start + WEEK_MS).toISOString() });
  }
  const answers = await Promise.all(windows.map((w) => ask(w)));
  return answers.map((a, i) => ({
    label: windows[i].since.slice(0, 10),
    deployments: a.deploymentFrequency.count,
    failurePercent: ratioPercent(a.changeFailureRate.ratio),
  }));
}

const ratioPercent = (ratio) => (typeof ratio === 'number' ? Math.round(ratio * 100) : null);

/** A labelled SVG bar chart; the numbers are also in a table beside it for screen readers. */
export function barChart(h, caption, data) {
  const width = 60 * Math.max(data.length, 1) + 40;
  const height = 160;
  const max = Math.max(1, ...data.map((d) => d.value ?? 0));
  const bars = data.map((d, i) => {
    const value = d.value ?? 0;
    const barHeight = Math.round((value / max) * (height - 50));
    const x = 40 + i * 60;
    return h(
      'g',
      {},
      h('rect', {
        class: `bar${d.bad ? ' bad' : ''}`,
        x,
        y: height - 30 - barHeight,
        width: 40,
        height: barHeight,
      }),
      h(
        'text',
        { x: x + 20, y: height - 34 - barHeight, 'text-anchor': 'middle' },
        d.value === null ? '—' : String(value),
      ),
      h('text', { x: x + 20, y: height - 14, 'text-anchor': 'middle' }, d.label.slice(5)),
    );
  });
  return h(
    'figure',
    {},
    h('figcaption', {}, caption),
    h(
      'svg',
      {
        class: 'chart',
        width,
        height,
        role: 'img',
        'aria-label': `${caption}: ${data.map((d) => `${d.label} ${d.value ?? 'none'}`).join(', ')}`,
      },
      h('line', { class: 'axis', x1: 30, y1: height - 30, x2: width, y2: height - 30 }),
      bars,
    ),
  );
}
