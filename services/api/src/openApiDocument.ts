// The OpenAPI 3.1 description of the HTTP API, written by hand; a test checks it lists every route
// with the roles that may call it.
import type { ApiAccess } from './apiTokens.ts';
import { rolesFor } from './apiTokens.ts';
import { viewPaths, viewSchemas } from './viewPaths.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const errorResponse = (description: string) => ({ description, ...json(ref('Error')) });
const query = (name: string, description: string, required = false, format?: string) => ({
  name,
  in: 'query',
  required,
  description,
  schema: { type: 'string', ...(format === undefined ? {} : { format }) },
});
const denied = {
  '400': errorResponse('A query parameter or body field is invalid (each one named in `problems`)'),
  '401': errorResponse('No valid bearer token'),
  '403': errorResponse("The token's role may not do this"),
};
const readAnswer = (schema: string, description: string) => ({
  '200': { description, ...json(ref(schema)) },
  ...denied,
  '503': errorResponse('The read models are not available in this process'),
});
const gateParameters = [
  query('env', 'The environment to enter', true),
  query('artifact', 'sha256:<hex> or a package URL', true),
  query(
    'stage',
    'change|build|verification|release|deploy|post-deploy-verification|completion (default deploy)',
  ),
  query('service', "Only this service's deployments count for prior environments"),
];
const gateAnswer = {
  '200': { description: 'The recorded decision, allow or deny', ...json(ref('GateOutcome')) },
  ...denied,
};
const evaluationAnswer = {
  '200': {
    description: 'The decision, allow or deny, evaluated now and NOT recorded (`recorded: false`)',
    ...json(ref('GateEvaluation')),
  },
  ...denied,
};
/** Who may call an operation: `x-shiplog-roles`, and the same in words in its description. */
const access = (kind: ApiAccess | 'public') => {
  const roles = kind === 'public' ? [] : rolesFor(kind);
  const words = kind === 'public' ? 'Public: no token.' : `Roles: ${roles.join(', ')}.`;
  return { 'x-shiplog-roles': roles, description: words };
};
const ignoredEvidence = {
  type: 'array',
  description:
    'Recorded evidence about these bytes the gate did not count: its producer may not report these kinds (gate policy `evidenceProducers`)',
  items: {
    type: 'object',
    required: ['eventId', 'hash', 'producer', 'kinds'],
    properties: {
      eventId: { type: 'string' },
      hash: { type: 'string' },
      producer: { type: 'string' },
      kinds: { type: 'array', items: { type: 'string' } },
    },
  },
};
const usedExceptions = {
  type: 'array',
  description:
    'Recorded exceptions (`exception.granted`) that lifted a failing quality check, each with the reasons it lifted',
  items: {
    type: 'object',
    required: ['eventId', 'hash', 'producer', 'check', 'approver', 'reason', 'expiresAt', 'waived'],
    properties: {
      eventId: { type: 'string' },
      hash: { type: 'string' },
      producer: { type: 'string' },
      check: { type: 'string' },
      approver: { type: 'string' },
      reason: { type: 'string' },
      expiresAt: { type: 'string', format: 'date-time' },
      waived: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' } },
        },
      },
    },
  },
};
const decisionProperties = {
  decision: { enum: ['allow', 'deny'] },
  reasons: {
    type: 'array',
    items: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
  evidence: {
    type: 'array',
    items: {
      type: 'object',
      required: ['eventId', 'hash'],
      properties: { eventId: { type: 'string' }, hash: { type: 'string' } },
    },
  },
  ignored: ignoredEvidence,
  exceptions: usedExceptions,
  policy: {
    type: 'object',
    required: ['id', 'digest'],
    properties: { id: { type: 'string' }, digest: { type: 'string' } },
  },
  artifact: { type: 'object', properties: { digest: { type: 'string' }, purl: { type: 'string' } } },
  environment: { type: 'string' },
  stage: { type: 'string' },
  service: { type: 'string' },
};
const decisionRequired = [
  'decision',
  'reasons',
  'evidence',
  'ignored',
  'exceptions',
  'policy',
  'artifact',
  'environment',
  'stage',
];

/** The API's OpenAPI 3.1 document, served at `GET /v1/openapi.json`. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'shiplog API',
    version: '0.1.0',
    description:
      "What was deployed, where, when, and why: the auditor's answers (the same documents as the CLI's `--json`), the gate, and CloudEvents ingest. Auditor tokens read; emitter tokens write (events, recorded gate decisions); admin tokens do both. Each operation names the roles that may call it in `x-shiplog-roles`. Every recorded event carries the identity that sent it (`api:<token name>` over HTTP).",
  },
  security: [{ bearerAuth: [] }],
  paths: {
    '/v1/deployed': {
      get: {
        ...access('read'),
        summary: 'What runs in an environment (at a time), since when, and why',
        parameters: [
          query('env', 'The environment', true),
          query('service', 'Only this service'),
          query('at', 'When things happened (default now)', false, 'date-time'),
          query('knownAt', 'Answer with only what the ledger had recorded by then', false, 'date-time'),
        ],
        responses: readAnswer('DeployedAnswer', 'What ran there'),
      },
    },
    '/v1/history': {
      get: {
        ...access('read'),
        summary: 'Deployments and rollbacks in order',
        parameters: [
          query('env', 'The environment', true),
          query('service', 'Only this service'),
          query('since', 'From this time', false, 'date-time'),
          query('until', 'Until this time', false, 'date-time'),
          query('knownAt', 'Answer with only what the ledger had recorded by then', false, 'date-time'),
        ],
        responses: readAnswer('HistoryAnswer', 'The history'),
      },
    },
    '/v1/why/{id}': {
      get: {
        ...access('read'),
        summary:
          'The full chain (change → build → verification → release → deploy) of an event, change, digest or purl',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: readAnswer('WhyAnswer', 'The chain'),
      },
    },
    '/v1/dora': {
      get: {
        ...access('read'),
        summary: 'The four DORA metrics, from explicit links',
        parameters: [
          query('env', 'The environment (default production)'),
          query('service', 'Only this service'),
          query('since', 'From this time (default until minus 30 days)', false, 'date-time'),
          query('until', 'Until this time (default now)', false, 'date-time'),
          query('knownAt', 'Answer with only what the ledger had recorded by then', false, 'date-time'),
          query('weekly', 'true: add the figures of each ISO week'),
        ],
        responses: readAnswer('DoraAnswer', 'The metrics'),
      },
    },
    '/v1/rollback-target': {
      get: {
        ...access('read'),
        summary: 'The last version that completed healthy on a target, and the rollback shiplog decided',
        parameters: [
          query('env', 'The environment', true),
          query('service', 'The service', true),
          query('at', 'As things stood then (default now)', false, 'date-time'),
          query('knownAt', 'Answer with only what the ledger had recorded by then', false, 'date-time'),
        ],
        responses: readAnswer('RollbackTargetAnswer', 'Where a rollback goes'),
      },
    },
    '/v1/gate': {
      get: {
        ...access('read'),
        summary: 'May this artifact enter this stage? Evaluates only: records nothing (POST records)',
        parameters: gateParameters,
        responses: evaluationAnswer,
      },
      post: {
        ...access('write'),
        summary: 'May this artifact enter this stage? Decides and records a gate.decided event',
        requestBody: { required: true, ...json(ref('GateRequest')) },
        responses: gateAnswer,
      },
    },
    '/v1/events': {
      post: {
        ...access('write'),
        summary:
          'Record one CDEvent: CloudEvents binary (ce-* headers) or structured mode, or a bare CDEvent',
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'object' } },
            'application/cloudevents+json': { schema: { type: 'object' } },
          },
        },
        responses: {
          '201': { description: 'Recorded (with any violations found)', ...json(ref('RecordAnswer')) },
          '200': { description: 'Already recorded with the same content', ...json(ref('RecordAnswer')) },
          '422': {
            description:
              'Refused: malformed (a body that is not one JSON object, e.g. an array, is DOCUMENT_NOT_AN_OBJECT), or the id is reused with other content',
            ...json(ref('RecordAnswer')),
          },
          '401': denied['401'],
          '403': denied['403'],
          '413': errorResponse('The body is too large'),
        },
      },
    },
    '/v1/verify/projections': {
      get: {
        ...access('read'),
        summary:
          'Do the read models equal a replay of the log? Each read model against the digest kept with its checkpoint and against a replay to that checkpoint (auditor)',
        responses: {
          ...denied,
          '503': errorResponse('The read models are not available, or do not match their checkpoint'),
          '200': {
            description:
              'The verification; `ok` is false when a read model differs (each named in `problems`)',
            ...json({
              type: 'object',
              required: ['ok', 'checkpoint', 'problems', 'models'],
              properties: {
                ok: { type: 'boolean' },
                checkpoint: { type: 'object' },
                problems: { type: 'array', items: { type: 'string' } },
                models: { type: 'array', items: { type: 'object' } },
              },
            }),
          },
        },
      },
    },
    '/v1/checkpoint': {
      get: {
        ...access('read'),
        summary:
          'The latest signed checkpoint of the log: a C2SP tlog-checkpoint (RFC 6962 Merkle root) signed with Ed25519 (auditor)',
        responses: {
          ...denied,
          '404': errorResponse('No checkpoint has been signed yet'),
          '200': {
            description: 'The checkpoint; `note` is the signed note text, `root` the tree root in hex',
            ...json({
              type: 'object',
              required: ['treeSize', 'lastPosition', 'root', 'note', 'createdAt'],
              properties: {
                treeSize: { type: 'integer' },
                lastPosition: { type: 'integer' },
                root: { type: 'string' },
                note: { type: 'string' },
                createdAt: { type: 'string', format: 'date-time' },
              },
            }),
          },
        },
      },
    },
    ...viewPaths({ access, query, readAnswer, errorResponse }),
    '/v1/openapi.json': {
      get: {
        ...access('public'),
        summary: 'This document',
        security: [],
        responses: { '200': { description: 'OpenAPI 3.1', ...json({ type: 'object' }) } },
      },
    },
    '/healthz': {
      get: {
        ...access('public'),
        summary: 'Liveness',
        security: [],
        responses: { '200': { description: 'Alive', ...json({ type: 'object' }) } },
      },
    },
  },
  components: {
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Problem: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: {
                type: 'string',
                description: 'Stable error code, e.g. UNAUTHENTICATED, FORBIDDEN, QUERY_INVALID',
              },
              message: { type: 'string' },
              problems: { type: 'array', items: ref('Problem') },
            },
          },
        },
      },
      RecordAnswer: {
        type: 'object',
        required: ['status'],
        properties: {
          status: { enum: ['recorded', 'duplicate', 'refused'] },
          eventId: { type: 'string' },
          streamId: { type: 'string' },
          position: { type: 'integer' },
          producer: {
            type: 'string',
            description:
              'The identity the event is recorded under (`api:<token name>`, or who sent it first)',
          },
          violations: { type: 'array', items: { type: 'object' } },
          problems: { type: 'array', items: ref('Problem') },
        },
      },
      GateRequest: {
        type: 'object',
        required: ['env', 'artifact'],
        additionalProperties: false,
        properties: {
          env: { type: 'string' },
          artifact: { type: 'string', description: 'sha256:<hex> or a package URL' },
          stage: { type: 'string' },
          service: { type: 'string' },
        },
      },
      GateOutcome: {
        type: 'object',
        required: ['gateId', ...decisionRequired, 'decidedAt', 'recorded'],
        properties: {
          gateId: { type: 'string' },
          ...decisionProperties,
          decidedAt: { type: 'string', format: 'date-time' },
          recorded: ref('RecordAnswer'),
        },
      },
      GateEvaluation: {
        type: 'object',
        required: [...decisionRequired, 'evaluatedAt', 'recorded'],
        properties: {
          ...decisionProperties,
          evaluatedAt: { type: 'string', format: 'date-time' },
          recorded: { const: false, description: 'Never recorded: POST /v1/gate records a decision' },
        },
      },
      DeployedAnswer: {
        type: 'object',
        required: ['env', 'at', 'knownAt', 'services', 'unrecorded'],
        properties: {
          env: { type: 'string' },
          at: { type: 'string', format: 'date-time' },
          knownAt: { type: ['string', 'null'], format: 'date-time' },
          services: {
            type: 'array',
            description:
              "Each service's recorded deployment; `observed` is what the latest trusted environment snapshot saw (ObservedRuntime), or null; only snapshots by `local`, shiplog's own identities and SHIPLOG_SNAPSHOT_PRODUCERS count",
            items: {
              type: 'object',
              properties: { observed: { anyOf: [ref('ObservedRuntime'), { type: 'null' }] } },
            },
          },
          unrecorded: {
            type: 'array',
            description: 'Services the latest trusted snapshot saw running that no deployment recorded',
            items: {
              allOf: [
                ref('ObservedRuntime'),
                { type: 'object', required: ['service'], properties: { service: { type: 'string' } } },
              ],
            },
          },
        },
      },
      ObservedRuntime: {
        type: 'object',
        description:
          'What an environment snapshot (environment.snapshotted) saw of a service, against what was recorded',
        required: ['snapshotEventId', 'at', 'producer', 'digests', 'drift'],
        properties: {
          snapshotEventId: { type: 'string' },
          at: { type: 'string', format: 'date-time', description: 'When the snapshot was taken' },
          producer: {
            type: 'string',
            description: 'Who recorded the snapshot (local, api:<token>, nats:<user>)',
          },
          digests: {
            type: 'array',
            items: { type: 'string' },
            description: 'Digests seen running; empty when a complete snapshot did not see the service',
          },
          drift: {
            enum: ['UNRECORDED_RUNTIME_CHANGE', 'RECORDED_BUT_NOT_RUNNING', null],
            description:
              'How it differs from the deployment recorded at the snapshot time; null when they agree',
          },
        },
      },
      HistoryAnswer: {
        type: 'object',
        required: ['env', 'entries'],
        properties: { env: { type: 'string' }, entries: { type: 'array', items: { type: 'object' } } },
      },
      WhyAnswer: {
        type: 'object',
        required: ['query', 'matched', 'artifacts'],
        properties: {
          query: { type: 'string' },
          matched: { enum: ['event', 'change', 'digest', 'purl'] },
          event: {
            type: 'object',
            description:
              'The recorded event, when the query is its id and one source used it (found whether or not it names an artifact), with the producer that sent it',
          },
          sources: {
            type: 'array',
            items: { type: 'string' },
            description: 'present when several sources used the event id: each of them, in log order',
          },
          artifacts: {
            type: 'array',
            description:
              'One chain per artifact; each step names its eventId and producer (the identity that sent it)',
            items: { type: 'object' },
          },
        },
      },
      ...viewSchemas,
      DoraAnswer: {
        type: 'object',
        required: ['env', 'since', 'until'],
        properties: {
          env: { type: 'string' },
          service: { type: ['string', 'null'] },
          since: { type: 'string', format: 'date-time' },
          until: { type: 'string', format: 'date-time' },
          deploymentFrequency: { type: 'object' },
          leadTimeForChanges: { type: 'object' },
          changeFailureRate: { type: 'object' },
          timeToRestoreService: { type: 'object' },
          failedDeploymentRecoveryTime: { type: 'object' },
          knownAt: { type: ['string', 'null'], format: 'date-time' },
          performance: { type: 'object', description: 'DORA 2024 cluster: tier, byMetric, reference' },
          weekly: { type: 'array', items: { type: 'object' } },
        },
      },
      RollbackTargetAnswer: {
        type: 'object',
        required: ['env', 'service', 'at', 'running', 'target', 'decided'],
        properties: {
          env: { type: 'string' },
          service: { type: 'string' },
          at: { type: 'string', format: 'date-time' },
          knownAt: { type: ['string', 'null'], format: 'date-time' },
          running: { type: ['object', 'null'] },
          target: { type: ['object', 'null'], description: 'null: no other version completed healthy there' },
          decided: {
            type: ['object', 'null'],
            description: 'the open rollback decision, its deadline and overdue',
          },
        },
      },
    },
  },
} as const;
