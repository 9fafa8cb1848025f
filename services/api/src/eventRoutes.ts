import { decodeMessage } from '@shiplog/events';
import { apiProducer } from '@shiplog/ledger';
import type { ApiContext } from './apiContext.ts';
import { recordStatus } from './httpStatus.ts';
import type { Route } from './route.ts';

/**
 * `POST /v1/events`: a CloudEvent in binary mode (`ce-*` headers) or structured mode, or a bare
 * CDEvent, into the same path as NATS ingest (`decodeMessage`, then the recorder). The body is the
 * ledger's answer, with the `producer` identity the event is recorded under: 201 recorded, 200
 * duplicate, 422 refused.
 */
export function eventRoutes(context: ApiContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/v1/events',
      access: 'write',
      async handle(request) {
        const decoded = decodeMessage(await request.body(), request.headers);
        if (!decoded.ok) return { status: 422, body: { status: 'refused', problems: decoded.problems } };
        const producer = apiProducer(request.token?.name ?? 'unknown');
        const answer = await context.recorder.record({
          value: decoded.value,
          text: decoded.text,
          producer,
          fromEmitter: true,
        });
        if (answer.status === 'refused') return { status: recordStatus(answer), body: answer };
        // The identity the event is recorded under: this token's, or (a duplicate) whoever sent it first.
        const recordedBy =
          answer.status === 'recorded' ? producer : (await context.store.readEvent(answer.eventId))?.producer;
        return { status: recordStatus(answer), body: { ...answer, producer: recordedBy ?? producer } };
      },
    },
  ];
}
