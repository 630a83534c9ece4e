import { z } from 'zod';

/** The `meta` block of every response, success or error. */
export const MetaSchema = z.looseObject({
  request_id: z.string(),
  timestamp: z.string(),
});

export type Meta = z.infer<typeof MetaSchema>;

/** Wraps a payload schema in the success envelope `{ data, meta }`. */
export function successEnvelope<T extends z.ZodType>(data: T) {
  return z.looseObject({ data, meta: MetaSchema });
}

/** The `pagination` block of `GET /jobs`. */
export const PaginationSchema = z.looseObject({
  total: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  offset: z.number().int().nonnegative(),
  has_more: z.boolean(),
});

export type Pagination = z.infer<typeof PaginationSchema>;

/** The error envelope `{ error: { code, message }, meta }`. */
export const ErrorEnvelopeSchema = z.looseObject({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
  }),
  meta: MetaSchema.partial().optional(),
});

export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;
