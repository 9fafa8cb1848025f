// The OpenAPI entries of the routes the web view reads besides the CLI's answers (viewRoutes.ts).
// The shared helpers come in as arguments: openApiDocument.ts owns them.
import type { ApiAccess, ApiRole } from './apiTokens.ts';

interface Helpers {
  access: (kind: ApiAccess | 'public') => { 'x-shiplog-roles': ApiRole[]; description: string };
  query: (name: string, description: string, required?: boolean, format?: string) => object;
  readAnswer: (schema: string, description: string) => object;
  errorResponse: (description: string) => object;
}

const pathId = (description: string) => [
  { name: 'id', in: 'path', required: true, description, schema: { type: 'string' } },
];

/** `/v1/environments`, `/v1/timeline`, `/v1/events/{id}` (GET), `/v1/audit-bundle` and `/v1/releases/{id}`. */
export function viewPaths({ access, query, readAnswer, errorResponse }: Helpers) {
  return {
    '/v1/environments': {
      get: {
        ...access('read'),
        summary: 'The environments with recorded deployments, and how many services each has had',
        responses: readAnswer('EnvironmentsAnswer', 'The environments, by name'),
      },
    },
    '/v1/timeline': {
      get: {
        ...access('read'),
        summary:
          'Deployments, rollbacks, incidents and gate decisions of an environment, newest first, each with the violations recorded against it',
        parameters: [
          query('env', 'The environment', true),
          query('service', 'Only this service'),
          query('since', 'From this time', false, 'date-time'),
          query('until', 'Until this time', false, 'date-time'),
          query(
            'limit',
            'At most this many entries, 1-1000 (default 200); `truncated` says when more were left out',
          ),
        ],
        responses: readAnswer('TimelineAnswer', 'The timeline'),
      },
    },
    '/v1/events/{id}': {
      get: {
        ...access('read'),
        summary:
          'A stored event by its id: the CDEvent as it was sent, with its ledger metadata (stream, position, producer, hashes); one record per source that used the id',
        parameters: pathId('The CDEvent context.id'),
        responses: {
          ...readAnswer('StoredEvents', 'The records'),
          '404': errorResponse('No event with this id is recorded'),
        },
      },
    },
    '/v1/documents/{digest}': {
      get: {
        ...access('read'),
        summary:
          'An SBOM or signature bundle a recorded event names by digest, as stored (JSON documents only: built artifacts are not served)',
        parameters: [
          {
            name: 'digest',
            in: 'path',
            required: true,
            description: 'sha256:<hex>',
            schema: { type: 'string' },
          },
        ],
        responses: {
          ...readAnswer('Document', 'The document'),
          '404': errorResponse('No such SBOM or signature bundle is held here'),
        },
      },
    },
    '/v1/audit-bundle': {
      get: {
        ...access('read'),
        summary:
          '`shiplog export --audit` as a download: a tar of the offline audit bundle up to the latest signed checkpoint (check it with `shiplog verify --bundle DIR --key KEY`)',
        responses: {
          ...readAnswer('Error', 'replaced below'),
          '200': {
            description: 'The bundle, `shiplog-audit-<tree size>/…`',
            content: { 'application/x-tar': { schema: { type: 'string', format: 'binary' } } },
          },
          '404': errorResponse('No checkpoint has been signed yet'),
          '409': errorResponse('The log no longer reaches its latest checkpoint (LOG_TAMPERED)'),
        },
      },
    },
    '/v1/releases/{id}': {
      get: {
        ...access('read'),
        summary:
          "A lockstep release's runs, packages, built files and publish receipts (`shiplog release status --json`)",
        parameters: pathId('<release>@<version>'),
        responses: {
          ...readAnswer('ReleaseStatus', 'The release as the ledger holds it'),
          '404': errorResponse('The ledger has no run of this release'),
        },
      },
    },
  };
}

/** The answers' schemas, for `components.schemas`. */
export const viewSchemas = {
  EnvironmentsAnswer: {
    type: 'object',
    required: ['environments'],
    properties: {
      environments: {
        type: 'array',
        items: {
          type: 'object',
          required: ['env', 'services'],
          properties: { env: { type: 'string' }, services: { type: 'integer' } },
        },
      },
    },
  },
  TimelineAnswer: {
    type: 'object',
    required: ['env', 'service', 'since', 'until', 'entries', 'truncated'],
    properties: {
      env: { type: 'string' },
      service: { type: ['string', 'null'] },
      since: { type: ['string', 'null'], format: 'date-time' },
      until: { type: ['string', 'null'], format: 'date-time' },
      truncated: { type: 'boolean' },
      entries: {
        type: 'array',
        items: {
          type: 'object',
          required: ['kind', 'at', 'eventId', 'service', 'action', 'artifactId', 'detail', 'violations'],
          properties: {
            kind: { enum: ['deployment', 'incident', 'gate'] },
            at: { type: 'string', format: 'date-time' },
            eventId: { type: 'string' },
            service: { type: ['string', 'null'] },
            action: { type: 'string' },
            artifactId: { type: ['string', 'null'] },
            detail: { type: ['string', 'null'], description: 'the incident id, or the gate stage' },
            violations: { type: 'array', items: { type: 'object' } },
          },
        },
      },
    },
  },
  StoredEvents: {
    type: 'object',
    required: ['eventId', 'records'],
    properties: { eventId: { type: 'string' }, records: { type: 'array', items: { type: 'object' } } },
  },
  Document: { type: 'object', description: 'a CycloneDX SBOM or a Sigstore bundle, as stored' },
  ReleaseStatus: { type: 'object', required: ['id', 'status', 'runs', 'packages', 'artifacts'] },
} as const;
