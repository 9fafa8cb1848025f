import type { z } from 'zod';
import { pipelineStage } from '@shiplog/events';
import { apiProducer, assessGate, decideGate, gateArtifact, GateError } from '@shiplog/ledger';
import type { AssessGateOptions, GateOutcome } from '@shiplog/ledger';
import type { ApiContext } from './apiContext.ts';
import { ApiError, ApiErrorCode } from './errors.ts';
import { gateQuery, parseParams } from './queryParams.ts';
import type { Route } from './route.ts';

type GateParams = z.infer<typeof gateQuery>;

function request(context: ApiContext, params: GateParams, code: ApiErrorCode): AssessGateOptions {
  const stage = pipelineStage.safeParse(params.stage ?? 'deploy');
  if (!stage.success) {
    const message = `must be one of ${pipelineStage.options.join(', ')}`;
    throw new ApiError(code, `stage: ${message}`, { problems: [{ path: 'stage', message }] });
  }
  let artifact;
  try {
    artifact = gateArtifact(params.artifact);
  } catch (err) {
    if (!(err instanceof GateError)) throw err;
    throw new ApiError(code, `artifact: ${err.message}`, {
      problems: [{ path: 'artifact', message: err.message }],
      cause: err,
    });
  }
  return {
    store: context.store,
    policy: context.gatePolicy,
    artifact,
    environment: params.env,
    stage: stage.data,
    ...(params.service === undefined ? {} : { service: params.service }),
  };
}

function parseJsonBody(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new ApiError(ApiErrorCode.BodyInvalid, 'the body must be a JSON object', { cause: err });
  }
}

/**
 * The gate: may these bytes enter this stage in this environment? `POST` decides and records the
 * decision (a `gate.decided` event, by the caller's identity), so it needs write access; `GET`
 * only evaluates (a read: nothing is recorded, and the answer says so). A denial is an answer
 * (200), not an error.
 */
export function gateRoutes(context: ApiContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/v1/gate',
      access: 'write',
      async handle(call) {
        const params = parseParams(gateQuery, parseJsonBody(await call.body()), ApiErrorCode.BodyInvalid);
        const outcome: GateOutcome = await decideGate({
          ...request(context, params, ApiErrorCode.BodyInvalid),
          recorder: context.recorder,
          source: '/shiplog/api/gate',
          producer: apiProducer(call.token?.name ?? 'unknown'),
          now: context.now(),
        });
        return { status: 200, body: outcome };
      },
    },
    {
      method: 'GET',
      path: '/v1/gate',
      access: 'read',
      async handle({ query }) {
        const params = parseParams(gateQuery, query);
        const assessment = await assessGate(request(context, params, ApiErrorCode.QueryInvalid));
        return {
          status: 200,
          body: { ...assessment, evaluatedAt: context.now().toISOString(), recorded: false },
        };
      },
    },
  ];
}
