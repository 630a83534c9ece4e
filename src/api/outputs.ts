import { z } from 'zod';
import {
  MARKUP_STEP_FIELD,
  MARKUP_STEPS,
  VIDEO_STATUS_FIELD,
  VIDEO_STATUSES,
} from './assumptions.js';

const Url = z.url({ protocol: /^https?$/ });

/** `output` of a completed drone footage job. `duration` is in seconds. */
export const DroneFootageOutputSchema = z.looseObject({
  video_url: Url,
  thumbnail_url: Url,
  duration: z.number().nonnegative(),
});

export type DroneFootageOutput = z.infer<typeof DroneFootageOutputSchema>;

/** `output` of a completed image enhancement job. */
export const ImageEnhancementOutputSchema = z.looseObject({
  enhanced_url: Url,
});

export type ImageEnhancementOutput = z.infer<typeof ImageEnhancementOutputSchema>;

/** One entry of `output.orientation_variants` on a markup job at `awaiting_input`. */
export const OrientationVariantSchema = z.looseObject({
  key: z.string().min(1),
  preview_url: Url,
  enhanced_url: Url,
});

export type OrientationVariant = z.infer<typeof OrientationVariantSchema>;

/** `output` of a markup job at `awaiting_input`. */
export const MarkupAwaitingInputOutputSchema = z.looseObject({
  orientation_variants: z.array(OrientationVariantSchema).min(1),
});

/** The sub-state marker of a running markup job. */
export const MarkupStepSchema = z.enum([
  MARKUP_STEPS.capturing,
  MARKUP_STEPS.annotationReady,
  MARKUP_STEPS.finalizing,
]);

export type MarkupStep = z.infer<typeof MarkupStepSchema>;

/** `output` of a running markup job: only the step marker is read. */
export const MarkupRunningOutputSchema = z.looseObject({
  [MARKUP_STEP_FIELD]: MarkupStepSchema.optional(),
});

export const VideoStatusSchema = z.enum(VIDEO_STATUSES);

export type VideoStatus = z.infer<typeof VideoStatusSchema>;

/** `output` of a completed markup job, with the optional video fields. */
export const MarkupCompletedOutputSchema = z.looseObject({
  document_url: Url,
  orientation: z.string().min(1),
  annotated_image_url: Url,
  clean_image_url: Url,
  [VIDEO_STATUS_FIELD]: VideoStatusSchema.optional(),
  video_url: Url.optional(),
});

export type MarkupCompletedOutput = z.infer<typeof MarkupCompletedOutputSchema>;

/** `output` of a failed job of any type. */
export const FailedOutputSchema = z.looseObject({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
  }),
});

export type FailedOutput = z.infer<typeof FailedOutputSchema>;
