import type { z } from 'zod';
import { pipelineStage } from '@shiplog/events';
import { decideGate, gateArtifact, GateError } from '@shiplog/ledger';
import type { GateOutcome } from '@shiplog/ledger';
import type { ApiContext } from './apiContext.ts';
import { ApiError, ApiErrorCode } from './errors.ts';
import { gateQuery, parseParams } from './queryParams.ts';
import type { Route } from './route.ts';

type GateParams = z.infer<typeof gateQuery>;

async function decide(
  context: ApiContext,
  params: GateParams,
  code: ApiErrorCode,
  caller: string,
): Promise<GateOutcome> {
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
  return decideGate({
    store: context.store,
    recorder: context.recorder,
    policy: context.gatePolicy,
    artifact,
    environment: params.env,
    stage: stage.data,
    ...(params.service === undefined ? {} : { service: params.service }),
    source: '/shiplog/api/gate',
    producer: `api:${caller}`,
    now: context.now(),
  });
}

function parseJsonBody(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new ApiError(ApiErrorCode.BodyInvalid, 'the body must be a JSON object', { cause: err });
  }
}

/**
 * The gate: may these bytes enter this stage in this environment? Both forms record the decision
 * (a `gate.decided` event), so both need write access; a denial is an answer (200), not an error.
 */
export function gateRoutes(context: ApiContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/v1/gate',
      access: 'write',
      async handle(request) {
        const body = parseParams(gateQuery, parseJsonBody(await request.body()), ApiErrorCode.BodyInvalid);
        return {
          status: 200,
          body: await decide(context, body, ApiErrorCode.BodyInvalid, request.token?.name ?? 'unknown'),
        };
      },
    },
    {
      method: 'GET',
      path: '/v1/gate',
      access: 'write',
      async handle({ query, token }) {
        const params = parseParams(gateQuery, query);
        const outcome = await decide(context, params, ApiErrorCode.QueryInvalid, token?.name ?? 'unknown');
        return { status: 200, body: outcome };
      },
    },
  ];
}
