// What the checks after a deployment and the latest environment snapshot say, as badges and text:
// health (post-deploy checks, rollout step, decided rollback) and observed runtime (drift).
import { eventLink, h, time } from './dom.js';

const shortDigest = (d) => (d.startsWith('sha256:') ? d.slice(0, 19) : d.slice(0, 12));
const running = (digests) =>
  digests.length ? `running ${digests.map(shortDigest).join(', ')}` : 'not seen running';
const bySnapshot = (o) => [`snapshot by ${o.producer} at `, time(o.at)];
const snapshotLink = (o) => [' ', eventLink(o.snapshotEventId, 'snapshot event')];

/** The row's one summary badge: open violations, else drift, else unhealthy, else "no violations". */
export function flagBadge(service) {
  const count = service.why.violations.length;
  if (count > 0) return h('span', { class: 'badge bad' }, `${count} open violation${count > 1 ? 's' : ''}`);
  if (service.observed?.drift) return h('span', { class: 'badge bad' }, 'drift');
  if (service.health?.status === 'unhealthy') return h('span', { class: 'badge bad' }, 'unhealthy');
  return h('span', { class: 'badge ok' }, 'no violations');
}

/** "healthy" / "unhealthy: <failing checks>" / "unverified", the rollout step and a decided rollback. */
export function healthView(health) {
  if (!health) return null;
  const tone = { healthy: 'ok', unhealthy: 'bad', unverified: 'warn' }[health.status] ?? 'warn';
  const r = health.rollout;
  const rb = health.rollback;
  return h(
    'p',
    { class: 'runtime' },
    h('span', { class: `badge ${tone}` }, health.status),
    health.status === 'unhealthy' && health.failing.length ? ` ${health.failing.join('; ')}` : null,
    health.checkedAt ? [' checked ', time(health.checkedAt)] : null,
    r
      ? [
          h('br'),
          `${r.strategy} step ${r.step}${r.weightPercent === null ? '' : ` at ${r.weightPercent}%`}: ${r.outcome}`,
        ]
      : null,
    health.completed ? [h('br'), `deployment completed: ${health.completed}`] : null,
    rb
      ? [
          h('br'),
          `rollback decided to ${rb.to ?? '(no healthy version)'} by `,
          time(rb.deadline),
          ` (${rb.reason}) `,
          rb.overdue ? h('span', { class: 'badge bad' }, 'overdue') : null,
          ' ',
          eventLink(rb.eventId, 'decision'),
        ]
      : null,
  );
}

/** "running as recorded (snapshot by …)" or a red drift badge with what runs and the snapshot event. */
export function observedView(observed) {
  if (!observed) return h('p', { class: 'runtime muted' }, 'no snapshot of what runs');
  if (!observed.drift)
    return h(
      'p',
      { class: 'runtime' },
      'running as recorded (',
      bySnapshot(observed),
      ')',
      snapshotLink(observed),
    );
  return h(
    'p',
    { class: 'runtime' },
    h('span', { class: 'badge bad' }, `drift: ${observed.drift}`),
    ` — ${running(observed.digests)}, `,
    bySnapshot(observed),
    snapshotLink(observed),
  );
}

/** Services the latest snapshot saw that no deployment recorded, each with its drift badge. */
export function unrecordedList(unrecorded) {
  if (!unrecorded || unrecorded.length === 0) return null;
  return h(
    'ul',
    { class: 'unrecorded', 'aria-label': 'running but never recorded' },
    unrecorded.map((u) =>
      h(
        'li',
        {},
        h('span', { class: 'badge bad' }, `drift: ${u.drift ?? 'UNRECORDED_RUNTIME_CHANGE'}`),
        ` ${u.service} — ${running(u.digests)}, `,
        bySnapshot(u),
        snapshotLink(u),
      ),
    ),
  );
}
