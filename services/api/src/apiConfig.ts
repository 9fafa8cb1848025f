import { z } from 'zod';
import { ApiError, ApiErrorCode } from './errors.ts';

/** The API's own environment variables (the shared ones are `parseShiplogConfig`'s). */
export const apiEnvSchema = z.strictObject({
  SHIPLOG_API_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  SHIPLOG_API_HOST: z.string().min(1).default('127.0.0.1'),
  /** `name:role:sha256hex,…` */
  SHIPLOG_API_TOKENS: z.string().min(1).optional(),
  /** A file of `name:role:sha256hex` lines. */
  SHIPLOG_API_TOKENS_FILE: z.string().min(1).optional(),
  /** A JSON gate policy for `/v1/gate` (default: the built-in policy). */
  SHIPLOG_GATE_POLICY: z.string().min(1).optional(),
  /** Serve HTTPS with this PEM certificate (chain) file and {@link SHIPLOG_API_TLS_KEY}. */
  SHIPLOG_API_TLS_CERT: z.string().min(1).optional(),
  /** The PEM private key file of SHIPLOG_API_TLS_CERT. */
  SHIPLOG_API_TLS_KEY: z.string().min(1).optional(),
  /** Largest request body, in bytes. */
  SHIPLOG_API_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(1024 * 1024),
});
export type ApiConfig = Readonly<z.infer<typeof apiEnvSchema>>;

const names = Object.keys(apiEnvSchema.shape);

/** Parses the API's variables once; throws `API_CONFIG_INVALID` naming every bad one. The result is frozen. */
export function parseApiConfig(env: Readonly<Record<string, string | undefined>>): ApiConfig {
  const picked = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => names.includes(k) && v !== undefined && v !== ''),
  );
  const result = apiEnvSchema.safeParse(picked);
  if (!result.success) {
    const problems = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new ApiError(ApiErrorCode.ConfigInvalid, `bad API configuration: ${summary}`, { problems });
  }
  if (result.data.SHIPLOG_API_TOKENS === undefined && result.data.SHIPLOG_API_TOKENS_FILE === undefined) {
    const message = 'set SHIPLOG_API_TOKENS or SHIPLOG_API_TOKENS_FILE: the API serves no one without tokens';
    throw new ApiError(ApiErrorCode.ConfigInvalid, message, {
      problems: [{ path: 'SHIPLOG_API_TOKENS', message }],
    });
  }
  if ((result.data.SHIPLOG_API_TLS_CERT === undefined) !== (result.data.SHIPLOG_API_TLS_KEY === undefined)) {
    const message =
      'set both SHIPLOG_API_TLS_CERT and SHIPLOG_API_TLS_KEY (PEM files) to serve HTTPS, or neither';
    throw new ApiError(ApiErrorCode.ConfigInvalid, message, {
      problems: [{ path: 'SHIPLOG_API_TLS_CERT', message }],
    });
  }
  return Object.freeze(result.data);
}
